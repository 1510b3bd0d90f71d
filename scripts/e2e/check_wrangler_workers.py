#!/usr/bin/env python3
"""Checks planton-gen's Worker configurations with wrangler itself (called by check_wrangler).

Usage: check_wrangler_workers.py CASE_DIR      (wrangler on PATH; Python 3.11+)

A Worker's configuration is a folder: CASE_DIR/out/wrangler/<kebab_base>/wrangler.toml and
CASE_DIR/out-jsonc/<kebab_base>/wrangler.jsonc (`planton-gen wrangler [--format jsonc] -o`),
its environments as env.NAME. For every such file:

  wrangler deploy --dry-run  a throwaway copy of the folder, with the entry file each `main`
              names created (a tiny module Worker), is built by `wrangler deploy --dry-run
              --outdir TMP`, once without --env and once with --env NAME per env section (only
              --env NAME makes wrangler validate env.NAME). A run fails on a non-zero exit or on
              any error or warning line, except the warnings that are true of the config and
              intended: without --env, "Multiple environments are defined ... no target
              environment" when the config has env sections; with --env NAME, "<binding|key> at
              the top level, but not on env.NAME ... not inherited" when the top level has it
              and env.NAME does not (wrangler inherits no bindings and vars: each environment
              is its own manifest).
  bindings    the table wrangler prints ("Your Worker has access to the following bindings")
              holds exactly the kv_namespaces bindings of the section deployed (with its id
              when the config gives one) and exactly its vars; r2_buckets and d1_databases too
              when a config has them.
  TOML = JSONC the two files of a folder parse (tomllib; JSONC: comments and trailing commas
              removed, then json) to the same configuration (empty tables and lists aside).
  manifests   (CASE_DIR/case.json) every CloudflareWorker manifest, when the wrangler target has
              templates for the kind, is one section of one configuration: the top level for the
              default environment (or env.<its env>), named spec.worker_name, main the bundle
              file's name, compatibility_date and account_id as written, routes from spec.dns,
              vars spec.env.variables, and its kv_bindings in order, each named as the
              namespace's own wrangler binding (annotation planton-gen/binding, else the
              name without its environment in SHOUTY_CASE) with the namespace's
              status.outputs.namespace_id as id when it has one; no section is any other's.
              A configuration file is expected exactly when such a manifest exists.

Isolation as check_wrangler's: HOME, XDG_* and TMPDIR in the temporary folder, metrics and the
banner off, the npm registry unreachable, and no network at all when user namespaces allow it
(unshare -rn). Prints `FAIL <file>: <consumer>: <message>` lines, or one `ok` line; exit 1 on
any failure.
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
PROBLEM = re.compile(r"✘|\[ERROR\]|\bError:|▲|\[WARNING\]")
WARNING = re.compile(r"▲|\[WARNING\]")
ENTRY = 'export default { fetch() { return new Response("ok") } }\n'
DEFAULT_ENV = "prod"  # planton-gen's --default-env, which scripts/e2e/run leaves as it is
WORKER_KIND = "CloudflareWorker"
KV_KIND = "CloudflareKvNamespace"
# wrangler's name for each binding type in its table, by configuration key.
TABLE_TYPES = {
    "kv_namespaces": "KV Namespace",
    "vars": "Environment Variable",
    "r2_buckets": "R2 Bucket",
    "d1_databases": "D1 Database",
}
# The intended warnings (see the docstring): a binding or a whole key not inherited by env.NAME.
BINDING_NOT_INHERITED = re.compile(
    r'There is a (\w+) binding with name "(.*?)" at the top level, but not on "env\.(.*?)"\. This is not what '
    r'you probably want, since "\w+" configuration is not inherited by environments\. Please add a binding for '
    r'".*?" to "env\..*?\.\w+\.bindings"\.')
KEY_NOT_INHERITED = re.compile(
    r'"(\w+)" exists at the top level, but not on "env\.(.*?)"\. This is not what you probably want, since '
    r'"\w+" is not inherited by environments\. Please add "\w+" to "env\..*?"\.')
SECTION = re.compile(r'"env\..*" environment configuration')
NO_TARGET_ENV = "Multiple environments are defined in the Wrangler configuration file, but no target environment was specified"

failures = []


def fail(file, consumer, message):
    failures.append(f"FAIL {file}: {consumer}: {message}")


def show(value):
    return json.dumps(value, ensure_ascii=True)


def field(mapping, proto_name):
    """A field of a manifest in either spelling (worker_name / workerName)."""
    if not isinstance(mapping, dict):
        return None
    camel = proto_name.split("_")[0] + "".join(p.title() for p in proto_name.split("_")[1:])
    return mapping.get(proto_name, mapping.get(camel))


# ---- reading the configurations --------------------------------------------------------------


def strip_jsonc(text):
    """JSONC -> JSON: comments removed (outside strings), then trailing commas."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    stripped = "".join(out)
    # A comma before a closing bracket (outside strings: strings hold no raw newline/bracket run)
    result, i, n = [], 0, len(stripped)
    while i < n:
        c = stripped[i]
        if c == '"':
            j = i + 1
            while j < n and stripped[j] != '"':
                j += 2 if stripped[j] == "\\" else 1
            result.append(stripped[i:j + 1])
            i = j + 1
            continue
        if c == ",":
            j = i + 1
            while j < n and stripped[j] in " \t\r\n":
                j += 1
            if j < n and stripped[j] in "]}":
                i += 1
                continue
        result.append(c)
        i += 1
    return "".join(result)


