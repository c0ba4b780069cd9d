"""Paragraph breaks: blank lines and list lines start sentences before the parser runs."""

from __future__ import annotations

import pytest
import spacy

from sitrep.parse.components.paragraphs import mark_paragraphs


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


@pytest.mark.parametrize("text, starts", [
    ("Strike kills 14, officials say\n\nShelling later killed three people.", ["Strike", "Shelling"]),
    ("Since the truce:\n• Deaths recorded: 842\n• Wounded recorded: 2,519",
     ["Since", "•", "•"]),
    ("The convoy left the city on Monday and\nreached the border at noon.", ["The"]),
])
def test_paragraphs_sentence_starts(blank, text, starts):
    doc = mark_paragraphs(blank.make_doc(text))
    marked = [t.text for t in doc if t.i == 0 or t.is_sent_start]
    assert marked == starts
