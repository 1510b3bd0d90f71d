"""Bazel rules for planton-gen.

`planton_gen` runs `planton-gen <target> -o <tree>` as one action over a set of manifests.
Everything the command reads is a declared input (the manifests, `--proto-path` and
`--templates` files, `--outputs` files and the binary), and its output is one tree artifact,
because the files a target writes depend on the manifests (a Worker configuration per
Worker, `imports.tf` only with ids). Bazel can therefore cache the action (`--disk_cache`,
a remote cache) and run it remotely.

Only Starlark that Bazel 4 through 8 accept is used: no bzlmod-only API, no rules_* loads.
"""

TARGETS = ["terraform", "pulumi", "crossplane", "wrangler", "all"]

# Flags that the rule sets itself from its attributes; giving them in `flags` would make the
# action read or write paths that are not declared.
_OWN_FLAGS = ["-o", "--out", "--check", "--proto-path", "--templates", "--outputs", "--module", "--xrd"]

def _repository_path(file):
    """The path of `file` inside its own repository (short_path has ../<repo>/ for external ones)."""
    path = file.short_path
    if path.startswith("../"):
        path = path.split("/", 2)[2]
    return path

def _root(ctx, attribute, root):
    """The repository-relative folder that `root` names: from the repository root with a
    leading `/`, else from the target's package."""
    if root.startswith("/"):
        folder = root[1:]
    elif ctx.label.package and root:
        folder = ctx.label.package + "/" + root
    else:
        folder = ctx.label.package or root
    folder = folder.rstrip("/")
    if ".." in folder.split("/"):
        fail("%s: `%s` must not contain `..`" % (attribute, root))
    return folder

def _stage(ctx, attribute, files, root_attribute):
    """Links `files` into a folder of this target at their path below `root`, so that the
    command sees exactly the declared files at the paths it expects (with or without a
    sandbox, locally or remotely). Returns the folder's exec path and the links."""
    folder = _root(ctx, root_attribute, getattr(ctx.attr, root_attribute))
    prefix = folder + "/" if folder else ""
    stage = "%s.%s" % (ctx.label.name, attribute)
    links = []
    staged = None
    for file in files:
        path = _repository_path(file)
        if not path.startswith(prefix):
            fail("%s: %s is not under `%s`; set %s to a folder that holds it" % (
                attribute,
                file.short_path,
                folder or "the repository root",
                root_attribute,
            ))
        relative = path[len(prefix):]
        link = ctx.actions.declare_file(stage + "/" + relative)
        ctx.actions.symlink(output = link, target_file = file)
        links.append(link)
        # The folder of the links: a link's path without its part below the folder, as the
        # action sees it (exec path) and as a test sees it (runfiles path).
        staged = struct(
            path = link.path[:-len(relative) - 1],
            short_path = link.short_path[:-len(relative) - 1],
            source = folder or ".",
        )
    return staged, links

def _check_flags(ctx):
    for flag in ctx.attr.flags:
        name = flag.split("=", 1)[0]
        if name in _OWN_FLAGS:
            fail("flags: `%s` is set by the rule (use out, protos, templates or outputs)" % name)

def _inputs(ctx):
    """The command's inputs beside the manifests, and its flags for them, three ways: paths
    for an action (exec paths), for a test (runfiles paths), and for a person at the
    workspace root (source paths)."""
    files = list(ctx.files.outputs)
    action, test, source = [], [], []
    for attribute, root, flag in [("protos", "proto_root", "--proto-path"), ("templates", "templates_root", "--templates")]:
        declared = getattr(ctx.files, attribute)
        if declared:
            staged, links = _stage(ctx, attribute, declared, root)
            files += links
            action += [flag, staged.path]
            test += [flag, staged.short_path]
            source += [flag, staged.source]
    for file in ctx.files.outputs:
        action += ["--outputs", file.path]
        test += ["--outputs", file.short_path]
        source += ["--outputs", _repository_path(file)]
    return struct(files = files, action = action, test = test, source = source)

def _planton_gen_impl(ctx):
    target = ctx.attr.target
    if target not in TARGETS:
        fail("target must be one of %s, not `%s`" % (", ".join(TARGETS), target))
    _check_flags(ctx)

    out = ctx.actions.declare_directory(ctx.attr.out or ctx.label.name)
    extra = _inputs(ctx)
    inputs = list(ctx.files.srcs) + extra.files
    args = ctx.actions.args()
    args.add(target)
    args.add("-o", out.path)
    args.add_all(extra.action)
    args.add("--color", "never")
    args.add_all(ctx.attr.flags)
    args.add_all(ctx.files.srcs)

    ctx.actions.run(
        executable = ctx.executable.tool,
        arguments = [args],
        inputs = inputs,
        outputs = [out],
        mnemonic = "PlantonGen",
        progress_message = "planton-gen %s %s" % (target, ctx.label),
    )
    return [DefaultInfo(files = depset([out]))]

def _shell_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"

