"""scenarios/schema.json against the loader (CTest: schema_matches_loader).

Every scenario in scenarios/ and tests/data/ must pass both the JSON Schema and `negsim validate`; every bad-input
fixture in tests/data/bad/ must fail both, except those tests/bad_inputs.json lists as loader-only, with the reason the
schema cannot reject them. Run with Debian's /usr/bin/python3 and python3-jsonschema:

    /usr/bin/python3 tests/check_schema.py SOURCE_DIR NEGSIM_BINARY
"""
import json
import pathlib
import subprocess
import sys

import jsonschema


def load_utf8_json(path):
    """The document, or None when the file is not JSON text in UTF-8 (RFC 8259, section 8.1): a schema validator has
    nothing to accept. Python's json module would guess UTF-16 and UTF-32, and accepts NaN, so both are refused here."""
    try:
        text = path.read_bytes().decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        return json.loads(text, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None


def schema_errors(validator, path):
    document = load_utf8_json(path)
    if document is None:
        return ["not a JSON document in UTF-8"]
    return [f"{'/' + '/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(document)]


def main():
    source, negsim = pathlib.Path(sys.argv[1]), sys.argv[2]
    schema = json.loads((source / "scenarios" / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []

    def negsim_validate(path):
        return subprocess.run([negsim, "validate", str(path)], capture_output=True, timeout=60)

    good = sorted(p for p in (source / "scenarios").glob("*.json") if p.name != "schema.json")
    good += sorted((source / "tests" / "data").glob("*.json"))
    for path in good:
        errors = schema_errors(validator, path)
        if errors:
            failures.append(f"{path}: rejected by the schema: {errors[0]}")
        result = negsim_validate(path)
        if result.returncode != 0:
            failures.append(f"{path}: rejected by negsim validate: {result.stderr.decode(errors='replace').strip()}")

    manifest = json.loads((source / "tests" / "bad_inputs.json").read_text(encoding="utf-8"))
    listed = {entry["file"]: entry for entry in manifest["fixtures"]}
    bad = sorted((source / "tests" / "data" / "bad").iterdir())
    for path in bad:
        entry = listed.get(path.name)
        if entry is None:
            failures.append(f"{path}: not listed in tests/bad_inputs.json")
            continue
        result = negsim_validate(path)
        if result.returncode != 2 or result.stdout:
            failures.append(f"{path}: negsim validate gave exit code {result.returncode} (expected 2 and no output)")
        if "loader_only" in entry:
            if not entry["loader_only"].strip():
                failures.append(f"{path}: loader_only without a reason")
        elif not schema_errors(validator, path):
            failures.append(f"{path}: accepted by the schema")
    for name in sorted(set(listed) - {p.name for p in bad}):
        failures.append(f"tests/bad_inputs.json lists {name}, which is not in tests/data/bad/")

    for failure in failures:
        print(failure)
    print(f"{len(good)} scenarios, {len(bad)} bad inputs: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
