"""Fuzz inputs: the JSON Lines class: nesting, huge and non-finite numbers, duplicate keys, wrong
types, NUL bytes, line endings, BOMs, lines that are not objects, and files of many records.

Records are written by hand where ``json.dumps`` could not write them (NaN, duplicate keys,
5,000-digit numbers); each Draft counts the records a user put in the file.
"""

from __future__ import annotations

import json
import math
import random

from . import _text as t
from ._markup_kinds import SLOW_SHARE
from ._model import Draft, FuzzFile


def _feed(rng: random.Random, marker: str, kind: str, description: str, hostile: list[str], *,
          ending: str = "\n", unmarked: int = 0, name: str = "feed.jsonl", **flags: object) -> Draft:
    """The hostile lines among zero to three good records, one record a line."""
    lines = t.records(rng, marker, rng.randint(0, 3))
    for line in hostile:
        lines.insert(rng.randint(0, len(lines)), line)
    data = t.join_lines(lines, ending).encode("utf-8", "surrogatepass")
    return Draft(kind, description, [FuzzFile(name, data)], docs=len(lines), unmarked=unmarked, **flags)


def _text_field(rng: random.Random) -> str:
    return json.dumps(t.paragraph(rng))


def json_nested(rng: random.Random, marker: str) -> Draft:
    n = int(math.exp(rng.uniform(math.log(100), math.log(100_000))))
    opener = rng.choice(("[", '{"a":', "[{\"b\":"))
    where = rng.choice(("line", "text", "id"))
    nest = opener * n + ("" if rng.random() < 0.5 else "1" + ("]" if opener == "[" else "}") * n)
    line = {"line": nest, "text": f'{{"id": "{marker}/nest", "text": {nest}}}',
            "id": f'{{"id": {nest}, "text": {_text_field(rng)}}}'}[where]
    return _feed(rng, marker, f"json/nested-{where}", f"a JSON line with {n} x {opener!r} in its {where}", [line],
                 unmarked=int(where == "id"))


def json_big_id(rng: random.Random, marker: str) -> Draft:
    value = rng.choice(("9" * rng.choice((20, 300, 4300, 4301, 5000)), "1e400", "-1e400", "NaN", "Infinity",
                        "-Infinity", "1.5", "-0.0", "1e-400", "-" + "9" * 5000))
    line = f'{{"id": {value}, "text": {_text_field(rng)}}}'
    shown = value[:30] + "..." * (len(value) > 30)
    return _feed(rng, marker, "json/huge-or-non-finite-id", f"a record whose id is {shown}"
                 f" ({len(value)} characters)", [line], unmarked=1)


def json_non_finite(rng: random.Random, marker: str) -> Draft:
    fld = rng.choice(("published", "text", "title", "source", "url", "author", "extra"))
    value = rng.choice(("NaN", "Infinity", "-Infinity", "1e400", "9" * 5000))
    text = "" if fld == "text" else f', "text": {_text_field(rng)}'
    line = f'{{"id": "{marker}/nf"{text}, "{fld}": {value[:5000]}}}'
    return _feed(rng, marker, f"json/non-finite-{fld}", f'a record with "{fld}": {value[:20]}', [line])


def json_duplicate_keys(rng: random.Random, marker: str) -> Draft:
    a, b = _text_field(rng), _text_field(rng)
    line = rng.choice((f'{{"id": "{marker}/d", "text": {a}, "text": {b}}}',
                       f'{{"id": "{marker}/d1", "id": "{marker}/d2", "text": {a}}}',
                       f'{{"id": "{marker}/d", "text": "", "html": "<p>x</p>", "text": {a}}}',
                       f'{{"id": "{marker}/d", "text": {a}, "text": null}}',
                       f'{{"id": "{marker}/d", "published": "2024-01-01", "published": "not a date", "text": {a}}}'))
    dup = t.records(rng, marker, 1)[0]
    hostile = [line] + ([dup, dup] if rng.random() < 0.4 else [])
    return _feed(rng, marker, "json/duplicate-keys", f"a record with duplicate keys: {line[:70]}...", hostile)


