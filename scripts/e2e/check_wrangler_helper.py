#!/usr/bin/env python3
"""Helper of scripts/e2e/check_wrangler (stdlib, plus PyYAML when installed; tomllib needs 3.11+).

  check_wrangler_helper.py jsonc GENERATED OUT NAME MAIN DATE
      Writes OUT: the generated JSONC text byte for byte, with the Worker header keys
      inserted right after its opening `{` (found by skipping the comments before it).
      Exit 1 with a message when the text does not start (after comments) with `{`.

  check_wrangler_helper.py envs CASE_DIR
      Prints, NUL-terminated, the named (non-default) wrangler environments to run
      `wrangler types --env NAME` for: the `env` tables of the generated TOML, plus the
      environments of the manifests (metadata.env) when PyYAML can read them.

  check_wrangler_helper.py report CASE_DIR WORK
      Reads WORK/{toml,jsonc}/RUN/{env-name,rc,output.txt,worker-configuration.d.ts} left by
      the `wrangler types` runs (RUN 0: without --env; others: --env with the name in env-name)
      and prints FAIL lines or the ok line; exit 1 on any failure.

Environments: planton-gen puts the bindings of the default environment (DEFAULT_ENV: metadata.env
empty or equal to it) at the top level and those of every other environment NAME under
env.NAME.kv_namespaces. Within an environment the entries follow metadata.name, as expected.json
does. With PyYAML the manifests' environments are read from CASE_DIR/input and every entry is
matched to its manifest by environment and position; without it (expected.json carries no env)
entries are matched to manifests by id and planton-gen/binding annotation only.
"""
import json
import os
import pathlib
import re
import sys
from collections import Counter

TOML_FILE = "out/wrangler/wrangler.kv.toml"
JSONC_FILE = "out-jsonc/wrangler.kv.jsonc"
# planton-gen's --default-env, which scripts/e2e/run leaves at its default.
DEFAULT_ENV = "prod"
TOP = None  # the top level of the config: the default environment's section
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


def where_env(env):
    return f"top level (default environment {show(DEFAULT_ENV)})" if env is TOP else f"environment {show(env)}"


def entry_path(env, i):
    return f"kv_namespaces[{i}]" if env is TOP else f"env.{show(env)}.kv_namespaces[{i}]"


def manifest_envs(case_dir):
    """{metadata.name: section} of the manifests under CASE_DIR/input (as expected.py reads
    them), TOP for the default environment; None without PyYAML."""
    try:
        import yaml
    except ImportError:
        return None
    envs = {}
    folder = pathlib.Path(case_dir, "input")
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml")):
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not isinstance(doc, dict) or doc.get("kind") != "CloudflareKvNamespace":
                continue
            metadata = doc.get("metadata") or {}
            env = metadata.get("env") or ""
            env = env if isinstance(env, str) else str(env)
            envs[metadata.get("name", "")] = TOP if env in ("", DEFAULT_ENV) else env
    return envs


def toml_sections(doc, fail):
    """{section: [entry]} of a parsed wrangler.kv.toml: TOP, then its env tables in order."""
    sections = {}
    extra = sorted(set(doc) - {"kv_namespaces", "env"})
    if extra:
        fail(f"unexpected top-level keys {show(extra)}")

    def entries(value, path):
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            fail(f"{path} is not an array of tables")
            return []
        return value

    if "kv_namespaces" in doc:
        sections[TOP] = entries(doc["kv_namespaces"], "kv_namespaces")
    envs = doc.get("env", {})
    if not isinstance(envs, dict):
        fail("env is not a table")
        envs = {}
    for name, table in envs.items():
        if name == DEFAULT_ENV:
            fail(f"env.{show(name)}: the default environment's bindings belong at the top level")
        if not isinstance(table, dict):
            fail(f"env.{show(name)} is not a table")
            continue
        extra = sorted(set(table) - {"kv_namespaces"})
        if extra:
            fail(f"env.{show(name)}: unexpected keys {show(extra)}")
        sections[name] = entries(table.get("kv_namespaces", []), f"env.{show(name)}.kv_namespaces")
    return sections


