"""Extract stage: figures, every number an article states about people or damage."""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from sitrep.extractors.attribution import Attributions, attribute
from sitrep.extractors.dates import doc_dates
from sitrep.extractors.context import doc_text
from sitrep.extractors.numbers import NumberPhrase, find_numbers
from sitrep.extractors.places import place_in
from sitrep.resources import lexicon_set, load_lexicon, load_table, thresholds
from sitrep.types import DateRef, Figure

logger = logging.getLogger(__name__)

_PRIORITY = ("label", "next", "verb", "rel", "noun", "mod", "subject")  # which cue decides the category, first wins
_BULLETS = frozenset("•*-–▪◦·●\\")
_STATES = frozenset({"displaced", "abducted", "detained", "missing"})  # categories that count a lasting state
_LABEL_LINE = re.compile(r"([^\n:]{2,120}):\s*$")


@dataclass(frozen=True, slots=True)
class _Cues:
    by_role: dict[str, dict[str, str]]
    people: frozenset[str]
    things: frozenset[str]
    damage_verbs: frozenset[str]
    refuge: frozenset[str]
    scope: tuple[tuple[tuple[str, ...], str], ...]


@cache
def _cues() -> _Cues:
    by_role: dict[str, dict[str, str]] = {"noun": {}, "verb": {}, "mod": {}, "either": {}, "clause": {}, "of": {},
                                          "held": {}}
    for row in load_table("figure_cues"):
        by_role[row["role"]][row["word"]] = row["category"]
    scope = tuple(sorted(((tuple(r["phrase"].split()), r["scope"]) for r in load_table("scope_cues")),
                         key=lambda r: -len(r[0])))
    return _Cues(by_role, frozenset(load_lexicon("people_nouns")), frozenset(load_lexicon("casualty_nonhuman")),
                 frozenset(load_lexicon("damage_verbs")),
                 frozenset(load_lexicon("refuge_nouns")), scope)


def _lookup(tok: Token, role: str) -> str | None:
    table = _cues().by_role[role]
    found = table.get(tok.lower_) or table.get(tok.lemma_.lower())
    if found is None and role == "verb" and tok.tag_ == "VBN":
        # participles the lemmatizer leaves as they are ("displaced", "wounded")
        found = _cues().by_role["mod"].get(tok.lower_)
    return found


def _counted_noun(doc: Doc, num: NumberPhrase) -> Token | None:
    """The noun a number counts: "seven [people]", "3,000 housing [units]", "dozens of [people]"."""
    last = doc[num.end - 1]
    if last.dep_ in ("nummod", "quantmod", "amod", "compound") and last.head.pos_ in ("NOUN", "PROPN") \
            and last.head.i >= num.end:
        return last.head if _countable(last.head) else None
    if num.end < len(doc) and doc[num.end].lower_ == "of" and num.end + 1 < len(doc):
        # "dozens of people", "hundreds of thousands of Palestinians"
        for tok in doc[num.end + 1: min(len(doc), num.end + 5)]:
            if tok.pos_ in ("NOUN", "PROPN") or _lookup(tok, "noun") or _lookup(tok, "mod"):
                # "dozens of people", "dozens of wounded" (the parser often makes it a verb)
                return tok if _countable(tok) else None
            if tok.pos_ not in ("ADJ", "DET", "NUM", "ADP"):
                break
    # "4,000 newly displaced people", "2,000 IDPs": the first noun after a few modifiers
    for tok in doc[num.end: min(len(doc), num.end + 4)]:
        if tok.pos_ in ("NOUN", "PROPN") and not tok.is_punct:
            return tok if _countable(tok) else None
        if tok.pos_ not in ("ADV", "ADJ", "VERB") or tok.is_sent_start:
            break
    return None


def _who_phrase(tok: Token) -> str | None:
    """The group a cue word names when it says more than the category: "recovered bodies",
    "victims of building collapses"; None for a bare "martyrs" or "injuries"."""
    mods = [c for c in tok.children if c.dep_ in ("amod", "compound") and c.i < tok.i and not c.like_num]
    after = [c for c in tok.children if c.i == tok.i + 1 and c.tag_ == "VBN" and c.dep_ in ("acl", "amod")]
    of = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > tok.i]
    if not mods and not of and not after:
        return None  # "bodies recovered" as well as "recovered bodies"
    start = min([tok.i, *(m.i for m in mods)])
    end = max([tok.i, *(a.i for a in after), *(t.i for c in of for t in c.subtree)]) + 1
    return tok.doc[start:end].text


