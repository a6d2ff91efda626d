#!/usr/bin/env python3
"""Validates the model files under testdata/ against schema/ with a real JSON
Schema validator (Debian's python3-jsonschema, draft 2020-12), and checks that
every fixture in testdata/invalid/ is rejected by BOTH the schema and the
loader (`rekey check` exits 2 on it).

Usage: schema_test.py SOURCE_DIR REKEY_BINARY
"""
import glob
import json
import os
import subprocess
import sys

import jsonschema
import yaml


def load_schemas(root):
    store = {}
    for path in glob.glob(os.path.join(root, "schema", "*.json")):
        with open(path) as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        store[schema["$id"]] = schema
    return store


def validator(store, name):
    schema = store[f"https://rekey.dev/schema/{name}.schema.json"]
    resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
    return jsonschema.Draft202012Validator(schema, resolver=resolver)


class DateLoader(yaml.SafeLoader):
    """YAML like rekey reads it: timestamps stay strings."""


DateLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path):
    with open(path) as f:
        return yaml.load(f, Loader=DateLoader)


def model_files(root):
    """Every YAML model file under testdata/ except the invalid fixtures."""
    for path in sorted(glob.glob(os.path.join(root, "testdata", "**", "*.yaml"), recursive=True)):
        if "/invalid/" in path:
            continue
        data = load_yaml(path)
        if isinstance(data, dict) and set(data) & {"api_keys", "services", "rotation_schedules"}:
            yield path, data


def main():
    root, rekey = sys.argv[1], sys.argv[2]
    store = load_schemas(root)
    model = validator(store, "model")
    failures = 0
    valid = 0
    for path, data in model_files(root):
        errors = list(model.iter_errors(data))
        for name in ("inventory", "services", "schedules"):
            section = {"inventory": "api_keys", "services": "services", "schedules": "rotation_schedules"}[name]
            if section in data:
                errors += list(validator(store, name).iter_errors(data))
        for e in errors:
            print(f"FAIL {path}: schema rejects a valid file: {e.message} at {list(e.absolute_path)}")
        failures += bool(errors)
        valid += 1
    policy = validator(store, "policy")
    for path in sorted(glob.glob(os.path.join(root, "policies", "*.yaml"))):
        for e in policy.iter_errors(load_yaml(path)):
            print(f"FAIL {path}: policy schema rejects a shipped policy: {e.message}")
            failures += 1
        valid += 1
    if policy.is_valid({"checks": {"RK-ROT-001": {"severity": "fatal"}}}):
        print("FAIL: policy schema accepts severity fatal")
        failures += 1
    invalid = sorted(glob.glob(os.path.join(root, "testdata", "invalid", "*.yaml")))
    for path in invalid:
        data = load_yaml(path)
        schema_ok = model.is_valid(data)
        loader = subprocess.run([rekey, "check", "--inventory", path, "--now", "2026-01-01T00:00:00Z"],
                                capture_output=True, text=True)
        if schema_ok:
            print(f"FAIL {path}: the schema accepts an invalid fixture")
            failures += 1
        if loader.returncode != 2:
            print(f"FAIL {path}: the loader exited {loader.returncode}, expected 2")
            failures += 1
    if valid == 0 or not invalid:
        print("FAIL: no fixtures found")
        failures += 1
    print(f"{valid + len(invalid) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
