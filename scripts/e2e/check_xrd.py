#!/usr/bin/env python3
"""Checks `planton-gen crossplane --xrd` output as Kubernetes and Crossplane would take it.

Usage: check_xrd.py XRD_DIR INPUT_DIR...

XRD_DIR holds xrd.yaml, composition.yaml and functions.yaml. Checked:
  names       Kubernetes APIs name fields in lowerCamelCase: no property of the XRD's
              openAPIV3Schema has a `_`, and no x-kubernetes-validations rule reads one
              (`self.some_field`);
  manifests   every manifest under INPUT_DIR..., made the XR a user applies (apiVersion, kind,
              metadata.name, spec with each field renamed to its proto JSON name), validates
              against the XRD's schema (OpenAPI -> JSON Schema as check_crossplane.py converts
              it: unknown fields are errors); the same spec with its proto (snake_case) names
              is refused whenever a name differs, so the XRD offers one spelling;
  patches     every FromCompositeFieldPath source and ToCompositeFieldPath target below spec
              or status is a field of the XRD;
  function    functions.yaml is a pkg.crossplane.io/v1 Function pinning
              xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform at v0.10 or
              later (the releases built on crossplane-runtime v2, for Crossplane v2).

Prints `FAIL <file>: <consumer>: <error>` for every problem, else `ok crossplane --xrd: ...`.
"""
import os
import re
import sys

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_crossplane import to_json_schema  # noqa: E402

failures = []


def fail(path, message):
    failures.append(message)
    print(f"FAIL {path}: {message}")


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def lower_camel(name):
    out, upper = [], False
    for c in name:
        if c == "_":
            upper = True
        elif upper:
            out.append(c.upper())
            upper = False
        else:
            out.append(c)
    return "".join(out)


def json_names(schema, value):
    """`value` with each field renamed to the name the schema has for it."""
    if isinstance(value, dict):
        properties = (schema or {}).get("properties")
        if properties is not None:
            out = {}
            for key, inner in value.items():
                camel = lower_camel(key)
                name = camel if key not in properties and camel in properties and camel not in value else key
                out[name] = json_names(properties.get(name), inner)
            return out
        extra = (schema or {}).get("additionalProperties")
        if isinstance(extra, dict):
            return {k: json_names(extra, v) for k, v in value.items()}
        return value
    if isinstance(value, list):
        return [json_names((schema or {}).get("items"), v) for v in value]
    return value


def snake_names(node, path, out):
    if not isinstance(node, dict):
        return
    for name, inner in (node.get("properties") or {}).items():
        if "_" in name:
            out.append(f"{path}.{name}")
        snake_names(inner, f"{path}.{name}", out)
    for rule in node.get("x-kubernetes-validations") or []:
        for field in re.findall(r"self\.([A-Za-z0-9_]+)", rule.get("rule", "")):
            if "_" in field:
                out.append(f"{path}: rule {rule['rule']!r} reads {field}")
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            snake_names(node[key], f"{path}[{key}]", out)


def has_path(schema, dotted):
    node = schema
    for part in dotted.split("."):
        properties = (node or {}).get("properties") or {}
        if part not in properties:
            return False
        node = properties[part]
    return True


def main():
    if len(sys.argv) < 3:
        print("usage: check_xrd.py XRD_DIR INPUT_DIR...", file=sys.stderr)
        return 2
    folder, inputs = sys.argv[1], sys.argv[2:]
    xrd_file = os.path.join(folder, "xrd.yaml")
    xrd = load(xrd_file)
    composition_file = os.path.join(folder, "composition.yaml")
    composition = load(composition_file)
    functions_file = os.path.join(folder, "functions.yaml")
    function = load(functions_file)
    version = xrd["spec"]["versions"][0]
    schema = version["schema"]["openAPIV3Schema"]
    api_version = f"{xrd['spec']['group']}/{version['name']}"
    kind = xrd["spec"]["names"]["kind"]

    snake = []
    snake_names(schema, "", snake)
    for where in snake:
        fail(xrd_file, f"openAPIV3Schema: a snake_case name, not lowerCamelCase: {where}")

    full = dict(schema)
    full["properties"] = dict(schema["properties"])
    full["properties"].update({
        "apiVersion": {"type": "string"},
        "kind": {"type": "string"},
        "metadata": {"type": "object"},
    })
    validator = jsonschema.Draft202012Validator(to_json_schema(full))
    checked = refused = 0
    for folder_in in inputs:
        for name in sorted(os.listdir(folder_in)):
            if not name.endswith((".yaml", ".yml")):
                continue
            path = os.path.join(folder_in, name)
            with open(path, encoding="utf-8") as f:
                documents = [d for d in yaml.safe_load_all(f) if d]
            for manifest in documents:
                if manifest.get("apiVersion") != api_version or manifest.get("kind") != kind:
                    continue
                spec = {k: v for k, v in (manifest.get("spec") or {}).items() if v is not None}
                xr = {
                    "apiVersion": api_version,
                    "kind": kind,
                    "metadata": {"name": manifest["metadata"]["name"]},
                    "spec": json_names(schema["properties"]["spec"], spec),
                }
                errors = sorted(e.message for e in validator.iter_errors(xr))
                if errors:
                    fail(path, f"jsonschema (XRD): {manifest['metadata']['name']} as an XR: {errors[:3]}")
                checked += 1
                if any(lower_camel(k) != k for k in spec):
                    snake_xr = dict(xr, spec=spec)
                    if not list(validator.iter_errors(snake_xr)):
                        fail(path, f"jsonschema (XRD): {manifest['metadata']['name']} with snake_case "
                                   "fields is accepted: the XRD offers two spellings")
                    refused += 1
    if checked == 0:
        fail(xrd_file, f"no {kind} manifest under {inputs}")

    resources = composition["spec"]["pipeline"][0]["input"]["resources"]
    patches = 0
    for resource in resources:
        for patch in resource.get("patches") or []:
            field = {"FromCompositeFieldPath": "fromFieldPath",
                     "ToCompositeFieldPath": "toFieldPath"}.get(patch.get("type"))
            path = patch.get(field) if field else None
            if not path or not path.startswith(("spec.", "status.")):
                continue
            patches += 1
            if not has_path(schema, path):
                fail(composition_file, f"patch {patch['type']} {path}: no such field in the XRD")

    package = (function.get("spec") or {}).get("package", "")
    m = re.fullmatch(
        r"xpkg\.crossplane\.io/crossplane-contrib/function-patch-and-transform:v(\d+)\.(\d+)\.(\d+)",
        package,
    )
    if function.get("apiVersion") != "pkg.crossplane.io/v1" or function.get("kind") != "Function":
        fail(functions_file, f"not a pkg.crossplane.io/v1 Function: {function.get('apiVersion')} {function.get('kind')}")
    if not m or (int(m[1]), int(m[2])) < (0, 10):
        fail(functions_file, f"function package {package!r} is not function-patch-and-transform v0.10 or later")

    if failures:
        return 1
    print(f"ok crossplane --xrd ({xrd['spec']['scope']}): camelCase only, {checked} manifests as XRs "
          f"({refused} refused with snake_case names), {patches} patches on XRD fields, {package}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
