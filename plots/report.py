#!/usr/bin/python3
"""plots/report.py: one self-contained HTML page per `negsim run` folder, a briefing an analyst can mail: the
summary table, the warnings, the provenance and every figure the folder's files allow, embedded as PNG data
(issue 10, figure 7). No external resource: no script, no web font, no link to fetch."""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import inputs  # noqa: E402
import outcomes  # noqa: E402
import sensitivity  # noqa: E402
import stages  # noqa: E402
import trace  # noqa: E402
import zone_map  # noqa: E402
import zopa  # noqa: E402
from report_html import FIGURE_DPI, ISSUE_HEAD, STYLE, e, figure, issue_rows, not_drawn, num, png_bytes, table, warnings_section  # noqa: E402
from report_stages import staged_page  # noqa: E402

PROG = "plots/report.py"
INPUTS = """inputs (in RUN_DIR, as `negsim run` writes them; docs/outputs.md):
  summary.json     required: agreement, ends of talks, zone, issues, agents, warnings, provenance
  scenario.json    required: the scenario's name, description, issue labels and units, agent names
  samples.csv or hist.csv   the outcomes figure (plots/outcomes.py)
  sensitivity.csv  the tornado chart (plots/sensitivity.py), when it has rows for agreement
  zopa.csv         the zone issue by issue (plots/zopa.py), when the run searched samples (--zone-samples)
  zone_map.csv     the zone map (plots/zone_map.py), when the run had --zone-map A,B
  trace.csv        the trace figure (plots/trace.py), when a `negsim trace --out RUN_DIR/trace.csv` put one there

A run in stages (summary.json with "stages"; docs/outputs.md, Stages) gets a page for the process instead:
  summary.json     required: every stage's agreement, reached, ends and top blocker; all stages agreeing; paths,
                   conditional agreement, where every issue ended (joint); provenance
  scenario.json    required: the scenario's name, description, stage labels, issue units, agent names
  conditional.csv, paths.csv   the stages figure (plots/stages.py)
  stages/<id>/     each stage's negotiation: summary.json (its table of deals and who blocks) and hist.csv (its
                   outcomes figure, plots/outcomes.py, with the issues' units and ideals of the run's scenario.json)
With --figures the PNGs are stages.png and outcomes-<id>.png per stage.

A figure whose file is absent is left out and the page says why; a file that is there but cannot be read is an
error (one line, exit code 2, nothing written). --figures also writes each embedded figure beside the page as
RUN_DIR/<name>.png (what `negsim plot` and `negsim run --plots` use), and removes the PNG of a figure it
left out, so that every figure in the folder is of its present files.

example: plots/report.py out/paris-2026 -o out/paris-2026/report.html

exit codes: 0 the page (and with --figures the PNGs) is written; 2 a missing file, folder or column or a bad argument
(one line on stderr, nothing written); 3 matplotlib is missing (Debian: python3-matplotlib). Report: docs/plots.md"""



def figures(run_dir):
    """(name, heading, caption, the file it needs, why it may be absent, draw) for every figure a run folder can
    have, in the page's order."""
    return [
        ("outcomes", "Where deals land",
         "Per issue, the share of deals at each agreed value; grey bands: the central 50/80/90% of deals; "
         "stems: mass points (one value holding a large share of deals); markers: each agent's ideal.",
         None, None, lambda: outcomes.draw(run_dir, dpi=FIGURE_DPI)),
        ("zopa", "Where agreement is possible, issue by issue",
         "Per issue, the share of the searched samples in which a package with the issue at that value is acceptable "
         "to every required party (zopa.csv): values near 0 are outside any acceptable package.",
         "zopa.csv", "the run wrote no zopa.csv", lambda: zopa.draw(run_dir, dpi=FIGURE_DPI)),
        ("zone_map", "Zone map",
         "Probability that a package of the two issues is acceptable to all required parties (heat map, contours "
         "at 0.5, 0.8, 0.9), the density of deals over it, and the agents' ideals.",
         "zone_map.csv", "the run had no --zone-map A,B", lambda: zone_map.draw(run_dir, dpi=FIGURE_DPI)),
        ("sensitivity", "Inputs that move agreement",
         "Spearman rank correlation of each sampled input with agreement: how far the inputs' uncertainty, not "
         "the Monte Carlo error, drives the result.",
         "sensitivity.csv", "the run wrote no sensitivity.csv", lambda: sensitivity.draw(run_dir, dpi=FIGURE_DPI)),
        ("trace", "One negotiation, round by round",
         "Each agent's utility for the offer on the table against its aspiration, and the offered value of each "
         "issue (trace.csv).",
         "trace.csv", "no trace.csv in the folder (negsim trace SCENARIO --out RUN_DIR/trace.csv)",
         lambda: trace.draw(os.path.join(run_dir, "trace.csv"), dpi=FIGURE_DPI)),
    ]


