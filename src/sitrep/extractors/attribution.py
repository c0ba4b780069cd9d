"""Extract stage: who reports a figure ("according to X", "X said", carried over a continued report).

A figure's source is, in order: the speaker of the quotation it stands in; the "according to X" (or
"per X") phrase that governs it; the first reporting verb whose clause holds it, through its active
subject or its passive agent (a passive "were reported" names no one); the sentence's source. A
sentence naming none goes on with the sentence before only where it refers back to that report,
is reported itself, or is set in the past perfect of reported speech (``_goes_on``); otherwise the
figure is the article's own ("author").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from sitrep.extractors.context import doc_context, doc_text
from sitrep.extractors.entities import people
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
def _report_nouns() -> frozenset[str]:
    """Nouns of what a source issues ("statement", "figures"), which name their issuer after "from"."""
    return frozenset(load_lexicon("speech_nouns")) | frozenset(load_lexicon("report_nouns"))


@cache
def _verbs() -> frozenset[str]:
    return frozenset(load_lexicon("source_verbs"))


@cache
def _author_cues() -> tuple[str, ...]:
    return load_lexicon("author_cues")


def known_source(text: str) -> bool:
    """Whether the sources table names the source ``text`` (as written, or joined without its
    possessive: "Gaza's Ministry of Health")."""
    name = clean_source(text).lower()
    return name in _aliases() or name.replace("'s ", " ") in _aliases()


def canonical_source(text: str) -> str:
    """Canonical name of a reporting source.

    "Gaza's Ministry of Health" -> "Gaza Ministry of Health"; "the UN's Palestinian refugee agency"
    -> "UNRWA" (alias table ``sources.tsv``); otherwise the phrase without leading determiners.
    """
    name = clean_source(re.sub(r"\s*\([A-Za-z.]{2,8}\)", "", text))   # "Ministry of Health (MoH) in Gaza"
    key = name.lower()
    aliases = _aliases()
    if key in aliases:
        return aliases[key]
    m = re.match(r"^official ([A-Z][\w-]+) sources$", name)
    if m:   # "official Israeli sources": the authorities of that country
        return f"{m.group(1)} authorities"
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
    if tok.ent_type_ and tok.ent_iob_ in ("B", "I"):   # a name runs to its end ("Committee to Protect Journalists")
        last = tok
        while last.i + 1 < len(tok.doc) and tok.doc[last.i + 1].ent_iob_ == "I":
            last = tok.doc[last.i + 1]
        end = max(end, last.idx + len(last))
    text = doc_text(tok.doc)[start:end]
    holder = _holder(tok)
    return _phrase(holder) if holder is not None else text


def _source_name(tok: Token) -> str:
    """A source's name: a person's fullest name, without title ("President Emmanuel Macron" ->
    "Emmanuel Macron"; "Mr Holt" -> "Jeremy Holt"), else the canonical name of its phrase."""
    if tok.ent_type_ == "PERSON" and _holder(tok) is None:
        doc = tok.doc
        start, end = tok.i, tok.i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return people(doc).name(doc[start:end].text, doc[start].idx)
    return canonical_source(_phrase(tok))


def _holder(tok: Token) -> Token | None:
    """The source a report noun names ("a statement from the UN children's fund" -> the fund)."""
    if tok.lemma_.lower() not in _report_nouns():
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
            obj = next((o for o in prep.children if o.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                return obj
    return None


def _according_to(sent: Span) -> tuple[Token, Token] | None:
    """(the source, the word its phrase hangs on) of "according to X" or "per X" in ``sent``."""
    text = doc_text(sent.doc)[sent.start_char:sent.end_char].lower()
    if "according" not in text and "per " not in text:
        return None
    doc = sent.doc
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            to = doc[tok.i + 1]
            objs = [c for c in to.children if c.dep_ == "pobj"]
            if objs:
                return objs[0], tok.head
            nxt = [t for t in doc[to.i + 1: sent.end] if t.pos_ in ("NOUN", "PROPN")]
            return (nxt[-1], tok.head) if nxt else None
        # "per the latest figures from MoH Gaza", "per OCHA": not a rate ("per cent", "per day")
        if tok.lower_ == "per" and tok.i + 1 < len(doc) and (doc[tok.i + 1].pos_ == "DET" or doc[tok.i + 1].ent_type_ == "ORG"):
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN") and (obj.ent_type_ == "ORG" or _holder(obj) is not None):
                return obj, tok.head
    return None


def _speaker(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN", "PRON"):
            return c
        if c.dep_ == "nsubjpass":
            # "deaths were reported by the ministry": the agent reports; "deaths were reported" names no one
            agent = next((a for a in verb.children if a.dep_ == "agent"), None)
            return next((o for o in agent.children if o.dep_ == "pobj"), None) if agent is not None else None
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
        #: sentence start -> (the word an "according to X" phrase hangs on, X)
        self._anchors: dict[int, tuple[int, Source]] = {}
        self._quoted = _quoted_speakers(doc)
        self._quote_starts = [lo for lo, _, _ in self._quoted]
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
        low = text.lower()
        according = "according to" in low or "per " in low
        previous: Source | None = None     # the source of the sentence before
        reported_past = False              # ... named with a past-tense verb ("the fund said")
        for sent in doc.sents:
            para = bisect.bisect_right(breaks, sent.start_char)
            if para != last_para and last is not None and not _continues(sent):
                last = None
            last_para = para
            entries: list[tuple[int | None, Source]] = []
            acc = _according_to(sent) if according else None
            if acc is not None:
                src = Source(_source_name(acc[0]), "source")
                entries.append((None, src))
                self._anchors[sent.start] = (acc[1].i, src)
            lo, hi = bisect.bisect_left(verb_at, sent.start), bisect.bisect_left(verb_at, sent.end)
            for tok in (doc[k] for k in verb_at[lo:hi]):
                if tok.pos_ in ("VERB", "AUX"):
                    spk = _speaker(tok)
                    if spk is None:
                        continue
                    if spk.lower_ in word_group("pronouns", "reporter"):
                        src = last if last is not None else Source(None, "unknown")
                    else:
                        src = Source(_source_name(spk), "source")
                    entries.append((tok.i, src))
            first = sent[0].lower_ if len(sent) else ""
            opening = text[sent.start_char:min(sent.end_char, sent.start_char + 40)].lower().lstrip()
            starts_author = first in _author_cues() or any(opening.startswith(c + " ") for c in _author_cues())
            if starts_author:
                entries = [(v, s) for v, s in entries if v is not None]
                entries.append((None, _AUTHOR))
            elif not entries:
                if previous is not None and _goes_on(sent, reported_past):
                    entries.append((None, previous))
                elif doc_source is not None:
                    entries.append((None, doc_source))
            self._by_sent[sent.start] = entries
            sourced = [s for _, s in entries if s.attribution == "source"]
            previous = sourced[-1] if sourced else None
            reported_past = any(v is not None and doc[v].tag_ == "VBD" for v, s in entries if s in sourced)
            if sourced:
                last = sourced[-1]
            elif starts_author:
                last = None

    def for_token(self, tok: Token) -> Source:
        """The source of the figure at ``tok``: the speaker of the quote it stands in, else the
        reporting verb governing it, else the sentence's."""
        k = bisect.bisect_right(self._quote_starts, tok.idx) - 1
        if k >= 0 and tok.idx < self._quoted[k][1]:
            return self._quoted[k][2]
        entries = self._by_sent.get(tok.sent.start, [])
        if not entries:
            return _AUTHOR
        governing = [(tok.doc[i], src) for i, src in entries if i is not None]
        anchor = self._anchors.get(tok.sent.start)
        # "according to X" where it governs the figure ("..., which killed 50, according to Macron"),
        # else the first reporting verb that does ("The Times said officials had estimated ...")
        if anchor is not None and tok.doc[anchor[0]].is_ancestor(tok):
            return anchor[1]
        for head, src in governing:
            if head.is_ancestor(tok):
                return src
        for i, src in entries:
            if i is not None and tok.is_ancestor(tok.doc[i]):
                return src
        for verb, src in entries:
            if verb is None:
                return src
        # A reporting verb elsewhere in the sentence does not govern this figure.
        return _AUTHOR


