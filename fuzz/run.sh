#!/usr/bin/env bash
# Runs every fuzz target for a bounded time and fails on any crash, leak,
# timeout or out-of-memory. Usage: fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET] [TARGET...]
#   BUILD_DIR  a build configured with -DREKEY_FUZZ=ON (fuzz/README.md)
#   SECONDS    per target, default 30
#   TARGET     names without the fuzz_ prefix (default: all)
#   FUZZ_JOBS  targets run at once (default: one per core); each target is one
#              libFuzzer process, so SECONDS each is kept and the stage takes
#              about SECONDS x targets / FUZZ_JOBS
# Corpora grow in BUILD_DIR/fuzz/corpus/<target>/ across runs; crashing inputs
# are written to BUILD_DIR/fuzz/artifacts/. Prints one line per target with
# its executions, then exits 1 if any target failed.
set -uo pipefail
build=${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS] [TARGET...]}
seconds=${2:-30}
shift $(( $# >= 2 ? 2 : 1 ))
here=$(cd "$(dirname "$0")" && pwd)
dir="$build/fuzz"
jobs=${FUZZ_JOBS:-$(nproc)}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(duration timestamp cron ignore config audit_log model policy rules matcher baseline)

# Longest input per target: parsers of one token need little, YAML files more.
max_len() {
  case "$1" in
    duration|timestamp) echo 128 ;;
    cron) echo 256 ;;
    ignore) echo 2048 ;;
    model) echo 8192 ;;
    *) echo 4096 ;;
  esac
}

# One target: its summary line goes to logs/<target>.result, its exit status
# to logs/<target>.rc (the caller prints them in order).
run_target() {
  local t=$1 bin="$dir/fuzz_$1" log="$dir/logs/$1.log" result="$dir/logs/$1.result"
  if [ ! -x "$bin" ]; then
    echo "fuzz_$t not built ($bin)" >"$result"
    echo 1 >"$dir/logs/$t.rc"
    return
  fi
  mkdir -p "$dir/corpus/$t" "$dir/seeds/$t"
  if [ -f "$here/seeds/$t.txt" ]; then  # one seed a line
    local i=0 line
    while IFS= read -r line; do
      i=$((i + 1))
      printf '%s' "$line" >"$dir/seeds/$t/line-$i"
    done <"$here/seeds/$t.txt"
  fi
  local dict=()
  [ -f "$here/dicts/$t.dict" ] && dict=(-dict="$here/dicts/$t.dict")
  "$bin" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=3072 -max_len="$(max_len "$t")" \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-" "${dict[@]}" \
    "$dir/corpus/$t" "$dir/seeds/$t" >"$log" 2>&1
  local rc=$?
  local execs corpus
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  corpus=$(ls "$dir/corpus/$t" | wc -l)
  if [ $rc -eq 0 ]; then
    printf 'fuzz_%-10s ok      %10s executions in %ss, corpus %s\n' "$t" "${execs:-?}" "$seconds" "$corpus" >"$result"
  else
    {
      printf 'fuzz_%-10s FAILED  (exit %s) after %s executions; log %s\n' "$t" "$rc" "${execs:-?}" "$log"
      grep -E 'ERROR|SUMMARY|runtime error|Test unit written|==[0-9]+==' "$log" | head -20
    } >"$result"
  fi
  echo $rc >"$dir/logs/$t.rc"
}

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
mkdir -p "$dir/artifacts" "$dir/logs"
for t in "${targets[@]}"; do
  rm -f "$dir/logs/$t.result" "$dir/logs/$t.rc"
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  run_target "$t" &
done
wait
failed=()
for t in "${targets[@]}"; do
  cat "$dir/logs/$t.result"
  [ "$(cat "$dir/logs/$t.rc" 2>/dev/null)" = 0 ] || failed+=("$t")
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: failed: ${failed[*]}" >&2; exit 1; }
