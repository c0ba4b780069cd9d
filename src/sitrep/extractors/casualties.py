"""Extract stage: who a sentence says was killed or hurt, with or without digits ("killing him" is 1)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from sitrep.extractors.context import doc_text, doc_tokens
from sitrep.extractors.numbers import is_plausible_count, is_year, parse_number
from sitrep.resources import lexicon_set, load_lexicon, load_table, word_group
from sitrep.types import Figure

logger = logging.getLogger(__name__)

CASUALTY_CATEGORIES = ("killed", "injured")
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass(frozen=True, slots=True)
class Casualty:
    """One victim phrase: its category, how many people (None: a number the text leaves open).

    ``referential`` marks victims already introduced ("he", "the victim", "one of them"): a later
    report of their death turns a wounded person into a killed one instead of adding a person.
    ``pronoun`` marks "he"/"him"/"himself", often a person no other phrase of the sentence counts
    (the gunman who "then shot himself"). ``weak`` marks an injury that only says the person was hit
    ("was shot", "suffered a gunshot wound", "taken to a hospital"), which the dead were too.
    """

    category: str
    count: int | None
    start: int
    end: int
    referential: bool = False
    pronoun: bool = False
    weak: bool = False


@dataclass(frozen=True, slots=True)
class _Lexicons:
    killing: frozenset[str]
    dying: frozenset[str]
    injuring: frozenset[str]
    death_words: frozenset[str]
    care_verbs: frozenset[str]
    remains: frozenset[str]
    unrealised: frozenset[str]
    shooting: frozenset[str]
    casualty_nouns: frozenset[str]
    nonhuman: frozenset[str]
    fatal_incidents: frozenset[tuple[str, str]]
    hitting: dict[tuple[str, str], frozenset[str]]
    incident_nouns: frozenset[str]
    injury_nouns: dict[str, tuple[frozenset[str], bool]]


@cache
def _lexicons() -> _Lexicons:
    nouns = {}
    for row in load_table("casualty_injury_nouns"):
        nouns[row["noun"]] = (frozenset(row["links"].split()), row["verbs"] == "care")
    return _Lexicons(
        killing=frozenset(load_lexicon("casualty_killing_verbs")),
        dying=frozenset(load_lexicon("casualty_dying_verbs")),
        injuring=frozenset(load_lexicon("casualty_injuring_verbs")),
        death_words=frozenset(load_lexicon("casualty_death_words")),
        care_verbs=frozenset(load_lexicon("casualty_care_verbs")),
        remains=frozenset(load_lexicon("casualty_remains_nouns")),
        unrealised=frozenset(load_lexicon("casualty_unrealised")),
        shooting=frozenset(load_lexicon("casualty_shooting_verbs")),
        casualty_nouns=frozenset(load_lexicon("casualty_nouns")),
        fatal_incidents=frozenset(tuple(e.split()) for e in load_lexicon("casualty_fatal_incidents")),
        # "the shooting of five people": the nouns whose "of" object figures count (figure_cues, role "of")
        incident_nouns=frozenset(r["word"] for r in load_table("figure_cues") if r["role"] == "of"),
        hitting={(r["verb"], r["kind"]): frozenset(r["words"].split()) for r in load_table("casualty_hit_verbs")},
        nonhuman=frozenset(load_lexicon("casualty_nonhuman")),
        injury_nouns=nouns,
    )


def _pronouns(group: str) -> frozenset[str]:
    """Pronouns that count victims (one_person, many_people, nobody) or stand for a noun (relative)."""
    return word_group("pronouns", group)


def _verb_key(tok: Token) -> str:
    """The lemma, with its particle where it has one ("pass away")."""
    lemma = tok.lemma_.lower()
    prt = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
    return f"{lemma} {prt}" if prt else lemma


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "aux", "dobj") for c in verb.children) \
            and verb.head.pos_ == "VERB" and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.head.children):
        return True  # "was shot and killed Feb. 10": the tagger made "killed" past tense, the voice is shared
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "conj") and not any(c.dep_ == "nsubj" for c in verb.children)


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for tok in tokens:
        out.append(tok)
        out.extend(t for t in tok.conjuncts if t.i > tok.i and t not in out)
    return out


def _resolve_relative(tok: Token, verb: Token) -> Token:
    """"who" in "a man who was killed" stands for "man"."""
    if tok.lower_ in _pronouns("relative") and verb.dep_ == "relcl":
        return verb.head
    return tok


def _dependents(verb: Token, deps: tuple[str, ...], depth: int = 0) -> list[Token]:
    found = [c for c in verb.children if c.dep_ in deps]
    if found:
        return [_resolve_relative(t, verb) for t in found]
    shared = ("conj", "xcomp", "advcl") if deps == _SUBJECTS else ("conj", "xcomp")
    if depth < 3 and verb.dep_ in shared and verb.head.pos_ in ("VERB", "AUX") \
            and (verb.dep_ != "advcl" or verb.tag_ in ("VBG", "VBN")):
        # "arrived at a hospital suffering from a gunshot wound": the participle shares the subject
        return _dependents(verb.head, deps, depth + 1)
    return []


def _patients(verb: Token) -> list[Token]:
    """Who undergoes ``verb``: the object of an active verb, the subject of a passive one."""
    if _is_passive(verb):
        if verb.dep_ == "acl" and not any(c.dep_ == "nsubjpass" for c in verb.children):
            return _with_conjuncts([verb.head])
        return _with_conjuncts(_dependents(verb, ("nsubjpass",)))
    if verb.dep_ in ("conj", "oprd") and not any(c.dep_ in ("dobj", "aux") for c in verb.children):
        # reduced passive: "left two dead and three others injured", "a juvenile wounded"
        if verb.tag_ == "VBN":
            own = [c for c in verb.children if c.dep_ == "nsubj"
                   or c.dep_ == "npadvmod" and c.ent_type_ not in ("DATE", "TIME")]  # not "killed Feb. 10"
        elif verb.lemma_.lower() not in _lexicons().shooting:
            # the tagger reads "one man dead and another man wounded" as past tense, "another" its
            # subject ("officers shot at the car" is active: not for verbs of shooting)
            own = [c for c in verb.children if c.dep_ == "nsubj"]
        else:
            own = []
        if own:
            return _with_conjuncts(own)
    return _with_conjuncts(_dependents(verb, ("dobj",)))


def _subjects(verb: Token) -> list[Token]:
    if verb.dep_ == "acl" and not any(c.dep_ in _SUBJECTS for c in verb.children):
        return _with_conjuncts([verb.head])
    return _with_conjuncts(_dependents(verb, _SUBJECTS))


def _number(tok: Token) -> int | None:
    """A whole number written in one token ("27,708", "seven"), read as the figures read it."""
    value = parse_number(tok.text)
    if value is None or not float(value).is_integer() or not is_plausible_count(value):
        return None
    return int(value)


_DASHES = frozenset({"--", "—", "–", "-"})


def _in_dateline(tok: Token) -> bool:
    """Whether ``tok`` is in a dateline opening its sentence: names and punctuation up to a dash
    ("TOLEDO, OH --", "LINCOLN, Maine —", "OAKLAND (CBS SF)—")."""
    sent = tok.sent
    for t in sent[:10]:
        if t.text in _DASHES:
            return t.i > tok.i
        if t.pos_ not in ("PROPN", "PUNCT") and not t.is_upper:
            return False
    return False


def _age_or_year(num: Token) -> bool:
    """"32 year-old Charles Busby" (an age), "Copyright 2019" (a year): a number, not a head count."""
    if is_year(num.text):
        return True
    nxt = num.doc[num.i + 1: num.i + 3]
    return bool(nxt) and nxt[0].lower_.lstrip("-") in ("year", "years", "year-old", "years-old", "month", "months")


def _np_bounds(tok: Token) -> tuple[int, int]:
    """Characters of the victim phrase up to its head (not its relative clause or conjuncts)."""
    return tok.left_edge.idx if tok.left_edge.i <= tok.i else tok.idx, tok.idx + len(tok.text)


def _count(tok: Token, verb: Token, lex: _Lexicons) -> tuple[int | None, bool] | None:
    """(people, referential) for the victim headed by ``tok``; None when it is no victim to count here."""
    lower = tok.lower_
    if tok.lemma_.lower() in lex.nonhuman or lower in lex.nonhuman:
        return None
    if _in_dateline(tok):
        return None  # "TOLEDO, OH -- A boy was shot": the parser made the dateline a subject
    if any(c.dep_ == "neg" for c in verb.children):
        return 0, False
    dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet")}
    if "no" in dets or lower in _pronouns("nobody"):
        return 0, False
    nums = [c for c in tok.children if c.dep_ == "nummod" and not _age_or_year(c)]
    if tok.like_num or nums:
        value = _number(tok if tok.like_num else nums[0])
        # "17 of whom died"; "four people were shot, one fatally": a part of a group already counted
        partitive = tok.like_num and any(c.dep_ == "prep" and c.lower_ == "of" or c.pos_ == "ADV"
                                         and c.lemma_.lower() in lex.death_words for c in tok.children)
        return value, partitive or (tok.like_num and tok.dep_ in _SUBJECTS and tok.pos_ == "NUM")
    if tok.pos_ == "PRON":
        if lower in _pronouns("one_person"):
            return 1, True
        if lower == "both":
            return 2, True
        if lower == "another":
            return 1, False  # "one woman was killed and another rushed to a hospital"
        if lower in _pronouns("many_people"):
            return None, True
        return None
    if tok.lemma_.lower() in lexicon_set("casualty_vague_heads"):
        return None, False  # "a number of soldiers", "dozens of people": left to the figures
    if tok.pos_ == "ADJ" and dets & {"a", "an"}:
        return 1, False  # "shot dead a Palestinian"
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if "both" in dets:
        return 2, True
    referential = bool(dets & word_group("determiners", "definite")) or any(c.dep_ == "poss" for c in tok.children)
    if tok.tag_ in ("NNS", "NNPS"):
        return None, referential
    return 1, referential or (tok.pos_ == "PROPN" and not dets)


def _unrealised(verb: Token, lex: _Lexicons) -> bool:
    """"tried to kill", "could kill", "threatened to shoot": nobody was hurt by this verb."""
    if any(c.dep_ == "aux" and c.lower_ in lex.unrealised for c in verb.children):
        return True
    head = verb.head.lemma_.lower()
    if verb.dep_ == "xcomp" and head in lex.unrealised:
        return True
    return verb.dep_ == "ccomp" and head in lexicon_set("casualty_claim_verbs") and head in lex.unrealised


def _counts(fig: Figure, head: Token) -> bool:
    """Whether the figure is the number of the victim phrase headed by ``head`` ("seven people",
    "injuring 11"), not a number inside it ("a 3-year-old child")."""
    if fig.start <= head.idx < fig.end:
        return True
    return any(c.dep_ == "nummod" and fig.start <= c.idx < fig.end for c in head.children)


def _lifeless_unit(fig: Figure, lex: _Lexicons) -> bool:
    """A figure that counts things, not people ("2 residential towers")."""
    if not fig.unit:
        return False
    word = fig.unit.lower().split()[-1]
    return word in lex.nonhuman or word.rstrip("s") in lex.nonhuman


def _casualty_unit(fig: Figure, lex: _Lexicons) -> bool:
    """A figure whose counted noun is itself a casualty word: "7 fatalities", "12 deaths", "30 injuries"."""
    if not fig.unit:
        return False
    words = fig.unit.lower().split()
    last = words[-1]
    stems = {last, last.rstrip("s"), last[:-3] + "y" if last.endswith("ies") else last}
    return bool(stems & (lex.casualty_nouns | lex.death_words | set(lex.injury_nouns)))


def _cued(fig: Figure, doc, lex: _Lexicons) -> bool:
    """Whether a casualty word governs the figure's number: "5 dead", "three killed", "two wounded"."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    words = lex.death_words | lex.killing | lex.dying | lex.injuring | set(lex.injury_nouns)
    root = span.root
    for tok in (root, root.head, root.head.head):
        if tok.lemma_.lower() in words or tok.lower_ in words:
            return True
    # "the shooting of five people"
    noun = root.head if root.dep_ == "nummod" else root
    return noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in lex.incident_nouns


