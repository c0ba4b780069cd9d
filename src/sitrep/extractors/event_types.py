"""Extract stage: event typing, which ACLED sub-event type a sentence reports, if any."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.errors import ResourceError
from sitrep.extractors._event_patterns import Match as _Match
from sitrep.extractors._event_patterns import compiled, find
from sitrep.extractors.quotes import quoted_spans
from sitrep.extractors.reported import Verdict, quoted_stretches, summoned, trigger_verdict, verb_of
from sitrep.resources import lexicon_set, load_patterns, load_table, thresholds, word_group
from sitrep.types import SUB_EVENT_TYPES

logger = logging.getLogger(__name__)

PATTERNS = "event_triggers"
RULES = "event_type_rules"
#: Pattern labels of attribution phrases: triggers after an ATTRIB ("claimed responsibility for",
#: "blamed for") are the object of a claim, not a report; a sentence with an ATTRIB_SUBJECT
#: ("are suspected to be behind", "is responsible for") attributes an incident and reports none.
ATTRIB = "ATTRIB"
ATTRIB_SUBJECT = "ATTRIB_SUBJECT"
#: Cue labels that name a party to the incident; side conditions ("ARMED>") look at the nearest one.
PARTIES = frozenset({"CIVILIAN", "ARMED", "GOV", "NONSTATE", "PROTESTER", "MOB"})
#: Trigger labels that name a demonstration: what it is about is no part of what happened at it, and
#: its participants are described by what they do ("people protesting the decision").
PROTEST_LABELS = frozenset({"Peaceful protest", "MARCH"})
#: Lexicon of the words that open a demonstration's cause ("against", "to protest", "demanding").
PROTEST_CAUSE = "protest_cause_words"
#: Lexicon of the verbs whose subject is a report's source ("police said").
REPORTING_VERBS = "reporting_verbs"


@dataclass(frozen=True, slots=True)
class EventTyping:
    """The ACLED type a sentence reports, and the trigger words it was read from.

    Attributes:
        event_type: one of ACLED's six event types, spelled as ACLED does.
        sub_event_type: one of the 25 sub-event types (``sitrep.types.SUB_EVENT_TYPES``).
        trigger_start: character offset in the doc where the trigger words start.
        trigger_end: character offset in the doc where they end.
        score: confidence in the typing, 0..1, from the rule that typed it.
    """

    event_type: str
    sub_event_type: str
    trigger_start: int
    trigger_end: int
    score: float


@dataclass(frozen=True, slots=True)
class _Cond:
    label: str
    side: str  # "any", "actor" or "target"
    negated: bool


@dataclass(frozen=True, slots=True)
class _Rule:
    trigger: str
    conds: tuple[_Cond, ...]
    sub_event_type: str
    score: float


def _parse_cond(text: str) -> _Cond:
    negated = text.startswith("!")
    label = text.lstrip("!")
    side = "any"
    if label.endswith("<"):
        side, label = "actor", label[:-1]
    elif label.endswith(">"):
        side, label = "target", label[:-1]
    return _Cond(label, side, negated)


@cache
def _rules() -> tuple[_Rule, ...]:
    """The typing rules of ``event_type_rules.tsv``, in precedence order, checked against the patterns."""
    labels = {p["label"] for p in load_patterns(PATTERNS)}
    out = []
    for row in load_table(RULES):
        trigger, conds, sub, score = row["trigger"], row["conditions"], row["sub_event_type"], row["score"]
        if sub not in SUB_EVENT_TYPES:
            raise ResourceError(f"{RULES}: {sub!r} is not an ACLED sub-event type")
        parsed = () if conds == "-" else tuple(_parse_cond(c.strip()) for c in conds.split(","))
        for label in (trigger, *(c.label for c in parsed)):
            if label not in labels:
                raise ResourceError(f"{RULES}: label {label!r} has no pattern in {PATTERNS}.jsonl")
        out.append(_Rule(trigger, parsed, sub, float(score)))
    return tuple(out)


#: Score factor for a typing read from a subordinate clause ("after an airstrike hit ..."): such a
#: sentence more often reports the incident's aftermath than the incident itself.
_SUBORDINATE_FACTOR = 0.8


def _patterns():  # noqa: ANN202 - the compiled index type is private to _event_patterns
    """``event_triggers.jsonl`` compiled and indexed (built once)."""
    return compiled(PATTERNS)


def _matches(sent: Span) -> list[_Match]:
    """Every trigger and cue of ``event_triggers.jsonl`` in the sentence, in text order."""
    return find(sent, PATTERNS)


def _head(doc: Doc, m: _Match) -> Token:
    return doc[m.start:m.end].root


def _passive(tok: Token) -> bool:
    verb = verb_of(tok)
    if tok.pos_ == "NOUN" and verb is not tok and summoned(verb):
        return False  # "officers were called to a shooting": the officers are not its targets
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or tok.tag_ == "VBN" and tok.dep_ == "acl"


#: Trigger labels that may only tell an incident's outcome ("were killed", "died").
_OUTCOME_LABELS = frozenset({"VIOLENCE"})


def _descriptive(doc: Doc, m: _Match) -> bool:
    """Whether a trigger is a participle that describes a participant, place or state, not an act
    told of them ("a volunteer fighting alongside Kurdish forces was killed when ...", "the
    militant-occupied air base", "recaptured the town to find shops vandalised"): no auxiliary,
    no subject of its own, no "by" agent."""
    for tok in {doc[m.start], _head(doc, m)}:
        if tok.tag_ not in ("VBN", "VBG") or tok.dep_ not in ("acl", "amod", "ccomp", "oprd"):
            continue
        if tok.dep_ in ("acl", "amod") and tok.head.pos_ not in ("NOUN", "PROPN", "PRON"):
            continue
        if any(c.dep_ in ("aux", "auxpass", "agent", "mark") for c in tok.children):
            continue
        return True
    return False


def _cause_spans(doc: Doc, found: list[_Match]) -> list[tuple[int, int]]:
    """Token ranges that say what a demonstration is about ("rallied against police violence",
    "took to the streets to decry the arrests", "protesters demanding justice for a man shot by
    police"): words there tell the grievance, not what happened at the demonstration."""
    preps, verbs = word_group(PROTEST_CAUSE, "preposition"), word_group(PROTEST_CAUSE, "verb")
    spans: list[tuple[int, int]] = []
    for m in found:
        if m.label not in PROTEST_LABELS:
            continue
        for tok in {doc[m.start], _head(doc, m), doc[m.end - 1]}:
            if tok.lemma_.lower() in verbs and tok.pos_ == "VERB":
                spans += [(c.left_edge.i, c.right_edge.i + 1) for c in tok.children if c.dep_ in ("dobj", "ccomp")]
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in preps or (
                        c.dep_ in ("advcl", "xcomp", "acl", "relcl") and c.lemma_.lower() in verbs):
                    spans.append((c.left_edge.i, c.right_edge.i + 1))
    return spans


def _agentless(tok: Token) -> bool:
    """Whether a casualty verb is passive without a "by" agent, or has no subject at all."""
    verb = verb_of(tok)
    if verb is not tok:
        return False
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return not any(c.dep_ == "agent" for c in verb.children)
    return verb.dep_ in ("acl", "amod") or not any(c.dep_ == "nsubj" for c in verb.children) and verb.dep_ != "advcl"


def _np_span(tok: Token) -> tuple[int, int]:
    """Token range of the noun phrase a cue word is part of, up to its head ("Syrian government forces")."""
    head = tok
    while head.dep_ in ("compound", "amod", "nmod", "nummod", "poss") and head.head is not head:
        head = head.head
    return head.left_edge.i, head.i + 1


def _preps(role: str) -> frozenset[str]:
    """Prepositions whose object is the trigger's actor (event_agent) or target (event_target), or
    whose phrase names its means (instrument)."""
    return word_group("prepositions", role)


def _pobj(prep: Token) -> Token | None:
    return next((g for g in prep.children if g.dep_ == "pobj"), None)


def _argument(tok: Token, side: str, passive: bool) -> Token | None:
    """The trigger's actor (subject, "by" agent) or target (object, "on"/"at"/"against" phrase).

    A participle or coordinated verb without a subject of its own takes its head verb's
    ("Soldiers opened fire, killing six": the soldiers killed).
    """
    verb = verb_of(tok)
    heads = (tok,) if tok is verb else (tok, verb)
    if side == "actor" and not passive and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        up = verb
        for _ in range(3):
            if up.dep_ not in ("advcl", "conj", "xcomp") or up.head is up:
                break
            up = up.head
            subj = next((c for c in up.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return subj
    for head in heads:
        for child in head.children:
            if side == "actor":
                if head is verb and child.dep_ == "nsubj" and not passive:
                    return child
                if child.dep_ in ("agent", "prep") and child.lower_ in _preps("event_agent"):
                    obj = _pobj(child)
                    if obj is not None:
                        return obj
                if head is tok and child.dep_ == "poss":
                    return child
            else:
                if head is verb and child.dep_ == "nsubjpass" and passive:
                    return child
                if child.dep_ == "dobj" and child is not tok:
                    return child
                if child.dep_ == "prep" and child.lower_ in _preps("event_target"):
                    obj = _pobj(child)
                    if obj is not None:
                        return obj
    return None


def _side_party(doc: Doc, trig: _Match, side: str, passive: bool, cues: list[_Match],
                labels: frozenset[str] = PARTIES) -> set[str]:
    """Party labels of the trigger's actor or target: its grammatical argument where the parse
    gives one, else the nearest party noun phrase on that side of the trigger."""
    parties = [c for c in cues if c.label in labels]
    arg = _argument(_head(doc, trig), side, passive)
    if arg is not None:
        # The head noun and its modifiers ("Syrian government forces"); an armed head outweighs a
        # civilian modifier ("Palestinian militants"). Without a party there, any party in the phrase.
        head = {c.label for c in parties if c.start <= arg.i < c.end}
        left = {c.label for c in parties if arg.left_edge.i <= c.start <= arg.i}
        found = head | (left - {"CIVILIAN"} if "ARMED" in head else left)
        if not found:
            found = {c.label for c in parties if arg.left_edge.i <= c.start <= arg.right_edge.i}
        if found:
            return found
    after = (side == "target") != passive
    # The source of the report is no party to what it reports ("..., police said").
    parties = [c for c in parties if (c.start >= trig.end if after else c.end <= trig.start)
               and not _source(doc[c.start:c.end].root)]
    if not parties:
        return set()
    nearest = min(parties, key=lambda c: c.start - trig.end if after else trig.start - c.end)
    lo, hi = _np_span(doc[nearest.start])
    lo, hi = min(lo, nearest.start), max(hi, nearest.end)
    return {c.label for c in parties if lo <= c.start < hi}


def _source(tok: Token) -> bool:
    """Whether a noun is the subject of a reporting verb ("police said"): the source of a report."""
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in lexicon_set(REPORTING_VERBS)


def _holds(cond: _Cond, doc: Doc, trig: _Match, cues: list[_Match], passive: bool) -> bool:
    others = [c for c in cues if c.label == cond.label and c != trig]
    if cond.side == "any":
        present = bool(others)
    elif cond.label in PARTIES:
        present = cond.label in _side_party(doc, trig, cond.side, passive, cues)
    elif cond.label in PROTEST_LABELS:
        # A demonstration on one side is read as a party is: "attacked a peaceful rally".
        present = cond.label in _side_party(doc, trig, cond.side, passive, cues, PARTIES | {cond.label})
    else:
        after = (cond.side == "target") != passive
        present = any(c.start >= trig.end if after else c.end <= trig.start for c in others)
        if not present and cond.side == "actor":
            # The means named as instrument belongs to the actor: "hit a tank with a drone".
            spans = _instrument_spans(_head(doc, trig))
            present = any(lo <= c.start < hi for c in others for lo, hi in spans)
    return present != cond.negated


def _instrument_spans(tok: Token) -> list[tuple[int, int]]:
    """Token ranges of the "with ..."/"using ..."/"from ..." phrases on the trigger or its verb."""
    verb = verb_of(tok)
    return [
        (child.left_edge.i, child.right_edge.i + 1)
        for head in {tok, verb} for child in head.children
        if child.dep_ in ("prep", "agent", "advcl", "xcomp") and child.lower_ in _preps("instrument")
    ]


@dataclass(frozen=True, slots=True)
class Rejected:
    """A sentence's candidate event that is not a reported incident: how it would be typed, and why not."""

    typing: EventTyping
    verdict: Verdict


def _first_typing(doc: Doc, live: list[tuple[_Match, bool]], found: list[_Match], factor: float) -> EventTyping | None:
    """The typing of the first rule (in precedence order) whose trigger is live and whose conditions hold."""
    for rule in _rules():
        for m, passive in live:
            if m.label == rule.trigger and all(_holds(c, doc, m, found, passive) for c in rule.conds):
                span = doc[m.start:m.end]
                return EventTyping(
                    event_type=SUB_EVENT_TYPES[rule.sub_event_type], sub_event_type=rule.sub_event_type,
                    trigger_start=span.start_char, trigger_end=span.end_char,
                    score=round(rule.score * factor, 3),
                )
    return None


def article_quotes(doc: Doc) -> list[tuple[int, int]]:
    """The article's quoted stretches long enough to be someone's words, not scare quotes."""
    return quoted_stretches(doc, quoted_spans(doc), thresholds()["events"]["quoted_min_words"])


def type_sentence(sent: Span, quotes: list[tuple[int, int]] | None = None) -> tuple[EventTyping | None, Rejected | None]:
    """The ACLED sub-event type the sentence reports, or, when it reports none, the candidate it
    would have been and why it is not a reported incident.

    The sentence's trigger words ("warplanes struck", "clashed with", "were arrested") and cues
    (weapon, victims, actors) are found with the patterns of ``data/patterns/event_triggers.jsonl``;
    ``reported.trigger_verdict`` rejects the triggers that do not report an incident (planned,
    negated, quoted, part of a name, history...); the rows of ``data/lexicons/en/event_type_rules.tsv``
    are then tried in order, and the first whose trigger occurs in the sentence's main clause and
    whose conditions hold gives the type.

    Args:
        sent: a sentence of a parsed Doc (tagger and parser run; entities help).
        quotes: ``article_quotes`` of its Doc, when the caller types many of its sentences.

    Returns:
        ``(typing, None)`` with the trigger's character offsets; ``(None, rejected)`` when every
        trigger was rejected; ``(None, None)`` when the sentence names no incident at all.
    """
    doc = sent.doc
    found = _matches(sent)
    if not found:
        return None, None
    causes = _cause_spans(doc, found)
    if causes:
        found = [m for m in found if m.label in PROTEST_LABELS or not any(lo <= m.start < hi for lo, hi in causes)]
    trigger_labels = {r.trigger for r in _rules()}
    tiers: list[list[tuple[_Match, bool]]] = [[], [], []]
    rejected: list[tuple[_Match, bool]] = []
    verdicts: dict[_Match, Verdict] = {}
    subject = next((m for m in found if m.label == ATTRIB_SUBJECT), None)
    claimed_from = min((m.start for m in found if m.label == ATTRIB), default=len(doc))
    quotes = article_quotes(doc) if quotes is None else quotes
    for m in found:
        if m.label not in trigger_labels:
            continue
        tok = _head(doc, m)
        if subject is not None or m.start >= claimed_from:
            claim = subject or next(c for c in found if c.label == ATTRIB and c.start <= m.start)
            tier, verdict = None, Verdict("claimed", doc[claim.start:claim.end].text)
        else:
            tier, verdict = trigger_verdict(tok, doc[m.start:m.end], quotes)
        if tier == 0 and m.label in _OUTCOME_LABELS and _agentless(tok):
            # "Two soldiers were killed when an IED exploded": the casualty verb tells the outcome,
            # the subordinate clause the incident; weigh them together.
            tier = 1
        elif tier is not None and m.label not in PROTEST_LABELS and _descriptive(doc, m):
            tier = 2
        if tier is not None:
            tiers[tier].append((m, _passive(tok)))
        else:
            rejected.append((m, _passive(tok)))
            verdicts[m] = verdict
    # Main-clause triggers first; a clause after "after", "amid" or "which" only when they type
    # nothing; a participle that describes someone or something only when neither does.
    typing = _first_typing(doc, tiers[0], found, 1.0) if tiers[0] else None
    if typing is None and tiers[1]:
        typing = _first_typing(doc, tiers[0] + tiers[1], found, _SUBORDINATE_FACTOR)
    if typing is None and tiers[2]:
        typing = _first_typing(doc, tiers[0] + tiers[1] + tiers[2], found, _SUBORDINATE_FACTOR)
    if typing is not None or not rejected:
        return typing, None
    would = _first_typing(doc, rejected, found, 1.0)
    if would is None:
        return None, None
    m = next(m for m, _ in rejected if doc[m.start:m.end].start_char == would.trigger_start)
    return None, Rejected(would, verdicts[m])


def type_event(sent: Span) -> EventTyping | None:
    """The ACLED sub-event type the sentence reports, or None when it reports no incident
    (``type_sentence`` without the rejected candidate)."""
    return type_sentence(sent)[0]


def type_doc(doc: Doc) -> EventTyping | None:
    """The typing of the first sentence of ``doc`` that reports an incident, or None."""
    for sent in doc.sents:
        typing = type_event(sent)
        if typing is not None:
            return typing
    return None


def type_text(text: str, nlp: Language) -> EventTyping | None:
    """Type a short text (a news snippet, an event note) by its first sentence that reports an incident.

    Args:
        text: the text.
        nlp: a pipeline with a tagger and parser (``sitrep.parse.load_pipeline()``).

    Returns:
        The typing, or None when no sentence reports an incident of ACLED's taxonomy.
    """
    return type_doc(nlp(text))


def typed_sentences(doc: Doc) -> Iterable[tuple[Span, EventTyping]]:
    """Every sentence of ``doc`` that reports an incident, with its typing, in text order."""
    for sent in doc.sents:
        typing = type_event(sent)
        if typing is not None:
            yield sent, typing
