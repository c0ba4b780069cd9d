"""Extract stage: events, one per incident, assembled from typed sentences, casualties, places and dates."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.tokens import Doc, Span, Token

from sitrep.extractors.actors import country_of, event_actors
from sitrep.extractors.attribution import attribute
from sitrep.extractors.casualties import Casualty, sentence_casualties
from sitrep.extractors.context import doc_text
from sitrep.extractors.dates import date_for, doc_dates
from sitrep.extractors.event_types import (
    EventTyping,
    Rejected,
    article_quotes,
    type_sentence,
)
from sitrep.extractors.locations import listed_locations, shares
from sitrep.extractors.places import km, place_in, places_named
from sitrep.extractors.reported import (
    Verdict,
    dated_elsewhere,
    general_verdict,
    history_verdict,
    old_date,
    old_places,
    period_verdict,
    toll_verdict,
)
from sitrep.resources import load_lexicon, load_table, thresholds, word_group
from sitrep.types import DroppedEvent, Event, Figure, Place

logger = logging.getLogger(__name__)

_CASUALTY_LEXICONS = ("casualty_killing_verbs", "casualty_dying_verbs", "casualty_injuring_verbs")


@dataclass(frozen=True, slots=True)
class _Markers:
    separate_start: tuple[tuple[str, ...], ...]
    separate_mod: frozenset[str]
    anaphor: frozenset[str]
    elsewhere: tuple[str, ...]
    follow_up: frozenset[str]
    furniture: tuple[str, ...]
    casualty_verbs: frozenset[str]
    demonstration: tuple[str, ...]


@cache
def _markers() -> _Markers:
    rows = load_table("event_markers")
    verbs: set[str] = set()
    for name in _CASUALTY_LEXICONS:
        verbs.update(load_lexicon(name))
    return _Markers(
        separate_start=tuple(tuple(r["phrase"].split()) for r in rows if r["kind"] == "separate_start"),
        separate_mod=frozenset(r["phrase"] for r in rows if r["kind"] == "separate_mod"),
        anaphor=frozenset(r["phrase"] for r in rows if r["kind"] == "anaphor"),
        elsewhere=tuple(r["phrase"] for r in rows if r["kind"] == "elsewhere"),
        follow_up=frozenset(r["phrase"] for r in rows if r["kind"] == "follow_up"),
        furniture=tuple(r["phrase"] for r in rows if r["kind"] == "furniture"),
        casualty_verbs=frozenset(verbs),
        demonstration=tuple(r["phrase"] for r in rows if r["kind"] == "demonstration"),
    )


@dataclass(slots=True)
class _Sentence:
    """One sentence and what it tells about an incident."""

    index: int
    span: Span
    typing: object | None
    casualties: list[Casualty]
    figures: list[Figure]
    trigger: Token | None = None
    date: tuple[str | None, int] | None = None
    place: Place | None = None
    rejected: Rejected | None = None


@dataclass(slots=True)
class _Incident:
    """Sentences that tell one incident: the typed ones and those that elaborate it."""

    sentences: list[_Sentence] = field(default_factory=list)
    #: later incidents of the same day, place and sub-type, which ACLED codes as this one event
    joined: list[_Incident] = field(default_factory=list)

    @property
    def first(self) -> _Sentence:
        return self.sentences[0]

    @property
    def typed(self) -> _Sentence:
        """The sentence the incident is typed from: the first typed one, unless it reports no
        casualties and a surer typing later does ("Bombs fell on X. ... airstrikes killed seven")."""
        typed = [s for s in self.sentences if s.typing is not None]
        first = typed[0]
        outcome = _demonstration_outcome(typed) or _means_told_later(typed)
        if outcome is not None:
            return outcome
        if first.casualties or first.figures:
            return first
        hurt = [s for s in typed[1:] if (s.casualties or s.figures) and s.typing.score > first.typing.score]
        return hurt[0] if hurt else first

    @property
    def last_index(self) -> int:
        return self.sentences[-1].index

    def _typed_first(self) -> list[_Sentence]:
        """The sentence the incident is typed from, then the others in text order."""
        typed = self.typed if any(s.typing is not None for s in self.sentences) else None
        return [typed, *(s for s in self.sentences if s is not typed)] if typed else self.sentences

    @property
    def place(self) -> Place | None:
        return next((s.place for s in self._typed_first() if s.place is not None), None)

    @property
    def date(self) -> tuple[str | None, int]:
        for s in self._typed_first():
            if s.date is not None and s.date[0] is not None:
                return s.date
        return None, 2


def _demonstration_outcome(typed: list[_Sentence]) -> _Sentence | None:
    """For a demonstration told over several sentences, the one that tells what it came to (protesters'
    violence, then force against them, then intervention: ``event_markers.tsv`` "demonstration"),
    when the first tells a peaceful one; else None."""
    order = _markers().demonstration
    ranked = [s for s in typed if s.typing.sub_event_type.lower() in order]
    if not ranked or ranked[0] is not typed[0] or typed[0].typing.sub_event_type.lower() != order[-1]:
        return None
    return min(ranked, key=lambda s: order.index(s.typing.sub_event_type.lower()))


def _means_told_later(typed: list[_Sentence]) -> _Sentence | None:
    """For an attack whose means a later sentence tells ("Soldiers were hit in a coordinated attack.
    ... The attack was carried out with grenades"), that sentence: ACLED types an attack by its
    means. A battle outranks the shelling within it, so only an Attack is refined."""
    if typed[0].typing.sub_event_type != "Attack":
        return None
    return next((s for s in typed[1:] if s.typing.event_type == "Explosions/Remote violence"), None)


def _token_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _starts_with(sent: Span, phrases: tuple[tuple[str, ...], ...]) -> bool:
    words = [t.lower_ for t in sent[:5] if not t.is_punct]
    return any(tuple(words[:len(p)]) == p for p in phrases)


def _separate(s: _Sentence) -> bool:
    """Whether the sentence says it reports a further incident ("Also, ...", "another strike")."""
    m = _markers()
    if _starts_with(s.span, m.separate_start):
        return True
    trig = s.trigger
    if trig is None:
        return False
    near = [trig, *trig.children]
    if trig.dep_ in ("dobj", "nsubj", "nsubjpass", "compound"):
        near.extend(trig.head.children)  # "another strike hit", "a separate shooting incident"
    # "three other men were hurt in a separate shooting incident"
    near.extend(g for c in trig.children if c.dep_ == "prep" and c.lower_ in ("in", "during")
                for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in m.anaphor for g in p.children)
    if any(t.lower_ in m.separate_mod and t.dep_ in ("advmod", "amod", "det") for t in near):
        return True
    # "..., also killing 2 people": further victims of a further strike
    return any(t.lower_ == "also" and t.dep_ == "advmod" and t.head.lemma_.lower() in m.casualty_verbs
               for t in s.span)


def _refers_back(s: _Sentence) -> bool:
    """Whether the sentence names an incident already told ("the strike", "the shooting")."""
    anaphor, definite = _markers().anaphor, word_group("determiners", "definite")
    for tok in s.span:
        if tok.lemma_.lower() in anaphor and tok.pos_ == "NOUN" and any(
                c.dep_ in ("det", "poss") and (c.lower_ in definite or c.pos_ == "PRON") for c in tok.children):
            return True
    return False


def _places_differ(a: Place | None, b: Place | None, split_km: float) -> bool:
    """Two places too far apart for one incident (a town and its district, or a region and a town
    in it, are the same incident told at two scales)."""
    if a is None or b is None or a.name == b.name:
        return False
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return True
    if None in (a.lat, a.lon, b.lat, b.lon) or max(a.geo_precision, b.geo_precision) >= 3:
        return False
    return km((a.lat, a.lon), (b.lat, b.lon)) > split_km


def _once(s: _Sentence, incident: _Incident) -> tuple[list[Figure], list[Casualty]]:
    """The sentence's figures and victim phrases, each worded phrase once: pages that print a caption
    and then the story run together ("... a man who shot one woman ... the gunman who shot one woman")."""
    text = doc_text(s.span.doc) if s.span is not None else ""
    seen: set[tuple] = set()
    figures, casualties = [], []
    for f in s.figures:
        key = ("f", f.category, f.value, (f.unit or "").lower())
        if key not in seen:
            seen.add(key)
            figures.append(f)
    articles = word_group("determiners", "article")
    for c in s.casualties:
        # "... rushed to hospital A teenager who was shot ...": a headline run into the story
        words = [w for w in text[c.start:c.end].lower().split() if w not in articles] if text else [id(c)]
        key = ("c", c.category, c.count, " ".join(map(str, words)))
        if key not in seen:
            seen.add(key)
            casualties.append(c)
    return figures, casualties


_PARTITIVE = re.compile(r"\s+of\s+(?:them|whom|those)\b", re.IGNORECASE)


def _partitive(s: _Sentence, f: Figure) -> bool:
    """Whether the figure counts part of a group told just before it ("one of them", "two of whom")."""
    if s.span is None:
        return False
    return _PARTITIVE.match(doc_text(s.span.doc), f.end) is not None


def _count(incident: _Incident) -> tuple[int | None, int | None]:
    """(fatalities, injured) of an incident, as ACLED counts: each victim once, perpetrators included.

    Within a sentence new victims add up, and so do the dead "he"/"himself" (the gunman who then shot
    himself), while "the victim", "one of them" or a wounded "he" is someone already counted; across
    sentences a report is re-told more often than extended, so the largest sentence count stands. A later death of someone
    already reported wounded ("He died at the hospital") moves that person from injured to killed,
    and "was shot" told of someone another sentence reports dead adds no injured person.
    """
    killed = moved = 0
    any_killed = any_injured = False
    per_sentence: list[tuple[int, int, int, int]] = []  # killed; injured: new, new only "hit", told before
    for s in incident.sentences:
        figures, casualties = _once(s, incident)
        k = sum(int(f.value) for f in figures if f.category == "killed")
        strong = sum(int(f.value) for f in figures if f.category == "injured")
        weak = told = told_pronoun = k_definite = 0
        # "shot two women, killing one of them": the dead are among the wounded just told
        k_ref = sum(int(f.value) for f in figures if f.category == "killed" and _partitive(s, f))
        any_killed |= any(f.category == "killed" for f in figures)
        any_injured |= any(f.category == "injured" for f in figures)
        for c in casualties:
            if c.count is None:
                continue  # "killing everyone inside": a number the text leaves open
            n = c.count
            if c.category == "killed":
                any_killed = True
                if c.referential and not c.pronoun:
                    k_definite = max(k_definite, n)
                else:
                    k += n
                k_ref += n if c.referential else 0
            else:
                any_injured = True
                if c.pronoun:
                    told_pronoun = max(told_pronoun, n)  # "the victim's arm ... and he was taken": one man
                elif c.referential:
                    told += n
                elif c.weak:
                    weak += n
                else:
                    strong += n
        told = max(told, told_pronoun)
        k = max(k, k_definite)
        raised = max(0, k - killed)
        if k_ref and raised:
            moved += min(raised, k_ref)
        killed = max(killed, k)
        per_sentence.append((k, strong, weak, told))
    injured = 0
    for k, strong, weak, told in per_sentence:
        # the dead told of in other sentences were shot too: "was shot" there is not another person;
        # "the victim was shot" may be any of the dead
        elsewhere = max(0, killed - k)
        # those who died of their wounds leave the wounded once: "was shot" victims already lose
        # the dead told elsewhere, and those are the same people
        injured = max(injured, strong - moved, strong + weak - max(elsewhere, moved), told - killed - moved)
    return (killed if any_killed else None), (injured if any_injured else None)


def _reported_by(incident: _Incident, doc: Doc) -> str | None:
    """Who the figures name as source, else who the sentences that tell the incident (those typed as
    one, those with its counts) are attributed to: the source of the report, not someone
    quoted about it in a sentence that only comments ("The minister condemned the attack")."""
    for s in incident.sentences:
        for f in s.figures:
            if f.reported_by:
                return f.reported_by
    attributions = attribute(doc)  # built only for the articles that need it
    telling = [s for s in incident.sentences if s.typing is not None or s.figures or any(c.count for c in s.casualties)]
    for s in telling:
        tok = s.trigger or s.span.root
        src = attributions.for_token(tok)
        if src.attribution == "source" and src.reported_by:
            return src.reported_by
    return None


def _victim_tokens(incident: _Incident, doc: Doc) -> list[Token]:
    out = []
    for s in incident.sentences:
        for item in [*s.casualties, *s.figures]:
            tok = _token_at(doc, item.start, item.end)
            if tok is not None and tok.like_num and tok.head is not tok:
                tok = tok.head
            if tok is not None:
                out.append(tok)
    return out


def _published(doc: Doc) -> date | None:
    try:
        return date.fromisoformat(doc._.published) if doc._.published else None
    except ValueError:
        return None


def _told_elsewhere(span: Span) -> bool:
    """Casualties of many incidents or of none in particular ("killed at unspecified locations")."""
    lower = " ".join(span.text.lower().split())
    return any(cue in lower for cue in _markers().elsewhere)


def _links_at(span: Span) -> int | None:
    """Offset in the sentence's text where links to other stories start ("More: Two charged with
    murder ...", "RELATED: ..."), or None."""
    text = doc_text(span.doc)[span.start_char:span.end_char]
    at = [k for k in (text.find(m) for m in _markers().furniture)
          if k >= 0 and (k == 0 or not text[k - 1].isalnum())]
    return min(at) if at else None


def _sentences(doc: Doc, figures: Sequence[Figure]) -> list[_Sentence]:
    out = []
    quotes = article_quotes(doc)
    in_links = False  # the last sentence ran into a list of links: a headline goes on in this one
    for i, sent in enumerate(doc.sents):
        at = _links_at(sent)
        span = sent
        if at is not None:
            # the sentence up to its links; none of it when it continues a list of them
            cut = None if in_links else doc.char_span(sent.start_char, sent.start_char + at,
                                                       alignment_mode="contract")
            span = cut if cut is not None and len(cut) >= 3 else None
        in_links = at is not None
        if span is None:
            out.append(_Sentence(i, sent, None, [], []))
            continue
        typing, rejected = type_sentence(span, quotes)
        casualties, counted = sentence_casualties(span, figures)
        if (casualties or counted) and _told_elsewhere(span):
            casualties, counted = [], []
        out.append(_Sentence(i, span, typing, casualties, counted, rejected=rejected))
    return out


def _describe(s: _Sentence, doc: Doc) -> None:
    """Fill in the trigger token, date and place of a typed sentence."""
    s.trigger = _token_at(doc, s.typing.trigger_start, s.typing.trigger_end)
    s.date = date_for(doc, s.span.start_char, s.span.end_char)
    s.place = place_in(doc, s.span.start_char, s.span.end_char)


def _names_place(s: _Sentence) -> bool:
    """Whether the sentence names its place itself (not one carried over from earlier text)."""
    return s.place is not None and s.place.name.lower() in doc_text(s.span.doc)[
        s.span.start_char:s.span.end_char].lower()


def _joins(s: _Sentence, cur: _Incident, limits: dict) -> bool:
    gap = s.index - cur.last_index
    if _separate(s):
        return False
    if _names_place(s) and _places_differ(s.place, cur.place, limits["split_km"]):
        return False
    when, precision = cur.date
    if s.date is not None and s.date[0] is not None and when is not None and s.date[0] != when \
            and s.date[1] == 1 and precision == 1:
        return False
    return gap <= limits["merge_gap"] or (gap <= limits["anaphora_gap"] and _refers_back(s))


def _same_day(doc: Doc, s: _Sentence, when: str | None) -> bool:
    if when is None:
        return True
    own = date_for(doc, s.span.start_char, s.span.end_char)[0]
    return own is None or own == when


def _dropped(s: _Sentence, typing: EventTyping, verdict: Verdict) -> DroppedEvent:
    text = doc_text(s.span.doc)
    return DroppedEvent(
        sub_event_type=typing.sub_event_type, start=s.span.start_char, end=s.span.end_char,
        text=text[s.span.start_char:s.span.end_char], reason=verdict.reason, detail=verdict.detail,
        trigger=text[typing.trigger_start:typing.trigger_end],
    )


def _assemble(doc: Doc, figures: Sequence[Figure]) -> tuple[list[_Incident], list[DroppedEvent]]:
    limits = thresholds()["events"]
    gap = limits["elaboration_gap"]
    published = _published(doc)
    incidents: list[_Incident] = []
    dropped: list[DroppedEvent] = []
    cur: _Incident | None = None
    pending: list[_Sentence] = []  # casualty sentences before any incident ("Man dies after shooting")
    sentences = _sentences(doc, figures)
    for s in sentences:
        if s.rejected is not None:
            dropped.append(_dropped(s, s.rejected.typing, s.rejected.verdict))
        tolls = [f for f in figures if s.span.start_char <= f.start < s.span.end_char
                 and f.category in ("killed", "injured") and f.scope != "incident"]
        if s.typing is not None:
            _describe(s, doc)
            toll, day = toll_verdict(s.span, tolls, bool(s.figures) or any(c.count for c in s.casualties),
                                     limits["day_report_days"])
            if toll is not None:
                dropped.append(_dropped(s, s.typing, toll))
                continue
            s.figures.extend(day)  # a day's report counts its dead and injured
            period = period_verdict(s.span, s.trigger,
                                    [r for r in doc_dates(doc) if s.span.start_char <= r.start < s.span.end_char],
                                    limits["day_report_days"], limits["week_days"])
            if period is not None:
                dropped.append(_dropped(s, s.typing, period))
                continue
            history = old_date(s.span, published, limits["history_days"])
            if history is not None:
                # history told with its date: no incident, and its casualties are no one else's
                dropped.append(_dropped(s, s.typing, history))
                continue
            if cur is not None and _joins(s, cur, limits):
                cur.sentences.append(s)
            else:
                lead = [p for p in pending if s.index - p.index <= gap and _same_day(doc, p, (s.date or (None,))[0])]
                cur = _Incident([*lead, s])
                incidents.append(cur)
            pending = []
        elif (s.casualties or s.figures) and old_date(s.span, published, limits["history_days"]) is None:
            # (a toll of an old war told in passing, "2,251 were killed in the 2014 escalation", elaborates nothing)
            if cur is not None and s.index - cur.last_index <= gap:
                if _same_day(doc, s, cur.date[0]):
                    cur.sentences.append(s)
            else:
                pending.append(s)
    candidates = [s.span for s in sentences if s.typing is not None or s.rejected is not None]
    kept = _reported(doc, incidents, published, limits, dropped, candidates)
    return _distinct(kept, dropped, limits), dropped


def _reported(doc: Doc, incidents: list[_Incident], published: date | None, limits: dict,
              dropped: list[DroppedEvent], candidates: list[Span]) -> list[_Incident]:
    """The incidents the article reports as news; the others go to ``dropped`` with the reason."""
    days = limits["history_days"]
    old = {id(inc): history_verdict(published, inc.date[0], days) for inc in incidents}
    dated = old_places(doc, candidates, published, days)
    follows = {id(inc): dated_elsewhere(doc, [(s.span.start_char, s.span.end_char) for s in inc.sentences],
                                        inc.place, dated) for inc in incidents}
    verdicts = {k: old[k] or follows[k] for k in old}
    recent = [inc for inc in incidents if verdicts[id(inc)] is None]
    # An old incident is background to a recent one ("a month after the shooting, another ..."), but
    # it is the story itself where all that is recent is an arrest, a charge or a trial step about it,
    # or where nothing is recent: an article about a trial, an anniversary's new findings. Only an
    # incident told to the day is such a story, and a follow-up of it is still no incident of its own.
    follow_up = _markers().follow_up
    if all(inc.typed.typing.sub_event_type.lower() in follow_up for inc in recent):
        recent += [inc for inc in incidents if old[id(inc)] is not None and follows[id(inc)] is None
                   and inc.date[1] == 1]
    kept = {id(inc) for inc in recent}
    out = []
    for inc in incidents:
        counted = any(f.category in ("killed", "injured") for s in inc.sentences for f in s.figures) or any(
            c.count for s in inc.sentences for c in s.casualties)
        verdict = verdicts[id(inc)] if id(inc) not in kept else general_verdict(
            inc.typed.span, inc.typed.trigger, counted, limits["general_min_chars"])
        if verdict is None:
            out.append(inc)
        else:
            dropped.append(_dropped(inc.typed, inc.typed.typing, verdict))
    return out


def _definite(tok: Token) -> bool:
    """"the attack", "this strike", "Saturday's bombing": a noun that names an incident already known."""
    definite = word_group("determiners", "definite")
    return any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in definite for c in tok.children)


