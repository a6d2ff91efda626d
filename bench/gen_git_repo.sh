#!/usr/bin/env bash
# Builds the history benchmark's repository: bench/gen_git_history.py (a
# fast-import stream made of this machine's /usr/include, Python and Perl
# sources: edits, adds, renames, deletions, copies, merged topic branches,
# tags, a few planted fake keys) imported into a fresh repository, then
# repacked the way `git gc --aggressive` would leave a real clone (one pack,
# deltas), and checked out so it has a working tree and an index.
#
# Usage: bench/gen_git_repo.sh OUT_DIR [SIZE_MB] [SEED]   (default 150 MB, seed 1)
# Prints the commit count and the unique blob bytes. Needs git and python3.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: gen_git_repo.sh OUT_DIR [SIZE_MB] [SEED]}
size_mb=${2:-150}
seed=${3:-1}

[[ ! -e $out ]] || { echo "gen_git_repo: $out exists; remove it first" >&2; exit 2; }
git init -q -b main "$out"
/usr/bin/python3 "$here/gen_git_history.py" --size-mb "$size_mb" --seed "$seed" |
  git -C "$out" fast-import --quiet
git -C "$out" repack -adfq --depth=50 --window=250
git -C "$out" prune-packed
git -C "$out" checkout -q -f main

commits=$(git -C "$out" rev-list --all | wc -l)
blob_bytes=$(git -C "$out" cat-file --batch-all-objects --batch-check='%(objecttype) %(objectsize)' |
  awk '$1 == "blob" {s += $2; n++} END {printf "%d blobs, %.1f MB", n, s / 1e6}')
pack=$(du -sh "$out/.git/objects/pack" | cut -f1)
echo "gen_git_repo: $out: $commits commits, $blob_bytes of unique blobs, pack $pack"
