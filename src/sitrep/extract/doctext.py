"""Extract stage: a Doc's plain text, built once per Doc.

``Doc.text`` joins every token on each access, so code that reads it per sentence or per number
turns linear work quadratic; extractors read it through ``doc_text`` instead.
"""

from __future__ import annotations

import weakref

from spacy.tokens import Doc

_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed on the first call for each Doc and remembered while the Doc lives."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text