def load(path, variant):
    """The parsed configuration, or None (reported)."""
    shown = shown_path(path)
    try:
        if variant == "toml":
            import tomllib
            with open(path, "rb") as f:
                return tomllib.load(f)
        with open(path, encoding="utf-8") as f:
            return json.loads(strip_jsonc(f.read()))
    except Exception as e:  # noqa: BLE001 - every reader error is a finding
        fail(shown, "tomllib" if variant == "toml" else "JSONC (comments and trailing commas removed, json)",
             f"{type(e).__name__}: {' '.join(str(e).split())}")
        return None


CASE_DIR = None


def shown_path(path):
    return os.path.join(os.path.basename(CASE_DIR), os.path.relpath(path, CASE_DIR))


def sections(config):
    """[(env or None, table)]: the top level, then every env.NAME."""
    if not isinstance(config, dict):
        return []
    found = [(None, config)]
    envs = config.get("env")
    if isinstance(envs, dict):
        found += [(name, table) for name, table in envs.items() if isinstance(table, dict)]
    return found


def normalized(value):
    """The configuration without empty tables and lists (TOML leaves out what JSONC writes empty)."""
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items() if v not in ({}, [])}
    if isinstance(value, list):
        return [normalized(v) for v in value]
    return value


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {show(a)} / {show(b)}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: {'only in the TOML' if k in a else 'only in the JSONC'}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} / {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {show(a)} / {show(b)}"


# ---- wrangler deploy --dry-run ---------------------------------------------------------------


def offline_prefix():
    if shutil.which("unshare"):
        try:
            if subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10).returncode == 0:
                return ["unshare", "-rn"]
        except (OSError, subprocess.SubprocessError):
            pass
    return []


def prepare(source_folder, config, project, shown):
    """A copy of the folder with an entry file for every `main` of the configuration."""
    shutil.copytree(source_folder, project)
    for sub in ("home", "xdg/config", "xdg/cache", "xdg/data", "xdg/state", "tmp"):
        os.makedirs(os.path.join(project, ".e2e", sub), exist_ok=True)
    for env, table in sections(config):
        main = table.get("main")
        if main is None:
            continue
        where = "main" if env is None else f"env.{env}.main"
        if not isinstance(main, str) or not main or os.path.isabs(main) or ".." in main.split("/"):
            fail(shown, "wrangler deploy --dry-run", f"{where} {show(main)} does not name a file beside the configuration")
            continue
        entry = os.path.join(project, main)
        if not os.path.exists(entry):
            os.makedirs(os.path.dirname(entry), exist_ok=True)
            with open(entry, "w", encoding="utf-8") as f:
                f.write(ENTRY)


