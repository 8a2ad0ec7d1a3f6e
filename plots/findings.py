#!/usr/bin/python3
"""plots/findings.py: the findings briefing of the scenario library. Runs every study below with negsim (runs, paired
comparisons with the baseline, one-parameter sweeps) and writes docs/findings.md, docs/findings.html (the same text,
self-contained) and docs/figures/findings.png.

Usage: findings.py [--negsim build/negsim] [--samples N] [--threads T] [--work out/findings] [--out docs]

Every number in the briefing is read from the files negsim writes; the text around them is fixed, and says which
inputs are assumptions by reading the grounding tables of scenarios/README.md. `bash build.sh findings` is the one
command that regenerates it (docs/findings.md says how long it took). --samples N runs every study with N samples
instead of its own count (the test runs it so, quickly); the provenance table records what was run.
"""

import argparse
import collections
import csv
import fnmatch
import os
import re
import subprocess
import sys
import time

import briefing
import common
from findings_sections import (agent_name, blockers, comparison, contributions, deals_table, figure_png,
                               headline_probability, interval, num, pct, points, sensitivity, stages, sweep)
from inputs import read_json

PROG = "findings.py"

Study = collections.namedtuple("Study", "name question samples sweep sweep_note variant", defaults=(None, None, False))
# The library's studies, in the briefing's order. A variant's sweep varies, on the baseline, the one parameter the
# variant changes, from the baseline's value to the variant's; `samples` None keeps the scenario's own count.
VARIANT_SWEEP = "from the baseline's value to the variant's"
BASELINE = "paris-2026"
STUDIES = [
    Study("paris-2026", "How likely is a deal at the Paris table, and on what terms?", None, None),
    Study("paris-2026-no-backstop", "What if the communiqué drops the US backstop?", None, None, None, True),
    Study("paris-2026-us-distracted", "What if US attention shifts elsewhere?", None,
          "shocks/us_distraction/probability=0.25:0.75:3", VARIANT_SWEEP, True),
    Study("paris-2026-russia-hardline", "What if Russia expects more from fighting on?", None, "russia/reservation=0.6:0.7:3",
          VARIANT_SWEEP, True),
    Study("duration-15-vs-50", "Fifteen years or fifty: where does the duration of the guarantees land?", None,
          "united_states/ideal/guarantee_duration=15:45:3",
          "from the US offer of 15 years towards Zelensky's 30 to 50 (what if Washington moved?)"),
    Study("coalition-35", "Who would guarantee what?", 10000, None),
    Study("paris-2026-two-tracks", "Guarantees first, then the ceasefire: what does the sequence do?", 10000, None),
]


class Failed(common.PlotError):
    """A negsim command of the study failed: reported as an input error, with its message."""


