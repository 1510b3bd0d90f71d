#!/usr/bin/env python3
"""Write a seeded corpus of N valid CloudflareKvNamespace manifests for the benchmarks.

Shaped like a monorepo's manifests rather than like a fuzzer's: every app has one
namespace per environment (prod, staging, dev), named `app{n}-{purpose}-{env}`; labels
(team, tier, sometimes cost-center); ttl_seconds among 0/60/300/1800/3600; a description
(now and then with quotes, a backslash or a non-ASCII letter, so escaping has work to do);
about 70 % carry status.outputs.namespace_id (32 hex digits) so wrangler has ids; about
10 % are written with JSON field names (namespaceName, ttlSeconds) and a few have
annotations. Manifests go PER_FILE to a file (`kv-00000.yaml`, ...), documents separated
by `---`. Same seed and count, same bytes.

Usage: corpus.py --count N --out DIR [--seed S] [--per-file K]
"""
import argparse
import pathlib
import random
import sys

ENVS = ["prod", "staging", "dev"]
PURPOSES = ["config", "cache", "session", "flags", "assets", "ratelimit", "tokens", "queue"]
TEAMS = ["platform", "payments", "search", "identity", "growth", "edge"]
TIERS = ["frontend", "backend", "data"]
TTLS = [0, 60, 300, 1800, 3600]
ENV_WORD = {"prod": "production", "staging": "staging", "dev": "development"}
WHAT = {
    "config": "Feature flags and application configuration",
    "cache": "Cached API responses and transient data",
    "session": "User session tokens and temporary auth data",
    "flags": "Rollout flags read at the edge",
    "assets": "Static asset manifest and content hashes",
    "ratelimit": "Rate-limit counters per client",
    "tokens": "Short-lived API tokens",
    "queue": "Deferred work items",
}
# Now and then a description needs escaping in every target language.
SPICE = [' ("primary")', " \\ fallback", " — café edition", " for ${tenant}", " 100% hot"]


def manifest(rng, i):
    app, env = divmod(i, len(ENVS))
    env = ENVS[env]
    purpose = PURPOSES[(app * 7 + app // len(PURPOSES)) % len(PURPOSES)]
    name = f"app{app}-{purpose}-{env}"
    json_names = rng.random() < 0.10
    lines = [
        "apiVersion: cloudflare.project-planton.org/v1",
        "kind: CloudflareKvNamespace",
        "metadata:",
        f"  name: {name}",
        f"  env: {env}",
        "  labels:",
        f"    team: {rng.choice(TEAMS)}",
        f"    tier: {rng.choice(TIERS)}",
    ]
    if rng.random() < 0.3:
        lines.append(f'    cost-center: "cc-{rng.randrange(1000, 9999)}"')
    if rng.random() < 0.05:
        lines += ["  annotations:", f"    owner: team-{rng.choice(TEAMS)}@example.com"]
    description = f"{WHAT[purpose]} for app {app} ({ENV_WORD[env]})"
    if rng.random() < 0.1:
        description += rng.choice(SPICE)
    quoted = description.replace("\\", "\\\\").replace('"', '\\"')
    lines += [
        "spec:",
        f"  {'namespaceName' if json_names else 'namespace_name'}: {name}",
        f"  {'ttlSeconds' if json_names else 'ttl_seconds'}: {rng.choice(TTLS)}",
        f'  description: "{quoted}"',
    ]
    if rng.random() < 0.7:
        lines += [
            "status:",
            "  outputs:",
            f"    {'namespaceId' if json_names else 'namespace_id'}: {rng.getrandbits(128):032x}",
        ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--out", type=pathlib.Path, required=True)
    parser.add_argument("--seed", type=int, default=20261124)
    parser.add_argument("--per-file", type=int, default=100)
    args = parser.parse_args()
    if args.count < 1 or args.per_file < 1:
        sys.exit("corpus.py: --count and --per-file must be at least 1")
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    for start in range(0, args.count, args.per_file):
        docs = [manifest(rng, i) for i in range(start, min(start + args.per_file, args.count))]
        path = args.out / f"kv-{start // args.per_file:05d}.yaml"
        path.write_text("---\n".join(docs), encoding="utf-8")


if __name__ == "__main__":
    main()
