#!/usr/bin/python3
"""plots/outcomes.py: where deals land, issue by issue, for one `negsim run` folder (issue 10, figure 1)."""

import collections
import math
import os
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import inputs  # noqa: E402

PROG = "plots/outcomes.py"
INPUTS = """inputs (in RUN_DIR, as `negsim run` writes them; docs/outputs.md):
  samples.csv    the agreed value of every deal (columns agreed and one per issue); when it is absent (runs of
                 100 000 samples or more, or --write-samples no) hist.csv is used instead, whose bins show no
                 mass points
  hist.csv       per issue, counts of agreed values in 50 bins (continuous) or per option (discrete)
  summary.json   the agreement probability, its Wilson 95% interval, the ends of talks (title), and each issue's
                 central 50/80/90% intervals (shaded)
  scenario.json  issue labels and units (issues[].unit: the x axes), ranges and option names, agents' ideals

what it shows: one panel per issue, the share of deals at each value (bars: a continuous issue in bins, a
discrete one per option), the central 50/80/90% intervals of the agreed values shaded, mass points (one exact
value holding at least --mass of the deals) as stems labelled with their share, and each agent's ideal as a
marker at the top of the panel.

example: plots/outcomes.py out/paris-2026 -o out/paris-2026/outcomes.png"""

MASS_SHARE = 0.05   # a value holding at least 5% of deals is reported as a mass point (issue 10, item 4)
BINS = 25           # bins over a continuous issue's range when drawing from samples.csv
BANDS = (("90", "#e6e6e6"), ("80", "#cccccc"), ("50", "#a8a8a8"))


def issue_distributions(run_dir, scenario, mass_share):
    """Per issue: bars (x, width, share), mass points (x, share), and the number of deals, in the issue's unit."""
    samples_path = os.path.join(run_dir, "samples.csv")
    if os.path.isfile(samples_path):
        deals = read_deals(samples_path, scenario)
        return {issue["id"]: from_values(issue, [r[issue["id"]] for r in deals], mass_share)
                for issue in scenario.issues}, "samples.csv"
    hist_path = os.path.join(run_dir, "hist.csv")
    if not os.path.isfile(hist_path):
        raise common.PlotError(f"{samples_path}: no such file (nor hist.csv beside it)")
    _, rows = inputs.read_table(hist_path, {"issue": inputs.CELL_NAME, "bin_lo": inputs.CELL_TEXT,
                                            "bin_hi": inputs.CELL_TEXT, "count": inputs.CELL_COUNT})
    result = {}
    for issue in scenario.issues:
        mine = [r for r in rows if r["issue"] == issue["id"]]
        kind = inputs.cell_issue_value(issue)
        bins = [(inputs.convert(hist_path, r, "bin_lo", kind), inputs.convert(hist_path, r, "bin_hi", kind), r["count"])
                for r in mine]
        n = sum(c for _, _, c in bins)
        if common.is_discrete(issue):
            bars = [(issue["options"].index(lo), 0.8, c / n if n else 0) for lo, _, c in bins]
        else:
            bars = [((lo + hi) / 2, hi - lo, c / n if n else 0) for lo, hi, c in bins]
        result[issue["id"]] = {"bars": bars, "mass": [], "deals": n}
    return result, "hist.csv"


def read_deals(path, scenario):
    """The rows of samples.csv with a deal: each issue's cell is then its agreed value (a number or an option)."""
    kinds = {"agreed": inputs.cell_choice("0", "1")}
    kinds.update({i["id"]: inputs.cell_issue_value(i, empty=True) for i in scenario.issues})
    _, rows = inputs.read_table(path, kinds)
    deals = [r for r in rows if r["agreed"] == "1"]
    for row in deals:
        for issue in scenario.issues:
            if row[issue["id"]] is None:
                raise common.PlotError(f'{path}:{row.line}: column "{issue["id"]}": empty in a row with a deal '
                                       "(agreed = 1)")
    return deals


def from_values(issue, values, mass_share):
    n = len(values)
    if common.is_discrete(issue):
        counts = collections.Counter(issue["options"].index(v) for v in values)
        bars = [(k, 0.8, counts.get(k, 0) / n if n else 0) for k in range(len(issue["options"]))]
        return {"bars": bars, "mass": [], "deals": n}
    counts = collections.Counter(values)
    mass = sorted((x, c / n) for x, c in counts.items() if c / n >= mass_share)
    heavy = {x for x, _ in mass}
    lo, hi = issue["min"], issue["max"]
    width = (hi - lo) / BINS
    spread = [0] * BINS
    for x in values:
        if x not in heavy:
            spread[min(BINS - 1, max(0, int((x - lo) / width)))] += 1
    bars = [(lo + (k + 0.5) * width, width, spread[k] / n) for k in range(BINS)]
    return {"bars": bars, "mass": mass, "deals": n}