@cache
def _cue_words() -> frozenset[str]:
    """Lemmas a casualty cue can start from: the verbs, nouns and death words of the lexicons."""
    lex = _lexicons()
    dying_first = {key.split()[0] for key in lex.dying}
    return frozenset(lex.killing | lex.dying | dying_first | lex.injuring | lex.death_words | lex.remains
                     | set(lex.injury_nouns) | {verb for verb, _ in lex.hitting})


def _triggers(sent: Span, lex: _Lexicons) -> Iterable[tuple[str, Token, list[Token]]]:
    """(category, verb, victim heads) for every casualty cue in ``sent``."""
    doc, words = sent.doc, doc_tokens(sent.doc)
    lemmas = words.lemma[sent.start:sent.end]
    # Most words are no casualty cue: without a death word in the sentence, only the words of the
    # casualty lexicons need the (costlier) checks below; with one, every verb may be "found dead".
    death_here = any(lemma in lex.death_words for lemma in lemmas)
    cue_words = _cue_words()
    for i, lemma in enumerate(lemmas, sent.start):
        if lemma not in cue_words and not (death_here and words.pos[i] in ("VERB", "AUX", "ADJ", "ADV", "NOUN")):
            continue
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX") or tok.tag_ == "VBN":
            yield from _verb_triggers(tok, lemma, lex, death_here)
        else:
            yield from _word_triggers(tok, lemma, lex)


