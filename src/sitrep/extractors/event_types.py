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
from sitrep.resources import load_patterns, load_table, word_group
from sitrep.types import SUB_EVENT_TYPES

logger = logging.getLogger(__name__)

PATTERNS = "event_triggers"
RULES = "event_type_rules"
CONTEXT = "event_context"
#: Pattern labels of attribution phrases: triggers after an ATTRIB ("claimed responsibility for",
#: "blamed for") are the object of a claim, not a report; a sentence with an ATTRIB_SUBJECT
#: ("are suspected to be behind", "is responsible for") attributes an incident and reports none.
ATTRIB = "ATTRIB"
ATTRIB_SUBJECT = "ATTRIB_SUBJECT"
#: Cue labels that name a party to the incident; side conditions ("ARMED>") look at the nearest one.
PARTIES = frozenset({"CIVILIAN", "ARMED", "GOV", "NONSTATE", "PROTESTER", "MOB"})


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


_CONTEXT_KINDS = (
    "modal", "plan", "frame", "history", "sequence", "negation", "claim", "claim_object", "aftermath", "running",
    "summoned",
)
#: Score factor for a typing read from a subordinate clause ("after an airstrike hit ..."): such a
#: sentence more often reports the incident's aftermath than the incident itself.
_SUBORDINATE_FACTOR = 0.8


@cache
def _context() -> dict[str, frozenset[str]]:
    """Words of ``event_context.tsv`` by kind (modal, plan, frame, history, ...)."""
    kinds: dict[str, set[str]] = {k: set() for k in _CONTEXT_KINDS}
    for row in load_table(CONTEXT):
        if row["kind"] not in kinds:
            raise ResourceError(f"{CONTEXT}: unknown kind {row['kind']!r}; known: {', '.join(_CONTEXT_KINDS)}")
        kinds[row["kind"]].add(row["word"])
    return {k: frozenset(v) for k, v in kinds.items()}


def _patterns():  # noqa: ANN202 - the compiled index type is private to _event_patterns
    """``event_triggers.jsonl`` compiled and indexed (built once)."""
    return compiled(PATTERNS)


def _matches(sent: Span) -> list[_Match]:
    """Every trigger and cue of ``event_triggers.jsonl`` in the sentence, in text order."""
    return find(sent, PATTERNS)


def _head(doc: Doc, m: _Match) -> Token:
    return doc[m.start:m.end].root


