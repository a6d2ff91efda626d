#!/usr/bin/env bash
# Full-history scan benchmark on a real repository (warm page cache, warm
# rekey database cache):
#   1. rekey scan --history REPO             (every unique blob read and scanned once)
#   2. git cat-file --batch --batch-all-objects --unordered
#                                            (git reading every object of the repository)
# Prints the unique blob bytes, wall time and MB/s of both, the ratio, and
# peak RSS (/usr/bin/time -v), against the targets: rekey <= 1.5x cat-file,
# peak RSS <= 300 MB.
#
# Usage: bench/history_bench.sh REPO [BUILD_DIR]   (env: RUNS, default 5;
#        THREADS, passed to rekey as --threads when set)
# A repository: any clone, or `bench/gen_git_repo.sh /tmp/rekey-bench-git`.
# Needs hyperfine, git, /usr/bin/time (Debian package `time`).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
repo=${1:?usage: history_bench.sh REPO [BUILD_DIR]}
build=$(cd "${2:-$root/build}" && pwd)
rekey=$build/src/cli/rekey
runs=${RUNS:-5}
threads=()
[[ -z ${THREADS:-} ]] || threads=(--threads "$THREADS")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[[ -x $rekey ]] || { echo "missing $rekey: build it first" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine not installed" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time not installed (Debian package time)" >&2; exit 2; }
git -C "$repo" rev-parse --git-dir >/dev/null 2>&1 || { echo "$repo is not a git repository" >&2; exit 2; }

# The repository: commits, unique blobs and their bytes (what both sides read).
read -r blobs blob_bytes < <(git -C "$repo" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
  awk '$1 == "blob" {n++; s += $2} END {print n, s}')
commits=$(git -C "$repo" rev-list --all | wc -l)
objects=$(git -C "$repo" rev-parse --path-format=absolute --git-path objects)
pack=$(du -sk "$objects" | cut -f1)
echo "repo: $repo: $commits commits, $blobs unique blobs, $(awk -v b="$blob_bytes" 'BEGIN {printf "%.1f", b / 1e6}') MB" \
  "of unique blob bytes, objects $((pack / 1024)) MB on disk; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# Warm the page cache (the object store) and the rekey database cache.
find "$objects" -type f -exec cat {} + >/dev/null
mkdir -p "$work/empty"
"$rekey" scan "$work/empty" -q >/dev/null

scan="$rekey scan --history $repo ${threads[*]} --format json -q --output $work/findings.json"
catfile="git -C $repo cat-file --batch --batch-all-objects --unordered"
hyperfine --style basic --warmup 1 --runs "$runs" -i --export-json "$work/times.json" \
  -n rekey "$scan" -n cat-file "$catfile >/dev/null" >"$work/hyperfine.txt"

# Peak RSS, one run each, and what rekey counted.
/usr/bin/time -v -o "$work/rekey.time" $scan >/dev/null 2>&1 || true
/usr/bin/time -v -o "$work/git.time" $catfile >/dev/null
rss() { awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$1"; }

/usr/bin/python3 - "$work/times.json" "$blob_bytes" "$(rss "$work/rekey.time")" "$(rss "$work/git.time")" \
  "$work/findings.json" <<'PY'
import json
import sys

times = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
blob_mb = int(sys.argv[2]) / 1e6
rss = {"rekey": float(sys.argv[3]), "cat-file": float(sys.argv[4])}
stats = json.load(open(sys.argv[5]))["stats"]
print("rekey counted: %d commits, %d blobs scanned (%.1f MB), %d binary, %d too large, %d appearances deduplicated, "
      "%d findings" % (stats["commits"], stats["files_scanned"], stats["bytes_scanned"] / 1e6,
                       stats["files_skipped_binary"], stats["files_skipped_too_large"], stats["blobs_deduplicated"],
                       stats["findings"]))
print("%-9s %12s %10s %10s %12s" % ("", "wall ms", "MB/s", "CPU s", "peak RSS MB"))
for name in ("rekey", "cat-file"):
    r = times[name]
    print("%-9s %7.0f ± %-3.0f %10.1f %10.2f %12.1f" % (name, r["mean"] * 1e3, r["stddev"] * 1e3, blob_mb / r["mean"],
                                                    r["user"] + r["system"], rss[name]))
ratio = times["rekey"]["mean"] / times["cat-file"]["mean"]
print("rekey / cat-file wall: %.2fx (target <= 1.5x: %s)" % (ratio, "met" if ratio <= 1.5 else "MISSED"))
print("rekey peak RSS: %.1f MB (target <= 300 MB: %s)" % (rss["rekey"], "met" if rss["rekey"] <= 300 else "MISSED"))
PY
