"""Fuzz surface "journals": `negsim sweep --resume` and `negsim merge` reading damaged sweep journals.

Seeds are real journals of a small sweep of scenarios/example-small.json (a 3 x 2 grid and a Sobol design of 4 base
points, 100 samples a point), made by this negsim as two shards. A resume case writes a mutated whole-sweep journal
(every point of both shards, the last ones missing, as a killed sweep leaves it) and resumes; a merge case mutates one
shard's journal, makes the other with `negsim sweep --shard`, and merges. On exit code 0 the final files must equal the
uninterrupted sweep's byte for byte: a journal whose damage changes a result must be refused (or the point rerun).
"""
import json
import random

import mutate

SCENARIO = "scenarios/example-small.json"
COMMON = ["--samples", "100", "--seed", "3", "--threads", "1"]
DESIGNS = {
    "grid": (["--vary", "upstream/reservation=0.3:0.9:3", "--vary", "donor/power=0.2:1:2"], "differences.csv", 6),
    "sobol": (["--vary", "upstream/reservation=0.3:0.9", "--vary", "donor/power=0.2:1", "--design", "sobol",
               "--points", "4", "--bootstrap", "100"], "sobol.csv", 16),
}
EXT = "journal"


def sweep_args(design):
    return ["sweep", "example-small.json"] + DESIGNS[design][0] + COMMON


def _compare(design):
    return ["sweep.csv", "sweep.json", "scenario.json", DESIGNS[design][1]]


def seeds(make, source):
    """The two shard journals of each design, and a whole-sweep journal built from them."""
    out = {}
    for design in DESIGNS:
        shards = [make({"support": [SCENARIO], "setup": [sweep_args(design) + ["--out", "s", "--shard", f"{k}/2"]]},
                       f"s/shard-{k}-of-2.journal") for k in (0, 1)]
        lines = [s.rstrip(b"\n").split(b"\n") for s in shards]
        header = json.loads(lines[0][0])
        header["shard"] = [0, 1]
        records = sorted(lines[0][1:] + lines[1][1:], key=lambda r: json.loads(r)["point"])
        whole = [json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()] + records[:-2]
        out[design] = {"shards": shards, "whole": b"\n".join(whole) + b"\n"}
    return out


def _record_mutation(rng, record, points):
    op = rng.randrange(4)
    if op == 0:
        record["point"] = rng.choice([rng.randrange(points), points, points + 1, 10 ** 6, -1, 2 ** 63, 2 ** 64, 1.5,
                                      str(record["point"]), None])
    elif op == 1:
        hexes = record["agreed"]
        i = rng.randrange(len(hexes))
        record["agreed"] = rng.choice([
            hexes[:i] + rng.choice("0123456789abcdef") + hexes[i + 1:], hexes[:-2], hexes + "ff", hexes.upper(),
            hexes[:i] + "g" + hexes[i + 1:], "", hexes[:-1], 12])
    elif op == 2:
        record["row"] = mutate.csv_field(rng, record["row"].encode()).decode("utf-8", "replace")
    else:
        outputs = record["outputs"]
        if outputs and rng.random() < 0.5:
            outputs[rng.randrange(len(outputs))] = rng.choice([None, 0.5, -1, 1e308, "1", [], 2 ** 64])
        else:
            record["outputs"] = outputs[:-1] if rng.random() < 0.5 else outputs + [1.0]
    return record


def _header_mutation(rng, header):
    if rng.random() < 0.4:
        header["shard"] = rng.choice([[1, 2], [0, 3], [2, 2], [0, 0], [0, 2 ** 64], [-1, 2], [0], "0/2"])
        return header
    return mutate.json_value(rng, header)


def journal_mutation(rng, data, points):
    """Changes what a journal says (a point's number, its agreement bits, its row, the header) keeping it JSON Lines."""
    lines = data.rstrip(b"\n").split(b"\n")
    i = rng.randrange(len(lines))
    obj = json.loads(lines[i])
    op = rng.randrange(10)
    if i == 0:
        obj = _header_mutation(rng, obj)
    elif op < 7:
        obj = _record_mutation(rng, obj, points)
    else:  # a second record for the same point that says something else
        lines.insert(rng.randrange(1, len(lines) + 1), json.dumps(_record_mutation(rng, obj, points)).encode())
        return b"\n".join(lines) + b"\n"
    lines[i] = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode()
    return b"\n".join(lines) + b"\n"


def mutated(rng, data, points):
    roll = rng.random()
    if roll < 0.55:
        data = journal_mutation(rng, data, points)
        return mutate.generic(rng, data) if rng.random() < 0.2 else data
    return mutate.generic(rng, data)


def sidecar(design, k=None):
    """A resume case (k None) or a merge case whose shard k is the input."""
    common = {"support": [SCENARIO], "reference": [sweep_args(design) + ["--out", "ref"]], "compare": _compare(design)}
    if k is None:
        return dict(common, place="out/sweep.journal", command=sweep_args(design) + ["--out", "out", "--resume"],
                    names=["sweep.journal"])
    return dict(common, setup=[sweep_args(design) + ["--out", "shards", "--shard", f"{1 - k}/2"]],
                place=f"shards/shard-{k}-of-2.journal", command=["merge", "shards", "--out", "out"],
                names=[f"shard-{k}-of-2.journal", "shards"])


def case(rng: random.Random, seed_inputs):
    """One case: (sidecar, input bytes, extension)."""
    design = rng.choice(sorted(DESIGNS))
    seed, points = seed_inputs[design], DESIGNS[design][2]
    if rng.random() < 0.5:
        return sidecar(design), mutated(rng, seed["whole"], points), EXT
    k = rng.randrange(2)
    return sidecar(design, k), mutated(rng, seed["shards"][k], points), EXT


def unmutated(seed_inputs):
    """The seed cases, which must pass the oracle as they are (a check of the harness itself)."""
    out = []
    for design in sorted(DESIGNS):
        out.append((sidecar(design), seed_inputs[design]["whole"], EXT))
        out += [(sidecar(design, k), seed_inputs[design]["shards"][k], EXT) for k in (0, 1)]
    return out
