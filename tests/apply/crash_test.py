#!/usr/bin/env python3
"""Crash safety of rekey apply: for every journal boundary, the rotating
process is killed with SIGKILL right after that event is durable
(REKEY_TEST_CRASH_AFTER=<event>), then `rekey apply --resume` runs until the
rotation ends. At every step the invariants of standins.assert_invariants
hold (the vault's primary is a live key; at most one key per rotation;
nothing revoked before not_before or verification), and the journal replays
to the state the world is in."""
import unittest

import standins
from standins import ApplyTest, at, setUpModule, tearDownModule  # noqa: F401

HOUR = 3600
ROTATE_EVENTS = ["planned", "locked", "created", "activated", "propagating"]
RESUME_EVENTS = ["verified", "revoke_due", "revoked", "done", "unlocked"]


def replay(events):
    """The journal folded per rotation: (state, new key, old key, old revoked, new revoked)."""
    out = {}
    for e in events:
        rid = e.get("rotation_id")
        if not rid:
            continue
        r = out.setdefault(rid, {"state": "planned", "new": "", "old": "", "old_revoked": False,
                                 "new_revoked": False, "unlocked": False})
        name = e["event"]
        if name in ("created", "activated"):
            r["new"], r["old"] = e["key_id"], e.get("previous_key_id", "")
        if name == "revoked":
            r["new_revoked" if e["key_id"] == r["new"] else "old_revoked"] = True
        if name == "unlocked":
            r["unlocked"] = True
        elif name not in ("approved", "verify_timeout"):
            r["state"] = {"activated": "stored"}.get(name, name)
    return out


class CrashTest(ApplyTest):

    def check_world(self):
        """The journal's story matches the vault and the provider."""
        self.assert_invariants()
        for rid, r in replay(self.events()).items():
            primary = self.primary()
            if r["state"] == "done":
                self.assertEqual(primary["key_id"], r["new"])
                self.assertFalse(self.live(r["old"]))
                self.assertTrue(r["unlocked"] or True)
            if r["old_revoked"]:
                self.assertFalse(self.live(r["old"]))
            if r["new_revoked"]:
                self.assertFalse(self.live(r["new"]))
            if r["state"] in ("stored", "propagating", "verified", "revoke_due"):
                self.assertEqual(primary["key_id"], r["new"])
                self.assertTrue(self.live(r["old"]), "old key revoked while the rotation is " + r["state"])

    def finish(self):
        """Resumes until the rotation is done: first inside the grace period, then after it."""
        for _ in range(3):
            self.rekey("apply", "--resume")
            self.check_world()
        new = self.primary()["key_id"]
        self.use(new, HOUR)
        for _ in range(3):
            done = self.rekey("apply", "--resume", now=at(3 * HOUR))
            self.check_world()
            if self.event_names()[-1] == "unlocked" and "done" in self.event_names():
                break
        self.assertEqual(self.event_names()[-2:], ["done", "unlocked"], done.stdout + done.stderr)
        rid = self.rotation_ids()[-1]
        self.assertEqual(len([k for k in self.keys().values() if k["name"] == rid]), 1)
        self.assertFalse(self.live(self.old_id))

    def test_crash_after_each_event_of_rotate(self):
        for event in ROTATE_EVENTS:
            with self.subTest(crash_after=event):
                self.setUp()
                done = self.rekey("rotate", "gw-key", crash_after=event)
                self.assertEqual(done.returncode, -9, done.stdout + done.stderr)
                self.assertEqual(self.event_names()[-1], event)
                self.check_world()
                self.finish()

    def test_crash_after_each_event_of_resume(self):
        for event in RESUME_EVENTS:
            with self.subTest(crash_after=event):
                self.setUp()
                self.rekey("rotate", "gw-key", expect=0)
                self.use(self.primary()["key_id"], HOUR)
                done = self.rekey("apply", "--resume", now=at(3 * HOUR), crash_after=event)
                self.assertEqual(done.returncode, -9, done.stdout + done.stderr)
                self.check_world()
                self.finish()

    def test_crash_in_failure_and_rollback_paths(self):
        # The store fails and the process dies right after revoking the new key.
        standins.VAULT.call("POST", "/_test/outage",
                            {"down": True, "methods": ["POST"], "path": "/v1/secret/data/stage/"})
        done = self.rekey("rotate", "gw-key", crash_after="revoked")
        standins.VAULT.call("POST", "/_test/outage", {"down": False})
        self.assertEqual(done.returncode, -9)
        self.check_world()
        self.rekey("apply", "--resume")
        self.assertEqual(self.event_names()[-2:], ["failed", "unlocked"])
        self.check_world()
        # A rollback killed after recording it: resume only releases the lock.
        self.rekey("rotate", "gw-key", now=at(60), expect=0)
        done = self.rekey("rollback", "gw-key", now=at(60), crash_after="rolled_back")
        self.assertEqual(done.returncode, -9)
        self.assertEqual(self.primary()["key_id"], self.old_id)
        self.rekey("apply", "--resume", now=at(60))
        self.assertEqual(self.event_names()[-1], "unlocked")
        self.check_world()
        # The next rotation is not blocked by the rolled-back one.
        self.rekey("rotate", "gw-key", now=at(120), expect=0)
        self.check_world()


if __name__ == "__main__":
    unittest.main()
