"""Parse stage: pair quotation marks into quoted spans, robust to unbalanced and multi-paragraph quotes.

Straight (") and typographic (“ ” „ « ») double marks are paired per paragraph. Only the outermost
quote is kept; marks of another family inside it are nested quotes. Single marks (‘ ’ ') are not
paired: they double as apostrophes. Conventions handled:

* a quote left open at a paragraph's end that re-opens at the start of the next paragraph runs on
  (the multi-paragraph convention); one whose closing mark comes in the next line, before any
  opening mark, runs on too (a line break inside a sentence);
* any other quote left open ends with its paragraph (marked ``open``), so a stray mark never
  swallows the article;
* an opening mark of the same family while a quote is open closes the open one there;
* a closing mark typed where an opening one belongs (before a word, with no quote open) opens.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc, Span

logger = logging.getLogger(__name__)

_OPEN = {"“": "curly", "„": "curly", "«": "angle", "‟": "curly"}
_CLOSE = {"”": "curly", "»": "angle"}
_STRAIGHT = '"'
_OPEN_BEFORE = set(" \t\n([{—–-/\u00a0:;,")
_TRAIL = ",;: \t\n\u00a0"


class Quoted(NamedTuple):
    """A quoted stretch of text: offsets of its marks and of its trimmed content."""

    open: int           # offset of the opening mark
    close: int | None   # offset of the closing mark, None if the quote ends with its paragraph
    start: int          # content start (after the mark and any space)
    end: int            # content end (before the mark, trailing comma and space)


def _marks(text: str, lo: int, hi: int) -> list[tuple[int, str, str]]:
    """(offset, 'open'|'close', family) for every double quotation mark in text[lo:hi]."""
    out = []
    for i in range(lo, hi):
        ch = text[i]
        if ch in _OPEN:
            out.append((i, "open", _OPEN[ch]))
        elif ch in _CLOSE:
            out.append((i, "close", _CLOSE[ch]))
        elif ch == _STRAIGHT:
            before = text[i - 1] if i > lo else " "
            after = text[i + 1] if i + 1 < hi else " "
            if before in _OPEN_BEFORE and not after.isspace():
                out.append((i, "open", "straight"))
            elif not before.isspace():
                out.append((i, "close", "straight"))
            else:   # space on both sides ('thing, " said Kinzie'): decided by whether one is open
                out.append((i, "either", "straight"))
    return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            out.append((start, end))
        start = end + 1
    return out


def content(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of ``text[start:end]`` without surrounding space and trailing commas or colons."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    return start, end


def find_quoted(text: str) -> list[Quoted]:
    """Every outermost double-quoted stretch of ``text``, in text order.

    Args:
        text: the article's plain text.

    Returns:
        The quotes, each with its mark and content offsets; empty content is dropped.
    """
    paras = _paragraphs(text)
    marks = [_marks(text, lo, hi) for lo, hi in paras]
    out: list[Quoted] = []
    outer: tuple[int, str] | None = None    # (offset, family) of the open outermost quote
    nested: list[str] = []                  # families of open nested quotes

    def emit(close: int | None, end: int) -> None:
        s, e = content(text, outer[0] + 1, end)
        if e > s and any(c.isalnum() for c in text[s:e]):
            out.append(Quoted(outer[0], close, s, e))

    for p, (lo, hi) in enumerate(paras):
        items = marks[p]
        skip_first = False
        if outer is not None:
            first = items[0] if items else None
            if first and first[1] == "open" and first[2] == outer[1] and not text[lo:first[0]].strip():
                skip_first = True   # re-opened: the quote runs on over this paragraph
            nested = []
        for n, (pos, kind, fam) in enumerate(items):
            if skip_first and n == 0:
                continue
            if kind == "either":
                kind = "close" if outer is not None and "straight" in (outer[1], *nested) else "open"
            if kind == "close" and outer is None and (pos == lo or text[pos - 1].isspace()) \
                    and text[pos + 1:pos + 2].isalnum():
                kind = "open"   # a closing mark typed for an opening one: ”Fear. I am afraid.”
            if kind == "open":
                if outer is None:
                    outer, nested = (pos, fam), []
                elif fam == outer[1]:
                    emit(None, pos)           # unbalanced: a new quote of the same family starts
                    outer, nested = (pos, fam), []
                else:
                    nested.append(fam)
            elif outer is not None:
                if fam in nested:
                    while nested and nested.pop() != fam:
                        pass
                elif fam == outer[1] or fam == "straight" or outer[1] == "straight":
                    emit(pos, pos)
                    outer, nested = None, []
        if outer is not None:
            nxt = marks[p + 1] if p + 1 < len(paras) else []
            reopen = bool(nxt) and nxt[0][1] == "open" and nxt[0][2] == outer[1] \
                and not text[paras[p + 1][0]:nxt[0][0]].strip()
            closes_next = bool(nxt) and nxt[0][1] == "close" and nxt[0][2] == outer[1]
            if not (reopen or closes_next):
                emit(None, hi)
                outer, nested = None, []
    return out


class QuoteMarks:
    """Mark quoted stretches as spans in ``doc.spans[spans_key]`` (label ``closed`` or ``open``)."""

    def __init__(self, nlp: Language, name: str, *, spans_key: str = "quote_marks"):
        self.name, self.spans_key = name, spans_key

    def find(self, doc: Doc) -> list[Span]:
        """Spans from the opening mark to the closing one (``closed``) or to the paragraph end (``open``)."""
        spans = []
        for q in find_quoted(doc.text):
            end = q.close + 1 if q.close is not None else q.end
            span = doc.char_span(q.open, end, label="closed" if q.close is not None else "open",
                                 alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        return spans

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = self.find(doc)
        return doc
