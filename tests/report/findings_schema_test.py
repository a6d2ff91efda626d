#!/usr/bin/env python3
"""Runs the real `rekey scan` on a generated tree and validates what it writes:
--format json against schema/findings.schema.json, each --format jsonl line
against its `finding` definition, --format sarif against the official SARIF
2.1.0 schema (testdata/sarif/, Draft 4), and a `rekey baseline create` file
against schema/baseline.schema.json. Also checks that no output holds a secret
in clear. Secrets are assembled here at run time, never committed.

Usage: findings_schema_test.py SOURCE_DIR REKEY_BINARY
"""
import json
import os
import random
import subprocess
import sys
import tempfile

import jsonschema

RULES = """rules:
  - id: test.token
    name: Test Token
    provider: TestCloud
    severity: high
    pattern: '\\b(rktest_[A-Za-z0-9]{24})\\b'
    examples: ["rktest_Q7mZ2xK9pL4vN8cR1tY6wB3s"]
    negative_examples: ["rktest_short"]
  - id: test.other
    name: Other Token
    provider: OtherCloud
    severity: medium
    pattern: '\\b(rkother_[A-Za-z0-9]{24})\\b'
    examples: ["rkother_Q7mZ2xK9pL4vN8cR1tY6wB3s"]
    negative_examples: ["rkother_short"]
"""

# A linked scan: TestCloud keys are in the inventory, OtherCloud's are not.
INVENTORY = """api_keys:
  - name: test-cloud-key
    provider: TestCloud
    environment: production
    used_by: [web]
services:
  - name: web
    paths: ["tree/**"]
"""


def fake_token(rng):
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "rktest" + "_" + "".join(rng.choice(alphabet) for _ in range(24))