def sensitivity_has_agreement(run_dir):
    path = os.path.join(run_dir, "sensitivity.csv")
    _, rows = inputs.read_table(path, inputs.SENSITIVITY)
    return any(r["output"] == "agreement" for r in rows)


def draw_figures(run_dir):
    """The figures as PNG bytes, and the ones left out with the reason: a missing optional file skips a figure,
    a present but unreadable one is an error (inputs.PlotError)."""
    drawn, skipped = {}, []
    for name, heading, caption, needs, why, draw in figures(run_dir):
        if needs and not os.path.isfile(os.path.join(run_dir, needs)):
            skipped.append((name, heading, why))
            continue
        if name == "zopa" and not any(r["samples"] for r in inputs.read_table(os.path.join(run_dir, needs),
                                                                               inputs.ZOPA)[1]):
            skipped.append((name, heading, "the run searched no samples for zopa.csv (--zone-samples 0)"))
            continue
        if name == "sensitivity" and not sensitivity_has_agreement(run_dir):
            skipped.append((name, heading, "sensitivity.csv has no row for agreement: no input was sampled, "
                            "or every sample ended alike"))
            continue
        drawn[name] = (heading, caption, png_bytes(draw()))
    return drawn, skipped


# --------------------------------------------------------------------------------------------------------- the page

def headline(summary):
    a, zone, samples = summary["agreement"], summary["zone"], summary["samples"]
    ci, ends = a["ci95"], a["ends"]
    share = (lambda k: common.percent(ends.get(k, 0) / samples) if samples else "–")
    rows = [
        ["Agreement probability", f'<b>{common.percent(a["probability"])}</b> ({a["deals"]} of {samples} samples)',
         f"95% interval {common.percent(ci[0])} to {common.percent(ci[1])}: <b>Monte Carlo error only</b>. It "
         "shrinks with more samples however unsure the inputs are; how much the inputs' uncertainty moves agreement "
         'is under <a href="#inputs">Uncertainty of the inputs</a>.'],
        ["Zone of possible agreement", common.percent(zone["probability"]),
         f'of samples had a package all required parties accept (95% interval {common.percent(zone["ci95"][0])} '
         f'to {common.percent(zone["ci95"][1])}, Monte Carlo error only)'],
    ]
    rows += zone_rows(summary)
    names = {"deal": "deal", "deadline": "deadline reached", "breakdown": "breakdown",
             "not_ratified": "deal not ratified"}
    rows.append(["How talks ended", "<br>".join(f"{label}: {ends.get(k, 0)} ({share(k)})" for k, label in names.items()),
                 "samples by the way talks ended: a deal, the last round passed without one, talks collapsed "
                 "(breakdown), or a deal some required party failed to ratify"])
    return "<h2>Summary</h2>\n" + table(["", "value", "what it means"], rows, "summary")


def zone_rows(summary):
    """P(deal | zone) and the missed deals, as the terminal prints them: only when samples had a zone."""
    given, missed = summary["agreement"].get("given_zone"), summary.get("missed_deals")
    if not given or not given["samples_with_zone"]:
        return []
    ci = given["ci95"]
    rows = [["Deal when a zone exists", f'<b>{common.percent(given["probability"])}</b> ({given["deals"]} of '
             f'{given["samples_with_zone"]} samples with a zone)',
             f"P(deal | zone): how often talks found a deal when one was possible (95% interval "
             f"{common.percent(ci[0])} to {common.percent(ci[1])}, Monte Carlo error only)"]]
    if missed:
        rows.append(["Missed deals", f'{common.percent(missed["share"])} ({missed["count"]} samples)',
                     "of samples had a zone but ended without a deal: breakdown, a failed ratification, or "
                     "concessions too slow for the deadline"])
    return rows


