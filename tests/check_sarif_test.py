#!/usr/bin/env python3
"""Validates `rekey check --format sarif` on the seed example against the
official SARIF 2.1.0 JSON Schema (testdata/sarif/, Draft 4) and checks what
GitHub code scanning needs: one run, unique rule ids, every result's ruleId
among them, and locations in the YAML inputs.

Usage: check_sarif_test.py SOURCE_DIR REKEY_BINARY
"""
import json
import os
import subprocess
import sys

import jsonschema


def main():
    root, rekey = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, "testdata", "sarif", "sarif-2.1.0-rtm.5.json")) as f:
        schema = json.load(f)
    seed = os.path.join(root, "testdata", "seed")
    run = subprocess.run([rekey, "check", "--inventory", os.path.join(seed, "inventory.yaml"),
                          "--schedules", os.path.join(seed, "schedules.yaml"),
                          "--now", "2026-11-25T00:00:00Z", "--format", "sarif"],
                         capture_output=True, text=True)
    failures = []
    if run.returncode != 1:
        failures.append(f"exit {run.returncode}, expected 1: {run.stderr}")
    sarif = json.loads(run.stdout)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(sarif))
    failures += [f"schema: {e.message} at {list(e.absolute_path)}" for e in errors[:5]]
    runs = sarif.get("runs", [])
    if len(runs) != 1:
        failures.append(f"{len(runs)} runs, expected 1")
    else:
        ids = [r["id"] for r in runs[0]["tool"]["driver"]["rules"]]
        if len(ids) != len(set(ids)):
            failures.append("rule ids are not unique")
        for result in runs[0]["results"]:
            if result["ruleId"] not in ids or ids[result["ruleIndex"]] != result["ruleId"]:
                failures.append(f"result rule {result['ruleId']} not described")
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            if not uri.endswith(".yaml"):
                failures.append(f"location {uri} is not an input file")
        if not runs[0]["results"]:
            failures.append("no results for the seed example")
    for f in failures:
        print("FAIL", f)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
