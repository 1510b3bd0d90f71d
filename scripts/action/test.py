"""The composite action (action.yml) run through its shell steps, as on a pull request:

1. good manifests and an up-to-date `out`: every step passes; the install step builds with
   cargo on a cache miss and does not on a hit; the cache key is stable and names OS and CPU;
2. a bad manifest: the validate step fails with its `::error file=…,line=…,col=…` annotation,
   and the check step does not run;
3. a manifest changed, `out` not regenerated: validate passes, the check step fails with an
   annotation on the stale file;
4. no `out`: the check step passes without comparing.
Usage: python scripts/action/test.py PLANTON_GEN   (the binary that wrote the scratch `out`)
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from runner import run_action

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACCOUNT = "0123456789abcdef0123456789abcdef"
INPUTS = {"manifests": "infra/kv/", "out": "deploy/", "check-args": f"--account-id {ACCOUNT}"}
MISS = {"cache": {}}
HIT = {"cache": {"cache-hit": "true"}}


def fail(message, steps=()):
    for step in steps:
        print(f"--- {step.name}: exit {step.returncode}\n{step.stdout}{step.stderr}", file=sys.stderr)
    sys.exit(f"action: {message}")


def workspace(planton, into):
    shutil.copytree(os.path.join(ROOT, "examples", "kv"), os.path.join(into, "infra", "kv"))
    subprocess.run(
        [planton, "all", "-q", "-o", "deploy/", f"--account-id={ACCOUNT}", "infra/kv/"],
        cwd=into,
        check=True,
    )
    return into


def edit(folder, path, old, new):
    path = os.path.join(folder, path)
    with open(path, encoding="utf-8") as text:
        content = text.read()
    assert old in content, f"{old!r} not in {path}"
    with open(path, "w", encoding="utf-8") as text:
        text.write(content.replace(old, new))


def expect(steps, names_passed, failed=None):
    got = [(s.name, s.returncode == 0) for s in steps]
    want = [(n, True) for n in names_passed] + ([(failed, False)] if failed else [])
    if got != want:
        fail(f"steps {got}, expected {want}", steps)


def main(planton):
    scratch = tempfile.mkdtemp()
    install = os.path.join(scratch, "install")
    # Reuses this checkout's release build: the action path is this checkout, so cargo
    # install finds it up to date instead of compiling again.
    env = {"PLANTON_INSTALL_ROOT": install, "CARGO_TARGET_DIR": os.path.join(ROOT, "target")}
    runs_all = ["planton-gen cache key", "Install planton-gen", "Validate manifests",
                "Generated files are up to date"]

    print("== 1. good manifests, up-to-date out (cache miss, then hit)")
    good = workspace(planton, os.path.join(scratch, "good"))
    steps = run_action(ROOT, good, INPUTS, MISS, env)
    expect(steps, runs_all)
    key = steps[0].outputs.get("key", "")
    if not re.fullmatch(r"planton-gen-Linux-[a-z0-9_]+-[0-9a-f]{32}", key):
        fail(f"cache key `{key}`", steps)
    if not os.access(os.path.join(install, "bin", "planton-gen"), os.X_OK):
        fail("the install step left no bin/planton-gen", steps)
    if "valid" not in steps[2].stderr or "is up to date" not in steps[3].stderr:
        fail("validate or check did not report success", steps)
    steps = run_action(ROOT, good, INPUTS, HIT, env)
    expect(steps, runs_all)
    if steps[0].outputs.get("key") != key:
        fail("the cache key changed between two runs of the same action", steps)
    if "restored from the cache" not in steps[1].stdout:
        fail("a cache hit still installed", steps)

    print("== 2. a bad manifest")
    bad = workspace(planton, os.path.join(scratch, "bad"))
    edit(bad, "infra/kv/dev.yaml", "ttl_seconds: 300", "ttl_seconds: 30")
    steps = run_action(ROOT, bad, INPUTS, HIT, env)
    expect(steps, runs_all[:2], "Validate manifests")
    annotation = ("::error file=infra/kv/dev.yaml,line=8,col=3::spec.ttl_seconds: must be 0 "
                  "(no expiry) or at least 60 seconds")
    if annotation not in steps[2].stdout:
        fail("no located annotation for the bad manifest", steps)

    print("== 3. a manifest changed, out not regenerated")
    stale = workspace(planton, os.path.join(scratch, "stale"))
    edit(stale, "infra/kv/dev.yaml", "ttl_seconds: 300", "ttl_seconds: 600")
    steps = run_action(ROOT, stale, INPUTS, HIT, env)
    expect(steps, runs_all[:3], "Generated files are up to date")
    if "::error file=deploy/terraform/main.tf,title=planton-gen --check::stale" not in steps[3].stdout:
        fail("no annotation on the stale file", steps)
    if "+# ttl_seconds: 600" not in steps[3].stderr:
        fail("the diff is not in the log", steps)

    print("== 4. no out: validate only")
    inputs = {"manifests": "infra/kv/"}
    steps = run_action(ROOT, stale, inputs, HIT, env)
    expect(steps, runs_all)
    if "nothing to compare" not in steps[3].stdout:
        fail("the check step compared without `out`", steps)

    shutil.rmtree(scratch, ignore_errors=True)
    print("== ok: the action validates with annotations, catches drift, installs once per key")


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1]))
