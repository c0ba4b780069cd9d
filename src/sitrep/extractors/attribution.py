"""Extract stage: who reports a figure ("according to X", "X said", carried over a continued report)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from sitrep.extractors.context import doc_context, doc_text
from sitrep.names import clean_source, particles, title_case_source
from sitrep.resources import lexicon_set, load_lexicon, load_table, word_group
@dataclass(frozen=True, slots=True)
class Source:
    """The reported_by and attribution of a figure."""

    reported_by: str | None
    attribution: str  # source | author | unknown


_AUTHOR = Source(None, "author")


@cache
def _source_heads() -> frozenset[str]:
    return frozenset(load_lexicon("source_heads"))


@cache
def _aliases() -> dict[str, str]:
    return {r["alias"]: r["canonical"] for r in load_table("sources")}


@cache
def _verbs() -> frozenset[str]:
    return frozenset(load_lexicon("source_verbs"))


@cache
def _author_cues() -> tuple[str, ...]:
    return load_lexicon("author_cues")


def canonical_source(text: str) -> str:
    """Canonical name of a reporting source.

    "Gaza's Ministry of Health" -> "Gaza Ministry of Health"; "the UN's Palestinian refugee agency"
    -> "UNRWA" (alias table ``sources.tsv``); otherwise the phrase without leading determiners.
    """
    name = clean_source(text)
    key = name.lower()
    aliases = _aliases()
    if key in aliases:
        return aliases[key]
    m = re.match(r"^(.+?) [–-] ([A-Z][\w-]+)$", name)
    if m:  # "Ministry of Health – Gaza" -> "Gaza Ministry of Health"
        name = f"{m.group(2)} {m.group(1)}"
        if name.lower() in aliases:
            return aliases[name.lower()]
    m = re.match(r"^(.+?)'s? (.+)$", name)
    if m:
        joined = f"{m.group(1)} {m.group(2)}"
        if joined.lower() in aliases:
            return aliases[joined.lower()]
        if m.group(2).lower() in aliases and m.group(1).lower() in ("un", "the un", "united nations"):
            return aliases[m.group(2).lower()]
        rest = m.group(2)
        if rest[:1].islower() and any(w in _source_heads() for w in rest.lower().split()):
            rest = title_case_source(rest)
        name = f"{m.group(1)} {rest}"
        if name.lower() in aliases:
            return aliases[name.lower()]
    return name


def _phrase(tok: Token) -> str:
    """A noun phrase's text from its subtree, without trailing apposition or relative clauses."""
    toks = [t for t in tok.subtree if not any(a.dep_ in ("relcl", "acl", "appos") and a.i != tok.i
                                              for a in [t, *t.ancestors] if a.i > tok.i and tok.is_ancestor(a))]
    toks = [t for t in toks if not t.is_punct or t.text in ("'s", "-", "–")]
    if not toks:
        return tok.text
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    return doc_text(tok.doc)[start:end]


def _according_to(sent: Span) -> Token | None:
    if "according" not in doc_text(sent.doc)[sent.start_char:sent.end_char].lower():
        return None
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            to = tok.doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
            nxt = [t for t in tok.doc[to.i + 1: sent.end] if t.pos_ in ("NOUN", "PROPN")]
            return nxt[-1] if nxt else None
    return None


