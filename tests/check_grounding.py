#!/usr/bin/python3
"""tests/check_grounding.py: every library scenario runs, and scenarios/README.md grounds every one of its parts.

Usage: check_grounding.py SOURCE_DIR NEGSIM. The library is the first table of scenarios/README.md. Each scenario is
run (negsim run, a few samples) and its scenario.json, the scenario as run (a variant resolved), gives what needs a
row: every issue (`issue/<id>`), every agent (`agent/<id>`), every uncertain parameter (`uncertainty/<agent>/<name>`,
`uncertainty/<agent>/ideal/<issue>`) and every shock (`shock/<id>`). A variant's table must also name each change of
its patch; every other row is its base's. Each basis starts with Seed, CSV, Assumption, Derived or Teaching, and a
Seed or CSV basis names a file of ../shared/ and quotes it. When ../shared/ is beside the checkout, each quoted
sentence must be in the named file (quotes and whitespace normalised). Run by CTest as scenario_grounding; exits 1
on a failure.
"""

import fnmatch
import json
import os
import re
import subprocess
import sys
import tempfile

from script_checks import check, failures

BASES = ("Seed ", "CSV ", "Assumption", "Derived", "Teaching")
SEED_FILE = re.compile(r"\b(\d{3}_[0-9a-f]{16}\.txt)")
DATA_FILE = re.compile(r"\b(coalition-guarantors\.csv|ukraine-2025-26-positions\.csv)")
QUOTE = re.compile(r'"([^"]{12,})"')


