"""Parse stage: the one place where sitrep's annotating spaCy components are registered."""

from __future__ import annotations

from spacy.language import Language

from sitrep.parse import extensions as _extensions  # noqa: F401  (registers Doc extensions)
from sitrep.parse.components.entity_patterns import entity_patterns
from sitrep.parse.components.table_ruler import TableRuler


@Language.factory(
    "sitrep_entity_ruler",
    assigns=["doc.ents"],
    default_config={"topics": ["entities"], "places": True},
)
def make_entity_ruler(nlp: Language, name: str, topics: list[str], places: bool) -> TableRuler:
    """An entity ruler fed from data tables: organisations, titles, demonyms and GeoNames places.

    Placed before ``ner`` so that the statistical model keeps these spans ("Rafah" stays a GPE,
    "Blinken" a PERSON).
    """
    return TableRuler(nlp, name, entity_patterns(nlp, topics=tuple(topics), places=places))
