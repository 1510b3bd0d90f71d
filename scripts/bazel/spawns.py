"""Prints the planton-gen actions that Bazel ran, from an --execution_log_json_file.

One line per PlantonGen spawn, sorted: `<label> <executed|cache-hit>`. The log is a stream of
JSON objects (one per spawn), not one document; an action Bazel did not need to run at all
(its outputs were up to date) is not in it.
"""
import json
import sys


def spawns(text):
    decoder = json.JSONDecoder()
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return
        spawn, at = decoder.raw_decode(text, at)
        yield spawn


def main(path):
    with open(path, encoding="utf-8") as log:
        text = log.read()
    lines = []
    for spawn in spawns(text):
        if spawn.get("mnemonic") != "PlantonGen":
            continue
        # The rule's progress message ends with the target's label.
        label = spawn.get("progressMessage", "").split()[-1]
        state = "cache-hit" if spawn.get("remoteCacheHit") else "executed"
        lines.append(f"{label} {state}")
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main(sys.argv[1])
