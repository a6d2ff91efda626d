#!/usr/bin/env python3
"""End to end with a real Prometheus server (Debian's `prometheus`), all on
127.0.0.1: `rekey metrics --listen` serves the model and its audit log,
Prometheus scrapes it every second and evaluates the rules `rekey compile
prometheus` wrote (with a policy whose alert_for is 0s, so nothing waits
minutes). The test rewrites the audit log — a failed rotation, an over-age
key — and asserts through Prometheus's HTTP API (/api/v1/alerts) that
RekeyRotationFailed and RekeyKeyAgeOverLimit go firing for exactly those
keys, then resolve when the log shows a successful rotation.

Usage: prometheus_e2e_test.py REKEY_BINARY
"""
import datetime
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

MODEL = """\
api_keys:
  - name: pay-key
    provider: Stripe
    environment: production
    rotation_frequency: 30d
    criticality: high
  - name: mail-key
    provider: SendGrid
    environment: production
    rotation_frequency: 1d
    criticality: medium
rotation_schedules:
  - secret: pay-key
    schedule: "0 2 1,15 * *"
    grace_period: 2h
    alert_on_failure: true
  - secret: mail-key
    schedule: "0 3 * * *"
    grace_period: 1h
    alert_on_failure: true
"""

POLICY = """\
checks:
  RK-AGE-001: {alert_for: 0s}
  RK-AGE-002: {alert_for: 0s}
"""

DEADLINE = 40  # seconds for each phase (scrape and evaluation run every second)


def stamp(delta):
    t = datetime.datetime.now(datetime.timezone.utc) + delta
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def event(secret, name, delta, **extra):
    return json.dumps({"time": stamp(delta), "secret": secret, "event": name, **extra})


def write_atomically(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode()


def alerts(prom):
    """(alertname, key) -> state, for rekey's alerts."""
    data = json.loads(get(prom + "/api/v1/alerts"))["data"]["alerts"]
    return {(a["labels"]["alertname"], a["labels"].get("key", "")): a["state"]
            for a in data if a["labels"]["alertname"].startswith("Rekey")}


def wait_for(what, condition, prom):
    start = time.monotonic()
    last = None
    while time.monotonic() - start < DEADLINE:
        last = alerts(prom)
        if condition(last):
            print(f"ok   {what} after {time.monotonic() - start:.1f}s")
            return True
        time.sleep(0.5)
    print(f"FAIL {what}: alerts are {last}")
    return False


def main():
    rekey = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        model, policy, audit = (os.path.join(tmp, n) for n in ("model.yaml", "policy.yaml", "audit.jsonl"))
        rules = os.path.join(tmp, "rules.yaml")
        with open(model, "w") as f:
            f.write(MODEL)
        with open(policy, "w") as f:
            f.write(POLICY)
        hour = datetime.timedelta(hours=1)
        healthy = "\n".join([
            event("pay-key", "activated", -hour, key_id="pk_1"),
            event("pay-key", "done", -hour, key_id="pk_1"),
            event("mail-key", "activated", -hour, key_id="mk_1"),
            event("mail-key", "done", -hour, key_id="mk_1")]) + "\n"
        write_atomically(audit, healthy)
        subprocess.run([rekey, "compile", "prometheus", "--inventory", model, "--policy", policy, "-o", rules],
                       check=True)

        server = subprocess.Popen([rekey, "metrics", "--inventory", model, "--policy", policy, "--audit-log", audit,
                                   "--listen", "127.0.0.1:0", "--refresh", "5s"],
                                  stderr=subprocess.PIPE, text=True)
        prometheus = None
        try:
            banner = server.stderr.readline()
            port = re.search(r"http://127\.0\.0\.1:(\d+)/metrics", banner)
            if not port:
                print(f"FAIL rekey metrics --listen did not start: {banner}")
                return 1
            target = f"127.0.0.1:{port.group(1)}"
            config = os.path.join(tmp, "prometheus.yml")
            with open(config, "w") as f:
                f.write(f"""\
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files: [{rules}]
scrape_configs:
  - job_name: rekey
    static_configs:
      - targets: ['{target}']
""")
            prom_port = free_port()
            prom = f"http://127.0.0.1:{prom_port}"
            prometheus = subprocess.Popen(
                ["prometheus", "--config.file=" + config, "--storage.tsdb.path=" + os.path.join(tmp, "data"),
                 f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            start = time.monotonic()
            while True:
                try:
                    get(prom + "/-/ready")
                    break
                except OSError:
                    if time.monotonic() - start > DEADLINE or prometheus.poll() is not None:
                        print("FAIL prometheus did not become ready")
                        return 1
                    time.sleep(0.2)
            ok = True
            # Healthy: the first scrapes are in and nothing fires.
            ok &= wait_for("scraped, no rekey alert",
                           lambda a: not a and "pay-key" in get(prom + "/api/v1/query?query=rekey_key_age_seconds"),
                           prom)
            # A failed rotation of pay-key; mail-key last activated 2 days ago (its limit: 1.5 x 1d).
            write_atomically(audit, "\n".join([
                event("pay-key", "activated", -hour, key_id="pk_1"),
                event("pay-key", "done", -hour, key_id="pk_1"),
                event("pay-key", "planned", datetime.timedelta(), rotation_id="rot-pay-key-1"),
                event("pay-key", "failed", datetime.timedelta(), rotation_id="rot-pay-key-1",
                      reason="provider returned 503"),
                event("mail-key", "activated", -48 * hour, key_id="mk_0"),
                event("mail-key", "done", -48 * hour, key_id="mk_0")]) + "\n")
            ok &= wait_for("RekeyRotationFailed{pay-key} and RekeyKeyAgeOverLimit{mail-key} firing",
                           lambda a: a == {("RekeyRotationFailed", "pay-key"): "firing",
                                           ("RekeyKeyAgeOverLimit", "mail-key"): "firing"}, prom)
            # pay-key rotated on retry; mail-key rotated now: both resolve.
            write_atomically(audit, "\n".join([
                event("pay-key", "failed", -hour, rotation_id="rot-pay-key-1"),
                event("pay-key", "activated", datetime.timedelta(), key_id="pk_2", previous_key_id="pk_1"),
                event("pay-key", "done", datetime.timedelta(), key_id="pk_2"),
                event("mail-key", "activated", datetime.timedelta(), key_id="mk_2", previous_key_id="mk_0"),
                event("mail-key", "revoked", datetime.timedelta(), key_id="mk_0"),
                event("mail-key", "done", datetime.timedelta(), key_id="mk_2")]) + "\n")
            ok &= wait_for("both resolved", lambda a: not a, prom)
            # SIGTERM stops the endpoint cleanly (exit 0).
            server.terminate()
            ok &= server.wait(timeout=10) == 0
            print(f"prometheus e2e: {'0 failed' if ok else 'failed'}")
            return 0 if ok else 1
        finally:
            for p in (prometheus, server):
                if p is not None:
                    p.terminate()
                    try:
                        p.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        p.kill()


if __name__ == "__main__":
    sys.exit(main())
