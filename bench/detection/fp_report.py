#!/usr/bin/env python3
"""Summary of one `rekey scan --format json` run for fp_corpora.sh.

    fp_report.py CORPUS_NAME FINDINGS.json
"""
import collections
import json
import sys


def main():
    name, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    findings = report.get("findings", [])
    stats = report.get("stats", {})
    megabytes = stats.get("bytes_scanned", 0) / 1e6
    per_100mb = len(findings) / megabytes * 100 if megabytes else 0.0
    print(f"== {name}: {megabytes:.1f} MB in {stats.get('files_scanned', 0)} files, "
          f"{len(findings)} findings ({per_100mb:.2f} per 100 MB)")
    for rule, count in collections.Counter(f["rule_id"] for f in findings).most_common():
        print(f"   {count:5d}  {rule}")
    for f in sorted(findings, key=lambda f: (f["path"], f["line"])):
        secret = f.get("secret") or f.get("secret_redacted", "")
        print(f"   {f['path']}:{f['line']}: {f['rule_id']}: {secret}")


if __name__ == "__main__":
    main()