WRONG = ("12345", "1.5", "[]", '["a", "b"]', "{}", '{"a": 1}', "null", "true", "false", '""', "-1", '"0"',
         '"   "', "99999999999999999999")


def json_wrong_type(rng: random.Random, marker: str) -> Draft:
    fld = rng.choice(("text", "text", "published", "published", "id", "id", "title", "url", "source", "author", "html"))
    value = rng.choice(WRONG)
    rest = "" if fld in ("text", "html") else f', "text": {_text_field(rng)}'
    rid = "" if fld == "id" else f'"id": "{marker}/w", '
    line = f'{{{rid}"{fld}": {value}{rest}}}'
    lined = fld == "id" and value in ("null", '""')  # a record with no usable id is named by its line
    return _feed(rng, marker, f"json/wrong-type-{fld}", f'a record with "{fld}": {value}', [line],
                 unmarked=int(fld == "id" and not lined))


DATES = ("2024-02-30", "9999-99-99", "yesterday", "", "2024-02-07T25:61:00", "0000-00-00", "-2024-01-01",
         "2024/02/07", "1e400", "9" * 5000, "\\u0000", "99999-01-01", "07.02.2024", "Feb 30th, 2024", "2024-W07")


def json_published(rng: random.Random, marker: str) -> Draft:
    value = rng.choice(DATES)
    line = f'{{"id": "{marker}/p", "published": "{value}", "text": {_text_field(rng)}}}'
    return _feed(rng, marker, "json/bad-published", f'a record published "{value[:20]}"', [line])


def json_nul(rng: random.Random, marker: str) -> Draft:
    where = rng.choice(("raw-in-text", "raw-line-start", "escaped", "raw-between", "raw-in-key"))
    text = json.dumps(t.paragraph(rng))[1:-1]  # escaped, to sit inside a hand-written string
    head, _, tail = text.partition(" ")
    line = {"raw-in-text": f'{{"id": "{marker}/nul", "text": "{head} \x00{tail}"}}',
            "raw-line-start": f'\x00{{"id": "{marker}/nul", "text": "{text}"}}',
            "escaped": f'{{"id": "{marker}/nul", "text": "{head} \\u0000{tail}"}}',
            "raw-between": f'{{"id": "{marker}/nul", "text": "{text}"}}\x00',
            "raw-in-key": f'{{"id": "{marker}/nul", "te\x00xt": "{text}"}}'}[where]
    return _feed(rng, marker, f"json/nul-{where}", f"JSON Lines with a NUL byte ({where}) in the first 8 KB", [line])


def json_line_endings(rng: random.Random, marker: str) -> Draft:
    style = rng.choice(("cr", "crlf", "mixed", "cr-final", "u2028-in-text", "no-final"))
    n = rng.randint(2, 6)
    lines = t.records(rng, marker, n)
    if style == "u2028-in-text":
        rec = json.loads(lines[0])
        rec["text"] = rec["text"].replace(". ", ".\u2028", 2).replace(", ", ",\u2029", 1)
        lines[0] = json.dumps(rec, ensure_ascii=False)
    if style == "mixed":
        data = "".join(line + rng.choice(("\n", "\r", "\r\n")) for line in lines)
    else:
        ending = {"cr": "\r", "crlf": "\r\n", "cr-final": "\n"}.get(style, "\n")
        data = t.join_lines(lines, ending, final=style != "no-final")
        if style == "cr-final":
            data = data.rstrip("\n") + "\r"
    return Draft(f"json/line-endings-{style}", f"{n} records with {style} line endings",
                 [FuzzFile("feed.jsonl", data.encode())], docs=n)


