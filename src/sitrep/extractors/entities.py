"""Extract stage: named entities with canonical names (the fullest form in the article)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from sitrep.extractors.context import doc_context
from sitrep.names import clean_name, person_words
from sitrep.types import Entity

logger = logging.getLogger(__name__)

TITLES_KEY = "person_titles"  # doc.spans key the sitrep_people component fills


@dataclass(frozen=True, slots=True)
class People:
    """The people of one article: each mention's canonical name and each person's title."""

    canonical: dict[str, str]   # mention text (cleaned) -> fullest name
    titles: dict[str, str]      # fullest name -> title as written ("US Secretary of State")

    def name(self, mention: str) -> str:
        """Canonical name of a person mention ("Blinken" -> "Antony Blinken")."""
        words = person_words(mention)
        key = " ".join(words)
        return self.canonical.get(key) or (self.canonical.get(words[-1]) if words else None) or key


def people(doc: Doc) -> People:
    """Canonical names and titles of every PERSON in ``doc``, worked out once per Doc (kept in its
    DocContext).

    A mention resolves to the longest PERSON name in the article sharing its last word
    ("Blinken" -> "Antony Blinken"); a title is the one written next to any mention of the
    person (before it: "US Secretary of State Antony Blinken"; or as an appositive).
    """
    ctx = doc_context(doc)
    if ctx.people is None:
        ctx.people = _people(doc)
    return ctx.people


def _people(doc: Doc) -> People:
    fullest: dict[str, str] = {}
    mentions: list[tuple[Span, str]] = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        words = person_words(ent.text)
        if not words:
            continue
        name = " ".join(words)
        mentions.append((ent, name))
        best = fullest.get(words[-1], "")
        if len(name.split()) > len(best.split()) or (len(name.split()) == len(best.split()) and len(name) > len(best)):
            fullest[words[-1]] = name
    canonical = {name: fullest.get(name.split()[-1], name) for _, name in mentions}
    canonical.update(fullest)
    titles: dict[str, str] = {}
    spans = doc.spans[TITLES_KEY] if TITLES_KEY in doc.spans else ()
    if spans:
        before = {s.end: s for s in spans if s.label_ == "TITLE"}
        after = {s.start: s for s in spans if s.label_ == "APPOSITIVE"}
        for ent, name in mentions:
            full = canonical.get(name, name)
            title = before.get(ent.start) or after.get(ent.end + 2)
            if title is not None and (full not in titles or title.label_ == "TITLE"):
                titles[full] = " ".join(title.text.split())
    return People(canonical=canonical, titles=titles)


def person_canonical(doc: Doc) -> dict[str, str]:
    """Map every PERSON mention (cleaned text) and surname to the fullest PERSON name sharing it."""
    return dict(people(doc).canonical)


def canonical(ent: Span, persons: People | None = None) -> str:
    """Canonical name of one entity: the fullest form for a person, the cleaned text otherwise."""
    if ent.label_ == "PERSON":
        return (persons or people(ent.doc)).name(ent.text)
    return clean_name(ent.text)


def extract_entities(doc: Doc) -> Iterator[Entity]:
    """Yield the doc's named entities in text order, PERSONs with their fullest form as canonical.

    Args:
        doc: a Doc parsed by sitrep's pipeline.

    Yields:
        One Entity per ``doc.ents`` span.
    """
    persons = people(doc)
    for ent in doc.ents:
        yield Entity(text=ent.text, label=ent.label_, canonical=canonical(ent, persons),
                     start=ent.start_char, end=ent.end_char)
