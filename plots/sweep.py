#!/usr/bin/python3
"""plots/sweep.py: a `negsim sweep` folder as a figure: an output against one or two varied parameters, or the
Sobol indices of a Saltelli design (issue 10, figure 3)."""

import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import inputs  # noqa: E402

PROG = "plots/sweep.py"
INPUTS = """inputs (in SWEEP_DIR, as `negsim sweep` writes them; docs/sweeps.md):
  sweep.csv      one row per point: the factors' values (a factor's name with / replaced by _) and the summary.csv
                 columns (agreement_probability, agreement_ci95_lo/hi, zone_probability, <issue>_q50, ...)
  sweep.json     the design and the factors' names, the samples per point and the seed
  scenario.json  units: an issue's unit (issues[].unit) for <agent>/ideal/<issue> factors and <issue>_qNN columns;
                 the other factors' units follow their override names (docs/sweeps.md, Names)
  sobol.csv      (a Saltelli design, --design sobol) first-order and total Sobol indices with bootstrap intervals

what it shows:
  one factor on a grid:   --y (default agreement_probability) against the factor; the Wilson 95% interval as a band
                          where sweep.csv has one (agreement, zone)
  two factors on a grid:  a heat map of --y over the two factors, each cell labelled with its value
  other designs (lhs):    --y against each factor, one panel per factor
  sobol.csv present:      first-order and total indices of each factor for --y (agreement_probability or an
                          <issue>_q50 column) as bars with their 95% intervals; --sobol insists on it

example: negsim sweep scenarios/paris-2026.json --vary russia/reservation=0.45:0.72:10 --out out/what-if
         plots/sweep.py out/what-if -o out/what-if/sweep.png"""

# A sweep.csv column with an interval beside it (docs/sweeps.md, sweep.csv; docs/outputs.md, summary.csv).
INTERVALS = {"agreement_probability": ("agreement_ci95_lo", "agreement_ci95_hi"),
             "zone_probability": ("zone_ci95_lo", "zone_ci95_hi"),
             "agreement_given_zone": ("agreement_given_zone_ci95_lo", "agreement_given_zone_ci95_hi")}


def load(sweep_dir):
    path = os.path.join(inputs.need_folder(sweep_dir), "sweep.json")
    meta = inputs.read_json(path, inputs.SWEEP)
    factors = [f["name"] for f in meta["factors"]]
    scenario_path = os.path.join(sweep_dir, "scenario.json")
    scenario = common.Scenario(scenario_path)
    return meta, factors, scenario


def factor_kind(factor, scenario):
    """What a factor's column holds: option names for a discrete issue's ideal, numbers for every other override."""
    parts = factor.split("/")
    if len(parts) == 3 and parts[1] == "ideal":
        for issue in scenario.issues:
            if issue["id"] == parts[2]:
                return inputs.cell_issue_value(issue)
    return inputs.CELL_NUMBER


def output_kind(y, scenario):
    """What the --y column holds: a discrete issue's quantile is an option name, any other output a number; empty
    where the value does not exist (no deals)."""
    issue_id = y.rsplit("_q", 1)[0] if "_q" in y else None
    for issue in scenario.issues:
        if issue["id"] == issue_id and common.is_discrete(issue):
            return inputs.cell_issue_value(issue, empty=True)
    return inputs.CELL_NUMBER_OR_EMPTY


def read_sweep(path, factors, scenario, y, lo_hi):
    """The rows of sweep.csv, their factor, --y and interval cells checked and converted."""
    kinds = {f.replace("/", "_"): factor_kind(f, scenario) for f in factors}
    kinds[y] = output_kind(y, scenario)
    kinds.update({c: inputs.CELL_NUMBER for c in lo_hi or ()})
    _, rows = inputs.read_table(path, kinds)
    if not rows:
        raise common.PlotError(f"{path}: no rows")
    return rows


