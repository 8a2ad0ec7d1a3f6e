"""negsim's own fuzz harness for the inputs beyond the scenario file (docs/fuzzing.md).

Four surfaces, one module each in tests/fuzz/surfaces/: sweep journals read by `negsim sweep --resume` and
`negsim merge` (journals), sweep command lines and sweep files (sweeps), `negsim import` files (imports) and
`negsim plot` on damaged run folders (plots). Seeds are real inputs made by this negsim or shipped with it; each case
mutates one, runs negsim in a fresh folder and asks tests/fuzz/oracle.py whether the answer is acceptable. Case `i` of
surface `s` with seed `S` is drawn from random.Random("S:s:i"): the same inputs every time. Standard library only:

    /usr/bin/python3 tests/fuzz/fuzz.py --negsim build/negsim --seed 1 --count 200 [--surface journals|...|all]
    /usr/bin/python3 tests/fuzz/fuzz.py --negsim build/negsim --replay tests/fuzz/regressions

Failures are saved as tests/fuzz/found/<surface>/<hash>.<ext> with <hash>.why (the failure, one line) and
<hash>.case.json (the sidecar that replays it); the smallest input of each failure class is kept. Exit code 0 when
every case passed, 1 otherwise.
"""
import argparse
import hashlib
import json
import pathlib
import random
import re
import shutil
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "surfaces"))

import minimize  # noqa: E402
import oracle  # noqa: E402
import imports  # noqa: E402
import journals  # noqa: E402
import plots  # noqa: E402
import sweeps  # noqa: E402

SURFACES = {"journals": journals, "sweeps": sweeps, "imports": imports, "plots": plots}


def failure_class(why):
    """The failure with what varies from input to input (numbers, quoted text, paths) blanked out."""
    kind, sep, rest = why.partition(": ")
    rest = re.sub(r'"[^"]*"', '"…"', rest)
    rest = re.sub(r"0x[0-9A-Fa-f]+|\d+", "#", rest)
    return (kind + sep + rest)[:110]


class Found:
    """The failures of one session: the smallest input per (surface, class), saved under tests/fuzz/found/."""

    def __init__(self, folder):
        self.folder = pathlib.Path(folder)
        self.best = {}   # (surface, class) -> (size, stem path)
        self.counts = {}

    def add(self, surface, sidecar, data, ext, why):
        key = (surface, failure_class(why))
        self.counts[key] = self.counts.get(key, 0) + 1
        if key in self.best and self.best[key][0] <= len(data):
            return
        if key in self.best:
            for old in self.best[key][1].parent.glob(self.best[key][1].name + ".*"):
                old.unlink()
        digest = hashlib.sha256(json.dumps(sidecar, sort_keys=True).encode() + data).hexdigest()[:10]
        stem = self.folder / surface / digest
        stem.parent.mkdir(parents=True, exist_ok=True)
        stem.with_name(f"{digest}.{ext}").write_bytes(data)
        stem.with_name(f"{digest}.why").write_text(why.replace("\n", " ") + "\n", encoding="utf-8", errors="replace")
        stem.with_name(f"{digest}.case.json").write_text(
            json.dumps(dict(sidecar, surface=surface, input=f"{digest}.{ext}", expect=[0, 2]), indent=1) + "\n")
        self.best[key] = (len(data), stem)

    def minimize(self, check, budget):
        """Shrinks the saved input of every class while it fails with the same class."""
        for (surface, cls), (_, stem) in list(self.best.items()):
            sidecar = json.loads(stem.with_name(stem.name + ".case.json").read_text(encoding="utf-8"))
            path = stem.with_name(sidecar["input"])

            def same(candidate):
                return failure_class(check.check(sidecar, candidate)[1] or "") == cls
            path.write_bytes(minimize.shrink(path.read_bytes(), same, budget))

    def report(self):
        for (surface, cls), n in sorted(self.counts.items()):
            stem = self.best[(surface, cls)][1]
            print(f"  [{surface}] {n:5d} x {cls}\n        smallest: {stem.relative_to(self.folder.parent)}.*")


def make_seed_maker(check):
    """make(sidecar, path): runs the sidecar's setup in a fresh folder and returns the bytes of the file at path."""
    def make(sidecar, path):
        folder = check._folder()
        try:
            check._prepare(folder, sidecar)
            return (folder / path).read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return make


def fuzz_surface(name, module, count, args, check, found):
    started = time.time()
    seed_inputs = module.seeds(make_seed_maker(check), pathlib.Path(args.source))
    failures = 0
    for sidecar, data, ext in module.unmutated(seed_inputs):
        code, why = check.check(sidecar, data)
        if why:
            failures += 1
            found.add(name, sidecar, data, ext, "unmutated seed: " + why)
    codes = {}
    for index in range(count):
        rng = random.Random(f"{args.seed}:{name}:{index}")
        sidecar, data, ext = module.case(rng, seed_inputs)
        code, why = check.check(sidecar, data)
        codes[code] = codes.get(code, 0) + 1
        if why:
            failures += 1
            found.add(name, sidecar, data, ext, why)
    summary = ", ".join(f"exit {c}: {n}" for c, n in sorted(codes.items(), key=str))
    print(f"{name}: {count} inputs in {time.time() - started:.1f} s ({summary}); {failures} failed", flush=True)
    return failures


def replay(folder, check):
    """Re-runs every saved input under folder; each must now behave as its sidecar expects."""
    failed, total = 0, 0
    for case_file in sorted(pathlib.Path(folder).rglob("*.case.json")):
        sidecar = json.loads(case_file.read_text(encoding="utf-8"))
        data = (case_file.parent / sidecar["input"]).read_bytes()
        total += 1
        code, why = check.check(sidecar, data)
        if why:
            failed += 1
            print(f"FAIL {case_file.relative_to(folder)}: {why}")
    print(f"{total} regression inputs replayed, {failed} failed")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--negsim", default=str(HERE.parents[1] / "build" / "negsim"))
    parser.add_argument("--source", default=str(HERE.parents[1]), help="the source tree (scenarios/, tests/interop/)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=100, help="inputs per surface")
    parser.add_argument("--surface", default="all", choices=sorted(SURFACES) + ["all"])
    parser.add_argument("--found", default=str(HERE / "found"), help="where failures are saved")
    parser.add_argument("--count-for", action="append", default=[], metavar="SURFACE=N",
                        help="another count for one surface (a plot case takes seconds)")
    parser.add_argument("--minimize", type=int, default=0, metavar="RUNS",
                        help="shrink each class's saved input with up to RUNS oracle runs")
    parser.add_argument("--replay", metavar="DIR", help="re-run the saved inputs of DIR instead of fuzzing")
    parser.add_argument("--timeout", type=float, default=oracle.TIMEOUT,
                        help="seconds one negsim process may take (a sanitizer build is several times slower)")
    args = parser.parse_args()
    args.negsim = str(pathlib.Path(args.negsim).resolve())
    with tempfile.TemporaryDirectory(prefix="negsim-fuzz-") as scratch:
        check = oracle.Oracle(args.negsim, args.source, scratch, args.timeout)
        if args.replay:
            return 1 if replay(args.replay, check) else 0
        found = Found(args.found)
        names = sorted(SURFACES) if args.surface == "all" else [args.surface]
        counts = dict((k, int(v)) for k, _, v in (c.partition("=") for c in args.count_for))
        failures = sum(fuzz_surface(n, SURFACES[n], counts.get(n, args.count), args, check, found) for n in names)
        if failures and args.minimize:
            found.minimize(check, args.minimize)
    if failures:
        print(f"{failures} failing inputs; the smallest of each class is saved:")
        found.report()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
