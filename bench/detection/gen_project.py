#!/usr/bin/env python3
"""Generates a project tree with planted secrets and decoys, for the detection bench.

    gen_project.py --rekey REKEY --rules RULES_DIR --out DIR [--seed N] [--copies N]

The secrets are taken at run time from the built-in rules' own examples (so a
new rule is covered as soon as it exists): every positive example is scanned
with rekey to learn the token its rule captures, and the identifier it is
assigned to. Each token is then written into realistic places: source files
in a dozen languages, config formats, CI files, Dockerfiles, Terraform,
Kubernetes manifests, docs, logs; private keys also as key files and inside
YAML and JSON. Around them the generator writes decoys a secret scanner must
not report: placeholders, published example keys, lockfile integrity hashes,
checksums, git SHAs, UUIDs, base64 images, CSRF tokens, code that
reads secrets from the environment, the rules' placeholder negative
examples, and ordinary code.

DIR.manifest.json lists every planted secret (path, line, token) and decoy.
Nothing here is a real credential: the rules' examples are synthetic, and the
generator's own random values come from a fixed seed.
"""
import argparse
import base64
import glob
import hashlib
import json
import os
import random
import re
import string
import subprocess
import sys
import tempfile

import yaml

ALNUM = string.ascii_letters + string.digits


class Words:
    """An identifier split into lowercase words, rendered in each case style."""

    def __init__(self, name):
        parts = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
        parts = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", parts)
        self.words = [w.lower() for w in re.split(r"[^A-Za-z0-9]+", parts) if w] or ["key"]

    def snake(self):
        return "_".join(self.words)

    def screaming(self):
        return self.snake().upper()

    def camel(self):
        return self.words[0] + "".join(w.capitalize() for w in self.words[1:])

    def pascal(self):
        return "".join(w.capitalize() for w in self.words)

    def kebab(self):
        return "-".join(self.words)

    def dotted(self):
        return ".".join(self.words)


# --- Tokens from the rules' examples -----------------------------------------

def load_rules(rules_dir):
    rules = {}
    for path in sorted(glob.glob(os.path.join(rules_dir, "*.yaml"))):
        doc = yaml.safe_load(open(path, encoding="utf-8")) or {}
        for rule in doc.get("rules") or []:
            rules[rule["id"]] = rule
    return rules


def example_name(example, secret, rule):
    """The identifier the secret is assigned to in its example, if any."""
    line_start = example.rfind("\n", 0, max(example.find(secret), 0)) + 1
    before = example[line_start:max(example.find(secret), 0)]
    names = re.findall(r"[A-Za-z][A-Za-z0-9_.-]*[A-Za-z0-9]", before)
    skip = {"export", "ENV", "ARG", "const", "let", "var", "val", "string", "String", "str", "static", "final",
            "private", "public", "Bearer", "bearer", "Basic", "basic", "token", "Authorization", "authorization",
            "https", "http", "curl", "value", "add", "key"}
    if rule.get("context"):
        ctx = re.compile("(?i:" + rule["context"].replace("(?-i:", "(?:") + ")")
        for name in reversed(names):
            if ctx.search(name):
                return name
    for name in reversed(names):
        if name not in skip and len(name) >= 3 and not name.lower().startswith(("http", "www")):
            return name
    return re.sub(r"[^A-Za-z0-9]+", "_", rule.get("provider", "api")).strip("_") + "_KEY"


