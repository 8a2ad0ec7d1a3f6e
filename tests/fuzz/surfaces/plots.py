"""Fuzz surface "plots": `negsim plot DIR` on a damaged run folder (plots/*.py behind it).

The seed is a small real run folder of scenarios/example-small.json (200 samples, a zone map, a trace), made by this
negsim in the case's setup. One of its files is replaced by a mutated copy (CSV fields and headers, JSON values, every
generic mutation). On exit code 2 the one line must name the damaged file and no figure or report.html may be written.
Each case draws every figure (about 2 s), so this surface gets fewer cases than the others.
"""
import mutate

SCENARIO = "scenarios/example-small.json"
SETUP = [["run", "example-small.json", "--samples", "200", "--seed", "9", "--threads", "1", "--out", "run",
          "--zone-map", "water_share,duration"],
         ["trace", "example-small.json", "--out", "run/trace.csv"]]
FILES = ["summary.json", "scenario.json", "samples.csv", "hist.csv", "sensitivity.csv", "zone_map.csv", "trace.csv",
         "summary.csv"]


def seeds(make, source):
    return {name: make({"support": [SCENARIO], "setup": SETUP}, f"run/{name}") for name in FILES}


def header_mutation(rng, data):
    """Renames, drops or repeats one column of a CSV header."""
    head, _, rest = data.partition(b"\n")
    cols = head.split(b",")
    i = rng.randrange(len(cols))
    op = rng.randrange(3)
    if op == 0:
        cols[i] = cols[i] + b"_"
    elif op == 1:
        del cols[i]
    else:
        cols.insert(i, cols[i])
    return b",".join(cols) + b"\n" + rest


def mutated(rng, name, data):
    roll = rng.random()
    if name.endswith(".json") and roll < 0.5:
        return mutate.json_bytes(rng, data)
    if name.endswith(".csv") and roll < 0.3:
        return mutate.csv_field(rng, data)
    if name.endswith(".csv") and roll < 0.45:
        return header_mutation(rng, data)
    return mutate.generic(rng, data)


def sidecar(name):
    return {"support": [SCENARIO], "setup": SETUP, "place": f"run/{name}", "command": ["plot", "run"],
            "names": [name], "created": ["run/report.html"]}


def case(rng, seed_inputs):
    name = rng.choice(FILES)
    return sidecar(name), mutated(rng, name, seed_inputs[name]), name.rpartition(".")[2]


def unmutated(seed_inputs):
    return [(sidecar("summary.json"), seed_inputs["summary.json"], "json")]
