#!/usr/bin/python3
"""plots/trace.py: one negotiation round by round, from `negsim trace` (issue 10, figure 4)."""

import math
import os
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import inputs  # noqa: E402

PROG = "plots/trace.py"
INPUTS = """inputs:
  TRACE_CSV      `negsim trace` output (docs/outputs.md, trace.csv): columns round, proposer, one per issue (the
                 round's offer), agent, utility, aspiration, threshold, response
  --scenario F   the scenario (default: scenario.json beside TRACE_CSV, if there) for the issues' labels, units
                 (issues[].unit: the offer panels' axes) and option order, and the agents' names; without one, ids
                 are shown and the units are unknown

what it shows: per agent, the utility it gets from the offer on the table each round (solid; a filled dot where it
accepted, an open one where it rejected) against its aspiration (dashed) and its acceptance threshold (dotted);
per issue, the value offered each round, each dot in the colour of the round's proposer.

example: negsim trace scenarios/paris-2026.json --sample 1 --out out/trace.csv
         plots/trace.py out/trace.csv --scenario scenarios/paris-2026.json -o out/trace.png"""


def draw(trace_csv, scenario_path=None, size=(12.0, 10.0), dpi=common.DEFAULT_DPI):
    """The trace figure of a trace.csv, as a matplotlib Figure."""
    scenario, scenario_path, issue_ids, rows = read_trace(trace_csv, scenario_path)
    all_ids = list(dict.fromkeys(r["agent"] for r in rows))
    others = scenario.others(all_ids)
    # A panel per featured agent; the others share one panel, their utility lines alike in grey.
    agent_ids = [a for a in all_ids if a not in others] + (["(others)"] if others else [])
    rounds = sorted({r["round"] for r in rows})
    fig = common.new_figure(size, dpi)
    ncols = 3
    nrows_agents = math.ceil(len(agent_ids) / ncols)
    nrows_issues = math.ceil(len(issue_ids) / ncols)
    # The key has a row of its own, across the figure: many proposers' names do not fit one panel's slot.
    grid = fig.add_gridspec(nrows_agents + nrows_issues + 1, ncols,
                            height_ratios=[1] * (nrows_agents + nrows_issues) + [0.8])
    last = rows[-len(all_ids):]
    accepted = sum(r["response"] == "accept" for r in last)
    where = f" (units from {os.path.basename(scenario_path)})" if scenario_path else " (no scenario: units unknown)"
    fig.suptitle(f"{scenario.name}: one negotiation round by round, {len(rounds)} rounds; in the last round "
                 f"{accepted} of {len(all_ids)} agents accepted the offer\n"
                 f"top: each agent's utility for the offer on the table against its aspiration\n"
                 f"bottom: the offer, issue by issue{where}")
    first_agent_axis = None
    for k, agent in enumerate(agent_ids):
        ax = fig.add_subplot(grid[k // ncols, k % ncols], sharex=first_agent_axis, sharey=first_agent_axis)
        first_agent_axis = first_agent_axis or ax
        if agent == "(others)":
            draw_others(ax, scenario, others, rows)
            continue
        mine = [r for r in rows if r["agent"] == agent]
        xs = [r["round"] for r in mine]
        utility = [r["utility"] for r in mine]
        colour, _ = scenario.agent_style(agent)
        ax.plot(xs, [r["aspiration"] for r in mine], "--", color="black", lw=1.3)
        ax.plot(xs, [r["threshold"] for r in mine], ":", color="#555555", lw=1.5)
        ax.plot(xs, utility, "-", color=colour, lw=1.8)
        yes = [(x, u) for x, u, r in zip(xs, utility, mine) if r["response"] == "accept"]
        no = [(x, u) for x, u, r in zip(xs, utility, mine) if r["response"] != "accept"]
        if yes:
            ax.plot(*zip(*yes), "o", color=colour, markeredgecolor="black", ms=5)
        if no:
            ax.plot(*zip(*no), "o", mfc="white", color=colour, markeredgecolor=colour, ms=5)
        ax.set_title(scenario.agent_name(agent))
        ax.set_ylabel("utility (1 = ideal)")
        ax.set_xlabel("round")
        ax.grid(alpha=0.3)
    for k, issue_id in enumerate(issue_ids):
        issue = scenario.issue(issue_id)
        ax = fig.add_subplot(grid[nrows_agents + k // ncols, k % ncols], sharex=first_agent_axis)
        by_round = {}
        for r in rows:
            by_round.setdefault(r["round"], r)
        xs = sorted(by_round)
        if common.is_discrete(issue):
            ys = [issue["options"].index(by_round[x][issue_id]) for x in xs]
            ax.set_yticks(range(len(issue["options"])), common.option_labels(issue))
            ax.set_ylim(-0.5, len(issue["options"]) - 0.5)
        else:
            ys = [by_round[x][issue_id] for x in xs]
            if issue["min"] is not None:
                pad = 0.05 * (issue["max"] - issue["min"])
                ax.set_ylim(issue["min"] - pad, issue["max"] + pad)
        ax.plot(xs, ys, "-", color="#999999", lw=1, zorder=1)
        ax.scatter(xs, ys, c=[scenario.agent_style(by_round[x]["proposer"])[0] for x in xs], edgecolors="black",
                   linewidths=0.5, s=28, zorder=2)
        ax.set_title(issue["label"] if issue["label"] == issue_id else f'{issue["label"]}')
        ax.set_ylabel(issue["unit"] or ("option" if common.is_discrete(issue) else "value (unit unknown)"))
        ax.set_xlabel("round")
        ax.grid(alpha=0.3)
    key = fig.add_subplot(grid[-1, :])
    legend(key, scenario, all_ids, [r["proposer"] for r in rows])
    return fig


def draw_others(ax, scenario, others, rows):
    """The utilities of the agents not featured, one grey line each, and the share of them accepting each round."""
    for agent in others:
        mine = [r for r in rows if r["agent"] == agent]
        ax.plot([r["round"] for r in mine], [r["utility"] for r in mine], "-", color=common.OTHERS_COLOUR, lw=0.8,
                alpha=0.7)
    ax.set_title(textwrap.fill(scenario.others_label(others, "utility of the offer to the"), 45), fontsize=9)
    ax.set_ylabel("utility (1 = ideal)")
    ax.set_xlabel("round")
    ax.grid(alpha=0.3)


def read_trace(trace_csv, scenario_path):
    """The scenario (the one given, else scenario.json beside the trace, else ids only), its path (None), the issue
    columns, and the rows with their cells checked and converted: rounds, numbers, answers, each issue's values."""
    header, _ = inputs.read_table(trace_csv, {})
    if "proposer" not in header or "agent" not in header:
        raise common.PlotError(f'{trace_csv}: no column "{"proposer" if "proposer" not in header else "agent"}"')
    issue_ids = header[header.index("proposer") + 1:header.index("agent")]
    if scenario_path is None:
        beside = os.path.join(os.path.dirname(os.path.abspath(trace_csv)), "scenario.json")
        scenario_path = beside if os.path.isfile(beside) else None
    if scenario_path:
        scenario = common.Scenario(scenario_path)
        kinds = {i: inputs.cell_issue_value(scenario.issue(i)) for i in issue_ids}
    else:
        kinds = {i: inputs.CELL_TEXT for i in issue_ids}
    _, rows = inputs.read_table(trace_csv, {**inputs.TRACE, **kinds})
    if not rows:
        raise common.PlotError(f"{trace_csv}: no rows")
    if not scenario_path:
        scenario = common.Scenario.bare(os.path.basename(trace_csv), issue_ids, list(dict.fromkeys(r["agent"] for r in rows)))
        for issue in scenario.issues:   # without the scenario, a column of words is a discrete issue
            texts = list(dict.fromkeys(r[issue["id"]] for r in rows))
            try:
                values = [inputs.convert(trace_csv, r, issue["id"], inputs.CELL_NUMBER) for r in rows]
            except common.PlotError:
                issue["options"] = texts
            else:
                for r, v in zip(rows, values):
                    r[issue["id"]] = v
    return scenario, scenario_path, issue_ids, rows


def legend(ax, scenario, agent_ids, proposers):
    from matplotlib.lines import Line2D
    ax.axis("off")
    handles = [Line2D([], [], color="#333333", lw=1.8, label="utility of the offer"),
               Line2D([], [], ls="--", color="black", label="aspiration"),
               Line2D([], [], ls=":", color="#555555", lw=1.5, label="threshold (least it accepts)"),
               Line2D([], [], marker="o", color="#333333", ls="none", label="accepted"),
               Line2D([], [], marker="o", mfc="white", color="#333333", ls="none", label="rejected")]
    outside = [p for p in dict.fromkeys(proposers) if p not in agent_ids]   # e.g. a neutral mediator
    everyone = agent_ids + outside
    handles += [Line2D([], [], marker="o", ls="none", color=scenario.agent_style(a)[0], markeredgecolor="black",
                       label=f"proposed by {scenario.agent_name(a)}") for a in everyone if scenario.is_featured(a)]
    if scenario.others(everyone):
        handles.append(Line2D([], [], marker="o", ls="none", color=common.OTHERS_COLOUR, markeredgecolor="black",
                              label=textwrap.fill(scenario.others_label(everyone, "proposed by one of the"), 40)))
    ax.legend(handles=handles, loc="center", frameon=False, ncol=3, fontsize=8, title="Key")


def build_parser():
    p = common.parser(PROG, "One negotiation round by round: utilities against aspirations, and the offers.", INPUTS,
                      size=(12, 10))
    p.add_argument("trace_csv", metavar="TRACE_CSV", help="a `negsim trace` output file")
    p.add_argument("--scenario", metavar="SCENARIO_JSON", help="the scenario the trace is of (labels and units)")
    return p


if __name__ == "__main__":
    common.main(PROG, build_parser, lambda a: draw(a.trace_csv, a.scenario, common.figure_size(a), a.dpi))
