"""plots/inputs.py: every file the figure scripts read is checked here before anything is drawn from it, so that a
damaged or hand-edited folder gives one line naming the file and the field (exit code 2), never a Python traceback.

A JSON file is checked against a small schema: the keys the scripts use and the type of each value. A schema is
  a Kind (NUMBER, COUNT, STRING, ...; nullable(), either(), option_of(), pair())   the value's type;
  a dict {key: schema}, a key ending in "?" being optional          an object holding at least those keys;
  each(schema)                                                      an object whose values (any keys) are all so;
  [schema]                                                          an array of such items.
Errors name the field by its JSON pointer (RFC 6901), e.g.
  out/x/summary.json: /agreement/probability: expected a number, got "x".
Keys a schema does not name are not errors: the files are negsim's outputs, and a newer negsim may add keys.

A CSV file is checked by read_table: the header has the columns asked for, every row has as many fields as the header
(a row cut short or a header that lost a column shows there), and every cell of a column asked for is of its Cell kind
(a number, a count, one of some words...), which also converts it. Errors name the file and line, e.g.
  out/x/zone_map.csv:17: column "p_acceptable": expected a number from 0 to 1, got "nan".
"""

import csv
import json
import math
import os


class PlotError(Exception):
    """A bad input: the message names the file and what is wrong, and becomes the script's one line on stderr."""


def shown(value):
    """A value as it is quoted in an error: JSON text, cut to stay on a short line."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ------------------------------------------------------------------------------------------------------ files

def need_file(path):
    if not os.path.isfile(path):
        raise PlotError(f"{path}: no such file")
    return path


def need_folder(path):
    if not os.path.isdir(path):
        raise PlotError(f"{path}: no such folder")
    return path


# ------------------------------------------------------------------------------------------------- JSON schemas

class Kind:
    """A JSON value's expected type: `expected` says it in an error, `accepts(value)` tests a value."""

    def __init__(self, expected, accepts):
        self.expected, self.accepts = expected, accepts


def _is_number(v):
    # bool is an int in Python, but true is not a number in JSON; NaN and Infinity are no numbers in JSON.
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


NUMBER = Kind("a number", _is_number)
INTEGER = Kind("an integer", lambda v: isinstance(v, int) and not isinstance(v, bool))
COUNT = Kind("a count (an integer, 0 or more)", lambda v: INTEGER.accepts(v) and v >= 0)
STRING = Kind("a string", lambda v: isinstance(v, str))
BOOLEAN = Kind("true or false", lambda v: isinstance(v, bool))
SCALAR = Kind("a string or a number", lambda v: isinstance(v, str) or _is_number(v))
ANY = Kind("any value", lambda v: True)


def nullable(kind):
    return Kind(f"{kind.expected} or null", lambda v: v is None or kind.accepts(v))


def either(*kinds):
    return Kind(" or ".join(k.expected for k in kinds), lambda v: any(k.accepts(v) for k in kinds))


def option_of(issue):
    """One of a discrete issue's option names."""
    options = issue["options"]
    listed = ", ".join(f'"{o}"' for o in options[:6]) + (", ..." if len(options) > 6 else "")
    return Kind(f'an option of issue "{issue["id"]}" ({listed})', lambda v: isinstance(v, str) and v in options)


def issue_value(issue):
    """A value of an issue as the summary writes it: a number, or a discrete issue's option name."""
    return option_of(issue) if issue.get("options") is not None else NUMBER


class pair:  # noqa: N801  (used like the Kinds: pair(NUMBER))
    """An array of exactly two items of one schema, e.g. an interval [lo, hi]."""

    def __init__(self, item):
        self.item = item


class each:  # noqa: N801
    """An object whose keys are ids (issues, agents, shocks) and whose values all follow one schema."""

    def __init__(self, item):
        self.item = item


def _escape(key):
    return str(key).replace("~", "~0").replace("/", "~1")


