#!/usr/bin/env python3
"""rekey apply / rotate / rollback end to end: real rekey processes against
the Vault KV v2 stand-in and the fake provider on 127.0.0.1. The first six
tests are the seed guide's testing list; the rest cover verification methods,
the plan, the exec provider, dry runs and policy blocks."""
import json
import os
import subprocess
import time
import unittest

import standins
from standins import ADMIN, HERE, REKEY_BIN, T0, ApplyTest, at, setUpModule, tearDownModule  # noqa: F401

HOUR = 3600


class SeedTests(ApplyTest):
    """The seed's "Testing and Validation" list."""

    def test_happy_path(self):
        # rotate: new key created, stored as primary, old key kept; then the grace period.
        done = self.rekey("rotate", "gw-key", expect=0)
        self.assertIn("waiting", done.stdout)
        new = self.primary()
        self.assertNotEqual(new["key_id"], self.old_id)
        self.assertEqual(self.event_names(), ["planned", "locked", "created", "activated", "propagating"])
        meta = self.vault_secret()["custom_metadata"]
        self.assertEqual(meta["previous_key_id"], self.old_id)
        self.assertEqual(meta["key_id"], new["key_id"])
        self.assertEqual(meta["previous_key_revocation_at"], at(2 * HOUR))
        # Consumers pick the new key up; after the grace period it is verified and the old key revoked.
        self.use(new["key_id"], HOUR)
        self.rekey("apply", "--resume", now=at(3 * HOUR), expect=0)
        self.assertEqual(self.event_names()[5:], ["verified", "revoke_due", "revoked", "done", "unlocked"])
        self.assertFalse(self.live(self.old_id))
        self.assertTrue(self.works(new["key"]))
        self.assertNotIn("previous_key_id", self.vault_secret()["custom_metadata"])
        self.assert_invariants()
        # check reads the journal it wrote: RK-AGE sees the rotation, nothing pending.
        check = self.rekey("check", "--format", "json", now=at(3 * HOUR))
        report = json.loads(check.stdout)
        self.assertEqual(report["summary"]["audit_events"], 10)
        self.assertFalse([v for v in report["violations"] if v["id"].startswith("RK-AGE")], report["violations"])
        # Every journal line follows schema/audit-log.schema.json.
        import jsonschema
        with open(os.path.join(os.environ["REKEY_SOURCE_DIR"], "schema", "audit-log.schema.json")) as f:
            schema = json.load(f)
        for event in self.events():
            jsonschema.validate(event, schema)
        # The secret went only to the vault: not the journal, not the output.
        with open(self.journal) as f:
            self.assertNotIn(new["key"], f.read())
        self.assertNotIn(new["key"], done.stdout + done.stderr)
        # The stand-in's data reads back through the real Vault client.
        import hvac
        client = hvac.Client(url=standins.VAULT.url, token=standins.TOKEN)
        read = client.secrets.kv.v2.read_secret_version(path="stage/gw-key", mount_point="secret")
        self.assertEqual(read["data"]["data"]["key_id"], new["key_id"])

    def test_grace_period(self):
        self.rekey("rotate", "gw-key", expect=0)
        new = self.primary()
        # During the grace period both keys authenticate, and --resume never revokes.
        self.assertTrue(self.works(self.old_secret))
        self.assertTrue(self.works(new["key"]))
        self.use(new["key_id"], 10 * 60)
        for offset in (HOUR, 2 * HOUR - 1):
            done = self.rekey("apply", "--resume", now=at(offset), expect=0)
            self.assertIn("grace period", done.stdout)
            self.assertTrue(self.works(self.old_secret))
        self.assertNotIn("revoked", self.event_names())
        # A consumer still on the old key after the grace period delays revocation.
        self.use(self.old_id, 2 * HOUR + 60)
        done = self.rekey("apply", "--resume", now=at(2 * HOUR + 120), expect=0)
        self.assertIn("still holds it", done.stdout)
        self.assertTrue(self.live(self.old_id))
        self.assert_invariants()

    def test_rollback(self):
        self.rekey("rotate", "gw-key", expect=0)
        new = self.primary()
        # The new key stops working (the provider revoked it): after the grace period
        # verification finds it invalid and rolls back while the old key still validates.
        standins.PROVIDER.call("DELETE", "/keys/" + new["key_id"], headers={"Authorization": "Bearer " + ADMIN})
        done = self.rekey("apply", "--resume", now=at(3 * HOUR), expect=1)
        self.assertIn("rolled-back", done.stdout)
        self.assertEqual(self.primary()["key_id"], self.old_id)
        self.assertTrue(self.works(self.primary()["key"]))
        self.assertEqual(self.event_names()[-3:], ["revoked", "rolled_back", "unlocked"])
        self.assertEqual([a["event"] for a in self.alerts()], ["rolled_back"])
        self.assert_invariants()
        check = self.rekey("check", "--format", "json", now=at(3 * HOUR))
        self.assertIn("RK-AGE-004", [v["id"] for v in json.loads(check.stdout)["violations"]])

    def test_manual_rollback_and_rotate_forward(self):
        self.rekey("rotate", "gw-key", expect=0)
        new = self.primary()
        done = self.rekey("rollback", "gw-key", "--reason", "new key rejected by partner", expect=1)
        self.assertIn("rolled-back", done.stdout)
        self.assertEqual(self.primary()["key_id"], self.old_id)
        self.assertFalse(self.live(new["key_id"]))
        self.assertEqual(self.events()[-2]["reason"], "new key rejected by partner")
        self.assert_invariants()
        # After a finished rotation the old key is gone: rollback must refuse ("rotate forward").
        self.rekey("rotate", "gw-key", now=at(4 * HOUR), expect=0)
        self.use(self.primary()["key_id"], 5 * HOUR)
        self.rekey("apply", "--resume", now=at(7 * HOUR), expect=0)
        done = self.rekey("rollback", "gw-key", now=at(7 * HOUR), expect=1)
        self.assertIn("rotate forward", done.stdout)
        self.assert_invariants()

    def test_provider_outage(self):
        standins.PROVIDER.call("POST", "/_test/faults", {"op": "create", "mode": "down", "count": -1})
        done = self.rekey("rotate", "gw-key", expect=1)
        self.assertIn("failed", done.stdout)
        self.assertEqual(self.primary()["key_id"], self.old_id)
        self.assertTrue(self.works(self.old_secret))
        self.assertEqual(self.event_names(), ["planned", "locked", "failed", "unlocked"])
        self.assertEqual([a["event"] for a in self.alerts()], ["failed"])
        self.assertFalse([k for k in self.keys() if k != self.old_id])
        self.assert_invariants()
        # The lock was released: once the provider is back, a rotation succeeds.
        standins.PROVIDER.call("POST", "/_test/faults", {"op": "create", "mode": "down", "count": 0})
        self.rekey("rotate", "gw-key", now=at(60), expect=0)
        self.assert_invariants()

    def test_vault_outage(self):
        # Vault down before the rotation starts: it fails cleanly, nothing is created.
        standins.VAULT.call("POST", "/_test/outage", {"down": True})
        self.rekey("rotate", "gw-key", expect=1)
        standins.VAULT.call("POST", "/_test/outage", {"down": False})
        self.assertEqual(self.event_names(), ["planned", "failed"])
        self.assertEqual(list(self.keys()), [self.old_id])
        # Vault refuses the store after the key was created: the new key is revoked,
        # nothing is half-written, the old key stays primary.
        standins.VAULT.call("POST", "/_test/outage",
                            {"down": True, "methods": ["POST"], "path": "/v1/secret/data/stage/"})
        done = self.rekey("rotate", "gw-key", now=at(60), expect=1)
        standins.VAULT.call("POST", "/_test/outage", {"down": False})
        self.assertIn("vault unavailable", done.stdout)
        self.assertEqual(self.event_names()[2:], ["planned", "locked", "created", "revoked", "failed", "unlocked"])
        created = [e for e in self.events() if e["event"] == "created"][-1]
        self.assertFalse(self.live(created["key_id"]))
        self.assertEqual(self.primary()["key_id"], self.old_id)
        self.assertEqual(self.vault_secret()["current"], 1)
        self.assert_invariants()
        # An outage in the grace period: --resume changes nothing and retries later,
        # both keys keep working.
        self.rekey("rotate", "gw-key", now=at(HOUR), expect=0)
        new = self.primary()
        standins.VAULT.call("POST", "/_test/outage", {"down": True})
        done = self.rekey("apply", "--resume", now=at(4 * HOUR), expect=1)
        self.assertIn("retry-later", done.stdout)
        standins.VAULT.call("POST", "/_test/outage", {"down": False})
        self.assertTrue(self.works(self.old_secret) and self.works(new["key"]))
        self.use(new["key_id"], 2 * HOUR)
        done = self.rekey("apply", "--resume", now=at(4 * HOUR), expect=0)
        self.assertEqual(self.event_names()[-2:], ["done", "unlocked"], done.stdout + done.stderr)
        self.assert_invariants()

    def test_concurrent_rotation(self):
        # Two processes started together: exactly one rotation happens.
        procs = []
        for _ in range(2):
            cmd = [REKEY_BIN, "rotate", "gw-key", "--inventory", os.path.join(self.root, "model.yaml"),
                   "--audit-log", self.journal, "--providers", os.path.join(HERE, "testdata", "providers.yaml"),
                   "--now", T0]
            procs.append(subprocess.Popen(cmd, env=self.env, cwd=self.root, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, text=True))
        outs = [p.communicate(timeout=60) for p in procs]
        codes = sorted(p.returncode for p in procs)
        self.assertEqual(codes, [0, 0], outs)
        self.assertEqual(self.event_names().count("created"), 1, outs)
        self.assertEqual(len([k for k in self.keys() if k != self.old_id]), 1)
        stdout = "".join(o[0] for o in outs)
        self.assertTrue("skipped" in stdout or "in progress" in stdout, stdout)
        self.assert_invariants()


