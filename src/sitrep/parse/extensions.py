"""Parse stage: every custom attribute sitrep sets on a spaCy Doc, registered in one place."""

from __future__ import annotations

from spacy.tokens import Doc

#: Doc extensions: name -> default. Lists are created fresh by the components.
DOC_EXTENSIONS: dict[str, object] = {
    "article_id": None,   # str: the input's id
    "published": None,    # str YYYY-MM-DD: date relative expressions resolve against
    "figures": None,      # list[Figure], set by sitrep_figures
    "quotes": None,       # list[Quote], set by sitrep_quotes
    "events": None,       # list[Event], set by sitrep_events
    "dropped_events": None,  # list[DroppedEvent], set by sitrep_events: candidates not reported as news
    "entities": None,     # list[Entity], set by sitrep_entities
}


def register_extensions() -> None:
    """Register sitrep's Doc extensions (idempotent)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()
