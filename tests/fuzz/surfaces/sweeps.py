"""Fuzz surface "sweeps": sweep designs given as command lines (`--vary`, `--design`, `--points`, ...) and sweep files.

Seeds are small designs over scenarios/example-small.json (a grid, a list of values, a Latin hypercube, a Sobol design)
as command lines and as sweep files, and the example sweep files of scenarios/sweeps/ on the scenario they were written
for. A mutated design that would run more than a few dozen points (or whose size cannot be told) runs with `--out` set
to a file, where negsim checks everything and then stops with exit code 2 naming that file; a small one runs for real
(20 samples a point) and must write sweep.csv. Command-line inputs are stored as a JSON list of arguments (.args).
"""
import json
import pathlib

import mutate

SMALL = "scenarios/example-small.json"
MAX_POINTS = 40
BLOCKER = "not-a-folder"
OPTIONS = ["--vary", "--design", "--points", "--samples", "--seed", "--bootstrap", "--shard", "--set", "--nominal",
           "--sweep"]
ARG_SEEDS = [
    ["--vary", "upstream/reservation=0.3:0.9:3", "--vary", "donor/power=0.2:1:2"],
    ["--vary", "upstream/reservation=0.2,0.4,0.6", "--seed", "5"],
    ["--vary", "downstream/ideal/water_share=30:50", "--design", "lhs", "--points", "5"],
    ["--vary", "upstream/reservation=0.3:0.9", "--vary", "donor/power=0.2:1", "--design", "sobol", "--points", "3",
     "--bootstrap", "100"],
    ["--vary", "upstream/ideal/monitoring=none,third_party", "--set", "protocol/rounds=12", "--nominal"],
]
FILE_SEEDS = [
    {"version": 1, "description": "grid", "samples": 20, "seed": 4,
     "vary": [{"name": "upstream/reservation", "min": 0.3, "max": 0.9, "levels": 3},
              {"name": "donor/power", "values": [0.2, 1]}]},
    {"version": 1, "design": "lhs", "points": 6, "samples": 20, "set": {"protocol/rounds": 12},
     "vary": [{"name": "downstream/ideal/water_share", "min": 30, "max": 50}]},
    {"version": 1, "design": "sobol", "points": 3, "bootstrap": 100, "samples": 20, "nominal": True,
     "vary": [{"name": "upstream/reservation", "min": 0.3, "max": 0.9}, {"name": "donor/power", "min": 0.2, "max": 1}]},
]
PARIS_FILES = ["scenarios/sweeps/paris-lhs.json", "scenarios/sweeps/paris-russia-reservation.json",
               "scenarios/sweeps/paris-sobol.json"]


def _int(text):
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= 10 ** 6 else None


def points_of_args(args):
    """The number of points the command line asks for, or None when it cannot be told (or makes no sense)."""
    design, points, factors = "grid", None, []
    for option, value in zip(args, args[1:] + [""]):
        if option == "--design":
            design = value
        elif option == "--points":
            points = _int(value)
        elif option == "--vary":
            spec = value.partition("=")[2]
            factors.append(len(spec.split(",")) if "," in spec else _int(spec.split(":")[2]) if spec.count(":") == 2 else 0)
    return _size(design, points, factors)


def points_of_file(doc):
    try:
        factors = [len(f["values"]) if "values" in f else _int(f.get("levels")) or 0 for f in doc["vary"]]
        return _size(doc.get("design", "grid"), _int(doc.get("points")), factors)
    except (TypeError, KeyError, AttributeError):
        return None


def _size(design, points, factors):
    if not factors or any(not f for f in factors):
        return None
    if design == "grid":
        total = 1
        for f in factors:
            total *= f
        return total
    if points is None:
        return None
    return points * (len(factors) + 2) if design == "sobol" else points


def seeds(make, source):
    return {"args": ARG_SEEDS, "files": FILE_SEEDS, "paris": [(p, (source / p).read_bytes()) for p in PARIS_FILES]}