def _countable(noun: Token) -> bool:
    """A common noun, or a proper noun naming people ("Palestinians"), not a name ("Summer St")."""
    return noun.pos_ != "PROPN" or noun.ent_type_ == "NORP" or noun.lemma_.lower() in _cues().people \
        or _lookup(noun, "noun") is not None


def _clause_verbs(start: Token) -> list[Token]:
    """Verbs governing a token, nearest first, up to the clause root (and one reporting level)."""
    out, tok, hops = [], start, 0
    while tok.head is not tok and hops < 4:
        tok = tok.head
        hops += 1
        if tok.dep_ in ("aux", "auxpass"):
            continue  # "people remained displaced" parsed with "remained" as an auxiliary
        if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBG"):
            out.append(tok)
            if tok.dep_ not in ("xcomp", "advcl", "conj", "acl", "pcomp", "prep"):
                break
    return out


def _line_label(doc: Doc, num: NumberPhrase) -> tuple[str, int]:
    """For list lines ("Total number of martyrs: 1,266") the label before the colon and where it
    starts, else ('', -1). A label alone on the line above a bare number counts too."""
    text = doc_text(doc)
    start = doc[num.start].idx
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    if before.rstrip().endswith(":"):
        m = _LABEL_LINE.search(before)
        if m:
            return m.group(1), line_start + m.start(1)
    if not before.strip() and line_start > 1:
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        prev_line = text[prev_start:line_start - 1]
        m = _LABEL_LINE.search(prev_line) if prev_line.rstrip().endswith(":") else None
        if m:
            return m.group(1), prev_start + m.start(1)
    return "", -1


def _heading(doc: Doc, num: NumberPhrase) -> tuple[int, int] | None:
    """Character span of the nearest preceding heading line (it ends with ':' and is no
    "label: value" line) within twelve lines above the number, or None. Only list lines (a bullet
    or a label before the number) fall under a heading; a paragraph of prose does not."""
    text = doc_text(doc)
    pos = text.rfind("\n", 0, doc[num.start].idx)
    line = text[pos + 1: doc[num.start].idx].lstrip()
    bullet = not line or line[0] in _BULLETS or not line[0].isalnum()
    if len(line) > 60 or not (bullet or _line_label(doc, num)[0]):
        return None
    for _ in range(12):
        if pos <= 0:
            return None
        prev = text.rfind("\n", 0, pos)
        raw = text[prev + 1: pos]
        line = raw.strip()
        if line.endswith(":") and not re.search(r":\s*\S", line[:-1]):
            start = prev + 1 + (len(raw) - len(raw.lstrip()))
            return start, start + len(line)
        pos = prev
    return None


def _partitive_clause(clause: Token) -> bool:
    """"five people, two of whom later died": the clause tells of part of the group, not all of it."""
    return any(t.lower_ in ("whom", "which") and t.dep_ == "pobj" and t.head.lower_ == "of" for t in clause.subtree)


def _category(doc: Doc, num: NumberPhrase, noun: Token | None) -> tuple[str | None, Token | None, str | None]:
    """Category of a number, the token that decided it, and the victim group (`who`).

    Every cue found is kept under its role (the list label, the counted noun or its modifiers, the
    verb of the clause, the verb's other arguments); the first role of ``_PRIORITY`` found decides.
    """
    found: dict[str, tuple[str, Token]] = {}
    who = _label_cue(doc, num, found)
    if noun is not None:
        who = _noun_cues(noun, num, found, who)
    else:
        _next_word_cue(doc, num, found)
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of":
        # "the displacement of 2.3 million people", "the deaths of 12 civilians"
        cat = _lookup(noun.head.head, "noun") or _lookup(noun.head.head, "of")  # "the shooting of five people"
        if cat and cat not in ("homes_destroyed", "attacks"):
            found.setdefault("verb", (cat, noun.head.head))
    who = _clause_cues(_anchor(doc, num, noun), noun, found, who)
    cat, tok = _decide(found, noun)
    return cat, tok, who


def _anchor(doc: Doc, num: NumberPhrase, noun: Token | None) -> Token:
    """The token whose clause gives the number's verb: the counted noun, else the number."""
    if noun is not None and noun.dep_ == "pobj" and _relation(noun.head) == "part":
        # "killed 14 people, including six children": the part shares the whole's predicate
        return noun.head.head
    return noun if noun is not None else doc[num.end - 1]


