#!/usr/bin/python3
"""plots/zopa.py: where agreement is possible, issue by issue: for each value of each issue, how likely it is to
belong to a package every required agent accepts (zopa.csv of a `negsim run` folder)."""

import math
import os
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import inputs  # noqa: E402

PROG = "plots/zopa.py"
INPUTS = """inputs (in RUN_DIR, as `negsim run` writes them; docs/outputs.md):
  zopa.csv       columns issue, value, probability, samples: per issue, a grid of values (an option of a discrete
                 issue) and the share of the searched samples in which the value belongs to an acceptable package
  scenario.json  issue labels, units (issues[].unit: the x axes), ranges and option names

what it shows: one panel per issue (panels wrap into rows, the figure grows with them), the probability that a
package with the issue at that value is acceptable to every required agent, as a line over a continuous issue's
range or a bar per option of a discrete one.

example: plots/zopa.py out/paris-2026 -o out/paris-2026/zopa.png"""

COLUMNS = 4          # panels per row
PANEL_HEIGHT = 1.9   # inches a row of panels needs at least to keep its labels readable


def read(run_dir, scenario):
    """Per issue id: [(position, probability)] in grid order, and the samples searched."""
    path = os.path.join(run_dir, "zopa.csv")
    _, rows = inputs.read_table(path, inputs.ZOPA)
    by_issue = {i["id"]: [] for i in scenario.issues}
    searched = 0
    for row in rows:
        if row["issue"] not in by_issue:
            raise common.PlotError(f'{path}:{row.line}: column "issue": expected an issue of scenario.json, '
                                   f'got {inputs.shown(row["issue"])}')
        issue = scenario.issue(row["issue"])
        value = inputs.convert(path, row, "value", inputs.cell_issue_value(issue))
        x = issue["options"].index(value) if common.is_discrete(issue) else value
        by_issue[issue["id"]].append((x, row["probability"]))
        searched = max(searched, row["samples"])
    return {k: sorted(v) for k, v in by_issue.items()}, searched


def draw(run_dir, size=common.DEFAULT_SIZE, dpi=common.DEFAULT_DPI):
    """The zone-by-issue figure of a run folder, as a matplotlib Figure."""
    scenario = common.Scenario(os.path.join(inputs.need_folder(run_dir), "scenario.json"))
    data, searched = read(run_dir, scenario)
    shown = [i for i in scenario.issues if data[i["id"]]] if searched else []
    ncols = max(1, min(COLUMNS, len(shown)))
    nrows = max(1, math.ceil(len(shown) / ncols))
    fig = common.new_figure((size[0], max(size[1], PANEL_HEIGHT * nrows + 1.2)), dpi)
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True).ravel()
    fig.suptitle(textwrap.fill(f"{scenario.name}: how likely each value of an issue is to belong to a package every "
                               f"required agent accepts ({searched} samples searched; zopa.csv)", 120))
    for ax, issue in zip(axes, shown):
        xs, ps = zip(*data[issue["id"]])
        ax.set_title(textwrap.fill(issue["label"], 40), fontsize=9)
        if common.is_discrete(issue):
            ax.bar(xs, ps, width=0.7, color=common.DATA)
            ax.set_xticks(range(len(issue["options"])))
            ax.set_xticklabels(common.option_labels(issue), rotation=20, ha="right", fontsize=8)
        else:
            ax.plot(xs, ps, color=common.DATA, marker="o", ms=3, lw=1.5)
            ax.set_xlim(issue["min"], issue["max"])
        ax.set_xlabel(issue["unit"] or ("option" if common.is_discrete(issue) else "value"), fontsize=8)
        ax.set_ylim(0, 1.02)
        ax.grid(axis="y", color="#dddddd", lw=0.6)
    for ax in axes[::ncols]:
        ax.set_ylabel("P(in an acceptable package)", fontsize=8)
    for ax in axes[len(shown):]:
        ax.axis("off")
    if not shown:
        axes[0].text(0.5, 0.5, "the run searched no samples for zopa.csv (--zone-samples 0)",
                     ha="center", va="center", transform=axes[0].transAxes)
    return fig


def build_parser():
    p = common.parser(PROG, "Where agreement is possible, issue by issue (zopa.csv).", INPUTS)
    p.add_argument("run_dir", metavar="RUN_DIR", help="a `negsim run` output folder")
    return p


if __name__ == "__main__":
    common.main(PROG, build_parser, lambda a: draw(a.run_dir, common.figure_size(a), a.dpi))