def check_entry(fail, path, entry, exp):
    """One kv_namespaces entry against its manifest (exp: an element of expected.json)."""
    who = f"{path} (manifest {show(exp.get('name'))})"
    extra = sorted(set(entry) - {"binding", "id"})
    if extra:
        fail(f"{who}: unexpected keys {show(extra)}")
    if not isinstance(entry.get("binding"), str):
        fail(f"{who}: binding {show(entry.get('binding'))} is not a string")
    want = (exp.get("annotations") or {}).get("planton-gen/binding")
    if want is not None and entry.get("binding") != want:
        fail(f"{who}: binding {show(entry.get('binding'))}, annotation planton-gen/binding is {show(want)}")
    namespace_id = exp.get("namespace_id") or ""
    if entry.get("id", "") != namespace_id:
        fail(f"{who}: id {show(entry.get('id'))}, manifest namespace_id {show(namespace_id)}")


def read_back(case_dir, expected, envs, fail):
    """Checks the TOML against the manifests with tomllib; {section: [binding]} or None."""
    try:
        import tomllib
    except ImportError:
        fail(f"Python {sys.version.split()[0]} has no tomllib (needs 3.11+)")
        return None
    try:
        with open(os.path.join(case_dir, TOML_FILE), "rb") as f:
            doc = tomllib.load(f)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        fail(f"{type(e).__name__}: {e}")
        return None
    sections = toml_sections(doc, fail)
    total = sum(len(v) for v in sections.values())
    if total != len(expected):
        fail(f"{total} kv_namespaces entries in all environments for {len(expected)} manifests in expected.json")

    if envs is not None:
        # Environment and position: each section lists its manifests in metadata.name order.
        want = {}
        for exp in expected:
            if exp.get("name") not in envs:
                fail(f"manifest {show(exp.get('name'))} of expected.json not found under input/")
                continue
            want.setdefault(envs[exp.get("name")], []).append(exp)
        for section in sorted(set(want) | set(sections), key=lambda s: (s is not TOP, s or "")):
            got, exps = sections.get(section, []), want.get(section, [])
            if len(got) != len(exps):
                fail(f"{where_env(section)}: {len(got)} kv_namespaces entries for {len(exps)} manifests "
                     f"{show([e.get('name') for e in exps][:8])}{' ...' if len(exps) > 8 else ''}")
            for i, (entry, exp) in enumerate(zip(got, exps)):
                check_entry(fail, entry_path(section, i), entry, exp)
    else:
        # No environments to match by: every namespace_id is the id of exactly one entry, every
        # id is a manifest's, that manifest's binding annotation holds, and the id-less entries
        # are as many as the manifests without namespace_id.
        by_id = {}
        for exp in expected:
            if exp.get("namespace_id"):
                by_id.setdefault(exp["namespace_id"], []).append(exp)
        ids = Counter()
        idless = []
        for section, entries in sections.items():
            for i, entry in enumerate(entries):
                path = entry_path(section, i)
                namespace_id = entry.get("id", "")
                if not namespace_id:
                    if "id" in entry:
                        fail(f"{path}: id {show(entry['id'])}")
                    idless.append((path, entry))
                    continue
                ids[namespace_id] += 1
                if namespace_id not in by_id:
                    fail(f"{path}: id {show(namespace_id)} is no manifest's namespace_id")
                    continue
                check_entry(fail, path, entry, by_id[namespace_id][0])
        for namespace_id, exps in by_id.items():
            if ids[namespace_id] != len(exps):
                fail(f"namespace_id {show(namespace_id)} of {show([e.get('name') for e in exps])} is the id of {ids[namespace_id]} entries")
        without = [e for e in expected if not e.get("namespace_id")]
        if len(idless) != len(without):
            fail(f"{len(idless)} entries without id for {len(without)} manifests without namespace_id")
        free = Counter(e.get("binding") for _, e in idless)
        for exp in without:
            want = (exp.get("annotations") or {}).get("planton-gen/binding")
            if want is not None:
                if free[want] > 0:
                    free[want] -= 1
                else:
                    fail(f"manifest {show(exp.get('name'))}: no entry without id has its planton-gen/binding {show(want)}")
        for path, entry in idless:
            extra = sorted(set(entry) - {"binding", "id"})
            if extra:
                fail(f"{path}: unexpected keys {show(extra)}")

    bindings = {}
    for section, entries in sections.items():
        names = [e.get("binding") for e in entries]
        if not all(isinstance(n, str) for n in names):
            fail(f"{where_env(section)}: bindings {show(names)} are not all strings")
        dupes = sorted(n for n, k in Counter(map(str, names)).items() if k > 1)
        if dupes:
            fail(f"{where_env(section)}: duplicate bindings {show(dupes)}")
        bindings[section] = names
    return bindings