def input_uncertainty(summary, run_dir):
    parts = ['<h2 id="inputs">Uncertainty of the inputs</h2>']
    strongest = summary.get("input_uncertainty", {}).get("strongest_inputs")
    if strongest:
        parts.append("<p>Agreement among the samples whose draw of the input lay in its lowest and its highest "
                     "third (shocks: without and with). The spread between them, not the Monte Carlo interval, "
                     "shows how unsure the forecast is.</p>")
        rows = [[e(s["input"]), f'{s["spearman"]:+.3f}',
                 f'{common.percent(s["low"]["agreement"])} ({s["low"]["samples"]} samples)',
                 f'{common.percent(s["high"]["agreement"])} ({s["high"]["samples"]} samples)']
                for s in strongest]
        parts.append(table(["input", "Spearman with agreement", "agreement, low third", "agreement, high third"], rows))
    by_shock = summary.get("agreement", {}).get("by_shock", {})
    if by_shock:
        rows = [[e(k), f'{common.percent(v["without"]["probability"])} ({v["without"]["samples"]} samples)',
                 f'{common.percent(v["with"]["probability"])} ({v["with"]["samples"]} samples)']
                for k, v in by_shock.items()]
        parts.append("<p>Agreement without and with each shock:</p>")
        parts.append(table(["shock", "without", "with"], rows))
    if not strongest:
        parts.append("<p>This summary.json has no <code>input_uncertainty</code> (an older negsim); the tornado "
                     "chart below ranks the inputs from sensitivity.csv.</p>" if
                     os.path.isfile(os.path.join(run_dir, "sensitivity.csv")) else
                     "<p>No input uncertainty recorded for this run.</p>")
    return "\n".join(parts)


def issues_table(summary, scenario):
    rows, missing_mass = issue_rows(summary, scenario)
    note = ("<p>Median and middle 90% are over the deals. A mass point is one value that holds a large share of "
            "deals (\"about\": a cluster narrower than the quantile error): where there are mass points the median "
            "alone misleads. The mode is the most frequent option of a discrete issue.</p>")
    if missing_mass:
        note += "<p>This summary.json has no mass points or modes (an older negsim); the figure below shows them.</p>"
    return "<h2>Where deals land</h2>\n" + note + table(ISSUE_HEAD, rows)


def agents_table(summary, scenario):
    agents = summary["agents"]
    older = any("breakdown_share" not in a for a in agents.values())
    rows = []
    for agent_id, a in agents.items():
        rows.append([e(scenario.agent_name(agent_id)), e(a.get("role", "")),
                     common.percent(a["decisive_share"]), common.percent(a["blocker_share"]),
                     common.percent(a["breakdown_share"]) if "breakdown_share" in a else "n/a",
                     num(a.get("mean_utility"), 3), num(a.get("mean_surplus_in_deals"), 3)])
    note = ("<p>Shares of all samples. <b>Decisive share</b>: the agent alone refused a deal the others would take "
            "when the rounds ran out, or alone failed to ratify: its acceptance would have made the deal. "
            "<b>Blocker share</b>: its rejection stood when the rounds ran out (alone or with others), or it failed "
            "to ratify. <b>Breakdown share</b>: talks collapsed at random (the per-round breakdown hazard) after a "
            "round it refused; no party's choice ended them, so they are not counted as blocks.</p>")
    if older:
        note += ("<p>This summary.json is from an older negsim: its blocker shares include random breakdowns, "
                 "which it does not count apart.</p>")
    return "<h2>Who blocks</h2>\n" + note + table(
        ["agent", "role", "decisive share", "blocker share", "breakdown share", "mean utility",
         "mean surplus in deals"], rows)


