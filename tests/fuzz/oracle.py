"""The oracle of the fuzz harness: runs one case in a fresh folder and says what, if anything, is wrong.

A case is an input (bytes) and a sidecar (a JSON-able dict; the same dict is stored beside every saved input, so a
saved input replays exactly as it was found):

    support    source-relative files copied into the folder under their own names (the scenario, other import files)
    touch      plain files to create (an --out that is a file, so that negsim checks everything and then stops)
    setup      negsim command lines run first, each must exit 0 (the other shard's journal, a run folder)
    place      where the input is written, relative to the folder ("" for a command-line input: see args)
    command    the negsim command line; "{input}" is the input's path, "{args}" the input's JSON list of arguments
    names      on exit code 2, the one stderr line must contain one of these (the input file's name)
    reference  command lines of the uninterrupted run, into "ref"; on exit code 0 the files "compare" in "out" must equal
               those of "ref" byte for byte (a damaged journal silently accepted with other results is a failure)
    validate   on exit code 0 this scenario file must pass `negsim validate`
    expect     the exit codes that are correct (the fuzzer uses [0, 2]; a regression may say [2])
"""
import glob
import json
import os
import pathlib
import re
import shutil
import subprocess

SANITIZER = ("AddressSanitizer", "runtime error:", "Traceback", "LeakSanitizer", "UndefinedBehaviorSanitizer")
TIMEOUT = 60  # seconds for one negsim process; a release build answers every case in a few


def _expand(command, input_path, input_bytes):
    out = []
    for a in command:
        if a == "{args}":
            out.extend(json.loads(input_bytes))
        else:
            out.append(a.replace("{input}", input_path))
    return out


def _ascii(text):
    return "".join(c for c in text if " " <= c <= "~")


def _files(folder):
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def _run(negsim, args, cwd, timeout):
    try:
        r = subprocess.run([negsim] + args, cwd=cwd, capture_output=True, timeout=timeout,
                           env=dict(os.environ, LC_ALL="C.UTF-8"))
        return r.returncode, r.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", ""


class Oracle:
    """Runs cases against one negsim; caches the reference runs (one per distinct reference)."""

    def __init__(self, negsim, source, scratch, timeout=TIMEOUT):
        self.negsim, self.source, self.scratch = negsim, pathlib.Path(source), pathlib.Path(scratch)
        self.timeout = timeout
        self.references = {}
        self.counter = 0

    def _folder(self):
        self.counter += 1
        folder = self.scratch / f"case{self.counter}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def _prepare(self, folder, sidecar):
        for rel in sidecar.get("support", []):
            shutil.copy(self.source / rel, folder / pathlib.Path(rel).name)
        for rel in sidecar.get("touch", []):
            (folder / rel).write_text("a file where a folder belongs\n")
        for args in sidecar.get("setup", []):
            code, err = _run(self.negsim, args, folder, self.timeout)
            if code != 0:
                raise RuntimeError(f"setup {' '.join(args)} failed ({code}): {err.strip()}")

    def reference(self, sidecar):
        """The bytes of the files the uninterrupted run writes, computed once per distinct reference."""
        key = json.dumps([sidecar.get("support"), sidecar["reference"]], sort_keys=True)
        if key not in self.references:
            folder = self._folder()
            self._prepare(folder, {"support": sidecar.get("support", []), "setup": sidecar["reference"]})
            self.references[key] = {name: (folder / "ref" / name).read_bytes() for name in sidecar["compare"]}
            shutil.rmtree(folder, ignore_errors=True)
        return self.references[key]

    def check(self, sidecar, data):
        """Runs the case; returns (exit code, None) when it passes, else (exit code, a one-line failure class)."""
        folder = self._folder()
        try:
            return self._check(folder, sidecar, data)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _check(self, folder, sidecar, data):
        self._prepare(folder, sidecar)
        place = sidecar.get("place", "")
        if place:
            (folder / place).parent.mkdir(parents=True, exist_ok=True)
            (folder / place).write_bytes(data)
        before = _files(folder)
        code, err = _run(self.negsim, _expand(sidecar["command"], place, data), folder, self.timeout)
        first = next((line for line in err.splitlines() if line.strip()), "")
        if code == "timeout":
            return code, f"no answer within {self.timeout} s"
        if code < 0:
            return code, f"killed by signal {-code}: {first[:160]}"
        for marker in SANITIZER:
            if marker in err:
                return code, f"{marker} on stderr (exit {code}): {first[:160]}"
        if code not in (0, 2):
            return code, f"exit code {code}: {first[:160]}"
        if code not in sidecar.get("expect", [0, 2]):
            return code, f"exit code {code}, expected {sidecar['expect']}: {first[:160]}"
        if code == 2:
            return code, self._judge_error(folder, sidecar, err, before)
        return code, self._judge_success(folder, sidecar)

    def _judge_error(self, folder, sidecar, err, before):
        lines = [line for line in err.splitlines() if line.strip()]
        if len(lines) != 1:
            return f"exit 2 with {len(lines)} lines on stderr: {' / '.join(lines)[:160]}"
        names = sidecar.get("names", [])
        # negsim prints bytes that are not UTF-8 as \xHH and control characters as \r, \n, \t: compare what is left
        plain = re.sub(r"\\x[0-9A-Fa-f]{2}|\\[rnt]", "", lines[0])
        if names and not any(n in lines[0] or _ascii(n) in plain for n in names):
            return f"exit 2 without naming {names[0]}: {lines[0][:160]}"
        written = sorted(_files(folder) - before)
        if written:
            return f"exit 2 but wrote {', '.join(written)[:120]}: {lines[0][:120]}"
        return None

    def _judge_success(self, folder, sidecar):
        if "reference" in sidecar:
            ref = self.reference(sidecar)
            for name, expected in ref.items():
                got = folder / "out" / name
                if not got.exists():
                    return f"exit 0 without {name}"
                if got.read_bytes() != expected:
                    return f"exit 0 but {name} differs from the uninterrupted sweep's"
        if "validate" in sidecar:
            target = folder / sidecar["validate"]
            if not target.exists():
                return f"exit 0 without {sidecar['validate']}"
            code, err = _run(self.negsim, ["validate", sidecar["validate"]], folder, self.timeout)
            if code != 0:
                return f"exit 0 but the written scenario fails negsim validate ({code}): {err.strip()[:140]}"
        for pattern in sidecar.get("created", []):
            if not glob.glob(str(folder / pattern)):
                return f"exit 0 without {pattern}"
        return None
