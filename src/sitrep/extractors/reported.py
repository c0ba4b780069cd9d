"""Extract stage: reported as news or not, whether a candidate event is an incident the article reports.

An article names far more violence than it reports: history ("in the 2014 war"), plans and threats
("prepared to attack Rafah"), denials ("denied carrying out chemical attacks"), the names of
organisations ("the Chemical Weapons Convention", "the Mine Action Service"), words that modify
another noun ("chemical weapons experts", "fighting units"), figures of speech ("hit back at
comments"), questions and quoted recollections. ACLED codes none of them. This module decides, for
each candidate, whether it is a reported incident, and says why not when it is not:

- ``trigger_verdict`` judges one trigger word in its sentence (grammar: negation, modality, the
  clause it sits in, what it modifies, whether it is quoted, asked, a heading or part of a name);
- ``toll_verdict``, ``period_verdict`` and ``old_date`` judge a typed sentence (a toll, a sum over a
  period, history told with its date);
- ``history_verdict``, ``dated_elsewhere`` (over ``old_places``) and ``general_verdict`` judge an
  assembled incident (dated weeks back, a follow-up of an old incident, a statement with neither a
  place, a day nor a casualty of its own).

``events.py`` assembles the incidents and asks these; it also drops a second report of an incident
already listed (reason ``duplicate``).

Every rejection is a ``Verdict`` with a reason code (``REASONS``) and the words that decided it, so
``sitrep extract --explain`` can list what was dropped and why. The words it reads are in
``data/lexicons/en/event_context.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from spacy.tokens import Doc, Span, Token

from sitrep.errors import ResourceError
from sitrep.extractors.context import doc_text
from sitrep.extractors.dates import doc_dates
from sitrep.extractors.places import names_place, places_named
from sitrep.resources import lexicon_set, load_table, thresholds, word_group
from sitrep.types import DateRef, Figure, Place

CONTEXT = "event_context"
_CONTEXT_KINDS = (
    "modal", "plan", "frame", "history", "sequence", "negation", "claim", "claim_object", "aftermath", "running",
    "summoned", "irrealis", "figurative_object", "incident_head", "realised_head", "onset", "means_noun", "use_verb",
)

#: reason code -> what it means, for the docs and ``--explain``
REASONS: dict[str, str] = {
    "negated": "the text says it did not happen (not, never, no, yet to)",
    "unrealised": "planned, threatened, feared, possible or hypothetical, not done",
    "infinitive": "an aim or purpose ('raised to fight', 'a pretext to attack'), not a report",
    "claimed": "the object of a claim, denial or accusation, not a report of a new incident",
    "description": "describes an incident told already ('the attack was the deadliest')",
    "state": "a lasting state, not an incident ('199 people are held captive')",
    "aftermath": "a consequence told as context ('fled the fighting')",
    "running": "a running count over a period, not one incident ('since the war began')",
    "background": "in a clause of history or condition ('since the 2014 war', 'if they attack')",
    "quoted": "inside a quotation: the speaker's words, not the article's report",
    "question": "asked, not reported",
    "heading": "a section heading ('Hostilities and casualties'), not a sentence that reports",
    "name": "part of a name ('the Chemical Weapons Convention', 'Downing Street')",
    "modifier": "describes another noun ('chemical weapons experts', 'fighting units')",
    "figurative": "a figure of speech ('hit back at comments', 'dealt a blow')",
    "mention": "a weapon named, not used ('traces of chlorine', 'red lines on chemical weapons')",
    "history": "dated more than the history window before publication",
    "toll": "a toll over a period or since a date, not an incident",
    "general": "a general statement: no place, day or casualty of its own",
    "duplicate": "repeats an incident already listed",
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a candidate is not a reported incident: a ``REASONS`` code and the words that decided it."""

    reason: str
    detail: str


@cache
def context_words() -> dict[str, frozenset[str]]:
    """Words of ``event_context.tsv`` by kind (modal, plan, frame, history, ...)."""
    kinds: dict[str, set[str]] = {k: set() for k in _CONTEXT_KINDS}
    for row in load_table(CONTEXT):
        if row["kind"] not in kinds:
            raise ResourceError(f"{CONTEXT}: unknown kind {row['kind']!r}; known: {', '.join(_CONTEXT_KINDS)}")
        kinds[row["kind"]].add(row["word"])
    return {k: frozenset(v) for k, v in kinds.items()}


