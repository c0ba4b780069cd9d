"""Tests for the JSON Lines reader: records, ids, metadata, malformed lines, streaming."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path

import pytest

from sitrep.read import read_jsonl

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"


def _read(name: str, **kw):
    with (ARTICLES / name).open("rb") as fh:
        return list(read_jsonl(fh, **kw))


@pytest.mark.parametrize("name, expected", [
    ("batch.jsonl", [
        # id, published, title, source, url: unknown keys ("dataset", "gold") are ignored.
        ("kherson-1", "2024-04-07", "Two killed in Kherson", "Test Wire", "https://wire.example/kherson-1"),
        # html records are read like HTML pages; the page's date fills a missing "published".
        ("rafah-html", "2024-02-12", "Rafah strike", None, None),
        # No id: the line number.
        ("3", "2024-06-01", None, None, None),
    ]),
])
def test_jsonl_reads_records(name, expected):
    arts = _read(name, published="2024-06-01")
    assert [(a.id, a.published, a.title, a.source, a.url) for a in arts] == expected
    assert all(a.text and not a.errors for a in arts)
    assert "killed four people in Rafah" in arts[1].text


@pytest.mark.parametrize("name, expected", [
    ("bad_lines.jsonl", [
        ("good-1", None),
        ("2", "line 2: malformed JSON"),
        ("3", "line 3: expected a JSON object, found list"),
        ("no-text", 'line 4: neither "text" nor "html"'),
        ("number-text", 'line 5: "text" is not a string'),
        ("bad-date", None),          # an unreadable date is dropped with a warning, not an error
        ("good-2", None),
    ]),
])
def test_jsonl_malformed_lines_are_their_own_errors(name, expected):
    arts = _read(name)
    got = [(a.id, a.errors[0][: len(e)] if a.errors else None) for a, (_, e) in zip(arts, expected)]
    assert got == expected
    assert arts[5].published is None


@pytest.mark.parametrize("record, text", [
    ({"id": "both", "text": "The text.", "html": "<p>The page, long enough to be kept.</p>"}, "The text."),
    ({"id": "empty-text", "text": "", "html": "<p>The page, long enough to be kept.</p>"}, "The page"),
    ({"id": "only-empty", "text": ""}, ""),
])
def test_jsonl_text_wins_over_html_unless_empty(record, text):
    (art,) = read_jsonl(io.BytesIO(json.dumps(record).encode()))
    assert art.text.startswith(text) and art.errors == ()


@pytest.mark.parametrize("prefix", ["", "batch:"])
def test_jsonl_line_ids_take_a_prefix(prefix):
    stream = io.BytesIO(b'{"text": "One."}\n\n{"text": "Two."}\n')
    assert [a.id for a in read_jsonl(stream, id_prefix=prefix)] == [f"{prefix}1", f"{prefix}3"]


@pytest.mark.parametrize("line, text", [
    # Raw control bytes are never valid JSON text: each becomes a space, and the record is read.
    (b'{"id": "nul", "text": "a\x00b"}\n', "a b"),
    (b'{"id":\x00"nul",\x1b"text": "a\x07b\x0cc"}\n', "a b c"),
    # Escaped ones are valid JSON; the reader replaces them before the text is parsed.
    (b'{"id": "nul", "text": "a\\u0000b\\u0001c"}\n', "a b c"),
])
def test_jsonl_control_characters_are_replaced(line, text):
    (art,) = read_jsonl(io.BytesIO(line))
    assert (art.id, art.text, art.errors) == ("nul", text, ())


RECORDS = '{"id": "r1", "text": "Shelling hit the depot."}\n{"id": "r2", "text": "Café “quoted”."}\n'


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + RECORDS.encode(),
    RECORDS.encode("utf-16"), RECORDS.encode("utf-32"),
    RECORDS.encode("utf-16-le"), RECORDS.encode("utf-32-be"),
    RECORDS.replace("\n", "\r").encode(), RECORDS.replace("\n", "\r\n").encode(),
    RECORDS.replace("\n", "\r").encode("utf-16"),
])
def test_issue_13_jsonl_encodings_and_line_ends(data):
    arts = list(read_jsonl(io.BytesIO(data)))
    assert [(a.id, a.text, a.errors) for a in arts] == [
        ("r1", "Shelling hit the depot.", ()), ("r2", "Café “quoted”.", ())]


@pytest.mark.parametrize("line, error", [
    (b'{"id": ' + b"7" * 5000 + b', "text": "x"}', "line 1: id too long: 5,000 characters, over the limit of 2,000"),
    (b'{"id": "' + b"k" * 2001 + b'", "text": "x"}', "line 1: id too long: 2,001 characters"),
    (b"[" * 100_000, "line 1: JSON nested too deeply"),
    (b'{"id": NaN, "text": "x"}', "line 1: id NaN is not a JSON value; give ids as strings"),
    (b'{"id": -Infinity, "text": "x"}', "line 1: id -Infinity is not a JSON value"),
    (b'{"id": 1e999, "text": "x"}', "line 1: id 1e999 is beyond the range of a number"),
    (b'{"id": [1, 2], "text": "x"}', "line 1: id is a JSON array; give ids as strings"),
    (b'{"id": "x", "text": ' + b"9" * 5000 + b"}", 'line 1: "text" is not a string'),
])
def test_issue_13_jsonl_records_that_break_json_are_errors(line, error):
    stream = io.BytesIO(line + b'\n{"id": "after", "text": "Still read."}\n')
    arts = list(read_jsonl(stream))
    assert [a.id for a in arts][1:] == ["after"] and arts[1].errors == ()
    assert arts[0].text == "" and arts[0].errors[0].startswith(error)
    assert "\n" not in arts[0].errors[0]


@pytest.mark.parametrize("line, id", [
    # Numbers sitrep does not read break nothing: huge, out of range or NaN beside the text.
    (b'{"id": "ok", "text": "x", "score": NaN, "n": 1e999, "big": ' + b"9" * 5000 + b"}", "ok"),
    (b'{"id": 12, "text": "x"}', "12"),
    (b'{"id": ' + b"7" * 1500 + b', "text": "x"}', "7" * 1500),   # ids are text: digits kept as written
    (b'{"id": "s\\ud800", "text": "x\\udfff"}', "s\ufffd"),      # lone surrogates: U+FFFD
])
def test_issue_13_jsonl_odd_values_are_read(line, id):
    (art,) = read_jsonl(io.BytesIO(line))
    assert art.id == id and art.errors == ()
    json.dumps(art.to_dict(), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("max_bytes", [100])
def test_jsonl_oversized_line_is_skipped_without_reading_it(max_bytes):
    big = json.dumps({"id": "big", "text": "word " * 1000}).encode()
    stream = io.BytesIO(big + b"\n" + b'{"id": "after", "text": "Still read."}\n')
    arts = list(read_jsonl(stream, max_bytes=max_bytes))
    assert [a.id for a in arts] == ["1", "after"]
    assert "too large" in arts[0].errors[0]
    assert stream.tell() == len(stream.getvalue())
