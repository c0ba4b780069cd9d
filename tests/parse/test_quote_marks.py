"""Tests for the quote-mark pairing of sitrep_quote_marks (pure text, no model)."""

from __future__ import annotations

import pytest

from sitrep.parse.components.quote_marks import find_quoted


def _contents(text: str) -> list[str]:
    return [text[q.start:q.end] for q in find_quoted(text)]


@pytest.mark.parametrize("text, expected", [
    ("“We will rebuild,” the mayor said.", ["We will rebuild"]),
    ('"We will rebuild," the mayor said.', ["We will rebuild"]),
    ("The UN called the area a “safe zone” last week.", ["safe zone"]),
    ("“First part,” she said. “Second part.”", ["First part", "Second part."]),
    ("“Outer ‘inner’ words,” he said.", ["Outer ‘inner’ words"]),
    ('"He called it “a disgrace” today," she said.', ["He called it “a disgrace” today"]),
    ("No quotes at all in this line.", []),
    ('"The money is not important, " said the chief. "Her health is."', ["The money is not important", "Her health is."]),
    ("”Fear. I am truly afraid.” ― A reader", ["Fear. I am truly afraid."]),
    ("“”", []),
])
def test_quote_marks_pairs_marks(text, expected):
    assert _contents(text) == expected


@pytest.mark.parametrize("text, expected", [
    # multi-paragraph convention: no closing mark, the next paragraph re-opens
    ("“The convoy was hit twice.\n\n“Nobody could reach the wounded,” he said.",
     ["The convoy was hit twice.\n\n“Nobody could reach the wounded"]),
    # an unbalanced mark ends with its paragraph and never swallows the article
    ("He said “the shelling went on all night.\n\nAid agencies said 40 trucks entered Gaza.",
     ["the shelling went on all night."]),
    # a line break inside a quote whose closing mark follows on the next line
    ("She warned of “large-scale loss\nof civilian lives” in the city.", ["large-scale loss\nof civilian lives"]),
    # a second opening mark of the same family closes the open quote
    ("“We are leaving, he said. “There is nothing left,” she added.",
     ["We are leaving, he said.", "There is nothing left"]),
])
def test_quote_marks_unbalanced_and_multi_paragraph(text, expected):
    assert _contents(text) == expected
