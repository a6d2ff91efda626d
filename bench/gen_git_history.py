#!/usr/bin/env python3
"""Writes a `git fast-import` stream for a realistic repository history built
from the text files already on this machine (/usr/include, Python's standard
library, Perl's modules): a first import, then commits that edit files (lines
replaced, inserted, deleted), add files, rename and delete some, copy some
(identical blobs at several paths), with topic branches merged back (real
two-parent merges) and tags. A few fake keys are planted along the way, one
of them deleted again a few commits later (history finds it; a working-tree
scan does not). The history stops once the unique blob bytes reach --size-mb.

Deterministic for a given machine: same source files, --seed and --size-mb,
same stream. The fake keys are assembled here, from random characters, so no
key-shaped literal lives in the repository.

Usage: gen_git_history.py [--size-mb 150] [--seed 1] | git fast-import
"""
import argparse
import hashlib
import os
import random
import re
import sys

SOURCES = ("/usr/include", "/usr/lib/python3.11", "/usr/share/perl")
MAX_FILE = 512 * 1024
SAFE_PATH = re.compile(r"[A-Za-z0-9._+@/-]+")
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def source_files():
    """(repository path, bytes) for every small text file under SOURCES."""
    files = []
    for root in SOURCES:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            if "__pycache__" in dirnames:
                dirnames.remove("__pycache__")
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if os.path.islink(path) or not os.path.isfile(path):
                    continue
                size = os.path.getsize(path)
                if size == 0 or size > MAX_FILE:
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                if b"\0" in data[:8000]:
                    continue
                repo_path = path.lstrip("/").replace("usr/", "", 1)
                if SAFE_PATH.fullmatch(repo_path):  # no quoting needed in the stream
                    files.append((repo_path, data))
    return files