def factor_values(rows, col):
    """A factor's values: numbers, or (a list of option names) the texts."""
    values = [r[col] for r in rows]
    if all(isinstance(v, float) for v in values):
        return values, None
    order = list(dict.fromkeys(values))
    return [order.index(v) for v in values], order


def draw(sweep_dir, y="agreement_probability", sobol=None, size=common.DEFAULT_SIZE, dpi=common.DEFAULT_DPI):
    """The sweep figure of a sweep folder, as a matplotlib Figure. sobol: True insists on sobol.csv, False
    ignores it, None uses it when it is there."""
    meta, factors, scenario = load(sweep_dir)
    sobol_path = os.path.join(sweep_dir, "sobol.csv")
    if sobol or (sobol is None and os.path.isfile(sobol_path)):
        return draw_sobol(sobol_path, meta, factors, scenario, y, size, dpi)
    path = os.path.join(sweep_dir, "sweep.csv")
    columns = [f.replace("/", "_") for f in factors]
    lo_hi = INTERVALS.get(y)
    rows = read_sweep(path, factors, scenario, y, lo_hi)
    if meta.get("design", "grid") == "grid" and len(factors) == 2:
        inputs.complete_grid(path, rows, [r[columns[0]] for r in rows], [r[columns[1]] for r in rows], factors)
    values, y_options = output_values(rows, y, scenario)
    band = [[r[c] for r in rows] for c in lo_hi] if lo_hi else None
    fig = common.new_figure(size, dpi)
    y_label = f"{common.pretty(y)} ({common.output_unit(y, scenario)})"
    head = (f"{scenario.name}: {common.pretty(y)} over a {meta.get('design', 'grid')} sweep of "
            f"{len(rows)} points ({meta.get('samples_per_point', '?')} samples a point, seed {meta.get('seed', '?')})")
    if meta.get("design", "grid") == "grid" and len(factors) == 1:
        ax = fig.subplots()
        xs, names = factor_values(rows, columns[0])
        pairs = sorted((x, v, k) for k, (x, v) in enumerate(zip(xs, values)) if v is not None)
        if band:
            ax.fill_between([p[0] for p in pairs], [band[0][p[2]] for p in pairs], [band[1][p[2]] for p in pairs],
                            color=common.OKABE_ITO["sky_blue"], alpha=0.45, lw=0,
                            label="Wilson 95% interval (Monte Carlo error only)")
        ax.plot([p[0] for p in pairs], [p[1] for p in pairs], "o-", color=common.DATA, lw=2, label=common.pretty(y))
        axis_names(ax, "x", factors[0], scenario, names)
        ax.set_ylabel(y_label)
        if y_options:
            ax.set_yticks(range(len(y_options)), common.option_labels({"options": y_options}))
            ax.set_ylim(-0.5, len(y_options) - 0.5)
        if common.output_unit(y, scenario) == common.PROBABILITY:
            ax.set_ylim(-0.02, 1.02)
        ax.grid(alpha=0.3)
        ax.legend(loc="best")
        ax.set_title(head + f"\nas {factors[0]} varies; the other inputs as in the scenario")
    elif meta.get("design", "grid") == "grid" and len(factors) == 2:
        heat_map(fig, rows, columns, factors, values, scenario, y, y_label, y_options)
        fig.suptitle(head + f"\nover {factors[0]} and {factors[1]}")
    else:
        n = len(factors)
        ncols = min(3, n)
        axes = fig.subplots(math.ceil(n / ncols), ncols, squeeze=False, sharey=True).ravel()
        for ax, factor, col in zip(axes, factors, columns):
            xs, names = factor_values(rows, col)
            keep = [(x, v, k) for k, (x, v) in enumerate(zip(xs, values)) if v is not None]
            if band:
                ax.errorbar([p[0] for p in keep], [p[1] for p in keep],
                            yerr=[[p[1] - band[0][p[2]] for p in keep], [band[1][p[2]] - p[1] for p in keep]],
                            fmt="o", ms=3, color=common.DATA, ecolor=common.OKABE_ITO["sky_blue"], elinewidth=1)
            else:
                ax.plot([p[0] for p in keep], [p[1] for p in keep], "o", ms=3, color=common.DATA)
            if y_options:
                ax.set_yticks(range(len(y_options)), common.option_labels({"options": y_options}))
            axis_names(ax, "x", factor, scenario, names)
            ax.set_ylabel(y_label)
            ax.grid(alpha=0.3)
        for ax in axes[n:]:
            ax.axis("off")
        fig.suptitle(head + "\none point per design row" + ("; bars: Wilson 95% interval" if band else ""))
    return fig


