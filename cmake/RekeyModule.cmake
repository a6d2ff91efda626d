# rekey_module(NAME <m> SOURCES ... DEPS ... PRIVATE_DEPS ...)
# One static library per module: rekey_<m>, public headers under include/rekey/<m>.
function(rekey_module)
  cmake_parse_arguments(M "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(rekey_${M_NAME} STATIC ${M_SOURCES})
  target_include_directories(rekey_${M_NAME}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(rekey_${M_NAME} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
endfunction()

# rekey_test(NAME <m> SOURCES ... DEPS ...): one GoogleTest binary per module.
function(rekey_test)
  cmake_parse_arguments(T "" "NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${T_NAME}_test ${T_SOURCES})
  target_include_directories(${T_NAME}_test PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${T_NAME}_test PRIVATE ${T_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${T_NAME}_test PRIVATE
    REKEY_SOURCE_DIR="${PROJECT_SOURCE_DIR}" REKEY_BINARY_DIR="${PROJECT_BINARY_DIR}")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME}_test)
endfunction()
