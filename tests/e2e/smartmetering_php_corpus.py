"""Report payloads for the differential test of the PHP edition's parser and mapper.

Every payload the fixtures carry, the design examples, the fuzz seeds, and mutations of the
examples: each value replaced by awkward values (wrong types, non-numbers, out of range, huge
literals, UTF-8), keys removed, extra readings, unit and scale variants, and broken JSON text.
"""
import glob
import json
import os
import random

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Awkward values. Raw literals (not valid Python JSON) are written as RAW:<text>.
AWKWARD = [
    None, True, False, {}, [], {"a": 1}, [1], "", " ", "abc", "NaN", "nan", "-inf", "Infinity", "1e999",
    "1e-400", "0", "-1", "1.5", "1e3", "  7 ", "+5", ".5", "5.", "0x10", "1,5", "07", 0, -1, 1.5, 2.5, 0.1,
    1e308, 9223372036854775807, -9223372036854775808, 4294967295, 4294967296, 253402300799, 253402300800,
    "9223372036854775808", "18446744073709551615", "😀", "m³", "°F", "%", "a\"b", "a\\b", "a/b", "x\u0001y",
    "RAW:1e999", "RAW:-1e999", "RAW:1e-400", "RAW:9223372036854775808", "RAW:18446744073709551616",
    "RAW:123456789012345678901234567890", "RAW:1E2", "RAW:-0", "RAW:0.30000000000000004", "RAW:5e-324",
    "A" * 65, "Ä" * 64, "Ä" * 65,
]
UNITS = ["Wh", "kWh", "m^3", "m³/h", "Degree C", "°C", "deg C", "%", "%RH", "UTC", "Bin", "None", "",
         "°F", "kVArh", "m^3/h", "__x__", "a b/c", "^", "%%", "l/h"]
SCALES = ["0.25", "1e-7", "3", "0.001", 0.001, "100", "1e15", "1e-15", "1e16", "0.3", 1e-10, "1e-11"]
FUNCTIONS = ["Maximum value", "MIN", " err ", "error state", "Instantaneous value", "foo", ""]


def _encode(tree):
    text = json.dumps(tree, ensure_ascii=False, separators=(",", ":"))
    # Raw literals: the quoted marker becomes the bare text.
    for raw in [v for v in AWKWARD if isinstance(v, str) and v.startswith("RAW:")]:
        text = text.replace(json.dumps(raw), raw[4:])
    return text.encode("utf-8")


def _paths(tree, prefix=()):
    """Every (path) to a scalar or container value inside the report."""
    if isinstance(tree, dict):
        for k, v in tree.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


def _with(tree, path, value=None, remove=False):
    copy = json.loads(json.dumps(tree))
    node = copy
    for p in path[:-1]:
        node = node[p]
    if remove:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return copy


def payloads():
    out = []
    for f in sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.jsonl"))):
        with open(f, encoding="utf-8") as lines:
            for line in lines:
                event = json.loads(line)
                for key in ("payload", "body"):
                    if isinstance(event.get(key), str):
                        out.append(event[key].encode("utf-8"))
    examples = sorted(glob.glob(os.path.join(ROOT, "fixtures", "examples", "*.json")))
    for f in examples + sorted(glob.glob(os.path.join(ROOT, "tests", "fuzz", "corpus", "report", "*"))):
        with open(f, "rb") as data:
            out.append(data.read())

    rng = random.Random(20250314)
    for f in examples:
        with open(f, encoding="utf-8") as data:
            tree = json.load(data)
        for path in _paths(tree):
            out.append(_encode(_with(tree, path, remove=True)))
            for value in AWKWARD:
                out.append(_encode(_with(tree, path, value)))
        first = ("muc", "meter", 0, "data", 0)
        for unit in UNITS:
            for scale in SCALES:
                out.append(_encode(_with(_with(tree, first + ("UNIT",), unit), first + ("SCALE",), scale)))
        for function in FUNCTIONS:
            variant = _with(tree, first + ("FUNCTION",), function)
            out.append(_encode(_with(variant, first + ("STORAGE",), rng.choice([0, 1, "2", 7]))))
        # Several readings: the newest by (T_MUC, T, position) wins.
        entries = [{"T_MUC": rng.choice([None, 5, 7, 7]), "T": rng.choice([None, 1, 2]), "VAL": str(i)} for i in range(6)]
        for n in range(1, 7):
            out.append(_encode(_with(tree, first + ("entry",), [{k: v for k, v in e.items() if v is not None} for e in entries[:n]])))
        # Repeated descriptions get _2, _3, ...
        record = tree["muc"]["meter"][0]["data"][0]
        dupes = [dict(record), dict(record), dict(record, DESCRIPTION=record["DESCRIPTION"] + " 2"), dict(record, DESCRIPTION="")]
        out.append(_encode(_with(tree, ("muc", "meter", 0, "data"), dupes)))
        # Broken text: cut off, and single bytes changed.
        text = _encode(tree)
        for cut in range(0, len(text), max(1, len(text) // 25)):
            out.append(text[:cut])
        for _ in range(60):
            at = rng.randrange(len(text))
            out.append(text[:at] + bytes([rng.choice(b',:{}[]"\\x0 \n\x01\xff')]) + text[at + 1:])
    return out