def _verb_triggers(tok: Token, lemma: str, lex: _Lexicons,
                   death_here: bool) -> Iterable[tuple[str, Token, list[Token]]]:
    """The cue of a verb: killing, dying, injuring, hitting someone, or made fatal by a death word."""
    if not death_here and lemma not in lex.killing and lemma not in lex.dying \
            and lemma not in lex.injuring and _verb_key(tok) not in lex.dying and not _hits_person(tok, lex):
        return
    if _unrealised(tok, lex):
        return
    fatal = death_here and (any(
        c.lemma_.lower() in lex.death_words and c.pos_ in ("ADJ", "ADV") for c in tok.children) or any(
        c.dep_ == "prep" and c.lower_ == "to" and any(p.lemma_.lower() in lex.death_words for p in c.children)
        for c in tok.children))  # "shot to death", "beaten to death"
    if lemma in lex.killing:
        yield "killed", tok, _patients(tok)
    elif lemma in lex.dying or _verb_key(tok) in lex.dying:
        yield "killed", tok, _subjects(tok)
    elif lemma in lex.injuring:
        if lemma in lex.shooting and _aimed_at(tok):
            return  # "was shot at": fired on, not hit
        yield ("killed" if fatal else "injured"), tok, _patients(tok)
    elif _hits_person(tok, lex):  # "was struck in the arm", "was hit by a stray bullet"
        yield "injured", tok, _patients(tok)
    elif fatal:  # "found dead", "pronounced dead", "is dead", "left two men dead"
        objects = _with_conjuncts(_dependents(tok, ("dobj",)))
        yield "killed", tok, objects or _subjects(tok)