@cache
def _anaphora() -> frozenset[str]:
    return frozenset(load_lexicon("report_anaphora"))


def _goes_on(sent: Span, reported_past: bool) -> bool:
    """Whether a sentence naming no source of its own goes on with the report of the sentence before.

    It does when it refers back to what that report counted ("These fatalities include ...",
    "In three of these incidents", "This brings the toll to ..."), when it is reported itself
    without a reporter ("2,700 others have been reported missing"), or when its verb is set back
    in the past perfect after a past-tense report ("..., the fund said. Seven more children had
    died ..."). Any other sentence is the article's own.
    """
    for tok in sent:
        low = tok.lower_
        if low in _anaphora() and (tok.pos_ == "PRON" or tok.dep_ == "nsubj"
                                   or tok.dep_ == "det" and not tok.head.ent_type_ in ("DATE", "TIME")):
            return True
        if tok.dep_ == "auxpass" and tok.head.lemma_.lower() in _verbs() \
                and not any(c.dep_ == "agent" for c in tok.head.children):
            return True
    root = sent.root
    return reported_past and root.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in root.children)


def _quoted_speakers(doc: Doc) -> list[tuple[int, int, Source]]:
    """(start, end, speaker) of every quoted stretch whose speaker is known: a number in quotation
    marks is reported by who is quoted ("“Hundreds of thousands have died,” Corbyn said")."""
    # imported here: quotes name their speakers through this module (canonical_source)
    from sitrep.extractors.quotes import quote_records

    out = []
    for q in quote_records(doc):
        if q.kind in ("direct", "partial") and q.speaker:
            out += [(lo, hi, Source(q.speaker, "source")) for lo, hi in q.parts]
    out.sort(key=lambda r: r[0])
    return out


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