def draw(run_dir, mass_share=MASS_SHARE, size=common.DEFAULT_SIZE, dpi=common.DEFAULT_DPI, scenario=None):
    """The outcomes figure of a run folder, as a matplotlib Figure. `scenario` (a common.Scenario) stands for the
    folder's scenario.json where it has none: a stage's folder of a run in stages (report.py)."""
    inputs.need_folder(run_dir)
    if scenario is None:
        scenario = common.Scenario(os.path.join(run_dir, "scenario.json"))
    summary = inputs.read_json(os.path.join(run_dir, "summary.json"), inputs.summary_schema(scenario))
    agreement = summary["agreement"]
    ends, ci, samples = agreement["ends"], agreement["ci95"], summary["samples"]
    intervals = {i["id"]: summary["issues"][i["id"]]["central_intervals"] for i in scenario.issues}
    data, source = issue_distributions(run_dir, scenario, mass_share)

    fig = common.new_figure(size, dpi)
    slots = len(scenario.issues) + 1
    ncols = min(3, slots)
    nrows = math.ceil(slots / ncols)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    fig.suptitle(
        f'{scenario.name}: agreement in {common.percent(agreement["probability"])} of {samples} samples '
        f'(95% interval {common.percent(ci[0])}–{common.percent(ci[1])}, Monte Carlo error only)\n'
        f'How talks ended: deal {ends.get("deal", 0)}, deadline {ends.get("deadline", 0)}, '
        f'breakdown {ends.get("breakdown", 0)}, not ratified {ends.get("not_ratified", 0)}')

    for ax, issue in zip(axes, scenario.issues):
        draw_issue(ax, issue, data[issue["id"]], intervals[issue["id"]], scenario, mass_share)
    for ax in axes[len(scenario.issues):]:
        ax.axis("off")
    legend(axes[len(scenario.issues)], scenario, source, mass_share)
    return fig


def draw_issue(ax, issue, d, interval, scenario, mass_share):
    discrete = common.is_discrete(issue)
    ax.set_title(textwrap.fill(f'{issue["label"]} ({d["deals"]} deals)', 42))
    ax.set_xlabel(issue["unit"] or ("option" if discrete else "value"))   # the title names the issue
    ax.set_ylabel("share of deals")
    if discrete:
        ax.set_xlim(-0.6, len(issue["options"]) - 0.4)
        ax.set_xticks(range(len(issue["options"])))
        ax.set_xticklabels(common.option_labels(issue), rotation=20, ha="right")
    else:
        span = issue["max"] - issue["min"]
        ax.set_xlim(issue["min"] - 0.03 * span, issue["max"] + 0.03 * span)
    # Central intervals, widest first so the narrower ones are drawn over them.
    for key, colour in BANDS:
        ends = interval.get(key)
        if ends and ends[0] is not None:
            if discrete:
                lo, hi = issue["options"].index(ends[0]) - 0.5, issue["options"].index(ends[1]) + 0.5
            else:
                lo, hi = ends
                if hi - lo < 0.004 * (issue["max"] - issue["min"]):   # a point interval: keep it visible
                    lo, hi = lo - 0.002 * (issue["max"] - issue["min"]), hi + 0.002 * (issue["max"] - issue["min"])
            ax.axvspan(lo, hi, color=colour, zorder=0, lw=0)
    top = 0.0
    if d["bars"]:
        xs, widths, shares = zip(*d["bars"])
        ax.bar(xs, shares, width=widths, color=common.DATA, zorder=2, edgecolor="white", linewidth=0.4)
        top = max(shares)
        if discrete:
            for x, s in zip(xs, shares):
                if s >= mass_share:
                    ax.text(x, s, f"{100 * s:.0f}%", ha="center", va="bottom", fontsize=8, zorder=4)
    for x, s in d["mass"]:
        ax.vlines(x, 0, s, color="black", lw=2, zorder=3)
        ax.plot([x], [s], "D", color="black", ms=5, zorder=3)
        span = issue["max"] - issue["min"]
        where = (x - issue["min"]) / span
        ha = "left" if where < 0.15 else "right" if where > 0.85 else "center"
        ax.text(x, s, f" {100 * s:.0f}% at {x:g} ", ha=ha, va="bottom", fontsize=8, zorder=4)
        top = max(top, s)
    if d["deals"] == 0:
        ax.text(0.5, 0.5, "no deals", transform=ax.transAxes, ha="center", va="center")
    # Ideals: markers at the top of the panel, agents with the same ideal stacked one under another; the other
    # agents (beyond the featured ones) in one row of grey ticks under them, a tick per value.
    featured = [a for a in scenario.agents if scenario.is_featured(a["id"])]
    groups = ideal_groups(issue, featured)
    stack = max((len(g[1]) for g in groups), default=0)
    step = 0.075
    for x, members in groups:
        for k, agent in enumerate(members):
            colour, marker = scenario.agent_style(agent["id"])
            ax.plot([x], [0.95 - k * step], marker=marker, color=colour, markeredgecolor="black", ms=8,
                    transform=ax.get_xaxis_transform(), clip_on=False, zorder=5, linestyle="none")
    others = ideal_groups(issue, [a for a in scenario.agents if not scenario.is_featured(a["id"])])
    if others:
        xs = [x for x, _ in others]
        ax.plot(xs, [0.95 - stack * step] * len(xs), marker="|", color=common.OTHERS_COLOUR, ms=9, mew=2,
                transform=ax.get_xaxis_transform(), zorder=5, linestyle="none")
        stack += 1
    room = 0.95 - stack * step - 0.06    # the share of the axis height left to the bars below the markers
    ceiling = (top or 1) / max(room, 0.3) * 1.08
    ax.set_ylim(0, ceiling)
    # Ticks only up to the tallest bar: the space above it holds the ideals, not shares.
    from matplotlib.ticker import MaxNLocator
    ticks = MaxNLocator(nbins=5).tick_values(0, top or 1)
    ax.set_yticks([t for t in ticks if t <= (top or 1) * 1.1])
    ax.yaxis.set_major_formatter(percent_formatter())