def verb_of(tok: Token) -> Token:
    """The verb a trigger belongs to: itself, or the nearest verb above a noun trigger."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return tok


def summoned(verb: Token) -> bool:
    """"Officers were called to a shooting": responders sent to an incident, not a call for one."""
    return verb.lemma_.lower() in context_words()["summoned"] and any(c.dep_ == "auxpass" for c in verb.children)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _aimed(verb: Token) -> bool:
    """Whether a "to" infinitive is aimed at, not done: "raised to fight Isis", "a pretext to
    attack", "hard to destroy"; while "began to shell", "fired tear gas to disperse them" and
    "conducted raids to detain them" tell what was done (the verb above is an incident's)."""
    ctx = context_words()
    head = verb.head
    if verb.dep_ == "ROOT" or _lemma(head) in ctx["realised_head"]:
        return False
    if any(c.dep_ == "aux" and c.lower_ == "have" for c in verb.children):
        return False  # "declared to have shot a soldier": done, and claimed
    if verb.dep_ == "advcl" and head.pos_ in ("VERB", "AUX"):
        return not (_lemma(head) in lexicon_set("date_incident_words")
                    or any(c.dep_ == "dobj" and _lemma(c) in ctx["incident_head"] for c in head.children))
    return verb.dep_ in ("xcomp", "advcl", "acl") or head.pos_ == "ADJ"


def _grammar(tok: Token) -> Verdict | None:
    """Negation, modality and the verbs and nouns the trigger hangs from."""
    ctx = context_words()
    verb = verb_of(tok)
    if tok.dep_ == "nsubj" and tok.head.lemma_ == "be" and any(c.dep_ in ("attr", "acomp") for c in tok.head.children):
        return Verdict("description", f"{tok.text} {tok.head.text}")
    if tok.dep_ == "dobj" and _lemma(tok.head) in ctx["aftermath"]:
        return Verdict("aftermath", f"{tok.head.text} {tok.text}")
    if tok.dep_ == "pobj" and tok.head.lower_ in ("by", "from") and _lemma(tok.head.head) in ctx["aftermath"]:
        return Verdict("aftermath", f"{tok.head.head.text} {tok.head.text} {tok.text}")
    aimed = None
    for t in (tok,) if verb is tok else (tok, verb):  # in this order: the verdict's words are the same each run
        for child in t.children:
            if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ctx["running"] for g in child.children):
                return Verdict("running", child.text)
            if child.dep_ == "neg" or child.lower_ in ctx["negation"] and child.dep_ in ("det", "advmod", "neg"):
                return Verdict("negated", f"{child.text} {t.text}")
            if child.dep_ == "aux" and child.lower_ in ctx["modal"]:
                return Verdict("unrealised", f"{child.text} {t.text}")
            if child.dep_ == "aux" and child.tag_ == "TO" and _aimed(t):
                aimed = aimed or Verdict("infinitive", f"{child.text} {t.text}")
            if t is tok and child.dep_ in ("amod", "det") and child.lower_ in ctx["irrealis"]:
                return Verdict("unrealised", f"{child.text} {tok.text}")
    if verb is tok and tok.tag_ == "VBN" and any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in tok.children):
        return Verdict("state", f"{next(c for c in tok.children if c.dep_ == 'auxpass').text} {tok.text}")
    return _governed(tok) or aimed


