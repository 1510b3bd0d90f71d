#!/usr/bin/env python3
"""What the manifests under a folder say the generated files must hold.

  expected.py INPUT_DIR
      Prints, as JSON, the strings the CloudflareKvNamespace manifests supply (the KV
      read-backs of every checker compare with these): a list sorted by metadata.name of
      {name, namespace_name, description, ttl_seconds, namespace_id, labels, annotations}.
      A folder without KV manifests gives [].

  expected.py --case INPUT_DIR TEMPLATES_LIST
      Prints, as JSON, every manifest of every kind and, per target, the kinds of the case
      that target has templates for (TEMPLATES_LIST: the table `planton-gen templates list`
      prints, for the templates the case is rendered with):
        {"default_env": "prod",
         "manifests": [{kind, name, env, labels, annotations, spec, status}],  # name order
         "targets": {"terraform": [kind, ...], "pulumi": [...], "crossplane": [...],
                     "wrangler": [...]}}
      A target with no kind there is one `planton-gen all` leaves out (no folder), and a
      kind missing from a target is one it skips with a warning: the checkers expect a file
      only where a kind of the case renders it.

Both field spellings are accepted (namespace_name / namespaceName), as planton-gen accepts
them; spec and status are passed on as written (field() reads either spelling).
"""
import json
import pathlib
import re
import sys

import yaml

# planton-gen's --default-env, which scripts/e2e/run leaves at its default.
DEFAULT_ENV = "prod"
TARGETS = ("terraform", "pulumi", "crossplane", "wrangler")


def field(mapping, proto_name):
    if not isinstance(mapping, dict):
        return None
    camel = proto_name.split("_")[0] + "".join(p.title() for p in proto_name.split("_")[1:])
    return mapping.get(proto_name, mapping.get(camel))


def documents(folder):
    files = sorted(p for p in pathlib.Path(folder).rglob("*") if p.suffix in (".yaml", ".yml"))
    for path in files:
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if isinstance(doc, dict) and isinstance(doc.get("kind"), str):
                yield doc


def kv(folder):
    resources = []
    for doc in documents(folder):
        if doc.get("kind") != "CloudflareKvNamespace":
            continue
        metadata = doc.get("metadata") or {}
        spec = doc.get("spec") or {}
        outputs = field(doc.get("status") or {}, "outputs") or {}
        resources.append({
            "name": metadata.get("name", ""),
            "namespace_name": field(spec, "namespace_name") or "",
            "description": field(spec, "description") or "",
            "ttl_seconds": field(spec, "ttl_seconds") or 0,
            "namespace_id": field(outputs, "namespace_id") or "",
            "labels": metadata.get("labels") or {},
            "annotations": metadata.get("annotations") or {},
        })
    resources.sort(key=lambda r: r["name"])
    return resources


# A row of `planton-gen templates list`: TARGET KIND RENDERS FROM, KIND `(every kind)` for a
# run-level template, RENDERS `(checks)` / `(partial)` for templates that write no file.
ROW = re.compile(r"(\S+)\s+(\(every kind\)|\S+)\s+(\S+)\s+(.+)")


def templates(listing):
    """{target: {kind: [file it renders]}} of the kinds' own templates."""
    found = {}
    with open(listing, encoding="utf-8") as f:
        lines = f.read().splitlines()
    if not lines or not lines[0].split()[:3] == ["TARGET", "KIND", "RENDERS"]:
        raise SystemExit(f"{listing}: not the table of `planton-gen templates list`")
    for line in lines[1:]:
        m = ROW.fullmatch(line.strip())
        if not m:
            raise SystemExit(f"{listing}: cannot read the row {line!r}")
        target, kind, renders = m.group(1), m.group(2), m.group(3)
        if kind.startswith("(") or renders.startswith("("):
            continue
        found.setdefault(target, {}).setdefault(kind, []).append(renders)
    return found


def case(folder, listing):
    manifests = []
    for doc in documents(folder):
        metadata = doc.get("metadata") or {}
        env = metadata.get("env") or ""
        manifests.append({
            "kind": doc["kind"],
            "name": metadata.get("name", ""),
            "env": env if isinstance(env, str) else str(env),
            "labels": metadata.get("labels") or {},
            "annotations": metadata.get("annotations") or {},
            "spec": doc.get("spec") or {},
            "status": doc.get("status") or {},
        })
    manifests.sort(key=lambda m: (m["kind"], m["name"]))
    kinds = sorted({m["kind"] for m in manifests})
    have = templates(listing)
    return {
        "default_env": DEFAULT_ENV,
        "manifests": manifests,
        "targets": {t: [k for k in kinds if k in have.get(t, {})] for t in TARGETS},
    }


def main(argv):
    if len(argv) == 4 and argv[1] == "--case":
        result = case(argv[2], argv[3])
    elif len(argv) == 2:
        result = kv(argv[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
