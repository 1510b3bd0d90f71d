#!/usr/bin/env python3
"""Turn the measurements `scripts/bench/run` collected (a key<TAB>value file) into the
Markdown section of docs/benchmarks.md; with --write DOC, replace the text between
`<!-- bench:start -->` and `<!-- bench:end -->` in DOC (the markers are kept).

Usage: report.py RESULTS.tsv [--write DOC]
"""
import argparse
import pathlib
import sys

START, END = "<!-- bench:start -->", "<!-- bench:end -->"
# Issue 16's targets for this 2-core machine (issue 8's, kept for comparison, were: cold
# `all` ≤ 5×, 10k < 1 s, scaling ≤ 11×, 100k RSS < 200 MB, ≥ 20× the Python baseline).
COLD_MAX_RATIO = 5.0
VALIDATE_MAX_RATIO = 3.0
PYTHON_MIN_RATIO = 10.0
FLOOR_MAX_RATIO = 8.0
SCALING_MAX = 10.5
RSS_MAX_MB = 150.0

def read(path):
    values = {}
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, _, value = line.partition("\t")
            values[key] = value
    return values


def num(values, key):
    value = values.get(key)
    return float(value) if value not in (None, "") else None


def ms(seconds):
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def mb(kib):
    if kib is None:
        return "–"
    return f"{kib / 1024:.1f} MB" if kib < 10 * 1024 else f"{kib / 1024:.0f} MB"


def ratio(a, b, digits=1):
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.{digits}f}×"


def human_count(n):
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def verdict(ok):
    return "–" if ok is None else ("yes" if ok else "**no**")