def env_interface_name(env):
    """wrangler's toEnvInterfaceName (4.86): PascalCase on - and _, then `Env` unless it ends so."""
    pascal = "".join(w[:1].upper() + w[1:].lower() for w in re.split(r"[-_]", env))
    return pascal if pascal.endswith("Env") else pascal + "Env"


def interfaces(dts_path):
    """{name: [(member, optional, type)]} of the `interface NAME {...}` in wrangler's d.ts."""
    with open(dts_path, encoding="utf-8") as f:
        text = f.read()
    found = {}
    for m in re.finditer(r"^[ \t]*interface (\w+) \{(\}|\n(.*?)\n[ \t]*\})", text, re.S | re.M):
        members = []
        for line in (m.group(3) or "").split("\n"):
            mm = re.fullmatch(r"\s*(\"(?:[^\"\\]|\\.)*\"|[^\s:?]+)(\??): (.+);\s*", line)
            if mm:
                key = mm.group(1)
                if key.startswith('"'):
                    try:
                        key = json.loads(key)
                    except ValueError:
                        pass
                members.append((key, mm.group(2) == "?", mm.group(3)))
            elif line.strip():
                members.append((line.strip(), False, None))
        found.setdefault(m.group(1), []).extend(members)
    return found


# wrangler --env NAME warns about every top-level binding NAME lacks ("not inherited by
# environments"): by design here, the default environment's bindings are not NAME's. Those
# items are expected (and checked: exactly the top-level bindings NAME lacks); any other item
# of the same warning is a failure.
INHERIT = re.compile(r'There is a kv_namespaces binding with name "(.*?)" at the top level, but not on '
                     r'"env\.(.*?)"\. This is not what you probably want, since "kv_namespaces" configuration '
                     r'is not inherited by environments\. Please add a binding for ".*?" to "env\..*?\.kv_namespaces\.bindings"\.')
SECTION = re.compile(r'"env\..*" environment configuration')


def problems_of(lines):
    """[(headline, [detail item])] of wrangler's error and warning blocks, and the set of
    (binding, env) of the expected not-inherited warnings (dropped from the details)."""
    found, inherited = [], set()
    for i, line in enumerate(lines):
        if not PROBLEM.search(line):
            continue
        items = []  # bullet items and other detail lines, continuation lines joined
        for nxt in lines[i + 1:]:
            if PROBLEM.search(nxt) or (nxt.strip() and not nxt[0].isspace()):
                break
            text = nxt.strip()
            frame = re.fullmatch(r"\s*\d+ │ (.*)", nxt)  # code frame: project line numbers
            if frame:
                items.append(frame.group(1).strip())
            elif not text or "please open an issue" in text or text.startswith("╵"):
                continue
            elif text.startswith("- ") or not items:
                items.append(text[2:] if text.startswith("- ") else text)
            else:
                items[-1] += " " + text
        kept = []
        for item in items:
            m = INHERIT.fullmatch(item)
            if m and re.search(r"▲|\[WARNING\]", line):
                inherited.add((m.group(1), m.group(2)))
            elif not SECTION.fullmatch(item):
                kept.append(item)
        if kept or not re.search(r"▲|\[WARNING\]", line) or not items:
            found.append((line.strip(), kept))
    return found, inherited


