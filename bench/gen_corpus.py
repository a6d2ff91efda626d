#!/usr/bin/env python3
"""Generates the scan benchmark corpus: a tree of realistic mixed source and
configuration text (Python, JS/TS, Go, Java, C++, YAML, JSON, Markdown, .env,
shell, lockfiles, minified bundles) with a sprinkle of fake keys taken from the
rules' own `examples` (so every planted key is one a rule must find) and their
`negative_examples` (placeholders a rule must not report).

Deterministic: the same --seed and --size-mb give byte-identical trees.

Usage: gen_corpus.py --out DIR [--size-mb 110] [--seed 1] [--rules-dir rules]
"""
import argparse
import base64
import glob
import os
import random
import sys

try:
    import yaml
except ImportError:  # python3-yaml is a Debian package the project already uses
    yaml = None

WORDS = ("account address amount api app archive auth backend balance batch billing bucket buffer build "
         "cache callback cart channel charge checkout client cluster config connection consumer context "
         "count credential customer data database deploy device digest domain draft email endpoint error "
         "event export factory feature field file filter flag gateway group handler hash header health host "
         "id index input invoice issue item job key label layer limit link list loader lock log manager "
         "message metric model module node order owner package page parser path payload payment plan policy "
         "pool port price profile project provider proxy queue quota record region registry release report "
         "request resource response result retry role route rule schedule schema scope secret service session "
         "shard signal source state status storage stream subscription task team tenant token topic trace "
         "transaction type user value vault version webhook worker zone").split()

FALLBACK_KEYS = []  # used only when no rules/*.yaml examples exist


def ident(rng, parts=2, style="snake"):
    words = [rng.choice(WORDS) for _ in range(parts)]
    if style == "camel":
        return words[0] + "".join(w.capitalize() for w in words[1:])
    if style == "pascal":
        return "".join(w.capitalize() for w in words)
    if style == "upper":
        return "_".join(w.upper() for w in words)
    return "_".join(words)


def noise_value(rng):
    kind = rng.randrange(9)
    if kind == 0:
        return "%032x" % rng.getrandbits(128)  # md5-like hash
    if kind == 1:
        return base64.b64encode(rng.randbytes(rng.choice((12, 24, 48)))).decode()
    if kind == 2:
        return "%08x-%04x-%04x-%04x-%012x" % tuple(rng.getrandbits(b) for b in (32, 16, 16, 16, 48))
    if kind == 3:
        return "https://%s.example.com/%s/%s" % (rng.choice(WORDS), rng.choice(WORDS), rng.randrange(10000))
    if kind == 4:
        return str(rng.randrange(10 ** rng.randrange(1, 10)))
    if kind == 5:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randrange(2, 7)))
    if kind == 6:
        return "${%s}" % ident(rng, 2, "upper")
    if kind == 7:
        return "%040x" % rng.getrandbits(160)  # git sha
    return ident(rng, rng.randrange(1, 4), rng.choice(("snake", "camel")))


def line_for(lang, rng):
    a, b, c = ident(rng, 2, "snake"), ident(rng, 2, "camel"), ident(rng, 2, "pascal")
    v = noise_value(rng)
    pick = rng.randrange(8)
    if lang == "py":
        return [f"def {a}(self, {b}, {rng.choice(WORDS)}=None):", f"    {a} = self.{b}.get('{v}')",
                           f"    return {c}({a}, timeout={rng.randrange(100)})", f"# {v} {a} handles the {b}",
                           f"    if not {a}:\n        raise {c}Error('{v}')", f"import {rng.choice(WORDS)}.{rng.choice(WORDS)}",
                           f"    logger.info('%s {b}', {a})", f"class {c}({c}Base):"][pick]
    if lang in ("js", "ts"):
        return [f"export function {b}({a}, opts = {{}}) {{", f"  const {b} = await {a}.fetch('{v}');",
                           f"  return {{ ...{a}, {b}: '{v}' }};", f"// {v} {a} {b}", f"}}",
                           f"import {{ {c} }} from './{rng.choice(WORDS)}';", f"  if ({b} === undefined) throw new Error('{v}');",
                           f"  {b}.on('{rng.choice(WORDS)}', () => {a}({rng.randrange(1000)}));"][pick]
    if lang == "go":
        return [f"func ({a[0]} *{c}) {c}(ctx context.Context, {b} string) error {{",
                           f"\t{b}, err := {a}.Get(ctx, \"{v}\")", "\tif err != nil {\n\t\treturn err\n\t}",
                           f"// {c} {v}", "}", f"\t{b} := &{c}{{Name: \"{v}\", Count: {rng.randrange(100)}}}",
                           f"import \"{rng.choice(WORDS)}/{rng.choice(WORDS)}\"", f"\treturn {b}, nil"][pick]
    if lang == "java":
        return [f"public {c} {b}(final String {a}) {{", f"    final var {b} = {a}.get(\"{v}\");",
                           f"    return new {c}({b}, {rng.randrange(100)});", f"// {v}", "}",
                           f"import com.example.{rng.choice(WORDS)}.{c};", f"    @Override public String toString() {{ return \"{v}\"; }}",
                           f"    private static final int {ident(rng, 2, 'upper')} = {rng.randrange(10000)};"][pick]
    if lang == "cc":
        return [f"absl::Status {c}::{c}(std::string_view {a}) {{", f"  auto {b} = {a}_.find(\"{v}\");",
                           f"  return {c}{{{b}, {rng.randrange(100)}}};", f"// {v}", "}",
                           f"#include \"{rng.choice(WORDS)}/{rng.choice(WORDS)}.h\"", f"  if ({b} == nullptr) return absl::NotFoundError(\"{v}\");",
                           f"  std::vector<{c}> {a}s;"][pick]
    if lang == "yaml":
        return [f"{a}:", f"  {b}: {v}", f"  - name: {a}\n    value: \"{v}\"", f"# {v}",
                           f"  {a}: {rng.randrange(1000)}", f"{a}_{b}: true", f"    image: {rng.choice(WORDS)}:{rng.randrange(10)}.{rng.randrange(10)}",
                           f"  {b}: ${{{ident(rng, 2, 'upper')}}}"][pick]
    if lang == "json":
        return [f'  "{b}": "{v}",', f'  "{a}": {rng.randrange(100000)},', f'  "{b}": {{', "  },",
                           f'    "{a}": ["{v}", "{rng.choice(WORDS)}"],', f'    "{b}": null,', f'  "{a}": true,',
                           f'    "integrity": "sha512-{base64.b64encode(rng.randbytes(48)).decode()}",'][pick]
    if lang == "env":
        return f"{ident(rng, 2, 'upper')}={v}"
    if lang == "sh":
        return [f"export {ident(rng, 2, 'upper')}=\"{v}\"", f"{a}() {{", f"  curl -s \"{v}\" | jq .{b}", "}",
                           f"# {v}", f"if [ -z \"${{{ident(rng, 2, 'upper')}}}\" ]; then", "fi", f"  echo \"{v}\""][pick]
    if lang == "lock":
        return (f"{rng.choice(WORDS)}-{rng.choice(WORDS)}@^{rng.randrange(9)}.{rng.randrange(20)}.{rng.randrange(20)}:\n"
                f"  version \"{rng.randrange(9)}.{rng.randrange(20)}.{rng.randrange(20)}\"\n"
                f"  resolved \"https://registry.example.org/{a}/-/{a}.tgz#{'%040x' % rng.getrandbits(160)}\"\n"
                f"  integrity sha512-{base64.b64encode(rng.randbytes(64)).decode()}")
    # md
    return [f"## {c}", f"The `{b}` option sets the {a}. See {v}.", "", f"- {a}: {v}",
                       f"```\n{a} --{b} {v}\n```", f"{' '.join(rng.choice(WORDS) for _ in range(12))}.", f"| {a} | {v} |",
                       f"> {v}"][pick]