def _label_cue(doc: Doc, num: NumberPhrase, found: dict[str, tuple[str, Token]]) -> str | None:
    """A list line states its own subject: "Cumulative number of martyrs: 73,250". Adds the
    label's cue to ``found`` and returns the group it counts, if any."""
    label, label_start = _line_label(doc, num)
    label_span = doc.char_span(label_start, label_start + len(label), alignment_mode="expand") if label else None
    for tok in label_span or ():
        cat = _lookup(tok, "noun") or _lookup(tok, "mod")
        if cat:
            found["label"] = (cat, doc[num.start])
            # "Total number of bodies recovered": what the label counts, when it says more than
            # the category word alone (the parser rarely gets list labels right)
            counted = re.search(r"(?i)\bnumber of (.+)$", label)
            words = counted.group(1).split() if counted else []
            return " ".join(words) if len(words) > 1 else _who_phrase(tok)
    return None


def _noun_cues(noun: Token, num: NumberPhrase, found: dict[str, tuple[str, Token]], who: str | None) -> str | None:
    """The counted noun's own cue ("killed people"... "martyrs"), its modifiers' and its relative
    clause's; returns the victim group, updated."""
    cat = _lookup(noun, "noun")
    if cat is None:
        hurt = _with_injury(noun)  # "three men with stab wounds": the wound says it
    else:
        hurt = _hurt_in_clause(noun) if _lookup(noun, "either") else None
    cat, decider = ("injured", hurt) if hurt is not None else (cat, noun)
    if cat:
        found.setdefault("noun", (cat, decider))
    for child in noun.children:
        who = _dependent_cue(child, noun, num, found) or who
    if noun.lemma_.lower() in _cues().people and noun.lower_ not in ("people", "persons"):
        who = who or noun.text
    return who


def _dependent_cue(child: Token, noun: Token, num: NumberPhrase, found: dict[str, tuple[str, Token]]) -> str | None:
    """A cue in one dependent of the counted noun: a modifier ("wounded people", "housing units")
    or a relative clause ("people who were killed"). Returns the group a modifier names."""
    if child.dep_ in ("amod", "compound") and child.i not in range(num.start, num.end):
        cat = _lookup(child, "mod")
        if cat:
            found.setdefault("mod", (cat, child))
            return f"{child.text} {noun.text}"
        if child.dep_ == "compound" and _lookup(child, "noun") == "homes_destroyed":
            found.setdefault("noun", ("homes_destroyed", child))
    if child.dep_ in ("relcl", "acl") and not _partitive_clause(child):
        # "people who were killed", "IDPs sheltering in a school": below the clause's own verb
        # ("90 IDPs sheltering in the school had been killed"), above the noun ("victims who were hurt")
        for t in child.subtree:
            cat = _lookup(t, "verb") or (_lookup(t, "mod") if t.dep_ in ("acomp", "oprd") else None)
            if cat:
                found.setdefault("rel", (cat, t))
                break
    return None


def _next_word_cue(doc: Doc, num: NumberPhrase, found: dict[str, tuple[str, Token]]) -> None:
    """"67,147 wounded", "2 wounded.": with no counted noun, the word after the number is the cue.
    So is a predicate right after it ("3.2 million are internally displaced"): in a coordination
    ("900 dead and 410,000 displaced") the parser may hang the number on the first conjunct's verb,
    but the words next to it are its own (role ``next``, which outranks the clause verb)."""
    head = doc[num.end - 1].head
    nxt = doc[num.end] if num.end < len(doc) else None
    for tok in (nxt, head if head.i >= num.end else None):
        if tok is not None:
            cat = _lookup(tok, "noun") or _lookup(tok, "mod")
            if cat in ("homes_destroyed", "attacks") and tok.pos_ == "VERB":
                cat = None  # "are sheltering", "were raiding": the verb, not the noun
            if cat:
                found.setdefault("noun", (cat, tok))
                if tok is nxt and cat not in ("homes_destroyed", "attacks"):
                    found.setdefault("next", (cat, tok))
                return
    k = num.end
    while k < len(doc) and k < num.end + 4 and (doc[k].pos_ in ("AUX", "ADV") or doc[k].lower_ == "been"):
        k += 1  # "are", "have been", "are still", "were reportedly"
    if num.end < k < len(doc) and doc[k].tag_ in ("VBN", "VBG", "JJ"):
        cat = _lookup(doc[k], "mod") or _lookup(doc[k], "verb")
        if cat:
            found.setdefault("next", (cat, doc[k]))


