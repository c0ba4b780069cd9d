"""Tests for the read stage's cleaning: control characters, surrogates and file names made safe."""

from __future__ import annotations

import json

import pytest

from sitrep.read._clean import article, clean_text, name_of, shown


@pytest.mark.parametrize("text, expected", [
    ("Two killed\x00 in the town.", "Two killed  in the town."),
    ("Bell\x07, escape\x1b[31m, DEL\x7f, form feed\x0c.", "Bell , escape [31m, DEL , form feed ."),
    ("Tab\tnewline\nCRLF\r\nkept.", "Tab\tnewline\nCRLF\r\nkept."),
    ("Old Mac\rline ends\r", "Old Mac\nline ends\n"),
    ("A lone \ud800 surrogate and \udfff another.", "A lone \ufffd surrogate and \ufffd another."),
    ("Not characters: \ufffe\uffff.", "Not characters: \ufffd\ufffd."),
    # C1 controls are Windows-1252 punctuation read as Latin-1 in real feeds: kept.
    ("It\x92s kept.", "It\x92s kept."),
    ("", ""),
])
def test_clean_text_replaces_one_for_one(text, expected):
    cleaned = clean_text(text)
    assert cleaned == expected
    # An offset into the text as read points at the same character in the cleaned text.
    assert len(cleaned) == len(text)


@pytest.mark.parametrize("text", ["Shelling killed two people, officials said.\n\nMore to follow.", "Café – “quoted”"])
def test_clean_text_leaves_ordinary_text_alone(text):
    assert clean_text(text) is text


@pytest.mark.parametrize("fields", [
    {"id": "a\ud800", "text": "t\x00", "title": "T\x01", "url": None, "errors": ("bad \ud801 path",)},
])
def test_clean_article_cleans_every_string(fields):
    art = article(fields["id"], fields["text"], title=fields["title"], url=fields["url"], errors=fields["errors"])
    assert (art.id, art.text, art.title, art.url, art.errors) == ("a\ufffd", "t ", "T ", None, ("bad \ufffd path",))
    json.dumps(art.to_dict(), ensure_ascii=False).encode("utf-8")   # writes out without an error


@pytest.mark.parametrize("name, named, shown_as", [
    ("plain/name.txt", "plain/name.txt", "plain/name.txt"),
    ("no[/x].txt", "no[/x].txt", "no[/x].txt"),
    ("new\nline.txt", "new\nline.txt", "new\\nline.txt"),
    # A byte that is not UTF-8 in a file name (Python holds it as a lone surrogate).
    (b"caf\xe9.txt".decode("utf-8", "surrogateescape"), "caf\\xe9.txt", "caf\\xe9.txt"),
])
def test_clean_file_names(name, named, shown_as):
    assert name_of(name) == named
    assert shown(name) == shown_as
    assert "\n" not in shown(name)
    shown(name).encode("utf-8")
