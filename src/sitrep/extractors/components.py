"""Extract stage: spaCy components that run the extractors and keep their records on the Doc.

They are registered like any spaCy factory, so a user can add them to a pipeline of their own:
``nlp.add_pipe("sitrep_figures")``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.extractors.entities import extract_entities
from sitrep.extractors.events import find_events
from sitrep.extractors.figures import extract_figures
from sitrep.extractors.quotes import extract_quotes
from sitrep.parse import extensions as _extensions  # noqa: F401  (registers Doc extensions)


@Language.component("sitrep_figures", assigns=["doc._.figures"])
def make_figures(doc: Doc) -> Doc:
    """Find every figure about people or damage; keep them in ``doc._.figures``."""
    doc._.figures = list(extract_figures(doc))
    return doc


@Language.component("sitrep_quotes", assigns=["doc._.quotes"])
def make_quotes(doc: Doc) -> Doc:
    """Find every quote and its speaker; keep them in ``doc._.quotes``."""
    doc._.quotes = list(extract_quotes(doc))
    return doc


@Language.component("sitrep_events", requires=["doc._.figures"], assigns=["doc._.events", "doc._.dropped_events"])
def make_events(doc: Doc) -> Doc:
    """Find ACLED-typed incidents; keep them in ``doc._.events``, and the candidates that are not
    reported incidents, with the reason, in ``doc._.dropped_events``."""
    if doc._.figures is None:
        doc._.figures = list(extract_figures(doc))
    doc._.events, doc._.dropped_events = find_events(doc, doc._.figures)
    return doc


@Language.component("sitrep_entities", assigns=["doc._.entities"])
def make_entities(doc: Doc) -> Doc:
    """Name every entity with its canonical form; keep them in ``doc._.entities``."""
    doc._.entities = list(extract_entities(doc))
    return doc
