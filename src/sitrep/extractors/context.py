"""Extract stage: a Doc's plain text and token attributes, built once per Doc.

``Doc.text`` joins every token on each access, so code that reads it per sentence or per number
turns linear work quadratic; extractors read it through ``doc_text`` instead. Likewise a
``Token`` object is made on every ``doc[i]``: matchers that look at every word read the words'
attributes from ``doc_tokens`` instead.
"""

from __future__ import annotations

import weakref

from spacy.attrs import ENT_TYPE, LEMMA, LOWER, ORTH, POS
from spacy.tokens import Doc

_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed on the first call for each Doc and remembered while the Doc lives."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text


class DocTokens:
    """Per-token attributes of a Doc, indexed like its tokens, read once from its arrays.

    Attributes:
        lemma: lower-cased lemmas. lower: lower-cased words. pos: coarse tags ("VERB").
        ent: entity labels ("" outside entities). orth: the words as written.
    """

    __slots__ = ("lemma", "lower", "pos", "ent", "orth")

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        cols = doc.to_array([LEMMA, LOWER, POS, ENT_TYPE, ORTH]).T.tolist() if len(doc) else [[]] * 5
        lemma, self.lower, self.pos, self.ent, self.orth = ([strings[h] if h else "" for h in col] for col in cols)
        self.lemma = [w.lower() for w in lemma]


_TOKENS: weakref.WeakKeyDictionary[Doc, DocTokens] = weakref.WeakKeyDictionary()


def doc_tokens(doc: Doc) -> DocTokens:
    """The Doc's token attributes, computed on the first call for each Doc (after the pipeline has
    annotated it) and remembered while the Doc lives."""
    got = _TOKENS.get(doc)
    if got is None:
        got = _TOKENS[doc] = DocTokens(doc)
    return got
