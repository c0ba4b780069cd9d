"""Extract stage: named entities with canonical names (the fullest form in the article)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from sitrep.types import Entity


def person_canonical(doc: Doc) -> dict[str, str]:
    """Map every PERSON mention (and its last word) to the fullest PERSON name in the doc sharing that surname."""
    fullest: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        name = ent.text.strip()
        surname = name.split()[-1] if name.split() else name
        if len(name) > len(fullest.get(surname, "")):
            fullest[surname] = name
    out = dict(fullest)
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            words = ent.text.split()
            if words and words[-1] in fullest:
                out[ent.text] = fullest[words[-1]]
    return out


def extract_entities(doc: Doc) -> Iterator[Entity]:
    """Yield the doc's named entities in text order, PERSONs with their fullest form as canonical."""
    people = person_canonical(doc)
    for ent in doc.ents:
        canonical = people.get(ent.text, ent.text) if ent.label_ == "PERSON" else (ent.ent_id_ or ent.text)
        yield Entity(text=ent.text, label=ent.label_, canonical=canonical,
                     start=ent.start_char, end=ent.end_char)
