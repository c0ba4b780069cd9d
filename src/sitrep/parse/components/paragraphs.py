"""Parse stage: paragraph and list-line breaks start sentences, before the parser segments the text."""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.tokens import Doc

_BULLETS = frozenset("•*-–▪◦·●")


def mark_paragraphs(doc: Doc) -> Doc:
    """Set ``is_sent_start`` after a blank line, and after a line break that ends a sentence or
    opens a list item, so a headline, a dateline or a bulletin line never runs into the next.

    A single line break inside a sentence (hard-wrapped text) is left to the parser.
    """
    starts = []
    for tok in doc[:-1]:
        if not tok.is_space or "\n" not in tok.text:
            continue
        nxt = doc[tok.i + 1]
        prev = doc[tok.i - 1].text if tok.i > 0 else ""
        if (tok.text.count("\n") >= 2 or prev[-1:] in (".", ":", "!", "?", "\"", "”")
                or nxt.text[:1] in _BULLETS or nxt.is_title and len(nxt.text) > 1 and prev[-1:].isdigit()):
            starts.append(nxt.i)
    if starts:
        # Set all at once: a Token's is_sent_start setter checks the whole Doc for a parse each time,
        # which made a text of many short lines quadratic.
        marks = doc.to_array([SENT_START])
        marks[starts] = 1
        doc.from_array([SENT_START], marks)
    return doc
