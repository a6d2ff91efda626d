#!/usr/bin/env python3
"""`rekey hook install|uninstall` (issue #6), driven through the real `git
commit` in throwaway repositories: the hook blocks a commit that adds a fake
key and lets a clean one through, install is idempotent, a foreign hook is
never overwritten without --force and then still runs first, uninstall puts
it back, core.hooksPath is refused.

rekey is not on PATH here, so every commit also proves the hook falls back to
the absolute path of the binary that installed it.
"""
import os
import unittest

from itest import Sandbox

FOREIGN_HOOK = """#!/bin/sh
# a team's own hook
echo ran >> "$(git rev-parse --git-dir)/foreign-hook-ran"
exit "${FOREIGN_EXIT:-0}"
"""


class HookTest(Sandbox):
    def setUp(self):
        super().setUp()
        self.repo = self.make_repo(files={"README.md": "docs\n"})
        self.hooks = os.path.join(self.repo, ".git", "hooks")
        self.hook = os.path.join(self.hooks, "pre-commit")
        self.legacy = os.path.join(self.hooks, "pre-commit.legacy")

    def hook_cmd(self, *args):
        return self.run_cmd([self.rekey, "hook"] + list(args), cwd=self.repo)

    def commit(self, message, *args, env=None):
        return self.git(self.repo, "commit", "-m", message, *args, check=False, env=env)

    def read(self, path):
        with open(path) as f:
            return f.read()

    def add_foreign_hook(self):
        os.makedirs(self.hooks, exist_ok=True)
        self.write_script(self.hook, FOREIGN_HOOK)

    def foreign_runs(self):
        marker = os.path.join(self.repo, ".git", "foreign-hook-ran")
        return len(self.read(marker).split()) if os.path.exists(marker) else 0

    def test_install_writes_an_executable_hook_and_is_idempotent(self):
        done = self.hook_cmd("install")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("installed " + self.hook, done.stdout)
        self.assertTrue(os.access(self.hook, os.X_OK))
        first = self.read(self.hook)
        self.assertIn("rekey-managed-hook", first)
        self.assertIn("scan --staged", first)
        again = self.hook_cmd("install")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("updated " + self.hook, again.stdout)
        self.assertEqual(self.read(self.hook), first)
        self.assertFalse(os.path.exists(self.legacy))

    def test_hook_blocks_a_commit_that_adds_a_key_and_passes_a_clean_one(self):
        self.assertEqual(self.hook_cmd("install").returncode, 0)
        key = self.fake_key("hook blocks")
        before = self.head(self.repo)

        self.write(self.repo, {"payments/prod.env": "STRIPE_KEY=" + key + "\n"})
        self.git(self.repo, "add", "payments/prod.env")
        blocked = self.commit("add prod config")
        self.assertNotEqual(blocked.returncode, 0)
        self.assertEqual(self.head(self.repo), before)
        self.assertIn("stripe.secret-key", blocked.stdout + blocked.stderr)
        self.assertIn("payments/prod.env:1:12", blocked.stdout + blocked.stderr)
        self.assertNoSecret(key, blocked.stdout, blocked.stderr)

        self.git(self.repo, "rm", "-q", "--cached", "payments/prod.env")
        self.write(self.repo, {"docs/usage.md": "Read the key from the vault.\n"})
        self.git(self.repo, "add", "docs/usage.md")
        passed = self.commit("document the vault")
        self.assertEqual(passed.returncode, 0, passed.stdout + passed.stderr)
        self.assertNotEqual(self.head(self.repo), before)

    def test_hook_blocks_commit_all_and_commit_path_which_use_a_temporary_index(self):
        self.assertEqual(self.hook_cmd("install").returncode, 0)
        key = self.fake_key("temporary index")
        before = self.head(self.repo)
        self.write(self.repo, {"README.md": "docs\nSTRIPE_KEY=" + key + "\n"})  # tracked, not staged
        self.assertNotEqual(self.commit("edit", "-a").returncode, 0)
        self.assertNotEqual(self.commit("edit", "--", "README.md").returncode, 0)
        self.assertEqual(self.head(self.repo), before)

    def test_hook_runs_from_a_subdirectory_and_honours_inline_allows(self):
        self.assertEqual(self.hook_cmd("install").returncode, 0)
        key = self.fake_key("allowed line")
        self.write(self.repo, {"src/app/test_fixture.py": "KEY = '%s'  # rekey:allow\n" % key})
        self.git(self.repo, "add", "-A")
        done = self.run_cmd(["git", "commit", "-m", "fixture"], cwd=os.path.join(self.repo, "src", "app"))
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)

    def test_foreign_hook_is_refused_without_force(self):
        self.add_foreign_hook()
        done = self.hook_cmd("install")
        self.assertEqual(done.returncode, 2)
        self.assertIn(self.hook + " exists and was not written by rekey", done.stderr)
        self.assertIn("--force", done.stderr)
        self.assertEqual(self.read(self.hook), FOREIGN_HOOK)
        self.assertFalse(os.path.exists(self.legacy))

    def test_force_keeps_the_foreign_hook_as_legacy_and_runs_it_first(self):
        self.add_foreign_hook()
        done = self.hook_cmd("install", "--force")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("runs pre-commit.legacy first", done.stdout)
        self.assertEqual(self.read(self.legacy), FOREIGN_HOOK)
        self.assertIn("rekey-managed-hook", self.read(self.hook))

        # A clean commit: both hooks run and it passes.
        self.write(self.repo, {"a.txt": "a\n"})
        self.git(self.repo, "add", "a.txt")
        self.assertEqual(self.commit("clean").returncode, 0)
        self.assertEqual(self.foreign_runs(), 1)
        # The foreign hook's verdict still counts...
        self.write(self.repo, {"b.txt": "b\n"})
        self.git(self.repo, "add", "b.txt")
        self.assertNotEqual(self.commit("vetoed", env=dict(self.env, FOREIGN_EXIT="1")).returncode, 0)
        self.assertEqual(self.foreign_runs(), 2)
        # ...and so does rekey's when the foreign hook passes.
        key = self.fake_key("after legacy")
        self.write(self.repo, {"b.txt": "STRIPE_KEY=" + key + "\n"})
        self.git(self.repo, "add", "b.txt")
        blocked = self.commit("leak")
        self.assertNotEqual(blocked.returncode, 0)
        self.assertEqual(self.foreign_runs(), 3)
        self.assertNoSecret(key, blocked.stdout, blocked.stderr)

        # Installing again keeps the legacy hook where it is.
        self.assertEqual(self.hook_cmd("install").returncode, 0)
        self.assertEqual(self.read(self.legacy), FOREIGN_HOOK)

    def test_force_refuses_when_a_legacy_hook_is_already_there(self):
        self.add_foreign_hook()
        self.write_script(self.legacy, "#!/bin/sh\nexit 0\n")
        done = self.hook_cmd("install", "--force")
        self.assertEqual(done.returncode, 2)
        self.assertIn("pre-commit.legacy already exists", done.stderr)
        self.assertEqual(self.read(self.hook), FOREIGN_HOOK)

    def test_uninstall_restores_the_foreign_hook(self):
        self.add_foreign_hook()
        self.assertEqual(self.hook_cmd("install", "--force").returncode, 0)
        done = self.hook_cmd("uninstall")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("restored the previous one", done.stdout)
        self.assertEqual(self.read(self.hook), FOREIGN_HOOK)
        self.assertFalse(os.path.exists(self.legacy))
        # Nothing of rekey's is left: uninstall again does nothing, and never
        # removes a hook it did not write.
        again = self.hook_cmd("uninstall")
        self.assertEqual(again.returncode, 0)
        self.assertIn("nothing to do", again.stdout)
        self.assertEqual(self.read(self.hook), FOREIGN_HOOK)

    def test_uninstall_removes_the_hook_and_commits_are_no_longer_scanned(self):
        self.assertEqual(self.hook_cmd("install").returncode, 0)
        self.assertEqual(self.hook_cmd("uninstall").returncode, 0)
        self.assertFalse(os.path.exists(self.hook))
        self.write(self.repo, {"x.env": "STRIPE_KEY=" + self.fake_key("unhooked") + "\n"})
        self.git(self.repo, "add", "x.env")
        self.assertEqual(self.commit("no hook any more").returncode, 0)

    def test_core_hooks_path_is_refused(self):
        self.git(self.repo, "config", "core.hooksPath", ".githooks")
        done = self.hook_cmd("install")
        self.assertEqual(done.returncode, 2)
        self.assertIn("core.hooksPath is set to .githooks", done.stderr)
        self.assertFalse(os.path.exists(self.hook))
        self.assertFalse(os.path.exists(os.path.join(self.repo, ".githooks")))

    def test_outside_a_repository_is_an_input_error(self):
        outside = os.path.join(self.root, "not-a-repo")
        os.makedirs(outside)
        done = self.run_cmd([self.rekey, "hook", "install"], cwd=outside)
        self.assertEqual(done.returncode, 2)
        self.assertIn("inside a git repository", done.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
