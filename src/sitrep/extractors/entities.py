"""Extract stage: named entities with canonical names (the fullest form in the article)."""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span, Token

from sitrep.extractors.context import doc_context
from sitrep.names import clean_name, particles, person_words
from sitrep.resources import lexicon_set, load_lexicon
from sitrep.types import Entity

logger = logging.getLogger(__name__)

TITLES_KEY = "person_titles"  # doc.spans key the sitrep_people component fills
_HYPHENS = ("-", "‐", "‑")
_DASHES = frozenset(_HYPHENS)
#: entity labels a person's name words may wrongly carry ("Vladimir" as a town) or none at all
_UNTAGGED = frozenset({"", "GPE", "LOC", "PERSON"})


def _core(word: str) -> str:
    """A name word as names are compared: lower case, without a leading Arabic article
    ("al-Assad" -> "assad") or a possessive."""
    w = word.lower().replace("\u2019", "'").removesuffix("'s").strip(".,")
    head, sep, tail = w.partition("-")
    if sep and tail and head in particles("person"):
        return tail
    return w


def _variant(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether the name ``short`` (two or more core words) names the person ``full`` ("Antony
    Blinken" in "Antony J. Blinken", "Bashar Assad" in "Bashar al-Assad"): the same first and last
    word, every word of ``short`` in ``full``, in order."""
    if short[0] != full[0] or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(w in it for w in short)


def _respelled(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two full names (core words) are one name transliterated two ways: the same surname
    and the same number of words, each other word the same or one letter apart past its first two
    ("yuriy"/"yury"; not "ali"/"eli")."""
    if a == b or len(a) != len(b) or a[-1] != b[-1]:
        return False
    return all(x == y or _one_letter_apart(x, y) for x, y in zip(a[:-1], b[:-1]))


def _one_letter_apart(x: str, y: str) -> bool:
    if min(len(x), len(y)) < 4 or x[:2] != y[:2] or abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        return sum(p != q for p, q in zip(x, y)) == 1
    short, long_ = sorted((x, y), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


@dataclass(frozen=True, slots=True)
class People:
    """The people of one article: each mention's canonical name and each person's title.

    A bare one-word mention ("Campbell", "Farhan") names the person whose full name has that word
    last or first; where the article names several such people ("Anna Campbell", her father "Dirk
    Campbell") it is the one named last before the mention (``at``), else the first named after it.
    """

    canonical: dict[str, str]   # mention text (cleaned) -> fullest name
    titles: dict[str, str]      # fullest name -> title as written ("US Secretary of State")
    #: core word (last or first of a full name) -> the full names holding it, in order of first mention
    by_word: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: full name -> the start chars of its full mentions, in text order
    seen_at: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: start char of a PERSON entity -> its name widened over the words the NER left out
    widened: dict[int, str] = field(default_factory=dict)

    def name(self, mention: str, at: int | None = None) -> str:
        """Canonical name of a person mention ("Blinken" -> "Antony Blinken").

        ``at``: the mention's start char, to choose among people who share the word and to read
        the entity's widened name ("Vladimir Putin" where the NER tagged "Putin").
        """
        if at is not None and at in self.widened:
            mention = self.widened[at]
        words = person_words(mention)
        key = " ".join(words)
        if len(words) >= 2:
            if key in self.canonical:
                return self.canonical[key]
            core = tuple(_core(w) for w in words)
            return next((p for p in self.by_word.get(core[-1], ())
                         if _variant(core, tuple(_core(w) for w in p.split()))), key)
        if len(words) == 1:
            options = self.by_word.get(_core(words[0]), ())
            if len(options) == 1:
                return options[0]
            if options:
                return self._nearest(options, at) if at is not None else options[0]
        return self.canonical.get(key) or key

    def person_at(self, char: int) -> str | None:
        """The canonical name of the person whose untagged or widened name has a word at ``char``."""
        return self.name(self.widened[char], char) if char in self.widened else None

    def knows(self, word: str) -> bool:
        """Whether the article names a person whose full name ends with ``word`` ("Rabbah")."""
        core = _core(word)
        return any(_core(p.split()[-1]) == core for p in self.by_word.get(core, ()))

    def _nearest(self, options: tuple[str, ...], at: int) -> str:
        """Of several people sharing a word, the one named in full last before ``at`` (else first after)."""
        best, best_at = None, -1
        for name in options:
            seen = self.seen_at.get(name, ())
            k = bisect.bisect_right(seen, at) - 1
            if k >= 0 and seen[k] > best_at:
                best, best_at = name, seen[k]
        if best is not None:
            return best
        return min(options, key=lambda n: self.seen_at.get(n, (1 << 62,))[0])


def people(doc: Doc) -> People:
    """Canonical names and titles of every PERSON in ``doc``, worked out once per Doc (kept in its
    DocContext).

    A mention resolves to the fullest PERSON name in the article that it is a form of
    ("Blinken" -> "Antony Blinken"; see ``People.name``); a title is the one written next to any
    mention of the person (before it: "US Secretary of State Antony Blinken"; or as an appositive).
    """
    ctx = doc_context(doc)
    if ctx.people is None:
        ctx.people = _people(doc)
    return ctx.people


def _name_word(tok: Token) -> bool:
    """A capitalised word that may stand in a person's name ("Vladimir"), not an acronym or a title."""
    text = tok.text
    return (tok.pos_ == "PROPN" and text[:1].isupper() and text.isalpha() and not text.isupper()
            and text.lower() not in lexicon_set("honorifics") and text.lower() not in _title_words())


@cache
def _title_words() -> frozenset[str]:
    return frozenset(w for t in lexicon_set("titles") for w in t.lower().split())


def widen(ent: Span) -> str:
    """A PERSON entity's name with the name words the NER left out of it: a capitalised given name
    before a lone surname that the parse joins to it ("Vladimir" tagged as a town before "Putin";
    not "Republican" before "Donald Trump") and a
    surname after it behind an Arabic article ("Bashar" + "al-Assad")."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while len(ent) == 1 and start > 0 and start > ent.start - 2:   # a surname alone: "Putin"
        prev = doc[start - 1]
        if not (_name_word(prev) and prev.dep_ == "compound" and ent.start <= prev.head.i < end
                and (not prev.ent_type_ or prev.ent_type_ in _UNTAGGED and prev.ent_iob_ == "B")
                and prev.whitespace_ and "\n" not in prev.whitespace_):
            break
        start -= 1
    last = doc[end - 1]
    j = end
    if j < len(doc) and doc[j].lower_ in particles("person"):
        j += 1
        if j < len(doc) and doc[j].text in _DASHES:
            j += 1
        if j < len(doc) and _name_word(doc[j]) and not doc[j].ent_type_ and "\n" not in doc[end - 1:j].text:
            end = j + 1
    elif j < len(doc) and last.head.i == j and _name_word(doc[j]) and not doc[j].ent_type_ \
            and last.dep_ == "compound":
        end = j + 1
    if start == ent.start and end == ent.end:
        return ent.text
    text = doc[start:end].text
    return re.sub(r"\s*([-‐‑])\s*", r"\1", text)


@cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(load_lexicon("reporting_verbs"))


def _untagged_names(doc: Doc, known: set[str]) -> list[Span]:
    """Full names the NER did not tag as a person: two or more capitalised words joined to their
    last, tagged as a place or not at all, whose last word the article names as a person elsewhere
    ("Vladimir Putin" where only "Putin" was tagged) or that is the subject of a speech verb
    ("Hareth Rabbah, 24, from Afrin, said")."""
    out = []
    for tok in doc:
        if not _name_word(tok) or tok.ent_type_ not in _UNTAGGED or tok.dep_ == "compound":
            continue
        first = tok.i
        while first > 0 and first > tok.i - 3 and _name_word(doc[first - 1]) \
                and doc[first - 1].dep_ == "compound" and doc[first - 1].head.i == tok.i \
                and doc[first - 1].ent_type_ in _UNTAGGED and "\n" not in doc[first - 1].whitespace_:
            first -= 1
        run = doc[first:tok.i + 1]
        if first == tok.i or all(t.ent_type_ == "PERSON" for t in run) \
                or any(t.ent_iob_ == "I" for t in run if t.ent_type_ != "PERSON") \
                or any(c.dep_ == "det" for c in tok.children):
            continue    # a place's own words ("New York" Post) or "the ...": not a person's name
        speaks = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in _speech_verbs()
        if _core(tok.text) in known or speaks:
            out.append(doc[first:tok.i + 1])
    return out


def _people(doc: Doc) -> People:
    mentions: list[tuple[Span, str, tuple[str, ...]]] = []
    widened: dict[int, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        text = widen(ent)
        if text != ent.text:
            widened[ent.start_char] = text
        words = person_words(text)
        if not words:
            continue
        mentions.append((ent, " ".join(words), tuple(_core(w) for w in words)))
    known = {core[-1] for _, _, core in mentions}
    covered = {t.i for ent, _, _ in mentions for t in ent}
    for span in _untagged_names(doc, known):
        if any(t.i in covered for t in span):
            continue
        words = person_words(span.text)
        mentions.append((span, " ".join(words), tuple(_core(w) for w in words)))
        for t in span:
            widened[t.idx] = span.text
    mentions.sort(key=lambda m: m[0].start)
    # full names (two words or more), each folded into the longest name it is a form of
    full: dict[tuple[str, ...], str] = {}
    for _, name, core in mentions:
        if len(core) >= 2:
            best = full.get(core, "")
            if len(name) > len(best):
                full[core] = name
    longest = sorted(full, key=len, reverse=True)
    canonical: dict[str, str] = {}
    person_of: dict[tuple[str, ...], str] = {}
    for core in full:
        host = next((c for c in longest if len(c) > len(core) and _variant(core, c)), core)
        person_of[core] = full[host]
    # one person spelled two ways ("Yury Lenko", later "Yuri Lenko"): the first spelling
    for k, core in enumerate(full):     # dicts keep the order of first mention
        earlier = next((c for c in list(full)[:k] if _respelled(core, c)), None)
        if earlier is not None:
            person_of[core] = person_of[earlier]
    by_word: dict[str, list[str]] = {}
    seen_at: dict[str, list[int]] = {}
    for ent, name, core in mentions:
        if len(core) < 2:
            continue
        person = person_of[core]
        canonical[name] = person
        seen_at.setdefault(person, []).append(ent.start_char)
        for w in {core[-1], core[0]}:
            if person not in by_word.setdefault(w, []):
                by_word[w].append(person)
    for w, persons in by_word.items():
        # a word that is the surname of some and the given name of others names the former
        last = [p for p in persons if _core(p.split()[-1]) == w]
        if last and len(last) < len(persons):
            by_word[w] = last
    for _, name, core in mentions:
        if len(core) == 1:
            options = by_word.get(core[0], ())
            canonical.setdefault(name, options[0] if options else name)
    titles: dict[str, str] = {}
    spans = doc.spans[TITLES_KEY] if TITLES_KEY in doc.spans else ()
    people_ = People(canonical=canonical, titles=titles, by_word={w: tuple(p) for w, p in by_word.items()},
                     seen_at={p: tuple(s) for p, s in seen_at.items()}, widened=widened)
    if spans:
        before = {s.end: s for s in spans if s.label_ == "TITLE"}
        after = {s.start: s for s in spans if s.label_ == "APPOSITIVE"}
        for ent, name, _ in mentions:
            full_name = people_.name(name, ent.start_char)
            title = before.get(ent.start) or after.get(ent.end + 2)
            if title is not None and (full_name not in titles or title.label_ == "TITLE"):
                titles[full_name] = " ".join(title.text.split())
    return people_


def person_canonical(doc: Doc) -> dict[str, str]:
    """Map every PERSON mention (cleaned text) and surname to the fullest PERSON name sharing it."""
    return dict(people(doc).canonical)


def canonical(ent: Span, persons: People | None = None) -> str:
    """Canonical name of one entity: the fullest form for a person, the cleaned text otherwise."""
    if ent.label_ == "PERSON":
        return (persons or people(ent.doc)).name(ent.text, ent.start_char)
    return clean_name(ent.text)


def extract_entities(doc: Doc) -> Iterator[Entity]:
    """Yield the doc's named entities in text order, PERSONs with their fullest form as canonical.

    Args:
        doc: a Doc parsed by sitrep's pipeline.

    Yields:
        One Entity per ``doc.ents`` span.
    """
    persons = people(doc)
    for ent in doc.ents:
        yield Entity(text=ent.text, label=ent.label_, canonical=canonical(ent, persons),
                     start=ent.start_char, end=ent.end_char)