def deploy(project, env, offline):
    """Runs `wrangler deploy --dry-run` in project; (exit status, output)."""
    iso = os.path.join(project, ".e2e")
    environ = {k: v for k, v in os.environ.items() if k not in ("CLOUDFLARE_ENV", "WRANGLER_LOG")}
    environ.update({
        "HOME": f"{iso}/home", "XDG_CONFIG_HOME": f"{iso}/xdg/config", "XDG_CACHE_HOME": f"{iso}/xdg/cache",
        "XDG_DATA_HOME": f"{iso}/xdg/data", "XDG_STATE_HOME": f"{iso}/xdg/state", "TMPDIR": f"{iso}/tmp",
        "WRANGLER_SEND_METRICS": "false", "CI": "true", "WRANGLER_HIDE_BANNER": "true", "NO_COLOR": "1",
        "FORCE_COLOR": "0", "npm_registry": "http://127.0.0.1:9/", "npm_config_registry": "http://127.0.0.1:9/",
    })
    args = offline + ["timeout", "300", "wrangler", "deploy", "--dry-run", "--outdir", f"{iso}/dist"]
    if env is not None:
        args.append(f"--env={env}")
    try:
        run = subprocess.run(args, cwd=project, env=environ, capture_output=True, timeout=330)
    except subprocess.TimeoutExpired:
        return 124, "timed out"
    output = (run.stdout + run.stderr).decode("utf-8", errors="replace")
    return run.returncode, ANSI.sub("", output)


def problems_of(lines):
    """[(headline, [detail item])] of wrangler's error and warning blocks."""
    found = []
    for i, line in enumerate(lines):
        if not PROBLEM.search(line):
            continue
        items = []
        for nxt in lines[i + 1:]:
            if PROBLEM.search(nxt) or (nxt.strip() and not nxt[0].isspace()):
                break
            text = nxt.strip()
            frame = re.fullmatch(r"\s*\d+ │ (.*)", nxt)
            if frame:
                items.append(frame.group(1).strip())
            elif not text or "please open an issue" in text or text.startswith("╵"):
                continue
            elif text.startswith("- ") or not items:
                items.append(text[2:] if text.startswith("- ") else text)
            else:
                items[-1] += " " + text
        found.append((line.strip(), items))
    return found


def entries(table, key):
    value = table.get(key) if isinstance(table, dict) else None
    if key == "vars":
        return list(value) if isinstance(value, dict) else []
    if not isinstance(value, list):
        return []
    return [e.get("binding") for e in value if isinstance(e, dict)]


