#!/usr/bin/env bash
# False-positive benchmark on real code that ships with Debian (issue 15):
# /usr/include, /usr/lib/python3, /usr/share/doc and a node_modules tree of
# common npm packages. None of it should hold a live secret, so every
# finding is a candidate false positive to review by hand.
#
#   bench/detection/fp_corpora.sh [REKEY] [WORK_DIR]
#
# Prints, per corpus, the megabytes scanned, the findings and findings per
# 100 MB, the findings per rule, then every finding (path:line rule secret).
# Secrets are redacted unless FP_SHOW_SECRETS=1 (these are public files,
# but the output may be pasted elsewhere). REKEY_FLAGS adds scan flags, e.g.
# the flag that turns the vendored-directory excludes off, so that the
# node_modules corpus is read at all. FP_CORPORA overrides the corpus list
# (space-separated directories). The npm packages are installed into
# WORK_DIR/npm on first use (needs the npm registry).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rekey=${1:-$here/../../build/src/cli/rekey}
work=${2:-${TMPDIR:-/tmp}/rekey-fp-corpora}
mkdir -p "$work"

npm_dir=$work/npm
if [ -z "${FP_CORPORA:-}" ] && [ ! -d "$npm_dir/node_modules" ] && command -v npm >/dev/null; then
  # The packages the plan test installs, plus a few of the most depended-upon.
  echo "fp_corpora: installing npm packages into $npm_dir" >&2
  mkdir -p "$npm_dir"
  (cd "$npm_dir" && npm install --silent --no-audit --no-fund mermaid jsdom express axios lodash typescript \
    webpack eslint >/dev/null)
fi
corpora=${FP_CORPORA:-/usr/include /usr/lib/python3 /usr/share/doc $npm_dir/node_modules}

show=()
[ "${FP_SHOW_SECRETS:-0}" = 1 ] && show=(--show-secrets)
for corpus in $corpora; do
  [ -d "$corpus" ] || { echo "fp_corpora: $corpus: not a directory, skipped" >&2; continue; }
  out=$work/$(echo "$corpus" | tr '/' '_').json
  # Exit 1 means findings; 2 would mean something could not be read.
  rc=0
  # shellcheck disable=SC2086
  "$rekey" scan --no-ignore --format json --fail-on low ${REKEY_FLAGS:-} "${show[@]}" "$corpus" >"$out" || rc=$?
  if [ "$rc" -gt 1 ]; then echo "fp_corpora: rekey failed on $corpus (exit $rc)" >&2; fi
  python3 "$here/fp_report.py" "$corpus" "$out"
done
