#!/usr/bin/env python3
"""Checks planton-gen's Crossplane YAML the way a Kubernetes API server with the provider's CRDs
would take it, then reads the strings back.

Usage: check_crossplane.py CRD_DIR CASE_DIR

CASE_DIR holds expected.json (the KV manifests' strings, sorted by metadata.name), case.json
(every manifest, and the kinds with crossplane templates: expected.py --case) and the two
renderings scripts/e2e/run makes, every YAML file under each (whatever kinds wrote them):
  out/crossplane/     cluster scope, --account-id ACCOUNT_ID
  out-namespaced/     --scope namespaced --namespace e2e --account-ref main
A rendering must exist iff a kind of the case has crossplane templates (without case.json: must).

Every YAML stream is loaded strictly (UTF-8, duplicate mapping keys and merge keys rejected,
untagged timestamps kept as strings as kubectl's YAML-to-JSON conversion does), and each
object is checked in three steps, like `kubectl apply` (strict field validation) against an API
server serving the CRDs:

  CRD schema  the CRD is picked by apiVersion (group/version, served) and kind (none: FAIL),
              and its scope must match. The object is defaulted from the schema's `default`s
              (the API server defaults before it validates), then validated with jsonschema
              against spec.versions[name=v1alpha1].schema.openAPIV3Schema converted from OpenAPI
              v3 to JSON Schema (see to_json_schema), and the CRD's x-kubernetes-validations
              (CEL) rules are evaluated by hand. A rule this script does not know fails the
              check, so a new CRD cannot pass silently. (A CRD is converted when an object of it
              is first met.)
  metadata    ObjectMeta as the API server validates it: only ObjectMeta fields; name a DNS
              subdomain (<= 253) and, as planton-gen emits, a DNS label (<= 63); namespace
              present iff the CRD is namespaced (and a DNS label); label keys qualified names,
              label values label values, annotation keys qualified names, annotations <= 256 KiB;
              no two objects of one kind with the same namespace and name, across the files.
  read-back   the WorkersKVNamespace objects, in file and document order, are in metadata.name
              order like expected.json, so KV object i is manifest i: forProvider.title ==
              namespace_name, accountId / accountIdRef as rendered, annotations
              planton-gen/description (iff the description is non-empty) and
              planton-gen/ttl-seconds, crossplane.io/external-name == namespace_id when set, and
              every manifest label/annotation whose key is a (case-sensitive) qualified name back
              with its exact value (a label whose value is no label value as an annotation).
              Every other manifest whose kind has crossplane templates is an object named as its
              metadata.name (a manifest a template dropped is found).

and, across the objects of one rendering:

  references  every reference field the CRD describes as one (Upjet's "Reference to a Zone in
              zone to populate zoneId": zoneIdRef, monitorRef, bucketNameRef, *Refs lists) names
              an object of that kind (its group in the rendering's API group family) that exists
              in the same rendering, in the referrer's namespace when namespaced: what Crossplane
              must resolve. A selector (*Selector.matchLabels) must match one. An accountIdRef
              names the --account-ref given (the Account is not generated), and only in the
              namespaced rendering.

Prints `FAIL <file>: <consumer>: <error>` for every problem (the object's metadata.name, its
document number and line, and the JSON path), else one `ok crossplane: ...` line with the counts;
exits 1 on any failure.
"""
import copy
import json
import os
import re
import sys

import jsonschema
import yaml

ACCOUNT_ID = "0123456789abcdef0123456789abcdef"  # scripts/e2e/run --account-id
NAMESPACE = "e2e"  # --scope namespaced --namespace e2e
ACCOUNT_REF = "main"  # --account-ref main
VERSION = "v1alpha1"

RENDERINGS = [
    # (relative file, scope)
    ("out/crossplane/workerskvnamespaces.yaml", "cluster"),
    ("out-namespaced/workerskvnamespaces.yaml", "namespaced"),
]

failures = []


def fail(file, consumer, message):
    failures.append(f"FAIL {file}: {consumer}: {message}")


def show(value):
    """A value as JSON with every non-ASCII and control character escaped, for messages."""
    return json.dumps(value, ensure_ascii=True, default=repr)


