#!/usr/bin/env python3
"""Helper of scripts/e2e/check_wrangler (stdlib only: tomllib needs Python 3.11+).

  check_wrangler_helper.py jsonc GENERATED OUT NAME MAIN DATE
      Writes OUT: the generated JSONC text byte for byte, with the Worker header keys
      inserted right after its opening `{` (found by skipping the comments before it).
      Exit 1 with a message when the text does not start (after comments) with `{`.

  check_wrangler_helper.py report CASE_DIR WORK
      Reads WORK/{toml,jsonc}/{rc,output.txt,worker-configuration.d.ts} left by the two
      `wrangler types` runs and prints FAIL lines or the ok line; exit 1 on any failure.
"""
import json
import os
import re
import sys

TOML_FILE = "out/wrangler/wrangler.kv.toml"
JSONC_FILE = "out-jsonc/wrangler.kv.jsonc"
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
# Lines of wrangler's output that report a problem: errors (it may print one and exit 0) and
# warnings (for this config, e.g. "Unexpected fields found in kv_namespaces[0]").
PROBLEM = re.compile(r"✘|\[ERROR\]|\bError:|▲|\[WARNING\]")


def show(value):
    return json.dumps(value, ensure_ascii=True)


def opening_brace(text):
    """Index of the `{` that opens the JSONC object, skipping whitespace and comments."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n\ufeff":
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                return None
            i = j + 2
        elif c == "{":
            return i
        else:
            return None
    return None


def make_jsonc(generated, out, name, main, date):
    with open(generated, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        print(f"not UTF-8: {e}")
        return 1
    at = opening_brace(text)
    if at is None:
        print("the text (after its comments) does not start with the `{` of a JSON object")
        return 1
    header = (
        f"\n  // Worker header added by check_wrangler; the rest is planton-gen's text, unchanged\n"
        f"  \"name\": {json.dumps(name)},\n  \"main\": {json.dumps(main)},\n"
        f"  \"compatibility_date\": {json.dumps(date)},"
    )
    prefix = raw[: len(text[: at + 1].encode("utf-8"))]
    with open(out, "wb") as f:
        f.write(prefix + header.encode("utf-8") + raw[len(prefix):])
    return 0


HEADER_LINES = 4  # lines the Worker header adds: 3 keys and a blank line (TOML), comment + 3 keys (JSONC)


def header_shift(case_dir, variant):
    """(first line of the project file that comes from the header, lines it adds)."""
    if variant == "toml":
        return (1, HEADER_LINES)
    try:
        with open(os.path.join(case_dir, JSONC_FILE), encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError):
        return (1, 0)
    at = opening_brace(text)
    return (1, 0) if at is None else (text.count("\n", 0, at) + 2, HEADER_LINES)


def relocate(output, project_file, shown, shift):
    """wrangler's `project_file:LINE:COL` locations -> the generated file's own lines."""
    first, added = shift

    def repl(m):
        line = int(m.group(1))
        if line < first:
            return f"{shown}:{line}:{m.group(2)}"
        if line < first + added:
            return f"(check_wrangler's Worker header, line {line}):{m.group(2)}"
        return f"{shown}:{line - added}:{m.group(2)}"

    output = re.sub(re.escape(project_file) + r":(\d+):(\d+)", repl, output)
    return output.replace(project_file, shown)


def env_bindings(dts_path):
    """[(name, type)] of `interface Env { ... }` in wrangler's worker-configuration.d.ts."""
    with open(dts_path, encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"interface Env \{\n(.*?)\n\s*\}", text, re.S)
    if not match:
        return None
    members = []
    for line in match.group(1).split("\n"):
        m = re.fullmatch(r"\s*(\"(?:[^\"\\]|\\.)*\"|[^\s:]+): (.+);\s*", line)
        if m:
            members.append((m.group(1), m.group(2)))
        elif line.strip():
            members.append((line.strip(), None))
    return members