def _governed(tok: Token) -> Verdict | None:
    """Plans, claims and frames above the trigger ("threatened to strike", "denied the attack")."""
    ctx = context_words()
    cur = tok
    for _ in range(8):
        head = cur.head
        if head is cur:
            break
        lemma = _lemma(head)
        if cur.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "acomp", "advcl") and lemma in ctx["plan"] \
                and not summoned(head):
            return Verdict("unrealised", f"{head.text} ... {tok.text}")
        if lemma in ctx["claim"] and cur.dep_ in ("dobj", "ccomp", "prep", "pobj"):
            return Verdict("claimed", f"{head.text} ... {tok.text}")
        if lemma in ctx["claim_object"] and cur.dep_ == "dobj":
            return Verdict("claimed", f"{head.text} {tok.text}")
        if cur.dep_ == "pobj" and _lemma(head.head) in ctx["frame"] and not summoned(head.head):
            return Verdict("unrealised", f"{head.head.text} {head.text} ... {tok.text}")
        if cur.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and lemma in ctx["frame"] \
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in cur.children):
            return Verdict("claimed", f"{head.text} ... {tok.text}")  # "Macron's claim that ... used chemical weapons"
        if cur.dep_ in ("xcomp", "ccomp"):
            modal = next((c for c in head.children if c.dep_ == "aux" and c.lower_ in ctx["modal"]), None)
            if modal is not None:
                return Verdict("unrealised", f"{modal.text} {head.text} ... {tok.text}")
            yet = next((c for c in head.children if c.dep_ == "advmod" and c.lower_ == "yet"), None)
            if yet is not None and cur.dep_ == "xcomp":
                return Verdict("negated", f"{head.text} {yet.text} ... {tok.text}")  # "has yet to announce it has retaken"
        cur = head
    return None


def clause_tier(tok: Token) -> int | None:
    """How the trigger's clause relates to the sentence's report.

    Returns 0 for the main clause, 1 for a clause that may carry the incident when the main clause
    names none ("killed *after an airstrike hit* ...", "the attack, *which killed* ..."), and None
    for history and conditions ("since the 2014 war", "if they attack", "so that it never happens").
    """
    ctx = context_words()
    tier = 0
    cur = tok
    for _ in range(10):
        marker = None
        if cur.dep_ == "pobj" or cur.dep_ == "pcomp":
            marker = cur.head.lower_
            if _lemma(cur.head.head) in ctx["onset"] or cur.head.head.lower_ == "prior":
                return None  # "since the start of hostilities", "prior to the fighting": a time, no incident
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


def _background_marker(tok: Token) -> str | None:
    ctx = context_words()
    cur = tok
    for _ in range(10):
        if cur.dep_ in ("pobj", "pcomp") and (cur.head.lower_ in ctx["history"] or cur.head.head.lower_ == "prior"
                                              or _lemma(cur.head.head) in ctx["onset"]):
            return f"{cur.head.head.text} {cur.head.text}"
        if cur.dep_ in ("advcl", "ccomp", "pcomp", "relcl", "acl"):
            mark = next((c for c in cur.children if c.dep_ in ("mark", "advmod") and c.lower_ in ctx["history"]), None)
            if mark is not None:
                return mark.text
        if cur.head is cur:
            break
        cur = cur.head
    return None


_NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "LAW", "PRODUCT", "GPE", "LOC", "PERSON"})


def _used(means: Token) -> bool:
    """Whether a weapon noun is told in use: the object or subject of a use or an incident verb
    ("used chlorine", "sarin was dropped", "mortars filled with chlorine gas"), or the means of an
    incident noun ("a chlorine attack", "the use of sarin")."""
    ctx = context_words()
    incident = lexicon_set("date_incident_words")
    cur = means
    for _ in range(4):
        head = cur.head
        if head is cur:
            return False
        lemma = _lemma(head)
        if lemma in ctx["use_verb"] or lemma in incident or lemma in ctx["incident_head"] and head.pos_ == "NOUN" \
                and _lemma(head) not in ctx["means_noun"]:
            return True
        if cur.dep_ not in ("compound", "amod", "conj", "pobj", "prep", "appos", "nmod"):
            return False
        cur = head
    return False


def _locative(tok: Token) -> bool:
    """"airstrikes southwest of Gaza City": a word that places the incident, not a noun it describes."""
    near = lexicon_set("place_near_cues")
    following = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
    return tok.lower_ in near or f"{tok.lower_} {following}" in near


