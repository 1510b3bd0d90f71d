"""Runs the steps of a composite action (action.yml) as a GitHub runner would, on this machine.

Each `run:` step is run with `bash --noprofile --norc -eo pipefail` (the runner's `shell: bash`)
in the workspace, with GITHUB_ACTION_PATH, GITHUB_OUTPUT, GITHUB_PATH, RUNNER_OS and the step's
`env:`; folders a step appends to GITHUB_PATH are on PATH for the steps after it, and the
first failing step ends the run. A `uses:` step cannot run here: the caller says what its
outputs are (`uses_outputs`, e.g. a cache miss). Expressions are evaluated for the contexts
a composite action's steps use here (inputs, steps.<id>.outputs, runner.os, github.action_path);
any other expression is an error, so the runner never passes a step it did not understand.
"""
import os
import re
import subprocess
import tempfile

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Step:
    def __init__(self, name, returncode, stdout, stderr, outputs):
        self.name = name
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.outputs = outputs


def parse_outputs(path):
    """`name=value` lines of GITHUB_OUTPUT (the runner also has a heredoc form, unused here)."""
    outputs = {}
    with open(path, encoding="utf-8") as text:
        for line in text.read().splitlines():
            if "=" in line:
                name, value = line.split("=", 1)
                outputs[name] = value
    return outputs


def run_action(action_dir, workspace, inputs, uses_outputs=None, env=None):
    """Runs the action's steps; returns the list of Steps that ran (the last may have failed)."""
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as text:
        action = yaml.safe_load(text)
    declared = action.get("inputs", {})
    unknown = set(inputs) - set(declared)
    if unknown:
        raise ValueError(f"inputs the action does not declare: {sorted(unknown)}")
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values.update(inputs)
    outputs = {}
    paths = []
    ran = []
    scratch = tempfile.mkdtemp()

    def evaluate(text):
        def value(match):
            expression = match.group(1)
            parts = expression.split(".")
            if parts[0] == "inputs" and len(parts) == 2 and parts[1] in values:
                return values[parts[1]]
            if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
                return outputs.get(parts[1], {}).get(parts[3], "")
            if expression == "runner.os":
                return "Linux"
            if expression == "github.action_path":
                return action_dir
            raise ValueError(f"expression this runner cannot evaluate: {expression}")

        return EXPRESSION.sub(value, str(text))

    for index, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {index}")
        if "uses" in step:
            # Its `with:` must still be expressions this runner understands.
            for setting in step.get("with", {}).values():
                evaluate(setting)
            outputs[step.get("id", "")] = dict((uses_outputs or {}).get(step.get("id"), {}))
            continue
        if step.get("shell") != "bash":
            raise ValueError(f"{name}: only `shell: bash` steps are supported")
        output_file = os.path.join(scratch, f"output-{index}")
        path_file = os.path.join(scratch, f"path-{index}")
        open(output_file, "w").close()
        open(path_file, "w").close()
        step_env = dict(os.environ)
        step_env.update(env or {})
        step_env.update(
            {
                "GITHUB_ACTION_PATH": action_dir,
                "GITHUB_OUTPUT": output_file,
                "GITHUB_PATH": path_file,
                "GITHUB_WORKSPACE": workspace,
                "RUNNER_OS": "Linux",
                "PATH": os.pathsep.join(reversed(paths)) + os.pathsep + step_env["PATH"]
                if paths
                else step_env["PATH"],
            }
        )
        for key, setting in step.get("env", {}).items():
            step_env[key] = evaluate(setting)
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", evaluate(step["run"])],
            cwd=workspace,
            env=step_env,
            capture_output=True,
            text=True,
        )
        step_outputs = parse_outputs(output_file)
        if "id" in step:
            outputs[step["id"]] = step_outputs
        with open(path_file, encoding="utf-8") as text:
            paths.extend(line for line in text.read().splitlines() if line)
        ran.append(Step(name, result.returncode, result.stdout, result.stderr, step_outputs))
        if result.returncode != 0:
            break
    return ran