# ---- strict YAML ---------------------------------------------------------------------------


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys and keeps timestamps as strings."""


# kubectl/sigs.k8s.io/yaml turn an untagged timestamp into a string, not a date.
StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node, deep=False):
    if not isinstance(node, yaml.MappingNode):
        raise yaml.constructor.ConstructorError(
            None, None, f"expected a mapping node, but found {node.id}", node.start_mark
        )
    mapping = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                "merge keys (<<) are not JSON and not accepted", key_node.start_mark)
        key = loader.construct_object(key_node, deep=deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                "found an unhashable key", key_node.start_mark)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                f"duplicate key {show(key)}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=deep)
    return mapping


StrictLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load_stream(path):
    """[(object, node)] of the non-empty documents of the YAML stream at path."""
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")  # UnicodeDecodeError reported by the caller
    loader = StrictLoader(text)
    docs = []
    try:
        while loader.check_node():
            node = loader.get_node()
            data = loader.construct_document(node)
            if data is not None:
                docs.append((data, node))
    finally:
        loader.dispose()
    return docs


def yaml_error(e):
    """A YAML (or decoding) error on one line, with its position."""
    if isinstance(e, yaml.MarkedYAMLError):
        def mark(m):
            return f"line {m.line + 1} column {m.column + 1}" if m else "?"
        message = f"{mark(e.problem_mark)}: {e.problem}"
        if e.context:
            message += f" ({e.context} at {mark(e.context_mark)})"
        return message
    return " ".join(str(e).split())


def node_line(node, path):
    """1-based line of the YAML node at JSON path (as deep as it exists)."""
    for step in path:
        found = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == step:
                    found = v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = node.value[step]
        if found is None:
            break
        node = found
    return node.start_mark.line + 1


def json_path(path):
    out = "$"
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", step):
            out += "." + step
        else:
            out += "[" + show(step) + "]"
    return out


# ---- CRDs: OpenAPI v3 -> JSON Schema, defaults, CEL rules -------------------------------------


def to_json_schema(schema, path=(), rules=None):
    """OpenAPI v3 (Kubernetes structural schema) -> JSON Schema (draft 2020-12).

    - x-kubernetes-* keys are dropped, after use: x-kubernetes-validations are collected into
      `rules` (with the schema path they apply at) for evaluate_rules;
      x-kubernetes-preserve-unknown-fields keeps unknown fields; x-kubernetes-int-or-string
      becomes type [integer, string]; x-kubernetes-embedded-resource requires apiVersion and
      kind; list-type/map-keys only constrain merges and are dropped. Any other x-kubernetes-*
      key is unknown here and fails (KeyError), so a new CRD feature is not ignored silently.
    - nullable: true adds "null" to the type (and to an enum); without it null is rejected,
      as the API server rejects null for a non-nullable field that has no default.
    - an object schema that lists properties, has no additionalProperties and does not
      preserve unknown fields gets additionalProperties: false: the API server would prune
      such a field (and kubectl's default --validate=strict makes it an error), so an unknown
      field is an error here, not silently lost.
    - description, default, example, format stay (annotations; formats are not asserted:
      the API server only checks a few, and none of the fields planton-gen writes has one).
    """
    if rules is None:
        rules = []
    if not isinstance(schema, dict):
        return schema
    known_ext = {
        "x-kubernetes-validations", "x-kubernetes-preserve-unknown-fields",
        "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource",
        "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type",
    }
    for key in schema:
        if key.startswith("x-kubernetes-") and key not in known_ext:
            raise KeyError(f"unknown OpenAPI extension {key} at {json_path(path)}")
    out = {}
    for key, value in schema.items():
        if key.startswith("x-kubernetes-") or key == "nullable":
            continue
        if key == "properties":
            out[key] = {k: to_json_schema(v, path + (k,), rules) for k, v in value.items()}
        elif key == "items":
            out[key] = to_json_schema(value, path + ("[]",), rules)
        elif key == "additionalProperties" and isinstance(value, dict):
            out[key] = to_json_schema(value, path + ("{}",), rules)
        elif key in ("allOf", "anyOf", "oneOf"):
            out[key] = [to_json_schema(v, path, rules) for v in value]
        elif key == "not":
            out[key] = to_json_schema(value, path, rules)
        else:
            out[key] = copy.deepcopy(value)
    for rule in schema.get("x-kubernetes-validations", []):
        rules.append((path, rule))
    if schema.get("x-kubernetes-int-or-string"):
        out["type"] = ["integer", "string"]
    if schema.get("x-kubernetes-embedded-resource"):
        out.setdefault("required", [])
        out["required"] = list(dict.fromkeys(out["required"] + ["apiVersion", "kind"]))
    if schema.get("nullable"):
        if "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = types + ["null"]
        if "enum" in out:
            out["enum"] = out["enum"] + [None]
    if (
        "properties" in schema
        and "additionalProperties" not in schema
        and not schema.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


def apply_defaults(value, schema):
    """Sets the schema's defaults in place on present objects, like the API server does."""
    if isinstance(value, dict):
        for key, sub in (schema.get("properties") or {}).items():
            if key not in value and "default" in sub:
                value[key] = copy.deepcopy(sub["default"])
            if key in value:
                apply_defaults(value[key], sub)
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            for key in value:
                if key not in (schema.get("properties") or {}):
                    apply_defaults(value[key], extra)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            apply_defaults(item, schema["items"])


def _management_policies_title_rule(field):
    def rule(self):
        policies = self["managementPolicies"]  # defaulted to ['*']; KeyError = CEL "no such key"
        if not ("*" in policies or "Create" in policies or "Update" in policies):
            return True
        if field in self.get("forProvider", {}):
            return True
        return "initProvider" in self and field in self["initProvider"]

    return rule


def _normalize_rule(text):
    return " ".join(text.split())


# The CEL rules these CRDs carry, evaluated in Python. Upjet writes one per required
# forProvider parameter; the pattern is recognized for any parameter name. Anything else is
# unknown and fails the check.
_UPJET_REQUIRED = re.compile(
    r"!\('\*' in self\.managementPolicies \|\| 'Create' in self\.managementPolicies \|\| "
    r"'Update' in self\.managementPolicies\) \|\| has\(self\.forProvider\.([A-Za-z0-9_]+)\) \|\| "
    r"\(has\(self\.initProvider\) && has\(self\.initProvider\.\1\)\)"
)


def compile_rule(rule):
    text = _normalize_rule(rule.get("rule", ""))
    match = _UPJET_REQUIRED.fullmatch(text)
    if match:
        return _management_policies_title_rule(match.group(1))
    return None


def get_at(value, path):
    """The values at a schema path (with [] for items, {} for map values)."""
    current = [value]
    for step in path:
        nxt = []
        for v in current:
            if step == "[]" and isinstance(v, list):
                nxt.extend(v)
            elif step == "{}" and isinstance(v, dict):
                nxt.extend(v.values())
            elif isinstance(v, dict) and step in v:
                nxt.append(v[step])
        current = nxt
    return current


class Crd:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            # Vendored and trusted: read with libyaml when PyYAML has it (ten times faster).
            doc = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        self.file = os.path.basename(path)
        self.name = doc["metadata"]["name"]
        spec = doc["spec"]
        self.group = spec["group"]
        self.kind = spec["names"]["kind"]
        self.scope = spec["scope"]
        versions = [v for v in spec["versions"] if v["name"] == VERSION]
        if len(versions) != 1:
            raise ValueError(f"{self.file}: no single version {VERSION}")
        version = versions[0]
        self.served = version.get("served", False)
        self.openapi = version["schema"]["openAPIV3Schema"]
        self._validator = None

    def prepare(self):
        """Converts the schema and compiles its rules, the first time an object of this CRD is
        checked (most runs use a few of the CRDs). Raises what the conversion raises."""
        if self._validator is None:
            self.rules = []
            self.schema = to_json_schema(self.openapi, (), self.rules)
            self.schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            jsonschema.Draft202012Validator.check_schema(self.schema)
            self.compiled = [(p, r, compile_rule(r)) for p, r in self.rules]
            self._validator = jsonschema.Draft202012Validator(self.schema)

    @property
    def validator(self):
        self.prepare()
        return self._validator

    @property
    def api_version(self):
        return f"{self.group}/{VERSION}"


# ---- Kubernetes metadata ---------------------------------------------------------------------

DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
QUALIFIED_NAME_PART = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
OBJECT_META_FIELDS = {
    "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation",
    "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
    "annotations", "ownerReferences", "finalizers", "managedFields",
}
ANNOTATIONS_MAX_BYTES = 256 * 1024


def qualified_name_problem(key):
    """Why key is not a Kubernetes qualified name ([prefix/]name), or None."""
    if not isinstance(key, str):
        return f"is not a string but {type(key).__name__}"
    parts = key.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            return "has an empty prefix"
        if len(prefix) > 253 or not DNS1123_SUBDOMAIN.fullmatch(prefix):
            return "has a prefix that is not a DNS-1123 subdomain (lowercase, <= 253)"
    else:
        return "has more than one '/'"
    if not name:
        return "has an empty name part"
    if len(name) > 63:
        return "has a name part longer than 63 characters"
    if not QUALIFIED_NAME_PART.fullmatch(name):
        return "has a name part that is not [A-Za-z0-9] at both ends with [-A-Za-z0-9_.] between"
    return None


def check_metadata(meta, crd):
    """Problems of metadata as the API server sees them: [(path, message)]."""
    problems = []
    if not isinstance(meta, dict):
        return [(("metadata",), "metadata is not an object")]
    for key in meta:
        if key not in OBJECT_META_FIELDS:
            problems.append((("metadata", key), f"unknown field {show(key)} in ObjectMeta"))
    name = meta.get("name")
    if not isinstance(name, str) or not name:
        problems.append((("metadata", "name"), f"name must be a non-empty string, got {show(name)}"))
    else:
        if len(name) > 253 or not DNS1123_SUBDOMAIN.fullmatch(name):
            problems.append((("metadata", "name"),
                             f"{show(name)} is not a DNS-1123 subdomain (lowercase alphanumerics, '-' "
                             "and '.', alphanumeric at both ends, at most 253 characters)"))
        elif len(name) > 63 or not DNS1123_LABEL.fullmatch(name):
            problems.append((("metadata", "name"),
                             f"{show(name)} is not the DNS-1123 label (<= 63, no '.') planton-gen emits"))
    namespaced = crd.scope == "Namespaced"
    if namespaced:
        ns = meta.get("namespace")
        if ns is None:
            problems.append((("metadata",), f"namespace missing on a namespaced {crd.kind}"))
        elif not isinstance(ns, str) or len(ns) > 63 or not DNS1123_LABEL.fullmatch(ns):
            problems.append((("metadata", "namespace"), f"{show(ns)} is not a DNS-1123 label"))
        elif ns != NAMESPACE:
            problems.append((("metadata", "namespace"), f"{show(ns)} is not the --namespace {show(NAMESPACE)} given"))
    elif "namespace" in meta:
        problems.append((("metadata", "namespace"), f"namespace set on a cluster-scoped {crd.kind}"))
    labels = meta.get("labels", {})
    if labels is None:
        labels = {}
    if not isinstance(labels, dict):
        problems.append((("metadata", "labels"), "labels is not a map"))
        labels = {}
    for key, value in labels.items():
        why = qualified_name_problem(key)
        if why:
            problems.append((("metadata", "labels", str(key)), f"label key {show(key)} {why}"))
        if not isinstance(value, str):
            problems.append((("metadata", "labels", str(key)), f"label value {show(value)} is not a string"))
        elif len(value) > 63 or not LABEL_VALUE.fullmatch(value):
            problems.append((("metadata", "labels", str(key)),
                             f"label value {show(value)} is not a label value (<= 63, [A-Za-z0-9] at both ends, [-A-Za-z0-9_.] between)"))
    annotations = meta.get("annotations", {})
    if annotations is None:
        annotations = {}
    if not isinstance(annotations, dict):
        problems.append((("metadata", "annotations"), "annotations is not a map"))
        annotations = {}
    total = 0
    for key, value in annotations.items():
        why = qualified_name_problem(key.lower() if isinstance(key, str) else key)
        if why:
            problems.append((("metadata", "annotations", str(key)), f"annotation key {show(key)} {why}"))
        if not isinstance(value, str):
            problems.append((("metadata", "annotations", str(key)), f"annotation value {show(value)} is not a string"))
        else:
            total += len(str(key).encode("utf-8")) + len(value.encode("utf-8"))
    if total > ANNOTATIONS_MAX_BYTES:
        problems.append((("metadata", "annotations"), f"annotations total {total} bytes, more than {ANNOTATIONS_MAX_BYTES}"))
    return problems


# ---- read-back ------------------------------------------------------------------------------


def text(value):
    return "" if value is None else value


def read_back(obj, exp, scope):
    """Differences between object obj and manifest exp: [(path, message)]."""
    problems = []

    def d(value):  # wrong types are the schema's and metadata's errors; read back what is there
        return value if isinstance(value, dict) else {}

    meta = d(obj.get("metadata"))
    labels = d(meta.get("labels"))
    annotations = d(meta.get("annotations"))
    spec = d(obj.get("spec"))
    fp = d(spec.get("forProvider"))

    def same(path, got, want, what):
        if got != want:
            shown = "nothing (missing or null)" if got is None else show(got)
            problems.append((path, f"{what}: got {shown}, manifest {show(exp.get('name'))} has {show(want)}"))

    same(("spec", "forProvider", "title"), fp.get("title"), text(exp.get("namespace_name")), "title")
    if scope == "cluster":
        same(("spec", "forProvider", "accountId"), fp.get("accountId"), ACCOUNT_ID, "accountId (--account-id)")
        if "accountIdRef" in fp:
            problems.append((("spec", "forProvider", "accountIdRef"), "accountIdRef set though --account-id was given"))
    else:
        same(("spec", "forProvider", "accountIdRef", "name"), d(fp.get("accountIdRef")).get("name"),
             ACCOUNT_REF, "accountIdRef.name (--account-ref)")
        if "accountId" in fp:
            problems.append((("spec", "forProvider", "accountId"), "accountId set though only --account-ref was given"))

    description = text(exp.get("description"))
    dpath = ("metadata", "annotations", "planton-gen/description")
    if description:
        same(dpath, annotations.get("planton-gen/description"), description, "description annotation")
    elif "planton-gen/description" in annotations:
        problems.append((dpath, f"description annotation {show(annotations['planton-gen/description'])} for an empty description"))
    ttl = exp.get("ttl_seconds")
    if ttl is not None and ttl != "":
        same(("metadata", "annotations", "planton-gen/ttl-seconds"), annotations.get("planton-gen/ttl-seconds"),
             str(ttl), "ttl-seconds annotation")
    namespace_id = text(exp.get("namespace_id"))
    if namespace_id:
        same(("metadata", "annotations", "crossplane.io/external-name"),
             annotations.get("crossplane.io/external-name"), namespace_id, "external-name annotation")

    # The manifest's own labels and annotations: a valid key comes back with its exact value
    # (a label whose value is no label value travels as an annotation of the same key).
    for key, value in (exp.get("labels") or {}).items():
        if qualified_name_problem(key):
            continue
        if isinstance(value, str) and len(value) <= 63 and LABEL_VALUE.fullmatch(value):
            same(("metadata", "labels", key), labels.get(key), value, f"label {show(key)}")
        else:
            same(("metadata", "annotations", key), annotations.get(key), value, f"label {show(key)} (as annotation)")
    for key, value in (exp.get("annotations") or {}).items():
        # Kubernetes checks annotation keys lowercased ("Ex.com/Up" is valid); planton-gen
        # checks them as label keys and leaves such a key out with a warning. Only keys valid
        # either way must come back.
        if qualified_name_problem(key):
            continue
        if key == "crossplane.io/external-name" and namespace_id:
            continue
        same(("metadata", "annotations", key), annotations.get(key), value, f"annotation {show(key)}")
    return problems


# ---- references between objects -----------------------------------------------------------

# How Upjet describes a reference field (`zoneIdRef`), a list of them (`zoneIdRefs`) and a
# selector (`zoneIdSelector`): the kind and the short group it points at. The description is
# what the CRD says about the field; a field of another form is no reference of this kind.
REF_DESCRIPTION = re.compile(r"Reference to an? (\w+) in (\w+) to populate (\w+)\.?")
REFS_DESCRIPTION = re.compile(r"References to (\w+) in (\w+) to populate (\w+)\.?")
SELECTOR_DESCRIPTION = re.compile(r"Selector for an? (\w+) in (\w+) to populate (\w+)\.?")
# The kind an accountIdRef names: not generated by planton-gen, but given by --account-ref.
ACCOUNT_KIND = "Account"


def find_references(value, schema, path=()):
    """[(path, form, kind, short group, value)] of the reference and selector fields in value,
    found through the CRD's OpenAPI schema (form: ref, refs or selector)."""
    found = []
    if isinstance(value, dict) and isinstance(schema.get("properties"), dict):
        for key, sub in schema["properties"].items():
            if key not in value or not isinstance(sub, dict):
                continue
            description = " ".join(str(sub.get("description", "")).split())
            for form, pattern in (("ref", REF_DESCRIPTION), ("refs", REFS_DESCRIPTION),
                                  ("selector", SELECTOR_DESCRIPTION)):
                m = pattern.fullmatch(description)
                if m:
                    found.append((path + (key,), form, m.group(1), m.group(2), value[key]))
                    break
            else:
                found.extend(find_references(value[key], sub, path + (key,)))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            found.extend(find_references(item, schema["items"], path + (i,)))
    return found


def check_references(objects, crds, scope):
    """Every reference of an object names an object of the kind the CRD says that exists in the
    same rendering (its namespace, when namespaced); an accountIdRef names the --account-ref
    given. The Crossplane side of the Terraform reference check. Returns the count checked."""
    index = {}
    for o in objects:
        key = (o["crd"].group, o["crd"].kind)
        index.setdefault(key, []).append(o)
    checked = 0
    for o in objects:
        crd, obj = o["crd"], o["obj"]
        suffix = crd.group.split(".", 1)[1] if "." in crd.group else crd.group
        spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
        spec_schema = (crd.openapi.get("properties") or {}).get("spec") or {}
        for rpath, form, kind, short, value in find_references(spec, spec_schema, ("spec",)):
            checked += 1
            where = f"{o['label']} at {o['at'](rpath)}"
            group = f"{short}.{suffix}"
            target = f"{kind} ({group})"
            if form == "selector":
                if not isinstance(value, dict):
                    continue  # the schema's error
                if value.get("matchControllerRef"):
                    fail(o["file"], "references", f"{where}: matchControllerRef selects the {kind} of a "
                         "controller; a generated managed resource has none")
                labels = value.get("matchLabels") or {}
                namespace = value.get("namespace") or (obj.get("metadata") or {}).get("namespace")
                if kind == ACCOUNT_KIND:
                    fail(o["file"], "references", f"{where}: an Account selector; the run names the account "
                         f"by --account-ref {show(ACCOUNT_REF)} or --account-id")
                    continue
                matches = [t for t in index.get((group, kind), [])
                           if (t["obj"].get("metadata") or {}).get("namespace") == namespace
                           and all(((t["obj"].get("metadata") or {}).get("labels") or {}).get(k) == v
                                   for k, v in labels.items())]
                if not matches:
                    fail(o["file"], "references", f"{where}: selector {show(labels)} matches no {target} "
                         "of the generated objects")
                continue
            refs = value if form == "refs" else [value]
            if not isinstance(refs, list):
                continue  # the schema's error
            for i, ref in enumerate(refs):
                if not isinstance(ref, dict):
                    continue
                name = ref.get("name")
                own_ns = (obj.get("metadata") or {}).get("namespace")
                namespace = ref.get("namespace") or own_ns
                at = where if form == "ref" else f"{where}[{i}]"
                if kind == ACCOUNT_KIND:
                    if scope != "namespaced":
                        fail(o["file"], "references", f"{at}: names the Account {show(name)}, but the {scope} "
                             "rendering was given --account-id, no --account-ref")
                    elif name != ACCOUNT_REF:
                        fail(o["file"], "references", f"{at}: names the Account {show(name)}, not the "
                             f"--account-ref {show(ACCOUNT_REF)} given")
                    continue
                if not any(c.group == group and c.kind == kind for c in crds):
                    fail(o["file"], "references", f"{at}: refers to a {target}, which no CRD in the CRD folder "
                         "serves")
                    continue
                if crd.scope == "Namespaced" and namespace != own_ns:
                    fail(o["file"], "references", f"{at}: refers to namespace {show(namespace)}, outside the "
                         f"object's own {show(own_ns)}")
                found = [t for t in index.get((group, kind), [])
                         if (t["obj"].get("metadata") or {}).get("name") == name
                         and (t["obj"].get("metadata") or {}).get("namespace") == namespace]
                if not found:
                    def shown_object(t):
                        meta = t["obj"].get("metadata") or {}
                        ns = meta.get("namespace")
                        return f"{t['crd'].kind} {show(meta.get('name'))}" + ("" if ns is None else f" in namespace {show(ns)}")
                    others = sorted({shown_object(t) for t in objects if t is not o
                                     and (t["obj"].get("metadata") or {}).get("name") == name})
                    fail(o["file"], "references", f"{at}: no {target} named {show(name)}"
                         f"{'' if namespace is None else ' in namespace ' + show(namespace)} among the generated "
                         f"objects{' (there is only ' + ', '.join(others) + ')' if others else ''}; "
                         "Crossplane could never resolve it")
    return checked


# ---- main -----------------------------------------------------------------------------------


def check_file(case_dir, rel, scope, crds, objects):
    """Checks every object of one YAML stream on its own (schema, CEL rules, metadata) and adds
    them to `objects` for the checks across the rendering."""
    path = os.path.join(case_dir, rel)
    shown = os.path.join(os.path.basename(os.path.normpath(case_dir)), rel)
    try:
        docs = load_stream(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        fail(shown, "YAML (strict: UTF-8, no duplicate keys)", yaml_error(e))
        return 0
    for index, (obj, node) in enumerate(docs):
        doc_no = index + 1
        if not isinstance(obj, dict):
            fail(shown, "YAML", f"document {doc_no} (line {node.start_mark.line + 1}) is not a mapping")
            continue
        meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
        label = f"{show(meta.get('name'))} (document {doc_no})"

        def at(p, node=node):
            return f"line {node_line(node, p)} {json_path(p)}"

        api_version, kind = obj.get("apiVersion"), obj.get("kind")
        if (api_version, kind) == ("v1", "Secret"):
            # A core object (a Worker's variables, which WorkersScript bindings read through
            # textSecretRef): its few fields as the API server checks them; no CRD serves it.
            allowed = {"apiVersion", "kind", "metadata", "type", "data", "stringData", "immutable"}
            for key in sorted(set(obj) - allowed):
                fail(shown, "core Secret", f"{label}: unknown field {show(key)}")
            for field in ("data", "stringData"):
                entries = obj.get(field, {})
                if not isinstance(entries, dict) or not all(
                        isinstance(k, str) and re.fullmatch(r"[-._a-zA-Z0-9]+", k) and isinstance(v, str)
                        for k, v in entries.items()):
                    fail(shown, "core Secret", f"{label}: {field} must map Secret keys to strings")
            if not isinstance(obj.get("type", "Opaque"), str):
                fail(shown, "core Secret", f"{label}: type must be a string")
            continue
        crd = next((c for c in crds if c.api_version == api_version and c.kind == kind), None)
        if crd is None:
            fail(shown, "CRD schema", f"{label}: no CRD in the CRD folder serves apiVersion {show(api_version)} kind {show(kind)} "
                 f"(have {', '.join(c.api_version + ' ' + c.kind for c in crds)})")
            continue
        consumer = f"CRD schema ({crd.name} {VERSION})"
        try:
            crd.prepare()
        except Exception as e:  # a CRD this script cannot convert is a failure of the check
            fail(crd.file, "CRD loading", f"{type(e).__name__}: {e}")
            continue
        if not crd.served:
            fail(shown, consumer, f"{label}: version {VERSION} is not served")
        want_scope = "Namespaced" if scope == "namespaced" else "Cluster"
        if crd.scope != want_scope:
            fail(shown, consumer, f"{label}: the {scope} rendering uses a {crd.scope}-scoped CRD")

        defaulted = copy.deepcopy(obj)
        apply_defaults(defaulted, crd.openapi)
        errors = sorted(crd.validator.iter_errors(defaulted), key=lambda e: list(map(str, e.absolute_path)))
        for e in errors:
            fail(shown, consumer, f"{label} at {at(tuple(e.absolute_path))}: {' '.join(e.message.split())}")
        for rpath, rule, fn in crd.compiled:
            for target in get_at(defaulted, rpath):
                where = at(tuple(p for p in rpath if p not in ("[]", "{}")))
                if fn is None:
                    fail(shown, consumer, f"{label} at {where}: x-kubernetes-validations rule not known to "
                         f"check_crossplane.py, cannot evaluate it: {show(rule.get('rule'))}")
                    continue
                try:
                    ok = fn(target)
                except (KeyError, TypeError, AttributeError) as ex:
                    fail(shown, consumer, f"{label} at {where}: CEL rule {show(rule.get('rule'))} errors: {ex!r}")
                    continue
                if not ok:
                    fail(shown, consumer, f"{label} at {where}: x-kubernetes-validations: "
                         f"{rule.get('message') or rule.get('rule')}")

        for p, message in check_metadata(obj.get("metadata"), crd):
            fail(shown, "Kubernetes metadata", f"{label} at {at(p)}: {message}")
        objects.append({"file": shown, "doc": doc_no, "label": label, "at": at, "obj": obj, "crd": crd})
    return len(docs)


def yaml_files(folder):
    """The YAML files under folder (relative paths, sorted)."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")):
                found.append(os.path.relpath(os.path.join(root, name), folder))
    return found


def check_rendering(case_dir, folder, scope, crds, expected, case):
    """Every YAML file of one rendering (out/crossplane or out-namespaced); returns its count of
    objects, or None when the case has nothing for it."""
    base = os.path.join(case_dir, folder)
    shown = os.path.join(os.path.basename(os.path.normpath(case_dir)), folder)
    kinds = None if case is None else case["targets"]["crossplane"]
    if kinds is not None and not kinds:
        if os.path.exists(base):
            fail(shown, "planton-gen", "written, but no kind of the case has crossplane templates "
                 "(the target should be left out)")
        return None
    if not os.path.isdir(base):
        fail(shown, "planton-gen", f"missing (crossplane templates of the case: {', '.join(kinds or ['?'])})")
        return 0
    files = yaml_files(base)
    if not files:
        fail(shown, "planton-gen", "no YAML file")
    objects = []
    documents = 0
    for rel in files:
        documents += check_file(case_dir, os.path.join(folder, rel), scope, crds, objects)

    # One object per kind, namespace and name: the API server holds one.
    seen = {}
    for o in objects:
        meta = o["obj"].get("metadata") if isinstance(o["obj"].get("metadata"), dict) else {}
        key = (o["crd"].group, o["crd"].kind, meta.get("namespace"), meta.get("name"))
        if key in seen:
            first = seen[key]
            fail(o["file"], "Kubernetes metadata", f"{o['label']} at {o['at'](('metadata', 'name'))}: a {o['crd'].kind} "
                 f"of the same name is {first['file']} document {first['doc']}; the API server holds one object per name")
        else:
            seen[key] = o

    # KV read-back: the WorkersKVNamespace objects, in file and document order, are the
    # manifests of expected.json in metadata.name order.
    kv = [o for o in objects if o["crd"].kind == "WorkersKVNamespace"]
    for o, exp in zip(kv, expected):
        for p, message in read_back(o["obj"], exp, scope):
            fail(o["file"], "read-back", f"{o['label']} at {o['at'](p)}: {message}")
    if len(kv) != len(expected):
        fail(shown, "read-back", f"{len(kv)} WorkersKVNamespace objects for {len(expected)} manifests in expected.json")

    # Every other manifest whose kind has crossplane templates is an object of its name.
    names = {(o["obj"].get("metadata") or {}).get("name") for o in objects if isinstance(o["obj"].get("metadata"), dict)}
    others = 0
    if case is not None:
        for m in case["manifests"]:
            if m["kind"] in kinds and m["kind"] != "CloudflareKvNamespace":
                others += 1
                if m["name"] not in names:
                    fail(shown, "read-back", f"no object is named {show(m['name'])}, the metadata.name of {m['kind']} "
                         f"{show(m['name'])} (whose kind has crossplane templates)")

    refs = check_references(objects, crds, scope)
    return {"objects": len(objects), "documents": documents, "files": len(files), "refs": refs, "others": others}


RENDERINGS = [
    # (folder, scope)
    ("out/crossplane", "cluster"),
    ("out-namespaced", "namespaced"),
]


def main(argv):
    if len(argv) != 3:
        print("usage: check_crossplane.py CRD_DIR CASE_DIR", file=sys.stderr)
        return 2
    crd_dir, case_dir = argv[1], argv[2]
    crds = []
    for name in sorted(os.listdir(crd_dir)):
        if name.endswith((".yaml", ".yml")):
            try:
                crds.append(Crd(os.path.join(crd_dir, name)))
            except Exception as e:  # a CRD this script cannot read is a failure of the check
                fail(os.path.join(crd_dir, name), "CRD loading", f"{type(e).__name__}: {e}")
    with open(os.path.join(case_dir, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    case = None
    if os.path.exists(os.path.join(case_dir, "case.json")):
        with open(os.path.join(case_dir, "case.json"), encoding="utf-8") as f:
            case = json.load(f)
    counts = {}
    if crds:
        for folder, scope in RENDERINGS:
            counts[scope] = check_rendering(case_dir, folder, scope, crds, expected, case)
    for line in failures:
        print(line)
    if failures:
        return 1
    if all(c is None for c in counts.values()):
        print("ok crossplane: no kind of the case has crossplane templates, and no output (as planton-gen all leaves it out)")
        return 0
    print("ok crossplane: " + "; ".join(
        f"{c['objects']} objects in {c['files']} files ({scope}), {c['refs']} references resolved"
        for scope, c in counts.items() if c is not None)
        + f"; KV read back, {counts['cluster']['others'] if counts.get('cluster') else 0} other manifests named")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