def check_run(fail, d, env, bindings):
    """One `wrangler types` run (env None: without --env) in project folder d; returns
    (ok, number of KVNamespace members checked)."""
    variant = os.path.basename(os.path.dirname(d))
    rel = TOML_FILE if variant == "toml" else JSONC_FILE
    consumer = f"wrangler types{'' if env is None else ' --env ' + show(env)} (wrangler.{variant})"
    before = len(fail.failures)

    def bad(message):
        fail.at(rel, consumer, message)

    with open(os.path.join(d, "rc")) as f:
        rc = f.read().strip()
    with open(os.path.join(d, "output.txt"), encoding="utf-8", errors="replace") as f:
        output = ANSI.sub("", f.read())
    output = relocate(output, os.path.join(d, f"wrangler.{variant}"), f"{fail.case}/{rel}",
                      header_shift(fail.case_dir, variant))
    lines = output.split("\n")
    problems, inherited = problems_of(lines)
    for headline, items in problems:
        shown = items[:12] + ([f"... {len(items) - 12} more"] if len(items) > 12 else [])
        bad(" | ".join([headline] + shown))
    if rc != "0":
        bad(f"exit status {rc}" + ("" if problems else ": " + " | ".join(l.strip() for l in lines if l.strip())[-2000:]))
    if rc == "124":
        bad("timed out")
    if rc != "0" or problems:
        return False, 0
    dts = os.path.join(d, "worker-configuration.d.ts")
    if not os.path.exists(dts):
        bad("wrote no worker-configuration.d.ts")
        return False, 0
    found = interfaces(dts)
    found.pop("GlobalProps", None)
    if "Env" not in found:
        bad("worker-configuration.d.ts has no `interface Env {...}`")
        return False, 0
    for name, members in found.items():
        for key, _, typ in members:
            if typ != "KVNamespace":
                bad(f"interface {name}: member {show(key)} is {show(typ)}, not a KVNamespace binding")
    if bindings is None:  # the TOML could not be read: nothing to compare with
        return len(fail.failures) == before, 0

    def same(name, got, want, optional):
        """Members `got` of interface `name` against the bindings `want`; optional(b) -> `?`."""
        keys = [k for k, _, _ in got]
        for b in sorted(set(want) - set(keys)):
            bad(f"interface {name}: missing binding: no `{b}{'?' if optional(b) else ''}: KVNamespace;` (has {show(keys)})")
        for k in sorted(set(keys) - set(want)):
            bad(f"interface {name}: binding {show(k)} is not one of {show(want)}")
        for k, n in Counter(keys).items():
            if n > 1:
                bad(f"interface {name}: binding {show(k)} {n} times")
        for k, opt, _ in got:
            if k in want and opt != optional(k):
                bad(f"interface {name}: `{k}{'?' if opt else ''}`, expected `{k}{'?' if optional(k) else ''}`")

    named = [s for s in bindings if s is not TOP]
    top = bindings.get(TOP, [])
    if env is not None:
        # --env NAME: Env holds NAME's bindings and nothing else (the top level is not inherited).
        mine = bindings.get(env, [])
        if set(found) != {"Env"}:
            bad(f"interfaces {show(sorted(found))}, expected only Env")
        same("Env", found["Env"], mine, lambda b: False)
        want = {(b, env) for b in top if b not in mine}
        for b, e in sorted(want - inherited):
            bad(f"no warning that top-level binding {show(b)} is not inherited by env.{e}")
        for b, e in sorted(inherited - want):
            bad(f"unexpected warning: top-level binding {show(b)} not on env.{e}")
        checked = len(found["Env"])
    elif named:
        # Without --env and with environments, wrangler 4.86 writes one interface per named
        # environment (toEnvInterfaceName) with exactly its bindings, and Env: the union of
        # all sections' bindings, each optional (`?`) unless every section, top level included,
        # has it. The top level gets no interface of its own.
        want_names = {"Env"} | {env_interface_name(s) for s in named}
        if set(found) != want_names:
            bad(f"interfaces {show(sorted(found))}, expected {show(sorted(want_names))}")
        checked = 0
        for s in named:
            name = env_interface_name(s)
            if name in found:
                same(name, found[name], bindings[s], lambda b: False)
                checked += len(found[name])
        sections = [top] + [bindings[s] for s in named]
        union = sorted({b for sec in sections for b in sec})
        same("Env", found["Env"], union, lambda b: not all(b in sec for sec in sections))
    else:
        # No environments: Env holds exactly the top-level bindings.
        if set(found) != {"Env"}:
            bad(f"interfaces {show(sorted(found))}, expected only Env")
        same("Env", found["Env"], top, lambda b: False)
        checked = len(found["Env"])
    return len(fail.failures) == before, checked


