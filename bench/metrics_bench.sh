#!/usr/bin/env bash
# Times `rekey metrics` on the generated 10,000-key model (issue 19: render in
# <= 1 s) with a generated audit log (one rotation per key), and scrapes of
# `rekey metrics --listen` (<= 100 ms after the first: the snapshot is kept and
# only the clock-dependent families are rendered per scrape).
# Usage: bench/metrics_bench.sh [REKEY_BINARY] [KEYS]
set -euo pipefail
rekey=${1:-build/src/cli/rekey}
keys=${2:-10000}
dir=$(mktemp -d)
server=""
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$dir"' EXIT
python3 "$(dirname "$0")/gen_inventory.py" "$keys" "$dir/model.yaml"
python3 - "$dir/model.yaml" "$dir/audit.jsonl" <<'PY'
import json, re, sys
names = re.findall(r"^  - name: (key-\d+)$", open(sys.argv[1]).read(), re.M)  # the api keys, not the services
with open(sys.argv[2], "w") as out:
    for i, name in enumerate(names):
        day = 1 + i % 28
        for event, key_id in (("planned", ""), ("created", f"{name}-2"), ("activated", f"{name}-2"), ("done", f"{name}-2")):
            out.write(json.dumps({"time": f"2026-11-{day:02d}T02:00:00Z", "secret": name, "event": event,
                                  "key_id": key_id, "previous_key_id": f"{name}-1",
                                  "rotation_id": f"rot-{name}-202611{day:02d}T020000Z-0000{i % 10000:04d}"}) + "\n")
PY
flags=(--inventory "$dir/model.yaml" --audit-log "$dir/audit.jsonl")
echo "model: $keys keys ($(wc -c < "$dir/model.yaml") bytes), audit log $(wc -l < "$dir/audit.jsonl") events"
"$rekey" metrics "${flags[@]}" --now 2026-11-25T00:00:00Z > "$dir/out.prom"
echo "exposition: $(wc -l < "$dir/out.prom") lines, $(wc -c < "$dir/out.prom") bytes"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 1 --runs 5 "$rekey metrics ${flags[*]} --now 2026-11-25T00:00:00Z -o $dir/textfile.prom"
else
  for i in 1 2 3 4 5; do /usr/bin/time -f "%e s, %M KiB" "$rekey" metrics "${flags[@]}" -o "$dir/textfile.prom"; done
fi
"$rekey" metrics "${flags[@]}" --listen 127.0.0.1:0 2> "$dir/server.log" &
server=$!
for _ in $(seq 100); do grep -q "serving" "$dir/server.log" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*/metrics' "$dir/server.log")
echo "scrapes of $url (curl time_total; the first one after start-up included):"
for i in $(seq 1 11); do
  curl -s -o /dev/null -w "%{time_total}\n" "$url"
done > "$dir/scrapes.txt"
printf "  first: %.1f ms\n" "$(head -1 "$dir/scrapes.txt" | awk '{ print $1 * 1000 }')"
tail -n +2 "$dir/scrapes.txt" | sort -n | awk '{ t[NR] = $1 * 1000; s += $1 * 1000 }
  END { printf "  next %d: median %.1f ms, max %.1f ms, mean %.1f ms\n", NR, t[int((NR + 1) / 2)], t[NR], s / NR }'
echo "CPU time of the server for all of it: $(ps -o times= -p "$server") s"