def _speaker(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN", "PRON"):
            return c
    # "..., the Palestinian Red Crescent Society said.": the parser often hangs the trailing source
    # on the previous noun as an apposition; the noun right before the verb is its subject.
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    if prev is not None and prev.pos_ in ("NOUN", "PROPN") and prev.dep_ in ("appos", "conj", "npadvmod"):
        return prev
    return None


class Attributions:
    """Sources of the sentences of one Doc, with carry-over for continued reports."""

    def __init__(self, doc: Doc):
        # verbs are kept by token index: a Token (or the Doc) held here would keep every Doc
        # attributed alive in the per-Doc cache below, whose keys are weak
        self._by_sent: dict[int, list[tuple[int | None, Source]]] = {}
        self._build(doc)

    def _build(self, doc: Doc) -> None:
        last: Source | None = None
        last_para = -1
        doc_source = _document_source(doc)
        text = doc_text(doc)
        breaks = [m.end() for m in re.finditer(r"\n\s*\n", text)]
        # Tokens whose lemma is a source verb, found in one vectorised pass over the Doc.
        hashes = [doc.vocab.strings.add(v) for v in _verbs()]
        lemmas = doc.to_array([LEMMA])
        verb_at = numpy.flatnonzero(numpy.isin(lemmas, numpy.asarray(hashes, dtype=lemmas.dtype))).tolist()
        according = "according to" in text.lower()
        for sent in doc.sents:
            para = bisect.bisect_right(breaks, sent.start_char)
            if para != last_para and last is not None and not _continues(sent):
                last = None
            last_para = para
            entries: list[tuple[int | None, Source]] = []
            acc = _according_to(sent) if according else None
            if acc is not None:
                entries.append((None, Source(canonical_source(_phrase(acc)), "source")))
            lo, hi = bisect.bisect_left(verb_at, sent.start), bisect.bisect_left(verb_at, sent.end)
            for tok in (doc[k] for k in verb_at[lo:hi]):
                if tok.pos_ in ("VERB", "AUX"):
                    spk = _speaker(tok)
                    if spk is None:
                        continue
                    if spk.lower_ in word_group("pronouns", "reporter"):
                        src = last if last is not None else Source(None, "unknown")
                    else:
                        src = Source(canonical_source(_phrase(spk)), "source")
                    entries.append((tok.i, src))
            first = sent[0].lower_ if len(sent) else ""
            opening = text[sent.start_char:min(sent.end_char, sent.start_char + 40)].lower().lstrip()
            starts_author = first in _author_cues() or any(opening.startswith(c + " ") for c in _author_cues())
            if starts_author:
                entries = [(v, s) for v, s in entries if v is not None]
                entries.append((None, _AUTHOR))
            elif not entries:
                if last is not None:
                    entries.append((None, last))
                elif doc_source is not None:
                    entries.append((None, doc_source))
            self._by_sent[sent.start] = entries
            sourced = [s for _, s in entries if s.attribution == "source"]
            if sourced:
                last = sourced[-1]
            elif starts_author:
                last = None

    def for_token(self, tok: Token) -> Source:
        """The source of the figure at ``tok``: the reporting verb governing it, else the sentence's."""
        entries = self._by_sent.get(tok.sent.start, [])
        if not entries:
            return _AUTHOR
        for i, src in entries:
            verb = tok.doc[i] if i is not None else None
            if verb is not None and (verb.is_ancestor(tok) or tok.is_ancestor(verb)):
                return src
        for verb, src in entries:
            if verb is None:
                return src
        # A reporting verb elsewhere in the sentence does not govern this figure.
        return _AUTHOR


def _continues(sent: Span) -> bool:
    """Whether a sentence opening a new paragraph still continues the last report ("It said ...")."""
    return len(sent) > 0 and sent[0].lower_ in lexicon_set("report_continuations") and any(
        t.lemma_.lower() in _verbs() for t in sent[:4])


def _document_source(doc: Doc) -> Source | None:
    """A bulletin's issuer named in its first line ("Palestinian Ministry of Health – Gaza")."""
    first = doc_text(doc).lstrip().split("\n", 1)[0]
    words = re.findall(r"[A-Za-z']+", first)
    if not words or len(words) > 10:
        return None
    if not any(w.lower() in _source_heads() for w in words):
        return None
    if any(w[:1].islower() and w not in particles("source") for w in words):
        return None  # a headline ("Strike kills 14, officials say"), not an issuer's name
    name = re.sub(r"[^\w\s\-–'’]", " ", first)
    name = " ".join(name.split())
    return Source(canonical_source(name), "source") if name else None


def attribute(doc: Doc) -> Attributions:
    """Attribute every sentence of ``doc`` to its source (see Attributions), once per Doc (kept in
    its DocContext): the figures and the events extractors both ask."""
    ctx = doc_context(doc)
    if ctx.attributions is None:
        ctx.attributions = Attributions(doc)
    return ctx.attributions
