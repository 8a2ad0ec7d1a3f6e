"""Every Catch2 case is exactly one CTest entry that runs exactly that case (CTest: every_case_discovered_once).

catch_discover_tests turns each name printed by `negsim_tests --list-test-names-only` into one CTest entry whose
command passes the name back as a test spec. Some names do not survive that trip: CMake splits a name at ';' into
two entries that each match nothing; Catch2 reads a leading '~', '-', '#' or '*' and a trailing '*' as operators,
a '"' or '\\' as quoting; it trims white space and matches names without regard to case, so two names that differ
only in case run together. This test refuses such names, then checks that CTest's entries and Catch2's cases are
the same set, one for one. With tests/main.cpp's NoTests warning, an entry matching no case also fails when run.

    /usr/bin/python3 tests/check_discovery.py BUILD_DIR CTEST_COMMAND NEGSIM_TESTS
"""
import json
import os
import subprocess
import sys

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}")


def name_problem(name):
    """Why `name` cannot pass through discovery unchanged, or None."""
    if ";" in name:
        return "holds ';', where CMake splits a list"
    if name != name.strip():
        return "begins or ends with white space, which Catch2 trims"
    if name[:1] in "~-#*":
        return f"begins with '{name[0]}', an operator of Catch2's test specs"
    if name.endswith("*"):
        return "ends with '*', a wildcard of Catch2's test specs"
    if '"' in name or "\\" in name:
        return "holds a quote or a backslash, which Catch2's test specs read as quoting"
    return None


def unescape(spec):
    """The name a discovered entry's test spec stands for (catch_discover_tests escapes ',', '[' and ']')."""
    return spec.replace("\\,", ",").replace("\\[", "[").replace("\\]", "]")


def main():
    build_dir, ctest, tests_binary = sys.argv[1:4]
    listed = subprocess.run([tests_binary, "--list-test-names-only"], capture_output=True, text=True, cwd=build_dir)
    cases = [line for line in listed.stdout.split("\n") if line]
    check(len(cases) > 100, f"negsim_tests lists {len(cases)} cases")
    for name in cases:
        problem = name_problem(name)
        check(problem is None, f"case name {name!r} {problem}")
    folded = {}
    for name in cases:
        check(name.lower() not in folded, f"case names {folded.get(name.lower())!r} and {name!r} differ only in case")
        folded[name.lower()] = name

    shown = subprocess.run([ctest, "--show-only=json-v1"], capture_output=True, text=True, cwd=build_dir)
    check(shown.returncode == 0, f"ctest --show-only failed: {shown.stderr.strip()}")
    entries = json.loads(shown.stdout)["tests"] if shown.returncode == 0 else []
    runs = {}
    for entry in entries:
        command = entry.get("command", [])
        if not command or os.path.basename(command[0]) != os.path.basename(tests_binary):
            continue
        check(len(command) >= 2, f"CTest entry {entry['name']!r} passes no test spec")
        spec = unescape(command[1]) if len(command) >= 2 else ""
        check(spec == entry["name"], f"CTest entry {entry['name']!r} runs the spec {command[1:2]!r}")
        check(entry["name"] not in runs, f"CTest entry {entry['name']!r} appears twice")
        runs[entry["name"]] = spec
    for name in sorted(set(cases) - set(runs)):
        check(False, f"case {name!r} has no CTest entry")
    for name in sorted(set(runs) - set(cases)):
        check(False, f"CTest entry {name!r} is not a case: it runs nothing")
    print(f"{len(cases)} cases, {len(runs)} CTest entries that run negsim_tests")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