class VerifyTests(ApplyTest):

    def test_retry_after_and_lost_response(self):
        # 429 + Retry-After on create is waited out; a create whose response is lost
        # is found by its label (the rotation id) instead of being made twice.
        standins.PROVIDER.call("POST", "/_test/faults", {"op": "create", "mode": "429", "count": 1, "retry_after": 1})
        start = time.time()
        self.rekey("rotate", "gw-key", expect=0)
        self.assertGreaterEqual(time.time() - start, 1.0)
        self.rekey("rollback", "gw-key", expect=1)
        standins.PROVIDER.call("POST", "/_test/config", {"hang": 2})
        standins.PROVIDER.call("POST", "/_test/faults", {"op": "create", "mode": "lost", "count": 1})
        self.rekey("rotate", "gw-key", now=at(60), expect=0)
        rid = self.events()[-1]["rotation_id"]
        self.assertEqual(len([k for k in self.keys().values() if k["name"] == rid]), 1)
        self.assert_invariants()

    def test_verify_timeout_alerts_and_keeps_old_key(self):
        self.rekey("rotate", "gw-key", expect=0)
        self.rekey("apply", "--resume", now=at(3 * HOUR), expect=0)  # pending, within the timeout
        done = self.rekey("apply", "--resume", now=at(5 * HOUR), expect=1)
        self.assertIn("verify-timeout", done.stdout)
        self.assertEqual(self.event_names()[-3:], ["verify_timeout", "failed", "unlocked"])
        self.assertTrue(self.live(self.old_id))
        self.assertEqual([a["event"] for a in self.alerts()], ["verify_timeout", "failed"])
        self.assert_invariants()

    def test_manual_approval(self):
        self.write_model(verify="{method: manual, timeout: 2h}")
        self.rekey("rotate", "gw-key", expect=0)
        done = self.rekey("apply", "--resume", now=at(3 * HOUR), expect=0)
        self.assertIn("--approve gw-key", done.stdout)
        self.rekey("apply", "--approve", "gw-key", "--actor", "alice", now=at(3 * HOUR), expect=0)
        approved = [e for e in self.events() if e["event"] == "approved"]
        self.assertEqual(approved[0]["actor"], "alice")
        self.assertEqual(self.event_names()[-2:], ["done", "unlocked"])
        self.assertFalse(self.live(self.old_id))
        self.assert_invariants()

    def test_metrics_verification(self):
        query = 'sum(rate(requests_total{key_id="{{new_key_id}}"}[5m]))'
        self.write_model(verify="{method: metrics, query: '%s', expect: '> 0', prometheus: '%s'}"
                         % (query, standins.PROVIDER.url))
        self.rekey("rotate", "gw-key", expect=0)
        new_id = self.primary()["key_id"]
        standins.PROVIDER.call("POST", "/_test/config", {"metric": 0})
        self.assertIn("expected > 0", self.rekey("apply", "--resume", now=at(3 * HOUR), expect=0).stdout)
        standins.PROVIDER.call("POST", "/_test/config", {"metric": 4.5})
        self.rekey("apply", "--resume", now=at(3 * HOUR), expect=0)
        self.assertEqual(self.event_names()[-2:], ["done", "unlocked"])
        queries = standins.PROVIDER.call("GET", "/_test/state")[1]["queries"]
        self.assertIn('key_id="%s"' % new_id, queries[-1])


