"""Process: a long article read in pieces, so that time and memory grow linearly with its length.

spaCy's parser and sitrep's per-article work grow faster than the text on one very long Doc (a
373,000-character list of one-line paragraphs took 63 s and 1.9 GB in one piece). An article over
``input.piece_chars`` characters is cut at paragraph breaks (else at a sentence's end, else at a
space) into pieces that are extracted one after another; each piece's records are moved to the
article's offsets and joined. A piece is read as an article of its own: its places, dates and
people are resolved with the piece as context, and reports of one incident are joined into one
event within a piece (across pieces, the store's linker joins them as it joins other articles').
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TypeVar

from sitrep.types import Entity, Event, Extraction, Figure, Quote

_Record = TypeVar("_Record", Figure, Quote, Event, Entity)

#: Where a piece may end, best first: a paragraph break, the end of a sentence, any space.
_BREAKS = (re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)]*\s+"), re.compile(r"\s+"))


def piece_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """[start, end) character bounds of pieces of at most ``size`` characters that cover ``text``.

    Each piece ends at the last paragraph break of its window, else its last sentence end, else its
    last space, looked for in the window's second half; a text with none there is cut at ``size``.
    """
    bounds: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        end = _break_before(text, start + size // 2, start + size) or start + size
        bounds.append((start, end))
        start = end
    bounds.append((start, n))
    return bounds


def _break_before(text: str, lo: int, hi: int) -> int | None:
    for rx in _BREAKS:
        last = None
        for m in rx.finditer(text, lo, hi):
            last = m
        if last is not None:
            return last.end()
    return None


def shifted(record: _Record, offset: int) -> _Record:
    """A record of a piece moved to the article's character offsets."""
    if isinstance(record, Quote):
        parts = tuple((s + offset, e + offset) for s, e in record.parts)
        return replace(record, start=record.start + offset, end=record.end + offset, parts=parts)
    return replace(record, start=record.start + offset, end=record.end + offset)


def joined(first: Extraction, pieces: list[tuple[int, Extraction]]) -> Extraction:
    """One Extraction of the article (``first`` gives its metadata) from its pieces' Extractions,
    each with the character offset where its piece starts."""
    def gather(field: str) -> list:
        return [shifted(rec, offset) for offset, got in pieces for rec in getattr(got, field)]

    return replace(first, figures=gather("figures"), quotes=gather("quotes"), events=gather("events"),
                   entities=gather("entities"), dropped_events=gather("dropped_events"),
                   errors=[e for _, got in pieces for e in got.errors])


__all__ = ["joined", "piece_bounds", "shifted"]
