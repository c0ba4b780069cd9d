"""Extract stage, dates: the date of an incident, chosen from the article's date expressions and the parse.

``date_for`` ranks the expressions in and around an incident's sentences by where they sit and
what they hang from in the dependency parse (an incident word, a follow-up verb); the work done
once per article (``DocDates``) is kept in its DocContext.
"""

from __future__ import annotations

import re
import weakref
from datetime import date
from functools import cache

from spacy.tokens import Doc

from sitrep.extractors.context import doc_context, doc_text
from sitrep.extractors.dates.grammar import YEAR, words
from sitrep.extractors.dates.resolve import parse_published
from sitrep.extractors.dates.scan import article_date, find_dates
from sitrep.resources import load_lexicon, thresholds
from sitrep.types import DateRef


class DocDates:
    """Per-Doc work for ``date_for``: the date expressions, which can date an incident, the article's date."""

    __slots__ = ("doc", "text", "refs", "incident", "article", "published", "_late")

    def __init__(self, doc: Doc) -> None:
        text, self.published = doc_text(doc), doc._.published
        self.text = text  # Doc.text joins its tokens on every access
        self.doc = weakref.proxy(doc)
        self.refs = find_dates(text, self.published)
        pub = parse_published(self.published)
        # a dated day, week, month or range, not a byline date, and not after publication
        dated = [r.kind in ("point", "range") and r.date is not None
                 and (pub is None or date.fromisoformat(r.date) <= pub) for r in self.refs]
        head = thresholds()["dates"]["article_header_chars"]  # bylines and datelines sit at the top
        stamp = [r.start < head and _STAMP_AFTER.match(text, r.end) is not None
                 and _YEAR_RX.search(r.text) is not None for r in self.refs]
        self.incident = [ok and not st and not _not_incident().search(text[max(0, r.start - 30):r.start])
                         for r, ok, st in zip(self.refs, dated, stamp)]
        own = article_date(text)
        if own is None or (pub is not None and own.date > pub.isoformat()):
            # a year-less dateline ("KYIV, June 6 (Reuters) -"), resolved against publication
            limit = thresholds()["dates"]["article_date_chars"]
            own = next((r for r, ok in zip(self.refs, dated) if ok and r.start < limit
                        and "." not in text[:r.start] and "\n" not in text[:r.start].strip()), None)
        self.article = own
        self._late: dict[int, bool] = {}

    def role(self, i: int) -> int:
        """How ref ``i`` hangs in the parse: 0 from an incident word (shot, attack), 1 from another
        word, 2 from a follow-up verb (said, arrested, died). Parsed on demand, once."""
        got = self._late.get(i)
        if got is None:
            head = _attached_word(self.doc, self.refs[i])
            got = self._late[i] = 0 if head in _incident_words() else 2 if head in _late_verbs() else 1
        return got

    def sentence(self, i: int) -> int:
        """Index (token offset) of the sentence that ref ``i`` starts in."""
        span = self.doc.char_span(self.refs[i].start, self.refs[i].end, alignment_mode="expand")
        if span is None or not self.doc.has_annotation("SENT_START"):
            return 0
        return span[0].sent.start

    def late(self, i: int) -> bool:
        """Whether ref ``i`` hangs from a follow-up verb (said, arrested, died...)."""
        return self.role(i) == 2


#: after a full date: a dateline's "(February 13, 2014) –" or a timestamp's "12:04 AM" -- the
#: article's date, not an incident's
_STAMP_AFTER = re.compile(r"\s*\)\s*[–—-]|,?\s*\d{1,2}:\d\d\s*(?:[AaPp]\.?[Mm]\b|\d|[A-Z]{2,4}\b)")
_YEAR_RX = re.compile(YEAR)



@cache
def _not_incident() -> re.Pattern[str]:
    """The end of a text just before a date that makes it a stamp ("Updated on", "born in")."""
    return re.compile(r"(?i)\b(?:" + words("date_stamp_words") + r")\b[\s:,]*(?:on|in)?\s*$")


@cache
def _late_verbs() -> frozenset[str]:
    return frozenset(load_lexicon("date_late_verbs"))


@cache
def _passive_event_verbs() -> frozenset[str]:
    return frozenset(load_lexicon("date_passive_event_verbs"))


@cache
def _incident_words() -> frozenset[str]:
    return frozenset(load_lexicon("date_incident_words"))


def _attached_word(doc: Doc, ref: DateRef) -> str | None:
    """Lemma of the word a date expression hangs from in the dependency parse: the clause's verb,
    or an incident noun on the way ("a Saturday shooting", "the attack on Monday")."""
    if not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return None
    incident = _incident_words()
    tok = span.root
    for _ in range(6):
        outside = not span.start <= tok.i < span.end
        lemma = tok.lemma_.lower()
        if outside and tok.pos_ == "NOUN" and lemma in incident:
            return lemma
        if outside and tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound"):
            if lemma in _passive_event_verbs() and any(c.dep_ == "auxpass" for c in tok.children):
                return None  # "shots were reported Monday": the report is the event
            if lemma in _late_verbs() and tok.i >= span.end:
                # "... shot his father Wednesday evening, March 7, police said": the small parser
                # hangs a date closing the reported clause from the verb of saying after it
                told = [c for c in tok.children if c.dep_ == "ccomp" and c.i < span.start]
                if told:
                    tok = told[-1]
                    continue
            if lemma in _late_verbs() and tok.i < span.start and _incident_just_before(doc, span.start, tok.i):
                # "charged a man over the shooting at a mall on March 2": the small parser hangs the
                # date of the incident's own phrase from the follow-up verb
                return _incident_just_before(doc, span.start, tok.i)
            return lemma  # "an identifying militia" is no clause
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _incident_just_before(doc: Doc, start: int, after: int) -> str | None:
    """The lemma of an incident noun that the noun phrase just before token ``start`` begins with,
    after token ``after`` and with no verb between ("over the shooting at a mall | on March 2")."""
    incident = _incident_words()
    for i in range(start - 1, max(after, start - 8), -1):
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX") or tok.is_punct and tok.text in ",;":
            return None
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in incident:
            return tok.lemma_.lower()
    return None