def _retold(inc: _Incident, earlier: list[_Incident], limits: dict) -> _Incident | None:
    """The earlier incident that ``inc`` only names again ("investigators of the attack", "after
    Saturday's attack"), or None: its trigger is a definite noun, it counts no one, and no place or
    day of its own sets it apart."""
    s = inc.typed
    if s.trigger is None or s.trigger.pos_ != "NOUN" or not _definite(s.trigger) or any(_count(inc)):
        return None
    for e in reversed(earlier):
        if e.typed.typing.event_type != s.typing.event_type:
            continue
        if _names_place(s) and _places_differ(s.place, e.place, limits["split_km"]):
            continue
        when, precision = e.date
        if s.date is not None and s.date[1] == 1 and precision == 1 and s.date[0] != when:
            continue
        return e
    return None


def _same_event(inc: _Incident, earlier: list[_Incident]) -> _Incident | None:
    """The earlier incident of the same day, town and sub-type, which ACLED codes together with this
    one as one event ("one event per day, location, sub-type"), or None."""
    when, precision = inc.date
    place = inc.place
    if when is None or precision != 1 or place is None or place.geo_precision > 2 or not _names_place(inc.typed):
        return None  # a place carried over from the article is no evidence that two reports share one
    for e in earlier:
        if e.typed.typing.sub_event_type == inc.typed.typing.sub_event_type and e.date == (when, 1) \
                and _names_place(e.typed) and e.place == place:
            return e
    return None


