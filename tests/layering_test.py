#!/usr/bin/env python3
"""Fails when a module includes a header of a module it may not depend on.

The table is DESIGN.md's (plus `config`, a small module for .rekey.yaml, and
`yaml` for policy's loader): a module may include its own headers and those of
the modules it depends on, transitively. Public headers (include/rekey/) must
not include third-party headers, and each third-party library has exactly one
module that may include it.

Usage: layering_test.py SOURCE_DIR   (also runs a self-test on a broken tree)
"""
import os
import re
import sys
import tempfile

DEPENDS = {
    "base": [],
    "yaml": ["base"],
    "model": ["base", "yaml"],
    "config": ["base", "yaml"],
    "cron": ["base"],
    "policy": ["model", "cron", "base", "yaml"],
    "plan": ["policy", "model", "cron", "base"],
    # `metrics` and `compile` (DESIGN.md's planned module): exposition and compile targets.
    "emit": ["plan", "policy", "model", "cron", "base"],
    "rules": ["base", "yaml"],
    # rekey apply's stack (DESIGN.md "planned" rows): one libcurl adapter, the
    # Vault KV v2 client, declared providers, the rotation state machine.
    "http": ["base"],
    "vault": ["http", "base"],
    "provider": ["http", "rules", "base"],
    "apply": ["plan", "vault", "provider", "model", "base"],
    "matcher": ["rules", "base"],
    "source": ["base"],
    "scan": ["matcher", "source", "rules", "base"],
    "report": ["scan", "plan", "policy", "base"],
    # The link step above scan and plan (DESIGN.md): findings -> inventory keys.
    "link": ["scan", "plan", "policy", "model", "rules", "source", "base", "yaml"],
    "cli": ["base", "yaml", "model", "config", "cron", "policy", "plan", "emit", "rules", "matcher", "source", "scan",
            "report", "link", "http", "vault", "provider", "apply"],
}

# third-party include prefix -> the one module allowed to include it
SOLE_SITE = {
    "yaml-cpp/": "yaml",
    "hs.h": "matcher", "hs/": "matcher",
    "re2/": "matcher",
    "git2": "source",
    "archive.h": "source", "archive_entry.h": "source",
    "CLI/": "cli",
    "date/": "cron",
    "curl/": "http",
}
THIRD_PARTY = list(SOLE_SITE) + ["nlohmann/", "fmt/", "openssl/", "tbb/", "gtest/"]

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)


def closure(module):
    seen, todo = set(), [module]
    while todo:
        m = todo.pop()
        for d in DEPENDS.get(m, []):
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen | {module}


def files_of(root):
    for top in ("src", "include/rekey"):
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            continue
        for module in sorted(os.listdir(base)):
            mdir = os.path.join(base, module)
            if not os.path.isdir(mdir):
                continue
            for dirpath, _, names in os.walk(mdir):
                for name in sorted(names):
                    if name.endswith((".h", ".cc")):
                        yield module, top == "include/rekey", os.path.join(dirpath, name)


def check(root):
    problems = []
    for module, public, path in files_of(root):
        if module not in DEPENDS:
            problems.append(f"{path}: module '{module}' is not in the layering table")
            continue
        allowed = closure(module)
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for inc in INCLUDE.findall(text):
            m = re.match(r"rekey/([a-z_]+)/", inc) or re.match(r"([a-z_]+)/[a-z_0-9]+\.h$", inc)
            if m and m.group(1) in DEPENDS and m.group(1) not in allowed:
                problems.append(f"{path}: {module} includes {inc} ({m.group(1)} is above it)")
            for prefix, site in SOLE_SITE.items():
                if inc.startswith(prefix) and module != site:
                    problems.append(f"{path}: includes {inc}; only the {site} module may")
            if public and any(inc.startswith(p) for p in THIRD_PARTY):
                problems.append(f"{path}: public header includes third-party {inc}")
    return problems


def self_test():
    """The checker must catch an upward include and a leaked third-party header."""
    with tempfile.TemporaryDirectory() as tmp:
        os.makedirs(os.path.join(tmp, "src/model"))
        os.makedirs(os.path.join(tmp, "include/rekey/base"))
        with open(os.path.join(tmp, "src/model/x.cc"), "w") as f:
            f.write('#include "rekey/scan/scanner.h"\n')
        with open(os.path.join(tmp, "include/rekey/base/y.h"), "w") as f:
            f.write('#include <re2/re2.h>\n')
        found = check(tmp)
        assert len(found) == 3, found  # upward include, sole site, public third-party


def main():
    self_test()
    problems = check(sys.argv[1])
    for p in problems:
        print(p)
    print(f"layering: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
