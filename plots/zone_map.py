#!/usr/bin/python3
"""plots/zone_map.py: the two-issue zone map of a `negsim run --zone-map A,B` folder (issue 10, figure 2)."""

import os
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import inputs  # noqa: E402

PROG = "plots/zone_map.py"
INPUTS = """inputs (in RUN_DIR; docs/outputs.md):
  zone_map.csv   columns x, y, p_acceptable, deal_density: one row per grid cell (`negsim run --zone-map A,B`)
  scenario.json  the issues' labels, units (issues[].unit: the axes), ranges or options, and the agents' ideals
zone_map.csv does not name its two issues: they are found by matching its x and y values against each issue's grid
(cell centres of a continuous issue's range, or its option names); --issues A,B names them when that is ambiguous.

what it shows: the probability that a package with these two values (the other issues chosen as well as possible
for the required agents) is acceptable to every required agent, as a heat map with contours at 0.5, 0.8 and 0.9
(when an issue is discrete, each cell is labelled with its probability instead: no contours between options);
the share of the run's deals in each cell as white circles (area proportional to the share); each agent's ideal as a
labelled point (agents with the same ideal share one label).

example: negsim run scenarios/paris-2026.json --zone-map territory,army_cap --out out/paris-2026
         plots/zone_map.py out/paris-2026 -o out/paris-2026/zone_map.png"""

