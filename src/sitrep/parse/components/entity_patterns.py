"""Parse stage: entity-ruler patterns from sitrep's data tables and the GeoNames gazetteer."""

from __future__ import annotations

from typing import Any

from spacy.language import Language

from sitrep import gazetteer
from sitrep.resources import load_patterns


def entity_patterns(nlp: Language, *, topics: tuple[str, ...], places: bool) -> list[dict[str, Any]]:
    """Patterns for the entity ruler: hand-kept topics first, then GeoNames place names.

    Args:
        nlp: the pipeline (unused today; kept so patterns may depend on its tokenizer).
        topics: names of ``data/patterns/<topic>.jsonl`` files to include.
        places: whether to add a GPE pattern for every gazetteer place name.

    Returns:
        A list of spaCy entity-ruler patterns.
    """
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for topic in topics:
        for item in load_patterns(topic):
            out.append(dict(item))
            if isinstance(item["pattern"], str):
                seen.add(item["pattern"])
    if places:
        for name, label in gazetteer.ruler_names():
            if name not in seen:
                seen.add(name)
                out.append({"label": label, "pattern": name})
    return out
