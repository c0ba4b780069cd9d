"""Parse stage: the one place where sitrep's annotating spaCy components are registered."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from sitrep import gazetteer
from sitrep.parse import extensions as _extensions  # noqa: F401  (registers Doc extensions)
from sitrep.parse.components.entity_patterns import entity_patterns
from sitrep.parse.components.paragraphs import mark_paragraphs
from sitrep.parse.components.people import PeopleRuler
from sitrep.parse.components.quote_marks import QuoteMarks
from sitrep.parse.components.table_ruler import TableRuler
from sitrep.resources import load_lexicon


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


@Language.factory(
    "sitrep_people",
    requires=["doc.ents", "token.dep", "token.lemma"],
    assigns=["doc.ents", "doc.spans"],
    default_config={"spans_key": "person_titles", "titles": "titles", "modifiers": "title_modifiers",
                    "reporting_verbs": "reporting_verbs", "org_heads": "org_heads"},
)
def make_people(nlp: Language, name: str, spans_key: str, titles: str, modifiers: str,
                reporting_verbs: str, org_heads: str) -> PeopleRuler:
    """Label titled people and speaking subjects as PERSON ("Blinken said"); keep titles in doc.spans.

    Placed after ``ner``: it corrects the statistical entities with the titles and reporting-verb
    lexicons, and never relabels a name the gazetteer knows as a place.
    """
    return PeopleRuler(
        nlp, name, titles=load_lexicon(titles), modifiers=load_lexicon(modifiers),
        reporting_verbs=load_lexicon(reporting_verbs), org_heads=load_lexicon(org_heads),
        places=(n for n, _ in gazetteer.ruler_names()),
        is_country=lambda name: gazetteer.country_code(name) is not None, spans_key=spans_key,
    )


@Language.factory("sitrep_quote_marks", assigns=["doc.spans"], default_config={"spans_key": "quote_marks"})
def make_quote_marks(nlp: Language, name: str, spans_key: str) -> QuoteMarks:
    """Pair quotation marks into spans ``closed`` (both marks) or ``open`` (runs to the paragraph end)."""
    return QuoteMarks(nlp, name, spans_key=spans_key)


@Language.component("sitrep_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(doc: Doc) -> Doc:
    """Blank lines and list-line breaks start sentences (runs before the parser)."""
    return mark_paragraphs(doc)
