#!/usr/bin/env python3
"""The hooks of .pre-commit-hooks.yaml under the real pre-commit framework
(Debian package pre-commit), issue #6: `pre-commit try-repo HOOKS rekey-scan`
on a throwaway project blocks a staged fake key and passes a clean change and
an allowed line; rekey-check runs (and fails a bad inventory) only when an
inventory file is staged; and after `pre-commit install` a real `git commit`
is blocked or goes through.

HOOKS is a throwaway repository holding this source tree's
.pre-commit-hooks.yaml (the working-tree copy, committed there at test
time): what users point `repo:` at is exactly that file at a repository's
root. Pointing try-repo at the source tree itself would depend on its git
state (pre-commit shadow-clones a tree with uncommitted changes, and a source
tarball is no repository at all); the file under test is the same.

language: system needs no network; PRE_COMMIT_HOME is inside the sandbox, and
the built rekey is the one on PATH.
"""
import datetime
import os
import shutil
import unittest

from itest import SOURCE_DIR, Sandbox


def clean_inventory():
    """One key, rotated yesterday, on a schedule that meets the default policy."""
    yesterday = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).strftime("%Y-%m-%dT02:00:00Z")
    with open(os.path.join(SOURCE_DIR, "tests", "cli", "cases", "check_clean", "keys.yaml")) as f:
        text = f.read()
    lines = [("    last_rotated: " + yesterday) if line.startswith("    last_rotated:") else line
             for line in text.splitlines()]
    return "\n".join(lines) + "\n"


class PreCommitTest(Sandbox):
    def setUp(self):
        super().setUp()
        if shutil.which("pre-commit", path=self.env["PATH"]) is None:
            self.fail("pre-commit is not installed (Debian package pre-commit; scripts/install-deps.sh installs it)")
        bin_dir = os.path.join(self.root, "bin")
        os.makedirs(bin_dir)
        os.symlink(self.rekey, os.path.join(bin_dir, "rekey"))
        self.env["PATH"] = bin_dir + os.pathsep + self.env["PATH"]
        self.env["PRE_COMMIT_HOME"] = os.path.join(self.root, "pre-commit-home")
        self.hooks_repo = self.make_repo("hooks")
        shutil.copy(os.path.join(SOURCE_DIR, ".pre-commit-hooks.yaml"), self.hooks_repo)
        self.git(self.hooks_repo, "add", ".pre-commit-hooks.yaml")
        self.git(self.hooks_repo, "commit", "-q", "-m", "rekey hooks")
        self.project = self.make_repo("project", {"README.md": "docs\n", "src/app.py": "print('hi')\n"})

    def stage(self, files):
        self.write(self.project, files)
        self.git(self.project, "add", "-A")

    def try_repo(self, hook):
        done = self.run_cmd(["pre-commit", "try-repo", self.hooks_repo, hook, "--verbose"], cwd=self.project)
        return done, done.stdout + done.stderr

    def test_rekey_scan_blocks_a_staged_fake_key(self):
        key = self.fake_key("try repo blocks")
        self.stage({"config/prod.env": "PORT=8080\nSTRIPE_KEY=" + key + "\n"})
        done, out = self.try_repo("rekey-scan")
        self.assertEqual(done.returncode, 1, out)
        self.assertRegex(out, r"rekey scan .*Failed")
        self.assertIn("stripe.secret-key", out)
        self.assertIn("config/prod.env:2:12", out)
        self.assertNoSecret(key, out)

    def test_rekey_scan_passes_a_clean_change(self):
        self.stage({"src/app.py": "import os\nprint(os.environ['STRIPE_KEY'])\n"})
        done, out = self.try_repo("rekey-scan")
        self.assertEqual(done.returncode, 0, out)
        self.assertRegex(out, r"rekey scan .*Passed")

    def test_rekey_scan_passes_an_allowed_line(self):
        key = self.fake_key("try repo allowed")
        self.stage({"tests/fixture.py": "KEY = '%s'  # rekey:allow\n" % key})
        done, out = self.try_repo("rekey-scan")
        self.assertEqual(done.returncode, 0, out)
        self.assertRegex(out, r"rekey scan .*Passed")
        self.assertNoSecret(key, out)

    def test_rekey_scan_ignores_keys_already_committed(self):
        key = self.fake_key("already there")
        self.stage({"legacy.env": "STRIPE_KEY=" + key + "\n"})
        self.git(self.project, "commit", "-q", "-m", "before the hook existed")
        self.stage({"legacy.env": "STRIPE_KEY=" + key + "\nPORT=8080\n"})  # an unrelated line added
        done, out = self.try_repo("rekey-scan")
        self.assertEqual(done.returncode, 0, out)

    def test_rekey_check_runs_only_when_an_inventory_is_staged(self):
        self.stage({"src/app.py": "print('changed')\n"})
        done, out = self.try_repo("rekey-check")
        self.assertEqual(done.returncode, 0, out)
        self.assertRegex(out, r"rekey check .*Skipped")

        seed = os.path.join(SOURCE_DIR, "testdata", "seed", "inventory.yaml")
        with open(seed) as f:
            self.stage({"inventory.yaml": f.read()})  # keys without rotation schedules: RK-INV-003
        done, out = self.try_repo("rekey-check")
        self.assertEqual(done.returncode, 1, out)
        self.assertRegex(out, r"rekey check .*Failed")
        self.assertIn("RK-INV-003", out)

        self.stage({"inventory.yaml": clean_inventory()})
        done, out = self.try_repo("rekey-check")
        self.assertEqual(done.returncode, 0, out)
        self.assertRegex(out, r"rekey check .*Passed")

    def test_installed_framework_hook_blocks_git_commit(self):
        rev = self.head(self.hooks_repo)
        self.stage({".pre-commit-config.yaml": "repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: rekey-scan\n"
                                               "      - id: rekey-check\n" % (self.hooks_repo, rev)})
        self.git(self.project, "commit", "-q", "-m", "pre-commit config")
        self.run_cmd(["pre-commit", "install"], cwd=self.project, check=True)

        key = self.fake_key("framework commit")
        before = self.head(self.project)
        self.stage({"deploy/secrets.env": "STRIPE_KEY=" + key + "\n"})
        blocked = self.git(self.project, "commit", "-m", "leak", check=False)
        self.assertNotEqual(blocked.returncode, 0, blocked.stdout + blocked.stderr)
        self.assertEqual(self.head(self.project), before)
        self.assertNoSecret(key, blocked.stdout, blocked.stderr)

        self.git(self.project, "rm", "-q", "--cached", "deploy/secrets.env")
        self.stage({"deploy/secrets.env": "STRIPE_KEY=${STRIPE_KEY}\n"})
        passed = self.git(self.project, "commit", "-m", "read it from the environment", check=False)
        self.assertEqual(passed.returncode, 0, passed.stdout + passed.stderr)
        self.assertNotEqual(self.head(self.project), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
