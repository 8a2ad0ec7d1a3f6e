#!/usr/bin/python3
"""plots/stages.py: a run in stages (negotiations played one after another, docs/outputs.md "Stages"): each stage's
agreement, the probability that every stage agrees, a later stage's agreement given each result of an earlier one,
and the paths of the samples through the stages."""

import os
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import inputs  # noqa: E402

PROG = "plots/stages.py"
INPUTS = """inputs (in RUN_DIR, as `negsim run` writes them for a scenario in stages; docs/outputs.md, Stages):
  summary.json     stages[]: each stage's agreement_probability with agreement_ci95 (over all samples: a stage
                   not reached did not agree), reached, agreement_given_reached with its interval;
                   all_stages_agree: the probability that every stage agrees, with its interval
  conditional.csv  a later stage's agreement among the samples where an earlier stage had a result (agreed,
                   failed, an option of one of its issues, a condition), with its Wilson 95% interval
  paths.csv        how the samples went through the stages (e.g. deal > failed), most frequent first

what it shows: top left, each stage's agreement probability with its 95% interval (Monte Carlo error only) and,
black diamond, the probability that every stage agrees (where a stage was not always reached, also its agreement
among the samples that reached it, hollow); bottom left, the share of samples on each path; right, the later
stage's agreement given each result of an earlier stage, in conditional.csv's order, against its agreement over
all samples (dashed line). Results seen in fewer than --min-samples samples (default 30) are left out (a result
no sample had, always), and the note under the figure counts and names them.

example: plots/stages.py out/two-tracks -o out/two-tracks/stages.png"""

MIN_SAMPLES = 30    # a conditional result seen in fewer samples has an interval too wide to read
PATHS_SHOWN = 8     # the most frequent paths drawn; the rest are counted under the panel
# One colour and marker per stage (a process has at most 6 stages, docs/scenario-format.md); black is every stage.
STAGE_COLOURS = [common.OKABE_ITO[k] for k in ("blue", "vermillion", "bluish_green", "reddish_purple", "orange",
                                                 "sky_blue")]
STAGE_MARKERS = ["o", "s", "^", "v", "P", "X"]
ALL_STAGES = ("black", "D")