def normalise(text):
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def sections(readme):
    """{heading: [(keys, value, basis, line number)]} of the README's level-2 sections that hold a grounding table."""
    out, current, in_table = {}, None, False
    for number, line in enumerate(readme.splitlines(), 1):
        if line.startswith("## "):
            current = line[3:].strip()
            continue
        if line.startswith("| parameter | value | basis |"):
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        if current is None or not in_table or not line.startswith("| `"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3:
            check(False, f"scenarios/README.md:{number}: a row of {len(cells)} cells; expected parameter | value | basis")
            continue
        keys = re.findall(r"`([^`]+)`", cells[0])
        out.setdefault(current, []).append((keys, cells[1], cells[2], number))
    return out


def library(readme):
    """The file names of the README's first table, in order."""
    files = []
    for line in readme.split("\n## ")[0].splitlines():
        m = re.match(r"\| `([\w.-]+\.json)` \|", line)
        if m:
            files.append(m.group(1))
    return files


def required(scenario):
    """The keys a scenario's table (with its base's) must cover."""
    keys = [f"issue/{i['id']}" for i in scenario["issues"]] + [f"agent/{a['id']}" for a in scenario["agents"]]
    uncertainty = scenario.get("monte_carlo", {}).get("uncertainty", {})
    for agent, parameters in uncertainty.get("agents", {}).items():
        for name, spec in parameters.items():
            if name in ("ideal", "values"):
                keys += [f"uncertainty/{agent}/{name}/{issue}" for issue in spec]
            else:
                keys.append(f"uncertainty/{agent}/{name}")
    keys += [f"shock/{s['id']}" for s in uncertainty.get("shocks", [])]
    return keys


def change_key(pointer, base):
    """The grounding key of a patch operation's path in the base document."""
    parts = pointer.strip("/").split("/")
    if parts[0] == "agents" and len(parts) >= 3:
        return f"{base['agents'][int(parts[1])]['id']}/" + "/".join(parts[2:])
    if parts[:3] == ["monte_carlo", "uncertainty", "agents"]:
        return "uncertainty/" + "/".join(parts[3:])
    if parts[:3] == ["monte_carlo", "uncertainty", "shocks"] and len(parts) >= 4:
        return f"shock/{base['monte_carlo']['uncertainty']['shocks'][int(parts[3])]['id']}"
    if parts[0] == "constraints":
        return "constraint/" + (parts[1] if len(parts) > 1 else "0")
    if parts[0] == "issues" and len(parts) >= 2:
        return f"issue/{base['issues'][int(parts[1])]['id']}"
    return "/".join(parts)


def covered(key, rows):
    return any(fnmatch.fnmatchcase(key, pattern) and key.count("/") == pattern.count("/")
               for keys, _, _, _ in rows for pattern in keys)


def check_basis(name, rows, shared):
    for keys, value, basis, number in rows:
        where = f"scenarios/README.md:{number} ({name})"
        if not keys:
            check(False, f"{where}: no key in backticks in the first column")
        if not value:
            check(False, f"{where}: no value")
        if not basis.startswith(BASES):
            check(False, f"{where}: the basis starts {basis[:30]!r}; expected one of {', '.join(BASES)}")
            continue
        if basis.startswith(("Seed ", "CSV ")):
            files = SEED_FILE.findall(basis) + DATA_FILE.findall(basis)
            quotes = QUOTE.findall(basis)
            if not files or not quotes:
                check(False, f"{where}: a Seed or CSV basis names its file and quotes it")
                continue
            if shared is None:
                continue
            texts = []
            for f in files:
                path = os.path.join(shared, "seeds" if f.endswith(".txt") else "data", f)
                if not os.path.isfile(path):
                    check(False, f"{where}: {f} is not in {shared}")
                    continue
                with open(path, encoding="utf-8") as handle:
                    texts.append(normalise(handle.read()).replace('""', '"'))
            for q in quotes:
                if texts and not any(normalise(q) in t for t in texts):
                    check(False, f"{where}: the quote {q[:60]!r} is not in {', '.join(files)}")


def main():
    source, negsim = sys.argv[1], sys.argv[2]
    with open(os.path.join(source, "scenarios", "README.md"), encoding="utf-8") as f:
        readme = f.read()
    shared = os.path.normpath(os.path.join(source, "..", "shared"))
    shared = shared if os.path.isdir(os.path.join(shared, "seeds")) else None
    tables = sections(readme)
    files = library(readme)
    if len(files) < 10:
        check(False, f"scenarios/README.md lists {len(files)} library scenarios; expected the table of at least 10")
    counted = 0
    with tempfile.TemporaryDirectory() as tmp:
        for file in files:
            name = file[:-5]
            path = os.path.join(source, "scenarios", file)
            run = subprocess.run([negsim, "run", path, "--samples", "30", "--zone-samples", "10", "--threads", "1",
                                  "--out", os.path.join(tmp, name)], capture_output=True, text=True)
            if run.returncode != 0:
                check(False, f"negsim run {file}: exit {run.returncode}: {run.stderr.strip()[:300]}")
                continue
            with open(os.path.join(tmp, name, "scenario.json"), encoding="utf-8") as f:
                scenario = json.load(f)
            with open(path, encoding="utf-8") as f:
                text = json.load(f)
            rows = tables.get(name)
            if rows is None:
                check(False, f"scenarios/README.md: no section '## {name}' with a grounding table")
                continue
            check_basis(name, rows, shared)
            inherited = list(rows)
            if "variant_of" in text:
                base_name = text["variant_of"][:-5]
                inherited += tables.get(base_name, [])
                with open(os.path.join(source, "scenarios", text["variant_of"]), encoding="utf-8") as f:
                    base = json.load(f)
                for k, op in enumerate(text["patch"]):
                    if op["op"] == "test":
                        continue
                    key = change_key(op["path"], base)
                    if not covered(key, rows):
                        check(False, f"{name}: the patch's operation {k} changes {key!r}, which its table does not ground")
            for key in required(scenario):
                counted += 1
                if not covered(key, inherited):
                    check(False, f"{name}: {key!r} has no row in scenarios/README.md")
    print(f"{len(files)} library scenarios, {counted} parts checked, quotes "
          f"{'checked against ' + shared if shared else 'not checked (no ../shared/ beside the checkout)'}: "
          f"{len(failures)} failure(s)")
    sys.exit(1 if failures or counted == 0 else 0)


if __name__ == "__main__":
    main()