def _word_triggers(tok: Token, lemma: str, lex: _Lexicons) -> Iterable[tuple[str, Token, list[Token]]]:
    """The cue of a word that is no verb: a death word ("one fatally", "left a man dead"), the
    remains of the dead ("the bodies of two women") or an injury noun."""
    if tok.pos_ == "ADV" and lemma in lex.death_words and tok.head.like_num and tok.head.head.lemma_.lower() in (
            lex.injuring | lex.killing):
        yield "killed", tok.head.head, [tok.head]  # "four people were shot, one fatally"
    elif tok.pos_ == "ADJ" and lemma in lex.death_words and tok.dep_ == "amod" and tok.head.i < tok.i:
        yield "killed", tok.head, [tok.head]  # "left a man dead"
    elif tok.pos_ == "ADJ" and lemma in lex.death_words and any(c.dep_ == "dobj" for c in tok.children):
        yield "killed", tok, _with_conjuncts(c for c in tok.children if c.dep_ == "dobj")  # "shot dead a man"
    elif tok.pos_ == "NOUN" and lemma in lex.remains and tok.dep_ in ("dobj", "nsubjpass", "conj"):
        of = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
              for p in c.children if p.dep_ == "pobj"]
        yield "killed", tok, _with_conjuncts(of) or [tok]  # "the bodies of two women were found"
    elif tok.pos_ == "NOUN" and lemma in lex.injury_nouns:
        yield from _injury_noun_triggers(tok, lemma, lex)


