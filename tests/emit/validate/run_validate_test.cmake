# CTest driver for the platform-schema check of `rekey compile kubernetes` and
# `rekey compile aws`: installs kubernetes-models, @kubernetes-models/external-secrets,
# @aws-cdk/cfnspec and yaml from npm into WORK_DIR (once), compiles the seed
# example and testdata/emit, validates them, and checks that the validator
# rejects a corrupted copy (so it can fail).
# Variables: REKEY NODE NPM SOURCE_DIR WORK_DIR.
file(MAKE_DIRECTORY ${WORK_DIR})
set(packages kubernetes-models @kubernetes-models/external-secrets @aws-cdk/cfnspec yaml @action-validator/core)
if(NOT EXISTS ${WORK_DIR}/node_modules/kubernetes-models/package.json
   OR NOT EXISTS ${WORK_DIR}/node_modules/@action-validator/core/package.json
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
file(REMOVE_RECURSE ${WORK_DIR}/seed ${WORK_DIR}/fixture ${WORK_DIR}/corrupt ${WORK_DIR}/scan-jobs
     ${WORK_DIR}/scan-jobs-tree)
rekey_compile(kubernetes --inventory ${SOURCE_DIR}/testdata/seed -o ${WORK_DIR}/seed)
rekey_compile(kubernetes --inventory ${SOURCE_DIR}/testdata/emit --image registry.example/rekey:0.1.0
              -o ${WORK_DIR}/fixture)
rekey_compile(aws --inventory ${SOURCE_DIR}/testdata/emit -o ${WORK_DIR}/fixture.cfn.json)
rekey_compile(scan-jobs -o ${WORK_DIR}/scan-jobs)
rekey_compile(scan-jobs --shards 16 --mode tree --namespace security --image registry.example/rekey:0.1.0
              --install "curl -fsSL https://example.invalid/rekey | sh" -o ${WORK_DIR}/scan-jobs-tree)

# Bare imports resolve from the script's directory, so run a copy in WORK_DIR.
configure_file(${CMAKE_CURRENT_LIST_DIR}/validate_platforms.mjs ${WORK_DIR}/validate_platforms.mjs COPYONLY)
execute_process(
  COMMAND ${NODE} ${WORK_DIR}/validate_platforms.mjs --kubernetes ${WORK_DIR}/seed ${WORK_DIR}/fixture
          ${WORK_DIR}/scan-jobs ${WORK_DIR}/scan-jobs-tree --aws ${WORK_DIR}/fixture.cfn.json
          --workflow ${WORK_DIR}/scan-jobs/rekey-scan.workflow.yml ${WORK_DIR}/scan-jobs-tree/rekey-scan.workflow.yml
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

# ... and a workflow whose job lost its runner, and an Indexed Job with a wrong type.
file(READ ${WORK_DIR}/scan-jobs/rekey-scan.workflow.yml workflow)
string(REPLACE "runs-on: ubuntu-latest" "runs_on: ubuntu-latest" workflow "${workflow}")
file(WRITE ${WORK_DIR}/corrupt/rekey-scan.workflow.yml "${workflow}")
file(MAKE_DIRECTORY ${WORK_DIR}/corrupt-jobs)
file(READ ${WORK_DIR}/scan-jobs/rekey-scan-job.yaml job)
string(REPLACE "completions: 4" "completions: four" job "${job}")
file(WRITE ${WORK_DIR}/corrupt-jobs/rekey-scan-job.yaml "${job}")
foreach(args "--workflow;${WORK_DIR}/corrupt/rekey-scan.workflow.yml" "--kubernetes;${WORK_DIR}/corrupt-jobs")
  execute_process(
    COMMAND ${NODE} ${WORK_DIR}/validate_platforms.mjs ${args}
    WORKING_DIRECTORY ${WORK_DIR} RESULT_VARIABLE corrupt_result OUTPUT_QUIET ERROR_QUIET)
  if(corrupt_result EQUAL 0)
    message(FATAL_ERROR "the validator accepted a corrupted scan-jobs file (${args})")
  endif()
endforeach()