def main():
    root, rekey = sys.argv[1], sys.argv[2]
    with open(os.path.join(root, "schema", "findings.schema.json")) as f:
        findings_schema = json.load(f)
    with open(os.path.join(root, "schema", "baseline.schema.json")) as f:
        baseline_schema = json.load(f)
    with open(os.path.join(root, "testdata", "sarif", "sarif-2.1.0-rtm.5.json")) as f:
        sarif_schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(findings_schema)
    jsonschema.Draft202012Validator.check_schema(baseline_schema)
    jsonschema.Draft4Validator.check_schema(sarif_schema)
    finding_schema = dict(findings_schema["$defs"]["finding"], **{"$defs": findings_schema["$defs"]})

    rng = random.Random(5)
    secrets = [fake_token(rng) for _ in range(3)]
    passed, failed = 0, 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: {detail}")

    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        os.makedirs(os.path.join(tree, "sub dir"))
        with open(os.path.join(tmp, "rules.yaml"), "w") as f:
            f.write(RULES)
        with open(os.path.join(tree, "app.env"), "w") as f:
            f.write(f"A={secrets[0]}\nB={secrets[1]}\n")
        with open(os.path.join(tree, "sub dir", "copy,1.txt"), "w") as f:
            f.write(f"same again: {secrets[0]}\nallowed: {secrets[2]}  # rekey:allow\n")
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"), NO_COLOR="1")

        def run(*args):
            return subprocess.run([rekey, *args], cwd=tmp, env=env, capture_output=True, text=True)

        outputs = {}
        for fmt in ("text", "json", "jsonl", "sarif", "github"):
            result = run("scan", "tree", "--rules", "rules.yaml", "--format", fmt)
            check(f"{fmt} exit", result.returncode == 1, f"exit {result.returncode}: {result.stderr}")
            outputs[fmt] = result.stdout + result.stderr

        doc = json.loads(run("scan", "tree", "--rules", "rules.yaml", "--format", "json").stdout)
        errors = list(jsonschema.Draft202012Validator(findings_schema).iter_errors(doc))
        check("json schema", not errors, [e.message for e in errors])
        check("json findings", len(doc["findings"]) == 3, doc["findings"])
        check("json suppressed", doc["stats"]["suppressed_inline"] == 1, doc["stats"])

        lines = run("scan", "tree", "--rules", "rules.yaml", "--format", "jsonl").stdout.splitlines()
        check("jsonl lines", len(lines) == 3, lines)
        for line in lines:
            errors = list(jsonschema.Draft202012Validator(finding_schema).iter_errors(json.loads(line)))
            check("jsonl schema", not errors, [e.message for e in errors])

        with open(os.path.join(tmp, "inventory.yaml"), "w") as f:
            f.write(INVENTORY)
        with open(os.path.join(tree, "other.env"), "w") as f:
            f.write("OTHER=rkother" + "_" + secrets[1][7:] + "\n")
        linked = run("scan", "tree", "--rules", "rules.yaml", "--inventory", "inventory.yaml", "--format", "json")
        outputs["linked json"] = linked.stdout + linked.stderr
        doc = json.loads(linked.stdout)
        errors = list(jsonschema.Draft202012Validator(findings_schema).iter_errors(doc))
        check("linked json schema", not errors, [e.message for e in errors])
        statuses = sorted(f["link"]["status"] for f in doc["findings"])
        check("linked statuses", statuses == ["linked", "linked", "linked", "unmanaged"], statuses)
        check("unmanaged report", [u["provider"] for u in doc.get("unmanaged", [])] == ["OtherCloud"], doc.get("unmanaged"))
        for line in run("scan", "tree", "--rules", "rules.yaml", "--inventory", "inventory.yaml",
                        "--format", "jsonl").stdout.splitlines():
            errors = list(jsonschema.Draft202012Validator(finding_schema).iter_errors(json.loads(line)))
            check("linked jsonl schema", not errors, [e.message for e in errors])
        os.remove(os.path.join(tree, "other.env"))

        sarif = json.loads(run("scan", "tree", "--rules", "rules.yaml", "--format", "sarif").stdout)
        errors = list(jsonschema.Draft4Validator(sarif_schema).iter_errors(sarif))
        check("sarif schema", not errors, [f"{e.message} at {list(e.absolute_path)}" for e in errors])
        rule_ids = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
        check("sarif unique rule ids", len(rule_ids) == len(set(rule_ids)), rule_ids)
        check("sarif results", len(sarif["runs"][0]["results"]) == 3, sarif["runs"][0]["results"])

        # Org-wide scans: the repository in every finding, the repository
        # records, a shard's report and the merged one (JSON and SARIF).
        for name, secret in (("alpha", secrets[0]), ("beta", secrets[1])):
            repo = os.path.join(tmp, "org", name)
            os.makedirs(repo)
            with open(os.path.join(repo, "app.env"), "w") as f:
                f.write(f"KEY={secret}\n")
            git = ["git", "-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com"]
            subprocess.run(["git", "init", "-q", repo], check=True)
            subprocess.run([*git, "add", "."], check=True)
            subprocess.run([*git, "commit", "-qm", "one"], check=True)
        org = ["scan", "--repos", "org", "--history", "--rules", "rules.yaml"]
        listed = run("scan", "--repos", "org", "--print-repos").stdout.splitlines()
        check("org --print-repos", [line.split("\t")[0] for line in listed] == ["alpha", "beta"], listed)
        shares = [run("scan", "--repos", "org", "--shard", f"{i}/2", "--print-repos").stdout.splitlines()
                  for i in (0, 1)]
        check("org shards partition the repositories", sorted(shares[0] + shares[1]) == sorted(listed), shares)
        result = run(*org, "--format", "json")
        outputs["org json"] = result.stdout + result.stderr
        doc = json.loads(result.stdout)
        errors = list(jsonschema.Draft202012Validator(findings_schema).iter_errors(doc))
        check("org json schema", not errors, [e.message for e in errors])
        check("org repositories", [f["repository"] for f in doc["findings"]] == ["alpha", "beta"], doc["findings"])
        for line in run(*org, "--format", "jsonl").stdout.splitlines():
            errors = list(jsonschema.Draft202012Validator(finding_schema).iter_errors(json.loads(line)))
            check("org jsonl schema", not errors, [e.message for e in errors])
        for fmt in ("json", "sarif"):
            shards = []
            for i in (0, 1):
                shard = run(*org, "--shard", f"{i}/2", "--format", fmt, "-o", f"shard{i}.{fmt}")
                check(f"org shard {fmt} exit", shard.returncode in (0, 1), shard.stderr)
                with open(os.path.join(tmp, f"shard{i}.{fmt}")) as f:
                    shards.append(json.load(f))
            merged = run("merge", f"shard1.{fmt}", f"shard0.{fmt}")
            check(f"org merge {fmt} exit", merged.returncode == 0, merged.stderr)
            check(f"org merge {fmt} = single run", merged.stdout == run(*org, "--format", fmt).stdout)
            outputs[f"org merged {fmt}"] = merged.stdout + merged.stderr
            for part in [*shards, json.loads(merged.stdout)]:
                if fmt == "json":
                    errors = list(jsonschema.Draft202012Validator(findings_schema).iter_errors(part))
                else:
                    errors = list(jsonschema.Draft4Validator(sarif_schema).iter_errors(part))
                check(f"org {fmt} shard/merged schema", not errors, [e.message for e in errors])

        result = run("baseline", "create", "tree", "--rules", "rules.yaml", "--output", "base.json")
        check("baseline exit", result.returncode == 0, result.stderr)
        with open(os.path.join(tmp, "base.json")) as f:
            baseline_text = f.read()
        errors = list(jsonschema.Draft202012Validator(baseline_schema).iter_errors(json.loads(baseline_text)))
        check("baseline schema", not errors, [e.message for e in errors])
        outputs["baseline"] = baseline_text
        result = run("scan", "tree", "--rules", "rules.yaml", "--baseline", "base.json")
        check("baseline suppresses", result.returncode == 0, result.stdout + result.stderr)
        result = run("baseline", "create", "tree", "--rules", "rules.yaml", "--output", "base.json")
        check("baseline create refuses to overwrite", result.returncode == 2, result.stderr)
        with open(os.path.join(tree, "app.env"), "w") as f:
            f.write(f"B={secrets[1]}\nC={secrets[2]}\n")
        result = run("baseline", "update", "tree", "--rules", "rules.yaml", "--output", "base.json")
        check("baseline update", result.returncode == 0 and "1 new, 0 no longer found" in result.stderr,
              result.stderr)
        result = run("scan", "tree", "--rules", "rules.yaml", "--baseline", "base.json")
        check("updated baseline suppresses", result.returncode == 0, result.stdout + result.stderr)

        for name, text in outputs.items():
            for secret in secrets:
                check(f"{name} has no clear secret", secret not in text and secret[4:16] not in text, name)

    # The committed golden expectations of the scan cases never hold a secret
    # their inputs contain (the secrets found with --show-secrets).
    cases = os.path.join(root, "tests", "cli", "cases")
    for case in sorted(os.listdir(cases)):
        src = os.path.join(cases, case, "src")
        if not case.startswith("scan_") or not os.path.isdir(src):
            continue
        result = subprocess.run([rekey, "scan", "src", "--format", "jsonl", "--show-secrets", "-q"],
                                cwd=os.path.join(cases, case), capture_output=True, text=True)
        found = {json.loads(line)["secret"] for line in result.stdout.splitlines()}
        expected = ""
        for name in ("expected_stdout", "expected_stderr"):
            path = os.path.join(cases, case, name)
            if os.path.exists(path):
                with open(path) as f:
                    expected += f.read()
        for secret in found:
            check(f"{case} expectations hold no clear secret", secret not in expected, secret[:4])

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