def _clause_cues(anchor: Token, noun: Token | None, found: dict[str, tuple[str, Token]],
                 who: str | None) -> str | None:
    """The cue of the nearest verb over the number ("were killed", "remained displaced"), else, for
    a count of people, what the verb's other arguments name; returns the victim group, updated."""
    verbs = _clause_verbs(anchor)
    if not verbs:
        return who
    verb = _last_conjunct(verbs[0], anchor)
    people = noun is None or noun.lemma_.lower() in _cues().people
    cat = _lookup(verb, "verb") or _complement_category(verb, people)
    if cat:
        found.setdefault("verb", (cat, verb))
        return who
    # "the death toll reached 27,708", "this brings to 274,000 the number of people displaced":
    # the verb's other arguments name what is counted
    if noun is not None and noun.lemma_.lower() not in _cues().people:
        return who  # "split across 4 events": the subject does not say what "events" are
    # "brings to 33 the number of victims": the object names what is counted before the subject
    arguments = sorted((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")),
                       key=lambda c: c.dep_ not in ("dobj", "attr"))
    heads = lexicon_set("figure_count_heads")
    part = noun is not None and noun.dep_ == "pobj" and _relation(noun.head) == "part"
    for c in arguments:
        if c.i != anchor.i and not (noun is not None and c.i == noun.i) \
                and (_relation(verb) or part or any(t.lemma_.lower() in heads for t in c.subtree)):
            # "the death toll reached 84", "the fatalities include 192 medics", "the names of the
            # dead were released, including 800 civilians"
            for t in c.subtree:
                cat = _lookup(t, "noun") or (_lookup(t, "mod") if t.dep_ in ("acl", "amod") else None)
                if cat and cat not in ("homes_destroyed", "attacks"):
                    found.setdefault("subject", (cat, t))
                    who = who or _who_phrase(t)
                    break
    return who


def _last_conjunct(verb: Token, subject: Token) -> Token:
    """Of predicates sharing the number's subject ("were rounded up, shot or beheaded", "were
    abducted and later killed"), the last with a cue: the fate the sentence ends on."""
    if subject.dep_ not in ("nsubj", "nsubjpass") or subject.head != verb:
        return verb
    last = cur = verb
    while True:
        conj = next((c for c in cur.children if c.dep_ == "conj" and c.pos_ == "VERB" and c.i > cur.i
                     and not any(g.dep_.startswith(("nsubj", "aux")) for g in c.children)), None)
        # a conjunct with its own subject or auxiliary ("... and may be trapped") is a predicate of its own
        if conj is None:
            return last
        cur = conj
        if _lookup(conj, "verb"):
            last = conj


def _decide(found: dict[str, tuple[str, Token]], noun: Token | None) -> tuple[str | None, Token | None]:
    """The category and deciding token of the first role in ``_PRIORITY`` whose cue holds."""
    for role in ("verb", "rel"):
        if role in found and "noun" in found and found[role][0] == "displaced":
            # movement verbs do not recount a counted group: "45 martyrs arrived at hospitals"
            del found[role]
    if noun is not None and (_thing(noun) or found.get("noun", ("", None))[0] in ("homes_destroyed", "attacks")):
        # a count of places or things ("sheltering in 49 schools", "killed in three attacks") is
        # not a count of the people the verb is about
        found.pop("verb", None)
        found.pop("rel", None)
        found.pop("subject", None)
    for role in _PRIORITY:
        if role in found:
            cat, tok = found[role]
            if cat == "homes_destroyed" and role == "noun" and not _damaged(noun or tok):
                continue
            if cat == "attacks" and role == "noun" and noun is None:
                continue
            return cat, tok
    return None, None


def _whole_of(doc: Doc, num: NumberPhrase, noun: Token | None) -> tuple[Token | None, str]:
    """The token naming the group a number counts part of, and how it is tied: the counted group of
    "including six children", "families comprising 310 people" ("part"), the antecedent of "of
    whom" / "of which" ("which": it counts the same kind of thing), the noun of "40 of the hostages"
    ("part"), and "of those killed", "of them" ("anaphor": else the count told just before)."""
    if noun is not None and noun.dep_ == "pobj" and _relation(noun.head) == "part":
        return noun.head.head, "part"  # the group, or the verb that counts it
    if noun is not None and noun.dep_ == "dobj" and noun.head.dep_ == "acl" and _relation(noun.head):
        return noun.head.head, "part"  # "61 families comprising 340 people"
    if noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "to" \
            and _relation(noun.head.head) == "restate" and noun.head.head.dep_ in ("advcl", "acl"):
        return noun.head.head.head, "part"  # "39 families were killed, amounting to 260 people"
    last = doc[num.end - 1]
    verbs = _clause_verbs(last if noun is None else noun)
    holders = [last, *(verbs[:1] if noun is None or noun.dep_ in ("nsubj", "nsubjpass") else [])]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ != "prep" or prep.lower_ != "of" or (holder is not last and prep.i > holder.i):
                continue  # "of whom 3 were ...", "of those killed, 31 are ...": before the verb
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if obj.lower_ in ("whom", "which") and verbs and verbs[0].dep_ == "relcl":
                    return verbs[0].head, "which" if obj.lower_ == "which" else "part"
                if obj.tag_ in ("PRP", "DT") and verbs and verbs[0].lemma_ == "be":
                    # "of them, 16 were ...", "of those killed, 31 are children"; not "of those,
                    # 139,000 have been redeemed", whose verb says what the part is
                    acl = [c for c in obj.children if c.dep_ in ("acl", "relcl", "amod")]
                    return (acl[0] if acl else obj), "anaphor"
                if obj.pos_ in ("NOUN", "PROPN"):
                    return obj, "part"
    return None, ""


def _group_of(whole: Token | None, kind: str, wholes: dict[int, tuple[str, str]],
              before: tuple[str, str, int] | None, start: int) -> tuple[str, str] | None:
    """Category and scope of the group a part is counted from (see ``_whole_of``): a figure already
    read, else the group's own word, else, for "of them", the figure told just before (within
    ``figures.anaphor_chars`` characters)."""
    if whole is None:
        return None
    if whole.i in wholes:
        return wholes[whole.i]
    cat = _lookup(whole, "noun") or _lookup(whole, "verb") or _lookup(whole, "mod")
    if cat == "homes_destroyed" and not _damaged(whole):
        cat = None
    if cat:
        return cat, ""
    if kind == "anaphor" and before is not None and start - before[2] <= thresholds()["figures"]["anaphor_chars"]:
        return before[0], before[1]
    return None


def _relation(tok: Token) -> str | None:
    """part or restate (figure_part_words) for a word tying a count to a group count, else None."""
    table = _part_words()
    return table.get(tok.lower_) or table.get(tok.lemma_.lower())


@cache
def _part_words() -> dict[str, str]:
    return {r["word"]: r["relation"] for r in load_table("figure_part_words")}


def _restated(noun: Token | None, verb: Token | None) -> bool:
    """A count of families or households that the text restates in people ("61 families comprising
    340 people", "39 families were killed, amounting to 260 people"): the people count stands."""
    if noun is None or noun.lemma_.lower() not in lexicon_set("figure_group_nouns"):
        return False
    for head in (noun, verb):
        for child in (head.children if head is not None else ()):
            if child.dep_ in ("acl", "advcl", "relcl") and _relation(child) == "restate" \
                    and any(t.like_num for t in child.subtree):
                return True
    return False


def _thing(noun: Token) -> bool:
    """A noun that counts places or things, not people: "49 schools", "two of the camps"."""
    things = _cues().things
    return noun.lower_ in things or noun.lemma_.lower() in things


def _denied(decider: Token | None, noun: Token | None) -> bool:
    """"The two victims were not injured", "none of the three people inside was hurt": people the
    sentence says the category does not apply to."""
    if decider is not None and decider is not noun and any(c.dep_ == "neg" for c in decider.children):
        return True
    return noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of" \
        and noun.head.head.lower_ in ("none", "neither")


def _hurt_in_clause(noun: Token) -> Token | None:
    """For a noun that counts the dead in a toll but the wounded of an incident ("victims", role
    ``either``), the word of its clause that says they were hurt ("three victims were rushed to the
    hospital", "one victim with a gunshot wound"; role ``clause``), if any."""
    verbs = _clause_verbs(noun)
    for tok in [*noun.subtree, *(verbs[0].subtree if verbs else ())]:
        if _lookup(tok, "clause") == "injured":
            return tok
    return None


def _with_injury(noun: Token) -> Token | None:
    """The injury word of a "with ..." phrase on the noun ("a victim with a gunshot wound"), or on
    the verb it is the object or subject of ("found one victim with a gunshot wound"), if any."""
    heads = [noun, noun.head] if noun.dep_ in ("dobj", "nsubj", "nsubjpass") else [noun]
    for child in (c for h in heads for c in h.children):
        if child.dep_ == "prep" and child.lower_ == "with" and child.i > noun.i:
            for t in child.subtree:
                if "injured" in (_lookup(t, "noun"), _lookup(t, "verb")):  # "injuries", "a gunshot wound"
                    return t
    return None


def _complement_category(verb: Token, people: bool) -> str | None:
    """Category carried by a verb's complements: "remained displaced", "registered as displaced",
    "forced to flee", and, for counts of people, "took refuge", "staying in evacuation centres"."""
    # attributes first: in "X have died, 5 million are refugees" the parser may hang the clause
    # before the verb on it as a ccomp; a complement clause follows its verb
    children = sorted(verb.children, key=lambda c: c.dep_ not in ("attr", "oprd", "acomp"))
    for c in children:
        if c.dep_ in ("xcomp", "ccomp") and c.i < verb.i:
            continue
        if c.dep_ in ("acomp", "oprd", "attr", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as"):
            targets = [c, *(g for g in c.children if g.dep_ in ("pobj", "xcomp", "acomp"))]
            for t in targets:
                cat = _lookup(t, "mod") or _lookup(t, "verb")
                if cat is None and t.dep_ in ("attr", "oprd", "pobj") and people:
                    # "5 million are refugees", "taken hostage", "registered as IDPs"
                    cat = _lookup(t, "noun")
                    cat = cat if cat not in ("homes_destroyed", "attacks") else None
                if cat:
                    return cat
        if c.dep_ in ("dobj", "prep") and people:
            for t in ([c] if c.dep_ == "dobj" else [g for g in c.children if g.dep_ == "pobj"]):
                if t.lemma_.lower() in _cues().refuge:
                    return "displaced"
                if c.dep_ == "prep" and _lookup(t, "held"):
                    return _lookup(t, "held")  # "held in prisons", "still in captivity"
    return None


def _damaged(noun: Token) -> bool:
    """Homes count as damage only when destroyed, damaged or burned."""
    damage = _cues().damage_verbs
    for t in [*noun.ancestors][:3] + list(noun.children):
        if t.lemma_.lower() in damage or t.lower_ in ("destroyed", "damaged", "burned", "burnt"):
            return True
    return False


def _joined(tokens: list[Token]) -> str:
    """The tokens' lower-case words joined by single spaces, padded: phrase look-up by substring."""
    return " " + " ".join(t.lower_ for t in tokens) + " "


def _opener(sent: Span | None, num: NumberPhrase) -> list[Token]:
    """A fronted adverbial of the number's sentence ("Over the last two days, ...", "Since 3 January,
    ...", "As of 2 March, ..."): its words, before the first comma ahead of the number; it sets
    the scope of every count in the sentence. Empty when the sentence opens otherwise."""
    if sent is None or not len(sent) or sent[0].tag_ not in ("IN", "RB"):
        return []
    for tok in sent[:12]:
        if tok.i >= num.start:
            return []
        if tok.text == ",":
            return list(sent.doc[sent.start:tok.i])
    return []


def _scope(doc: Doc, num: NumberPhrase, decider: Token | None, category: str, window: Span | None,
           sent: Span | None = None) -> str:
    """incident, period or cumulative, from the clause, the list label and the heading above.

    In a runaway sentence (``window``: the words around the number) the window stands for the
    clause, whose subtree would span the whole sentence for every number in it."""
    anchor = decider if decider is not None else doc[num.start]
    verbs = _clause_verbs(doc[num.end - 1])
    clause_root = verbs[0] if verbs else anchor
    clause = list(window) if window is not None else sorted({*_own_clause(clause_root, doc[num.start]),
                                                              *_own_clause(anchor, doc[num.start])},
                                                             key=lambda t: t.i)
    label, label_start = _line_label(doc, num)
    if label:
        # A list line's scope is in its label or the heading above, not in the parser's
        # sentence, which often runs on into the next lines.
        span = doc.char_span(label_start, label_start + len(label), alignment_mode="expand")
        contexts = [list(span or []), list(doc[num.start:num.end])]
    else:
        contexts = [clause, list(doc[num.start:num.end])]
    found = _scope_in(contexts)
    if found:
        return found
    heading = _heading(doc, num)
    if heading:
        span = doc.char_span(*heading, alignment_mode="expand")
        found = _scope_in([list(span)] if span is not None else [])
        if found:
            return found
    opener = _opener(sent, num) if not label else []
    found = _scope_in([opener])
    if found:
        return found
    if _has_date_range(clause) or _has_date_range(opener):
        return "period"
    # Perfect aspect ("have been killed", "had burned", "had documented 57 attacks, resulting in 16
    # deaths") or a present-tense stock of people in a lasting state ("are displaced", "are held")
    decided_by_verb = decider is not None and decider.pos_ in ("VERB", "AUX")
    chain = [decider] if decided_by_verb else verbs[:1]
    while chain and chain[-1].dep_ in ("advcl", "acl") and chain[-1].tag_ == "VBG" and chain[-1].head not in chain \
            and not _incident_verb(chain[-1].head):
        # "had documented 57 attacks, resulting in 16 deaths": the participle's tally; but "gunmen have
        # attacked a checkpoint, killing 12" tells one incident in the perfect of news
        chain.append(chain[-1].head)
    state = category in _STATES
    for verb in chain:
        if any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children) and not _in_an_incident(verb) \
                and not _done_by(verb):
            return "cumulative"
        if state and (verb.tag_ in ("VBP", "VBZ") or any(c.tag_ in ("VBP", "VBZ") and c.dep_.startswith("aux")
                                                        for c in verb.children)):
            return "cumulative"
    if state and (any(t.lower_ == "still" for t in clause) or (
            category == "displaced" and not (decided_by_verb and decider.dep_ not in ("amod", "compound"))
            and not any(t.ent_type_ == "DATE" for t in clause))):
        # "are still missing", and a count of people named by their state ("352,000 IDPs staying in
        # schools", "reached 220,000 displaced people"): a stock, not the day's displacement
        return "cumulative"
    return "incident"


def _in_an_incident(verb: Token) -> bool:
    """Whether the verb's own phrase names the incident its count is of: "have been killed in a
    landmine explosion", "have been killed after soldiers opened fire" (the perfect of news), not
    "have been killed since the war began"."""
    words = lexicon_set("date_incident_words")
    conjuncts = [verb, *(c for c in verb.children if c.dep_ == "conj")]  # "killed and dozens wounded after ..."
    for c in (c for v in conjuncts for c in v.children):
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "by"):
            if any(g.dep_ == "pobj" and g.lemma_.lower() in words for g in c.children):
                return True
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("after", "when") for g in c.children) \
                and (c.lemma_.lower() in words or _incident_verb(c)):
            return True
    return False


