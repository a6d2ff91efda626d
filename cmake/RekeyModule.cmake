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

# rekey_dlopen_soname(<target> <DEFINE> <library file>): a library the target
# loads on first use (dlopen) instead of linking. Its headers are compiled
# against; <DEFINE> is set to the soname of the file the build found, so the
# library loaded at run time is the one the headers describe.
function(rekey_dlopen_soname target define library_file)
  execute_process(COMMAND objdump -p ${library_file} OUTPUT_VARIABLE headers)
  string(REGEX MATCH "SONAME +([^\n ]+)" soname "${headers}")
  if(NOT CMAKE_MATCH_1)
    message(FATAL_ERROR "no SONAME in ${library_file}")
  endif()
  target_compile_definitions(${target} PRIVATE ${define}="${CMAKE_MATCH_1}")
  target_link_libraries(${target} PRIVATE ${CMAKE_DL_LIBS})
endfunction()
