#!/usr/bin/python3
"""plots/compare.py: several runs' summary.csv rows side by side (issue 10, figure 6)."""

import os
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import inputs  # noqa: E402

PROG = "plots/compare.py"
INPUTS = """inputs: any mix of
  SUMMARY_CSV    a summary.csv: a run's one row, or a batch's one row per scenario (`negsim run A.json B.json
                 --out DIR` writes DIR/summary.csv; docs/outputs.md)
  RUN_DIR        a folder holding a summary.csv (a run folder, or a batch folder)
Each row is labelled with its scenario name; rows with the same name (variants made with --set) are labelled with
the overrides recorded in the run's summary.json (scenario.overrides), or else with the folder's name. Units come
from the scenario.json of the run (beside summary.csv, or DIR/<scenario>/scenario.json for a batch).

what it shows: per row, the agreement probability with its Wilson 95% interval (Monte Carlo error only) and the
probability that a zone of agreement exists; how talks ended (shares of deal, deadline, breakdown, failed
ratification); and, for the issues whose quantile columns every row has (a batch of different scenarios keeps only
the first 14 columns), the median agreed value with the central 50% (thick) and 80% (thin) intervals.

example: negsim run scenarios/paris-2026.json --set russia/reservation=0.5 --out out/paris-r05
         plots/compare.py out/paris-2026 out/paris-r05 -o out/compare.png"""

# The columns every summary.csv has and this figure reads, with what their cells hold (docs/outputs.md).
REQUIRED = {"scenario": inputs.CELL_NAME, "samples": inputs.CELL_POSITIVE, "deals": inputs.CELL_COUNT,
            "agreement_probability": inputs.CELL_NUMBER, "agreement_ci95_lo": inputs.CELL_NUMBER,
            "agreement_ci95_hi": inputs.CELL_NUMBER, "ends_deadline": inputs.CELL_COUNT,
            "ends_breakdown": inputs.CELL_COUNT, "ends_not_ratified": inputs.CELL_COUNT}
ENDS = (("deals", "deal", "bluish_green"), ("ends_deadline", "deadline", "orange"),
        ("ends_breakdown", "breakdown", "vermillion"), ("ends_not_ratified", "not ratified", "reddish_purple"))


def load(sources):
    """Rows of every input, each with where it came from: (row, csv path, folder, header)."""
    if not sources:
        raise common.PlotError("no input: name summary.csv files or run folders")
    rows = []
    for item in sources:
        path = os.path.join(item, "summary.csv") if os.path.isdir(item) else item
        header, _ = inputs.read_table(path, {})
        # zone_probability is there since negsim wrote zone figures; a file without it shows no zone marks.
        optional = {"zone_probability": inputs.CELL_NUMBER} if "zone_probability" in header else {}
        _, mine = inputs.read_table(path, {**REQUIRED, **optional})
        if not mine:
            raise common.PlotError(f"{path}: no rows")
        rows += [(r, path, os.path.dirname(os.path.abspath(path)), header) for r in mine]
    return rows


def scenario_of(row, folder):
    for candidate in (os.path.join(folder, row["scenario"], "scenario.json"), os.path.join(folder, "scenario.json")):
        if os.path.isfile(candidate):
            scenario = common.Scenario(candidate)
            if scenario.name == row["scenario"]:
                return scenario
    return None


def labels(rows):
    names = [r["scenario"] for r, *_ in rows]
    result = []
    for (row, path, folder, _), name in zip(rows, names):
        if names.count(name) == 1:
            result.append(name)
            continue
        summary = os.path.join(folder, "summary.json")
        overrides = []
        if os.path.isfile(summary) and not os.path.isfile(os.path.join(folder, name, "summary.json")):
            scenario = inputs.read_json(summary, inputs.SUMMARY_PROVENANCE).get("scenario", {})
            overrides = [f'{o["name"]}={o["value"]}' for o in scenario.get("overrides", [])]
            if scenario.get("nominal"):
                overrides.insert(0, "nominal")
        result.append(name + ("\n" + "\n".join(overrides) if overrides else " (as in the file)")
                      if overrides or os.path.isfile(summary) else f"{name} ({os.path.basename(folder)})")
    if len(set(result)) < len(result):   # still ambiguous: say which folder
        result = [f"{label} [{os.path.basename(folder)}]" for label, (_, _, folder, _) in zip(result, rows)]
    return result


def common_issues(rows):
    """Issues whose q50 column every row has and fills, with the first scenario file that describes them."""
    first = rows[0][3]
    ids = [c[:-4] for c in first if c.endswith("_q50")]
    found = []
    for issue_id in ids:
        cols = [f"{issue_id}_q{q}" for q in ("10", "25", "50", "75", "90")]
        if all(all(c in header for c in cols) for _, _, _, header in rows):
            found.append(issue_id)
    return found


