#!/usr/bin/env bash
# rekey apply with N keys (default 1000) due at once against the test stand-ins.
# Usage: bench/apply_bench.sh build/src/cli/rekey [N]
set -euo pipefail
exec /usr/bin/python3 "$(dirname "$0")/apply_bench.py" "$@"
