"""Extract stage: what is computed once per article, kept on its Doc.

Every extractor reads the same article, and several need the same per-article work: its text, its
token attributes, its people, who each sentence is attributed to, its places and its dates. A
``DocContext`` holds that work. It lives in ``doc.user_data`` (so it goes when the Doc goes, and two
threads extracting two articles share nothing) and each part is built the first time an extractor
asks for it, through the accessor of the module that owns it (``attribution.attribute``,
``places.place_in``, ``dates.doc_dates``, ``entities.people``).

``Doc.text`` joins every token on each access, so code that reads it per sentence or per number
turns linear work quadratic; extractors read it through ``doc_text`` instead. Likewise a ``Token``
object is made on every ``doc[i]``: matchers that look at every word read the words' attributes
from ``doc_tokens`` instead. Both are read after the pipeline has annotated the Doc: a component
that changes a Doc's entities after a sitrep extractor ran would see them stale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.attrs import ENT_TYPE, LEMMA, LOWER, ORTH, POS
from spacy.tokens import Doc

if TYPE_CHECKING:
    from sitrep.extractors.attribution import Attributions
    from sitrep.extractors.dates.incident import DocDates
    from sitrep.extractors.entities import People
    from sitrep.extractors.places import ArticlePlaces
    from sitrep.types import Quote

#: the ``doc.user_data`` key of an article's DocContext
CONTEXT_KEY = "sitrep.context"


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


class DocContext:
    """One article's shared extraction state; each part is None until first asked for.

    Attributes:
        text: the Doc's text.
        tokens: its token attributes (``doc_tokens``).
        people: canonical names and titles of its people (``entities.people``).
        attributions: the source of each sentence (``attribution.attribute``).
        places: its resolved toponyms, countries and dominant place (``places``).
        dates: its date expressions and which can date an incident (``dates``).
        quoted: its quoted stretches as (start, end) content offsets (``quotes.quoted_spans``).
        quotes: its quote records, speakers resolved (``quotes.quote_records``).
    """

    __slots__ = ("text", "tokens", "people", "attributions", "places", "dates", "quoted", "quotes")

    def __init__(self, doc: Doc):
        self.text: str = doc.text
        self.tokens: DocTokens | None = None
        self.people: People | None = None
        self.attributions: Attributions | None = None
        self.places: ArticlePlaces | None = None
        self.dates: DocDates | None = None
        self.quoted: list[tuple[int, int]] | None = None
        self.quotes: list[Quote] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # Work computed from a Doc is not part of it: a copied or serialised Doc builds its own.
        return (_empty_context, ())


def _empty_context() -> None:
    return None


def doc_context(doc: Doc) -> DocContext:
    """The DocContext of ``doc``, made on the first call."""
    ctx = doc.user_data.get(CONTEXT_KEY)
    if ctx is None:
        ctx = doc.user_data[CONTEXT_KEY] = DocContext(doc)
    return ctx


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    return doc_context(doc).text


def doc_tokens(doc: Doc) -> DocTokens:
    """The Doc's token attributes, computed once per Doc (after the pipeline has annotated it)."""
    ctx = doc_context(doc)
    if ctx.tokens is None:
        ctx.tokens = DocTokens(doc)
    return ctx.tokens
