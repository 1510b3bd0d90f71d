"""Where the planton-gen binary of a workspace comes from.

Bazel cannot build planton-gen itself without rules_rust and the network, so a workspace
points at a binary built with cargo. The binary becomes an input of every action (its digest
is part of each action key), so a new planton-gen re-runs the actions and an unchanged one
keeps the cache.
"""

def _planton_gen_binary_impl(rctx):
    path = rctx.os.environ.get("PLANTON_GEN_BIN", "") or rctx.attr.path
    if not path:
        found = rctx.which("planton-gen")
        if found == None:
            fail("planton_gen_binary: no planton-gen binary: set PLANTON_GEN_BIN to its path, " +
                 "give `path`, or put planton-gen on PATH (`cargo install --locked --path .` " +
                 "in a planton-gen checkout)")
        path = str(found)
    binary = rctx.path(path)
    if not binary.exists:
        fail("planton_gen_binary: %s does not exist" % path)
    rctx.symlink(binary, "planton-gen")
    rctx.file("BUILD.bazel", """\
# Made by planton_gen_binary from {path}.
exports_files(["planton-gen"], visibility = ["//visibility:public"])
""".format(path = path))

planton_gen_binary = repository_rule(
    implementation = _planton_gen_binary_impl,
    doc = """A repository holding a planton-gen binary as `//:planton-gen`.

Name it `planton_gen_bin`: the `planton_gen` rule uses `@planton_gen_bin//:planton-gen`
unless a target sets `tool`. The binary is, in order: the PLANTON_GEN_BIN environment
variable, `path`, or `planton-gen` on PATH.""",
    attrs = {
        "path": attr.string(doc = "Absolute path of a planton-gen binary."),
    },
    environ = ["PLANTON_GEN_BIN", "PATH"],
    local = True,
)
