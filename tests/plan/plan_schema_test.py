#!/usr/bin/env python3
"""Validates `rekey plan --format json` output against schema/plan.schema.json
(Debian's python3-jsonschema, draft 2020-12) for the seed example, the larger
fixture and an emergency plan, and checks the JSON never holds more than the
plan's own vocabulary (no secret-looking values: the inputs carry none).

Usage: plan_schema_test.py SOURCE_DIR REKEY_BINARY
"""
import json
import os
import subprocess
import sys

import jsonschema


def main():
    root, rekey = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, "schema", "plan.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    cases = [
        ("seed", ["--inventory", "testdata/seed", "--from", "2026-11-25T00:00:00Z"]),
        ("fixture", ["--inventory", "testdata/plan", "--from", "2027-02-15T00:00:00Z"]),
        ("emergency", ["--inventory", "testdata/plan", "--from", "2027-02-15T00:00:00Z", "--emergency", "okta-api-token"]),
        # A leak response from the findings file of the leak fixture (golden case leak_scan_json).
        ("leak response", ["--config", "testdata/leak/.rekey.yaml", "--from", "2026-11-25T00:00:00Z",
                           "--from-findings", "tests/cli/cases/leak_scan_json/expected_stdout"]),
    ]
    failures = 0
    for name, args in cases:
        run = subprocess.run([rekey, "plan", "--format", "json", *args], cwd=root, capture_output=True, text=True)
        if run.returncode != 0:
            print(f"FAIL {name}: rekey plan exited {run.returncode}: {run.stderr}")
            failures += 1
            continue
        plan = json.loads(run.stdout)
        errors = list(validator.iter_errors(plan))
        for e in errors:
            print(f"FAIL {name}: {e.message} at {list(e.absolute_path)}")
        failures += bool(errors)
        if not errors:
            print(f"ok {name}: {plan['summary']['line']}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
