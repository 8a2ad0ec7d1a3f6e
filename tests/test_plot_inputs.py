#!/usr/bin/python3
"""tests/test_plot_inputs.py: the figure scripts of plots/ on damaged copies of a small real run, sweep and trace.

Usage: test_plot_inputs.py SOURCE_DIR NEGSIM. Each case copies a pristine folder made with the negsim given, damages
one file the way a fuzzer, a full disk or a hand edit does (a value of the wrong type in summary.json, a mass point
without its value, a zone_map.csv line lost, a samples.csv cut inside its last row, a missing or empty file, a CSV
header that lost a column, NaN where a number is due, a run in stages whose summary.json or conditional.csv is
damaged, ...), runs one script, and checks that it answers with exit code 2 and one line on stderr, no traceback,
naming the file and the field (a JSON pointer, or file:line for a CSV cell), and writes no figure. `negsim plot` on
a damaged folder must pass that line on and exit 2 itself.
Run by CTest as plots_inputs (tests/CMakeLists.txt); exits 1 on a failure, with the reasons.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

from script_checks import check, negsim, plot_script, require_matplotlib, finish


def make_inputs(binary, source, tmp):
    fast = ["--threads", "1", "--seed", "7"]
    small = "scenarios/example-small.json"
    negsim(binary, source, "run", small, "--samples", "200", "--zone-map", "water_share,duration",
           "--zone-samples", "30", "--grid", "6", "--out", f"{tmp}/run", *fast)
    negsim(binary, source, "trace", small, "--sample", "1", "--seed", "7", "--out", f"{tmp}/run/trace.csv")
    negsim(binary, source, "sweep", small, "--vary", "upstream/reservation=0.3:0.5:3",
           "--vary", "downstream/reservation=0.2:0.4:3", "--samples", "30", "--out", f"{tmp}/sweep", *fast)
    negsim(binary, source, "sweep", small, "--design", "sobol", "--points", "4", "--vary", "upstream/reservation=0.3:0.5",
           "--vary", "downstream/reservation=0.2:0.4", "--samples", "30", "--bootstrap", "100", "--out", f"{tmp}/sobol",
           *fast)
    negsim(binary, source, "run", "scenarios/paris-2026-two-tracks.json", "--samples", "200", "--out", f"{tmp}/staged",
           *fast)


# ------------------------------------------------------------------------------------------------- ways of damage
# Each takes the damaged copy's file and returns what the error line must say besides the file's name.

def lines_of(path):
    return open(path, encoding="utf-8").read().split("\n")


def write_lines(path, lines):
    open(path, "w", encoding="utf-8").write("\n".join(lines))


def set_json(keys, value, expected):
    def damage(path):
        document = json.load(open(path, encoding="utf-8"))
        inner = document
        for key in keys[:-1]:
            inner = inner[key]
        if value is DELETE:
            del inner[keys[-1]]
        else:
            inner[keys[-1]] = value
        open(path, "w", encoding="utf-8").write(json.dumps(document, indent=2))   # NaN is written as NaN
        return expected
    return damage


DELETE = object()


def set_cell(line, column, text):
    """Line `line` (1 = the header) gets `text` in `column`."""
    def damage(path):
        lines = lines_of(path)
        header = lines[0].split(",")
        fields = lines[line - 1].split(",")
        fields[header.index(column)] = text
        lines[line - 1] = ",".join(fields)
        write_lines(path, lines)
        return f'{os.path.basename(path)}:{line}: column "{column}"'
    return damage


def drop_line(line, expected):
    def damage(path):
        lines = lines_of(path)
        del lines[line - 1]
        write_lines(path, lines)
        return expected
    return damage


def cut_last_row(path):
    """The file ends inside its last row, as when a copy or a disk ran out: half the row is there, no newline."""
    text = open(path, encoding="utf-8").read().rstrip("\n")
    last = text.rsplit("\n", 1)[1]
    cut = last.index(",", len(last) // 3) + 1        # after a comma: fewer fields, whatever their values
    open(path, "w", encoding="utf-8").write(text[:len(text) - len(last) + cut])
    return f"{os.path.basename(path)}:{text.count(chr(10)) + 1}: "


def drop_header_column(column):
    def damage(path):
        lines = lines_of(path)
        lines[0] = ",".join(c for c in lines[0].split(",") if c != column)
        write_lines(path, lines)
        return f"{os.path.basename(path)}:2: "
    return damage


def empty(path):
    open(path, "w").close()
    return "empty file"


def remove(path):
    os.remove(path)
    return "no such file"


def first_mass_point(run):
    """The issue and index of a mass point in the run's summary.json."""
    summary = json.load(open(os.path.join(run, "summary.json"), encoding="utf-8"))
    for issue_id, s in summary["issues"].items():
        if s.get("mass_points"):
            return issue_id
    return None