def _counts(inc: _Incident) -> tuple[int | None, int | None]:
    """(fatalities, injured) of an incident and those ACLED codes with it: a further incident told
    as one ("another strike hit the town") adds its dead; a retelling of the same one does not."""
    killed, injured = _count(inc)
    for other in inc.joined:
        k, i = _count(other)
        add = _separate(other.typed)
        killed = _combine(killed, k, add)
        injured = _combine(injured, i, add)
    return killed, injured


def _combine(a: int | None, b: int | None, add: bool) -> int | None:
    if a is None or b is None:
        return a if b is None else b
    return a + b if add else max(a, b)


def _distinct(incidents: list[_Incident], dropped: list[DroppedEvent], limits: dict) -> list[_Incident]:
    """Drop an incident whose opening sentence repeats an earlier one's (pages that print a story
    twice), that names an earlier one again, or that ACLED codes with an earlier one as one event
    (same day, town and sub-type: its dead count there)."""
    seen: set[str] = set()
    out: list[_Incident] = []
    for inc in incidents:
        key = " ".join(inc.typed.span.text.split())
        told = _retold(inc, out, limits)
        same = None if told is not None else _same_event(inc, out)
        if key in seen:
            dropped.append(_dropped(inc.typed, inc.typed.typing, Verdict("duplicate", key[:60])))
        elif told is not None or same is not None:
            earlier = told or same
            first = doc_text(earlier.typed.span.doc)[earlier.typed.span.start_char:earlier.typed.span.end_char]
            dropped.append(_dropped(inc.typed, inc.typed.typing, Verdict("duplicate", " ".join(first.split())[:80])))
            if same is not None:
                same.joined.append(inc)
        else:
            seen.add(key)
            out.append(inc)
    return out