def _mutate_args(rng, args):
    args = list(args)
    op = rng.randrange(5)
    if op == 0 and args:
        i = rng.randrange(len(args))
        raw = args[i].encode("utf-8", "surrogateescape")
        raw = rng.choice([mutate.insert_number, mutate.digit_change, mutate.byte_flip, mutate.non_utf8,
                          mutate.truncate, mutate.insert_junk, mutate.empty_field])(rng, raw)
        args[i] = raw.replace(b"\x00", b"").decode("utf-8", "surrogateescape")
    elif op == 1 and args:
        del args[rng.randrange(len(args))]
    elif op == 2 and len(args) > 1:
        i = rng.randrange(len(args) - 1)
        args[i:i] = args[i:i + 2]
    else:
        option = rng.choice(OPTIONS[:8])
        value = rng.choice(mutate.EXTREMES + ["grid", "lhs", "sobol", "random", "0/0", "1/2", "3/2", "x/y", "",
                                              "upstream/reservation=0.5", "protocol/rounds=0"])
        args += [option] if option == "--nominal" else [option, value]
    return args


def _finish(sidecar, scenario, rest, points, names):
    """Runs for real when the design is small, else with --out naming a file (negsim checks, then stops)."""
    if points is not None and points <= MAX_POINTS and "--samples" not in rest:
        sidecar["command"] = ["sweep", scenario] + rest + ["--samples", "20", "--threads", "1", "--out", "out"]
        sidecar["created"] = ["out/sweep.csv"]
        sidecar["names"] = names
    else:
        sidecar["command"] = ["sweep", scenario] + rest + ["--threads", "1", "--out", BLOCKER]
        sidecar["touch"] = [BLOCKER]
        sidecar["names"] = names + [BLOCKER]
    return sidecar


def args_case(rng, args):
    for _ in range(rng.choice([1, 1, 2, 3])):
        args = _mutate_args(rng, args)
    # a command-line error names the option or the argument at fault
    # (an empty argument is named by its quotes)
    names = [a for a in args if len(a) > 1] + [a for a in OPTIONS if a in args] + (['""'] if "" in args else [])
    sidecar = _finish({"support": [SMALL], "place": ""}, "example-small.json", ["{args}"], points_of_args(args), names)
    return sidecar, json.dumps(args).encode(), "args"


def file_case(rng, data, scenario):
    data = mutate.json_bytes(rng, data) if rng.random() < 0.6 else mutate.generic(rng, data)
    try:
        points = points_of_file(json.loads(data)) if scenario == SMALL else None
    except ValueError:
        points = None
    sidecar = {"support": [scenario], "place": "plan.json"}
    return _finish(sidecar, pathlib.Path(scenario).name, ["--sweep", "plan.json"], points, ["plan.json"]), data, "json"


def case(rng, seed_inputs):
    roll = rng.random()
    if roll < 0.4:
        return args_case(rng, rng.choice(seed_inputs["args"]))
    if roll < 0.85:
        return file_case(rng, json.dumps(rng.choice(seed_inputs["files"]), indent=2).encode(), SMALL)
    _, data = rng.choice(seed_inputs["paris"])
    return file_case(rng, data, "scenarios/paris-2026-core.json")


def unmutated(seed_inputs):
    out = []
    for args in seed_inputs["args"]:
        sidecar = _finish({"support": [SMALL], "place": ""}, "example-small.json", ["{args}"], points_of_args(args),
                          [a for a in OPTIONS if a in args])
        out.append((sidecar, json.dumps(args).encode(), "args"))
    for doc in seed_inputs["files"]:
        sidecar = _finish({"support": [SMALL], "place": "plan.json"}, "example-small.json", ["--sweep", "plan.json"],
                          points_of_file(doc), ["plan.json"])
        out.append((sidecar, json.dumps(doc, indent=2).encode(), "json"))
    return out
