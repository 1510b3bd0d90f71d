#!/usr/bin/env python3
"""Print, as JSON, the strings the CloudflareKvNamespace manifests under a folder supply.

The e2e checkers compare what each consumer reads out of a generated file with these. Both
field spellings are accepted (namespace_name / namespaceName), as planton-gen accepts them.
Output: a list sorted by metadata.name of
{name, namespace_name, description, ttl_seconds, namespace_id, labels, annotations}.
"""
import json
import pathlib
import sys

import yaml


def field(mapping, proto_name):
    if not isinstance(mapping, dict):
        return None
    camel = proto_name.split("_")[0] + "".join(p.title() for p in proto_name.split("_")[1:])
    return mapping.get(proto_name, mapping.get(camel))


def main(folder):
    resources = []
    files = sorted(p for p in pathlib.Path(folder).rglob("*") if p.suffix in (".yaml", ".yml"))
    for path in files:
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not isinstance(doc, dict) or doc.get("kind") != "CloudflareKvNamespace":
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
    json.dump(resources, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
