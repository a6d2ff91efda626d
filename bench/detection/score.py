#!/usr/bin/env python3
"""Recall and precision of one rekey scan of a gen_project.py tree.

    score.py TREE FINDINGS.json [--list]

TREE is the generated directory as passed to rekey scan (TREE.manifest.json
is its manifest).

A finding is true when it reports a planted secret: the same file, the line
the secret starts on, and a reported secret that is the planted token, part
of it or contains it; or when it reports another secret written in the
planted snippet itself (an example that holds an access key id beside its
secret key). Recall = planted secrets with a true finding / planted;
precision = true findings / all findings. --list prints the misses and the
false findings.
"""
import json
import os
import sys


def main():
    tree = sys.argv[1].rstrip("/")
    manifest = json.load(open(tree + ".manifest.json", encoding="utf-8"))
    report = json.load(open(sys.argv[2], encoding="utf-8"))
    show = "--list" in sys.argv
    planted = manifest["planted"]
    by_place = {}
    for i, p in enumerate(planted):
        by_place.setdefault((p["path"], p["line"]), []).append(i)
    found, true, false = set(), 0, []
    for f in report["findings"]:
        path = os.path.relpath(f["path"], tree)
        secret = f.get("secret") or ""
        hits = [i for i in by_place.get((path, f["line"]), [])
                if secret and (secret in planted[i]["token"] or planted[i]["token"] in secret)]
        if hits:
            true += 1
            found.update(hits)
        elif secret and any(p["path"] == path and p.get("lines", [0, -1])[0] <= f["line"] <= p["lines"][1]
                            and secret in p.get("text", "") for p in planted):
            true += 1
        else:
            false.append(f)
    recall = len(found) / len(planted) if planted else 0.0
    precision = true / (true + len(false)) if true + len(false) else 0.0
    print(f"planted {len(planted)}  found {len(found)}  findings {true + len(false)}  "
          f"recall {recall:.4f}  precision {precision:.4f}")
    if show:
        for i, p in enumerate(planted):
            if i not in found:
                print(f"  miss  {p['path']}:{p['line']}  {p['rule']}  {p['token'][:60]!r}")
        for f in false:
            path = os.path.relpath(f["path"], tree)
            print(f"  false {path}:{f['line']}  {f['rule_id']}  {(f.get('secret') or '')[:60]!r}")


if __name__ == "__main__":
    main()