# ---------------------------------------------------------------------------------------------------------- cases

def cases(tmp):
    """(label, script, folder copied, file damaged in it, damage, arguments given the copy)."""
    mass_issue = first_mass_point(f"{tmp}/run")
    check(mass_issue is not None, "fixture: the run's summary.json has no mass point")
    probability_x = set_json(["agreement", "probability"], "x",
                             'summary.json: /agreement/probability: expected a number, got "x"')
    cut = cut_last_row
    stage_text = set_json(["stages", 0, "agreement_probability"], "0.7",
                          'summary.json: /stages/0/agreement_probability: expected a number from 0 to 1, got "0.7"')
    return [
        # Found by fuzzing.
        ("wrong type in summary.json", "outcomes", "run", "summary.json", probability_x, []),
        ("wrong type in summary.json", "report", "run", "summary.json", probability_x, []),
        ("mass point without its value", "report", "run", "summary.json",
         set_json(["issues", mass_issue, "mass_points", 0, "value"], DELETE,
                  f"summary.json: /issues/{mass_issue}/mass_points/0/value: missing"), []),
        ("zone_map.csv lost a line", "zone_map", "run", "zone_map.csv", drop_line(17, "zone_map.csv: no row for"), []),
        ("zone_map.csv lost a line", "report", "run", "zone_map.csv", drop_line(17, "zone_map.csv: no row for"), []),
        ("samples.csv cut inside its last row", "outcomes", "run", "samples.csv", cut, []),
        ("samples.csv cut inside its last row", "report", "run", "samples.csv", cut, []),
        # Missing and empty files.
        ("no summary.json", "report", "run", "summary.json", remove, []),
        ("no scenario.json", "outcomes", "run", "scenario.json", remove, []),
        ("empty summary.json", "report", "run", "summary.json", empty, []),
        ("empty sensitivity.csv", "sensitivity", "run", "sensitivity.csv", empty, []),
        ("empty zone_map.csv", "zone_map", "run", "zone_map.csv", empty, []),
        # A header that lost a column: the rows have one field too many.
        ("samples.csv header without proposer", "outcomes", "run", "samples.csv", drop_header_column("proposer"), []),
        ("trace.csv header without monitoring", "trace", "run", "trace.csv", drop_header_column("monitoring"), []),
        # NaN text where a number is due.
        ("NaN in sensitivity.csv", "sensitivity", "run", "sensitivity.csv", set_cell(2, "spearman", "NaN"), []),
        ("nan in zone_map.csv", "zone_map", "run", "zone_map.csv", set_cell(5, "p_acceptable", "nan"), []),
        ("NaN in trace.csv", "trace", "run", "trace.csv", set_cell(3, "utility", "NaN"), []),
        ("NaN in summary.json", "report", "run", "summary.json",
         set_json(["zone", "probability"], float("nan"), "summary.json: /zone/probability: expected a number, got NaN"),
         []),
        # More wrong types and damaged rows, script by script.
        ("samples as text", "outcomes", "run", "summary.json",
         set_json(["samples"], "200", 'summary.json: /samples: expected a count'), []),
        ("blocker share null", "report", "run", "summary.json",
         set_json(["agents", "upstream", "blocker_share"], None,
                  "summary.json: /agents/upstream/blocker_share: expected a number, got null"), []),
        ("issue range as text", "outcomes", "run", "scenario.json",
         set_json(["issues", 0, "min"], "zero", 'scenario.json: /issues/0/min: expected a number, got "zero"'), []),
        ("agreed neither 0 nor 1", "outcomes", "run", "samples.csv", set_cell(4, "agreed", "yes"), []),
        ("trace.csv cut inside its last row", "trace", "run", "trace.csv", cut, []),
        ("trace.csv round not a number", "report", "run", "trace.csv", set_cell(2, "round", "one"), []),
        ("sweep.json factors not a list", "sweep", "sweep", "sweep.json",
         set_json(["factors"], "x", 'sweep.json: /factors: expected an array, got "x"'), []),
        ("text in sweep.csv", "sweep", "sweep", "sweep.csv", set_cell(3, "agreement_probability", "abc"), []),
        ("sweep.csv lost a grid point", "sweep", "sweep", "sweep.csv", drop_line(4, "sweep.csv: no row for"), []),
        ("sweep.csv cut inside its last row", "sweep", "sweep", "sweep.csv", cut, []),
        # Every sample agrees, so agreement has no Sobol estimate: the damaged row is the median water share's.
        ("sobol.csv interval missing", "sweep", "sobol", "sobol.csv", set_cell(4, "first_order_ci95_lo", ""),
         ["--y", "water_share_q50"]),
        ("summary.csv without samples", "compare", "run", "summary.csv", set_cell(2, "samples", "0"), []),
        # A run in stages: the process's summary.json and conditional.csv, and a stage's own files.
        ("stage agreement as text", "stages", "staged", "summary.json", stage_text, []),
        ("stage agreement as text", "report", "staged", "summary.json", stage_text, []),
        ("conditional.csv cut inside its last row", "stages", "staged", "conditional.csv", cut, []),
        ("conditional.csv cut inside its last row", "report", "staged", "conditional.csv", cut, []),
        ("NaN in conditional.csv", "stages", "staged", "conditional.csv",
         set_cell(3, "ci95_lo", "NaN"), []),
        ("a stage's hist.csv cut inside its last row", "report", "staged", "stages/ceasefire/hist.csv", cut, []),
    ]