def check(value, schema, path, pointer=""):
    """Raises PlotError unless `value` (found at `pointer` in the file `path`) follows `schema`."""
    where = f"{path}: {pointer or '/'}"
    if isinstance(schema, Kind):
        if not schema.accepts(value):
            raise PlotError(f"{where}: expected {schema.expected}, got {shown(value)}")
    elif isinstance(schema, dict):
        if not isinstance(value, dict):
            raise PlotError(f"{where}: expected an object, got {shown(value)}")
        for key, inner in schema.items():
            name = key.rstrip("?")
            if name in value:
                check(value[name], inner, path, f"{pointer}/{_escape(name)}")
            elif not key.endswith("?"):
                raise PlotError(f"{path}: {pointer}/{_escape(name)}: missing")
    elif isinstance(schema, each):
        if not isinstance(value, dict):
            raise PlotError(f"{where}: expected an object, got {shown(value)}")
        for name, item in value.items():
            check(item, schema.item, path, f"{pointer}/{_escape(name)}")
    elif isinstance(schema, (list, pair)):
        item = schema[0] if isinstance(schema, list) else schema.item
        if not isinstance(value, list) or (isinstance(schema, pair) and len(value) != 2):
            raise PlotError(f"{where}: expected {'an array' if isinstance(schema, list) else 'an array of two'}, "
                            f"got {shown(value)}")
        for k, v in enumerate(value):
            check(v, item, path, f"{pointer}/{k}")
    else:
        raise TypeError(f"not a schema: {schema!r}")


def read_json(path, schema=ANY):
    """A JSON file, checked against `schema`."""
    need_file(path)
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise PlotError(f"{path}: cannot be read ({e})")
    if not text.strip():
        raise PlotError(f"{path}: empty file, expected a JSON object")
    try:
        # Python reads NaN and Infinity, which JSON does not have: NUMBER refuses them, naming the field.
        document = json.loads(text)
    except json.JSONDecodeError as e:
        raise PlotError(f"{path}:{e.lineno}: not valid JSON ({e.msg}, column {e.colno})")
    check(document, schema, path)
    return document


# ------------------------------------------------------------------------------------------------- the files' schemas

_ISSUE = {"id": STRING, "label?": STRING, "unit?": STRING, "options?": [STRING], "min?": NUMBER, "max?": NUMBER}
SCENARIO = {"name?": STRING, "description?": STRING, "issues": [_ISSUE],
            "agents?": [{"id?": STRING, "name?": STRING, "ideal?": each(SCALAR), "power?": NUMBER}]}

_SCENARIO_RECORD = {"file?": STRING, "sha256?": STRING, "nominal?": BOOLEAN,
                    "overrides?": [{"name": STRING, "value": either(SCALAR, BOOLEAN)}]}
# What compare.py reads of a run's summary.json: the overrides that tell variants of one scenario apart.
SUMMARY_PROVENANCE = {"scenario?": _SCENARIO_RECORD}

_SHARE_OF = {"samples": COUNT, "probability": NUMBER}
_THIRD = {"samples": COUNT, "agreement": NUMBER}

SWEEP = {"design?": STRING, "factors": [{"name": STRING}], "samples_per_point?": COUNT, "seed?": INTEGER}


def interval_of(value):
    """[lo, hi] of an issue's values, or [null, null] where there were no deals."""
    return Kind(f"[lo, hi], each {value.expected}, or [null, null]",
                lambda v: isinstance(v, list) and len(v) == 2
                and (v == [None, None] or all(value.accepts(x) for x in v)))


