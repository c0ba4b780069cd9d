"""Tests for the tokenizer that cuts very long runs of non-space characters (parse/tokenizer.py)."""

from __future__ import annotations

import pytest
import spacy

from sitrep.parse.tokenizer import LongRunTokenizer


@pytest.fixture(scope="module")
def tokenizers():
    nlp = spacy.blank("en")
    return nlp.tokenizer, LongRunTokenizer(nlp.tokenizer, max_run=30)


@pytest.mark.parametrize("text", [
    "Shelling hit Kherson on Monday, killing two (officials said).",
    "A URL: https://example.org/a/b?c=d and an e-mail, desk@example.org.",
    "",
    "  leading and trailing spaces  ",
])
def test_tokenizer_ordinary_text_is_tokenized_as_before(tokenizers, text):
    plain, bounded = tokenizers
    assert [(t.text, t.whitespace_) for t in bounded(text)] == [(t.text, t.whitespace_) for t in plain(text)]


@pytest.mark.parametrize("text, runs", [
    ("&" * 70, ["&" * 30, "&" * 30, "&" * 10]),
    ("Two were hurt. " + "=" * 65 + " Three died.", ["=" * 30, "=" * 30, "=" * 5]),
    ("x" * 31 + "\n" + "y" * 61, ["x" * 30, "y" * 30, "y" * 30]),  # and the one-letter ends
])
def test_tokenizer_long_runs_are_cut_and_the_text_kept(tokenizers, text, runs):
    _, bounded = tokenizers
    doc = bounded(text)
    assert doc.text == text  # every offset still points at the same character
    assert [t.text for t in doc if len(t.text) > 1 and len(set(t.text)) == 1] == runs
    if "hurt" in text:
        assert [t.text for t in doc][:4] == ["Two", "were", "hurt", "."]


@pytest.mark.model
def test_tokenizer_pipeline_reads_figures_around_a_long_run(extract):
    text = "Two people were killed in Kharkiv on Monday. " + "&" * 30_000 + " Nine were injured."
    result = extract(text, published="2024-05-20")
    assert not result.errors
    assert sorted((f.category, f.value) for f in result.figures) == [("injured", 9), ("killed", 2)]
