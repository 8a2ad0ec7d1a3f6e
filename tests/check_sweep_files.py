"""Sweep files against their schema and against negsim (CTest: sweep_files_match_schema).

Every example in scenarios/sweeps/ must pass both scenarios/sweeps/schema.json and `negsim sweep` (checked up to the
point where it would start running: with an unwritable --out); every bad sweep file below must fail both, and negsim's
message must name the JSON pointer of the fault. Run with Debian's /usr/bin/python3 and python3-jsonschema:

    /usr/bin/python3 tests/check_sweep_files.py SOURCE_DIR NEGSIM_BINARY
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema

GOOD_VARY = [{"name": "russia/reservation", "min": 0.4, "max": 0.7, "levels": 3}]

# name -> (document, text negsim's message must contain)
BAD = {
    "unknown-key": ({"version": 1, "vary": GOOD_VARY, "sample": 10}, '"sample"'),
    "no-vary": ({"version": 1}, '"vary"'),
    "empty-vary": ({"version": 1, "vary": []}, "/vary"),
    "grid-without-levels": ({"version": 1, "vary": [{"name": "russia/reservation", "min": 0.4, "max": 0.7}]}, "/vary/0"),
    "lhs-without-points": ({"version": 1, "design": "lhs", "vary": [{"name": "russia/reservation", "min": 0.4, "max": 0.7}]}, "points"),
    "lhs-with-levels": ({"version": 1, "design": "lhs", "points": 10, "vary": GOOD_VARY}, "/vary/0/levels"),
    "grid-with-points": ({"version": 1, "points": 10, "vary": GOOD_VARY}, "/points"),
    "range-and-values": ({"version": 1, "vary": [{"name": "russia/reservation", "min": 0.4, "max": 0.7, "levels": 2, "values": [0.5]}]}, "/vary/0"),
    "unknown-factor-key": ({"version": 1, "vary": [{"name": "russia/reservation", "min": 0.4, "max": 0.7, "level": 3}]}, '"level"'),
    "bad-design": ({"version": 1, "design": "random", "vary": GOOD_VARY}, "/design"),
    "wrong-version": ({"version": 2, "vary": GOOD_VARY}, "/version"),
    "nominal-not-boolean": ({"version": 1, "nominal": "yes", "vary": GOOD_VARY}, "/nominal"),
    "few-bootstrap": ({"version": 1, "design": "sobol", "points": 8, "bootstrap": 5,
                       "vary": [{"name": "russia/reservation", "min": 0.4, "max": 0.7}]}, "/bootstrap"),
}


def main():
    source, negsim = pathlib.Path(sys.argv[1]), sys.argv[2]
    schema = json.loads((source / "scenarios" / "sweeps" / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    scenario = source / "scenarios" / "paris-2026-core.json"
    failures = []
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        blocker = work / "not-a-folder"
        blocker.write_text("x")  # --out names a file: negsim checks everything else, then stops with exit code 2

        def negsim_sweep(path):
            return subprocess.run([negsim, "sweep", str(scenario), "--sweep", str(path), "--out", str(blocker)],
                                  capture_output=True, timeout=120)

        for path in sorted((source / "scenarios" / "sweeps").glob("*.json")):
            if path.name == "schema.json":
                continue
            errors = [e.message for e in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
            if errors:
                failures.append(f"{path.name}: rejected by the schema: {errors[0]}")
            result = negsim_sweep(path)
            message = result.stderr.decode(errors="replace")
            if result.returncode != 2 or "not-a-folder" not in message:
                failures.append(f"{path.name}: negsim should accept it up to --out; got {result.returncode}: {message.strip()}")

        for name, (document, expected) in BAD.items():
            if validator.is_valid(document):
                failures.append(f"{name}: the schema accepts it")
            path = work / f"{name}.json"
            path.write_text(json.dumps(document))
            result = negsim_sweep(path)
            message = result.stderr.decode(errors="replace")
            if result.returncode != 2 or expected not in message or "not-a-folder" in message:
                failures.append(f"{name}: expected exit code 2 and {expected!r} in the message; got {result.returncode}: {message.strip()}")
    for failure in failures:
        print(failure)
    print(f"{len(BAD)} bad sweep files, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
