#!/usr/bin/env bash
# Detection benchmark (issue 15): recall and precision of rekey's rules.
#
#   bench/detection/detection_bench.sh [REKEY] [WORK_DIR]
#
#   (a) shapes: every built-in rule's positive examples written into every
#       shape of `rekey rules check --shapes` (Python ... Authorization
#       headers); recall = renderings found / renderings, precision = found /
#       (found + matches outside the planted token).
#   (b) project: trees from gen_project.py (secrets from the rules' own
#       examples, planted in realistic places among decoys), one per seed in
#       SEEDS (default "15 16 17"); recall and precision from score.py.
#   (c) false positives on Debian's own files: fp_corpora.sh (skipped with
#       SKIP_FP=1; it installs npm packages on first use).
#
# REKEY defaults to build/src/cli/rekey; the rules directory whose examples
# feed (b) is RULES_DIR (default: the repository's rules/).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rekey=${1:-$here/../../build/src/cli/rekey}
work=${2:-${TMPDIR:-/tmp}/rekey-detection-bench}
rules_dir=${RULES_DIR:-$here/../../rules}
mkdir -p "$work"

echo "== (a) examples x shapes"
"$rekey" rules check --shapes >"$work/shapes.txt" 2>&1 || true
python3 - "$work/shapes.txt" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"(\d+) rules, (\d+) shapes, (\d+) renderings \((\d+) not writable\), (\d+) matches outside the token: "
              r"(ok|(\d+) not found)", text)
if not m:
    sys.exit("detection_bench: no shapes summary in rules check output:\n" + text[-2000:])
renders, extra = int(m.group(3)), int(m.group(5))
missed = int(m.group(7) or 0)
found = renders - missed
print(f"rules {m.group(1)}  shapes {m.group(2)}  renderings {renders}  found {found}  outside-token matches {extra}  "
      f"recall {found / renders:.4f}  precision {found / (found + extra):.4f}")
failing = re.search(r"rules not found in every shape \((\d+)\): (.*)", text)
if failing:
    print(f"rules failing a shape: {failing.group(1)}: {failing.group(2)[:400]}")
PY

echo "== (b) generated project trees"
for seed in ${SEEDS:-15 16 17}; do
  tree=$work/project-$seed
  rm -rf "$tree" "$tree.manifest.json"
  python3 "$here/gen_project.py" --rekey "$rekey" --rules "$rules_dir" --out "$tree" --seed "$seed" --copies 3
  rc=0
  "$rekey" scan --no-ignore --format json --show-secrets ${REKEY_FLAGS:-} "$tree" >"$work/findings-$seed.json" || rc=$?
  [ "$rc" -le 1 ] || { echo "detection_bench: rekey scan failed (exit $rc)" >&2; exit 1; }
  echo -n "seed $seed: "
  python3 "$here/score.py" "$tree" "$work/findings-$seed.json" ${LIST:+--list}
done

if [ "${SKIP_FP:-0}" != 1 ]; then
  echo "== (c) false positives on real code"
  "$here/fp_corpora.sh" "$rekey" "$work/fp" | grep '^=='
fi
