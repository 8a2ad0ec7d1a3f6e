"""Shared helpers of the figure scripts in plots/: command lines, the colour-blind-safe palette, units from
scenario.json, and saving a figure by its file ending. Reading and checking the input files is plots/inputs.py.

Every script is `plots/<name>.py INPUT... -o FIGURE` and exposes `draw(...) -> matplotlib.figure.Figure`, so a report
script can embed the figures without a shell. Inputs are read before matplotlib is imported, so a bad input is
reported in one line (exit code 2) even where matplotlib is missing; a missing matplotlib exits with code 3.
"""

import argparse
import copy
import math
import os
import sys

import inputs

# Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable under the common colour-vision
# deficiencies. Agents take them in file order; blue, the colour of data bars and lines, comes late (a sixth agent)
# and yellow, hard to see on white, later still.
OKABE_ITO = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
DATA = OKABE_ITO["blue"]
AGENT_COLOURS = [OKABE_ITO[k] for k in ("orange", "sky_blue", "bluish_green", "reddish_purple", "vermillion",
                                          "blue", "yellow", "black")]
AGENT_MARKERS = ["v", "s", "D", "^", "o", "P", "X", "*", "p", "h", "<", ">"]
# Beyond this many agents a figure names only the most powerful ones, each in its own colour and marker, and draws
# the rest alike as "other agents": 35 or 64 named markers are neither distinguishable nor legible in a legend.
FEATURED = 8
OTHERS_COLOUR, OTHERS_MARKER = "#8c8c8c", "."

# Figure size (inches) and resolution: 12 x 8 at 100 dpi gives the 1200 x 800 pixels of docs/figures/.
DEFAULT_SIZE = (12.0, 8.0)
DEFAULT_DPI = 100
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

EXIT_INPUT = 2      # a missing file or column, a bad argument
EXIT_NO_MATPLOTLIB = 3


# A bad input (inputs.py checks every file read): its message becomes the script's one line on stderr.
PlotError = inputs.PlotError


# ------------------------------------------------------------------------------------------------------ the scenario

