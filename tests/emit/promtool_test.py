#!/usr/bin/env python3
"""The compiled files checked by the platforms' own tools (Debian's
`prometheus` and `prometheus-alertmanager` packages):

  - `promtool check rules` on the rules compiled from the seed and from
    testdata/emit;
  - `promtool test rules` with tests/emit/promtool/*_test.yaml: for every alert
    the fixture compiles to, input series that must fire it and series that
    must not;
  - `promtool check metrics` (exposition format and naming lint) on
    `rekey metrics` output;
  - `amtool check-config` on the Alertmanager snippets and
    `amtool config routes test`: each of the seed's actions reaches its receiver.

Usage: promtool_test.py SOURCE_DIR REKEY_BINARY
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

FAILURES = []


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def check(ok, what, detail=""):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        FAILURES.append(what)
        if detail:
            print(detail)


def main():
    root, rekey = sys.argv[1], sys.argv[2]
    models = {
        "seed": ["--inventory", os.path.join(root, "testdata/seed")],
        "fixture": ["--inventory", os.path.join(root, "testdata/emit/inventory.yaml"),
                    "--services", os.path.join(root, "testdata/emit/services.yaml"),
                    "--schedules", os.path.join(root, "testdata/emit/schedules.yaml")],
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, flags in models.items():
            rules = os.path.join(tmp, f"{name}-rules.yaml")
            r = run([rekey, "compile", "prometheus", *flags, "-o", rules])
            check(r.returncode == 0, f"rekey compile prometheus ({name})", r.stderr)
            r = run(["promtool", "check", "rules", rules])
            check(r.returncode == 0 and "SUCCESS" in r.stdout, f"promtool check rules ({name})", r.stdout + r.stderr)

            am = os.path.join(tmp, f"{name}-alertmanager.yaml")
            r = run([rekey, "compile", "alertmanager", *flags, "-o", am])
            check(r.returncode == 0, f"rekey compile alertmanager ({name})", r.stderr)
            r = run(["amtool", "check-config", am])
            check(r.returncode == 0 and "SUCCESS" in r.stdout, f"amtool check-config ({name})", r.stdout + r.stderr)
            routes = [
                ("page-on-call-engineer", ["alertname=RekeyRotationFailed", "action=page_on_call_engineer"]),
                ("security-team", ["alertname=RekeyKeyAgeOverLimit", "action=alert_security_team"]),
                ("application-team", ["alertname=RekeyOldKeyNotRevoked", "action=alert_application_team"]),
                ("default", ["alertname=SomethingElse", "action=page_on_call_engineer"]),
            ]
            if name == "fixture":
                routes.append(("application-team-payments-oncall",
                               ["alertname=RekeyOldKeyNotRevoked", "action=alert_application_team",
                                "owner=payments-oncall"]))
            for receiver, labels in routes:
                r = run(["amtool", "config", "routes", "test", "--config.file=" + am, *labels])
                got = r.stdout.strip()
                check(r.returncode == 0 and got == receiver, f"route {' '.join(labels)} -> {receiver} ({name})",
                      f"got {got!r}: {r.stderr}")

        # Unit tests of every generated alert, against the fixture's rules.
        for test in sorted(glob.glob(os.path.join(root, "tests/emit/promtool/*_test.yaml"))):
            work = os.path.join(tmp, "unit")
            os.makedirs(work, exist_ok=True)
            shutil.copy(os.path.join(tmp, "fixture-rules.yaml"), os.path.join(work, "rules.yaml"))
            shutil.copy(test, work)
            r = run(["promtool", "test", "rules", os.path.basename(test)], cwd=work)
            check(r.returncode == 0 and "SUCCESS" in r.stdout, f"promtool test rules {os.path.basename(test)}",
                  r.stdout + r.stderr)

        # The exposition format, with a journal that exercises every family.
        for name, flags in models.items():
            extra = ["--audit-log", os.path.join(root, "testdata/emit/audit.jsonl")] if name == "fixture" else []
            r = run([rekey, "metrics", *flags, *extra, "--now", "2026-11-25T00:00:00Z"])
            check(r.returncode == 0 and "rekey_build_info" in r.stdout, f"rekey metrics ({name})", r.stderr)
            lint = run(["promtool", "check", "metrics"], input=r.stdout)
            check(lint.returncode == 0, f"promtool check metrics ({name})", lint.stdout + lint.stderr)

    print(f"promtool/amtool: {len(FAILURES)} failed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