CONTOURS = (0.5, 0.8, 0.9)
# Drawing order: the deal-density circles over the heat map and its contours, every label over the circles (on a
# white box, so a circle's edge never runs through its text), the ideals' markers and their names on top.
CIRCLES_Z, LABELS_Z, IDEALS_Z = 3, 4, 5
LABEL_BOX = {"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85}
# Contour colours readable on the whole cividis range (dark blue to yellow): drawn with a black edge in the legend.
CONTOUR_COLOURS = ("#FFFFFF", "#E69F00", "#D55E00")


def fits(issue, values):
    """Whether a column's distinct values are the grid of an issue: its options, or its cells' centres."""
    distinct = sorted(set(values))
    if common.is_discrete(issue):
        return set(distinct) <= set(issue["options"])
    try:
        numbers = sorted(float(v) for v in distinct)
    except ValueError:
        return False
    g = len(numbers)
    width = (issue["max"] - issue["min"]) / g
    return all(abs(x - (issue["min"] + (k + 0.5) * width)) <= 1e-6 * (issue["max"] - issue["min"] or 1)
               for k, x in enumerate(numbers))


def find_issues(scenario, xs, ys, path, named):
    if named:
        parts = named.split(",")
        if len(parts) != 2:
            raise common.PlotError(f'--issues "{named}": expected two issue ids, A,B')
        a, b = scenario.issue(parts[0]), scenario.issue(parts[1])
        for issue, values, axis in ((a, xs, "x"), (b, ys, "y")):
            if not fits(issue, values):
                raise common.PlotError(f'{path}: column "{axis}" does not hold the grid of issue "{issue["id"]}"')
        return a, b
    found = []
    for values, axis in ((xs, "x"), (ys, "y")):
        candidates = [i for i in scenario.issues if fits(i, values)]
        if len(candidates) != 1:
            which = "no issue" if not candidates else "issues " + ", ".join(i["id"] for i in candidates)
            raise common.PlotError(f'{path}: column "{axis}" matches the grid of {which}; name them with --issues A,B')
        found.append(candidates[0])
    return found


def draw(run_dir, issues=None, size=(10.0, 8.0), dpi=common.DEFAULT_DPI):
    """The zone map of a run folder, as a matplotlib Figure."""
    scenario = common.Scenario(os.path.join(inputs.need_folder(run_dir), "scenario.json"))
    path = os.path.join(run_dir, "zone_map.csv")
    _, rows = inputs.read_table(path, inputs.ZONE_MAP)
    if not rows:
        raise common.PlotError(f"{path}: no rows")
    ix, iy = find_issues(scenario, [r["x"] for r in rows], [r["y"] for r in rows], path, issues)
    # The columns hold the issues' values: option names, or numbers (which fits() has parsed already).
    values_x = [inputs.convert(path, r, "x", inputs.cell_issue_value(ix)) for r in rows]
    values_y = [inputs.convert(path, r, "y", inputs.cell_issue_value(iy)) for r in rows]
    inputs.complete_grid(path, rows, values_x, values_y)
    xs, ys = axis_positions(ix, values_x), axis_positions(iy, values_y)
    p = [r["p_acceptable"] for r in rows]
    density = [r["deal_density"] for r in rows]
    ux, uy = sorted(set(xs)), sorted(set(ys))
    grid = [[None] * len(ux) for _ in uy]
    for x, y, v in zip(xs, ys, p):
        grid[uy.index(y)][ux.index(x)] = v

    fig = common.new_figure(size, dpi)
    ax = fig.subplots()
    mesh = ax.pcolormesh(edges(ux, ix), edges(uy, iy), grid, cmap="cividis", vmin=0, vmax=1, shading="flat")
    fig.colorbar(mesh, ax=ax, label="probability that the package is acceptable to every required agent")
    from matplotlib.lines import Line2D
    from matplotlib import patheffects
    outline = [patheffects.withStroke(linewidth=3.6, foreground="black")]   # white lines stay visible on white
    handles = []
    highest = max(v for v in p if v is not None)
    lowest = min(v for v in p if v is not None)
    levels = [(c, colour) for c, colour in zip(CONTOURS, CONTOUR_COLOURS) if lowest < c < highest]
    continuous = not common.is_discrete(ix) and not common.is_discrete(iy)
    if not continuous and len(p) <= 150:
        # Contours between options would draw lines through values no package can take: label the cells instead.
        for x, y, v in zip(xs, ys, p):
            ax.text(x, y, f"{100 * v:.0f}%", ha="center", va="center", fontsize=8, zorder=LABELS_Z, bbox=LABEL_BOX)
    if levels and continuous and len(ux) > 1 and len(uy) > 1:
        lines = ax.contour(ux, uy, grid, levels=[c for c, _ in levels], colors=[k for _, k in levels], linewidths=2)
        # matplotlib < 3.8 keeps one collection per level; later ones make the set itself a collection (and warn
        # on .collections, which would put a line on stderr).
        from matplotlib.collections import Collection
        for line in [lines] if isinstance(lines, Collection) else lines.collections:
            line.set_path_effects(outline)
        for label in ax.clabel(lines, fmt=lambda v: f"{v:g}", fontsize=9):
            label.set_zorder(LABELS_Z)
            label.set_bbox(LABEL_BOX)
    for c, colour in zip(CONTOURS, CONTOUR_COLOURS) if continuous else ():
        # A level at the map's maximum (or minimum) bounds no region: matplotlib draws nothing there.
        note = (f" (not exceeded anywhere: highest {highest:.2f})" if c >= highest
                else f" (none: every cell is above, lowest {lowest:.2f})" if c <= lowest else "")
        handles.append(Line2D([], [], color=colour, lw=2, path_effects=outline, label=f"probability {c:g}{note}"))
    biggest = max(density) or 1
    ax.scatter(xs, ys, s=[400 * d / biggest for d in density], facecolors="none", edgecolors="white", linewidths=1.2,
               zorder=CIRCLES_Z, gid="deal-density")
    handles.append(Line2D([], [], marker="o", ms=10, mfc="none", mec="#555555", ls="none",
                          label=f"share of the run's deals in the cell (area; largest {100 * biggest:.1f}%)"))
    handles += label_ideals(ax, scenario, ix, iy)
    for issue, setter, ticks in ((ix, ax.set_xlabel, ax.set_xticks), (iy, ax.set_ylabel, ax.set_yticks)):
        setter(common.issue_axis_label(issue))
        if common.is_discrete(issue):
            ticks(range(len(issue["options"])), common.option_labels(issue))
    how = (f"contours at {', '.join(f'{c:g}' for c in CONTOURS)}" if continuous
           else "each cell labelled with its probability (a discrete issue: no contours)")
    ax.set_title(f"{scenario.name}: where a package is acceptable, over {ix['label']} and {iy['label']}\n"
                 + textwrap.fill(f"(heat map, {how}; circles: where the run's deals fell; axes' units from "
                                 "scenario.json)", 110), fontsize=11)
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, frameon=False,
              title="Contours and circles" if continuous else None)
    return fig