class Scenario:
    """What the figures need from a scenario file: issues (id, label, unit, range or options) and agents."""

    def __init__(self, path):
        document = inputs.read_json(path, inputs.SCENARIO)
        inputs.check_scenario_issues(document, path)
        self.path = path
        self.name = document.get("name", os.path.basename(os.path.dirname(os.path.abspath(path))))
        self.description = document.get("description", "")
        self.issues = [{"id": issue["id"], "label": issue.get("label", issue["id"]), "unit": issue.get("unit", ""),
                        "options": issue.get("options"), "min": issue.get("min"), "max": issue.get("max")}
                       for issue in document["issues"]]
        self.agents = []
        for k, agent in enumerate(document.get("agents", [])):
            self.agents.append({"id": agent.get("id", f"agent {k}"), "name": agent.get("name", agent.get("id")),
                                "ideal": agent.get("ideal", {}), "reservation": agent.get("reservation"),
                                "power": agent.get("power", 1)})
        self.feature()

    @classmethod
    def bare(cls, name, issue_ids, agent_ids):
        """Ids only, for a file without its scenario: no units, labels are the ids."""
        self = cls.__new__(cls)
        self.path, self.name = "(no scenario.json)", name
        self.issues = [{"id": i, "label": i, "unit": "", "options": None, "min": None, "max": None} for i in issue_ids]
        self.agents = [{"id": a, "name": a, "ideal": {}, "reservation": None, "power": 1} for a in agent_ids]
        self.feature()
        return self

    def stage(self, name, issue_ids, agent_ids):
        """The scenario cut to one stage's issues and table, in the file's order, for the figures of a stage's folder
        (stages/<id>/ of a run in stages has no scenario.json of its own). Up to FEATURED agents at the table, each
        keeps the colour and marker it has in the whole scenario's figures."""
        part = copy.copy(self)
        part.name = name
        part.issues = [i for i in self.issues if i["id"] in issue_ids]
        part.agents = [a for a in self.agents if a["id"] in agent_ids]
        if len(part.agents) <= FEATURED:
            part.featured = self.featured + [a["id"] for a in part.agents if a["id"] not in self.featured]
        else:
            part.feature()
        return part

    def feature(self):
        """The agents drawn in their own style: all of them up to FEATURED, else the FEATURED most powerful (file
        order among equals), each keeping its place in the file's order."""
        ranked = sorted(range(len(self.agents)), key=lambda k: -self.agents[k]["power"])[:FEATURED]
        self.featured = [self.agents[k]["id"] for k in sorted(ranked)]

    def is_featured(self, agent_id):
        return agent_id in self.featured or len(self.agents) <= FEATURED

    def others(self, agent_ids):
        """Those of agent_ids drawn as "other agents"."""
        return [a for a in agent_ids if not self.is_featured(a)]

    def issue(self, issue_id):
        for issue in self.issues:
            if issue["id"] == issue_id:
                return issue
        raise PlotError(f'{self.path}: no issue "{issue_id}"')

    def agent_style(self, agent_id):
        """The colour and marker of an agent, by its place among the featured agents (the same in every figure);
        OTHERS_COLOUR and OTHERS_MARKER for the rest. An agent not in the file (a mediator) comes after them."""
        if not self.is_featured(agent_id):
            return OTHERS_COLOUR, OTHERS_MARKER
        k = self.featured.index(agent_id) if agent_id in self.featured else len(self.featured)
        # Colour k mod 8 and marker (k + k div 8) mod 12: a different pair for each k below 96.
        n = len(AGENT_COLOURS)
        return AGENT_COLOURS[k % n], AGENT_MARKERS[(k + k // n) % len(AGENT_MARKERS)]

    def others_label(self, agent_ids, what):
        """A legend label for the agents of agent_ids drawn as others, e.g. "ideal of 27 other agents"."""
        n = len(self.others(agent_ids))
        return f"{what} {n} other agent{'s' if n != 1 else ''} (less powerful)"

    def agent_name(self, agent_id):
        for a in self.agents:
            if a["id"] == agent_id:
                return a["name"]
        return agent_id


def issue_axis_label(issue):
    """An axis label with the unit the scenario file gives the issue (issues[].unit)."""
    if issue["options"] is not None:
        return f'{issue["label"]} ({issue["unit"] or "option"})'
    return f'{issue["label"]} ({issue["unit"]})' if issue["unit"] else issue["label"]


def is_discrete(issue):
    return issue["options"] is not None


def option_labels(issue):
    """A discrete issue's option names as tick labels (underscores read as spaces)."""
    return [o.replace("_", " ") for o in issue["options"]]


def ideal_position(issue, agent):
    """Where an agent's ideal lies on an issue's axis: the number, or a discrete issue's option index; None if the
    scenario gives none."""
    ideal = agent["ideal"].get(issue["id"])
    if ideal is None:
        return None
    if is_discrete(issue):
        return issue["options"].index(ideal) if ideal in issue["options"] else None
    return float(ideal)


def parameter_unit(name, scenario):
    """The unit of an override name (docs/sweeps.md, Names), for a sweep's axis: the issue's unit from
    scenario.json for an ideal, and the domain the override names carry for the others."""
    parts = name.split("/")
    if len(parts) == 3 and parts[1] == "ideal" and scenario is not None:
        return scenario.issue(parts[2])["unit"] or "option"
    last = parts[-1]
    units = {"reservation": "utility, 1 = ideal package", "ratification": "probability",
             "power": "relative power", "salience": "relative salience", "discount": "per-round factor",
             "exponent": "concession exponent", "rounds": "rounds", "breakdown": "probability per round",
             "probability": "probability", "concentration": "Dirichlet concentration"}
    if len(parts) >= 2 and parts[-2] == "weights":
        return "share of the agent's weight"
    return units.get(last, "value as in the scenario file")


def output_unit(column_name, scenario):
    """The unit of a summary.csv / sweep.csv column (docs/outputs.md, summary.csv), for a y axis."""
    if column_name.startswith(("agreement_probability", "zone_probability", "zone_ci95", "agreement_ci95")) \
            or "_probability_with" in column_name or column_name.endswith(("_share",)):
        return PROBABILITY
    if column_name.endswith(("_mean_utility", "_mean_surplus_in_deals")):
        return "utility, 1 = ideal package"
    if column_name in ("samples", "deals") or column_name.startswith("ends_"):
        return "samples"
    if scenario is not None and "_q" in column_name:
        issue_id = column_name.rsplit("_q", 1)[0]
        for issue in scenario.issues:
            if issue["id"] == issue_id:
                return issue["unit"] or "option"
    return "as in sweep.csv"


PROBABILITY = "fraction of samples, 0 to 1"


def pretty(column_name):
    """A sweep.csv / summary.csv column for a title: us_backstop_q50 -> "us backstop median"."""
    stem, _, q = column_name.rpartition("_q")
    if stem and q in ("05", "10", "25", "50", "75", "90", "95"):
        return stem.replace("_", " ") + (" median" if q == "50" else f" {int(q)}% quantile")
    return column_name.replace("_", " ")


def percent(p):
    return f"{100 * p:.1f}%"


# ---------------------------------------------------------------------------------------------- command and drawing

def parser(prog, description, inputs_help, size=DEFAULT_SIZE):
    exits = ("exit codes: 0 the figure is written; 2 a missing file, folder or column or a bad argument (one line "
             "on stderr, no figure); 3 matplotlib is missing (Debian: python3-matplotlib). Figures: docs/plots.md")
    p = argparse.ArgumentParser(prog=prog, description=description, epilog=inputs_help + "\n\n" + exits,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-o", dest="figure", required=True, metavar="FIGURE",
                   help="the figure to write; its ending chooses the format: .png, .svg or .pdf")
    p.add_argument("--size", default=f"{size[0]:g}x{size[1]:g}", metavar="WxH",
                   help="figure size in inches (default %(default)s)")
    p.add_argument("--dpi", type=int, default=DEFAULT_DPI, help="dots per inch of a PNG (default %(default)s)")
    return p


def figure_size(args):
    try:
        w, h = (float(v) for v in args.size.lower().split("x"))
        if not (0 < w <= 100 and 0 < h <= 100):
            raise ValueError
    except ValueError:
        raise PlotError(f'--size "{args.size}": expected WxH in inches, e.g. 12x8')
    return w, h


def new_figure(size, dpi=DEFAULT_DPI):
    """A matplotlib Figure (no pyplot state, so a report can draw many) with readable fonts."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingMatplotlib()
    matplotlib.rcParams.update({"font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10,
                                "legend.fontsize": 9, "figure.titlesize": 13, "svg.fonttype": "none"})
    return Figure(figsize=size, dpi=dpi, layout="constrained")


class MissingMatplotlib(Exception):
    pass


def write_atomically(path, write):
    """Calls write(f) on a temporary file beside `path` and renames it to `path` once complete, as negsim writes its
    files: a reader never sees half a figure or page, and a failure leaves nothing behind."""
    directory = os.path.dirname(path)
    if directory and not os.path.isdir(directory):
        raise PlotError(f"{path}: no such folder {directory}")
    temporary = os.path.join(directory, f".{os.path.basename(path)}.tmp-{os.getpid()}")
    try:
        with open(temporary, "wb") as f:
            write(f)
        os.replace(temporary, path)
    except OSError as e:
        raise PlotError(f"{path}: cannot be written ({e.strerror})")
    finally:
        try:
            os.remove(temporary)
        except OSError:
            pass  # already renamed, or never made: the write's own error, if any, is the one to report


def save(fig, path, dpi):
    ending = os.path.splitext(path)[1].lower()
    if ending not in FORMATS:
        raise PlotError(f'{path}: unknown figure format "{ending}"; expected .png, .svg or .pdf')
    write_atomically(path, lambda f: fig.savefig(f, format=FORMATS[ending], dpi=dpi))


def run_or_exit(prog, work):
    """work()'s result; every expected failure is one line on stderr and an exit code instead."""
    try:
        return work()
    except PlotError as e:
        print(f"{prog}: {e}", file=sys.stderr)
        sys.exit(EXIT_INPUT)
    except MissingMatplotlib:
        print(f"{prog}: matplotlib is not installed for {sys.executable} (Debian: apt-get install python3-matplotlib)",
              file=sys.stderr)
        sys.exit(EXIT_NO_MATPLOTLIB)


def main(prog, build_parser, make_figure):
    """Run a script: parse, draw, save."""
    args = build_parser().parse_args()
    run_or_exit(prog, lambda: save(make_figure(args), args.figure, args.dpi))


def finite(values):
    return [v for v in values if v is not None and math.isfinite(v)]