def judge(shown, variant, config, env, rc, output):
    """FAIL lines of one run; the number of bindings read back."""
    consumer = f"wrangler deploy --dry-run{'' if env is None else ' --env ' + show(env)} (wrangler.{variant})"
    before = len(failures)
    lines = output.split("\n")
    top = config if isinstance(config, dict) else {}
    named = dict(sections(config)[1:])
    mine = top if env is None else named.get(env, {})
    for headline, items in problems_of(lines):
        warning = WARNING.search(headline) is not None
        if warning and NO_TARGET_ENV in headline:
            if env is None and named:
                continue  # intended: the run without --env of a config with environments
            fail(shown, consumer, f"{headline} (the config has {'no ' if not named else ''}env sections)")
            continue
        kept = []
        for item in items:
            if SECTION.fullmatch(item):
                continue
            m = BINDING_NOT_INHERITED.fullmatch(item)
            if warning and m and env is not None and m.group(3) == env:
                key, binding = m.group(1), m.group(2)
                if binding in entries(top, key) and binding not in entries(mine, key):
                    continue  # true of the config: env.NAME is its own manifest
            m = KEY_NOT_INHERITED.fullmatch(item)
            if warning and m and env is not None and m.group(2) == env:
                key = m.group(1)
                if top.get(key) not in (None, {}, []) and key not in mine:
                    continue
            kept.append(item)
        if kept or not warning or not items:
            shown_items = kept[:12] + ([f"... {len(kept) - 12} more"] if len(kept) > 12 else [])
            fail(shown, consumer, " | ".join([headline] + shown_items))
    if rc != 0:
        tail = " | ".join(l.strip() for l in lines if l.strip())[-1500:]
        fail(shown, consumer, f"exit status {rc}" + ("" if len(failures) > before else ": " + tail))
        return 0
    if len(failures) > before:
        return 0

    # The bindings table.
    try:
        start = next(i for i, l in enumerate(lines) if "Your Worker has access to the following bindings" in l)
    except StopIteration:
        start = None
    rows = []
    if start is not None:
        header = lines[start + 1] if start + 1 < len(lines) else ""
        col = header.find("Resource")
        if not header.startswith("Binding") or col < 0:
            fail(shown, consumer, f"the bindings table has no `Binding ... Resource` header: {show(header)}")
            return 0
        for row in lines[start + 2:]:
            if not row.strip():
                break
            name_part, kind = row[:col].rstrip(), row[col:].strip()
            m = re.fullmatch(r"env\.([^\s(]+)(?: \((.*)\))?", name_part)
            if not m:
                fail(shown, consumer, f"cannot read the bindings table row {show(row)}")
                continue
            rows.append((m.group(1), m.group(2), kind))
    elif not any("No bindings found" in l for l in lines):
        fail(shown, consumer, "printed neither a bindings table nor `No bindings found.`")
        return 0
    section = "top level" if env is None else f"env.{env}"
    checked = 0
    for key, kind in TABLE_TYPES.items():
        want = Counter(b for b in entries(mine, key) if isinstance(b, str))
        got = Counter(name for name, _, k in rows if k == kind)
        for b in sorted(want - got):
            fail(shown, consumer, f"the bindings table has no {kind} {show(b)} ({section}.{key})")
        for b in sorted(got - want):
            fail(shown, consumer, f"the bindings table has the {kind} {show(b)}, which {section}.{key} does not list")
        checked += sum((want & got).values())
    # A KV namespace with an id shows it: the id wrangler would bind.
    ids = {e.get("binding"): e.get("id") for e in (mine.get("kv_namespaces") or []) if isinstance(e, dict)}
    for name, detail, kind in rows:
        if kind == TABLE_TYPES["kv_namespaces"] and name in ids and (ids[name] or None) != (detail or None):
            fail(shown, consumer, f"the bindings table shows KV Namespace {show(name)} with {show(detail)}, "
                 f"the config's id is {show(ids[name])}")
    return checked


# ---- manifests -> configurations ---------------------------------------------------------------


def shouty_base(name, env):
    """names.shouty_base for a name of lowercase letters, digits and -_. (None for others:
    planton-gen's word splitting of mixed case is not repeated here)."""
    if not re.fullmatch(r"[a-z0-9]+([-_.][a-z0-9]+)*", name or ""):
        return None
    base = name
    if env:
        for sep in "-_.":
            if name.endswith(sep + env) and len(name) > len(sep + env):
                base = name[: -len(sep + env)]
                break
    shouty = "_".join(re.split(r"[-_.]", base)).upper()
    return "R_" + shouty if shouty[:1].isdigit() else shouty


