"""Tests for the plain-text reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.read import read_txt

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"


@pytest.mark.parametrize("name, published", [("mortar_attack.txt", "2024-03-04"), ("mortar_attack.txt", None)])
def test_txt_reads_text_as_given(article_text, name, published):
    raw = (ARTICLES / name).read_bytes()
    art = read_txt(raw, "mortar_attack", published=published)
    # Offsets point into this text, so it is the file's text unchanged.
    assert art.text == article_text(name)
    assert (art.id, art.published, art.errors) == ("mortar_attack", published, ())


@pytest.mark.parametrize("raw, error", [
    (b"\x00\x01\x02binary", "binary file"),
    (b"%PDF-1.4 not an article", "PDF"),
])
def test_txt_binary_is_an_error(raw, error):
    art = read_txt(raw, "x")
    assert art.text == "" and len(art.errors) == 1 and error in art.errors[0]


@pytest.mark.parametrize("raw", [b"", b"  \n\n  "])
def test_txt_empty_is_left_to_the_text_check(raw):
    # Emptiness is the pipeline's check_text's call, so the message is the same for every input kind.
    art = read_txt(raw, "empty")
    assert art.errors == () and not art.text.strip()


@pytest.mark.parametrize("raw, text", [
    (b"Two killed\x00 in the town,\x07 officials said.", "Two killed  in the town,  officials said."),
    (b"Old Mac line ends\rsecond line\r", "Old Mac line ends\nsecond line\n"),
    ("UTF-16 with a BOM.\r\n".encode("utf-16"), "UTF-16 with a BOM.\r\n"),
    ("UTF-32 with a BOM.".encode("utf-32"), "UTF-32 with a BOM."),
    ("UTF-16 without a BOM, from a Windows tool.".encode("utf-16-le"), "UTF-16 without a BOM, from a Windows tool."),
])
def test_issue_13_txt_encodings_and_control_characters(raw, text):
    art = read_txt(raw, "x")
    # One character for one: an offset into the file's text points at the same character.
    assert (art.text, art.errors) == (text, ())
