"""Tests for the JSON Lines reader: records, ids, metadata, malformed lines, streaming."""

from __future__ import annotations

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


@pytest.mark.parametrize("line", [b'{"id": "nul", "text": "a\x00b"}\n'])
def test_jsonl_binary_line_is_an_error(line):
    (art,) = read_jsonl(io.BytesIO(line))
    assert art.id == "1" and "binary" in art.errors[0]


@pytest.mark.parametrize("max_bytes", [100])
def test_jsonl_oversized_line_is_skipped_without_reading_it(max_bytes):
    big = json.dumps({"id": "big", "text": "word " * 1000}).encode()
    stream = io.BytesIO(big + b"\n" + b'{"id": "after", "text": "Still read."}\n')
    arts = list(read_jsonl(stream, max_bytes=max_bytes))
    assert [a.id for a in arts] == ["1", "after"]
    assert "too large" in arts[0].errors[0]
    assert stream.tell() == len(stream.getvalue())