def read_back(case, tomls):
    """Every Worker manifest is one section of one TOML configuration, as its spec says."""
    workers = [m for m in case["manifests"] if m["kind"] == WORKER_KIND]
    kvs = [m for m in case["manifests"] if m["kind"] == KV_KIND]
    default_env = case.get("default_env", DEFAULT_ENV)
    claimed = set()
    for m in workers:
        spec = m["spec"]
        worker_name = field(spec, "worker_name")
        env = m["env"] or default_env
        where = [(path, s_env, table) for path, config in tomls for s_env, table in sections(config)
                 if table.get("name") == worker_name and (s_env is None or s_env == env)]
        who = f"manifest {show(m['name'])} ({WORKER_KIND}, env {show(env)})"
        if not where:
            fail(os.path.join(os.path.basename(CASE_DIR), "out/wrangler"), "read-back",
                 f"{who}: no Worker configuration has a section named {show(worker_name)} (spec.worker_name) at its top "
                 f"level or in env.{env}")
            continue
        if len(where) > 1:
            fail(shown_path(where[0][0]), "read-back", f"{who}: {len(where)} sections are named {show(worker_name)}")
        path, s_env, table = where[0]
        claimed.add((path, s_env))
        shown = shown_path(path)
        at = "top level" if s_env is None else f"env.{s_env}"

        def same(key, got, want):
            if got != want:
                fail(shown, "read-back", f"{who}: {at}.{key} is {show(got)}, the manifest says {show(want)}")

        bundle = field(field(spec, "script_bundle") or {}, "path") or ""
        same("main", table.get("main"), bundle.split("/")[-1])
        same("compatibility_date", table.get("compatibility_date"), str(field(spec, "compatibility_date") or ""))
        same("account_id", table.get("account_id"), field(spec, "account_id"))
        variables = field(field(spec, "env") or {}, "variables") or {}
        same("vars", table.get("vars") or {}, {str(k): str(v) for k, v in variables.items()})
        dns = field(spec, "dns") or {}
        if field(dns, "enabled"):
            pattern = field(dns, "route_pattern") or f"{field(dns, 'hostname')}/*"
            same("routes", table.get("routes"), [{"pattern": pattern, "zone_id": field(dns, "zone_id")}])
        else:
            same("routes", table.get("routes") or [], [])
        got = table.get("kv_namespaces") or []
        want = field(spec, "kv_bindings") or []
        if len(got) != len(want):
            fail(shown, "read-back", f"{who}: {at}.kv_namespaces has {len(got)} bindings, spec.kv_bindings {len(want)}")
            continue
        for i, (entry, ref) in enumerate(zip(got, want)):
            ref_name, ref_env = (ref or {}).get("name"), (ref or {}).get("env")
            target = [k for k in kvs if k["name"] == ref_name and (not ref_env or k["env"] == ref_env)]
            if not target:
                continue  # a namespace outside the run: its id comes from --outputs, not tested here
            kv = target[0]
            binding = (kv["annotations"] or {}).get("planton-gen/binding") or shouty_base(kv["name"], kv["env"])
            if binding is not None and entry.get("binding") != binding:
                fail(shown, "read-back", f"{who}: {at}.kv_namespaces[{i}].binding is {show(entry.get('binding'))}; "
                     f"namespace {show(kv['name'])} is bound as {show(binding)}")
            namespace_id = field(field(kv["status"] or {}, "outputs") or {}, "namespace_id") or None
            if entry.get("id") != namespace_id:
                fail(shown, "read-back", f"{who}: {at}.kv_namespaces[{i}].id is {show(entry.get('id'))}; namespace "
                     f"{show(kv['name'])} has status.outputs.namespace_id {show(namespace_id)}")
    for path, config in tomls:
        for s_env, table in sections(config):
            if (path, s_env) not in claimed:
                fail(shown_path(path), "read-back", f"{'top level' if s_env is None else 'env.' + s_env} "
                     f"(name {show(table.get('name'))}) is no Worker manifest's")
    return len(workers)


# ---- main -----------------------------------------------------------------------------------