def _planton_gen_test_impl(ctx):
    target = ctx.attr.target
    if target != "validate" and target not in TARGETS:
        fail("target must be validate or one of %s, not `%s`" % (", ".join(TARGETS), target))
    if target == "validate" and (ctx.attr.out or ctx.files.committed):
        fail("out and committed compare generated files: give target the command that wrote them")
    if target != "validate" and not ctx.attr.out:
        fail("out: the folder of the committed files, relative to this package")
    _check_flags(ctx)

    extra = _inputs(ctx)
    manifests = [f.short_path for f in ctx.files.srcs]
    command = [target]
    source = [target]
    if target != "validate":
        out = _root(ctx, "out", ctx.attr.out)
        command += ["-o", out, "--check"]
        source += ["-o", out]
    command += extra.test + ["--color", "never"] + ctx.attr.flags + manifests
    source += extra.source + ctx.attr.flags + [_repository_path(f) for f in ctx.files.srcs]

    script = ctx.actions.declare_file(ctx.label.name + ".sh")
    lines = [
        "#!/bin/sh",
        "# Written by planton_gen_test for %s; runs in the test's runfiles, where every path" % ctx.label,
        "# is the same as from the workspace root.",
        "%s %s && exit 0" % (_shell_quote(ctx.executable.tool.short_path), " ".join([_shell_quote(a) for a in command])),
        "status=$?",
    ]
    if target != "validate":
        lines.append("echo %s >&2" % _shell_quote(
            "to update the committed files, run from the workspace root: planton-gen " +
            " ".join(source),
        ))
    lines.append("exit $status")
    ctx.actions.write(script, "\n".join(lines) + "\n", is_executable = True)
    runfiles = ctx.runfiles(files = [ctx.executable.tool] + ctx.files.srcs + ctx.files.committed + extra.files)
    return [DefaultInfo(executable = script, runfiles = runfiles)]

_COMMON_ATTRS = {
    "srcs": attr.label_list(
        allow_files = [".yaml", ".yml"],
        mandatory = True,
        doc = "Manifests (files, globs or filegroups). Passed in this order.",
    ),
    "flags": attr.string_list(
        doc = "Further flags, e.g. [\"--account-id=...\", \"--format=jsonc\"]. Not -o, --check, " +
              "--proto-path, --templates, --outputs, --module or --xrd.",
    ),
    "protos": attr.label_list(
        allow_files = [".proto"],
        doc = "Your .proto files (--proto-path): every one is compiled, and they win over " +
              "built-in files of the same path.",
    ),
    "proto_root": attr.string(
        doc = "The folder the proto import paths start from: relative to this package, or to " +
              "the repository with a leading / (default: this package).",
    ),
    "templates": attr.label_list(
        allow_files = True,
        doc = "Template files (--templates), laid out as `planton-gen templates --export` writes them.",
    ),
    "templates_root": attr.string(
        doc = "The folder holding <target>/<Kind>/... below it: relative to this package, or to " +
              "the repository with a leading / (default: this package).",
    ),
    "outputs": attr.label_list(
        allow_files = True,
        doc = "Files with ids (--outputs): `terraform output -json`, `pulumi stack output --json` " +
              "or manifests with status.outputs.",
    ),
    "tool": attr.label(
        default = "@planton_gen_bin//:planton-gen",
        executable = True,
        cfg = "exec",
        allow_single_file = True,
        doc = "The planton-gen binary (default: the planton_gen_binary repository `planton_gen_bin`).",
    ),
}

def _attrs(more):
    attrs = dict(_COMMON_ATTRS)
    attrs.update(more)
    return attrs

planton_gen_test = rule(
    implementation = _planton_gen_test_impl,
    test = True,
    doc = """`bazel test`: the manifests are valid (target = "validate"), or the committed
folder `out` is what `planton-gen <target>` generates from them (`--check`: stale, missing
and extra files with a diff, and the command that updates them).""",
    attrs = _attrs({
        "target": attr.string(
            mandatory = True,
            doc = "validate, or the command that wrote `out`: terraform, pulumi, crossplane, wrangler or all.",
        ),
        "out": attr.string(doc = "The committed folder, relative to this package (or the repository with a leading /)."),
        "committed": attr.label_list(
            allow_files = True,
            doc = "The files in `out` (e.g. glob([\"deploy/**\"])): a file left out counts as missing.",
        ),
    }),
)

planton_gen = rule(
    implementation = _planton_gen_impl,
    doc = """Generates one planton-gen target from manifests into a folder (a tree artifact).

Invalid manifests fail the build with planton-gen's located errors (file:line:col, field
path, rule id); the folder holds exactly what `planton-gen <target> -o DIR` writes.""",
    attrs = _attrs({
        "target": attr.string(
            mandatory = True,
            doc = "The planton-gen command: terraform, pulumi, crossplane, wrangler or all.",
        ),
        "out": attr.string(doc = "The output folder's name in the package (default: the target's name)."),
    }),
)
