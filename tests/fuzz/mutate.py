"""Mutation operators of the fuzz harness (tests/fuzz/fuzz.py; docs/fuzzing.md).

Every operator takes a random.Random and the input's bytes and returns new bytes, so that a case is a pure function of
its seed. Generic operators work on any file (bytes, digits, lines, encodings); the format-aware ones (JSON values, CSV
fields) keep the file parseable so that the damage reaches the code behind the parser.
"""
import json

# Numbers that sit on the edges parsers and counters get wrong: 2^31, 2^32, 2^53, 2^63, 2^64, overflowing doubles,
# denormals, negative zero, and words a JSON or CSV reader may or may not take for numbers.
EXTREMES = ["0", "-0", "-1", "1e308", "-1e308", "1e999", "1e-320", "2147483648", "4294967296", "9007199254740993",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
            "0.5", "nan", "NaN", "inf", "-inf", "1e5", "100000000000000000000", "0x10", "1,5", "3."]
BAD_BYTES = [b"\xff", b"\xfe\xff", b"\xc3(", b"\xed\xa0\x80", b"\x00", b"\xe2\x82", b"\x80"]


def _pos(rng, data):
    return rng.randrange(len(data) + 1)


def byte_flip(rng, data):
    if not data:
        return b"\x00"
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


def digit_change(rng, data):
    digits = [i for i, b in enumerate(data) if 48 <= b <= 57]
    if not digits:
        return byte_flip(rng, data)
    i = rng.choice(digits)
    return data[:i] + rng.choice(b"0123456789-.e9").to_bytes(1, "big") + data[i + 1:]


def _lines(data):
    return data.split(b"\n")


def delete_line(rng, data):
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(rng, data):
    lines = _lines(data)
    i = rng.randrange(len(lines))
    lines.insert(rng.randrange(len(lines) + 1), lines[i])
    return b"\n".join(lines)


def swap_lines(rng, data):
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def truncate(rng, data):
    return data[:_pos(rng, data)]


def insert_number(rng, data):
    """Replaces one number of the text by an extreme one (or inserts it where the text has none)."""
    spans, i = [], 0
    while i < len(data):
        if data[i:i + 1].isdigit():
            j = i
            while j < len(data) and (data[j:j + 1].isdigit() or data[j:j + 1] in (b".", b"e", b"E", b"-", b"+")):
                j += 1
            spans.append((i, j))
            i = j
        else:
            i += 1
    number = rng.choice(EXTREMES).encode()
    if not spans:
        p = _pos(rng, data)
        return data[:p] + number + data[p:]
    a, b = rng.choice(spans)
    return data[:a] + number + data[b:]


def non_utf8(rng, data):
    p = _pos(rng, data)
    return data[:p] + rng.choice(BAD_BYTES) + data[p:]


def crlf(rng, data):
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def bom(rng, data):
    return b"\xef\xbb\xbf" + data


def empty_field(rng, data):
    """Empties one field between separators (CSV commas, semicolons, tabs; JSON and XML quotes)."""
    seps = [i for i, b in enumerate(data) if b in b',;\t"']
    if len(seps) < 2:
        return delete_line(rng, data)
    k = rng.randrange(len(seps) - 1)
    return data[:seps[k] + 1] + data[seps[k + 1]:]


def delete_range(rng, data):
    a = _pos(rng, data)
    return data[:a] + data[a + rng.randrange(1, 64):]


def insert_junk(rng, data):
    p = _pos(rng, data)
    junk = rng.choice([b",", b";", b"\n", b'"', b"'", b"<", b">", b"{", b"}", b"[", b"]", b"\\", b"&amp;", b"&#0;",
                       b"#", b"=", b" ", b"\t", b"\xc2\xa0", b"\r", b"null", b"-", b"x" * 5000])
    return data[:p] + junk + data[p:]


GENERIC = [byte_flip, digit_change, delete_line, duplicate_line, swap_lines, truncate, insert_number, non_utf8, crlf,
           bom, empty_field, delete_range, insert_junk]


def generic(rng, data, rounds=None):
    for _ in range(rounds or rng.choice([1, 1, 1, 2, 3])):
        data = rng.choice(GENERIC)(rng, data)
    return data


# --- JSON values -----------------------------------------------------------------------------------------------------

ODD_VALUES = [None, True, False, "", "x", -1, 0, 1, 2 ** 31, 2 ** 32, 2 ** 53 + 1, 2 ** 63 - 1, 2 ** 63, 2 ** 64,
              -(2 ** 63) - 1, 1e308, -1e308, 5e-324, 0.5, -0.0, [], {}, [1], {"a": 1}, "1e999", "\u00e9\u0000"]


def _nodes(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _nodes(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _nodes(v, path + (i,))


def _get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def json_value(rng, doc):
    """Changes one node of a JSON document: an odd value, a nudged number, a deleted or added key, a list cut or grown."""
    nodes = list(_nodes(doc))
    path, value = rng.choice(nodes)
    if not path:
        return rng.choice([doc, [], None, 0])
    parent, key = _get(doc, path[:-1]), path[-1]
    op = rng.randrange(6)
    if op == 0:
        parent[key] = rng.choice(ODD_VALUES)
    elif op == 1 and isinstance(value, (int, float)) and not isinstance(value, bool):
        parent[key] = rng.choice([value + 1, value - 1, -value, value * 10 ** rng.randrange(1, 20), value / 3])
    elif op == 2 and isinstance(parent, dict):
        del parent[key]
    elif op == 3 and isinstance(parent, dict):
        parent[rng.choice(["extra", str(key) + "_", str(key).upper()])] = value
    elif op == 4 and isinstance(value, list) and value:
        parent[key] = value[:rng.randrange(len(value))] if rng.random() < 0.5 else value + [rng.choice(value)]
    elif op == 5 and isinstance(value, str):
        parent[key] = rng.choice(["", value * 2, value[:-1], value + "\u00e9", " " + value, value.upper()])
    else:
        parent[key] = rng.choice(ODD_VALUES)
    return doc


def json_bytes(rng, data, rounds=None):
    """A JSON-aware mutation when the input parses, else a generic one; encoded as compactly or as loosely as negsim's."""
    try:
        doc = json.loads(data)
    except ValueError:
        return generic(rng, data)
    for _ in range(rounds or rng.choice([1, 1, 2])):
        doc = json_value(rng, doc)
    return json.dumps(doc, indent=rng.choice([None, 2])).encode()


# --- CSV fields ------------------------------------------------------------------------------------------------------

def csv_field(rng, data, sep=b","):
    """Replaces, empties, duplicates or removes one field of one line, keeping every other byte."""
    lines = _lines(data)
    i = rng.randrange(len(lines))
    fields = lines[i].split(sep)
    j = rng.randrange(len(fields))
    op = rng.randrange(5)
    if op == 0:
        fields[j] = rng.choice(EXTREMES).encode()
    elif op == 1:
        fields[j] = b""
    elif op == 2:
        fields.insert(j, fields[j])
    elif op == 3 and len(fields) > 1:
        del fields[j]
    else:
        fields[j] = rng.choice([b"x", b'"', b'"a,b"', b"\xff", fields[j] * 2, b" " + fields[j]])
    lines[i] = sep.join(fields)
    return b"\n".join(lines)