def stage_style(k):
    return STAGE_COLOURS[k % len(STAGE_COLOURS)], STAGE_MARKERS[(k + k // len(STAGE_COLOURS)) % len(STAGE_MARKERS)]


# ---------------------------------------------------------------------------------------------------------- inputs

def is_staged(document):
    """A summary.json of a run in stages (rather than of one negotiation)."""
    return isinstance(document, dict) and ("stages" in document or "all_stages_agree" in document)


def read_summary(run_dir):
    """summary.json of a run in stages, checked (inputs.staged_summary_schema)."""
    path = os.path.join(inputs.need_folder(run_dir), "summary.json")
    document = inputs.read_json(path)
    if not is_staged(document):
        raise common.PlotError(f"{path}: /stages: missing (not the summary of a run in stages; plots/outcomes.py "
                               "draws a run of one negotiation)")
    inputs.check(document, inputs.staged_summary_schema(), path)
    inputs.check_stages(document, path)
    return document


def read_conditional(run_dir, summary):
    """conditional.csv's rows, checked: the stages are the summary's, agreed is at most samples, and the probability is
    empty exactly where no sample had the result."""
    path = os.path.join(run_dir, "conditional.csv")
    _, rows = inputs.read_table(path, inputs.CONDITIONAL)
    ids = [s["id"] for s in summary["stages"]]
    for row in rows:
        for column in ("given_stage", "stage"):
            if row[column] not in ids:
                raise common.PlotError(f'{path}:{row.line}: column "{column}": expected a stage of summary.json '
                                       f'({", ".join(ids)}), got {inputs.shown(row[column])}')
        if row["agreed"] > row["samples"]:
            raise common.PlotError(f'{path}:{row.line}: column "agreed": expected at most samples '
                                   f'({row["samples"]}), got {row["agreed"]}')
        if (row["probability"] is None) != (row["samples"] == 0):
            raise common.PlotError(f'{path}:{row.line}: column "probability": expected '
                                   + ("nothing (no sample had this result)" if row["samples"] == 0 else
                                      "a number from 0 to 1") + f', got {inputs.shown(row.get("probability"))}')
    return path, rows


def read_paths(run_dir):
    path = os.path.join(run_dir, "paths.csv")
    return path, inputs.read_table(path, inputs.PATHS)[1]


def read(run_dir, min_samples=MIN_SAMPLES):
    """Everything the figure draws, read and checked before matplotlib is imported."""
    summary = read_summary(run_dir)
    _, conditional = read_conditional(run_dir, summary)
    _, paths = read_paths(run_dir)
    least = max(1, min_samples)     # a result no sample had has no probability to draw
    shown = [r for r in conditional if r["samples"] >= least]
    left_out = [r for r in conditional if r["samples"] < least]
    return summary, shown, left_out, paths


# ---------------------------------------------------------------------------------------------------------- drawing

def draw(run_dir, min_samples=MIN_SAMPLES, size=common.DEFAULT_SIZE, dpi=common.DEFAULT_DPI):
    """The stages figure of a run folder in stages, as a matplotlib Figure."""
    if min_samples < 0:
        raise common.PlotError(f"--min-samples {min_samples}: expected a count, 0 or more")
    summary, shown, left_out, paths = read(run_dir, min_samples)
    fig = common.new_figure(size, dpi)
    stages = summary["stages"]
    order = {s["id"]: k for k, s in enumerate(stages)}
    grid = fig.add_gridspec(2, 2, width_ratios=[1, 1.25],
                            height_ratios=[len(stages) + 2, min(len(paths), PATHS_SHOWN) + 2])
    notes = agreement_panel(fig.add_subplot(grid[0, 0]), summary)
    paths_panel(fig.add_subplot(grid[1, 0]), paths)
    notes += conditional_panel(fig.add_subplot(grid[:, 1]), shown, left_out, stages, order, min_samples)
    name = summary["scenario"].get("name", os.path.basename(os.path.normpath(run_dir)))
    fig.suptitle(textwrap.fill(
        f'{name}: {len(stages)} stage{"s" if len(stages) != 1 else ""} played in turn, {summary["samples"]} samples'
        + (f', seed {summary["seed"]}' if "seed" in summary else "")
        + (f', lookahead {summary["lookahead"]}' if "lookahead" in summary else ""), int(size[0] * 10)))
    # The keys and what was left out, in words under the panels (a legend box would cover rows or their values),
    # wrapped to the figure's width (at 8 points, some 15 characters an inch).
    notes.append("Probabilities are fractions of samples, 0 to 1; intervals: Wilson 95%, Monte Carlo error only "
                 "(from summary.json, conditional.csv, paths.csv).")
    fig.supxlabel("\n".join(textwrap.fill(n, max(40, int(size[0] * 15))) for n in notes), fontsize=8)
    fit_titles(fig)
    return fig


def fit_titles(fig):
    """Wraps each panel's title and axis label to the panel's width once the layout has placed the panels (long row
    labels leave a panel narrow, and a centred title wider than it would run off the figure)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    canvas = FigureCanvasAgg(fig)
    for _ in range(3):
        canvas.draw()
        renderer = canvas.get_renderer()
        changed = False
        for ax in fig.axes:
            width = ax.get_window_extent(renderer).width
            for text in (ax.title, ax.xaxis.label):
                content = text.get_text()
                extent = text.get_window_extent(renderer).width
                if content and extent > width * 1.02:
                    longest = max(len(line) for line in content.split("\n"))
                    chars = max(12, int(longest * width / extent) - 1)
                    text.set_text("\n".join(textwrap.fill(line, chars) for line in content.split("\n")))
                    changed = True
        if not changed:
            break


def interval(ax, x, y, lo, hi, colour, marker, hollow=False, size=7):
    ax.errorbar([x], [y], xerr=[[max(0.0, x - lo)], [max(0.0, hi - x)]], fmt=marker, color=colour, ecolor=colour,
                capsize=4, ms=size, mfc="white" if hollow else colour, mec=colour if hollow else "black", mew=1,
                elinewidth=1.5, zorder=3)


def value_label(ax, lo, hi, y, text, fontsize=8):
    """The value beside its interval: right of it, left of it where it reaches the right side, and over the row at
    the right edge where it spans nearly the whole axis."""
    if hi <= 0.7:
        ax.text(hi + 0.02, y, text, ha="left", va="center", fontsize=fontsize)
    elif lo >= 0.3:
        ax.text(lo - 0.02, y, text, ha="right", va="center", fontsize=fontsize)
    else:
        ax.text(0.99, y - 0.15, text, ha="right", va="bottom", fontsize=fontsize)


def percent_axis(ax, label):
    from matplotlib.ticker import FuncFormatter
    ax.set_xlim(-0.03, 1.03)     # a marker at 0 or 1 whole
    ax.set_xticks([0, 0.2, 0.4, 0.6, 0.8, 1])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
    ax.set_xlabel(label)
    ax.grid(axis="x", color="#dddddd", lw=0.6, zorder=0)


def agreement_panel(ax, summary):
    """Each stage's agreement over all samples and every stage's; returns the notes for under the figure."""
    stages, samples = summary["stages"], summary["samples"]
    unreached = any(s["reached"] < samples for s in stages)
    labels = []

    def row(p, lo, hi, y, colour, marker):
        interval(ax, p, y, lo, hi, colour, marker)
        # The value over its marker, kept inside the axis.
        ax.text(min(max(p, 0.22), 0.78), y - 0.22, f"{common.percent(p)} [{common.percent(lo)}, {common.percent(hi)}]",
                ha="center", va="bottom", fontsize=8)

    for k, s in enumerate(stages):
        colour, marker = stage_style(k)
        row(s["agreement_probability"], *s["agreement_ci95"], k, colour, marker)
        if unreached and s["reached"]:
            g, (glo, ghi) = s["agreement_given_reached"], s["agreement_given_reached_ci95"]
            interval(ax, g, k + 0.28, glo, ghi, colour, marker, hollow=True, size=6)
        labels.append(f'{s["id"]}\nreached in {s["reached"]} of {samples}')
    every = summary["all_stages_agree"]
    y = len(stages) + 0.2
    row(every["probability"], *every["ci95"], y, *ALL_STAGES)
    labels.append(f'every stage agrees\n{every["samples"]} of {samples}')
    ax.set_yticks(list(range(len(stages))) + [y])
    ax.set_yticklabels(labels, fontsize=9)
    ax.set_ylim(y + 0.6, -0.75)
    percent_axis(ax, "agreement probability (fraction of all samples)")
    ax.set_title("Agreement, stage by stage")
    return ["Top left, hollow: a stage's agreement among the samples that reached it (a stage not reached does "
            "not agree)."] if unreached else []


def paths_panel(ax, paths):
    drawn = paths[:PATHS_SHOWN]
    rest = paths[PATHS_SHOWN:]
    ax.set_title("Paths through the stages")
    if not drawn:
        ax.text(0.5, 0.5, "paths.csv has no rows", transform=ax.transAxes, ha="center", va="center")
        ax.set_yticks([])
        ax.set_xticks([])
        return
    ys = list(range(len(drawn)))
    shares = [r["share"] for r in drawn]
    ax.barh(ys, shares, color=common.DATA, height=0.65, zorder=2)
    top = max(shares) * 1.35 + 0.08     # room for the labels right of the bars
    for y, r in zip(ys, drawn):
        ax.text(r["share"] + 0.01 * top, y, f'{common.percent(r["share"])} ({r["samples"]})', va="center",
                ha="left", fontsize=8)
    ax.set_yticks(ys)
    ax.set_yticklabels([r["path"] for r in drawn], fontsize=9)
    ax.set_ylim(len(drawn) - 0.4, -0.6)
    percent_axis(ax, "share of samples" + (
        f"\n{len(rest)} rarer path{'s' if len(rest) != 1 else ''} not drawn "
        f"({common.percent(sum(r['share'] for r in rest))} of samples)" if rest else ""))
    ax.set_xlim(0, top)
    from matplotlib.ticker import MaxNLocator
    ax.set_xticks([t for t in MaxNLocator(nbins=5).tick_values(0, min(1.0, top)) if 0 <= t <= min(1.0, top)])


def conditional_panel(ax, shown, left_out, stages, order, min_samples):
    """The later stage's agreement given each earlier result, in conditional.csv's order; returns the notes."""
    pairs = list(dict.fromkeys((r["given_stage"], r["stage"]) for r in shown + left_out))
    one = len(pairs) == 1
    ax.set_title(f"{pairs[0][1]}: agreement given the result of {pairs[0][0]}" if one else
                 "A later stage's agreement given an earlier result")
    later = sorted({r["stage"] for r in shown}, key=order.get)
    n = len(shown)
    fontsize = 9 if n <= 22 else max(5.0, 9 * 22 / n)
    values = n <= 30    # the values beside the intervals, where the rows leave room for them
    for y, r in enumerate(shown):
        colour, marker = stage_style(order[r["stage"]])
        interval(ax, r["probability"], y, r["ci95_lo"], r["ci95_hi"], colour, marker)
        if values:
            value_label(ax, r["ci95_lo"], r["ci95_hi"], y, f'{common.percent(r["probability"])} (n = {r["samples"]})',
                        fontsize=min(8, fontsize))
    ax.set_yticks(range(n))
    ax.set_yticklabels([(f'{r["given"]}' if one else f'{r["given_stage"]}: {r["given"]} → {r["stage"]}')
                        + ("" if values else f' (n = {r["samples"]})') for r in shown], fontsize=fontsize)
    ax.set_ylim(n - 0.4, -0.6)
    for stage_id in later:
        k = order[stage_id]
        ax.axvline(stages[k]["agreement_probability"], color=stage_style(k)[0], ls="--", lw=1.2, zorder=1)
    if n == 0:
        ax.text(0.5, 0.5, f"no result of an earlier stage was seen\nin {max(1, min_samples)} samples or more"
                if left_out else "conditional.csv has no rows", transform=ax.transAxes, ha="center", va="center")
    percent_axis(ax, "later stage's agreement among the samples with the result")
    notes = []
    if later:
        overall = ", ".join(f'{i} {common.percent(stages[order[i]]["agreement_probability"])}' for i in later)
        notes.append(f"Right, dashed: the later stage's agreement over all samples ({overall})"
                     + ("" if one else "; each stage in its colour and marker, as top left") + ".")
    if left_out:
        names = [f'{r["given"]}{"" if one else " → " + r["stage"]} ({r["samples"]}{"" if k else " samples"})'
                 for k, r in enumerate(left_out)]
        listed = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
        seen = f"fewer than {min_samples} samples" if min_samples > 1 else "no sample"
        notes.append(f"Right, not shown: {len(left_out)} result{'s' if len(left_out) != 1 else ''} of "
                     f"conditional.csv seen in {seen}: {listed}.")
    return notes


def build_parser():
    p = common.parser(PROG, "A run in stages: each stage's agreement, every stage agreeing, a later stage's "
                            "agreement given an earlier result, and the paths through the stages.", INPUTS)
    p.add_argument("run_dir", metavar="RUN_DIR", help="a `negsim run` output folder of a scenario in stages")
    p.add_argument("--min-samples", type=int, default=MIN_SAMPLES,
                   help="leave out conditional results seen in fewer samples (default %(default)s)")
    return p


if __name__ == "__main__":
    common.main(PROG, build_parser, lambda a: draw(a.run_dir, a.min_samples, common.figure_size(a), a.dpi))