def output_values(rows, y, scenario):
    """The --y column as numbers; a discrete issue's quantile column (option names) as option indices, with the
    options for the axis."""
    issue_id = y.rsplit("_q", 1)[0] if "_q" in y else None
    for issue in scenario.issues:
        if issue["id"] == issue_id and common.is_discrete(issue):
            return [None if r[y] is None else issue["options"].index(r[y]) for r in rows], issue["options"]
    return [r[y] for r in rows], None


def axis_names(ax, which, factor, scenario, names):
    label = f"{factor} ({common.parameter_unit(factor, scenario)})"
    (ax.set_xlabel if which == "x" else ax.set_ylabel)(label)
    if names:
        (ax.set_xticks if which == "x" else ax.set_yticks)(range(len(names)), names)


def heat_map(fig, rows, columns, factors, values, scenario, y, y_label, y_options=None):
    ax = fig.subplots()
    xs, xnames = factor_values(rows, columns[0])
    ys, ynames = factor_values(rows, columns[1])
    ux, uy = sorted(set(xs)), sorted(set(ys))
    grid = [[math.nan] * len(ux) for _ in uy]
    for x, v, w in zip(xs, ys, values):
        grid[uy.index(v)][ux.index(x)] = math.nan if w is None else w
    probability = common.output_unit(y, scenario) == common.PROBABILITY
    finite = common.finite(values) or [0.0]
    vmin, vmax = ((0, 1) if probability else (0, len(y_options) - 1) if y_options else (min(finite), max(finite)))
    mesh = ax.imshow(grid, origin="lower", aspect="auto", cmap="cividis", vmin=vmin, vmax=vmax,
                     extent=(-0.5, len(ux) - 0.5, -0.5, len(uy) - 0.5))
    bar = fig.colorbar(mesh, ax=ax, label=y_label)
    if y_options:
        bar.set_ticks(range(len(y_options)), labels=common.option_labels({"options": y_options}))
    cells = len(ux) * len(uy)
    if cells <= 150:   # label each cell while the labels still fit
        for j, row in enumerate(grid):
            for i, v in enumerate(row):
                if not math.isnan(v):
                    shade = (v - vmin) / ((vmax - vmin) or 1)
                    ax.text(i, j, f"{100 * v:.0f}%" if probability else y_options[int(v)] if y_options else f"{v:.3g}", ha="center", va="center",
                            fontsize=9 if cells <= 64 else 7, color="black" if shade > 0.55 else "white")
    ax.set_xticks(range(len(ux)), xnames if xnames else [f"{v:g}" for v in ux])
    ax.set_yticks(range(len(uy)), ynames if ynames else [f"{v:g}" for v in uy])
    ax.set_xlabel(f"{factors[0]} ({common.parameter_unit(factors[0], scenario)})")
    ax.set_ylabel(f"{factors[1]} ({common.parameter_unit(factors[1], scenario)})")


def read_sobol(path):
    """The rows of sobol.csv; an estimate may be empty (undefined), but one that is there has both its bounds."""
    _, rows = inputs.read_table(path, inputs.SOBOL)
    for row in rows:
        for key in ("first_order", "total"):
            for end in ("_ci95_lo", "_ci95_hi"):
                if row[key] is not None and row[key + end] is None:
                    raise common.PlotError(f'{path}:{row.line}: column "{key + end}": expected a number beside '
                                           f'the estimate {key} = {row[key]:g}, got ""')
    return rows


