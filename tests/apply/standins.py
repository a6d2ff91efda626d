"""Fixtures for rekey apply's integration tests: the Vault KV v2 stand-in and
the fake provider as real processes on 127.0.0.1, a sandbox with an inventory
that points at them, and helpers to run rekey, read the journal and check the
rotation invariants.

ctest passes REKEY_BIN and REKEY_SOURCE_DIR.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

REKEY_BIN = os.environ.get("REKEY_BIN", "")
HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "test-" + "vault-token"  # assembled: an obviously fake token
ADMIN = "test-" + "admin-credential"
# "Now" of every run: in the future, so the fake provider's real-time use
# records (a whoami call) fall before it and tests set last use explicitly.
T0 = "2027-03-01T02:00:30Z"
T0_UNIX = 1803866430  # T0 as Unix seconds


def at(offset_seconds):
    """T0 + offset as RFC 3339."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(T0_UNIX + offset_seconds))


class Server:
    """One stand-in process; prints "PORT n" when it listens."""

    def __init__(self, script, *args):
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, script), *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "PORT":
            raise RuntimeError(script + " did not start")
        self.url = "http://127.0.0.1:" + line[1]

    def call(self, method, path, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw else {}
        except urllib.error.HTTPError as e:
            raw = e.read()
            return e.code, json.loads(raw) if raw else {}

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.proc.stdout.close()


VAULT = None
PROVIDER = None
# One rules-database cache for every run (rekey compiles it on first use).
CACHE = os.environ.get("REKEY_TEST_CACHE") or tempfile.mkdtemp(prefix="rekey-apply-cache-")


def setUpModule():
    global VAULT, PROVIDER
    VAULT = Server("vault_standin.py", "--token", TOKEN)
    PROVIDER = Server("provider_fake.py", "--admin-token", ADMIN)


def tearDownModule():
    VAULT.stop()
    PROVIDER.stop()


INVENTORY = """api_keys:
  - name: gw-key
    provider: {provider}
    environment: staging
    used_by: [gw-client]
    vault_path: secret/stage/gw-key
    rotation_frequency: 30d
    supports_dual_key: true
    provider_api: {api}
    criticality: low
    owner: platform-team
    last_rotated: 2027-02-01T02:00:00Z
    admin_vault_path: secret/ops/gateway-admin
services:
  - name: gw-client
    reads_via: vault-agent
    refresh: 5m
rotation_schedules:
  - secret: gw-key
    schedule: "0 2 * * *"
    grace_period: 2h
    alert_on_failure: true
    rollback_on_failure: {rollback}
    verify: {verify}
"""


class ApplyTest(unittest.TestCase):
    """A sandbox whose inventory names one key, gw-key, at the stand-ins."""

    provider_name = "Example Gateway"
    verify = "{method: provider-last-used, timeout: 2h}"
    rollback = "true"

    def setUp(self):
        if not REKEY_BIN:
            self.fail("REKEY_BIN is not set: run this test through ctest")
        self.root = tempfile.mkdtemp(prefix="rekey-apply-")
        self.addCleanup(shutil.rmtree, self.root, True)
        VAULT.call("POST", "/_test/reset", {})
        PROVIDER.call("POST", "/_test/reset", {})
        self.write_model()
        self.journal = os.path.join(self.root, "audit.jsonl")
        self.hook_out = os.path.join(self.root, "alerts.jsonl")
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.root, "LANG": "C.UTF-8",
                    "NO_COLOR": "1", "VAULT_ADDR": VAULT.url, "VAULT_TOKEN": TOKEN,
                    "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", ""), "XDG_CACHE_HOME": CACHE}
        self.old_id, self.old_secret = self.seed_key()

    def write_model(self, **overrides):
        values = {"provider": self.provider_name, "api": PROVIDER.url, "verify": self.verify,
                  "rollback": self.rollback}
        values.update(overrides)
        with open(os.path.join(self.root, "model.yaml"), "w") as f:
            f.write(INVENTORY.format(**values))

    def vault_write(self, path, data, cas=None):
        body = {"data": data}
        if cas is not None:
            body["options"] = {"cas": cas}
        return VAULT.call("POST", "/v1/secret/data/" + path, body, {"X-Vault-Token": TOKEN})

    def seed_key(self):
        """The key in service before the rotation: live at the provider, version 1 in the vault."""
        secret = "fk_" + "test_" + "seed0000000000000000000000000000"
        PROVIDER.call("POST", "/_test/seed", {"id": "k_seed", "secret": secret, "name": "initial"})
        self.vault_write("stage/gw-key", {"key": secret, "key_id": "k_seed"})
        self.vault_write("ops/gateway-admin", {"key": ADMIN})
        return "k_seed", secret

    def rekey(self, *args, now=T0, crash_after=None, expect=None, timeout=60):
        cmd = [REKEY_BIN, *args, "--inventory", os.path.join(self.root, "model.yaml"), "--audit-log", self.journal]
        if args[0] in ("apply", "rotate", "rollback"):
            cmd += ["--providers", os.path.join(HERE, "testdata", "providers.yaml"), "--http-timeout", "1s",
                    "--notify", "cat >> " + self.hook_out]
        if now:
            cmd += ["--now", now]
        env = dict(self.env)
        if crash_after:
            env["REKEY_TEST_CRASH_AFTER"] = crash_after
        done = subprocess.run(cmd, env=env, cwd=self.root, capture_output=True, text=True, timeout=timeout)
        if expect is not None:
            self.assertEqual(done.returncode, expect, "rekey %s\nstdout:\n%s\nstderr:\n%s" %
                             (" ".join(args), done.stdout, done.stderr))
        return done

    # State of the world.
    def events(self):
        if not os.path.exists(self.journal):
            return []
        with open(self.journal) as f:
            return [json.loads(line) for line in f if line.strip()]

    def event_names(self):
        return [e["event"] for e in self.events()]

    def alerts(self):
        if not os.path.exists(self.hook_out):
            return []
        with open(self.hook_out) as f:
            return [json.loads(line) for line in f if line.strip()]

    def vault_secret(self, path="stage/gw-key"):
        state = VAULT.call("GET", "/_test/state")[1]
        for s in state["secrets"]:
            if s["path"] == path:
                return s
        return None

    def primary(self):
        s = self.vault_secret()
        return s["versions"][str(s["current"])]

    def keys(self):
        return {k["id"]: k for k in PROVIDER.call("GET", "/_test/state")[1]["keys"]}

    def live(self, key_id):
        k = self.keys().get(key_id)
        return k is not None and k["revoked_at"] is None

    def works(self, secret):
        return PROVIDER.call("GET", "/whoami", headers={"Authorization": "Bearer " + secret})[0] == 200

    def use(self, key_id, offset):
        PROVIDER.call("POST", "/_test/use", {"id": key_id, "time": T0_UNIX + offset})

    def rotation_ids(self):
        return sorted({e["rotation_id"] for e in self.events() if "rotation_id" in e})

    def assert_invariants(self):
        """The invariants of every instant: the vault's primary is a live key
        at the provider; one rotation made at most one key; nothing was
        revoked before its not_before or before verification; the journal
        names every key the provider made."""
        primary = self.primary()
        self.assertTrue(self.live(primary["key_id"]), "vault primary %s is not live" % primary["key_id"])
        self.assertTrue(self.works(primary["key"]), "vault primary does not authenticate")
        keys = self.keys()
        for rid in self.rotation_ids():
            made = [k for k in keys.values() if k["name"] == rid]
            self.assertLessEqual(len(made), 1, "rotation %s made %d keys" % (rid, len(made)))
        events = self.events()
        for i, e in enumerate(events):
            if e["event"] != "revoked":
                continue
            same = [x for x in events[:i] if x.get("rotation_id") == e["rotation_id"]]
            activated = [x for x in same if x["event"] == "activated"]
            if activated and e["key_id"] == activated[-1].get("previous_key_id"):
                self.assertIn("verified", [x["event"] for x in same], "old key revoked before verification")
                self.assertGreaterEqual(e["time"], activated[-1]["not_before"], "old key revoked before not_before")
        for k in keys.values():
            if k["name"].startswith("rot-"):
                self.assertIn(k["name"], self.rotation_ids(), "a key no journal line names")
