#!/usr/bin/env python3
"""Differential-test oracle: validate proto3-JSON messages with protovalidate.

Usage:
    oracle.py [--check-only] DESCRIPTOR_SET_FILE  < requests.jsonl  > verdicts.jsonl

DESCRIPTOR_SET_FILE is a serialized google.protobuf.FileDescriptorSet (as
produced by planton-gen). Each stdin line is

    {"type": "fully.qualified.MessageName", "message": {...proto3 JSON...}}

and for each stdin line exactly one stdout line is written (and flushed):

    {"violations": [{"field": "spec.items[2].name", "rule": "string.max_len"}, ...]}

sorted by (field, rule), duplicates kept; or

    {"error": "parse error: ..."}

when the line/JSON could not be turned into the message ("input error",
"parse error"), or protovalidate failed ("compilation error",
"evaluation error", "validator error"). "field" is the violation's field
path as protovalidate prints it (proto field names, list index / int key [N],
bool key [true], string key ["..."] quoted like Go's strconv.Quote; "" for
message-level rules); "rule" is the violation's rule_id ("" for a CEL rule
without id).

The reference engine is protovalidate 2.x (Rust core + cel-cpp, on top of
protobuf-py). buf/validate/validate.proto from the descriptor set is NOT used:
the official file bundled with protovalidate is substituted, and the
google/protobuf/* files bundled with protobuf-py are used instead of the ones
in the set. All other files are rebuilt on top of those, so the (buf.validate.*)
option bytes written by planton-gen are interpreted by the official extension
declarations. At start-up every buf.validate option in the set is decoded with
the official message types and any field the official schema does not know is
reported on stderr (fatal with --check-only / exit code 3).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import unicodedata
from typing import Any

import protovalidate
from protobuf import DescFile, Registry, message_from_json_value
from protobuf._codegen import file_desc  # the constructor generated *_pb.py use
from protobuf.wkt import FileDescriptorSet
import protobuf.wkt.google.protobuf as _wkt_pkg
from protovalidate._gen.buf.validate import validate_pb

VALIDATE_PROTO = "buf/validate/validate.proto"


# --------------------------------------------------------------------------
# Registry construction
# --------------------------------------------------------------------------


def _builtin_files() -> dict[str, DescFile]:
    """Official validate.proto plus every google/protobuf/* file protobuf-py ships."""
    roots: list[DescFile] = [validate_pb.desc()]
    for mod in pkgutil.walk_packages(_wkt_pkg.__path__, _wkt_pkg.__name__ + "."):
        if mod.name.endswith("_pb"):
            m = importlib.import_module(mod.name)
            if hasattr(m, "desc"):
                roots.append(m.desc())
    files: dict[str, DescFile] = {}

    def visit(f: DescFile) -> None:
        if f.name in files:
            return
        files[f.name] = f
        for dep in f.dependencies:
            visit(dep)

    for r in roots:
        visit(r)
    assert files[VALIDATE_PROTO] is validate_pb.desc()
    return files


def build_registry(fds: FileDescriptorSet) -> tuple[Registry, list[str]]:
    """Returns the registry and the names of the files taken from the set."""
    files = _builtin_files()
    ours = {f.name: f for f in fds.file if f.name not in files}

    order: list[str] = []
    state: dict[str, int] = {}  # 1 = visiting, 2 = done

    def visit(name: str, importer: str) -> None:
        if name in files or state.get(name) == 2:
            return
        if name not in ours:
            raise SystemExit(f"oracle: {name} (imported by {importer}) is not in the descriptor set")
        if state.get(name) == 1:
            raise SystemExit(f"oracle: import cycle through {name}")
        state[name] = 1
        for dep in ours[name].dependency:
            visit(dep, name)
        state[name] = 2
        order.append(name)

    for name in ours:
        visit(name, "<set>")

    reg = Registry()
    for f in files.values():
        reg.add(f)
    for name in order:
        proto = ours[name]
        deps = [files[d] for d in proto.dependency]
        files[name] = file_desc(proto.to_binary(), deps, {})
        reg.add(files[name])
    return reg, order


# --------------------------------------------------------------------------
# Wire-compatibility check of the buf.validate options in the set
# --------------------------------------------------------------------------


def _has_unknown(msg: Any) -> bool:
    # Re-encode with and without unknown fields (same encoder both times).
    return msg.to_binary() != type(msg).from_binary(msg.to_binary(), ignore_unknown_fields=True).to_binary()


def check_options(reg: Registry, names: list[str]) -> list[str]:
    problems: list[str] = []

    def check(where: str, options: Any, ext: Any) -> None:
        if options is None or ext not in options:
            return
        try:
            rules = options[ext]
        except Exception as e:  # noqa: BLE001
            problems.append(f"{where}: cannot decode (buf.validate.{ext.desc().name}): {e}")
            return
        if _has_unknown(rules):
            problems.append(
                f"{where}: (buf.validate.{ext.desc().name}) has fields unknown to the official "
                f"validate.proto: {rules!r}"
            )

    def walk(msgs: Any) -> None:
        for m in msgs:
            check(m.type_name, m.proto.options, validate_pb.ext_message)
            for o in m.oneofs:
                check(f"{m.type_name}.{o.name}", o.proto.options, validate_pb.ext_oneof)
            for f in m.fields:
                check(f"{m.type_name}.{f.name}", f.proto.options, validate_pb.ext_field)
            walk(m.nested_messages)

    for name in names:
        f = reg.file(name)
        walk(f.messages)
        for x in f.extensions:
            check(x.type_name, x.proto.options, validate_pb.ext_field)
    return problems


# --------------------------------------------------------------------------
# Violation formatting
# --------------------------------------------------------------------------


def _go_quote(s: str) -> str:
    """strconv.Quote, which protovalidate uses for string map keys."""
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in "\a\b\f\n\r\t\v":
            out.append({"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n",
                        "\r": "\\r", "\t": "\\t", "\v": "\\v"}[ch])
        elif c < 0x20 or c == 0x7F:
            out.append(f"\\x{c:02x}")
        elif ch == " " or (ch.isprintable() and unicodedata.category(ch) != "Zs"):
            out.append(ch)
        elif c < 0x10000:
            out.append(f"\\u{c:04x}")
        else:
            out.append(f"\\U{c:08x}")
    out.append('"')
    return "".join(out)


def field_path(path: Any) -> str:
    parts: list[str] = []
    for el in path.elements if path is not None else []:
        s = el.field_name
        sub = el.subscript
        if sub is not None:
            if sub.field == "string_key":
                s += "[" + _go_quote(sub.value) + "]"
            elif sub.field == "bool_key":
                s += "[" + ("true" if sub.value else "false") + "]"
            else:  # index, int_key, uint_key
                s += f"[{int(sub.value)}]"
        parts.append(s)
    return ".".join(parts)


# --------------------------------------------------------------------------
# Main loop
# --------------------------------------------------------------------------


def handle(line: str, reg: Registry, validator: protovalidate.Validator) -> dict[str, Any]:
    try:
        req = json.loads(line)
        if not isinstance(req, dict) or not isinstance(req.get("type"), str) or "message" not in req:
            return {"error": 'input error: expected {"type": "...", "message": {...}}'}
    except ValueError as e:
        return {"error": f"input error: {e}"}
    desc = reg.message(req["type"])
    if desc is None:
        return {"error": f"input error: unknown message type {req['type']!r}"}
    try:
        msg = message_from_json_value(desc.type, req["message"], ignore_unknown_fields=False, registry=reg)
    except Exception as e:  # noqa: BLE001  (TypeError/ValueError/RecursionError/...)
        return {"error": f"parse error: {type(e).__name__}: {e}"}
    try:
        violations = validator.collect_violations(msg, fail_fast=False)
    except protovalidate.CompilationError as e:
        return {"error": f"compilation error: {e}"}
    except protovalidate.EvaluationError as e:
        return {"error": f"evaluation error: {e}"}
    except Exception as e:  # noqa: BLE001  keep the one-line-per-request protocol
        return {"error": f"validator error: {type(e).__name__}: {e}"}
    out = []
    for v in violations:
        p = v.proto
        out.append({"field": field_path(p.field), "rule": p.rule_id or ""})
    out.sort(key=lambda d: (d["field"], d["rule"]))
    return {"violations": out}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("descriptor_set")
    ap.add_argument("--check-only", action="store_true",
                    help="only load the set and check option wire-compatibility, then exit")
    args = ap.parse_args()

    with open(args.descriptor_set, "rb") as fh:
        fds = FileDescriptorSet.from_binary(fh.read())
    reg, names = build_registry(fds)
    problems = check_options(reg, names)
    for p in problems:
        print(f"oracle: warning: {p}", file=sys.stderr)
    if args.check_only:
        print(f"oracle: {len(names)} file(s) loaded, {len(problems)} problem(s)", file=sys.stderr)
        return 3 if problems else 0

    validator = protovalidate.Validator(reg)
    for line in sys.stdin:
        result = handle(line, reg, validator)
        sys.stdout.write(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