def render(v):
    sizes = [int(s) for s in v["sizes"].split()]
    runs, runs_big, batch = v["runs"], v["runs_big"], v["batch"]
    out = []
    say = out.append
    say(f"Measured {v['date']} by `scripts/bench/run{v['args']}` at commit `{v['commit']}`"
        f"{' with uncommitted changes' if v.get('dirty') == 'yes' else ''}.")
    say("")
    say(f"- Machine: {v['nproc']} cores ({v['cpu']}), {v['ram']} RAM, {v['os']}; "
        f"load average {v['load_start']} at the start, {v['load_end']} at the end.")
    say(f"- Tools: {v['rustc']}, release profile; {v['python']}, PyYAML {v['pyyaml']} "
        f"({'libyaml CSafeLoader' if v['libyaml'] == 'True' else 'pure-Python SafeLoader'}), "
        f"Jinja2 {v['jinja2']}; timings by GNU time (`/usr/bin/time -f '%e %M'`).")
    say(f"- Every figure is the median of {runs} runs ({runs_big} for 100k); a start-up "
        f"figure and the floor are one batch of {batch} back-to-back processes "
        f"({v.get('hello_batch', batch)} for hello-world) divided by the batch size, so the "
        f"10 ms resolution of GNU time does not hide them; peak RSS is the largest process. "
        f"Outputs go to a fresh folder each run; warnings go to a log.")
    if v.get("note"):
        say(f"- **{v['note']}**")
    say("")

    say("### Start-up (one manifest)")
    say("")
    say("| run | wall per run | peak RSS | vs hello-world |")
    say("|---|---|---|---|")
    hello = num(v, "hello.wall")
    rows = [
        ("hello-world Rust binary (`rustc -O`)", "hello"),
        ("`planton-gen all -o DIR one.yaml` (4 targets)", "cold_all"),
        ("`planton-gen validate one.yaml`", "validate_one"),
        ("`planton-gen --proto-path proto/ validate one.yaml`", "protopath_one"),
    ]
    for label, key in rows:
        wall = num(v, f"{key}.wall")
        say(f"| {label} | {ms(wall)} | {mb(num(v, key + '.rss'))} | "
            f"{'1×' if key == 'hello' else ratio(wall, hello)} |")
    extra = None
    if num(v, "protopath_one.wall") is not None and num(v, "validate_one.wall") is not None:
        extra = num(v, "protopath_one.wall") - num(v, "validate_one.wall")
        say("")
        say(f"Compiling the repository's `proto/` tree at run time (`--proto-path`) adds "
            f"{ms(extra)} per run.")
    say("")

    say("### Throughput: `planton-gen all -o DIR CORPUS/` (all four targets)")
    say("")
    say("| manifests | input | output | planton-gen wall | peak RSS | manifests/s "
        "| floor (`cat` + `head -c`) | × floor | Python baseline | Python RSS "
        "| Python ÷ planton-gen | same bytes |")
    say("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        p = f"n{n}"
        wall = num(v, f"{p}.planton.wall")
        py = num(v, f"{p}.python.wall")
        floor = num(v, f"{p}.floor.wall")
        rate = f"{n / wall:,.0f}" if wall else "–"
        say(f"| {human_count(n)} | {num(v, p + '.in_bytes') / 1e6:.1f} MB in {v[p + '.in_files']} files "
            f"| {num(v, p + '.out_bytes') / 1e6:.1f} MB in {v[p + '.out_files']} files "
            f"| {ms(wall)} | {mb(num(v, p + '.planton.rss'))} | {rate} | {ms(floor)} "
            f"| {ratio(wall, floor, 0)} | {ms(py)} | {mb(num(v, p + '.python.rss'))} "
            f"| {ratio(py, wall)} | {v.get(p + '.identical', '–')} |")
    say("")
    say("*same bytes*: the Python baseline's output folder is byte-identical to planton-gen's.")
    say("")

    say("### Against issue 16's targets")
    say("")
    say("| target | goal | measured | met |")
    say("|---|---|---|---|")

    def row(label, goal, measured, met):
        say(f"| {label} | {goal} | {measured} | {verdict(met)} |")

    def within(value, limit):
        return None if value is None else value <= limit

    cold, one = num(v, "cold_all.wall"), num(v, "validate_one.wall")
    row("cold single-manifest `all -o` vs hello-world", f"≤ {COLD_MAX_RATIO:.0f}×",
        ratio(cold, hello), within(cold / hello if cold and hello else None, COLD_MAX_RATIO))
    row("cold `validate one.yaml` vs hello-world", f"≤ {VALIDATE_MAX_RATIO:.0f}×",
        ratio(one, hello), within(one / hello if one and hello else None, VALIDATE_MAX_RATIO))
    w10, py10 = num(v, "n10000.planton.wall"), num(v, "n10000.python.wall")
    faster = py10 / w10 if py10 and w10 else None
    row("10k, all targets: faster than the Python baseline", f"≥ {PYTHON_MIN_RATIO:.0f}×",
        ratio(py10, w10), None if faster is None else faster >= PYTHON_MIN_RATIO)
    floor10 = num(v, "n10000.floor.wall")
    row("10k, all targets: vs the floor", f"≤ {FLOOR_MAX_RATIO:.0f}×", ratio(w10, floor10, 0),
        within(w10 / floor10 if w10 and floor10 else None, FLOOR_MAX_RATIO))
    w100 = num(v, "n100000.planton.wall")
    scale = w100 / w10 if w100 and w10 else None
    row("scaling 100k ÷ 10k", f"≤ {SCALING_MAX}×",
        ratio(w100, w10) if scale else "not run (`--full`)", within(scale, SCALING_MAX))
    r100 = num(v, "n100000.planton.rss")
    row("peak RSS at 100k", f"≤ {RSS_MAX_MB:.0f} MB",
        mb(r100) if r100 else "not run (`--full`)",
        within(r100 / 1024 if r100 else None, RSS_MAX_MB))
    size = num(v, "binary_bytes")
    if size:
        say("")
        say(f"Release binary: {size / 1e6:.1f} MB (`target/release/planton-gen`, not stripped).")
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("--write", metavar="DOC")
    args = parser.parse_args()
    section = render(read(args.results))
    print(section, end="")
    if args.write:
        doc = pathlib.Path(args.write)
        text = doc.read_text(encoding="utf-8")
        if START not in text or END not in text or text.index(START) > text.index(END):
            sys.exit(f"report.py: {doc} has no {START} … {END} section to replace")
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        doc.write_text(f"{head}{START}\n{section}{END}{tail}", encoding="utf-8")
        print(f"report.py: wrote the section into {doc}", file=sys.stderr)


if __name__ == "__main__":
    main()