def _done_by(verb: Token) -> bool:
    """Whether an incident verb names who did it ("security forces have killed 219 rebels"): the news
    of an operation, where a passive count ("1,200 people have been killed") is a running total."""
    return verb.lemma_.lower() in lexicon_set("date_incident_words") and any(
        c.dep_ == "nsubj" for c in verb.children) and not any(c.dep_ == "auxpass" for c in verb.children)


def _incident_verb(verb: Token) -> bool:
    """Whether a verb tells an incident itself ("attacked", "opened fire", "carried out an attack"), not
    a count of them ("documented 57 attacks")."""
    words = lexicon_set("date_incident_words")
    return verb.lemma_.lower() in words or any(
        c.dep_ == "dobj" and c.lemma_.lower() in words and not any(g.dep_ == "nummod" for g in c.children)
        for c in verb.children)


def _own_clause(root: Token, num: Token) -> list[Token]:
    """The words of ``root``'s clause without the clauses hung on it that do not hold the number:
    in "killed 12 people, bringing the toll since May to 84" the toll's words are not the 12's."""
    out = []
    for child in root.children:
        if child.dep_ in ("advcl", "relcl", "ccomp") and child.pos_ in ("VERB", "AUX") \
                and not (child.left_edge.i <= num.i <= child.right_edge.i):
            continue
        out.extend(child.subtree)
    return [root, *out]