def axis_positions(issue, values):
    """The cell values of one axis as positions: option indices for a discrete issue, the numbers otherwise."""
    return [issue["options"].index(v) for v in values] if common.is_discrete(issue) else values


def edges(centres, issue):
    """Cell edges from cell centres (an option is a cell of width 1 around its index)."""
    if common.is_discrete(issue) or len(centres) == 1:
        return [c - 0.5 for c in centres] + [centres[-1] + 0.5]
    step = centres[1] - centres[0]
    return [c - step / 2 for c in centres] + [centres[-1] + step / 2]


def label_ideals(ax, scenario, ix, iy):
    """Each featured agent's ideal as a point; agents at the same point share one label, placed towards the map's
    inside. With more agents than are featured, the names go to the legend instead (eight labels on one map run
    into each other) and the other agents' ideals are grey dots. Returns the legend entries this adds."""
    from matplotlib.lines import Line2D
    points, others = {}, []
    for agent in scenario.agents:
        x, y = common.ideal_position(ix, agent), common.ideal_position(iy, agent)
        if x is not None and y is not None:
            if scenario.is_featured(agent["id"]):
                points.setdefault((x, y), []).append(agent)
            else:
                others.append((x, y, agent["id"]))
    xlo, xhi = ax.get_xlim()
    ylo, yhi = ax.get_ylim()
    handles = []
    for (x, y), agents in points.items():
        for k, agent in enumerate(agents):
            colour, marker = scenario.agent_style(agent["id"])
            ax.plot([x], [y], marker=marker, color=colour, markeredgecolor="black", ms=11 - 2 * k, ls="none",
                    clip_on=False, zorder=IDEALS_Z)
            if len(scenario.agents) > common.FEATURED:
                handles.append(Line2D([], [], marker=marker, color=colour, markeredgecolor="black", ms=9, ls="none",
                                      label=f'ideal of {agent["name"]}'))
        if len(scenario.agents) > common.FEATURED:
            continue
        fx, fy = (x - xlo) / (xhi - xlo), (y - ylo) / (yhi - ylo)
        dx = 12 if fx < 0.6 else -12
        dy = 12 if fy < 0.6 else -12
        ax.annotate("ideal of " + ", ".join(a["name"] for a in agents), (x, y), xytext=(dx, dy),
                    textcoords="offset points", ha="left" if dx > 0 else "right", va="bottom" if dy > 0 else "top",
                    fontsize=9, zorder=IDEALS_Z + 1, bbox=LABEL_BOX)
    if others:
        ax.plot([p[0] for p in others], [p[1] for p in others], "o", color=common.OTHERS_COLOUR,
                markeredgecolor="black", ms=5, ls="none", zorder=IDEALS_Z)
        handles.append(Line2D([], [], marker="o", color=common.OTHERS_COLOUR, markeredgecolor="black", ms=5,
                              ls="none", label=scenario.others_label([p[2] for p in others], "ideals of the")))
    return handles


def build_parser():
    p = common.parser(PROG, "The zone map: where a two-issue package is acceptable, and where deals fell.", INPUTS,
                      size=(10, 8))
    p.add_argument("run_dir", metavar="RUN_DIR", help="a `negsim run --zone-map A,B` output folder")
    p.add_argument("--issues", metavar="A,B", help="the issues of zone_map.csv's x and y (default: found from the grid)")
    return p


if __name__ == "__main__":
    common.main(PROG, build_parser, lambda a: draw(a.run_dir, a.issues, common.figure_size(a), a.dpi))
