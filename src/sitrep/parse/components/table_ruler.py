"""Parse stage: an entity ruler over name tables (kept as data), matched by dictionary look-up."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

MAX_TOKENS = 8  # longest name in tokens ("Democratic Republic of the Congo" is 5)


def _first_token(phrase: str) -> str:
    """The first token spaCy's English tokenizer makes of ``phrase`` (split at '-', "'" and '.')."""
    word = phrase.split(" ", 1)[0]
    for i, ch in enumerate(word):
        if not (ch.isalnum()) and i:
            return word[:i]
    return word


class TableRuler:
    """Mark known names (organisations, titles, GeoNames places) as entities before the NER runs.

    Patterns are exact phrases ``{"label", "pattern", "id"?}``. Matching looks token n-grams up in
    a dict, so start-up costs no tokenisation of the (tens of thousands of) names. Ruler spans win
    over any entity they overlap, so "Rafah" is never a PERSON.
    """

    def __init__(self, nlp: Language, name: str, patterns: Iterable[dict]):
        self.name = name
        self._table: dict[str, tuple[str, str]] = {}
        self._first: set[str] = set()
        for p in patterns:
            phrase = " ".join(p["pattern"].split())
            if not phrase or phrase in self._table:
                continue
            self._table[phrase] = (p["label"], p.get("id") or "")
            self._first.add(_first_token(phrase))

    def find(self, doc: Doc) -> list[Span]:
        """Ruler spans in ``doc``, the longest match at each start."""
        spans = []
        n = len(doc)
        # token texts read once: a Span per candidate n-gram costs more than the look-up itself
        spaced = [t.text_with_ws for t in doc]
        for i in (i for i, w in enumerate(spaced) if w.rstrip() in self._first):
            for j in range(min(n, i + MAX_TOKENS), i, -1):
                hit = self._table.get(" ".join("".join(spaced[i:j]).split()))
                if hit is not None:
                    label, ent_id = hit
                    spans.append(Span(doc, i, j, label=label, span_id=ent_id) if ent_id
                                 else Span(doc, i, j, label=label))
                    break
        return spans

    def __call__(self, doc: Doc) -> Doc:
        spans = self.find(doc)
        if spans:
            keep = filter_spans(spans)
            taken = {i for s in keep for i in range(s.start, s.end)}
            rest = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
            doc.ents = sorted([*keep, *rest], key=lambda s: s.start)
        return doc