def _scope_in(contexts: list[list[Token]]) -> str | None:
    for tokens in contexts:
        joined = _joined(tokens)
        hits = {scope for phrase, scope in _cues().scope if f" {' '.join(phrase)} " in joined}
        if "period" in hits:
            return "period"
        if "cumulative" in hits:
            return "cumulative"
    return None


def _has_date_range(tokens: list[Token]) -> bool:
    """"between the evenings of March 3 and 4", "from 1 to 8 March": a dated window."""
    for k, t in enumerate(tokens):
        if t.lower_ in ("between", "from") and any(x.ent_type_ == "DATE" for x in tokens[k + 1:k + 8]):
            return True
    return False


def _dates_around(doc: Doc, num: NumberPhrase, sent: Span) -> list[DateRef]:
    """Date expressions in the figure's sentence, else in its list label and section heading."""
    refs = doc_dates(doc)
    inside = [r for r in refs if sent.start_char <= r.start and r.end <= sent.end_char]
    if inside:
        return inside
    heading = _heading(doc, num)
    if heading:
        return [r for r in refs if heading[0] <= r.start and r.end <= heading[1]]
    return []


def _period(text: str, refs: list[DateRef], scope: str,
            published: str | None) -> tuple[str | None, str | None, str | None]:
    """period_start, period_end and as_of of a figure from the dates around it."""
    start = end = as_of = None
    for r in refs:
        if r.kind == "since" and scope == "cumulative":
            start = start or r.period_start or r.date
        elif r.kind in ("range", "window") and scope == "period":
            start, end = start or r.period_start, end or r.period_end
        elif r.kind == "point" and r.date and scope == "cumulative":
            before = text[max(0, r.start - 60):r.start].lower()
            if before.rstrip().endswith("as of"):
                as_of = r.date
            elif "since" in before:  # "since the start of the offensive on 3 May 2021"
                start = start or r.date
    if scope == "period" and end is None and start is not None:
        end = published
    if scope in ("cumulative", "period"):
        as_of = as_of or end or published
    return start, end, as_of