def _doc_dates(doc: Doc) -> DocDates:
    ctx = doc_context(doc)
    if ctx.dates is None or ctx.dates.published != doc._.published:
        ctx.dates = DocDates(doc)
    return ctx.dates


def _following_end(doc: Doc, end_char: int, limit: int) -> int:
    """End of the sentences after ``end_char`` (up to ``limit``) that may still tell the same incident."""
    n_max = thresholds()["dates"]["follow_sentences"]
    if n_max <= 0 or end_char >= limit or not doc.has_annotation("SENT_START"):
        return end_char
    span = doc.char_span(end_char, limit, alignment_mode="expand")
    if span is None:
        return end_char
    end, n = end_char, 0
    for sent in span.sents:
        if sent.end_char <= end_char:
            continue
        end, n = sent.end_char, n + 1
        if n >= n_max:
            break
    return min(end, limit)


def date_for(doc: Doc, start_char: int, end_char: int) -> tuple[str | None, int]:
    """The date of the incident described in ``doc.text[start_char:end_char]`` (a sentence or two).

    Tried in order, each among expressions that can date an incident (a day, week, month or range
    not after publication; not a byline's "updated on", a dateline or a timestamp):

    1. inside the span: in its first sentence that has one (an opening "On 6 June 2025, ..." frames
       the rest), an exact day before a week, one hanging from an incident word ("shot Saturday",
       "a Saturday shooting") before any other -- not one hanging from a follow-up verb;
    2. the nearest one before the span in the same paragraph;
    3. the first one in the few sentences after it, in the same paragraph ("... police said. The
       shooting happened Saturday night");
    4. one hanging from a follow-up verb ("was arrested Monday", "police said Monday"), inside the
       span, then after it, then before it in the same paragraph;
    5. a month alone ("in March"), inside the span, then before it;
    6. the article's own date: an opening full date, a dateline, a date line under the headline;
    7. the publication date, at precision 2.

    Args:
        doc: a parsed Doc; ``doc._.published`` (YYYY-MM-DD) anchors relative dates.
        start_char: start of the incident's text.
        end_char: end of the incident's text.

    Returns:
        ``(ISO date, time_precision)``; ``(None, 3)`` when nothing dates the incident.
    """
    dd = _doc_dates(doc)
    for tier in _tiers(dd, doc, start_char, end_char):
        if tier:
            return _refined(dd, tier[0])
    if dd.article is not None:
        return dd.article.date, dd.article.precision
    pub = parse_published(dd.published)
    if pub is not None:
        return pub.isoformat(), 2
    return None, 3


def _tiers(dd: DocDates, doc: Doc, start_char: int, end_char: int) -> tuple[list[int], ...]:
    """The refs that may date the incident of ``start_char:end_char``, tier by tier (see ``date_for``)."""
    text, refs = dd.text, dd.refs
    para_start = text.rfind("\n", 0, start_char) + 1
    para_end = text.find("\n", end_char)
    para_end = len(text) if para_end < 0 else para_end
    follow_end = _following_end(doc, end_char, para_end)
    inside = [i for i, r in enumerate(refs) if dd.incident[i] and start_char <= r.start and r.end <= end_char]
    before = [i for i, r in enumerate(refs) if dd.incident[i] and para_start <= r.start and r.end <= start_char]
    after = [i for i, r in enumerate(refs) if dd.incident[i] and end_char <= r.start and r.end <= follow_end]

    def ok(i: int, late: bool, week: bool = True) -> bool:
        return dd.late(i) == late and (refs[i].precision <= 2) == week

    def by_rank(i: int) -> tuple[int, int, int, int]:
        # the first sentence of the span that has a date frames the incident ("On 6 June 2025, ...");
        # within it an exact day first, then one hanging from an incident word
        return dd.sentence(i), refs[i].precision, dd.role(i), refs[i].start

    return (
        sorted((i for i in inside if ok(i, False)), key=by_rank),
        [i for i in reversed(before) if ok(i, False)],
        [i for i in after if ok(i, False)],
        sorted((i for i in inside if ok(i, True)), key=by_rank),
        [i for i in after if ok(i, True)],
        [i for i in reversed(before) if ok(i, True)],
        # a month alone ("in March") only where no day or week is told anywhere near
        sorted((i for i in inside if ok(i, False, False)), key=by_rank),
        [i for i in reversed(before) if ok(i, False, False)],
    )


def _refined(dd: DocDates, i: int) -> tuple[str | None, int]:
    """Ref ``i``'s date, or, for a week ("last week", "over the weekend"), the exact day a later
    sentence gives inside it ("... was shot last Thursday"): the incident told more precisely."""
    ref = dd.refs[i]
    if ref.precision == 2 and ref.period_start and ref.period_end:
        inside = [j for j in range(i + 1, len(dd.refs)) if dd.incident[j] and dd.refs[j].precision == 1
                  and dd.refs[j].date and ref.period_start <= dd.refs[j].date <= ref.period_end]
        # a day told of the incident itself first, else of what followed it ("was arrested Sunday")
        for j in sorted(inside, key=dd.late):
            return dd.refs[j].date, 1
    return ref.date, ref.precision


def doc_dates(doc: Doc) -> list[DateRef]:
    """Every date expression of ``doc`` (``find_dates`` over its text), computed once per Doc."""
    return _doc_dates(doc).refs
