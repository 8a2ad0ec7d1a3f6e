"""Shrinks a failing input line by line while it keeps failing the same way (fuzz.py --minimize).

Chunks of lines are removed, halving the chunk size down to one line (a simplified delta debugging, Zeller and
Hildebrandt 2002), then single bytes are cut from the end; a removal is kept when the oracle still reports the same
failure class. A budget of oracle runs bounds the cost (a plot case takes seconds).
"""


def shrink(data, still_fails, budget=80):
    """The smallest input found for which still_fails(input) holds, trying at most `budget` candidates."""
    lines = data.split(b"\n")
    chunk = max(1, len(lines) // 2)
    while chunk >= 1 and budget > 0:
        i = 0
        while i < len(lines) and budget > 0:
            candidate = lines[:i] + lines[i + chunk:]
            budget -= 1
            if candidate and still_fails(b"\n".join(candidate)):
                lines = candidate
            else:
                i += chunk
        chunk //= 2
    return b"\n".join(lines)