class _Sentences:
    """The sentence of each number, found by bisection over the Doc's sentences (``Token.sent``
    walks the whole sentence each time). A runaway sentence, longer than ``figures.
    max_sentence_chars`` (a list of thousands of numbers, a text without full stops), is cut to the
    words around the number, so each figure's context and quoted text stay bounded."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.starts = [s.start for s in self.sents]
        limits = thresholds()["figures"]
        self.max_chars, self.window = limits["max_sentence_chars"], limits["window_tokens"]

    def around(self, num: NumberPhrase) -> tuple[Span, Span | None]:
        """(the sentence or, in a runaway one, the window around ``num``; the window or None)."""
        sent = self.sents[bisect_right(self.starts, num.start) - 1]
        if sent.end_char - sent.start_char <= self.max_chars:
            return sent, None
        window = self.doc[max(sent.start, num.start - self.window):min(sent.end, num.end + self.window)]
        return window, window


def extract_figures(doc: Doc) -> Iterator[Figure]:
    """Yield every figure about people or damage in ``doc``, in text order.

    Args:
        doc: a Doc parsed by the sitrep pipeline (tagger, parser, NER).

    Yields:
        Figure records with value, category, unit, who, qualifier, scope, source and the sentence.
    """
    attributions: Attributions | None = None  # built on the first figure: most sentences have none
    sentences = _Sentences(doc)
    wholes: dict[int, tuple[str, str]] = {}  # token of a figure (its noun, its number) -> category, scope
    before: tuple[str, str, int] | None = None  # the last figure read: category, scope, end
    for num in find_numbers(doc):
        noun = _counted_noun(doc, num)
        category, decider, who = _category(doc, num, noun)
        whole, kind = _whole_of(doc, num, noun)
        of_whole = _group_of(whole, kind, wholes, before, doc[num.start].idx)
        if of_whole is not None and (category in (None, "other") or (
                kind == "which" and of_whole[0] in ("homes_destroyed", "attacks"))):
            category = of_whole[0]  # a part of a counted group shares the group's category
        if category is None:
            if noun is None or noun.lemma_.lower() not in _cues().people:
                continue
            category = "other"
        if num.value <= 0 or _denied(decider, noun):
            continue
        sent, window = sentences.around(num)
        attributions = attributions or attribute(doc)
        source = attributions.for_token(doc[num.start])
        unit = None
        if noun is not None:
            mods = [c for c in noun.children if c.dep_ == "compound" and c.i > num.end - 1]
            unit = " ".join([*(m.text for m in mods), noun.text])
        value = int(num.value) if float(num.value).is_integer() else num.value
        low = int(num.low) if num.low is not None and float(num.low).is_integer() else num.low
        high = int(num.high) if num.high is not None and float(num.high).is_integer() else num.high
        scope = _scope(doc, num, decider, category, window, sent)
        if of_whole is not None and of_whole[1] and of_whole[0] == category:
            scope = of_whole[1]  # "including 12 children": the part is counted over the whole's span
        wholes[doc[num.end - 1].i] = (category, scope)
        if noun is not None:
            wholes[noun.i] = (category, scope)
        own_verb = next(iter(_clause_verbs(noun if noun is not None else doc[num.end - 1])), None)
        if own_verb is not None:
            wholes.setdefault(own_verb.i, (category, scope))  # "hit 167 facilities, including 20 schools"
        before = (category, scope, doc[num.end - 1].idx)
        if _restated(noun, own_verb):
            continue
        period_start, period_end, as_of = _period(doc_text(doc), _dates_around(doc, num, sent), scope,
                                                  doc._.published)
        yield Figure(
            value=value, low=low, high=high, qualifier=num.qualifier, category=category,
            unit=unit, who=who, scope=scope, period_start=period_start, period_end=period_end, as_of=as_of,
            place=place_in(doc, sent.start_char, sent.end_char),
            reported_by=source.reported_by, attribution=source.attribution,
            text=sent.text.strip(), start=doc[num.start].idx, end=doc[num.end - 1].idx + len(doc[num.end - 1]),
        )