def main(argv):
    global CASE_DIR
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    CASE_DIR = os.path.abspath(argv[1])
    started = time.monotonic()
    case = None
    if os.path.exists(os.path.join(CASE_DIR, "case.json")):
        with open(os.path.join(CASE_DIR, "case.json"), encoding="utf-8") as f:
            case = json.load(f)
    variants = {"toml": os.path.join(CASE_DIR, "out", "wrangler"), "jsonc": os.path.join(CASE_DIR, "out-jsonc")}
    files = {}
    for variant, base in variants.items():
        found = []
        if os.path.isdir(base):
            for folder in sorted(os.listdir(base)):
                path = os.path.join(base, folder, f"wrangler.{variant}")
                if os.path.isfile(path):
                    found.append(path)
        files[variant] = found
    expected = None
    if case is not None:
        rendered = WORKER_KIND in case["targets"]["wrangler"]
        expected = [m for m in case["manifests"] if m["kind"] == WORKER_KIND] if rendered else []
        if not expected:
            for path in files["toml"] + files["jsonc"]:
                fail(shown_path(path), "planton-gen", "a Worker configuration, but the case renders no CloudflareWorker manifest")
    if case is not None and not expected and not failures:
        print("ok wrangler (Workers): no CloudflareWorker manifest the wrangler target renders, no Worker configuration")
        return 0

    configs = {variant: [(p, load(p, variant)) for p in paths] for variant, paths in files.items()}
    # The two formats of each folder agree.
    by_folder = {v: {os.path.basename(os.path.dirname(p)): c for p, c in cs} for v, cs in configs.items()}
    for folder in sorted(set(by_folder["toml"]) | set(by_folder["jsonc"])):
        if folder not in by_folder["jsonc"]:
            fail(f"{os.path.basename(CASE_DIR)}/out-jsonc/{folder}", "planton-gen", "missing: out/wrangler has "
                 f"{folder}/wrangler.toml but --format jsonc wrote no {folder}/wrangler.jsonc")
        elif folder not in by_folder["toml"]:
            fail(f"{os.path.basename(CASE_DIR)}/out/wrangler/{folder}", "planton-gen", "missing: out-jsonc has "
                 f"{folder}/wrangler.jsonc but no {folder}/wrangler.toml was written")
        elif by_folder["toml"][folder] is not None and by_folder["jsonc"][folder] is not None:
            d = first_difference(normalized(by_folder["toml"][folder]), normalized(by_folder["jsonc"][folder]))
            if d:
                fail(f"{os.path.basename(CASE_DIR)}/out-jsonc/{folder}/wrangler.jsonc", "TOML = JSONC",
                     f"differs from {folder}/wrangler.toml at {d}")

    workers = read_back(case, [(p, c) for p, c in configs["toml"] if c is not None]) if case is not None else 0

    # wrangler deploy --dry-run, every configuration, without --env and with each env section.
    offline = offline_prefix()
    work = tempfile.mkdtemp(prefix="planton-wrangler-deploy-")
    runs = []
    try:
        for variant, items in configs.items():
            for path, config in items:
                shown = shown_path(path)
                envs = [None] + [env for env, _ in sections(config)[1:]]
                for i, env in enumerate(envs):
                    project = os.path.join(work, variant, os.path.basename(os.path.dirname(path)), str(i))
                    prepare(os.path.dirname(path), config or {}, project, shown)
                    runs.append((shown, variant, config, env, project))
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(2, (os.cpu_count() or 2) + 1)) as pool:
            results = list(pool.map(lambda r: deploy(r[4], r[3], offline), runs))
        bindings = 0
        for (shown, variant, config, env, _), (rc, output) in zip(runs, results):
            bindings += judge(shown, variant, config, env, rc, output)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    for line in failures:
        print(line)
    if failures:
        return 1
    if not runs:
        print("ok wrangler (Workers): no Worker configuration")
        return 0
    with_env = sum(1 for r in runs if r[3] is not None)
    print(f"ok wrangler (Workers): {len(files['toml'])} configurations (toml = jsonc), "
          f"{workers if case is not None else '?'} Worker manifests read back; wrangler deploy --dry-run "
          f"x{len(runs)} ({with_env} with --env) in {time.monotonic() - started:.1f}s"
          f"{', without network' if offline else ''}, {bindings} bindings in its tables")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
