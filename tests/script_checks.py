"""What the script tests share (test_plots.py, test_report.py): the list of failed checks, PNG sizes read from the
IHDR chunk, and running negsim and the plotting scripts."""
import os
import struct
import subprocess
import sys

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
failures = []


def check(condition, what):
    """Records and prints a failed check; returns the condition."""
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}")
    return condition


def png_size(data):
    """Width and height from the IHDR chunk, which the PNG standard puts first, right after the signature; None when
    `data` (bytes) is not a PNG."""
    if len(data) < 33 or data[:8] != PNG_SIGNATURE or data[12:16] != b"IHDR" or struct.unpack(">I", data[8:12])[0] != 13:
        return None
    return struct.unpack(">II", data[16:24])


def negsim(binary, source, *args):
    """Runs negsim from the source folder; ends the test with its message if it fails."""
    done = subprocess.run([binary, *args], cwd=source, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{os.path.basename(sys.argv[0])}: negsim {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")


def plot_script(source, name, *args):
    """Runs plots/<name>.py under Debian's interpreter."""
    return subprocess.run(["/usr/bin/python3", os.path.join(source, "plots", name + ".py"), *args], capture_output=True, text=True)


def require_matplotlib():
    """Ends the test with one line when matplotlib is missing for this interpreter. The first import builds the font
    cache, which says so on stderr, so it is done here before any script's stderr is checked."""
    try:
        import matplotlib.font_manager  # noqa: F401
    except ImportError:
        print(f"FAIL: matplotlib is not installed for {sys.executable}; the figure scripts need it "
              "(Debian: apt-get install python3-matplotlib; build.sh installs it)")
        sys.exit(1)


def finish(passed):
    """Ends a test script: exit 1 with the number of failed checks, else the line saying what passed."""
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print(passed)