def collect_tokens(rekey, rules_dir, work):
    """(rule id, token, name, multiline example) for every positive example."""
    rules = load_rules(rules_dir)
    ex_dir = os.path.join(work, "examples")
    os.makedirs(ex_dir, exist_ok=True)
    index = {}
    n = 0
    for rule_id, rule in rules.items():
        if rule.get("ruleset", "default") != "default":
            continue
        for k, text in enumerate(rule.get("examples") or []):
            path = os.path.join(ex_dir, f"ex{n:05d}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text if text.endswith("\n") else text + "\n")
            index[path] = (rule_id, text)
            n += 1
    out = subprocess.run([rekey, "scan", "--no-ignore", "--format", "json", "--show-secrets", ex_dir],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"gen_project: rekey scan of the examples failed: {out.stderr}")
    tokens, seen = [], set()
    for f in json.loads(out.stdout)["findings"]:
        rule_id, text = index.get(f["path"], (None, None))
        if rule_id is None or f["rule_id"] != rule_id or (rule_id, f["secret"]) in seen:
            continue
        seen.add((rule_id, f["secret"]))
        rule = rules[rule_id]
        secret = f["secret"]
        # A block written with real line breaks (an example that already
        # escapes them is planted as it is written, like a structured one).
        multiline = "\n" in secret
        tokens.append({"rule": rule_id, "token": secret, "example": text, "multiline": multiline,
                       "context": bool(rule.get("context")), "alone": False,
                       "name": example_name(text, secret, rule)})
    # A token its rule finds standing alone (value = "token") can be written
    # anywhere; one its rule only finds inside a structure (a URL's password,
    # AccountKey=...; in a connection string, Bearer ...) is planted as its
    # example writes it.
    alone_dir = os.path.join(work, "alone")
    os.makedirs(alone_dir, exist_ok=True)
    for i, t in enumerate(tokens):
        if not t["context"] and not t["multiline"] and '"' not in t["token"]:
            with open(os.path.join(alone_dir, f"t{i:05d}.txt"), "w", encoding="utf-8") as f:
                f.write(f'value = "{t["token"]}"\n')
    out = subprocess.run([rekey, "scan", "--no-ignore", "--format", "json", alone_dir], capture_output=True, text=True)
    for f in json.loads(out.stdout)["findings"] if out.returncode in (0, 1) else []:
        i = int(os.path.basename(f["path"])[1:6])
        if f["rule_id"] == tokens[i]["rule"]:
            tokens[i]["alone"] = True
    return tokens


# --- Shapes: how code and config write a named value ---------------------------

def shapes(w, v, rng):
    """(file kind, snippet) options for name `w` and value `v` (one line)."""
    q2 = '"' not in v
    q1 = "'" not in v
    bare = not re.search(r"[\s\"'$`\\#;&|<>(){}]", v)
    out = []
    if q2:
        out += [("py", f'{w.screaming()} = "{v}"\n'), ("py", f'settings = {{\n    "{w.snake()}": "{v}",\n}}\n'),
                ("js", f'  {w.camel()}: "{v}",\n'), ("ts", f'export const {w.camel()}: string = "{v}";\n'),
                ("go", f'\t{w.camel()} := "{v}"\n'), ("go", f'var {w.pascal()} = "{v}"\n'),
                ("java", f'    private static final String {w.screaming()} = "{v}";\n'),
                ("kt", f'val {w.camel()}: String = "{v}"\n'), ("cs", f'        string {w.pascal()} = "{v}";\n'),
                ("rb", f'  config.{w.snake()} = "{v}"\n'), ("rs", f'const {w.screaming()}: &str = "{v}";\n'),
                ("swift", f'let {w.camel()} = "{v}"\n'), ("json", f'  "{w.camel()}": "{v}",\n'),
                ("yaml", f'  {w.snake()}: "{v}"\n'), ("toml", f'{w.snake()} = "{v}"\n'),
                ("tf", f'  {w.snake()} = "{v}"\n'), ("sh", f'{w.screaming()}="{v}" ./deploy.sh\n')]
    if q1:
        out += [("php", f"$config['{w.snake()}'] = '{v}';\n"), ("js", f"const {w.camel()} = '{v}';\n"),
                ("py", f"client = Client({w.snake()}='{v}')\n")]
    if bare:
        out += [("env", f"{w.screaming()}={v}\n"), ("sh", f"export {w.screaming()}={v}\n"),
                ("dockerfile", f"ENV {w.screaming()}={v}\n"), ("make", f"{w.screaming()} := {v}\n"),
                ("ini", f"{w.snake()} = {v}\n"), ("properties", f"app.{w.dotted()}={v}\n"),
                ("yaml", f"  {w.snake()}: {v}\n"), ("log", f"2026-03-01T10:00:00Z [DEBUG] using {w.screaming()}={v}\n")]
    if "<" not in v and "&" not in v:
        out += [("xml", f'  <add key="{w.pascal()}" value="{v}" />\n'), ("xml", f"  <{w.camel()}>{v}</{w.camel()}>\n")]
    return out


def nameless_shapes(v):
    """Places that carry no name: headers, URLs, command lines."""
    out = []
    if not re.search(r"[\s\"]", v):
        out.append(("sh", f'curl -sS -H "Authorization: Bearer {v}" https://api.internal.test/v1/status\n'))
    if not re.search(r"[\s\"'$`\\:@/?#]", v):
        out.append(("sh", f"git clone https://ci-bot:{v}@git.internal.test/platform/app.git\n"))
        out.append(("sh", f"curl -s -u deploy:{v} https://api.internal.test/v1/export\n"))
    return out


# --- Decoys ---------------------------------------------------------------------

def decoys(rng, negatives):
    h = lambda n: "".join(rng.choice("0123456789abcdef") for _ in range(n))
    b64 = lambda n: base64.b64encode(bytes(rng.getrandbits(8) for _ in range(n))).decode()
    uuid = lambda: f"{h(8)}-{h(4)}-4{h(3)}-a{h(3)}-{h(12)}"
    out = [
        ("env", "API_KEY=${API_KEY}\n"), ("env", "DATABASE_PASSWORD=changeme\n"),
        ("env", "STRIPE_SECRET_KEY=<your-stripe-secret-key>\n"), ("yaml", "  api_token: \"{{ .Values.apiToken }}\"\n"),
        ("py", 'API_KEY = os.environ["API_KEY"]\n'), ("py", "password = getpass.getpass()\n"),
        ("js", "const token = process.env.GITHUB_TOKEN;\n"), ("go", '\ttoken := os.Getenv("SLACK_TOKEN")\n'),
        ("sh", 'curl -H "Authorization: Bearer $TOKEN" https://api.internal.test\n'),
        ("md", "Set `OPENAI_API_KEY=sk-...` before running the example.\n"),
        ("py", "secret_key = secrets.token_hex(32)\n"), ("java", '    String apiKey = System.getenv("API_KEY");\n'),
        ("yaml", "  password: \"\"\n"), ("json", '  "token": null,\n'), ("env", "AUTH_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxx\n"),
        ("py", 'AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE"\n'),
        ("py", 'AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n'),
        ("md", "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==\n"),
        ("yaml", f"  - uses: actions/checkout@{h(40)}\n"), ("json", f'  "id": "{uuid()}",\n'),
        ("json", f'      "integrity": "sha512-{b64(64)}",\n'), ("json", f'  "sha256": "{h(64)}",\n'),
        ("txt", f"{h(64)}  dist/app-linux-amd64.tar.gz\n"), ("go.sum", f"github.com/acme/lib v1.2.3 h1:{b64(32)}\n"),
        ("css", f"  background: url(data:image/png;base64,{b64(120)});\n"), ("py", f'REQUEST_ID = "{uuid()}"\n'),
        ("yaml", f"  commit: {h(40)}\n"), ("js", f'  etag: "W/\\"{h(32)}\\"",\n'), ("ts", f'  nonce: "{b64(16)}",\n'),
        ("py", f'  checksum = "{h(32)}"\n'), ("yaml", f"  image: registry.internal.test/app@sha256:{h(64)}\n"),
        ("toml", f'checksum = "{h(64)}"\n'), ("lock", f'  resolved "https://registry.yarnpkg.com/x/-/x-1.0.0.tgz#{h(40)}"\n'),
        ("html", f'<input type="hidden" name="csrf_token" value="{b64(24)}">\n'),
        ("py", "password_hash = bcrypt.hashpw(password, bcrypt.gensalt())\n"),
        ("py", f'def test_login(client):\n    client.login("alice", password="test-password-{rng.randint(1, 99)}")\n'),
        ("rb", "  config.secret_key_base = ENV.fetch(\"SECRET_KEY_BASE\")\n"),
        ("cs", '        var key = Configuration["ApiKey"];\n'), ("tf", "  password = var.db_password\n"),
        ("yaml", "  token: ${{ secrets.DEPLOY_TOKEN }}\n"), ("dockerfile", "ARG NPM_TOKEN\n"),
    ]
    # Values that look random but are no secrets, each several times.
    rnd = lambda n: "".join(rng.choice(ALNUM) for _ in range(n))
    for _ in range(12):
        out += [
            ("js", f'var {rng.choice("aeinotr")}="{rnd(24)}",{rng.choice("aeinotr")}={rng.randint(0, 99)};\n'),
            ("json", f'  "{rng.choice(["title", "label", "hint"])}.{rnd(6).lower()}": "{rnd(12)} {rnd(8)}",\n'),
            ("yaml", f"  secretName: {rng.choice(SERVICES)}-tls\n"), ("yaml", "  secretKeyRef:\n    name: app-secrets\n    key: api-token\n"),
            ("yaml", f"  publicKey: {b64(32)}\n"), ("py", f'PUBLIC_KEY = "{b64(32)}"\n'),
            ("go", f'\tTokenURL: "https://auth.internal.test/oauth/token",\n'), ("py", f"SESSION_TOKEN_TTL = {rng.randint(60, 86400)}\n"),
            ("json", f'  "password_min_length": {rng.randint(8, 16)},\n'), ("py", f'STRIPE_KEY = "sk_live_{"X" * 24}"\n'),
            ("css", f'  src: url("data:font/woff2;base64,{b64(90)}") format("woff2");\n'),
            ("html", f'<path d="M{rng.randint(1, 99)}.{rng.randint(1, 99)} {rnd(20)}"/>\n'),
            ("sql", f"INSERT INTO migrations VALUES ('{h(32)}', '{rng.randint(2020, 2026)}-01-01');\n"),
            ("yaml", f'  sha256: "{h(64)}"\n'), ("json", f'  "commitSha": "{h(40)}",\n'),
            ("py", f'token_type = "Bearer"\n'), ("js", f'const token = await getToken({rnd(8).lower()});\n'),
            ("json", f'  "apiKeyHeader": "X-Api-Key",\n'), ("env", f"SECRET_KEY_FILE=/run/secrets/{rng.choice(SERVICES)}\n"),
            ("tf", f'  kms_key_id = "arn:aws:kms:eu-west-1:{rng.randint(10**11, 10**12 - 1)}:key/{uuid()}"\n'),
        ]
    # The rules' own negative examples that are placeholders and hold nothing
    # random-looking (a rule's other negatives may well be another rule's
    # secret, or a password in a proxy block: not decoys).
    def random_looking(text):
        return any(re.search(r"[0-9]", m) and re.search(r"[A-Za-z]", m)
                   for m in re.findall(r"[A-Za-z0-9+/_-]{12,}", text))
    for text in negatives:
        if len(text) < 400 and re.search(r"\$\{|\{\{|<[a-z_ -]+>|xxxx|XXXX|\.\.\.|example|your[_-]", text) \
                and not random_looking(text):
            out.append(("txt", text.rstrip("\n") + "\n"))
    return out


FILLER = {
    "py": "import os\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\ndef handler(event):\n    return {'ok': True}\n",
    "js": "'use strict';\nconst express = require('express');\nconst app = express();\n",
    "ts": "import { Injectable } from '@angular/core';\n\n@Injectable()\nexport class Api {}\n",
    "go": "package config\n\nimport \"os\"\n\nfunc Load() map[string]string {\n\treturn map[string]string{}\n}\n",
    "java": "package com.acme.config;\n\npublic final class Settings {\n}\n",
    "kt": "package com.acme\n\nobject Settings\n", "cs": "namespace Acme.Config {\n    public static class Settings {}\n}\n",
    "rb": "Rails.application.configure do\n  config.cache_classes = true\nend\n",
    "rs": "use std::env;\n\npub fn init() {}\n", "swift": "import Foundation\n\nstruct Settings {}\n",
    "php": "<?php\n$config = [];\n", "json": "{\n  \"name\": \"acme-service\",\n  \"version\": \"1.4.2\"\n}\n",
    "yaml": "service:\n  replicas: 3\n  region: eu-west-1\n", "toml": "[tool.acme]\nlevel = \"info\"\n",
    "tf": "resource \"acme_service\" \"app\" {\n  name = \"app\"\n}\n", "sh": "#!/usr/bin/env bash\nset -euo pipefail\n",
    "env": "LOG_LEVEL=info\nPORT=8080\n", "dockerfile": "FROM debian:12-slim\nWORKDIR /app\n",
    "make": "all: build\n\nbuild:\n\tgo build ./...\n", "ini": "[server]\nport = 8080\n",
    "properties": "server.port=8080\nlogging.level.root=INFO\n", "xml": "<?xml version=\"1.0\"?>\n<configuration>\n",
    "log": "2026-03-01T10:00:00Z [INFO] starting worker 3\n", "md": "# Service\n\nRun `make build`.\n",
    "txt": "", "css": "body {\n  margin: 0;\n}\n", "html": "<!doctype html>\n<html><body>\n", "lock": "",
    "go.sum": "", "sql": "-- migrations\n",
}

PATHS = {
    "py": ["services/{s}/settings.py", "services/{s}/app/config.py", "scripts/{s}_sync.py"],
    "js": ["web/{s}/config.js", "web/{s}/src/client.js"], "ts": ["web/{s}/src/environment.ts"],
    "go": ["cmd/{s}/config.go", "internal/{s}/client.go"], "java": ["java/{s}/src/main/java/Settings.java"],
    "kt": ["android/{s}/Settings.kt"], "cs": ["dotnet/{s}/Settings.cs"], "rb": ["rails/{s}/config/application.rb"],
    "rs": ["crates/{s}/src/config.rs"], "swift": ["ios/{s}/Settings.swift"], "php": ["php/{s}/config.php"],
    "json": ["config/{s}.json", "web/{s}/appsettings.json"], "yaml": ["deploy/{s}/values.yaml", "config/{s}.yaml"],
    "toml": ["config/{s}.toml"], "tf": ["infra/{s}/main.tf"], "sh": ["scripts/{s}.sh", "ci/{s}-deploy.sh"],
    "env": ["services/{s}/.env", "services/{s}/.env.production"], "dockerfile": ["services/{s}/Dockerfile"],
    "make": ["services/{s}/Makefile"], "ini": ["config/{s}.ini"], "properties": ["java/{s}/application.properties"],
    "xml": ["dotnet/{s}/web.config"], "log": ["logs/{s}.log"], "md": ["docs/{s}.md"], "txt": ["docs/notes/{s}.txt"],
    "css": ["web/{s}/styles.css"], "html": ["web/{s}/index.html"], "lock": ["web/{s}/yarn.lock"],
    "go.sum": ["go.sum"], "sql": ["db/migrations/{s}.sql"],
}

SERVICES = ["billing", "orders", "auth", "search", "mailer", "gateway", "reports", "ingest", "ledger", "notify"]


class Tree:
    """Files being written: path -> list of lines; planted and decoy positions."""

    def __init__(self, rng):
        self.rng = rng
        self.files = {}
        self.planted = []
        self.decoys = []

    def path_for(self, kind):
        return self.rng.choice(PATHS[kind]).format(s=self.rng.choice(SERVICES))

    def append(self, path, kind, text):
        lines = self.files.setdefault(path, [FILLER.get(kind, "")])
        lines.append(text)
        return "".join(lines[:-1]).count("\n") + 1  # the line the text starts on

    def plant(self, kind, text, token, rule):
        path = self.path_for(kind)
        first = self.append(path, kind, text)
        line = first + (text[:text.find(token)].count("\n") if token in text else 0)
        # The snippet's lines and text: another secret written in the same
        # example (an access key id beside its secret key) is a true finding.
        self.planted.append({"path": path, "line": line, "token": token, "rule": rule,
                             "lines": [first, first + text.count("\n")], "text": text})

    def decoy(self, kind, text):
        path = self.path_for(kind) if kind in PATHS else "docs/notes/decoys.txt"
        self.decoys.append({"path": path, "line": self.append(path, kind, text), "text": text[:80]})

    def write(self, out):
        for path, parts in self.files.items():
            full = os.path.join(out, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write("".join(parts))


def plant_multiline(tree, t, rng):
    """A private key (or other multi-line secret): a key file, a YAML block, a JSON string."""
    block = t["example"]
    m = re.search(r"-----BEGIN [^\n]*?-----.*?-----END [^\n]*?-----", block, re.S) or \
        re.search(r"(?:PuTTY-User-Key-File|untrusted comment)[\s\S]*", block)
    block = m.group(0) if m else block
    first = t["token"].split("\n")[0]
    choice = rng.randrange(3)
    if choice == 0:
        path = f"deploy/keys/{rng.choice(SERVICES)}-{rng.randrange(1000)}.key"
        tree.files[path] = [block + "\n"]
        tree.planted.append({"path": path, "line": 1, "token": first, "rule": t["rule"]})
    elif choice == 1:
        indented = block.replace("\n", "\n    ")
        tree.plant("yaml", f"tls:\n  private_key: |\n    {indented}\n", first, t["rule"])
    else:
        escaped = block.replace("\n", "\\n")
        tree.plant("json", f'  "private_key": "{escaped}",\n', first, t["rule"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rekey", required=True)
    ap.add_argument("--rules", required=True, help="the rules/ directory whose examples give the secrets")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--copies", type=int, default=2, help="places each token is planted in")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as work:
        tokens = collect_tokens(args.rekey, args.rules, work)
    negatives = [n for r in load_rules(args.rules).values() if r.get("ruleset", "default") == "default"
                 for n in (r.get("negative_examples") or [])]
    tree = Tree(rng)
    for t in tokens:
        if t["multiline"]:
            for _ in range(args.copies):
                plant_multiline(tree, t, rng)
            continue
        if not t["context"] and not t["alone"]:
            for _ in range(args.copies):
                text = t["example"].rstrip("\n") + "\n"
                tree.plant(rng.choice(["txt", "log", "md", "env", "sh"]), text, t["token"], t["rule"])
            continue
        w = Words(t["name"])
        named = shapes(w, t["token"], rng)
        # Prefixed tokens are also written where no name is (headers, URLs).
        options = named + ([] if t["context"] else nameless_shapes(t["token"]))
        for kind, text in rng.sample(options, min(args.copies, len(options))):
            tree.plant(kind, text, t["token"], t["rule"])
    for kind, text in decoys(rng, negatives):
        tree.decoy(kind, text)
    tree.write(args.out)
    manifest = {"seed": args.seed, "tokens": len(tokens), "planted": tree.planted, "decoys": tree.decoys}
    with open(args.out.rstrip("/") + ".manifest.json", "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    print(f"gen_project: {len(tokens)} tokens from rule examples, {len(tree.planted)} planted, "
          f"{len(tree.decoys)} decoys, {len(tree.files)} files in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