def summary_schema(scenario):
    """summary.json as outcomes.py and report.py read it; each issue of the scenario must be there, its values in its
    unit (a number) or, for a discrete issue, its option names."""
    issues = {}
    for issue in scenario.issues:
        value = issue_value(issue)
        issues[issue["id"]] = {
            "deals?": COUNT,
            "quantiles?": each(nullable(value)),
            "central_intervals": {"50?": interval_of(value), "80?": interval_of(value), "90?": interval_of(value)},
            "mass_points?": [{"value": value, "share": NUMBER, "exact?": BOOLEAN}],
            "mode?": nullable(value),
        }
    ends = {k + "?": COUNT for k in ("deal", "deadline", "breakdown", "not_ratified")}
    return {
        "scenario": _SCENARIO_RECORD, "seed?": INTEGER, "samples": COUNT, "negsim_version?": STRING,
        "agreement": {"deals": COUNT, "probability": NUMBER, "ci95": pair(NUMBER), "ends": ends,
                      "by_shock?": each({"with": _SHARE_OF, "without": _SHARE_OF}),
                      "given_zone?": {"samples_with_zone": COUNT, "deals": COUNT, "probability": NUMBER,
                                      "ci95": pair(NUMBER)}},
        "zone": {"probability": NUMBER, "ci95": pair(NUMBER)},
        "missed_deals?": {"count": COUNT, "share": NUMBER},
        "issues": issues,
        "agents": each({"role?": STRING, "decisive_share": NUMBER, "blocker_share": NUMBER,
                        "breakdown_share?": NUMBER, "mean_utility?": NUMBER, "mean_surplus_in_deals?": NUMBER}),
        "warnings?": [STRING],
        "input_uncertainty?": {"strongest_inputs?": [{"input": STRING, "spearman": NUMBER,
                                                      "low": _THIRD, "high": _THIRD}]},
        "optimiser?": {"unproven_answers?": COUNT, "unproven_samples?": COUNT},
    }


# A run in stages (docs/outputs.md, Stages): the process's summary.json and the stage labels of its scenario.json.
PROBABILITY = Kind("a number from 0 to 1", lambda v: _is_number(v) and 0 <= v <= 1)
STAGE_ID = Kind("a stage id (letters, digits, _ . -)",
                lambda v: isinstance(v, str) and v not in ("", ".", "..") and all(c.isalnum() or c in "_.-" for c in v))
_STAGE_ENDS = ("deal", "deadline", "breakdown", "not_ratified", "not_reached")


def staged_summary_schema():
    """summary.json of a run in stages, as stages.py and report.py read it."""
    return {
        "scenario": {"name?": STRING, **_SCENARIO_RECORD}, "seed?": INTEGER, "samples": COUNT,
        "negsim_version?": STRING, "lookahead?": STRING, "warnings?": [STRING],
        "all_stages_agree": {"samples": COUNT, "probability": PROBABILITY, "ci95": pair(PROBABILITY)},
        "stages": [{"id": STAGE_ID, "reached": COUNT, "agreed": COUNT,
                    "agreement_probability": PROBABILITY, "agreement_ci95": pair(PROBABILITY),
                    "agreement_given_reached": PROBABILITY, "agreement_given_reached_ci95": pair(PROBABILITY),
                    "ends": {k: COUNT for k in _STAGE_ENDS}, "top_blocker": STRING, "files?": STRING}],
        "paths": [{"path": STRING, "samples": COUNT, "share": PROBABILITY}],
        "conditional": [{"given_stage": STRING, "given": STRING, "stage": STRING, "samples": COUNT, "agreed": COUNT,
                         "probability": PROBABILITY, "ci95": pair(PROBABILITY)}],
        "joint": each(Kind("an object", lambda v: isinstance(v, dict))),
    }


def check_stages(document, path):
    """What the schema cannot say of a staged summary.json: each stage once, and the conditional rows and the counts
    name the file's own stages and fit their samples."""
    ids = [s["id"] for s in document["stages"]]
    if not ids:
        raise PlotError(f"{path}: /stages: expected at least one stage, got []")
    for k, stage in enumerate(document["stages"]):
        if stage["id"] in ids[:k]:
            raise PlotError(f'{path}: /stages/{k}/id: "{stage["id"]}" twice')
        for key in ("reached", "agreed"):
            if stage[key] > document["samples"]:
                raise PlotError(f'{path}: /stages/{k}/{key}: expected at most samples ({document["samples"]}), '
                                f"got {stage[key]}")
    for k, row in enumerate(document["conditional"]):
        for key in ("given_stage", "stage"):
            if row[key] not in ids:
                raise PlotError(f"{path}: /conditional/{k}/{key}: expected a stage of /stages "
                                f"({', '.join(ids)}), got {shown(row[key])}")
        if row["agreed"] > row["samples"]:
            raise PlotError(f'{path}: /conditional/{k}/agreed: expected at most samples ({row["samples"]}), '
                            f'got {row["agreed"]}')
    for issue_id, joint in document["joint"].items():
        pointer = f"/joint/{_escape(issue_id)}"
        check(joint, {"options": each(PROBABILITY)} if "options" in joint else
              {"mean": NUMBER, "quantiles": each(NUMBER)}, path, pointer)