class Failures:
    def __init__(self, case_dir):
        self.case_dir = case_dir
        self.case = os.path.basename(os.path.normpath(case_dir))
        self.failures = []

    def at(self, rel, consumer, message):
        self.failures.append(f"FAIL {self.case}/{rel}: {consumer}: {message}")


def named_envs(case_dir):
    """Named environments to run `--env` for: the TOML's env tables, and the manifests'."""
    names = []
    try:
        import tomllib
        with open(os.path.join(case_dir, TOML_FILE), "rb") as f:
            envs = tomllib.load(f).get("env", {})
        if isinstance(envs, dict):
            names += list(envs)
    except Exception:  # the report says what is wrong with the TOML
        pass
    try:
        manifests = manifest_envs(case_dir)
    except Exception:
        manifests = None
    for env in sorted({e for e in (manifests or {}).values() if e is not TOP}):
        if env not in names:
            names.append(env)
    return names


def print_envs(case_dir):
    for env in named_envs(case_dir):
        sys.stdout.write(env + "\0")
    return 0


def report(case_dir, work):
    fail = Failures(case_dir)
    with open(os.path.join(case_dir, "expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    try:
        envs = manifest_envs(case_dir)
    except Exception as e:  # expected.py read them: this should not happen
        fail.at("input", "PyYAML", f"{type(e).__name__}: {e}")
        envs = None

    bindings = read_back(case_dir, expected, envs, lambda m: fail.at(TOML_FILE, "tomllib", m))

    wanted = [None] + named_envs(case_dir)
    runs = 0
    for variant, rel in (("toml", TOML_FILE), ("jsonc", JSONC_FILE)):
        base = os.path.join(work, variant)
        consumer = f"wrangler types (wrangler.{variant})"
        if os.path.exists(os.path.join(base, "setup-error.txt")):
            with open(os.path.join(base, "setup-error.txt"), encoding="utf-8", errors="replace") as f:
                fail.at(rel, consumer, "cannot make the Worker config: " + " ".join(f.read().split()))
            continue
        done = {}
        for run in sorted(os.listdir(base)):
            d = os.path.join(base, run)
            if not os.path.isfile(os.path.join(d, "rc")):
                continue
            env = None
            if os.path.exists(os.path.join(d, "env-name")):
                with open(os.path.join(d, "env-name"), encoding="utf-8") as f:
                    env = f.read()
            done[env] = d
        for env in wanted:
            if env not in done:
                fail.at(rel, consumer, "no run" + ("" if env is None else f" with --env {show(env)}"))
                continue
            check_run(fail, done[env], env, bindings)
            runs += 1

    for line in fail.failures:
        print(line)
    if fail.failures:
        return 1
    sizes = ", ".join(f"{'top level' if s is TOP else s}: {len(b)}" for s, b in bindings.items())
    how = "by environment" if envs is not None else "by id and annotation (no PyYAML: environments not read)"
    print(f"ok wrangler: {sum(len(b) for b in bindings.values())} bindings ({sizes}), matched {how}; "
          f"wrangler types x{runs} (toml, jsonc; {len(wanted) - 1} with --env) agree")
    return 0


def main(argv):
    if len(argv) == 7 and argv[1] == "jsonc":
        return make_jsonc(*argv[2:])
    if len(argv) == 3 and argv[1] == "envs":
        return print_envs(argv[2])
    if len(argv) == 4 and argv[1] == "report":
        return report(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
