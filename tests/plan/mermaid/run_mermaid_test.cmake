# CTest driver for the Mermaid check: installs mermaid + jsdom from npm into
# WORK_DIR (once), writes the Markdown plan for the seed example and for the
# larger fixture, and parses their gantt blocks with parse_gantt.mjs.
# Variables: REKEY NODE NPM SOURCE_DIR WORK_DIR.
file(MAKE_DIRECTORY ${WORK_DIR})
if(NOT EXISTS ${WORK_DIR}/node_modules/mermaid/package.json OR NOT EXISTS ${WORK_DIR}/node_modules/jsdom/package.json)
  execute_process(
    COMMAND ${NPM} install --no-audit --no-fund --prefix ${WORK_DIR} mermaid jsdom
    WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE npm_result)
  if(NOT npm_result EQUAL 0)
    message(FATAL_ERROR "npm install mermaid jsdom failed (${npm_result}); the test needs the npm registry")
  endif()
endif()

function(write_plan name from)
  execute_process(
    COMMAND ${REKEY} plan --inventory ${ARGN} --from ${from} --format markdown --out ${WORK_DIR}/${name}.md
    RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "rekey plan for ${name} exited ${result}")
  endif()
endfunction()
write_plan(seed 2026-11-25T00:00:00Z ${SOURCE_DIR}/testdata/seed)
write_plan(fixture 2027-02-15T00:00:00Z ${SOURCE_DIR}/testdata/plan)
write_plan(emergency 2026-11-25T00:00:00Z ${SOURCE_DIR}/testdata/plan --emergency stripe-api-key)

# Bare `import 'mermaid'` resolves from the script's directory, so run a copy in WORK_DIR.
configure_file(${CMAKE_CURRENT_LIST_DIR}/parse_gantt.mjs ${WORK_DIR}/parse_gantt.mjs COPYONLY)
execute_process(
  COMMAND ${NODE} ${WORK_DIR}/parse_gantt.mjs ${WORK_DIR}/seed.md ${WORK_DIR}/fixture.md ${WORK_DIR}/emergency.md
  WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE node_result)
if(NOT node_result EQUAL 0)
  message(FATAL_ERROR "mermaid.parse rejected a plan's gantt block (exit ${node_result})")
endif()