LANGS = [("py", ".py", 14), ("js", ".js", 12), ("ts", ".ts", 8), ("go", ".go", 10), ("java", ".java", 8),
         ("cc", ".cc", 8), ("yaml", ".yaml", 10), ("json", ".json", 8), ("md", ".md", 8), ("env", ".env", 3),
         ("sh", ".sh", 4), ("lock", ".lock", 3), ("min", ".min.js", 2)]


def load_examples(rules_dir):
    positives, negatives = [], []
    if yaml is None:
        return positives, negatives
    for path in sorted(glob.glob(os.path.join(rules_dir, "*.yaml"))):
        with open(path) as f:
            doc = yaml.safe_load(f) or {}
        for rule in doc.get("rules", []) or []:
            positives += [e for e in rule.get("examples", []) if isinstance(e, str) and "\n" not in e]
            negatives += [e for e in rule.get("negative_examples", []) if isinstance(e, str) and "\n" not in e]
    return positives, negatives


def make_file(rng, lang, size, pools, keys, negatives, key_every):
    if lang == "min":  # one huge line of minified code
        body = ";".join(rng.choice(pools["js"]).strip() for _ in range(size // 40))
        return body[:size] + "\n", 0
    pool = pools[lang]
    out, n, planted = [], 0, 0
    while n < size:
        if keys and rng.random() < 1.0 / key_every:
            out.append(f"{ident(rng, 2, 'snake')} = \"{rng.choice(keys)}\"")
            planted += 1
        elif negatives and rng.random() < 1.0 / key_every:
            out.append(f"{ident(rng, 2, 'snake')} = \"{rng.choice(negatives)}\"")
        else:
            out.append(rng.choice(pool))
        n += len(out[-1]) + 1
    return "\n".join(out) + "\n", planted


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mb", type=float, default=110)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rules-dir", default=os.path.join(os.path.dirname(__file__), "..", "rules"))
    args = ap.parse_args()
    rng = random.Random(args.seed)
    keys, negatives = load_examples(args.rules_dir)
    keys = keys or FALLBACK_KEYS
    # A pool of lines per language: files sample it (fast, still varied).
    pools = {lang: [line_for(lang, rng) for _ in range(4000)] for lang, _, _ in LANGS if lang != "min"}
    target = int(args.size_mb * 1e6)
    weights = [w for _, _, w in LANGS]
    total, files, planted = 0, 0, 0
    while total < target:
        lang, ext, _ = rng.choices(LANGS, weights)[0]
        # Mostly small files, a long tail of big ones (some above the mmap threshold).
        size = int(min(rng.lognormvariate(8.3, 1.2), 3_000_000))
        if lang == "min":
            size = rng.randrange(200_000, 1_500_000)
        d = os.path.join(args.out, f"pkg{rng.randrange(40):02d}", rng.choice(WORDS), rng.choice(WORDS))
        os.makedirs(d, exist_ok=True)
        text, n = make_file(rng, lang, size, pools, keys, negatives, key_every=2500)
        path = os.path.join(d, f"{ident(rng, 2)}_{files}{ext}")
        with open(path, "w") as f:
            f.write(text)
        total += len(text.encode())
        files += 1
        planted += n
    print(f"corpus: {args.out}: {files} files, {total / 1e6:.1f} MB, {planted} planted keys "
          f"({len(keys)} distinct examples), seed {args.seed}", file=sys.stderr)


if __name__ == "__main__":
    main()