STAGED_SCENARIO = {"stages?": {"sequence?": [{"id": STRING, "label?": STRING, "issues?": [STRING]}]}}


def check_scenario_issues(document, path):
    """What the schema cannot say: an issue is continuous (min < max) or discrete (options), and each agent's ideal
    is a value of its issue."""
    for k, issue in enumerate(document["issues"]):
        if "options" in issue:
            if not issue["options"]:
                raise PlotError(f"{path}: /issues/{k}/options: expected at least one option, got []")
            continue
        for key in ("min", "max"):
            if key not in issue:
                raise PlotError(f"{path}: /issues/{k}/{key}: missing (an issue without options needs min and max)")
        if not issue["min"] < issue["max"]:
            raise PlotError(f'{path}: /issues/{k}/max: expected a number above min ({issue["min"]:g}), '
                            f'got {shown(issue["max"])}')
    by_id = {issue["id"]: issue for issue in document["issues"]}
    for k, agent in enumerate(document.get("agents", [])):
        for issue_id, ideal in agent.get("ideal", {}).items():
            if issue_id in by_id:
                check(ideal, issue_value(by_id[issue_id]), path, f"/agents/{k}/ideal/{_escape(issue_id)}")


# ------------------------------------------------------------------------------------------------------------ CSV

class Cell:
    """What a CSV column holds: `expected` says it in an error, `parse(text)` gives the value or raises ValueError."""

    def __init__(self, expected, parse):
        self.expected, self.parse = expected, parse


def _number(text):
    value = float(text)   # float() also reads "nan" and "inf", which no figure can place
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def _count(text):
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def _positive(text):
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def _share(text):
    value = _number(text)
    if not 0 <= value <= 1:
        raise ValueError(text)
    return value


def _name(text):
    if text == "":
        raise ValueError(text)
    return text


def _or_empty(parse):
    return lambda text: None if text == "" else parse(text)


CELL_NUMBER = Cell("a number", _number)
CELL_NUMBER_OR_EMPTY = Cell("a number or nothing", _or_empty(_number))
CELL_COUNT = Cell("a count (an integer, 0 or more)", _count)
CELL_POSITIVE = Cell("an integer from 1", _positive)
CELL_SHARE = Cell("a number from 0 to 1", _share)
CELL_NAME = Cell("a name (not empty)", _name)
CELL_TEXT = Cell("text", str)
CELL_SHARE_OR_EMPTY = Cell("a number from 0 to 1 or nothing", _or_empty(_share))


def cell_choice(*words):
    def parse(text):
        if text not in words:
            raise ValueError(text)
        return text
    return Cell(" or ".join(f'"{w}"' for w in words), parse)


def cell_issue_value(issue, empty=False):
    """A value of an issue: a number, or a discrete issue's option name; `empty` allows an empty cell (None)."""
    if issue.get("options") is None:
        return CELL_NUMBER_OR_EMPTY if empty else CELL_NUMBER
    kind = option_of(issue)
    parse = cell_choice(*issue["options"]).parse
    return Cell(kind.expected + (" or nothing" if empty else ""), _or_empty(parse) if empty else parse)


# The CSV files whose columns do not depend on the scenario: column -> what its cells hold (docs/outputs.md).
SENSITIVITY = {"input": CELL_NAME, "output": CELL_NAME, "spearman": CELL_NUMBER, "samples": CELL_COUNT}
ZOPA = {"issue": CELL_NAME, "value": CELL_NAME, "probability": CELL_SHARE, "samples": CELL_COUNT}
ZONE_MAP = {"x": CELL_NAME, "y": CELL_NAME, "p_acceptable": CELL_SHARE, "deal_density": CELL_SHARE}
TRACE = {"round": CELL_POSITIVE, "proposer": CELL_NAME, "agent": CELL_NAME, "utility": CELL_NUMBER,
         "aspiration": CELL_NUMBER, "threshold": CELL_NUMBER, "response": cell_choice("accept", "reject")}