def _injury_noun_triggers(tok: Token, lemma: str, lex: _Lexicons) -> Iterable[tuple[str, Token, list[Token]]]:
    """"suffered a gunshot wound", "was taken to the hospital": an injury noun linked to its verb as
    the table says (object, "in", "to"...), the verb's patient or subject hurt."""
    links, care_only = lex.injury_nouns[lemma]
    verb, link = tok.head, tok.dep_
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        verb, link = tok.head.head, tok.head.lower_
    if link not in links or verb.pos_ not in ("VERB", "AUX"):
        return
    vlemma = verb.lemma_.lower()
    if care_only and vlemma not in lex.care_verbs:
        return
    if vlemma in lex.dying or vlemma in lex.killing:
        return
    if not _is_passive(verb) and any(c.dep_ == "dobj" for c in verb.children) and link != "dobj":
        yield "injured", verb, _patients(verb)  # "took the man to the hospital"
    else:
        yield "injured", verb, _subjects(verb)


def _aimed_at(verb: Token) -> bool:
    """"was shot at", "were fired at by": a stranded "at" makes the subject the target, not a victim."""
    return any(c.dep_ == "prep" and c.lower_ == "at" and not any(g.dep_ == "pobj" for g in c.children)
               for c in verb.children)


def _hits_person(verb: Token, lex: _Lexicons) -> bool:
    """"struck in the arm", "hit by a stray bullet": a verb of hitting that says it wounded someone."""
    lemma = verb.lemma_.lower()
    for prep in verb.children:
        words = lex.hitting.get((lemma, prep.lower_)) if prep.dep_ in ("prep", "agent") else None
        if words and any(c.dep_ == "pobj" and c.lemma_.lower() in words for c in prep.children):
            return True
    return False


def _nested(fig: Figure, others: Sequence[Figure], text: str) -> bool:
    """A figure inside another's phrase: "killing 7 people, including two children"."""
    for other in others:
        if other is fig or other.category != fig.category or other.start >= fig.start:
            continue
        between = text[other.end:fig.start].lower()
        if len(between) < 100 and any(cue in between for cue in load_lexicon("casualty_nesting_cues")):
            return True
    return False


def casualty_figures(sent: Span, figures: Sequence[Figure]) -> list[Figure]:
    """Incident-scope killed/injured figures inside ``sent``, without those nested in another."""
    inside = [f for f in figures if sent.start_char <= f.start < sent.end_char
              and f.category in CASUALTY_CATEGORIES]
    incident = [f for f in inside if f.scope == "incident"]
    return [f for f in incident if not _nested(f, incident, doc_text(sent.doc))]


