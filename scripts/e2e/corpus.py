#!/usr/bin/env python3
"""Write a seeded random corpus of valid CloudflareKvNamespace manifests.

Strings are drawn from the whole valid space of the proto: lengths at and near the limits
(counted in code points), characters from every Unicode plane, and the sequences generated
files must escape: quotes, backslashes, `${`, `%{`, `$${`, line breaks, tabs, comment
terminators, bidi controls, U+2028/U+2029, the BOM, NUL and other controls. Every manifest is
valid: names are unique (a fixed-width index leads metadata.name), ttl_seconds is 0 or >= 60.

Usage: corpus.py --seed N --count N --out DIR
"""
import argparse
import pathlib
import random

SPECIAL = [
    '"', "\\", "${x}", "%{y}", "$${z}", "%%{w}", "$", "%", "{", "}", "\n", "\r\n", "\t",
    "*/", "/*", "-->", "<!--", "`", "'", "#", "//", ": ", "- ", "---", "\u2028", "\u2029",
    "\ufeff", "\u202e", "\u200d", "\x00", "\x7f", "\x85", "\u00a0", "😀", "中文", "é",
    "\U0001f600", "\U00020000", "\U000e0001", "\U000f0000", "\U0010fffd", "\ufffe", "\uffff",
    "yes", "no", "~", "null", "0x1F", "1e3", "true",
]
PLANES = [0, 1, 2, 3, 14, 15, 16]


def random_char(rng):
    plane = rng.choice(PLANES)
    while True:
        cp = plane * 0x10000 + rng.randrange(0x10000)
        if not 0xD800 <= cp <= 0xDFFF:
            return chr(cp)


def random_text(rng, limit, minimum=0):
    """Text of at most `limit` code points, often exactly at or next to the limit."""
    length = rng.choice([limit, limit, limit - 1, minimum, minimum + 1, rng.randint(minimum, limit)])
    length = max(minimum, min(limit, length))
    out = ""
    while len(out) < length:
        roll = rng.random()
        if roll < 0.35:
            piece = rng.choice(SPECIAL)
        elif roll < 0.7:
            piece = random_char(rng)
        else:
            piece = rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-_. ")
        if len(out) + len(piece) <= length:
            out += piece
        elif length - len(out) >= 1:
            out += random_char(rng)
    return out


# Characters a YAML double-quoted scalar may not hold raw (or that readers treat as breaks).
def yaml_quote(text):
    out = ['"']
    for c in text:
        cp = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif cp < 0x20 or 0x7F <= cp <= 0x9F or cp in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF):
            out.append("\\u%04X" % cp)
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def label_pair(rng, i):
    if rng.random() < 0.7:
        return "team" if rng.random() < 0.5 else "example.com/tier-%d" % i, rng.choice(["platform", "a.b-c_d", "x" * 63, ""])
    return random_text(rng, 12, 1), random_text(rng, 20)


def manifest(rng, i, used_titles):
    name = "m%04d-%s" % (i, random_text(rng, 20))
    while True:
        title = random_text(rng, 64, 1)
        if title not in used_titles:
            used_titles.add(title)
            break
    ttl = rng.choice([0, 0, 60, 61, 300, 3600, 86400, 2147483647, rng.randint(60, 2147483647)])
    lines = [
        "apiVersion: cloudflare.project-planton.org/v1",
        "kind: CloudflareKvNamespace",
        "metadata:",
        "  name: " + yaml_quote(name),
    ]
    env = rng.choice(["", "dev", "staging", "prod"])
    if env:
        lines.append("  env: " + env)
    labels = dict(label_pair(rng, i) for _ in range(rng.randint(0, 3)))
    if labels:
        lines.append("  labels:")
        lines += ["    %s: %s" % (yaml_quote(k), yaml_quote(v)) for k, v in labels.items()]
    annotations = {}
    if rng.random() < 0.3:
        annotations["planton-gen/binding"] = "B%04d_%s" % (i, rng.choice(["KV", "$cache", "_x"]))
    if rng.random() < 0.3:
        annotations["note/" + "x" * rng.randint(1, 5)] = random_text(rng, 40)
    if annotations:
        lines.append("  annotations:")
        lines += ["    %s: %s" % (yaml_quote(k), yaml_quote(v)) for k, v in annotations.items()]
    spelling = rng.random() < 0.5
    lines += [
        "spec:",
        "  %s: %s" % ("namespace_name" if spelling else "namespaceName", yaml_quote(title)),
        "  %s: %d" % ("ttl_seconds" if spelling else "ttlSeconds", ttl),
        "  description: " + yaml_quote(random_text(rng, 256)),
    ]
    if rng.random() < 0.4:
        lines += [
            "status:",
            "  outputs:",
            "    namespace_id: " + yaml_quote("%032x" % rng.getrandbits(128)),
        ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    used = set()
    files = 8
    for f in range(files):
        docs = [manifest(rng, i, used) for i in range(f, args.count, files)]
        (out / ("corpus-%02d.yaml" % f)).write_text("---\n".join(docs), encoding="utf-8")


if __name__ == "__main__":
    main()
