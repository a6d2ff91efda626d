#!/usr/bin/env bash
# Org-wide scan benchmarks (issue 20), on generated repositories
# (bench/gen_long_history.py; no network):
#   1. incremental: `rekey scan --history --state` of a long history (default
#      40,000 commits) in full, then again after one new commit (target <= 0.5 s)
#   2. shards: `--repos` over REPOS repositories (2,000 commits each) as --shard I/N for N = 1, 2, 4,
#      one process after the other; the merged reports must equal N = 1 byte for
#      byte, and the shards' total CPU time should stay within 10 % of N = 1
#   3. scale: `--repos` over 20 and 200 repositories (300 commits each; JSON Lines): throughput
#      and peak RSS (flat in the number of repositories)
#   4. history peak RSS of the long repository, against BEFORE (another rekey
#      binary, e.g. the main branch's build) when given
# Prints the figures; exits non-zero when a merged report differs.
#
# Usage: bench/org_bench.sh [BUILD_DIR]   (env: WORK (default a temp dir, kept
#        when set), COMMITS (40000), REPOS (20), BEFORE=path/to/rekey)
# Needs git, python3, /usr/bin/time (Debian package time).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$(cd "${1:-$root/build}" && pwd)
rekey=$build/src/cli/rekey
commits=${COMMITS:-40000}
nrepos=${REPOS:-20}
[[ -x $rekey ]] || { echo "missing $rekey: build it first" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time not installed (Debian package time)" >&2; exit 2; }
if [[ -n ${WORK:-} ]]; then
  work=$WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
gen() {  # gen DIR COMMITS FILES SEED [KEY_EVERY]
  [[ -d $1 ]] && return
  git init -q -b main "$1"
  python3 "$here/gen_long_history.py" --commits "$2" --files "$3" --seed "$4" --key-every "${5:-2000}" |
    git -C "$1" fast-import --quiet
  git -C "$1" repack -adq --depth=50 --window=50
  git -C "$1" prune-packed
}
# "S_wall U_cpu S_cpu RSS_KB" of one command
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>&1 || [[ $? -eq 1 ]]
  tail -1 "$work/time"
}
echo "rekey: $rekey; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Incremental re-scan after one new commit.
long=$work/long
gen "$long" "$commits" 1500 1
cp -a "$long" "$work/long-plus"
rm -rf "$work/state"
read -r full_wall full_user full_sys full_rss < <(measure "$rekey" scan --history "$work/long-plus" --state "$work/state/" \
  --format json -o "$work/full.json")
tip=$(git -C "$work/long-plus" rev-parse main)
python3 "$here/gen_long_history.py" --append 1 --from "$tip" | git -C "$work/long-plus" fast-import --quiet
best=""
for _ in 1 2 3; do
  cp -a "$work/state" "$work/state-try"
  read -r wall user sys rss < <(measure "$rekey" scan --history "$work/long-plus" --state "$work/state-try/" \
    --format json -o "$work/incremental.json")
  rm -rf "$work/state-try"
  [[ -z $best ]] || awk -v a="$wall" -v b="$best" 'BEGIN {exit !(a < b)}' && best=$wall
done
"$rekey" scan --history "$work/long-plus" --format json -o "$work/reference.json" || [[ $? -eq 1 ]]
same=$(python3 -c "import json,sys; a,b=(json.load(open(p))['findings'] for p in sys.argv[1:]); print(a==b)" \
  "$work/incremental.json" "$work/reference.json")
echo "1. history of $commits commits: full scan with --state ${full_wall} s wall (${full_user} s user), peak RSS" \
  "$((full_rss / 1024)) MB; after one new commit: ${best} s wall (best of 3; target <= 0.5 s);" \
  "findings equal to a full scan's: $same"

# 2. Shards N = 1, 2, 4 over the same repositories.
mkdir -p "$work/org"
for i in $(seq 1 "$nrepos"); do gen "$work/org/repo$(printf %03d "$i")" 2000 300 "$((100 + i))" 100; done
status=0
for n in 1 2 4; do
  cpu=0
  wall_sum=0
  for i in $(seq 0 $((n - 1))); do
    read -r wall user sys rss < <(measure "$rekey" scan --repos "$work/org" --history --shard "$i/$n" --report-only \
      --format json -o "$work/shard-$n-$i.json")
    cpu=$(awk -v c="$cpu" -v u="$user" -v s="$sys" 'BEGIN {print c + u + s}')
    wall_sum=$(awk -v c="$wall_sum" -v w="$wall" 'BEGIN {print c + w}')
  done
  [[ $n -eq 1 ]] && cpu1=$cpu
  "$rekey" scan --repos "$work/org" --history --format json -o "$work/single.json" || [[ $? -eq 1 ]]
  if [[ $n -gt 1 ]]; then
    "$rekey" merge "$work"/shard-"$n"-*.json -o "$work/merged-$n.json"
    if cmp -s "$work/merged-$n.json" "$work/single.json"; then union="identical"; else union="DIFFERS"; status=1; fi
  else
    union="(the reference)"
  fi
  echo "2. $nrepos repositories, N=$n: total CPU ${cpu} s ($(awk -v c="$cpu" -v b="$cpu1" 'BEGIN {printf "%+.1f", (c / b - 1) * 100}') %" \
    "vs N=1), sum of walls ${wall_sum} s; merged union $union"
done

# 3. 20 against 200 repositories.
mkdir -p "$work/org200"
for i in $(seq 1 200); do gen "$work/org200/repo$(printf %03d "$i")" 300 120 "$((100 + i))" 30; done
mkdir -p "$work/org20"
for i in $(seq 1 20); do [[ -e $work/org20/repo$(printf %03d "$i") ]] ||
  ln -s "$work/org200/repo$(printf %03d "$i")" "$work/org20/repo$(printf %03d "$i")"; done
printf '%s\n' "$work"/org20/repo* > "$work/org20.txt"
for set in org20.txt org200; do
  read -r wall user sys rss < <(measure "$rekey" scan --repos "$work/$set" --history --format jsonl -o "$work/$set.jsonl")
  count=$( [[ -d $work/$set ]] && ls "$work/$set" | wc -l || wc -l < "$work/$set")
  echo "3. --repos $count repositories (history): ${wall} s wall, $(awk -v n="$count" -v w="$wall" 'BEGIN {printf "%.1f", n / w}')" \
    "repositories/s, peak RSS $((rss / 1024)) MB, $(wc -l < "$work/$set.jsonl") findings streamed"
done

# 4. History peak RSS, against another build.
read -r wall user sys rss < <(measure "$rekey" scan --history "$long" --format json -o /dev/null)
echo "4. history of $commits commits: ${wall} s wall, ${user} s user, peak RSS $((rss / 1024)) MB (target <= 300 MB)"
if [[ -n ${BEFORE:-} ]]; then
  read -r wall user sys rss < <(measure "$BEFORE" scan --history "$long" --format json -o /dev/null)
  echo "   before ($BEFORE): ${wall} s wall, ${user} s user, peak RSS $((rss / 1024)) MB"
fi
exit $status