def draw_sobol(path, meta, factors, scenario, y, size, dpi):
    rows = read_sobol(path)
    mine = [r for r in rows if r["output"] == y]
    if not mine:
        outputs = ", ".join(dict.fromkeys(r["output"] for r in rows))
        raise common.PlotError(f'{path}: no rows for output "{y}" (it has {outputs})')
    fig = common.new_figure(size, dpi)
    ax = fig.subplots()
    shown = (-0.2, 1.2)    # indices lie in [0, 1]; estimates and intervals beyond are noise, clipped with a mark
    width = 0.38
    clipped = False
    for k, (key, colour, name) in enumerate((("first_order", common.DATA, "first-order index S_i (alone)"),
                                             ("total", common.OKABE_ITO["orange"], "total index S_Ti (with interactions)"))):
        xs, hs, los, his = [], [], [], []
        for j, r in enumerate(mine):
            v, lo, hi = r[key], r[key + "_ci95_lo"], r[key + "_ci95_hi"]
            x = j + (k - 0.5) * width
            if v is None:
                ax.text(x, 0.02, "undefined", rotation=90, ha="center", va="bottom", fontsize=8)
                continue
            xs.append(x)
            hs.append(min(max(v, shown[0]), shown[1]))
            los.append(min(max(lo, shown[0]), shown[1]))
            his.append(min(max(hi, shown[0]), shown[1]))
            if hi > shown[1] or lo < shown[0] or v > shown[1] or v < shown[0]:
                clipped = True
                ax.plot([x], [shown[1] if hi > shown[1] else shown[0]], marker="^" if hi > shown[1] else "v",
                        color="black", ms=6, clip_on=False)
        ax.bar(xs, hs, width=width, color=colour, label=name)
        ax.errorbar(xs, hs, yerr=[[max(h - lo, 0) for h, lo in zip(hs, los)], [max(hi - h, 0) for h, hi in zip(hs, his)]],
                    fmt="none", ecolor="black", capsize=4, lw=1)
    names = {f.replace("/", "_"): f for f in factors}   # sobol.csv names the sweep.csv column; show the override name
    ax.set_xticks(range(len(mine)), [names.get(r["parameter"], r["parameter"]) for r in mine])
    ax.set_xlabel("varied parameter (override name, docs/sweeps.md)")
    ax.set_ylabel("share of the variance of " + common.pretty(y) + " (0 to 1)")
    ax.set_ylim(*shown)
    ax.axhline(0, color="black", lw=0.8)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="upper right")
    used = mine[0].get("base_points_used", "?")
    note = "; a triangle marks an interval cut at the axis" if clipped else ""
    ax.set_title(f"{scenario.name}: which varied parameter drives {common.pretty(y)}: Sobol indices "
                 f"(Saltelli design, {used} base points x {len(factors) + 2}, {meta.get('samples_per_point', '?')} "
                 f"samples a point)\nbars: estimate; whiskers: bootstrap 95% interval{note}")
    return fig


def build_parser():
    p = common.parser(PROG, "An output of a sweep against its varied parameters, or its Sobol indices.", INPUTS)
    p.add_argument("sweep_dir", metavar="SWEEP_DIR", help="a `negsim sweep` output folder")
    p.add_argument("--y", default="agreement_probability", metavar="COLUMN",
                   help="the sweep.csv column to show (default %(default)s); with sobol.csv, its output")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--sobol", action="store_true", default=None, help="draw the Sobol indices (needs sobol.csv)")
    g.add_argument("--no-sobol", dest="sobol", action="store_false", help="draw sweep.csv even when sobol.csv is there")
    return p


if __name__ == "__main__":
    common.main(PROG, build_parser, lambda a: draw(a.sweep_dir, a.y, a.sobol, common.figure_size(a), a.dpi))
