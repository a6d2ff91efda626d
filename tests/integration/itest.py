"""Shared fixtures for rekey's CLI-level integration tests (tests/integration):
a sandbox directory with an environment cut off from the machine's git and
pre-commit configuration, throwaway repositories driven by the real `git`,
and fake keys assembled at run time.

ctest passes REKEY_BIN (the built binary), REKEY_SOURCE_DIR (the source tree)
and REKEY_TEST_CACHE (one rules-database cache for every test, inside the
build tree: the first rekey run compiles it, the others load it).
"""
import hashlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

REKEY_BIN = os.environ.get("REKEY_BIN", "")
SOURCE_DIR = os.environ.get("REKEY_SOURCE_DIR", "")
CACHE_DIR = os.environ.get("REKEY_TEST_CACHE", "")
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def fake_stripe_key(tag):
    """An obviously fake Stripe live secret key, different per `tag`: a fixed
    "FakeKeyForRekeyTests" body ended by 14 base62 characters hashed from the
    tag. The prefix is split so no key-shaped literal sits in the repository.
    Sandbox.fake_key() also proves rekey detects it."""
    digest = int.from_bytes(hashlib.sha256(tag.encode()).digest(), "big")
    tail = ""
    for _ in range(14):
        digest, index = divmod(digest, 62)
        tail += BASE62[index]
    return "sk_" + "live_" + "FakeKeyForRekeyTests" + tail


class Sandbox(unittest.TestCase):
    """A TestCase with self.root (a temporary directory), self.env (no GIT_*
    or PRE_COMMIT* variables from the caller, HOME inside root, no global or
    system git config) and helpers to run commands there."""

    def setUp(self):
        for name, value in (("REKEY_BIN", REKEY_BIN), ("REKEY_SOURCE_DIR", SOURCE_DIR),
                            ("REKEY_TEST_CACHE", CACHE_DIR)):
            if not value:
                self.fail(name + " is not set: run this test through ctest")
        self.rekey = REKEY_BIN
        self.root = tempfile.mkdtemp(prefix="rekey-itest-")
        self.addCleanup(shutil.rmtree, self.root, True)
        home = os.path.join(self.root, "home")
        os.makedirs(home)
        open(os.path.join(home, ".gitconfig"), "w").close()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "TMPDIR": self.root,
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
            "XDG_CACHE_HOME": CACHE_DIR,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.path.join(home, ".gitconfig"),
            "GIT_AUTHOR_NAME": "Ann Dev",
            "GIT_AUTHOR_EMAIL": "ann@example.com",
            "GIT_COMMITTER_NAME": "Ann Dev",
            "GIT_COMMITTER_EMAIL": "ann@example.com",
        }

    def fake_key(self, tag):
        """fake_stripe_key(tag), after checking that a plain `rekey scan`
        reports it: a test that expects no finding must not pass because the
        key went unnoticed."""
        key = fake_stripe_key(tag)
        probe = os.path.join(self.root, "probe-key.env")
        with open(probe, "w") as f:
            f.write("STRIPE_KEY=" + key + "\n")
        done = self.run_cmd([self.rekey, "scan", probe, "-q", "--format", "json"])
        os.remove(probe)
        self.assertEqual(done.returncode, 1, done.stderr)
        self.assertEqual([f["rule_id"] for f in json.loads(done.stdout)["findings"]], ["stripe.secret-key"])
        return key

    def run_cmd(self, args, cwd=None, env=None, check=False):
        """Runs args; returns CompletedProcess with text stdout/stderr."""
        done = subprocess.run(args, cwd=cwd or self.root, env=env or self.env, capture_output=True, text=True,
                              timeout=300)
        if check and done.returncode != 0:
            self.fail("%s exited %d\nstdout: %s\nstderr: %s" % (args, done.returncode, done.stdout, done.stderr))
        return done

    def git(self, repo, *args, check=True, env=None):
        return self.run_cmd(["git", "-C", repo] + list(args), env=env, check=check)

    def make_repo(self, name="repo", files=None, message="initial"):
        """A fresh repository under root with `files` ({path: text}) committed
        on branch main (no commit when files is None)."""
        repo = os.path.join(self.root, name)
        self.git(self.root, "init", "-q", "-b", "main", repo)
        if files is not None:
            self.write(repo, files)
            self.git(repo, "add", "-A")
            self.git(repo, "commit", "-q", "-m", message)
        return repo

    def write(self, repo, files):
        for path, text in files.items():
            full = os.path.join(repo, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)

    def write_script(self, path, text):
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)

    def head(self, repo):
        return self.git(repo, "rev-parse", "HEAD").stdout.strip()

    def assertNoSecret(self, secret, *texts):
        """No output holds the secret, or its body past the redacted prefix."""
        for text in texts:
            self.assertNotIn(secret, text)
            self.assertNotIn(secret[8:24], text)