def _name_around(trigger: Span) -> Span | None:
    """The name the trigger's words are part of ("the Chemical Weapons Convention", "Downing Street"):
    an entity with words beyond the trigger, the trigger written capitalised as names are. A headline's "Suicide bombers" is its own entity, and no name."""
    if not all(t.is_title or t.is_upper for t in trigger if t.is_alpha):
        return None
    first, last = trigger[0], trigger[-1]
    if first.ent_type_ not in _NAME_LABELS or any(t.ent_type_ != first.ent_type_ for t in trigger) \
            or any(t.ent_iob_ == "B" for t in trigger[1:]):
        return None
    doc = trigger.doc
    start = first.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    end = last.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end] if (start, end) != (trigger.start, trigger.end) else None


def _form(tok: Token, trigger: Span) -> Verdict | None:
    """Names, modifiers and figures of speech: the trigger's words do not tell an incident here."""
    ctx = context_words()
    name = _name_around(trigger)
    if name is not None:
        return Verdict("name", name.text)
    if tok.pos_ == "ADJ" and tok.dep_ in ("amod", "acomp", "attr", "ROOT") or tok.tag_ == "VBG" and any(
            c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in tok.children):
        return Verdict("modifier", f"{tok.text} {tok.head.text}")  # "It is striking how ..."
    head = tok.head
    if tok.dep_ in ("compound", "amod", "nmod") and tok.pos_ in ("NOUN", "PROPN", "ADJ") and head.i >= trigger.end \
            and head.pos_ in ("NOUN", "PROPN") and not _locative(head) \
            and _lemma(head) not in ctx["incident_head"] and _lemma(tok) not in lexicon_set("people_nouns"):
        return Verdict("modifier", f"{trigger.text} {head.text}")
    if _lemma(tok) in ctx["means_noun"] and not _used(tok):
        return Verdict("mention", f"{tok.head.text} ... {trigger.text}")
    if verb_of(tok) is tok:
        opponent = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "against")
                         for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "PERSON"), None)
        if opponent is not None and not any(c.dep_ == "dobj" for c in tok.children):
            return Verdict("figurative", f"{tok.text} ... {opponent.text}")  # "has clashed repeatedly with Trump"
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [g for c in tok.children if c.dep_ in ("prep", "prt") for g in c.children if g.dep_ == "pobj"]
        obj = next((o for o in objects if _lemma(o) in ctx["figurative_object"]), None)
        if obj is not None:
            return Verdict("figurative", f"{tok.text} ... {obj.text}")
    return None


_PERSONAL = frozenset({"he", "she", "him", "her", "himself", "herself"})
#: words that count a group without a number: "both men", "several shots were fired"
_COUNTED = frozenset({"both", "several", "multiple", "numerous"})


def specific_participant(trigger: Token) -> bool:
    """Whether a verb trigger's subject or object is someone in particular: a named person, "he"
    or "him", a counted group ("three suspects") or a definite one ("the gunman", "the parolee").
    "Officers arrested him" reports an incident; "groups targeted young people" speaks in general."""
    verb = verb_of(trigger)
    if verb is not trigger:
        return False
    args = _arguments(verb)
    if verb.dep_ in ("acl", "relcl"):  # "5 teens nabbed in a crime spree": the noun it describes
        args.append(verb.head)
    elif verb.dep_ in ("conj", "xcomp", "oprd"):  # "The man ran but was detained": the verb above's subject
        args += [a for a in _arguments(verb.head) if a.dep_ in ("nsubj", "nsubjpass")]
    return any(_someone(arg) for arg in args)


def _arguments(verb: Token) -> list[Token]:
    args = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    return args + [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _someone(arg: Token) -> bool:
    """A named person, "he"/"him", a counted group ("three suspects", "both men", "several shots"), or a definite
    single one ("the gunman", "his neighbour")."""
    if arg.ent_type_ == "PERSON" or arg.lower_ in _PERSONAL or arg.like_num:
        return True
    if any(c.dep_ == "nummod" or c.dep_ in ("det", "predet", "amod") and c.lower_ in _COUNTED for c in arg.children):
        return True
    definite = word_group("determiners", "definite")
    return arg.tag_ == "NN" and any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in definite for c in arg.children)


