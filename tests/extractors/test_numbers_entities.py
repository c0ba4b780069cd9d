"""Tests for numbers._entity_at: the entity around a token, read from its IOB tags."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from sitrep.extractors.numbers import _entity_at


@pytest.mark.parametrize("words, ents", [
    (["Shelling", "on", "10", "and", "11", "March", "killed", "two", "in", "Kherson"],
     [(2, 6, "DATE"), (7, 8, "CARDINAL"), (9, 10, "GPE")]),
    (["Monday", "Tuesday", "12", "people"], [(0, 1, "DATE"), (1, 2, "DATE"), (2, 3, "CARDINAL")]),
])
def test_numbers_entity_at_matches_the_docs_entities(words, ents):
    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            assert (_entity_at(doc, i).start, _entity_at(doc, i).end) == (ent.start, ent.end)
