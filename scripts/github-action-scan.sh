#!/usr/bin/env bash
# The shell half of rekey's composite GitHub Action (action.yml): scans what a
# pull request (or a push) adds with `rekey scan --range BASE..HEAD`, writes
# SARIF for code scanning, and reports through GITHUB_OUTPUT and the step
# summary. Everything comes from the environment, so it also runs outside
# GitHub (tests/integration/ci_recipes_test.py runs it on throwaway repos).
#
# Inputs (action.yml maps its inputs onto these):
#   REKEY_BASE     base commit; default: the pull_request event's base sha, a
#                  push event's `before`; none (or all zeros: a new branch)
#                  scans the head's whole history (--history --ref HEAD)
#   REKEY_HEAD     head commit; default: the pull_request's head sha, else
#                  GITHUB_SHA, else HEAD
#   REKEY_FAIL_ON  lowest severity that fails: critical|high|medium|low (default low)
#   REKEY_ARGS     extra `rekey scan` arguments, split on spaces (e.g. --baseline .rekey-baseline.json)
#   REKEY_BIN      the rekey binary (default: rekey on PATH)
#   REKEY_SARIF    the SARIF file to write (default: rekey.sarif)
#   REKEY_REPO     the repository (default: GITHUB_WORKSPACE, else .)
#   REKEY_DEFER_EXIT=true  exit 0 after recording the exit code in GITHUB_OUTPUT
#                  (the action fails in its last step, after the SARIF upload)
# From GitHub: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH (read with jq), GITHUB_SHA,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY (all optional).
#
# Outputs (GITHUB_OUTPUT): sarif=PATH (when written), exit-code=N,
# findings=N (SARIF results), scanned=A..B or "history of B".
# Exit: rekey's: 0 clean, 1 findings at or above REKEY_FAIL_ON, 2 could not
# scan (unknown commits, a shallow clone that cannot be deepened, bad input).
set -uo pipefail

rekey=${REKEY_BIN:-rekey}
repo=${REKEY_REPO:-${GITHUB_WORKSPACE:-.}}
sarif=${REKEY_SARIF:-rekey.sarif}
fail_on=${REKEY_FAIL_ON:-low}
zero=0000000000000000000000000000000000000000

output() { [[ -z ${GITHUB_OUTPUT:-} ]] || echo "$1=$2" >>"$GITHUB_OUTPUT"; }
summary() { [[ -z ${GITHUB_STEP_SUMMARY:-} ]] || echo "$1" >>"$GITHUB_STEP_SUMMARY"; }
finish() {
  output exit-code "$1"
  if [[ ${REKEY_DEFER_EXIT:-} == true ]]; then exit 0; fi
  exit "$1"
}
fail() {
  echo "rekey action: $1" >&2
  [[ -z ${2:-} ]] || echo "  hint: $2" >&2
  summary "rekey: could not scan: $1"
  finish 2
}

# A field of the triggering event (empty when absent or outside GitHub).
event() {
  [[ -n ${GITHUB_EVENT_PATH:-} && -f ${GITHUB_EVENT_PATH:-} ]] || return 0
  command -v jq >/dev/null || fail "jq is needed to read $GITHUB_EVENT_PATH" "install jq, or pass the base and head inputs"
  jq -r "$1 // empty" "$GITHUB_EVENT_PATH"
}

has_commit() { git -C "$repo" cat-file -e "$1^{commit}" 2>/dev/null; }

# 1. The commits: inputs first, then the event, then HEAD.
command -v "$rekey" >/dev/null || fail "rekey binary '$rekey' not found" "put rekey on PATH or set the rekey input"
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || fail "$repo is not a git repository" "run actions/checkout first"
base=${REKEY_BASE:-}
head=${REKEY_HEAD:-}
case ${GITHUB_EVENT_NAME:-} in
  pull_request | pull_request_target)
    base=${base:-$(event .pull_request.base.sha)}
    head=${head:-$(event .pull_request.head.sha)} ;;
  push)
    base=${base:-$(event .before)} ;;
esac
head=${head:-${GITHUB_SHA:-HEAD}}
[[ $base != "$zero" ]] || base=""

# 2. A range needs the history between the commits: a shallow checkout
# (actions/checkout's default fetch-depth: 1) is deepened from origin.
if [[ $(git -C "$repo" rev-parse --is-shallow-repository) == true ]]; then
  echo "rekey action: shallow clone; fetching the full history from origin" >&2
  git -C "$repo" fetch --quiet --no-tags --unshallow origin >&2 ||
    fail "the clone is shallow and could not be deepened" "use actions/checkout with fetch-depth: 0"
fi
for commit in $base $head; do
  has_commit "$commit" || git -C "$repo" fetch --quiet --no-tags origin "$commit" >/dev/null 2>&1
  has_commit "$commit" || fail "commit $commit is not in the repository" "use actions/checkout with fetch-depth: 0"
done

# 3. The scan. Findings go to the SARIF file; the summary goes to the log.
if [[ -n $base ]]; then
  mode=(--range "$base..$head")
  scanned="$base..$head"
else
  mode=(--history --ref "$head")
  scanned="history of $head"
fi
read -r -a extra <<<"${REKEY_ARGS:-}"
echo "rekey action: rekey scan ${mode[*]} --fail-on $fail_on ${extra[*]}" >&2
mkdir -p "$(dirname "$sarif")" || fail "cannot create the directory of $sarif"
"$rekey" scan "$repo" "${mode[@]}" --format sarif --output "$sarif" --fail-on "$fail_on" "${extra[@]}"
status=$?
output scanned "$scanned"
if [[ -s $sarif ]]; then
  output sarif "$sarif"
  if command -v jq >/dev/null; then
    findings=$(jq '[.runs[].results | length] | add // 0' "$sarif")
    output findings "$findings"
    summary "rekey: $findings finding(s) in $scanned (fail-on: $fail_on, exit $status)"
  fi
fi
finish "$status"
