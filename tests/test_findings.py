#!/usr/bin/python3
"""tests/test_findings.py: plots/findings.py on the scenario library (few samples), its HTML version rendered in a real
headless browser (Debian's chromium), and docs/findings.md checked against what the scenarios now are.

Usage: test_findings.py SOURCE_DIR NEGSIM. Checks that the command writes findings.md, findings.html and the figure;
that both versions carry the same figures, each study's agreement and interval as its summary.json has them, every
library scenario but the teaching examples, and the provenance; that the page loads nothing from outside and
chromium's screenshot of it shows the figure's data blue; and that the committed docs/findings.md was made from the
scenarios as they are now (its provenance hashes are the ones the quick run records), so a changed scenario fails here
until `bash build.sh findings` is run again. Run by CTest as findings_browser (tests/CMakeLists.txt); exits 1 on a
failure, 77 (skipped) when chromium is not installed.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from script_checks import check, failures, finish, png_size, require_matplotlib
from test_report import check_screenshot, screenshot


def provenance(markdown):
    """{scenario: (sha256, samples, seed)} from a findings.md's provenance table."""
    rows = re.findall(r"^\| ([\w.-]+) \| `([0-9a-f]{64})` \| (\d+) \| (\d+) \|$", markdown, re.M)
    return {name: (sha, int(samples), int(seed)) for name, sha, samples, seed in rows}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: test_findings.py SOURCE_DIR NEGSIM")
    source, binary = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    require_matplotlib()
    chromium = shutil.which("chromium")
    tmp = tempfile.mkdtemp(prefix="negsim-findings-")
    try:
        work, out = os.path.join(tmp, "work"), os.path.join(tmp, "docs")
        done = subprocess.run(["/usr/bin/python3", os.path.join(source, "plots", "findings.py"), "--negsim", binary,
                               "--samples", "200", "--threads", "2", "--work", work, "--out", out],
                              capture_output=True, text=True)
        check(done.returncode == 0, f"findings.py: exit {done.returncode}: {done.stderr.strip()[-500:]!r}")
        if done.returncode != 0:
            return
        markdown = open(os.path.join(out, "findings.md"), encoding="utf-8").read()
        page = open(os.path.join(out, "findings.html"), encoding="utf-8").read()
        png = open(os.path.join(out, "figures", "findings.png"), "rb").read()
        check(png_size(png) is not None, "figures/findings.png is not a PNG")
        check("data:image/png;base64," in page, "the page does not embed the figure")
        for pattern in (r"<script", r"<link", r"@import", r"url\(", r"<iframe", r'src\s*=\s*"(?!data:)'):
            check(not re.search(pattern, page), f"the page refers to an external resource ({pattern!r})")

        # Each library scenario's headline, as its summary.json has it, in both versions.
        with open(os.path.join(source, "scenarios", "README.md"), encoding="utf-8") as f:
            library = re.findall(r"^\| `([\w.-]+)\.json` \|", f.read().split("\n## ")[0], re.M)
        studies = [n for n in library if not n.startswith("teach-")]
        check(len(studies) >= 7, f"the library lists {len(studies)} scenarios besides the teaching examples")
        for name in studies:
            summary = json.load(open(os.path.join(work, name, "summary.json"), encoding="utf-8"))
            a = summary.get("agreement") or summary["all_stages_agree"]
            figures = [f'{100 * a["probability"]:.1f}%', f'[{100 * a["ci95"][0]:.1f}, {100 * a["ci95"][1]:.1f}]']
            for text, version in ((markdown, "findings.md"), (page, "findings.html")):
                check(f"{name}: " in text and all(x in text for x in figures), f"{version} lacks {name}'s agreement {figures}")
        # The two versions say the same: every percentage and interval of the Markdown is in the page.
        numbers = set(re.findall(r"[+-]?\d+\.\d%|\[[+-]?\d+\.\d, [+-]?\d+\.\d\]", markdown))
        missing = sorted(n for n in numbers if n not in page)
        check(len(numbers) > 50 and not missing, f"{len(numbers)} figures in findings.md; not in the page: {missing[:5]}")
        # The variants are compared with the baseline, paired, and the sweeps walk between them.
        for name in ("paris-2026-no-backstop", "paris-2026-us-distracted", "paris-2026-russia-hardline"):
            c = json.load(open(os.path.join(work, "compare-" + name, "comparison.json"), encoding="utf-8"))["agreement"]
            change = f'{100 * c["difference"]:+.1f} points [{100 * c["ci95"][0]:.1f}, {100 * c["ci95"][1]:.1f}]'
            check(change in markdown, f"findings.md lacks {name}'s paired change {change}")

        # docs/findings.md was made from the scenarios as they are.
        committed = open(os.path.join(source, "docs", "findings.md"), encoding="utf-8").read()
        now, then = provenance(markdown), provenance(committed)
        check(set(now) == set(studies), f"the quick run's provenance names {sorted(now)}")
        for name, (sha, _, _) in now.items():
            check(name in then and then[name][0] == sha,
                  f"docs/findings.md is stale for {name}: made from sha256 {then.get(name, ('none',))[0][:12]}, the "
                  f"scenario is now {sha[:12]}; run `bash build.sh findings`")
        check("bash build.sh findings" in committed, "docs/findings.md does not name the command that made it")

        if chromium is None:
            print("chromium is not installed: the page is not rendered (skipped)")
            sys.exit(77 if not failures else 1)
        shot = os.path.join(tmp, "findings.png")
        screenshot(chromium, os.path.join(out, "findings.html"), shot, os.path.join(tmp, "profile"))
        check_screenshot(shot)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    finish("findings: both versions, every study, the paired changes, fresh provenance and the page in chromium")


if __name__ == "__main__":
    main()
