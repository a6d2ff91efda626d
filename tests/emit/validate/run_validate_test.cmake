# CTest driver for the platform-schema check of `rekey compile kubernetes` and
# `rekey compile aws`: installs kubernetes-models, @kubernetes-models/external-secrets,
# @aws-cdk/cfnspec and yaml from npm into WORK_DIR (once), compiles the seed
# example and testdata/emit, validates them, and checks that the validator
# rejects a corrupted copy (so it can fail).
# Variables: REKEY NODE NPM SOURCE_DIR WORK_DIR.
file(MAKE_DIRECTORY ${WORK_DIR})
set(packages kubernetes-models @kubernetes-models/external-secrets @aws-cdk/cfnspec yaml)
if(NOT EXISTS ${WORK_DIR}/node_modules/kubernetes-models/package.json
   OR NOT EXISTS ${WORK_DIR}/node_modules/@aws-cdk/cfnspec/package.json
   OR NOT EXISTS ${WORK_DIR}/node_modules/@kubernetes-models/external-secrets/package.json
   OR NOT EXISTS ${WORK_DIR}/node_modules/yaml/package.json)
  execute_process(
    COMMAND ${NPM} install --no-audit --no-fund --prefix ${WORK_DIR} ${packages}
    WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE npm_result)
  if(NOT npm_result EQUAL 0)
    message(FATAL_ERROR "npm install ${packages} failed (${npm_result}); the test needs the npm registry")
  endif()
endif()

function(rekey_compile)
  execute_process(COMMAND ${REKEY} compile ${ARGN} RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "rekey compile ${ARGN} exited ${result}")
  endif()
endfunction()
file(REMOVE_RECURSE ${WORK_DIR}/seed ${WORK_DIR}/fixture ${WORK_DIR}/corrupt)
rekey_compile(kubernetes --inventory ${SOURCE_DIR}/testdata/seed -o ${WORK_DIR}/seed)
rekey_compile(kubernetes --inventory ${SOURCE_DIR}/testdata/emit --image registry.example/rekey:0.1.0
              -o ${WORK_DIR}/fixture)
rekey_compile(aws --inventory ${SOURCE_DIR}/testdata/emit -o ${WORK_DIR}/fixture.cfn.json)

# Bare imports resolve from the script's directory, so run a copy in WORK_DIR.
configure_file(${CMAKE_CURRENT_LIST_DIR}/validate_platforms.mjs ${WORK_DIR}/validate_platforms.mjs COPYONLY)
execute_process(
  COMMAND ${NODE} ${WORK_DIR}/validate_platforms.mjs --kubernetes ${WORK_DIR}/seed ${WORK_DIR}/fixture
          --aws ${WORK_DIR}/fixture.cfn.json
  WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE node_result)
if(NOT node_result EQUAL 0)
  message(FATAL_ERROR "a generated object does not validate against its platform's schema (exit ${node_result})")
endif()

# The validator must reject a wrong type and an unknown CloudFormation property.
file(MAKE_DIRECTORY ${WORK_DIR}/corrupt)
file(READ ${WORK_DIR}/fixture/rekey-cronjobs.yaml jobs)
string(REPLACE "startingDeadlineSeconds: 3600" "startingDeadlineSeconds: soon" jobs "${jobs}")
file(WRITE ${WORK_DIR}/corrupt/rekey-cronjobs.yaml "${jobs}")
file(READ ${WORK_DIR}/fixture.cfn.json cfn)
string(REPLACE "\"Duration\"" "\"Window\"" cfn "${cfn}")
file(WRITE ${WORK_DIR}/corrupt.cfn.json "${cfn}")
execute_process(
  COMMAND ${NODE} ${WORK_DIR}/validate_platforms.mjs --kubernetes ${WORK_DIR}/corrupt --aws ${WORK_DIR}/corrupt.cfn.json
  WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE corrupt_result OUTPUT_QUIET ERROR_QUIET)
if(corrupt_result EQUAL 0)
  message(FATAL_ERROR "the validator accepted a corrupted CronJob and template")
endif()