def provenance(summary, run_dir):
    sc = summary["scenario"]
    overrides = sc.get("overrides", [])
    rows = [["scenario file", f'<code>{e(sc.get("file", "–"))}</code>'],
            ["sha256 of the scenario file", f'<code>{e(sc.get("sha256", "–"))}</code>'],
            ["seed", e(summary.get("seed", "–"))], ["samples", e(summary.get("samples", "–"))],
            ["overrides (--set)", ", ".join(f'<code>{e(o["name"])}={e(o["value"])}</code>' for o in overrides)
             or "none"],
            ["nominal run (--nominal)", "yes" if sc.get("nominal") else "no"],
            ["negsim version", e(summary.get("negsim_version", "–"))],
            ["run folder", f"<code>{e(os.path.abspath(run_dir))}</code>"]]
    opt = summary.get("optimiser")
    if opt:
        rows.append(["optimiser answers not proven optimal",
                     f'{opt.get("unproven_answers", 0)} (in {opt.get("unproven_samples", 0)} samples)'])
    return "<h2>Provenance</h2>\n" + table(["", ""], rows, "provenance")


def page(run_dir):
    """The report of a run folder as an HTML string."""
    inputs.need_folder(run_dir)
    summary_path = os.path.join(run_dir, "summary.json")
    inputs.need_file(summary_path)    # the file that makes a folder a run folder: named first when it is absent
    if stages.is_staged(inputs.read_json(summary_path)):
        return staged_page(run_dir)
    scenario = common.Scenario(os.path.join(run_dir, "scenario.json"))
    summary = inputs.read_json(summary_path, inputs.summary_schema(scenario))
    drawn, skipped = draw_figures(run_dir)
    # The headline and the warnings first, then each topic with its figure: what a reader sees on opening the
    # page is the answer, what may make it mean something else, and where deals land.
    body = [headline(summary), warnings_section(summary),
            issues_table(summary, scenario), figure(drawn, "outcomes", with_heading=False),
            agents_table(summary, scenario),
            input_uncertainty(summary, run_dir), figure(drawn, "sensitivity", with_heading=False),
            figure(drawn, "zopa"), figure(drawn, "zone_map"), figure(drawn, "trace"), not_drawn(skipped),
            provenance(summary, run_dir)]
    title = f"{scenario.name}: negotiation briefing"
    document = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>'
                f"<style>{STYLE}</style></head><body>\n<h1>{e(title)}</h1>\n"
                f'<p class="description">{e(scenario.description)}</p>\n' + "\n".join(body) + "\n</body></html>\n")
    return document, drawn, skipped


# ------------------------------------------------------------------------------------------- a run in stages

def write(path, data):
    common.write_atomically(path, lambda f: f.write(data))


def build_parser():
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n\n")[0], epilog=INPUTS,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run_dir", metavar="RUN_DIR", help="a `negsim run` output folder")
    p.add_argument("-o", dest="report", metavar="REPORT_HTML", help="the page to write (default RUN_DIR/report.html)")
    p.add_argument("--figures", action="store_true",
                   help="also write each figure of the page as RUN_DIR/<name>.png")
    return p


def main():
    args = build_parser().parse_args()
    report = args.report or os.path.join(args.run_dir, "report.html")

    def build():
        document, drawn, skipped = page(args.run_dir)    # everything is read and drawn before anything is written
        written = []
        if args.figures:
            # A figure not drawn this time must not be left from an earlier run: every figure there is of this one.
            for name, _, _ in skipped:
                stale = os.path.join(args.run_dir, name + ".png")
                if os.path.isfile(stale):
                    try:
                        os.remove(stale)
                    except OSError as err:
                        raise common.PlotError(f"{stale}: cannot be removed ({err.strerror})")
            for name, (_, _, png) in drawn.items():
                written.append(os.path.join(args.run_dir, name + ".png"))
                write(written[-1], png)
        write(report, document.encode("utf-8"))
        written.append(report)
        return written

    written = common.run_or_exit(PROG, build)
    folders = {os.path.normpath(os.path.dirname(w) or ".") for w in written}
    if len(folders) == 1:
        what = "Figures and report" if args.figures else "Report"
        print(f"{what} in {os.path.join(folders.pop(), '')}: {', '.join(os.path.basename(w) for w in written)}")
    else:
        print(f"Wrote {', '.join(written)}")


if __name__ == "__main__":
    main()
