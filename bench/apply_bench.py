#!/usr/bin/env python3
"""rekey apply with N keys due at once against the test stand-ins (Vault KV v2
stand-in and fake provider from tests/apply), provider rate limit from the
test catalog (200 requests/s). Prints rotations per second, the time the
client spent waiting on the rate limit, and the provider's busiest second.

Usage: apply_bench.py REKEY_BIN [N]
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "apply"))
import standins  # noqa: E402

KEY = """  - name: key-{i:04d}
    provider: Example Gateway
    environment: staging
    used_by: [client]
    vault_path: secret/bench/key-{i:04d}
    rotation_frequency: 30d
    supports_dual_key: true
    provider_api: {api}
    criticality: low
    last_rotated: 2027-02-01T02:00:00Z
    admin_vault_path: secret/ops/gateway-admin
"""
SCHEDULE = """  - secret: key-{i:04d}
    schedule: "0 2 * * *"
    grace_period: 2h
    alert_on_failure: true
    rollback_on_failure: true
"""


def main():
    rekey, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    vault = standins.Server("vault_standin.py", "--token", standins.TOKEN)
    provider = standins.Server("provider_fake.py", "--admin-token", standins.ADMIN)
    try:
        root = tempfile.mkdtemp(prefix="rekey-apply-bench-")
        with open(os.path.join(root, "model.yaml"), "w") as f:
            f.write("api_keys:\n" + "".join(KEY.format(i=i, api=provider.url) for i in range(n)))
            f.write("services:\n  - name: client\n    reads_via: vault-agent\n    refresh: 5m\n")
            f.write("rotation_schedules:\n" + "".join(SCHEDULE.format(i=i) for i in range(n)))
        token = {"X-Vault-Token": standins.TOKEN}
        vault.call("POST", "/v1/secret/data/ops/gateway-admin", {"data": {"key": standins.ADMIN}}, token)
        for i in range(n):
            secret = "fk_" + "test_" + "seed%028d" % i
            provider.call("POST", "/_test/seed", {"id": "seed-%d" % i, "secret": secret, "name": "initial"})
            vault.call("POST", "/v1/secret/data/bench/key-%04d" % i, {"data": {"key": secret, "key_id": "seed-%d" % i}},
                       token)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "VAULT_ADDR": vault.url, "VAULT_TOKEN": standins.TOKEN,
               "XDG_CACHE_HOME": os.path.join(root, "cache"), "HOME": root}
        cmd = [rekey, "apply", "-v", "-q", "--inventory", os.path.join(root, "model.yaml"),
               "--audit-log", os.path.join(root, "audit.jsonl"),
               "--providers", os.path.join(HERE, "..", "tests", "apply", "testdata", "providers.yaml"),
               "--now", standins.T0]
        # Warm the rules-database cache (policy's RK-INV-006) outside the timing.
        subprocess.run(cmd + ["--dry-run"], env=env, capture_output=True)
        start = time.time()
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        wall = time.time() - start
        started = done.stdout.count("waiting [propagating]")
        stats = [line for line in done.stderr.splitlines() if "rekey: http:" in line]
        state = provider.call("GET", "/_test/state")[1]
        busiest = max(state["per_second"].values()) if state["per_second"] else 0
        created = sum(1 for k in state["keys"] if k["name"].startswith("rot-"))
        print("keys due:              %d" % n)
        print("rotations started:     %d (exit %d), keys created: %d" % (started, done.returncode, created))
        print("wall time:             %.2f s" % wall)
        print("rotations per second:  %.1f" % (started / wall if wall else 0))
        print("client stats:          " + (stats[-1] if stats else "(none)"))
        print("provider busiest second: %d requests (limit 200/s)" % busiest)
        # Phase 2: after the grace period, one --resume verifies and revokes every old key.
        resume = cmd[:-1] + [standins.at(3 * 3600), "--resume"]
        start = time.time()
        done = subprocess.run(resume, env=env, capture_output=True, text=True)
        wall = time.time() - start
        finished = done.stdout.count("done [done]")
        stats = [line for line in done.stderr.splitlines() if "rekey: http:" in line]
        state = provider.call("GET", "/_test/state")[1]
        revoked = sum(1 for k in state["keys"] if k["name"] == "initial" and k["revoked_at"])
        print("resume after grace:    %d rotations done, %d old keys revoked (exit %d) in %.2f s = %.1f/s"
              % (finished, revoked, done.returncode, wall, finished / wall if wall else 0))
        print("client stats:          " + (stats[-1] if stats else "(none)"))
        print("provider busiest second: %d requests (limit 200/s)" % max(state["per_second"].values()))
    finally:
        vault.stop()
        provider.stop()


if __name__ == "__main__":
    main()