def blob_id(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def fake_key(rng, kind):
    chars = "".join(rng.choice(BASE62) for _ in range(32))
    if kind == "stripe":
        return "STRIPE_SECRET_KEY=" + "sk_" + "live_" + chars
    return "AWS_ACCESS_KEY_ID=" + "AK" + "IA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


class Writer:
    def __init__(self, out):
        self.out = out
        self.mark = 0
        self.unique = {}  # blob id -> size

    def data(self, payload):
        self.out.write(b"data %d\n" % len(payload))
        self.out.write(payload)
        self.out.write(b"\n")

    def commit(self, ref, when, message, parent, merge, changes):
        """changes: list of ('M', path, bytes) | ('D', path) | ('R', old, new)."""
        self.mark += 1
        self.out.write(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        who = b"Bench Dev <bench@example.com> %d +0000\n" % when
        self.out.write(b"author " + who + b"committer " + who)
        self.data(message.encode())
        if parent:
            self.out.write(b"from :%d\n" % parent)
        if merge:
            self.out.write(b"merge :%d\n" % merge)
        for change in changes:
            if change[0] == "M":
                self.out.write(b"M 100644 inline %s\n" % change[1].encode())
                self.data(change[2])
                self.unique.setdefault(blob_id(change[2]), len(change[2]))
            elif change[0] == "D":
                self.out.write(b"D %s\n" % change[1].encode())
            else:
                self.out.write(b'R "%s" "%s"\n' % (change[1].encode(), change[2].encode()))
        self.out.write(b"\n")
        return self.mark

    def unique_bytes(self):
        return sum(self.unique.values())


def edit(rng, data, donor):
    """Replaces, inserts or deletes a few runs of lines, with lines from `donor`."""
    lines = data.split(b"\n")
    donor_lines = donor.split(b"\n")
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(lines) + 1)
        span = rng.randint(0, min(12, len(lines) - at))
        start = rng.randrange(max(1, len(donor_lines) - 8))
        new = donor_lines[start:start + rng.randint(0, 8)]
        lines[at:at + span] = new
    return b"\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-mb", type=float, default=150)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pool = source_files()
    rng.shuffle(pool)
    target = int(args.size_mb * 1e6)
    out = Writer(sys.stdout.buffer)
    when = 1_600_000_000

    # 1. The first import: a third of the pool.
    first = len(pool) // 3
    tree = dict(pool[:first])
    pending = pool[first:]
    main_tip = out.commit("refs/heads/main", when, "import", None, None,
                          [("M", p, d) for p, d in sorted(tree.items())])
    commits = 1

    def work(tree, n_edits, n_adds, structural=True):
        changes = []
        paths = sorted(tree)
        for path in rng.sample(paths, min(n_edits, len(paths))):
            donor = pool[rng.randrange(len(pool))][1]
            tree[path] = edit(rng, tree[path], donor)
            changes.append(("M", path, tree[path]))
        for _ in range(n_adds):
            if not pending:
                break
            path, data = pending.pop()
            if path in tree:
                continue
            tree[path] = data
            changes.append(("M", path, data))
        roll = rng.random() if structural else 1.0
        if roll < 0.08 and len(paths) > 10:  # rename a file
            old = rng.choice(sorted(tree))
            new = os.path.join(os.path.dirname(old), "moved_" + os.path.basename(old))
            if new not in tree:
                tree[new] = tree.pop(old)
                changes.append(("R", old, new))
        elif roll < 0.14 and len(paths) > 10:  # delete a file
            gone = rng.choice(sorted(tree))
            del tree[gone]
            changes.append(("D", gone))
        elif roll < 0.18:  # copy a file: the same blob at a second path
            src = rng.choice(sorted(tree))
            dst = "vendor/copy_%d/%s" % (rng.randrange(20), os.path.basename(src))
            if dst not in tree:
                tree[dst] = tree[src]
                changes.append(("M", dst, tree[dst]))
        return changes

    planted = []
    while out.unique_bytes() < target and (pending or commits < 20000):
        when += rng.randint(60, 36000)
        if commits % 97 == 0:
            # 2. A topic branch: a few commits, then a merge commit on main.
            topic = dict(tree)
            fork = main_tip
            tip = fork
            touched = {}
            for k in range(rng.randint(2, 6)):
                changes = work(topic, rng.randint(1, 4), rng.randint(0, 2), structural=False)
                for c in changes:
                    touched[c[1]] = c[2]
                tip = out.commit("refs/heads/topic-%d" % commits, when + k, "topic %d.%d" % (commits, k), tip, None,
                                 changes)
                commits += 1
            when += 10
            main_changes = [c for c in work(tree, 2, 0, structural=False) if c[1] not in touched]
            main_tip = out.commit("refs/heads/main", when, "main while topic %d" % commits, main_tip, None, main_changes)
            when += 10
            tree.update(touched)
            main_tip = out.commit("refs/heads/main", when, "Merge topic", main_tip, tip,
                                  [("M", p, d) for p, d in sorted(touched.items())])
            commits += 2
            continue
        changes = work(tree, rng.randint(1, 4), rng.randint(0, 2))
        if commits % 301 == 0:
            # 3. A fake key in a config file; every second one is deleted later.
            path = "config/service_%d.env" % commits
            tree[path] = ("# service settings\nPORT=8080\n%s\n" % fake_key(rng, rng.choice(["stripe", "aws"]))).encode()
            changes.append(("M", path, tree[path]))
            planted.append(path)
        elif planted and commits % 301 == 7 and len(planted) % 2 == 0 and planted[-1] in tree:
            del tree[planted[-1]]
            changes.append(("D", planted[-1]))
        if not changes:
            continue
        main_tip = out.commit("refs/heads/main", when, "change %d" % commits, main_tip, None, changes)
        commits += 1
        if commits % 500 == 0:
            sys.stdout.buffer.write(b"reset refs/tags/v%d\nfrom :%d\n\n" % (commits // 500, main_tip))

    sys.stderr.write("gen_git_history: %d commits, %d unique blobs, %.1f MB of unique blob bytes, %d files at HEAD, "
                     "%d fake keys planted\n" % (commits, len(out.unique), out.unique_bytes() / 1e6, len(tree),
                                                 len(planted)))


if __name__ == "__main__":
    main()