def _heading(sent: Span) -> bool:
    """A short line of its own, followed by more text, without a verb or marked up as one ("### Health
    care, including attacks"): a section heading."""
    text = doc_text(sent.doc)
    line = text[sent.start_char:sent.end_char]
    start = sent.start_char + len(line) - len(line.lstrip())
    end = sent.start_char + len(line.rstrip())
    alone = (start == 0 or text[start - 1] == "\n") and end < len(text.rstrip()) and text[end] == "\n"
    short = len(text[start:end].split()) <= thresholds()["events"]["heading_max_words"]
    return alone and (text[start:end].startswith("#") or short and not any(t.pos_ in ("VERB", "AUX") for t in sent))


def quoted_at(quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` lies inside one of the quoted stretches (content offsets)."""
    return any(lo <= start and end <= hi for lo, hi in quotes)


def trigger_verdict(tok: Token, trigger: Span, quotes: list[tuple[int, int]]) -> tuple[int | None, Verdict | None]:
    """Whether a trigger reports an incident, and from which clause.

    Args:
        tok: the trigger's head token.
        trigger: the trigger's words.
        quotes: the article's quoted stretches of four words or more, as (start, end) offsets.

    Returns:
        ``(tier, None)`` for a reported trigger (tier 0: the main clause, 1: a subordinate clause
        that carries the incident only when the main clause names none), or ``(None, verdict)``.
    """
    sent = tok.sent
    if doc_text(tok.doc)[sent.start_char:sent.end_char].rstrip(" \"'”’)").endswith("?"):
        return None, Verdict("question", sent.text[-40:].strip())
    if _heading(sent):
        return None, Verdict("heading", sent.text.strip()[:60])
    if quoted_at(quotes, trigger.start_char, trigger.end_char):
        return None, Verdict("quoted", trigger.text)
    verdict = _form(tok, trigger) or _grammar(tok)
    if verdict is not None:
        return None, verdict
    tier = clause_tier(tok)
    if tier is None:
        return None, Verdict("background", f"{_background_marker(tok) or ''} ... {tok.text}".strip(" ."))
    return tier, None


#: a sentence's opening words, up to where a period opening it may stand: list marks, an adverb
#: ("Additionally, since ..."), an attribution ("According to X, as of ...")
_OPENING = re.compile(r"^[\W\d]*(?:\w+ly,\s*)?(?:according to [^,]{1,80},\s*)?", re.IGNORECASE)
_PERIOD_WORDS = re.compile(r"(?:since|as of)\b", re.IGNORECASE)


def period_verdict(sent: Span, trigger: Token | None, refs: list[DateRef], day_days: int,
                   week_days: int) -> Verdict | None:
    """A sentence that sums up a period, not one incident: it opens with "Since ..." or "As of ..."
    ("Since 2 March, the agency has logged 40 attacks on farmers"; "As of Monday, 1,200 homes had
    been wrecked"), or with a window or range longer than a day's report and counts the incidents in
    it ("Between 5 and 9 May, the agency verified five attacks"; while "In the past week, strikes
    uprooted thousands" tells one week-long event); or it counts from a date ("half of the deaths since 2
    March came in raids", "eleven bakeries have been destroyed since 7 October": a noun, or a
    verb over more than ``week_days``).

    Args:
        sent: the sentence.
        trigger: its trigger.
        refs: its date expressions.
        day_days: the longest period a day's report covers.
        week_days: the shortest "since" that sums up when it hangs from a verb ("since Monday" may not).
    """
    text = sent.text
    lead = _OPENING.match(text).end()
    if _PERIOD_WORDS.match(text, lead):
        return Verdict("running", text[:lead + 25].strip())
    for ref in refs:
        length = _days_between(ref.period_start, ref.period_end)
        if ref.kind in ("window", "range") and ref.start - sent.start_char <= lead and length is not None \
                and length > day_days and trigger is not None and _counted(trigger):
            return Verdict("running", ref.text)
        if ref.kind != "since":
            continue
        since = sent.doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if since is None or since[0].i == sent.start:
            continue
        counted = since[0].nbor(-1) if since[0].nbor(-1).pos_ == "NOUN" else since[0].head
        if counted.pos_ == "NOUN" or length is not None and length > week_days:
            return Verdict("running", f"{counted.text} {ref.text}")  # "the deaths since 2 March"
    return None


def _counted(trigger: Token) -> bool:
    """Whether the incidents are counted: "five attacks", "in three incidents"."""
    return any(c.dep_ == "nummod" for c in trigger.children) or trigger.dep_ == "pobj" and any(
        c.dep_ == "nummod" for c in trigger.head.head.children if c is not trigger)


def _days_between(start: str | date | None, end: str | date | None) -> int | None:
    """Days from ``start`` to ``end`` (ISO dates or dates), or None where either is missing or no date."""
    if not (start and end):
        return None
    try:
        start = date.fromisoformat(start) if isinstance(start, str) else start
        end = date.fromisoformat(end) if isinstance(end, str) else end
    except ValueError:
        return None
    return (end - start).days


def toll_verdict(sent: Span, tolls: list[Figure], counted: bool, day_days: int) -> tuple[Verdict | None, list[Figure]]:
    """A toll, not an incident: "123 people were killed in the past day" (period scope), "the death
    toll since the war began has reached 4,150" (cumulative): a sentence whose only casualties are
    running or period totals sums up many incidents. A day's report of what a named force did
    ("Over the past 24 hours, border guards shot and killed two smugglers") tells that day's
    incident: a period of at most ``day_days`` with an actor of its own is no toll.

    Args:
        sent: the sentence.
        tolls: its killed and injured figures that are not of one incident.
        counted: whether it counts casualties of one incident besides.
        day_days: the longest period a day's report covers.

    Returns:
        ``(verdict, [])`` for a toll; ``(None, figures)`` otherwise, the figures of a day's report
        that count toward the sentence's incident.
    """
    if not tolls or counted:
        return None, []
    day = [f for f in tolls if _within(f, day_days) and _done_by_someone(sent.doc, f)]
    if len(day) < len(tolls):
        return Verdict("toll", tolls[0].text[:80]), []
    return None, day


def _within(f: Figure, days: int) -> bool:
    """Whether a period figure covers at most ``days`` (one whose period is not known may)."""
    if f.scope != "period":
        return False
    if not (f.period_start and f.period_end):
        return True
    length = _days_between(f.period_start, f.period_end)
    return length is not None and length <= days


def _done_by_someone(doc: Doc, f: Figure) -> bool:
    """Whether the verb that counts the figure names who did it: "soldiers shot and killed two",
    "were killed by settlers"; not "212 people were killed across the country"."""
    span = doc.char_span(f.start, f.end, alignment_mode="expand")
    tok = span.root if span is not None and len(span) else None
    for _ in range(4):
        if tok is None or tok.pos_ == "VERB" or tok.head is tok:
            break
        tok = tok.head
    if tok is None or tok.pos_ != "VERB":
        return False
    verbs = [tok]
    while verbs[-1].dep_ == "conj" and len(verbs) < 4:  # "shot and killed two": the subject of "shot"
        verbs.append(verbs[-1].head)
    for verb in verbs:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
        if any(c.dep_ == "agent" or c.dep_ == "nsubj" and not passive for c in verb.children):
            return True
    return False


def old_date(sent: Span, published: date | None, days: int) -> Verdict | None:
    """History told with its date: a year, month or week in the sentence that lies wholly before the
    history window ("in 2015", "in May 2017", "last year"), when the sentence tells no recent date.
    An old day ("on Jan. 27, 2014") is left to the incident's date: an article may be about it (a trial)."""
    if published is None:
        return None
    old, recent = None, False
    for ref in doc_dates(sent.doc):
        if not (sent.start_char <= ref.start < sent.end_char):
            continue
        gap = _days_between(ref.period_end or ref.date, published)
        if gap is None:
            continue
        if gap > days and ref.kind != "since":
            if ref.precision == 1:
                return None
            old = old or ref.text
        else:
            recent = True
    return None if recent or old is None else Verdict("history", old)


def general_verdict(sent: Span, trigger: Token | None, counted: bool, min_chars: int) -> Verdict | None:
    """A statement with no place below a country, no day and no counted casualty of its own ("fighting
    continues across the country", "amid continuous airstrikes"): ACLED codes no event from it. A
    note, a snippet or a brief report shorter than ``min_chars`` is all about its event and is not
    judged so.

    Args:
        sent: the sentence the incident is typed from.
        trigger: its trigger.
        counted: whether the incident counts dead or injured.
        min_chars: the shortest article judged so.
    """
    doc = sent.doc
    if len(doc_text(doc)) < min_chars or counted:
        return None
    if names_place(doc, sent.start_char, sent.end_char) or _CLOCK.search(sent.text):
        return None
    if any(sent.start_char <= r.start < sent.end_char and (r.date or r.period_start) for r in doc_dates(doc)):
        return None
    if trigger is not None and specific_participant(trigger):
        return None
    return Verdict("general", trigger.text if trigger is not None else sent.text[:40])


#: a time of day ("at 6:40 p.m.", "shortly after 11 pm"): an incident told to the hour is no general statement
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:[ap]\.\s?m\.|[ap]m\b)", re.IGNORECASE)


def old_places(doc: Doc, candidates: list[Span], published: date | None, days: int) -> dict[str, str]:
    """The towns the article names as where an incident happened with an old date only ("an incident
    in Salisbury on 4 March"), each with the words of that date: name -> date words.

    Args:
        doc: the article.
        candidates: the sentences of the article that name an incident (kept or dropped).
        published: the publication date.
        days: the history window.
    """
    if published is None:
        return {}
    refs = [r for r in doc_dates(doc) if r.date or r.period_end]
    out: dict[str, str] = {}
    for sent in candidates:
        told = [r for r in refs if sent.start_char <= r.start < sent.end_char]
        gaps = [_days_between(r.date or r.period_end, published) for r in told]
        if not told or not all(g is not None and g > days for g in gaps):
            continue
        for _, _, place in places_named(doc, sent.start_char, sent.end_char, locative=True):
            if place.geo_precision <= 2:
                out.setdefault(place.name, told[0].text)
    return out


def dated_elsewhere(doc: Doc, spans: list[tuple[int, int]], place: Place | None, old: dict[str, str]) -> Verdict | None:
    """An incident its own sentences leave undated, at a town the article dates elsewhere with an old
    date (``old_places``: "... an incident in Salisbury on 4 March ..."; later "the findings on the
    Salisbury attack"): a follow-up of that old incident (findings, statements, a funeral), not a new one.

    Args:
        doc: the article.
        spans: the incident's sentences, as (start, end) offsets.
        place: the incident's place; only a town or part of one (geo_precision 1-2) is evidence.
        old: ``old_places`` of the article.
    """
    if place is None or place.geo_precision > 2 or place.name not in old:
        return None
    if any(a <= r.start < b and (r.date or r.period_end) for r in doc_dates(doc) for a, b in spans):
        return None
    return Verdict("history", f"{place.name}: {old[place.name]}")



def history_verdict(published: date | None, when: str | None, days: int) -> Verdict | None:
    """An incident dated more than ``days`` before publication is history (a year or month told in
    its sentence is ``old_date``'s)."""
    gap = _days_between(when, published)
    if gap is not None and gap > days:
        return Verdict("history", f"{when}, {gap} days before publication")
    return None


def quoted_stretches(doc: Doc, stretches: list[tuple[int, int]], min_words: int) -> list[tuple[int, int]]:
    """The stretches of at least ``min_words`` words: scare quotes ("de-escalation") are the author's."""
    text = doc_text(doc)
    return [(lo, hi) for lo, hi in stretches if len(text[lo:hi].split()) >= min_words]


__all__ = [
    "REASONS",
    "Verdict",
    "clause_tier",
    "context_words",
    "dated_elsewhere",
    "general_verdict",
    "history_verdict",
    "old_date",
    "old_places",
    "period_verdict",
    "quoted_at",
    "quoted_stretches",
    "specific_participant",
    "summoned",
    "toll_verdict",
    "trigger_verdict",
    "verb_of",
]