def json_bom(rng: random.Random, marker: str) -> Draft:
    lines = t.records(rng, marker, rng.randint(1, 4))
    every = rng.random() < 0.4
    bom = "\ufeff"
    data = t.join_lines([bom + line for line in lines]) if every else bom + t.join_lines(lines)
    return Draft(f"json/bom-{'every-line' if every else 'start'}", f"{len(lines)} records with a UTF-8 BOM "
                 f"{'on every line' if every else 'at the start'}", [FuzzFile("feed.jsonl", data.encode())],
                 docs=len(lines))


NOT_OBJECTS = ('["id", "text"]', '"just a string"', "42", "null", "true", '{"id": "x", "text": "a",}',
               '// a comment', "{'id': 'x', 'text': 'single quotes'}", '{"id": "x" "text": "a"}', "{", "}", "]",
               '{"text": "a"} trailing', "NaN", "[" + "1," * 500 + "1]", '{"text": "a\\q"}', '{"text": "\\x41"}')


def json_not_object(rng: random.Random, marker: str) -> Draft:
    lines = [rng.choice(NOT_OBJECTS) for _ in range(rng.randint(1, 3))]
    two = rng.random() < 0.2
    if two:
        lines.append(t.records(rng, marker, 1)[0] + t.records(rng, marker, 1, start=9)[0])
    return _feed(rng, marker, "json/not-an-object", f"JSON lines that are not one object: {', '.join(lines)[:80]}",
                 lines, extra_ok=two)


def json_many_records(rng: random.Random, marker: str) -> Draft:
    slow = rng.random() < SLOW_SHARE
    n = int(math.exp(rng.uniform(*(math.log(v) for v in ((60, 600) if slow else (10, 60))))))
    lines = t.records(rng, marker, n)
    return Draft("json/many-records", f"a JSON Lines file of {n} records",
                 [FuzzFile("many.jsonl", t.join_lines(lines).encode())], docs=n, slow=slow)


def json_huge_strings(rng: random.Random, marker: str) -> Draft:
    fld = rng.choice(("title", "source", "url", "author", "id"))
    size = rng.choice((501, 600, 2001, 2500, 5000, 70_000))
    value = (f"{marker}/" if fld == "id" else "https://example.org/" if fld == "url" else "") + "x" * size
    line = json.dumps({"id": f"{marker}/h", "text": t.paragraph(rng), fld: value})
    return _feed(rng, marker, f"json/long-{fld}", f'a record whose "{fld}" is {size} characters', [line])


def json_huge_text(rng: random.Random, marker: str) -> Draft:
    slow = rng.random() < SLOW_SHARE
    size = int(math.exp(rng.uniform(math.log(200_000), math.log(990_000)))) if slow else rng.randint(5000, 20_000)
    text = " ".join(t.sentence(rng) for _ in range(size // 80 + 1))[:size]
    line = json.dumps({"id": f"{marker}/big", "text": text})
    return _feed(rng, marker, "json/long-text", f"a record whose text is {size} characters", [line], slow=slow)


def json_escapes(rng: random.Random, marker: str) -> Draft:
    chars = "".join(chr(c) for c in rng.sample(range(32), 6)) + "\u2028\u2029\ufffe\uffff\U0010ffff"
    text = t.paragraph(rng)
    for ch in chars:
        at = rng.randint(0, len(text))
        text = text[:at] + ch + text[at:]
    line = json.dumps({"id": f"{marker}/esc", "text": text, "title": chars})
    return _feed(rng, marker, "json/escaped-controls", "a record whose text and title hold escaped control and "
                 "non-character code points", [line])


JSON = {
    "nested": json_nested, "big-id": json_big_id, "non-finite": json_non_finite, "duplicate-keys": json_duplicate_keys,
    "wrong-type": json_wrong_type, "published": json_published, "nul": json_nul, "line-endings": json_line_endings,
    "bom": json_bom, "not-object": json_not_object, "many-records": json_many_records,
    "huge-strings": json_huge_strings,
    "huge-text": json_huge_text, "escapes": json_escapes,
}