class CommandTests(ApplyTest):

    def test_dry_run_changes_nothing(self):
        before = standins.VAULT.call("GET", "/_test/state")[1]
        done = self.rekey("rotate", "gw-key", "--dry-run", expect=0)
        for line in ("create: POST " + standins.PROVIDER.url + "/keys", "X-Vault-Token: <redacted>",
                     "Authorization: <redacted>", "revoke old key: DELETE"):
            self.assertIn(line, done.stdout)
        self.assertNotIn(ADMIN, done.stdout)
        self.assertNotIn(standins.TOKEN, done.stdout)
        after = standins.VAULT.call("GET", "/_test/state")[1]
        self.assertEqual(len(before["log"]), len(after["log"]))
        self.assertEqual(list(self.keys()), [self.old_id])
        self.assertFalse(os.path.exists(self.journal))

    def test_apply_due_rotations_and_plan_in_progress(self):
        # The daily 02:00 fire at T0 - 30 s is due; the second run starts nothing new.
        self.rekey("apply", expect=0)
        self.assertEqual(self.event_names().count("planned"), 1)
        self.rekey("apply", now=at(60), expect=0)
        self.assertEqual(self.event_names().count("planned"), 1)
        plan = self.rekey("plan", "--format", "json", now=at(60))
        in_progress = json.loads(plan.stdout)["in_progress"]
        self.assertEqual([(r["key"], r["state"]) for r in in_progress], [("gw-key", "propagating")])
        markdown = self.rekey("plan", now=at(60)).stdout
        self.assertIn("Rotations in progress", markdown)
        self.assertIn(in_progress[0]["rotation_id"], markdown)

    def test_apply_committed_plan(self):
        plan_file = os.path.join(self.root, "plan.json")
        open(self.journal, "w").close()  # an empty journal: no rotation yet
        done = self.rekey("plan", "--format", "json", "--from", at(-HOUR), "--horizon", "2h", "-o", plan_file, now="")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.rekey("apply", plan_file, expect=0)
        self.assertEqual(self.event_names()[:2], ["planned", "locked"])

    def test_policy_error_blocks_unless_emergency(self):
        self.write_model()
        with open(os.path.join(self.root, "model.yaml")) as f:
            text = f.read().replace("grace_period: 2h", "grace_period: 1m")  # < consumer refresh: RK-GRC errors
        with open(os.path.join(self.root, "model.yaml"), "w") as f:
            f.write(text)
        done = self.rekey("rotate", "gw-key", expect=1)
        self.assertIn("blocked", done.stdout)
        self.assertIn("RK-GRC-001", done.stdout)
        self.assertEqual(self.event_names(), ["planned", "blocked"])
        done = self.rekey("rotate", "--emergency", "gw-key", expect=0)
        planned = [e for e in self.events() if e["event"] == "planned"][-1]
        self.assertTrue(planned["emergency"])
        self.assert_invariants()

    def test_exec_provider(self):
        self.write_model(provider="Exec Gateway")
        self.rekey("rotate", "gw-key", expect=0)
        new = self.primary()
        self.assertNotEqual(new["key_id"], self.old_id)
        self.rekey("apply", "--resume", now=at(3 * HOUR), expect=0)  # provider-last-used: not used yet
        self.use(new["key_id"], 2 * HOUR)
        self.rekey("apply", "--resume", now=at(3 * HOUR), expect=0)
        self.assertEqual(self.event_names()[-2:], ["done", "unlocked"])
        self.assertFalse(self.live(self.old_id))
        self.assert_invariants()

    def test_provider_catalog_follows_the_schema(self):
        import jsonschema
        import yaml
        with open(os.path.join(os.environ["REKEY_SOURCE_DIR"], "schema", "providers.schema.json")) as f:
            schema = json.load(f)
        with open(os.path.join(HERE, "testdata", "providers.yaml")) as f:
            jsonschema.validate(yaml.safe_load(f), schema)

    def test_missing_vault_configuration_is_an_input_error(self):
        env = dict(self.env)
        del env["VAULT_ADDR"]
        done = subprocess.run([REKEY_BIN, "rotate", "gw-key", "--inventory", os.path.join(self.root, "model.yaml"),
                               "--audit-log", self.journal], env=env, capture_output=True, text=True)
        self.assertEqual(done.returncode, 2)
        self.assertIn("VAULT_ADDR", done.stderr)


if __name__ == "__main__":
    unittest.main()
