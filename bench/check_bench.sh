#!/usr/bin/env bash
# Times `rekey check` on a generated 10,000-key model (issue: "well under a
# second"). Prints the wall time of 5 runs (hyperfine when installed), and
# with BEFORE=OTHER_REKEY_BINARY both binaries in alternation (10 runs each,
# bench/alternate.py: the machine's drift hits both alike).
# Usage: [BEFORE=BINARY] bench/check_bench.sh [REKEY_BINARY] [KEYS]
set -euo pipefail
rekey=${1:-build/src/cli/rekey}
keys=${2:-10000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 "$(dirname "$0")/gen_inventory.py" "$keys" "$dir/model.yaml"
python3 "$(dirname "$0")/gen_inventory.py" "$keys" "$dir/split/"
echo "model: $keys keys, one file of $(wc -c < "$dir/model.yaml") bytes, or $(ls "$dir/split" | wc -l) files of <= 500 records"
"$rekey" check --inventory "$dir/model.yaml" --now 2026-11-25T00:00:00Z -q > "$dir/out.txt" || true
"$rekey" check --inventory "$dir/split" --now 2026-11-25T00:00:00Z -q > "$dir/out-split.txt" || true
echo "violations reported: $(grep -c '\[RK-' "$dir/out.txt" || true) (split: $(grep -c '\[RK-' "$dir/out-split.txt" || true))"
for input in "$dir/model.yaml" "$dir/split"; do
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 1 --runs 5 -i "$rekey check --inventory $input --now 2026-11-25T00:00:00Z -q"
  else
    for i in 1 2 3 4 5; do /usr/bin/time -f "%e s, %M KiB" "$rekey" check --inventory "$input" --now 2026-11-25T00:00:00Z -q >/dev/null || true; done
  fi
done
if [[ -n ${BEFORE:-} ]]; then
  for input in "$dir/model.yaml" "$dir/split"; do
    echo "alternating, $input:"
    python3 "$(dirname "$0")/alternate.py" 10 \
      "$BEFORE check --inventory $input --now 2026-11-25T00:00:00Z -q" \
      "$rekey check --inventory $input --now 2026-11-25T00:00:00Z -q"
  done
fi
