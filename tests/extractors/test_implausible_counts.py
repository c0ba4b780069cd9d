"""Tests that counts beyond any plausible human figure are no figures and no casualties (issue 13)."""

from __future__ import annotations

import json

import pytest


@pytest.mark.model
@pytest.mark.parametrize("text, figures, fatalities", [
    ("Officials said 99999999999999999999 people were killed in the shelling of Kherson on Monday.", [], None),
    ("The ministry said " + "9" * 400 + " people were killed in Rafah.", [], None),
    ("Some 2.5 million people were displaced and 120 were killed in Darfur, the UN said.",
     [(2_500_000, "displaced"), (120, "killed")], 120),
])
def test_implausible_counts_are_no_figures(extract, text, figures, fatalities):
    result = extract(text, published="2024-03-04")
    assert [(f.value, f.category) for f in result.figures] == figures
    assert [e.fatalities for e in result.events][:1] in ([fatalities], [])
    json.dumps(result.to_dict(), allow_nan=False)  # no Infinity, no NaN: valid JSON


@pytest.mark.model
def test_runaway_sentence_figures_read_only_the_words_around_them(extract):
    # a list of 1,500 numbers with no full stop: one "sentence" of about 9,000 characters
    text = "Displaced families by camp: " + "; ".join(str(n) for n in range(1, 1500)) + " people displaced."
    result = extract(text, published="2024-03-04")
    assert not result.errors
    assert result.figures and all(len(f.text) < 1000 for f in result.figures)
    for fig in result.figures:
        assert text[fig.start:fig.end] == str(fig.value) and fig.text in text