def find_events(doc: Doc, figures: Sequence[Figure] = ()) -> tuple[list[Event], list[DroppedEvent]]:
    """One ACLED-typed event per incident the article reports, in text order, and the candidates dropped.

    Sentences typed as an incident (``event_types.type_event``) start an event, or join the running
    one when they tell the same incident (near, or referring back, with no other place or date and
    no "also"/"another"). Untyped sentences that report casualties just after ("He died at the
    hospital") elaborate it. Tolls (period or cumulative figures), history, plans and threats make no
    event. Counts come from incident-scope figures and from victim phrases without digits.

    Args:
        doc: a parsed Doc; ``doc._.published`` anchors dates and marks old incidents as background.
        figures: the Doc's figures (``doc._.figures``).

    Returns:
        The Event records, with offsets into ``doc.text``, and the candidates that are not reported
        incidents, each with the reason (``reported.REASONS``), both in text order.
    """
    incidents, dropped = _assemble(doc, figures)
    events = []
    for inc in incidents:
        first = inc.typed
        typing = first.typing
        when, precision = inc.date
        country = inc.place.country if inc.place is not None and inc.place.country else country_of(first.span.text)
        actor1, actor2 = event_actors(first.trigger, _victim_tokens(inc, doc), country=country,
                                      event_type=typing.event_type)
        start, end = inc.first.span.start_char, inc.sentences[-1].span.end_char
        for place, fatalities, injured in _by_location(doc, inc):
            events.append(Event(
                event_type=typing.event_type, sub_event_type=typing.sub_event_type,
                start=start, end=end, text=doc_text(doc)[start:end],
                date=when, time_precision=precision, actor1=actor1, actor2=actor2, place=place,
                fatalities=fatalities, injured=injured, reported_by=_reported_by(inc, doc),
                trigger=doc_text(doc)[typing.trigger_start:typing.trigger_end],
            ))
    return events, sorted(dropped, key=lambda d: d.start)