def ideal_groups(issue, agents):
    """[(position, agents)]: the agents' ideals on an issue's axis, those within 2% of its span together."""
    groups = []
    span = (len(issue["options"]) if common.is_discrete(issue) else issue["max"] - issue["min"]) or 1
    for agent in agents:
        x = common.ideal_position(issue, agent)
        if x is None:
            continue
        for g in groups:
            if abs(g[0] - x) <= 0.02 * span:
                g[1].append(agent)
                break
        else:
            groups.append((x, [agent]))
    return groups


def percent_formatter():
    from matplotlib.ticker import FuncFormatter
    return FuncFormatter(lambda v, _: f"{100 * v:.0f}%")


def legend(ax, scenario, source, mass_share):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    ax.axis("off")
    handles = [Patch(color=common.DATA, label="share of deals per bin (per option: discrete issue)"),
               Line2D([], [], color="black", marker="D", lw=2, label=f"mass point (one value, ≥ {100 * mass_share:.0f}% of deals)")]
    handles += [Patch(color=c, label=f"central {k}% of agreed values") for k, c in reversed(BANDS)]
    handles += [Line2D([], [], marker=scenario.agent_style(a["id"])[1], color=scenario.agent_style(a["id"])[0],
                       markeredgecolor="black", ms=8, ls="none", label=f'ideal of {a["name"]}') for a in scenario.agents
                if scenario.is_featured(a["id"])]
    others = scenario.others([a["id"] for a in scenario.agents])
    if others:
        handles.append(Line2D([], [], marker="|", color=common.OTHERS_COLOUR, ms=9, mew=2, ls="none",
                              label=scenario.others_label(others, "ideals of the")))
    ax.legend(handles=handles, loc="upper center", frameon=False, title="Key")
    note = "from samples.csv" if source == "samples.csv" else "from hist.csv (no samples.csv: mass points not shown)"
    # Under the figure, not in the key's slot, where a long key would run over it.
    ax.figure.supxlabel(f"Agreed values {note}; x axes: units from scenario.json (issues[].unit)", fontsize=8)


def build_parser():
    p = common.parser(PROG, "Where deals land: the distribution of agreed values per issue, for one run.", INPUTS)
    p.add_argument("run_dir", metavar="RUN_DIR", help="a `negsim run` output folder")
    p.add_argument("--mass", type=float, default=MASS_SHARE,
                   help="the least share of deals at one value that makes it a mass point (default %(default)s)")
    return p


if __name__ == "__main__":
    common.main(PROG, build_parser, lambda a: draw(a.run_dir, a.mass, common.figure_size(a), a.dpi))
