#!/usr/bin/env bash
# Pre-commit benchmark: `rekey scan --staged` on a 10-file change in a
# 10,000-file repository (warm page cache, warm rekey database cache), the
# cost a commit pays with the hook installed. Target: <= 50 ms wall.
#
# The repository: FILES files (default 10,000) in nested directories, copied
# from this machine's /usr/include and Python sources, one commit; then
# CHANGED files (default 10) edited (a few lines each) and staged, one of them
# new. Built once under WORK (default ${TMPDIR:-/tmp}/rekey-bench-staged).
#
# Usage: bench/staged_bench.sh [BUILD_DIR]   (env: FILES, CHANGED, RUNS, WORK)
# Needs hyperfine, git.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=$(cd "${1:-$root/build}" && pwd)
rekey=$build/src/cli/rekey
files=${FILES:-10000}
changed=${CHANGED:-10}
runs=${RUNS:-50}
repo=${WORK:-${TMPDIR:-/tmp}/rekey-bench-staged}/repo-$files-$changed

[[ -x $rekey ]] || { echo "missing $rekey: build it first" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine not installed" >&2; exit 2; }
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench \
  GIT_COMMITTER_EMAIL=bench@example.com GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

if [[ ! -f $repo/.git/rekey-bench-complete ]]; then
  rm -rf "$repo"
  mkdir -p "$repo"
  git init -q -b main "$repo"
  git -C "$repo" config gc.auto 0  # the explicit gc below, not one detached by commit
  # Text sources, spread over directories of 50 files each (4 levels deep).
  /usr/bin/python3 - "$repo" "$files" <<'PY'
import os
import shutil
import sys

out, count = sys.argv[1], int(sys.argv[2])
sources = []
for top in ("/usr/include", "/usr/lib/python3.11", "/usr/share/perl", "/usr/lib/python3/dist-packages"):
    for dirpath, dirnames, names in os.walk(top):
        dirnames.sort()
        for name in sorted(names):
            path = os.path.join(dirpath, name)
            if name.endswith((".h", ".py", ".pm", ".pl")) and not os.path.islink(path) and os.path.getsize(path) < 256 * 1024:
                sources.append(path)
if len(sources) < count:
    sys.exit("staged_bench: only %d source files on this machine, FILES=%d asked" % (len(sources), count))
for i, path in enumerate(sources[:count]):
    dest = os.path.join(out, "src", "m%02d" % (i // 2500), "d%03d" % (i // 50), "f%05d_%s" % (i, os.path.basename(path)))
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copyfile(path, dest)
PY
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "import $files files"
  git -C "$repo" gc -q
  # The change: CHANGED-1 edited files and one new file, all staged.
  git -C "$repo" ls-files | awk -v n="$changed" 'NR % 997 == 1 && c < n - 1 {print; c++}' |
    while read -r f; do printf '\n# edited for the benchmark\nvalue = compute(1, 2)\n' >>"$repo/$f"; done
  printf 'import os\n\nTIMEOUT = 30\n' >"$repo/src/new_module.py"
  git -C "$repo" add -A
  touch "$repo/.git/rekey-bench-complete"
fi
echo "repo: $repo: $(git -C "$repo" ls-files | wc -l) files, $(git -C "$repo" diff --cached --name-only | wc -l) staged; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# Warm the database cache and the page cache.
(cd "$repo" && "$rekey" scan --staged -q >/dev/null)
git -C "$repo" status -s >/dev/null
cd "$repo"
hyperfine --style basic -N --warmup 5 --runs "$runs" -i --export-json "$repo/../staged.json" \
  -n "rekey scan --staged" "$rekey scan --staged -q" \
  -n "git diff --cached (reference)" "git diff --cached --quiet"
/usr/bin/python3 - "$repo/../staged.json" <<'PY'
import json
import sys

r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
s = r["rekey scan --staged"]
print("rekey scan --staged: %.1f ± %.1f ms wall (median %.1f, min %.1f), %.1f ms CPU (target <= 50 ms: %s)" % (
    s["mean"] * 1e3, s["stddev"] * 1e3, s["median"] * 1e3, s["min"] * 1e3, (s["user"] + s["system"]) * 1e3,
    "met" if s["mean"] <= 0.050 else "MISSED"))
g = r["git diff --cached (reference)"]
print("git diff --cached --quiet: %.1f ms wall" % (g["mean"] * 1e3))
PY
