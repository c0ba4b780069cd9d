"""Tests for canonical entity names and the people component (titled people, speaking subjects)."""

from __future__ import annotations

import pytest

from sitrep.extractors.entities import clean_name, extract_entities

pytestmark = pytest.mark.model

_MINE = {"sitrep_entity_ruler", "sitrep_people", "sitrep_quote_marks"}


def _parse(nlp, text):
    """Parse ``text`` with the stages entities depend on (not the extractors)."""
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n.startswith("sitrep_") and n not in _MINE]):
        return nlp(text)


@pytest.mark.parametrize("text, expected", [
    ("the Government Media Office", "Government Media Office"),
    ("Blinken’s", "Blinken"),
    ("Lena Marsh\n", "Lena Marsh"),
])
def test_entities_clean_name(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize("text, mention, expected", [
    ("US Secretary of State Antony Blinken met officials in Israel. Blinken said the talks went well.",
     "Blinken", "Antony Blinken"),
    ("Brig. Gen. Omar Al Rashidi spoke to reporters. Rashidi said the raid was unlawful.",
     "Rashidi", "Omar Al Rashidi"),
])
def test_entities_short_names_take_the_fullest_form(nlp, text, mention, expected):
    ents = [e for e in extract_entities(_parse(nlp, text)) if e.text == mention]
    assert ents and all(e.label == "PERSON" and e.canonical == expected for e in ents)


@pytest.mark.parametrize("text, name, title", [
    ("US Secretary of State Antony Blinken arrived on Monday.", "Antony Blinken", "US Secretary of State"),
    ("Israeli Prime Minister Benjamin Netanyahu spoke on Monday.", "Benjamin Netanyahu", "Israeli Prime Minister"),
    ("Pentagon spokesman Pat Ryder said nothing.", "Pat Ryder", "Pentagon spokesman"),
])
def test_entities_titled_people(nlp, text, name, title):
    doc = _parse(nlp, text)
    assert name in [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert title in [s.text for s in doc.spans["person_titles"]]


@pytest.mark.parametrize("text, not_person", [
    ("The UN General Assembly voted on Friday.", "Assembly"),
    ("Israel said the crossing would reopen.", "Israel"),
    ("The Justice Department said it would appeal.", "Department"),
])
def test_entities_people_rules_leave_places_and_organisations(nlp, text, not_person):
    doc = _parse(nlp, text)
    assert not any(not_person in e.text for e in doc.ents if e.label_ == "PERSON")
