#!/usr/bin/env python3
"""Writes a `git fast-import` stream for a long, narrow history — the shape of
a mature project (redis: tens of thousands of commits over ~1,500 files) —
for the incremental and memory benchmarks of `rekey scan --history`:
--files source files in nested directories, then --commits commits that each
edit one to three files (a line replaced or inserted), now and then add,
rename or delete a file, merge a topic branch, and plant a fake key (one in
--key-every commits; assembled here from random characters, so no key-shaped
literal lives in this file).

Deterministic for the same arguments. `--append N` writes N more commits on
top of an existing branch (`--from` its tip) instead: the "one new commit"
of the re-scan benchmark.

Usage: gen_long_history.py [--commits 40000] [--files 1500] [--seed 1] | git fast-import
"""
import argparse
import random
import sys

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
WORDS = ("static int void return struct const char size_t if else for while break continue "
         "buffer length count index value result error state config server client reply "
         "object list dict string module command key expire memory thread event loop").split()


def fake_key(rng):
    return "sk_" + "live_" + "".join(rng.choice(BASE62) for _ in range(32))


def line(rng):
    return "    " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))) + ";\n"


class Writer:
    def __init__(self, out):
        self.out = out
        self.mark = 0

    def blob(self, text):
        self.mark += 1
        data = text.encode()
        self.out.write(b"blob\nmark :%d\ndata %d\n" % (self.mark, len(data)))
        self.out.write(data)
        self.out.write(b"\n")
        return self.mark

    def commit(self, ref, when, message, parent, merge, changes):
        self.mark += 1
        msg = message.encode()
        self.out.write(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        self.out.write(b"author Dev <dev@example.com> %d +0000\n" % when)
        self.out.write(b"committer Dev <dev@example.com> %d +0000\n" % when)
        self.out.write(b"data %d\n%s\n" % (len(msg), msg))
        if parent:
            self.out.write(b"from %s\n" % parent.encode())
        if merge:
            self.out.write(b"merge %s\n" % merge.encode())
        for change in changes:
            self.out.write(change.encode() + b"\n")
        self.out.write(b"\n")
        return ":%d" % self.mark


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=40000)
    parser.add_argument("--files", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--key-every", type=int, default=2000)
    parser.add_argument("--append", type=int, default=0, help="write this many commits on top of --from")
    parser.add_argument("--from", dest="base", default="", help="the commit --append builds on")
    parser.add_argument("--start-time", type=int, default=1_500_000_000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = sys.stdout.buffer
    w = Writer(out)
    dirs = ["src", "src/modules", "src/deps/lua", "src/deps/hiredis", "tests/unit", "tests/integration",
            "utils", "docs", "deps/jemalloc/src", "deps/linenoise"]
    paths = ["%s/file%04d.%s" % (rng.choice(dirs), i, rng.choice(["c", "h", "tcl", "md"])) for i in range(args.files)]
    texts = {p: "".join(line(rng) for _ in range(rng.randint(20, 60))) for p in paths}
    when = args.start_time
    if args.append:
        # New commits on top of an existing history: fresh random edits.
        rng = random.Random(args.seed * 7919 + args.append)
        parent = args.base
        for i in range(args.append):
            when = args.start_time + 10**8 + i * 60
            path = "src/new%06d.c" % rng.randrange(10**6)
            text = "".join(line(rng) for _ in range(20)) + "STRIPE_SECRET_KEY=" + fake_key(rng) + "\n"
            mark = w.blob(text)
            parent = w.commit("refs/heads/main", when, "append %d" % i, parent, None, ["M 100644 :%d %s" % (mark, path)])
        return
    # The first import.
    changes = ["M 100644 :%d %s" % (w.blob(texts[p]), p) for p in paths]
    tip = w.commit("refs/heads/main", when, "import", None, None, changes)
    topic = None
    for n in range(1, args.commits):
        when += rng.randint(30, 3600)
        changes = []
        roll = rng.random()
        if roll < 0.01 and len(paths) > 10:  # rename
            old = rng.choice(paths)
            new = "%s/moved%05d.c" % (rng.choice(dirs), n)
            paths.remove(old)
            paths.append(new)
            texts[new] = texts.pop(old)
            changes.append('R "%s" "%s"' % (old, new))
        elif roll < 0.015 and len(paths) > 10:  # delete
            old = rng.choice(paths)
            paths.remove(old)
            del texts[old]
            changes.append('D "%s"' % old)
        elif roll < 0.03:  # add
            new = "%s/added%05d.c" % (rng.choice(dirs), n)
            paths.append(new)
            texts[new] = "".join(line(rng) for _ in range(rng.randint(10, 40)))
            changes.append("M 100644 :%d %s" % (w.blob(texts[new]), new))
        for _ in range(rng.randint(1, 3)):  # edits
            p = rng.choice(paths)
            lines = texts[p].splitlines(keepends=True)
            at = rng.randrange(len(lines))
            if rng.random() < 0.5:
                lines[at] = line(rng)
            else:
                lines.insert(at, line(rng))
            if n % args.key_every == 0:
                lines.insert(at, "STRIPE_SECRET_KEY=" + fake_key(rng) + "\n")
            texts[p] = "".join(lines)
            changes.append("M 100644 :%d %s" % (w.blob(texts[p]), p))
        # A topic branch every 500 commits, merged back 20 commits later.
        if n % 500 == 250:
            topic = tip
        if topic and n % 500 == 260:
            topic = w.commit("refs/heads/topic", when, "topic %d" % n, topic, None, changes)
            continue
        merge = topic if topic and n % 500 == 270 else None
        if merge:
            topic = None
        tip = w.commit("refs/heads/main", when, "commit %d" % n, tip, merge, changes)
        if n % 5000 == 0:
            out.write(b"reset refs/tags/v%d\nfrom %s\n\n" % (n // 5000, tip.encode()))


if __name__ == "__main__":
    main()