def negsim(binary, *args):
    result = subprocess.run([binary, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise Failed(f"negsim {' '.join(args)}: exit {result.returncode}: {result.stderr.strip()[:500]}")
    return result.stdout


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------------------------------------------- the runs

def run_library(args, source):
    """{study name: its results} with every negsim command run in args.work."""
    results = {}
    for study in STUDIES:
        scenario = os.path.join(source, "scenarios", study.name + ".json")
        folder = os.path.join(args.work, study.name)
        samples = args.samples or study.samples
        extra = ["--samples", str(samples)] if samples else []
        common_args = [*extra, "--threads", str(args.threads)]
        print(f"{PROG}: {study.name}", file=sys.stderr)
        negsim(args.negsim, "run", scenario, *common_args, "--out", folder)
        r = {"study": study, "summary": read_json(os.path.join(folder, "summary.json")), "folder": folder}
        zopa = os.path.join(folder, "zopa.csv")
        r["zopa"] = read_csv(zopa) if os.path.isfile(zopa) else []
        if study.variant:
            out = os.path.join(args.work, "compare-" + study.name)
            negsim(args.negsim, "compare", os.path.join(args.work, BASELINE), folder, "--out", out)
            r["comparison"] = read_json(os.path.join(out, "comparison.json"))
        if study.sweep:
            base = BASELINE if study.variant else study.name
            out = os.path.join(args.work, "sweep-" + study.name)
            negsim(args.negsim, "sweep", os.path.join(source, "scenarios", base + ".json"), "--vary", study.sweep,
                   *common_args, "--out", out)
            r["sweep"] = (read_csv(os.path.join(out, "sweep.csv")), read_csv(os.path.join(out, "differences.csv")))
        results[study.name] = r
    return results


# --------------------------------------------------------------------------------------- the grounding tables

def grounding(source):
    """{scenario: Counter of basis kinds} from scenarios/README.md, and {scenario: {key: basis kind}}."""
    counts, kinds, current, in_table = {}, {}, None, False
    with open(os.path.join(source, "scenarios", "README.md"), encoding="utf-8") as f:
        for line in f:
            in_table = line.startswith("| parameter | value | basis |") or (in_table and line.startswith("|"))
            if line.startswith("## "):
                current = line[3:].strip()
            elif current and in_table and line.startswith("| `"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                kind = cells[-1].split()[0].rstrip(":") if cells[-1] else "?"
                counts.setdefault(current, collections.Counter())[kind] += 1
                for key in re.findall(r"`([^`]+)`", cells[0]):
                    kinds.setdefault(current, {})[key] = kind
    return counts, kinds


def basis_of(kinds, study, name):
    """The basis kind of an input of the sensitivity table ("russia/reservation" -> "Assumption"), or "?"."""
    scenario = study.name
    table = dict(kinds.get(BASELINE, {})) if study.variant else {}
    table.update(kinds.get(scenario, {}))
    parts = name.split("/")
    wanted = [name, "uncertainty/" + name, "uncertainty/" + "/".join(parts[:2])]
    for key in wanted:
        for pattern, kind in table.items():
            if fnmatch.fnmatchcase(key, pattern) and key.count("/") == pattern.count("/"):
                return kind
    return "?"


def in_short(results):
    """The headline findings, one sentence each, from the numbers."""
    base = results[BASELINE]["summary"]
    a = base["agreement"]
    top = max(base["agents"].items(), key=lambda kv: kv[1].get("decisive_share", 0))
    top_name = agent_name(read_json(os.path.join(results[BASELINE]["folder"], "scenario.json")), top[0])
    lines = [f"At the Paris table ({BASELINE}) a deal comes in {pct(a['probability'])} {interval(a['ci95'])} of samples; "
             f"{top_name} is the party most often decisive in blocking ({pct(top[1]['decisive_share'])} of samples)."]
    for name, r in results.items():
        if "comparison" in r:
            c = r["comparison"]["agreement"]
            lines.append(f"{r['study'].question} ({name}): agreement {pct(c['first'])} → {pct(c['second'])}, "
                         f"{points(c['difference'])} {interval(c['ci95'])} against the baseline, paired.")
    for name, r in results.items():
        summary = r["summary"]
        if "all_stages_agree" in summary:
            x = summary["all_stages_agree"]
            lines.append(f"In two stages ({name}) both agree in {pct(x['probability'])} {interval(x['ci95'])} of samples.")
        elif "contributions" in summary:
            people = summary["contributions"]["contributors"].values()
            likely = sum(1 for v in people if v["ci95"][0] > 0.5)
            lines.append(f"Who guarantees ({name}): a deal in {pct(summary['agreement']['probability'])} "
                         f"{interval(summary['agreement']['ci95'])}; {likely} of {len(people)} members contribute in more "
                         f"than half of all samples (the lower end of their 95% interval above 50%).")
        elif name != BASELINE and "comparison" not in r:
            issue = next(iter(summary["issues"]))
            q = summary["issues"][issue]["quantiles"]
            lines.append(f"{r['study'].question} ({name}): a deal in {pct(summary['agreement']['probability'])} "
                         f"{interval(summary['agreement']['ci95'])}; the median deal is {num(q['q50'])} for `{issue}`.")
    return lines


def document(results, counts, kinds, command, seconds, threads, png):
    doc = briefing.Document("Findings: the scenario library of the Ukraine guarantee talks")
    doc.paragraph(f"This briefing is written by `{command}` from the scenarios in `scenarios/` (it took {seconds:.0f} s "
                  f"with {threads} threads); every number in it comes from the "
                  "files that command's negsim runs write. A probability is the share of Monte Carlo samples, each a "
                  "draw of what the analyst is unsure of (priorities, walk-away values, shocks) negotiated to its end; "
                  "[a, b] is its 95% interval, which measures the sampling error only. The inputs are reported "
                  "positions (ideal points) and assumptions (weights, walk-away values, power, strategies, shock "
                  "probabilities): each scenario's section counts them from its grounding table in "
                  "[scenarios/README.md](../scenarios/README.md), and marks the basis of the inputs that move its "
                  "result most. The figures are the model's answers given those assumptions, not forecasts.")
    doc.paragraph("The teaching examples of the library are not studied here: their results are worked out by hand in "
                  "their descriptions and checked by `tests/test_teaching_examples.cpp`.")
    doc.heading(2, "In short", anchor="in-short")
    doc.bullets(in_short(results))
    rows = []
    for name, r in results.items():
        what, p, ci = headline_probability(r["summary"])
        zone = r["summary"].get("zone") or {}
        rows.append([f"[{name}](#{name})", r["study"].question, f"{pct(p)} {interval(ci)} ({what})",
                     f"{pct(zone['probability'])} {interval(zone['ci95'])}" if zone else "–"])
    doc.table(["scenario", "question", "agreement [95%]", "a zone of agreement exists [95%]"], rows)
    doc.figure("figures/findings.png", png, "Agreement per scenario, with 95% intervals (docs/figures/findings.png).")
    for name, r in results.items():
        summary = r["summary"]
        scenario_json = read_json(os.path.join(r["folder"], "scenario.json"))
        doc.heading(2, f"{name}: {r['study'].question}", anchor=name)
        c = counts.get(name, collections.Counter())
        base_note = " (and the baseline's table for all it does not change)" if r["study"].variant else ""
        doc.paragraph(f"Grounding: {sum(c.values())} row{'s' if sum(c.values()) != 1 else ''} in its table{base_note}: "
                      + ", ".join(f"{k} {v}" for k, v in sorted(c.items())) + ".")
        if "stages" in summary:
            stages(doc, summary)
            continue
        what, p, ci = headline_probability(summary)
        zone = summary["zone"]
        doc.paragraph(f"A deal in **{pct(p)}** {interval(ci)} of samples; some package every required party accepts (a "
                      f"zone of agreement) exists in {pct(zone['probability'])} {interval(zone['ci95'])}. Where deals "
                      "land, and which values are part of a zone in at least half of the samples searched (zopa.csv):")
        deals_table(doc, summary, scenario_json, r["zopa"])
        blockers(doc, summary, scenario_json)
        sensitivity(doc, summary, lambda name: basis_of(kinds, r["study"], name))
        contributions(doc, summary, scenario_json)
        if "comparison" in r:
            comparison(doc, r["comparison"], scenario_json)
        if "sweep" in r:
            sweep(doc, r["study"], *r["sweep"])
        elif r["study"].variant:
            doc.paragraph("No sweep: no one parameter drives this variant (it takes options off the table), so the "
                          "paired comparison above is the whole change.")
    doc.heading(2, "Provenance", anchor="provenance")
    doc.paragraph("What was run: each scenario as its file resolves (a variant with its patch applied), its SHA-256, "
                  "the samples and the seed. `tests/test_findings.py` fails when a scenario's file no longer gives "
                  "the hash below, so a changed scenario cannot keep stale findings.")
    doc.table(["scenario", "sha256", "samples", "seed"],
              [[n, f"`{r['summary']['scenario']['sha256']}`", str(r["summary"]["samples"]), str(r["summary"]["seed"])]
               for n, r in results.items()])
    return doc


def main():
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0])
    source = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p.add_argument("--negsim", default=os.path.join(source, "build", "negsim"))
    p.add_argument("--samples", type=int, help="every study with this many samples (default: each its own)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument("--work", default=os.path.join(source, "out", "findings"), help="the runs' folders")
    p.add_argument("--out", default=os.path.join(source, "docs"), help="where findings.md, findings.html and figures/ go")
    args = p.parse_args()
    command = "bash build.sh findings" if args.samples is None else f"plots/findings.py --samples {args.samples}"
    started = time.monotonic()

    def write_all():
        results = run_library(args, source)
        counts, kinds = grounding(source)
        png = figure_png(results)
        doc = document(results, counts, kinds, command, time.monotonic() - started, args.threads, png)
        os.makedirs(os.path.join(args.out, "figures"), exist_ok=True)
        common.write_atomically(os.path.join(args.out, "figures", "findings.png"), lambda f: f.write(png))
        common.write_atomically(os.path.join(args.out, "findings.md"), lambda f: f.write(doc.markdown().encode("utf-8")))
        common.write_atomically(os.path.join(args.out, "findings.html"), lambda f: f.write(doc.html().encode("utf-8")))

    common.run_or_exit(PROG, write_all)
    print(f"Findings in {os.path.join(args.out, '')}: findings.md, findings.html, figures/findings.png "
          f"({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
