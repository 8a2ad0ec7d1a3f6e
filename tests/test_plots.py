#!/usr/bin/python3
"""tests/test_plots.py: the figure scripts of plots/ on a small real run, sweep and trace made with the negsim given.

Usage: test_plots.py SOURCE_DIR NEGSIM. Checks that every script writes a valid PNG of the size asked for (read
from the PNG's IHDR chunk, no imaging library needed) with nothing on stderr, that .svg and .pdf endings give those
formats, that draw() returns a Figure, that the figures' numbers come from the files (title, mass points), and that
a missing column or file gives exactly one line on stderr, exit code 2 and no figure; `--help` exits 0. A run in
stages: stages.py draws its files' numbers, and `negsim plot` writes stages.png, each stage's outcomes figure and a
report that embeds them and names every stage.
Run by CTest as plots_draw (tests/CMakeLists.txt); exits 1 on the first failure with the reason.
"""

import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

from script_checks import PNG_SIGNATURE, check, negsim, png_size, require_matplotlib, finish
from script_checks import plot_script as script


def make_inputs(binary, source, tmp):
    paris = "scenarios/paris-2026-core.json"
    fast = ["--threads", "1", "--seed", "7"]
    negsim(binary, source, "run", paris, "--samples", "300", "--zone-map", "territory,army_cap",
           "--zone-samples", "20", "--grid", "6", "--out", f"{tmp}/run", *fast)
    negsim(binary, source, "run", "scenarios/example-small.json", "--samples", "150", "--zone-map",
           "water_share,duration", "--zone-samples", "30", "--grid", "6", "--out", f"{tmp}/small", *fast)
    negsim(binary, source, "run", "scenarios/example-small.json", "--samples", "100", "--zone-map",
           "water_share,monitoring", "--zone-samples", "20", "--grid", "6", "--out", f"{tmp}/small-discrete", *fast)
    negsim(binary, source, "run", paris, "--samples", "200", "--write-samples", "no", "--zone-samples", "0",
           "--out", f"{tmp}/run-hist", *fast)
    negsim(binary, source, "run", paris, "--samples", "200", "--zone-samples", "0", "--set", "russia/reservation=0.5",
           "--out", f"{tmp}/run-r05", *fast)
    negsim(binary, source, "run", paris, "scenarios/example-small.json", "--samples", "100", "--zone-samples", "0",
           "--out", f"{tmp}/batch", *fast)
    negsim(binary, source, "sweep", paris, "--vary", "russia/reservation=0.5:0.7:4", "--samples", "60",
           "--out", f"{tmp}/sweep1", *fast)
    negsim(binary, source, "sweep", paris, "--vary", "russia/reservation=0.5:0.7:3",
           "--vary", "ukraine/reservation=0.45:0.65:3", "--samples", "40", "--out", f"{tmp}/sweep2", *fast)
    negsim(binary, source, "sweep", paris, "--design", "sobol", "--points", "8", "--vary", "russia/reservation=0.5:0.7",
           "--vary", "protocol/breakdown=0:0.05", "--samples", "40", "--bootstrap", "100", "--out", f"{tmp}/sobol",
           *fast)
    negsim(binary, source, "trace", paris, "--sample", "1", "--out", f"{tmp}/trace/trace.csv", "--seed", "7")
    # A scenario in stages: the process's files and a folder per stage (docs/outputs.md, Stages).
    negsim(binary, source, "run", "scenarios/paris-2026-two-tracks.json", "--samples", "200", "--out",
           f"{tmp}/staged", *fast)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: test_plots.py SOURCE_DIR NEGSIM")
    source, binary = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    require_matplotlib()
    tmp = tempfile.mkdtemp(prefix="negsim-plots-")
    try:
        os.makedirs(f"{tmp}/trace")
        make_inputs(binary, source, tmp)
        run_checks(source, tmp, binary)
        check_atomic_writes(source, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("all figure checks passed")


# Each script with real inputs; the size asked for differs from the default so that it is checked to be honoured.
CASES = [
    ("outcomes", ["{tmp}/run"]),
    ("outcomes", ["{tmp}/run-hist"]),                    # no samples.csv: hist.csv
    ("zopa", ["{tmp}/run"]),
    ("zone_map", ["{tmp}/run"]),                         # Paris: no cell reaches 0.5, no contour to draw
    ("zone_map", ["{tmp}/small"]),                       # two continuous issues: contours
    ("zone_map", ["{tmp}/small-discrete"]),              # a discrete issue: cells labelled
    ("zone_map", ["{tmp}/small", "--issues", "water_share,duration"]),
    ("sweep", ["{tmp}/sweep1"]),
    ("sweep", ["{tmp}/sweep1", "--y", "zone_probability"]),
    ("sweep", ["{tmp}/sweep1", "--y", "russia_mean_utility"]),
    ("sweep", ["{tmp}/sweep1", "--y", "us_backstop_q50"]),  # a discrete issue's median: option names
    ("sweep", ["{tmp}/sweep2"]),
    ("sweep", ["{tmp}/sweep2", "--y", "us_backstop_q50"]),
    ("sweep", ["{tmp}/sobol"]),
    ("sweep", ["{tmp}/sobol", "--no-sobol"]),
    ("sweep", ["{tmp}/sobol", "--sobol", "--y", "territory_q50"]),
    ("trace", ["{tmp}/trace/trace.csv"]),
    ("trace", ["{tmp}/trace/trace.csv", "--scenario", "{source}/scenarios/paris-2026-core.json"]),
    ("sensitivity", ["{tmp}/run"]),
    ("sensitivity", ["{tmp}/run", "--output", "us_backstop", "--top", "5"]),
    ("compare", ["{tmp}/run", "{tmp}/run-r05", "{tmp}/run-hist"]),
    ("compare", ["{tmp}/batch/summary.csv"]),
    ("stages", ["{tmp}/staged"]),
    ("stages", ["{tmp}/staged", "--min-samples", "0"]),     # every conditional row, those of no sample too
]

# Per script: an input file and a column it needs, to rename (the missing-column check).
MISSING_COLUMN = {
    "outcomes": ("run", "samples.csv", "agreed"),
    "zone_map": ("run", "zone_map.csv", "p_acceptable"),
    "zopa": ("run", "zopa.csv", "probability"),
    "sweep": ("sweep1", "sweep.csv", "agreement_ci95_hi"),
    "trace": ("trace", "trace.csv", "aspiration"),
    "sensitivity": ("run", "sensitivity.csv", "spearman"),
    "compare": ("run", "summary.csv", "ends_breakdown"),
    "stages": ("staged", "conditional.csv", "ci95_hi"),
}


def run_checks(source, tmp, binary):
    figures = os.path.join(tmp, "figures")
    os.makedirs(figures)
    for k, (name, args) in enumerate(CASES):
        args = [a.format(tmp=tmp, source=source) for a in args]
        out = os.path.join(figures, f"{k}-{name}.png")
        done = script(source, name, *args, "-o", out, "--size", "8x5", "--dpi", "60")
        label = f"{name} {' '.join(a.replace(tmp, '$TMP') for a in args)}"
        if check(done.returncode == 0, f"{label}: exit code {done.returncode}, stderr {done.stderr.strip()!r}"):
            check(done.stderr == "", f"{label}: wrote to stderr: {done.stderr.strip()!r}")
            check(png_size(open(out, 'rb').read()) == (480, 300), f"{label}: {out} is not a 480x300 PNG (IHDR says {png_size(open(out, 'rb').read())})")

    # The default size: 12 x 8 inches at 100 dpi.
    out = os.path.join(figures, "default.png")
    done = script(source, "outcomes", f"{tmp}/run", "-o", out)
    check(done.returncode == 0 and png_size(open(out, 'rb').read()) == (1200, 800), f"default size: IHDR says {png_size(open(out, 'rb').read())}")

    # Other endings: the format follows the file name.
    for ending, magic in ((".svg", b"<svg"), (".pdf", b"%PDF-")):
        for name, args in (("outcomes", [f"{tmp}/run"]), ("sweep", [f"{tmp}/sweep2"])):
            out = os.path.join(figures, name + ending)
            done = script(source, name, *args, "-o", out)
            content = open(out, "rb").read(4096) if os.path.isfile(out) else b""
            check(done.returncode == 0 and magic in content and not content.startswith(PNG_SIGNATURE),
                  f"{name} -o {ending}: not a {ending} file (exit {done.returncode})")
    out = os.path.join(figures, "x.gif")
    done = script(source, "outcomes", f"{tmp}/run", "-o", out)
    one_line_error(done, "outcomes", "unknown figure format", out, "-o x.gif")

    # A missing column: one line naming the file and the column, exit code 2, no figure.
    for name, (folder, file_name, column) in MISSING_COLUMN.items():
        broken = os.path.join(tmp, "broken-" + name)
        shutil.copytree(os.path.join(tmp, folder), broken)
        path = os.path.join(broken, file_name)
        lines = open(path, encoding="utf-8").read().split("\n")
        header = lines[0].split(",")
        check(column in header, f"fixture: {file_name} has no column {column}")
        lines[0] = ",".join(c + "_renamed" if c == column else c for c in header)
        open(path, "w", encoding="utf-8").write("\n".join(lines))
        target = path if name == "trace" else broken
        out = os.path.join(figures, f"broken-{name}.png")
        done = script(source, name, target, "-o", out)
        one_line_error(done, name, f'{path}: no column "{column}"', out, "missing column")

    # A missing file, and a folder that is not there.
    os.remove(os.path.join(tmp, "broken-sensitivity", "sensitivity.csv"))
    out = os.path.join(figures, "nofile.png")
    done = script(source, "sensitivity", os.path.join(tmp, "broken-sensitivity"), "-o", out)
    one_line_error(done, "sensitivity", "sensitivity.csv: no such file", out, "missing file")
    done = script(source, "zone_map", os.path.join(tmp, "run-hist"), "-o", out)   # a run without --zone-map
    one_line_error(done, "zone_map", "zone_map.csv: no such file", out, "run without --zone-map")
    done = script(source, "sweep", os.path.join(tmp, "nowhere"), "-o", out)
    one_line_error(done, "sweep", "nowhere: no such folder", out, "missing folder")

    for name in MISSING_COLUMN:
        done = script(source, name, "--help")
        check(done.returncode == 0 and "-o FIGURE" in done.stdout and "inputs" in done.stdout
              and "example:" in done.stdout, f"{name} --help: exit {done.returncode} or inputs not described")

    done = script(source, "stages", os.path.join(tmp, "run"), "-o", out)    # a run of one negotiation
    one_line_error(done, "stages", "summary.json: /stages: missing (not the summary of a run in stages", out,
                   "run not in stages")

    check_values(source, tmp)
    check_plot_sweep(binary, tmp)
    check_staged(source, binary, tmp)


def check_staged(source, binary, tmp):
    """A run in stages: stages.draw shows the files' numbers and leaves out (and names) the conditional results of
    fewer than 30 samples; `negsim plot` writes stages.png, each stage's outcomes figure and report.html, which embeds
    them and names every stage."""
    import base64
    import csv
    import stages
    path = os.path.join(tmp, "staged")
    summary = json.load(open(os.path.join(path, "summary.json")))
    rows = list(csv.DictReader(open(os.path.join(path, "conditional.csv"))))
    kept = [r for r in rows if int(r["samples"]) >= 30]
    check(0 < len(kept) < len(rows), f"fixture: conditional.csv has {len(kept)} of {len(rows)} rows of 30 samples")
    fig = stages.draw(path)
    first, _, right = fig.axes
    labels = [t.get_text() for t in right.get_yticklabels()]
    check(labels == [r["given"] for r in kept], f"stages: conditional rows {labels}, conditional.csv has "
          f"{[r['given'] for r in kept]}")
    texts = [t.get_text() for t in right.texts]
    for r in kept:
        check(any(t.startswith(f'{100 * float(r["probability"]):.1f}% (n = {r["samples"]})') for t in texts),
              f'stages: no value {r["probability"]} (n = {r["samples"]}) beside its interval')
    note = fig._supxlabel.get_text().replace("\n", " ")
    check(f"not shown: {len(rows) - len(kept)} results of conditional.csv seen in fewer than 30 samples" in note,
          f"stages: the figure does not say which conditional results it leaves out: {note!r}")
    shown = [t.get_text() for t in first.texts]
    for s in summary["stages"] + [summary["all_stages_agree"]]:
        p = s.get("agreement_probability", s.get("probability"))
        check(any(t.startswith(f"{100 * p:.1f}% ") for t in shown), f"stages: no agreement {p} in {shown}")

    done = subprocess.run([binary, "plot", path], capture_output=True, text=True)
    names = ["stages.png"] + [f'outcomes-{s["id"]}.png' for s in summary["stages"]]
    check(done.returncode == 0 and done.stderr == ""
          and done.stdout.strip() == f"Figures and report in {path}/: {', '.join(names)}, report.html",
          f"negsim plot on a run in stages: exit {done.returncode}, stdout {done.stdout.strip()!r}, "
          f"stderr {done.stderr.strip()!r}")
    page = open(os.path.join(path, "report.html"), encoding="utf-8").read() if done.returncode == 0 else ""
    for name in names:
        png = open(os.path.join(path, name), "rb").read() if os.path.isfile(os.path.join(path, name)) else b""
        check(png_size(png) == (1200, 800), f"negsim plot on a run in stages: {name} is not a 1200x800 PNG")
        check(bool(png) and f'src="data:image/png;base64,{base64.b64encode(png).decode()}"' in page,
              f"report.html of a run in stages does not embed {name}")
    for s in summary["stages"]:
        check(f'<h2 id="stage-{s["id"]}">Stage {s["id"]}</h2>' in page and f'<b>{s["id"]}</b>' in page,
              f'report.html of a run in stages does not name the stage {s["id"]}')
        check(f'{100 * s["agreement_probability"]:.1f}%' in page, f'report.html: no agreement of {s["id"]}')
    every = summary["all_stages_agree"]
    check(f'<b>{100 * every["probability"]:.1f}%</b> ({every["samples"]} of {summary["samples"]} samples)' in page
          and summary["scenario"]["sha256"] in page,
          "report.html of a run in stages: no every-stage agreement or sha256")


def check_atomic_writes(source, tmp):
    """Figures and pages are written under a temporary name and renamed when complete: the figures folder holds no
    temporary file after the scripts ran, and a write that fails part-way leaves the earlier file as it was."""
    leftovers = [f for f in os.listdir(os.path.join(tmp, "figures")) if ".tmp-" in f]
    check(not leftovers, f"temporary files left beside the figures: {leftovers}")
    sys.path.insert(0, os.path.join(source, "plots"))
    import common
    target = os.path.join(tmp, "atomic.png")
    with open(target, "wb") as f:
        f.write(b"earlier")

    def fails(f):
        f.write(b"half a figure")
        raise OSError(28, "No space left on device")
    try:
        common.write_atomically(target, fails)
        check(False, "write_atomically: a failing write raised no PlotError")
    except common.PlotError as e:
        check("No space left on device" in str(e), f"write_atomically: the error does not say why: {e}")
    check(open(target, "rb").read() == b"earlier", "write_atomically: a failing write changed the earlier file")
    check(not [f for f in os.listdir(tmp) if ".tmp-" in f], "write_atomically: a failing write left its temporary file")
    common.write_atomically(target, lambda f: f.write(b"complete"))
    check(open(target, "rb").read() == b"complete", "write_atomically: the complete file was not renamed into place")


def check_plot_sweep(binary, tmp):
    """`negsim plot` on a sweep folder draws its figures with plots/sweep.py under the interpreter negsim finds."""
    for folder, names in (("sweep1", ["sweep.png"]), ("sobol", ["sweep.png", "sweep_sobol.png"])):
        path = os.path.join(tmp, folder)
        done = subprocess.run([binary, "plot", path], capture_output=True, text=True)
        drawn = [n for n in names if os.path.isfile(os.path.join(path, n))
                 and png_size(open(os.path.join(path, n), "rb").read())]
        check(done.returncode == 0 and done.stderr == "" and drawn == names
              and done.stdout.strip() == f"Figures in {path}/: {', '.join(names)}",
              f"negsim plot {folder}: exit {done.returncode}, stdout {done.stdout.strip()!r}, "
              f"stderr {done.stderr.strip()!r}, drew {drawn}")
    missing = os.path.join(tmp, "no-python3")
    done = subprocess.run([binary, "plot", os.path.join(tmp, "sweep1")], capture_output=True, text=True,
                          env={**os.environ, "NEGSIM_PYTHON": missing})
    check(done.returncode == 1 and done.stderr.startswith(f"negsim: note: no figures: {missing} (Python 3)"),
          f"negsim plot on a sweep folder does not use NEGSIM_PYTHON: exit {done.returncode}, {done.stderr!r}")


def one_line_error(done, name, expected, out, what):
    lines = done.stderr.splitlines()
    check(done.returncode == 2, f"{name} ({what}): exit code {done.returncode}, expected 2")
    check(len(lines) == 1, f"{name} ({what}): {len(lines)} stderr lines, expected 1: {done.stderr!r}")
    check(bool(lines) and lines[0].startswith(f"plots/{name}.py: ") and expected in lines[0],
          f"{name} ({what}): stderr {done.stderr.strip()!r} does not say {expected!r}")
    check(not os.path.exists(out), f"{name} ({what}): a figure was written")


def check_values(source, tmp):
    """The figures show the files' numbers: the title's agreement, and mass points counted from samples.csv."""
    sys.path.insert(0, os.path.join(source, "plots"))
    import common
    import outcomes
    from matplotlib.figure import Figure
    run = os.path.join(tmp, "run")
    fig = outcomes.draw(run)
    check(isinstance(fig, Figure), "outcomes.draw does not return a Figure")
    summary = json.load(open(os.path.join(run, "summary.json")))
    p = summary["agreement"]["probability"]
    title = fig._suptitle.get_text()
    check(f"{100 * p:.1f}%" in title and f'deadline {summary["agreement"]["ends"]["deadline"]}' in title,
          f"outcomes title {title!r} does not give the agreement {p} and the ends of talks")
    scenario = common.Scenario(os.path.join(run, "scenario.json"))
    data, source_file = outcomes.issue_distributions(run, scenario, 0.05)
    check(source_file == "samples.csv", "outcomes did not use samples.csv")
    import csv
    rows = [r for r in csv.DictReader(open(os.path.join(run, "samples.csv"))) if r["agreed"] == "1"]
    for issue in scenario.issues:
        d = data[issue["id"]]
        total = sum(b[2] for b in d["bars"]) + sum(s for _, s in d["mass"])
        check(d["deals"] == len(rows) and abs(total - 1) < 1e-9,
              f"outcomes {issue['id']}: shares add up to {total}, deals {d['deals']} (samples.csv: {len(rows)})")
        if issue["options"] is None:
            counts = collections.Counter(float(r[issue["id"]]) for r in rows)
            expected = sorted((x, c / len(rows)) for x, c in counts.items() if c / len(rows) >= 0.05)
            check(d["mass"] == expected, f"outcomes {issue['id']}: mass points {d['mass']}, samples.csv has {expected}")
    # The zone map's legend says which contour levels the map never exceeds (Paris: none exceeds 0.5).
    import zone_map
    highest = max(float(r["p_acceptable"]) for r in csv.DictReader(open(os.path.join(run, "zone_map.csv"))))
    texts = [t.get_text() for t in zone_map.draw(run).axes[0].get_legend().get_texts()]
    check(highest <= 0.5 and f"probability 0.5 (not exceeded anywhere: highest {highest:.2f})" in texts,
          f"zone_map legend {texts} does not say that 0.5 is not exceeded (highest {highest})")
    # Paris's 30-year guarantee holds a large share of deals, a mass point the outcomes figure exists to show.
    check(any(x == 30 for x, _ in data["guarantee_duration"]["mass"]), "outcomes: no mass point at 30 years")


if __name__ == "__main__":
    main()