def report(case_dir, work):
    case = os.path.basename(os.path.normpath(case_dir))
    failures = []

    def fail(rel, consumer, message):
        failures.append(f"FAIL {case}/{rel}: {consumer}: {message}")

    with open(os.path.join(case_dir, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)

    # Bindings the TOML declares, read with Python's TOML parser (tomllib), by position.
    bindings = None
    try:
        import tomllib
    except ImportError:
        fail(TOML_FILE, "tomllib", f"Python {sys.version.split()[0]} has no tomllib (needs 3.11+)")
        tomllib = None
    if tomllib:
        try:
            with open(os.path.join(case_dir, TOML_FILE), "rb") as f:
                doc = tomllib.load(f)
            kv = doc.get("kv_namespaces", [])
            bindings = [e.get("binding") for e in kv]
            if len(kv) != len(expected):
                fail(TOML_FILE, "tomllib", f"{len(kv)} kv_namespaces for {len(expected)} manifests in expected.json")
            for i, (entry, exp) in enumerate(zip(kv, expected)):
                who = f"kv_namespaces[{i}] (manifest {show(exp.get('name'))})"
                extra = sorted(set(entry) - {"binding", "id"})
                if extra:
                    fail(TOML_FILE, "tomllib", f"{who}: unexpected keys {show(extra)}")
                if not isinstance(entry.get("binding"), str):
                    fail(TOML_FILE, "tomllib", f"{who}: binding {show(entry.get('binding'))} is not a string")
                want = (exp.get("annotations") or {}).get("planton-gen/binding")
                if want is not None and entry.get("binding") != want:
                    fail(TOML_FILE, "tomllib", f"{who}: binding {show(entry.get('binding'))}, annotation planton-gen/binding is {show(want)}")
                namespace_id = exp.get("namespace_id") or ""
                if entry.get("id", "") != namespace_id:
                    fail(TOML_FILE, "tomllib", f"{who}: id {show(entry.get('id'))}, manifest namespace_id {show(namespace_id)}")
            if len(set(map(str, bindings))) != len(bindings):
                fail(TOML_FILE, "tomllib", f"duplicate bindings in {show(bindings)}")
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            fail(TOML_FILE, "tomllib", f"{type(e).__name__}: {e}")
            bindings = None

    counts = {}
    found = {}
    for variant, rel in (("toml", TOML_FILE), ("jsonc", JSONC_FILE)):
        d = os.path.join(work, variant)
        consumer = f"wrangler types (wrangler.{variant})"
        if os.path.exists(os.path.join(d, "setup-error.txt")):
            with open(os.path.join(d, "setup-error.txt"), encoding="utf-8", errors="replace") as f:
                fail(rel, consumer, "cannot make the Worker config: " + " ".join(f.read().split()))
            continue
        with open(os.path.join(d, "rc")) as f:
            rc = f.read().strip()
        with open(os.path.join(d, "output.txt"), encoding="utf-8", errors="replace") as f:
            output = ANSI.sub("", f.read())
        output = relocate(output, os.path.join(d, f"wrangler.{variant}"), f"{case}/{rel}",
                          header_shift(case_dir, variant))
        lines = output.split("\n")
        problems = [(i, line) for i, line in enumerate(lines) if PROBLEM.search(line)]
        for i, line in problems:
            # wrangler puts the detail on the lines after the headline; show them with it.
            detail = []
            for nxt in lines[i + 1:i + 10]:
                if PROBLEM.search(nxt) or (nxt.strip() and not nxt[0].isspace()):
                    break
                frame = re.fullmatch(r"\s*\d+ │ (.*)", nxt)  # code frame: project line numbers
                if frame:
                    detail.append(frame.group(1).strip())
                elif nxt.strip() and "please open an issue" not in nxt and not nxt.strip().startswith("╵"):
                    detail.append(nxt.strip())
            fail(rel, consumer, " | ".join([line.strip()] + detail))
        if rc != "0":
            fail(rel, consumer, f"exit status {rc}" + ("" if problems else ": " + " | ".join(l.strip() for l in lines if l.strip())[-2000:]))
        if rc == "124":
            fail(rel, consumer, "timed out")
        dts = os.path.join(d, "worker-configuration.d.ts")
        if rc != "0" or problems:
            continue
        if not os.path.exists(dts):
            fail(rel, consumer, "wrote no worker-configuration.d.ts")
            continue
        members = env_bindings(dts)
        if members is None:
            fail(rel, consumer, "worker-configuration.d.ts has no `interface Env {...}`")
            continue
        kv = [n for n, t in members if t == "KVNamespace"]
        others = [(n, t) for n, t in members if t != "KVNamespace"]
        for n, t in others:
            fail(rel, consumer, f"Env member {show(n)} is {show(t)}, not a KVNamespace binding")
        found[variant] = kv
        counts[variant] = len(kv)
        if bindings is not None:
            for b in bindings:
                if b not in kv:
                    fail(rel, consumer, f"missing binding: no `{b}: KVNamespace;` in the Env interface (has {show(kv)})")
            for n in kv:
                if n not in bindings:
                    fail(rel, consumer, f"binding {show(n)} in the Env interface is not a binding of {TOML_FILE} {show(bindings)}")
        if len(kv) != len(expected):
            fail(rel, consumer, f"{len(kv)} KVNamespace bindings in the Env interface for {len(expected)} manifests")
    if "toml" in found and "jsonc" in found and sorted(found["toml"]) != sorted(found["jsonc"]):
        fail(JSONC_FILE, "wrangler types (wrangler.jsonc)",
             f"bindings {show(found['jsonc'])} differ from the TOML variant's {show(found['toml'])}")

    for line in failures:
        print(line)
    if failures:
        return 1
    print(f"ok wrangler: {counts['toml']} bindings (toml), {counts['jsonc']} bindings (jsonc)")
    return 0


def main(argv):
    if len(argv) == 7 and argv[1] == "jsonc":
        return make_jsonc(*argv[2:])
    if len(argv) == 4 and argv[1] == "report":
        return report(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