def _verb_of(tok: Token) -> Token:
    """The verb a trigger belongs to: itself, or the nearest verb above a noun trigger."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return tok


def _summoned(verb: Token, ctx: dict[str, frozenset[str]]) -> bool:
    """"Officers were called to a shooting": responders sent to an incident, not a call for one."""
    return verb.lemma_.lower() in ctx["summoned"] and any(c.dep_ == "auxpass" for c in verb.children)


def _unrealised(tok: Token, ctx: dict[str, frozenset[str]]) -> bool:
    """Whether the trigger is planned, threatened, negated, hypothetical or attributed, not reported."""
    verb = _verb_of(tok)
    if tok.dep_ == "nsubj" and tok.head.lemma_ == "be" and any(c.dep_ in ("attr", "acomp") for c in tok.head.children):
        return True  # "The attack was the deadliest since ...": a description of an incident told already
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in ctx["aftermath"]:
        return True
    if tok.dep_ == "pobj" and tok.head.lower_ in ("by", "from") and tok.head.head.lemma_.lower() in ctx["aftermath"]:
        return True
    for t in {tok, verb}:
        for child in t.children:
            if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ctx["running"] for g in child.children):
                return True  # "Since the war began, 200 have been killed": a running count, no incident
            if child.dep_ == "neg" or child.lower_ in ctx["negation"] and child.dep_ in ("det", "advmod", "neg"):
                return True
            if child.dep_ == "aux" and child.lower_ in ctx["modal"]:
                return True
    cur = tok
    for _ in range(8):
        head = cur.head
        if head is cur:
            break
        planned = head.lemma_.lower() in ctx["plan"] and not _summoned(head, ctx)
        if cur.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "acomp", "advcl") and planned:
            return True
        if head.lemma_.lower() in ctx["claim"] and cur.dep_ in ("dobj", "ccomp", "prep", "pobj"):
            return True
        if head.lemma_.lower() in ctx["claim_object"] and cur.dep_ == "dobj":
            return True
        if cur.dep_ == "pobj" and head.head.lemma_.lower() in ctx["frame"] and not _summoned(head.head, ctx):
            return True
        if cur.dep_ in ("xcomp", "ccomp"):
            for child in head.children:
                if child.dep_ == "aux" and child.lower_ in ctx["modal"]:
                    return True
        cur = head
    return False


def _context_tier(tok: Token, ctx: dict[str, frozenset[str]]) -> int | None:
    """How the trigger's clause relates to the sentence's report.

    Returns 0 for the main clause, 1 for a clause that may carry the incident when the main clause
    names none ("killed *after an airstrike hit* ...", "the attack, *which killed* ..."), and None
    for history and conditions ("since the 2014 war", "if they attack", "so that it never happens").
    """
    tier = 0
    cur = tok
    for _ in range(10):
        marker = None
        if cur.dep_ == "pobj" or cur.dep_ == "pcomp":
            marker = cur.head.lower_
        elif cur.dep_ in ("advcl", "ccomp", "pcomp", "relcl", "acl"):
            marker = next((c.lower_ for c in cur.children if c.dep_ in ("mark", "advmod")), None)
        if marker in ctx["history"]:
            return None
        if marker in ctx["sequence"] or cur.dep_ == "relcl":
            tier = 1
        if cur.head is cur:
            break
        cur = cur.head
    return tier


def _passive(tok: Token) -> bool:
    verb = _verb_of(tok)
    if tok.pos_ == "NOUN" and verb is not tok and _summoned(verb, _context()):
        return False  # "officers were called to a shooting": the officers are not its targets
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or tok.tag_ == "VBN" and tok.dep_ == "acl"


#: Trigger labels that may only tell an incident's outcome ("were killed", "died").
_OUTCOME_LABELS = frozenset({"VIOLENCE"})


def _agentless(tok: Token) -> bool:
    """Whether a casualty verb is passive without a "by" agent, or has no subject at all."""
    verb = _verb_of(tok)
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
    verb = _verb_of(tok)
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


def _side_party(doc: Doc, trig: _Match, side: str, passive: bool, cues: list[_Match]) -> set[str]:
    """Party labels of the trigger's actor or target: its grammatical argument where the parse
    gives one, else the nearest party noun phrase on that side of the trigger."""
    parties = [c for c in cues if c.label in PARTIES]
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
    parties = [c for c in parties if (c.start >= trig.end if after else c.end <= trig.start)]
    if not parties:
        return set()
    nearest = min(parties, key=lambda c: c.start - trig.end if after else trig.start - c.end)
    lo, hi = _np_span(doc[nearest.start])
    lo, hi = min(lo, nearest.start), max(hi, nearest.end)
    return {c.label for c in parties if lo <= c.start < hi}


def _holds(cond: _Cond, doc: Doc, trig: _Match, cues: list[_Match], passive: bool) -> bool:
    others = [c for c in cues if c.label == cond.label and c != trig]
    if cond.side == "any":
        present = bool(others)
    elif cond.label in PARTIES:
        present = cond.label in _side_party(doc, trig, cond.side, passive, cues)
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
    verb = _verb_of(tok)
    return [
        (child.left_edge.i, child.right_edge.i + 1)
        for head in {tok, verb} for child in head.children
        if child.dep_ in ("prep", "agent", "advcl", "xcomp") and child.lower_ in _preps("instrument")
    ]


def type_event(sent: Span) -> EventTyping | None:
    """The ACLED sub-event type the sentence reports, or None when it reports no incident.

    The sentence's trigger words ("warplanes struck", "clashed with", "were arrested") and cues
    (weapon, victims, actors) are found with the patterns of ``data/patterns/event_triggers.jsonl``;
    the rows of ``data/lexicons/en/event_type_rules.tsv`` are then tried in order, and the first whose
    trigger occurs in the sentence's main clause and whose conditions hold gives the type. Triggers
    that are planned, threatened, negated, claimed or background ("since the 2014 war") type nothing.

    Args:
        sent: a sentence of a parsed Doc (tagger and parser run; entities help).

    Returns:
        The typing with the trigger's character offsets, or None.
    """
    doc = sent.doc
    found = _matches(sent)
    if not found:
        return None
    ctx = _context()
    rules = _rules()
    trigger_labels = {r.trigger for r in rules}
    tiers: list[list[tuple[_Match, bool]]] = [[], []]
    if any(m.label == ATTRIB_SUBJECT for m in found):
        return None
    claimed_from = min((m.start for m in found if m.label == ATTRIB), default=len(doc))
    for m in found:
        if m.label not in trigger_labels or m.start >= claimed_from:
            continue
        tok = _head(doc, m)
        tier = None if _unrealised(tok, ctx) else _context_tier(tok, ctx)
        if tier == 0 and m.label in _OUTCOME_LABELS and _agentless(tok):
            # "Two soldiers were killed when an IED exploded": the casualty verb tells the outcome,
            # the subordinate clause the incident; weigh them together.
            tier = 1
        if tier is not None:
            tiers[tier].append((m, _passive(tok)))
    # Main-clause triggers first; a clause after "after", "amid" or "which" only when they type nothing.
    for n, live in enumerate((tiers[0], tiers[0] + tiers[1])):
        if not live or (n == 1 and not tiers[1]):
            continue
        for rule in rules:
            for m, passive in live:
                if m.label == rule.trigger and all(_holds(c, doc, m, found, passive) for c in rule.conds):
                    span = doc[m.start:m.end]
                    return EventTyping(
                        event_type=SUB_EVENT_TYPES[rule.sub_event_type], sub_event_type=rule.sub_event_type,
                        trigger_start=span.start_char, trigger_end=span.end_char,
                        score=rule.score if n == 0 else round(rule.score * _SUBORDINATE_FACTOR, 3),
                    )
    return None


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
