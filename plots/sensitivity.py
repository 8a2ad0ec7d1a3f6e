#!/usr/bin/python3
"""plots/sensitivity.py: a tornado chart of sensitivity.csv, the sampled inputs that move agreement or an issue's
agreed value most (issue 10, figure 5)."""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import inputs  # noqa: E402

PROG = "plots/sensitivity.py"
INPUTS = """inputs (in RUN_DIR, as `negsim run` writes them; docs/outputs.md):
  sensitivity.csv  columns input, output, spearman, samples: the Spearman rank correlation of every sampled input
                   (an override name such as russia/reservation, or shock/<id>) with each output
  scenario.json    the issue's label (and whether it is discrete) for --output ISSUE

what it shows: the --top inputs with the largest |Spearman correlation| with --output (agreement: 1 for a deal, 0
otherwise, over all samples; an issue id: its agreed value over the deals, option ranks for a discrete issue),
largest at the top, positive to the right (the input's rise goes with more agreement or a higher value) and negative
to the left. Dashed lines at +-1.96/sqrt(n-1): under independence a Spearman correlation over n samples has standard
deviation 1/sqrt(n-1) (Kendall & Stuart, The Advanced Theory of Statistics, vol. 2), so a bar inside them is not
distinguishable from 0 at the 95% level.

example: plots/sensitivity.py out/paris-2026 --output agreement --top 12 -o out/paris-2026/sensitivity.png"""


def draw(run_dir, output="agreement", top=12, size=common.DEFAULT_SIZE, dpi=common.DEFAULT_DPI):
    """The tornado chart of a run folder, as a matplotlib Figure."""
    scenario = common.Scenario(os.path.join(inputs.need_folder(run_dir), "scenario.json"))
    path = os.path.join(run_dir, "sensitivity.csv")
    _, rows = inputs.read_table(path, inputs.SENSITIVITY)
    outputs = list(dict.fromkeys(r["output"] for r in rows))
    mine = [r for r in rows if r["output"] == output]
    if not mine:
        raise common.PlotError(f'{path}: no rows for output "{output}" (it has {", ".join(outputs) or "none"})')
    if top < 1:
        raise common.PlotError(f"--top {top}: expected at least 1")
    ranked = sorted(mine, key=lambda r: -abs(r["spearman"]))[:top]
    ranked.reverse()    # barh draws from the bottom: the strongest goes on top
    rho = [r["spearman"] for r in ranked]
    n = max(r["samples"] for r in ranked)

    fig = common.new_figure(size, dpi)
    ax = fig.subplots()
    colours = [common.DATA if v >= 0 else common.OKABE_ITO["vermillion"] for v in rho]
    ax.barh(range(len(ranked)), rho, color=colours, height=0.7)
    ax.set_yticks(range(len(ranked)), [r["input"] for r in ranked])
    reach = min(1.0, max(abs(v) for v in rho) * 1.3 + 0.05)
    ax.set_xlim(-reach, reach)
    for k, v in enumerate(rho):
        ax.text(v + (0.01 if v >= 0 else -0.01) * reach * 2, k, f"{v:+.2f}", va="center",
                ha="left" if v >= 0 else "right", fontsize=9)
    ax.axvline(0, color="black", lw=0.8)
    if n > 1:
        noise = 1.96 / math.sqrt(n - 1)
        for side in (-1, 1):
            ax.axvline(side * noise, color="#555555", ls="--", lw=1,
                       label=f"±{noise:.3f}: noise level for {n} samples (95%)" if side > 0 else None)
    if output == "agreement":
        what, scale = "agreement", "agreement (1 = deal, 0 = none)"
        sense = "blue: a higher input goes with more agreement; vermillion: with less"
    else:
        issue = scenario.issue(output)
        rank = " (option rank)" if common.is_discrete(issue) else ""
        what, scale = f'the agreed {issue["label"]}', f'the agreed {issue["label"]}{rank}, over deals'
        sense = "blue: a higher input goes with a higher agreed value; vermillion: with a lower one"
    ax.set_xlabel(f"Spearman rank correlation with {scale} (-1 to 1, no unit)")
    ax.set_ylabel("sampled input (override name)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title(f"{scenario.name}: the {len(ranked)} sampled inputs that move {what} most "
                 f"(of {len(mine)}; {n} samples)\n{sense}")
    return fig


def build_parser():
    p = common.parser(PROG, "A tornado chart of the inputs that move agreement (or an issue) most.", INPUTS)
    p.add_argument("run_dir", metavar="RUN_DIR", help="a `negsim run` output folder")
    p.add_argument("--output", default="agreement", metavar="agreement|ISSUE",
                   help="agreement (default) or an issue id")
    p.add_argument("--top", type=int, default=12, metavar="N", help="how many inputs to show (default %(default)s)")
    return p


if __name__ == "__main__":
    common.main(PROG, build_parser, lambda a: draw(a.run_dir, a.output, a.top, common.figure_size(a), a.dpi))