def sentence_casualties(sent: Span, figures: Sequence[Figure] = ()) -> tuple[list[Casualty], list[Figure]]:
    """Victim phrases of ``sent`` and the casualty figures that count toward an incident.

    A victim phrase a figure overlaps is left to the figure ("killing seven people"). A killed or
    injured figure counts when it is incident-scope, not nested in another ("7 people, including
    two children") and either is the victim of a casualty verb ("injuring 11", "17 of whom died"),
    is governed by a casualty word ("5 dead") or counts casualties by name ("7 fatalities"): a
    number elsewhere (an age, a road, a caption, "found four shooting victims") is not a toll.

    Args:
        sent: a sentence of a parsed Doc.
        figures: the Doc's figures.

    Returns:
        (Casualty records without a figure, in text order; the figures that count).
    """
    lex = _lexicons()
    near = [f for f in figures if sent.start_char <= f.start < sent.end_char]
    found: dict[int, Casualty] = {}
    confirmed: set[int] = set()
    phrases: list[tuple[int, int]] = []  # victim phrases counted here: a number inside is an age
    denied: set[int] = set()
    for category, verb, victims in _triggers(sent, lex):
        for tok in victims:
            if not (sent.start <= tok.i < sent.end):
                continue
            start, end = _np_bounds(tok)
            covering = [id(f) for f in near if f.category in CASUALTY_CATEGORIES and _counts(f, tok)]
            if covering and any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
                denied.update(covering)  # "no one was injured" counts nobody
                covering = []
            if covering:
                confirmed.update(covering)
                continue
            counted = _count(tok, verb, lex)
            if counted is None:
                continue
            count, referential = counted
            known = found.get(tok.i)
            if known is not None and (known.category == "killed" or category == "injured"):
                continue
            phrases.append((start, end))
            pronoun = tok.pos_ == "PRON" and tok.lower_ in _pronouns("one_person")
            weak = category == "injured" and (verb.lemma_.lower() in lex.shooting or verb.lemma_.lower()
                                               not in lex.injuring)
            found[tok.i] = Casualty(category, count, start, end, referential, pronoun, weak)
    counted_figures = [f for f in casualty_figures(sent, near)
                       if (id(f) in confirmed or _cued(f, sent.doc, lex) or _casualty_unit(f, lex))
                       and not any(a <= f.start and f.end <= b for a, b in phrases)
                       and not _lifeless_unit(f, lex) and id(f) not in denied]
    if not any(c.category == "killed" for c in found.values()) and not any(
            f.category == "killed" for f in counted_figures):
        fatal = _fatal_incident(sent, lex)
        if fatal is not None:  # "a fatal shooting": one of the dead, already told or told later
            found[fatal.i] = Casualty("killed", 1, fatal.idx, fatal.idx + len(fatal.text), referential=True)
    return [found[i] for i in sorted(found)], counted_figures


def _fatal_incident(sent: Span, lex: _Lexicons) -> Token | None:
    """The noun of "a fatal shooting", "the deadly stabbing" in ``sent``, if any."""
    lower = doc_text(sent.doc)[sent.start_char:sent.end_char].lower()
    if not any(adj in lower for adj, _ in lex.fatal_incidents):
        return None  # most sentences: no need to look at each token
    for tok in sent:
        if tok.dep_ == "amod" and (tok.lemma_.lower(), tok.head.lemma_.lower()) in lex.fatal_incidents \
                and not any(t.lower_ in ("non", "not") for t in sent.doc[max(0, tok.i - 2):tok.i]):
            return tok.head  # not a "non-fatal shooting"
    return None


def casualties_in(sent: Span, figures: Sequence[Figure] = ()) -> list[Casualty]:
    """Victim phrases of ``sent`` that no figure covers, one per victim (killed wins over injured)."""
    return sentence_casualties(sent, figures)[0]


__all__ = ["Casualty", "casualties_in", "casualty_figures", "sentence_casualties"]