SOBOL = {"output": CELL_NAME, "parameter": CELL_NAME,
         **{k: CELL_NUMBER_OR_EMPTY for k in ("first_order", "first_order_ci95_lo", "first_order_ci95_hi",
                                              "total", "total_ci95_lo", "total_ci95_hi")}}

# A run in stages: the later stage's agreement given an earlier result (an empty probability: no sample had it), and
# the paths through the stages.
CONDITIONAL = {"given_stage": CELL_NAME, "given": CELL_NAME, "stage": CELL_NAME, "samples": CELL_COUNT,
               "agreed": CELL_COUNT, "probability": CELL_SHARE_OR_EMPTY, "ci95_lo": CELL_SHARE, "ci95_hi": CELL_SHARE}
PATHS = {"path": CELL_NAME, "samples": CELL_COUNT, "share": CELL_SHARE}


class Row(dict):
    """A CSV row: column -> the cell's text, or the value its Cell kind made of it; `line` is where it starts."""
    line = 0


def convert(path, row, column, kind):
    """One cell of a row by its kind; an error names the file, line and column."""
    text = row[column]
    try:
        return kind.parse(text)
    except ValueError:
        raise PlotError(f'{path}:{row.line}: column "{column}": expected {kind.expected}, got {shown(text)}')


def read_table(path, kinds):
    """The header and rows of a CSV file. `kinds` maps the columns the caller needs to their Cell kind: each must be
    in the header, and its cells are converted; every row must have as many fields as the header."""
    need_file(path)
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.reader(f, strict=True)
            header = next(reader, None)
            if header is None:
                raise PlotError(f"{path}: empty file, expected a header line with the columns "
                                + ", ".join(kinds))
            _check_header(path, header, kinds)
            rows = []
            while True:
                line = reader.line_num + 1
                fields = next(reader, None)
                if fields is None:
                    break
                rows.append(_row(path, line, header, fields, kinds))
    except (OSError, UnicodeDecodeError) as e:
        raise PlotError(f"{path}: cannot be read ({e})")
    except csv.Error as e:
        raise PlotError(f"{path}:{reader.line_num}: not valid CSV ({e})")
    return header, rows


def _check_header(path, header, kinds):
    seen = set()
    for name in header:
        if name in seen:
            raise PlotError(f'{path}:1: column "{name}" twice in the header')
        seen.add(name)
    for column in kinds:
        if column not in seen:
            raise PlotError(f'{path}: no column "{column}"')


def _row(path, line, header, fields, kinds):
    if len(fields) != len(header):
        what = "an empty line" if not fields else f"{len(fields)} field{'' if len(fields) == 1 else 's'}"
        raise PlotError(f"{path}:{line}: {what}, expected {len(header)} as in the header (a cut or damaged line)")
    row = Row(zip(header, fields))
    row.line = line
    for column, kind in kinds.items():
        row[column] = convert(path, row, column, kind)
    return row


def complete_grid(path, rows, xs, ys, what=("x", "y")):
    """A grid file (zone_map.csv, a two-factor sweep.csv) has one row per cell of xs times ys, no more, no less:
    a duplicated or a lost line would draw a wrong or an empty cell."""
    seen = {}
    for row, x, y in zip(rows, xs, ys):
        if (x, y) in seen:
            raise PlotError(f"{path}:{row.line}: a second row for the cell {what[0]} = {row_text(x)}, "
                            f"{what[1]} = {row_text(y)} (the first is line {seen[(x, y)]})")
        seen[(x, y)] = row.line
    for y in sorted(set(ys)):
        for x in sorted(set(xs)):
            if (x, y) not in seen:
                raise PlotError(f"{path}: no row for the cell {what[0]} = {row_text(x)}, {what[1]} = {row_text(y)} "
                                f"({len(rows)} rows for a grid of {len(set(xs))} x {len(set(ys))} cells)")


def row_text(value):
    return f"{value:g}" if isinstance(value, float) else str(value)