def trace_target(folder, file_name, script):
    return [os.path.join(folder, "trace.csv")] if script == "trace" else [folder]


def run_checks(source, binary, tmp):
    figures = os.path.join(tmp, "figures")
    os.makedirs(figures)
    for k, (label, script, folder, file_name, damage, extra) in enumerate(cases(tmp)):
        copy = os.path.join(tmp, f"case-{k}")
        shutil.copytree(os.path.join(tmp, folder), copy)
        expected = damage(os.path.join(copy, file_name))
        out = os.path.join(figures, f"{k}-{script}" + (".html" if script == "report" else ".png"))
        done = plot_script(source, script, *trace_target(copy, file_name, script), *extra, "-o", out)
        one_line_error(done, f"plots/{script}.py: ", file_name, expected, out, f"{script}, {label}")

    # negsim plot passes the script's line on, as its own error, with exit code 2.
    copy = os.path.join(tmp, "case-negsim-plot")
    shutil.copytree(os.path.join(tmp, "run"), copy)
    set_json(["agreement", "probability"], "x", "")(os.path.join(copy, "summary.json"))
    done = subprocess.run([binary, "plot", copy], capture_output=True, text=True)
    one_line_error(done, "negsim: error: ", "summary.json", "/agreement/probability: expected a number, got \"x\"",
                   os.path.join(copy, "report.html"), "negsim plot, wrong type in summary.json")

    # The same for a run in stages.
    copy = os.path.join(tmp, "case-negsim-plot-staged")
    shutil.copytree(os.path.join(tmp, "staged"), copy)
    expected = cut_last_row(os.path.join(copy, "conditional.csv"))
    done = subprocess.run([binary, "plot", copy], capture_output=True, text=True)
    one_line_error(done, "negsim: error: ", "conditional.csv", expected, os.path.join(copy, "report.html"),
                   "negsim plot, run in stages, conditional.csv cut")
    check(not os.path.exists(os.path.join(copy, "stages.png")), "negsim plot, run in stages: stages.png was written")


def one_line_error(done, prefix, file_name, expected, out, what):
    lines = done.stderr.splitlines()
    check(done.returncode == 2, f"{what}: exit code {done.returncode}, expected 2; stderr {done.stderr[-300:]!r}")
    check(len(lines) == 1, f"{what}: {len(lines)} stderr lines, expected 1")
    check("Traceback" not in done.stderr, f"{what}: a traceback on stderr")
    line = lines[0] if lines else ""
    check(line.startswith(prefix) and file_name in line and expected in line,
          f"{what}: stderr {line!r} does not start {prefix!r} and name {file_name!r} with {expected!r}")
    check(not os.path.exists(out), f"{what}: {os.path.basename(out)} was written")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: test_plot_inputs.py SOURCE_DIR NEGSIM")
    source, binary = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    require_matplotlib()
    tmp = tempfile.mkdtemp(prefix="negsim-plot-inputs-")
    try:
        make_inputs(binary, source, tmp)
        run_checks(source, binary, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("all damaged-input checks passed")


if __name__ == "__main__":
    main()
