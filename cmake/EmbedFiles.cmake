# rekey_embed_files(OUTPUT <file.cc> TABLE <name> STRUCT <type> FILES <f>...)
# Writes a C++ source holding each file's base name (without extension) and its
# text as a raw string literal, so the installed binary needs no data files.
# Runs at build time through embed_files_script.cmake.
function(rekey_embed_files)
  cmake_parse_arguments(E "" "OUTPUT;TABLE;STRUCT" "FILES" ${ARGN})
  string(REPLACE ";" "|" files_arg "${E_FILES}")
  add_custom_command(
    OUTPUT ${E_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${E_OUTPUT} -DTABLE=${E_TABLE} -DSTRUCT=${E_STRUCT}
            "-DFILES=${files_arg}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake
    DEPENDS ${E_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_files_script.cmake
    COMMENT "Embedding ${E_TABLE}"
    VERBATIM)
endfunction()