def _by_location(doc: Doc, inc: _Incident) -> list[tuple[Place | None, int | None, int | None]]:
    """(place, fatalities, injured) of each event the incident makes: one, or one per town its typed
    sentence lists (``locations``), each with the dead and injured told in its own stretch of the
    list, or the incident's totals divided among them as ACLED divides them."""
    fatalities, injured = _counts(inc)
    span = inc.typed.span
    listed = listed_locations(doc_text(doc), places_named(doc, span.start_char, span.end_char), span.end_char)
    if not listed:
        return [(inc.place, fatalities, injured)]
    own = [[f for f in inc.typed.figures if loc.start <= f.start < loc.end] for loc in listed]
    if all(own):
        return [(loc.place, _sum(figs, "killed"), _sum(figs, "injured")) for loc, figs in zip(listed, own)]
    return list(zip((loc.place for loc in listed), shares(fatalities, len(listed)), shares(injured, len(listed))))


def _sum(figures: list[Figure], category: str) -> int | None:
    values = [int(f.value) for f in figures if f.category == category]
    return sum(values) if values else None


def extract_events(doc: Doc, figures: Sequence[Figure] = ()) -> Iterator[Event]:
    """Yield one ACLED-typed event per incident the article reports, in text order (``find_events``
    without the dropped candidates)."""
    yield from find_events(doc, figures)[0]


__all__ = ["extract_events", "find_events"]