def draw(sources, size=common.DEFAULT_SIZE, dpi=common.DEFAULT_DPI):
    """The comparison figure of summary.csv files and run folders, as a matplotlib Figure."""
    rows = load(sources)
    names = labels(rows)
    scenarios = [scenario_of(r, folder) for r, _, folder, _ in rows]
    issue_ids = common_issues(rows)
    described = next((s for s in scenarios if s is not None), None)
    issues = [issue_of(described, issue_id) for issue_id in issue_ids]
    quantiles = [issue_quantiles(issue, rows) for issue in issues]
    n = len(rows)
    fig = common.new_figure(size, dpi)
    grid = fig.add_gridspec(2 if issue_ids else 1, max(2, len(issue_ids)) if issue_ids else 2,
                            height_ratios=[1.1, 1] if issue_ids else None)
    top_cols = max(2, len(issue_ids))
    split = top_cols // 2
    ax = fig.add_subplot(grid[0, :split])
    ys = list(range(n))[::-1]     # the first input on top
    p = [r["agreement_probability"] for r, *_ in rows]
    lo = [r["agreement_ci95_lo"] for r, *_ in rows]
    hi = [r["agreement_ci95_hi"] for r, *_ in rows]
    ax.errorbar(p, ys, xerr=[[a - b for a, b in zip(p, lo)], [c - a for a, c in zip(p, hi)]], fmt="o", ms=7,
                color=common.DATA, ecolor="black", capsize=4, label="agreement (95% interval: Monte Carlo error)")
    zone = [r.get("zone_probability") for r, *_ in rows]
    if all(z is not None for z in zone):
        ax.plot(zone, ys, "D", mfc="white", mec=common.OKABE_ITO["orange"], mew=2, ms=7, ls="none",
                label="a zone of agreement exists")
    for y, v in zip(ys, p):
        ax.annotate(common.percent(v), (v, y), xytext=(0, 8), textcoords="offset points", ha="center", fontsize=8)
    ax.set_yticks(ys, names)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel(f"probability ({common.PROBABILITY})")
    ax.set_title("Agreement probability")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), fontsize=8, frameon=False)

    ax = fig.add_subplot(grid[0, split:])
    left = [0.0] * n
    for col, name, colour in ENDS:
        shares = [r[col] / r["samples"] for r, *_ in rows]
        ax.barh(ys, shares, left=left, color=common.OKABE_ITO[colour], label=name, height=0.6)
        for y, l, s in zip(ys, left, shares):
            if s >= 0.07:
                ax.text(l + s / 2, y, f"{100 * s:.0f}%", ha="center", va="center", fontsize=8,
                        color="white" if colour in ("vermillion", "reddish_purple", "bluish_green") else "black")
        left = [a + b for a, b in zip(left, shares)]
    ax.set_yticks(ys, [""] * n)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel("share of samples")
    ax.set_title("How talks ended")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=4, fontsize=8, frameon=False)

    for k, issue in enumerate(issues):
        draw_issue(fig.add_subplot(grid[1, k]), issue, quantiles[k], ys, names if k == 0 else None)
    title = f"{n} runs side by side"
    if not issue_ids:
        title += " (no issue columns common to every row: medians not shown)"
    elif described is None:
        title += " (no scenario.json found: issue units unknown)"
    else:
        title += ("\nbottom: agreed values per issue, median (circle), central 50% (thick) and 80% (thin), "
                  f"units from {os.path.basename(described.path)}")
    fig.suptitle(title)
    return fig


def issue_of(scenario, issue_id):
    if scenario is not None:
        for issue in scenario.issues:
            if issue["id"] == issue_id:
                return issue
    return {"id": issue_id, "label": issue_id, "unit": "", "options": None, "min": None, "max": None}


def issue_quantiles(issue, rows):
    """Per row, the issue's quantiles 10 to 90 as positions on its axis: all of them, or all None (no deals)."""
    kind = inputs.cell_issue_value(issue, empty=True)
    result = []
    for r, path, *_ in rows:
        q = {k: inputs.convert(path, r, f'{issue["id"]}_q{k}', kind) for k in ("10", "25", "50", "75", "90")}
        if None in q.values() and any(v is not None for v in q.values()):
            empty = next(k for k, v in q.items() if v is None)
            raise common.PlotError(f'{path}:{r.line}: column "{issue["id"]}_q{empty}": empty beside other '
                                   "quantiles of the issue")
        if common.is_discrete(issue) and q["50"] is not None:
            q = {k: issue["options"].index(v) for k, v in q.items()}
        result.append(q)
    return result


def draw_issue(ax, issue, quantiles, ys, names):
    for q, y in zip(quantiles, ys):
        if q["50"] is None:
            ax.text(0.5, y, "no deals", transform=ax.get_yaxis_transform(), ha="center", va="center", fontsize=8)
            continue
        ax.hlines(y, q["10"], q["90"], color=common.OKABE_ITO["sky_blue"], lw=2)
        ax.hlines(y, q["25"], q["75"], color=common.DATA, lw=6)
        ax.plot([q["50"]], [y], "o", color="black", ms=6, mfc="white", mew=2)
    ax.set_yticks(ys, names if names else [""] * len(ys))
    ax.set_ylim(-0.7, len(ys) - 0.3)
    if common.is_discrete(issue):
        ax.set_xticks(range(len(issue["options"])), common.option_labels(issue), rotation=30,
                      ha="right")
        ax.set_xlim(-0.5, len(issue["options"]) - 0.5)
    elif issue["min"] is not None:
        pad = 0.04 * (issue["max"] - issue["min"])
        ax.set_xlim(issue["min"] - pad, issue["max"] + pad)
    ax.set_title(textwrap.fill(issue["label"], 24), fontsize=10)
    ax.set_xlabel(issue["unit"] or ("option" if common.is_discrete(issue) else "unit unknown"), fontsize=9)
    ax.grid(axis="x", alpha=0.3)


def build_parser():
    p = common.parser(PROG, "Several runs side by side: agreement, ends of talks, median packages.", INPUTS)
    p.add_argument("inputs", nargs="+", metavar="SUMMARY_CSV_OR_RUN_DIR", help="summary.csv files or run folders")
    return p


if __name__ == "__main__":
    common.main(PROG, build_parser, lambda a: draw(a.inputs, common.figure_size(a), a.dpi))
