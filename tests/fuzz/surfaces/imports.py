"""Fuzz surface "imports": `negsim import` of eu-csv, decide, ktab-csv, ktab-xml, genius and geniusweb files.

Seeds are the example files of tests/interop/. One file of an import is mutated (CSV fields, XML attribute numbers,
JSON values, and every generic mutation); the others are copied as they are. On exit code 0 the written scenario must
pass `negsim validate`; on exit code 2 the one line must name one of the import's files and nothing may be written.
"""
import pathlib

import mutate

# format -> the files of one import, in command-line order
IMPORTS = {
    "eu-csv": ["tests/interop/eu.csv"],
    "decide": ["tests/interop/decide.csv"],
    "ktab-csv": ["tests/interop/ktab.csv"],
    "ktab-xml": ["tests/interop/ktab.xml"],
    "genius": ["tests/interop/genius/holiday-domain.xml", "tests/interop/genius/buyer.xml",
               "tests/interop/genius/seller.xml", "tests/interop/genius/agent.xml"],
    "geniusweb": ["tests/interop/geniusweb/jobs-domain.json", "tests/interop/geniusweb/employee.json",
                  "tests/interop/geniusweb/employer.json"],
}


def seeds(make, source):
    return {rel: (source / rel).read_bytes() for files in IMPORTS.values() for rel in files}


def xml_attribute(rng, data):
    """Replaces the value of one attribute (or one element's text) with an extreme or odd one."""
    quotes = [i for i, b in enumerate(data) if b == ord('"')]
    if len(quotes) < 2:
        return mutate.generic(rng, data)
    k = rng.randrange(len(quotes) // 2) * 2
    a, b = quotes[k], quotes[k + 1]
    value = rng.choice(mutate.EXTREMES + ["", "x", "&lt;", "&#xFFFF;", "&bogus;", "a\"b"]).encode()
    return data[:a + 1] + value + data[b:]


def mutated(rng, rel, data):
    roll = rng.random()
    if roll < 0.5:
        if rel.endswith(".csv"):
            sep = b"\t" if b"\t" in data else b";" if data.count(b";") > data.count(b",") else b","
            return mutate.csv_field(rng, data, sep)
        if rel.endswith(".xml"):
            return xml_attribute(rng, data)
        return mutate.json_bytes(rng, data)
    return mutate.generic(rng, data)


def sidecar(fmt, target):
    files = IMPORTS[fmt]
    names = [pathlib.Path(f).name for f in files]
    return {"support": [f for f in files if f != target], "place": pathlib.Path(target).name,
            "command": ["import", fmt] + names + ["--rounds", "12", "--out", "imported.json"],
            "names": names, "validate": "imported.json"}


def case(rng, seed_inputs):
    fmt = rng.choice(sorted(IMPORTS))
    target = rng.choice(IMPORTS[fmt])
    data = seed_inputs[target]
    for _ in range(rng.choice([1, 1, 2])):
        data = mutated(rng, target, data)
    return sidecar(fmt, target), data, pathlib.Path(target).suffix[1:]


def unmutated(seed_inputs):
    return [(sidecar(fmt, files[0]), seed_inputs[files[0]], pathlib.Path(files[0]).suffix[1:])
            for fmt, files in sorted(IMPORTS.items())]
