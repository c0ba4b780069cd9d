"""Extract stage: who a quote's cue reports: subjects, pronouns, described sources, canonical names.

Shared by the quote extractor: a ``SpeakerContext`` holds one Doc's people (canonical names and
titles), its quoted stretches and the positions of the people and organisations named outside
quotes, so that a pronoun resolves to the last person (he, she) or organisation (it, they) named.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from sitrep.extractors.attribution import canonical_source, known_source
from sitrep.extractors.entities import People, people
from sitrep.names import clean_name, initials
from sitrep.parse.components.quote_marks import Quoted
from sitrep.resources import lexicon_set, load_lexicon, load_table, thresholds, word_group

logger = logging.getLogger(__name__)

ORG_LABELS = {"ORG", "GPE", "NORP", "FAC", "LOC"}
NOT_SOURCES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_SUBJ = ("nsubj", "csubj")
_QUOTE_MARKS = frozenset('"“”„«»‟')
#: a name with its acronym defined after it: "Kurdish Women's Protection Units (YPJ)"
_DEFINED = re.compile(r"((?:[A-Z][\w'’-]+ )(?:(?:of|for|the|and|to|[A-Z][\w'’-]+) ){0,6}[A-Z][\w'’-]+) \(([A-Z][A-Za-z/]{1,7})\)")
_CLIMB = {"advcl", "xcomp", "conj", "ccomp", "pcomp", "acl", "relcl", "prep", "pobj"}


def _main_subject(ent: Span) -> bool:
    """Whether a name is its sentence's main subject, itself or as the appositive of it ("Sara
    Okafor said", "The commissioner, Lena Ward, said", "... and Ward added")."""
    root = ent.root
    if root.dep_ == "appos":
        root = _appositive_host(root)
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = root.head
    return head.dep_ == "ROOT" or (head.dep_ == "conj" and head.head.dep_ == "ROOT")


def _demonym(country: str) -> str | None:
    """The adjective of a country named in the possessive, where it is the name with an ending
    ("Iraq" -> "Iraqi", "Chile" -> "Chilean"; not "Norway"/"Norwegian")."""
    name = clean_name(country)
    return next((r["adjective"] for r in load_table("demonyms")
                 if r["adjective"].startswith(name) and 0 < len(r["adjective"]) - len(name) <= 3), None)


def _reported_by(tok: Token, cue: Token) -> bool:
    """Whether ``tok`` stands in what the verb ``cue`` reports (under its clausal complement)."""
    while tok.head.i != tok.i:
        if tok.head.i == cue.i:
            return tok.dep_ in ("ccomp", "parataxis")
        tok = tok.head
    return False


def _appositive_host(tok: Token) -> Token:
    """The noun an appositive name stands for: its head, or the noun above a place or organisation
    the parse hung it on ("the head of the Northern Fleet, Adm. Kai Lund," -> head)."""
    head = tok.head
    while head.dep_ == "pobj" and head.ent_type_ != "PERSON" and head.head.dep_ == "prep" \
            and head.head.head.pos_ in ("NOUN", "PROPN"):
        head = head.head.head
    return head


def _appositive_person(tok: Token) -> Token | None:
    """A person's name set as the appositive of a noun, directly or hung by the parse on a place or
    organisation after it ("the head of the Northern Fleet, Adm. Kai Lund,")."""
    for c in tok.children:
        if c.dep_ == "appos" and c.ent_type_ == "PERSON":
            return c
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.i > tok.i:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ != "PERSON":
                    found = _appositive_person(obj)
                    if found is not None:
                        return found
    return None


def _pronouns(group: str) -> frozenset[str]:
    """Pronouns that resolve to the last ``person`` or the last ``group`` (organisation) named."""
    return word_group("pronouns", group)


def source_name(text: str) -> str:
    """An organisation's or described source's name, canonical as figures' ``reported_by`` has it.

    "Gaza's government media office" -> "Gaza Government Media Office" (the sources table shared
    with figures), else the phrase without a leading article or a trailing possessive.
    """
    return canonical_source(clean_name(text)) or clean_name(text)


@cache
def lexicons() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(reporting verbs, speech nouns, titles, organisation heads, section labels), loaded once."""
    return (frozenset(load_lexicon("reporting_verbs")), frozenset(load_lexicon("speech_nouns")),
            frozenset(t.lower() for t in load_lexicon("titles")),
            frozenset(t.lower() for t in load_lexicon("org_heads")),
            frozenset(load_lexicon("section_labels")))


@dataclass(slots=True)
class Speaker:
    """Who said it: canonical name, title as written, person/organization/unknown."""

    name: str | None = None
    title: str | None = None
    kind: str = "unknown"


class SpeakerContext:
    """Look-ups over one Doc shared by every quote: people, entity positions, quote positions.

    Resolves who a cue verb reports (``speaker_of``) and who a subject token names (``speaker_from``).
    """

    def __init__(self, doc: Doc, quoted: list[Quoted], text: str):
        self.doc = doc
        self.text = text   # Doc.text is rebuilt from the tokens on every access: read it once
        self.verbs, self.nouns, self.titles, self.org_heads, self.labels = lexicons()
        self.people: People = people(doc)
        self._gender: dict[str, str] | None = None
        self._role_words: dict[str, str] | None = None
        self.quoted = quoted
        self._q_starts = [q.open for q in quoted]
        self._q_ends = [q.close if q.close is not None else q.end for q in quoted]
        persons, groups = [], []
        for ent in doc.ents:
            if self.inside_quote(ent.start_char):
                continue
            if ent.label_ == "PERSON":
                persons.append(ent)
            elif ent.label_ == "ORG":
                groups.append(ent)
        self._persons, self._person_at = persons, [e.start_char for e in persons]
        self._groups, self._group_at = groups, [e.start_char for e in groups]
        self._para_starts = [m.end() for m in re.finditer(r"\n", self.text)]
        # an acronym the article uses for an organisation it names in full ("the SDF" after "the
        # Syrian Democratic Forces", "(YPJ)" after its name): the first full name that spells it
        self.acronyms: dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ in ("ORG", "NORP", "GPE") and len(ent) > 1:
                full = clean_name(ent.text)
                self.acronyms.setdefault(initials(full), full)
        for m in _DEFINED.finditer(self.text):
            self.acronyms.setdefault(m.group(2), clean_name(m.group(1)))
        self.acronyms.pop("", None)

    def para_of(self, char: int) -> int:
        """Index of the line (paragraph) holding ``char``."""
        return bisect.bisect_right(self._para_starts, char)

    def inside_quote(self, char: int) -> bool:
        """Whether ``char`` lies between a quote's marks."""
        i = bisect.bisect_right(self._q_starts, char) - 1
        return i >= 0 and self._q_starts[i] < char <= self._q_ends[i]

    def last_person(self, char: int, pronoun: str | None = None) -> Span | None:
        """The person a 'he' or 'she' at ``char`` means: the last main-clause subject named shortly
        before ("Moreno was close to tears after Katz read the verdict. 'I ...,' he said" -> Moreno;
        "The commissioner, Lena Ward, said ..." -> Lena Ward), else the last person named, passing
        over people the article tells are of the other gender ("her mother, Adrienne" for 'he')."""
        i = bisect.bisect_left(self._person_at, char) - 1
        if i < 0:
            return None
        gender = self.gender_of_word(pronoun) if pronoun else None
        window = thresholds()["quotes"]["pronoun_subject_window_chars"]
        own = self.token_at(char)
        fitting = None
        for j in range(i, -1, -1):
            ent = self._persons[j]
            if gender is not None and self.gender(ent) not in (None, gender):
                continue
            if own is not None and _reported_by(ent.root, own.head) \
                    and self.unquoted_chars(ent.end_char, char) == char - ent.end_char:
                continue    # "... the base, named after Jon Hale, he said": what he said, not who
            if fitting is None:
                fitting = ent
            if self.unquoted_chars(ent.end_char, char) > window:
                break
            if _main_subject(ent):
                return ent
        if gender is not None and fitting is None:
            return None    # nobody named before is of the pronoun's gender
        return fitting or self._persons[i]

    @staticmethod
    def gender_of_word(word: str | None) -> str | None:
        """'male' or 'female' for a pronoun, form of address or kinship noun that tells it."""
        low = (word or "").lower().rstrip(".")
        for g in ("male", "female"):
            if low in word_group("person_gender", g):
                return g
        return None

    def gender(self, ent: Span) -> str | None:
        """The gender the article tells of the person ``ent`` names (see ``_genders``), else None."""
        if self._gender is None:
            self._gender = self._genders()
        return self._gender.get(self.people.name(ent.text, ent.start_char))

    def _genders(self) -> dict[str, str]:
        """Each person's gender where the article tells it: a form of address before the name ("Mrs
        Ward"), a kinship noun set beside it ("her father, Tom Keller", "his daughter Maya"), or a
        'he'/'she' subject of the sentence right after one whose subject the person is, alone.
        A person told both ways is left out."""
        doc = self.doc
        kin = word_group("person_gender", "kin")
        seen: dict[str, set[str]] = {}

        def note(ent: Span, word: str) -> None:
            g = self.gender_of_word(word)
            if g is not None:
                seen.setdefault(self.people.name(ent.text, ent.start_char), set()).add(g)

        persons = [e for e in doc.ents if e.label_ == "PERSON"]
        for ent in persons:
            root = ent.root
            if ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in word_group("person_gender", "address"):
                note(ent, doc[ent.start - 1].lower_)
            elif ent[0].lower_.rstrip(".") in word_group("person_gender", "address") and len(ent) > 1:
                note(ent, ent[0].lower_)
            if root.dep_ == "appos" and root.head.lemma_.lower() in kin:
                note(ent, root.head.lemma_.lower())      # "her father, Tom Keller"
            for c in root.children:
                if c.i < ent.start and c.dep_ in ("compound", "appos", "nmod") and c.lemma_.lower() in kin:
                    note(ent, c.lemma_.lower())           # "his daughter Maya"
                elif c.dep_ == "appos" and c.lemma_.lower() in kin:
                    note(ent, c.lemma_.lower())           # "Adrienne, his wife,"
        told = {name: next(iter(gs)) for name, gs in seen.items() if len(gs) == 1}
        # weaker: 'He said ...' right after a sentence whose subject is the one person it names;
        # only sentences without quotes, whose pronoun is what is being resolved
        seen = {}
        sents = [s for s in doc.sents if not self.inside_quote(s.start_char)
                 and not any(c in _QUOTE_MARKS for c in s.text)]
        for prev, sent in zip(sents, sents[1:]):
            if prev.end != sent.start:
                continue
            subj = next((t for t in sent.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is None or subj.pos_ != "PRON" or subj.lower_ not in word_group("person_gender", "pronoun"):
                continue
            named = [e for e in persons if prev.start <= e.start < prev.end]
            names = {self.people.name(e.text, e.start_char) for e in named}
            if len(names) == 1 and _main_subject(named[0]):
                note(named[0], subj.lower_)
        for name, gs in seen.items():
            if len(gs) == 1 and name not in told and not any(name in o for o in told):
                told[name] = next(iter(gs))
        return told

    def unquoted_chars(self, lo: int, hi: int) -> int:
        """How many characters between ``lo`` and ``hi`` lie outside quotes (the narrative between
        a name and a pronoun, however long the quotes between them)."""
        inside = 0
        k = bisect.bisect_right(self._q_ends, lo)
        while k < len(self._q_starts) and self._q_starts[k] < hi:
            inside += max(0, min(hi, self._q_ends[k]) - max(lo, self._q_starts[k]))
            k += 1
        return hi - lo - inside

    def last_group(self, char: int) -> Span | None:
        i = bisect.bisect_left(self._group_at, char) - 1
        return self._groups[i] if i >= 0 else None

    def token_at(self, char: int) -> Token | None:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def is_cue(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.verbs and tok.pos_ in ("VERB", "AUX") and not self.inside_quote(tok.idx)

    # -- speakers -----------------------------------------------------------------------
    def speaker_of(self, cue: Token, inverted: bool = False) -> Speaker:
        """The speaker of a cue: its subject, climbing over participles ("adding", "declaring").

        ``inverted``: the cue comes right after a closing mark ('“...,” said Caddell'), so the
        words after it name the speaker whatever the parse says.
        """
        if cue.lower_ == "according":
            obj = next((t for c in cue.children if c.lower_ == "to" for t in c.children if t.dep_ == "pobj"), None)
            return self.speaker_from(obj) if obj is not None else Speaker()
        if inverted:
            after = self._named_after(cue)
            if after is not None:
                return self.speaker_from(after)
        verb = cue
        for _ in range(4):
            if verb.i != cue.i and verb.lemma_.lower() in lexicon_set("speaker_object_verbs"):
                obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                if obj is not None and not self.inside_quote(obj.idx):
                    # "the agency quoted the minister as saying", "it quotes Hale's memo saying"
                    said = self._issuer(obj, earlier=False) if obj.lemma_.lower() in self.nouns else None
                    return said or self.speaker_from(obj)
            subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
            if subj is None:
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if subj is not None:
                if self._valid_subject(subj, cue):
                    return self.speaker_from(subj)
                break
            if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
                if verb.head.lemma_.lower() not in self.nouns:
                    return self.speaker_from(verb.head)   # "footage of Trump saying, ..."
                issuer = self._issuer(verb.head, earlier=False)
                if issuer is not None:                    # "Hale's memo saying"
                    return issuer
                verb = verb.head.head    # "the Council issued a statement calling ...": the issuer
                continue
            if verb.dep_ not in _CLIMB or verb.head is verb or verb.tag_ == "VBN":
                # "When asked ..., Blinken replied": the asker of a passive is not the head's subject
                break
            verb = verb.head
        i = cue.i - 1
        if i > 0 and self.doc[i].text == "," and self.doc[i - 1].lemma_.lower() in self.verbs \
                and self.doc[i - 1].pos_ == "VERB":
            return self.speaker_of(self.doc[i - 1])    # "Sanders said, suggesting ..."
        near = self._named_before(cue) or self._named_after(cue, proper=True)
        return self.speaker_from(near) if near is not None else Speaker()

    def _valid_subject(self, subj: Token, cue: Token) -> bool:
        """A subject in the cue's own line, outside quotes, that is not a time or a number."""
        if self.inside_quote(subj.idx) or subj.ent_type_ in NOT_SOURCES or subj.like_num:
            return False
        lo, hi = sorted((subj.idx, cue.idx))
        return "\n" not in self.text[lo:hi]

    def _named_after(self, cue: Token, proper: bool = False) -> Token | None:
        """The head of the noun phrase right after a cue ("said Caddell", "said 9/11 widow Terry Strada").

        ``proper``: only a name (a proper noun or an entity) will do.
        """
        doc = self.doc
        for tok in doc[cue.i + 1:cue.i + 5]:
            if "\n" in tok.text or tok.is_punct or self.inside_quote(tok.idx):
                return None
            if tok.pos_ in ("PROPN", "NOUN", "PRON") and tok.ent_type_ not in NOT_SOURCES:
                for _ in range(6):   # walk the compounds to their head: "widow Terry Strada"
                    head = tok.head
                    joined = tok.dep_ in ("compound", "amod", "nmod", "flat") or tok.dep_ == "poss" and (
                        head.lemma_.lower() in self.titles or head.lower_ in self.titles)
                    # "said the agency's country director, Ana Ruiz": the title, then its name
                    if joined and tok.i < head.i <= tok.i + 6 and "\n" not in self.text[tok.idx:head.idx]:
                        tok = head
                    else:
                        break
                if tok.ent_type_ != "PERSON":   # "said Sgt. Ana Brooks": the name after the title
                    person = next((t for t in doc[tok.i + 1:tok.i + 4] if t.ent_type_ == "PERSON"), None)
                    if person is not None and "\n" not in self.text[tok.idx:person.idx]:
                        tok = person
                if tok.ent_iob_ in ("B", "I"):
                    while tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I":
                        tok = doc[tok.i + 1]
                if proper and tok.pos_ != "PROPN" and not tok.ent_type_:
                    return None
                return tok
            if tok.pos_ not in ("DET", "ADJ", "ADV", "NUM"):
                return None
        return None

    def _named_before(self, cue: Token) -> Token | None:
        """The noun right before the cue in its line ("Blinken said", "the campaign strategist said")."""
        i = cue.i - 1
        while i >= 0 and self.doc[i].pos_ in ("ADV", "AUX", "PART") and "\n" not in self.doc[i].text:
            i -= 1
        if i < 0 or self.inside_quote(self.doc[i].idx):
            return None
        tok = self.doc[i]
        if tok.ent_type_ in ("PERSON", "ORG") or (tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in NOT_SOURCES):
            return tok
        return None

    def speaker_from(self, tok: Token) -> Speaker:
        """Who a subject token names: a person, an organisation, or a described source."""
        if tok.pos_ == "PRON" or tok.lower_ in _pronouns("person") | _pronouns("group"):
            return self._pronoun(tok)
        both = self._coordinated(tok)
        if both is not None:
            return both
        named = self.people.person_at(tok.idx)
        if named is not None:   # "Vladimir Putin" where the NER tagged "Vladimir" a town
            return Speaker(named, self.people.titles.get(named), "person")
        ent = self._entity(tok)
        if ent is not None and tok.ent_type_ in ("GPE", "LOC") and len(ent) == 1 and self.people.knows(ent.text):
            name = self.people.name(ent.text, ent.start_char)    # "Rabbah added": a person named before
            return Speaker(name, self.people.titles.get(name), "person")
        if ent is None:
            # "Bayport's mayor, Dana Whitfield, said"; "YPJ commander and spokesperson Nesrin Abdullah
            # said": a title joined to the name that follows it
            title = tok.lemma_.lower() in self.titles or tok.lower_ in self.titles
            ent = next((self._entity(c) for c in tok.children
                        if (c.dep_ == "appos" or c.dep_ == "conj" and title and c.ent_type_ == "PERSON")
                        and c.ent_type_ in ("PERSON", "ORG")), None)
            if ent is None and tok.pos_ == "NOUN":
                named = _appositive_person(tok)     # "the head of the Northern Fleet, Adm. Kai Lund,"
                ent = self._entity(named) if named is not None else None
        if ent is not None:
            owner = next((c for c in self.doc[ent.start:ent.end].root.children
                          if c.dep_ == "poss" and c.ent_type_ == "GPE" and c.i < ent.start), None)
            if owner is not None and self.doc[ent.start].ent_type_ == "ORG":   # "Gaza's Ministry of Health"
                whole = self.text[owner.idx:ent.end_char]
                adjective = _demonym(owner.text) if not known_source(whole) else None
                if adjective is not None:      # "Iraq's Interior Ministry" -> "Iraqi Interior Ministry"
                    return Speaker(f"{adjective} {clean_name(ent.text)}", None, "organization")
                return Speaker(source_name(whole), None, "organization")
            return self._from_entity(ent)
        return self._described(tok)

    def _coordinated(self, tok: Token) -> Speaker | None:
        """Two people speaking together ("say Nour and Hala, two sisters"; "said Omar Saleh and Karim
        Nouri"): two names joined by 'and', one of them a person or both set beside a noun for people."""
        if tok.pos_ != "PROPN" or not any(c.dep_ == "cc" and c.lower_ == "and" for c in tok.children):
            return None
        other = next((c for c in tok.children if c.dep_ == "conj" and c.pos_ == "PROPN" and c.i > tok.i), None)
        if other is None or "\n" in self.text[tok.idx:other.idx] or self.inside_quote(other.idx):
            return None
        pair = (tok, other)
        people_noun = any(c.dep_ == "appos" and (c.lemma_.lower() in lexicon_set("people_nouns")
                                                 or c.lemma_.lower() in word_group("person_gender", "kin"))
                          for t in pair for c in t.children)
        persons = [t for t in pair if t.ent_type_ == "PERSON" or self.people.person_at(t.idx)]

        def full_name(t: Token) -> bool:   # "Karim Nouri" the NER took for a place: a name all the same
            return t.ent_type_ in ("", "GPE", "LOC", "ORG", "PERSON") and any(
                c.dep_ == "compound" and c.pos_ == "PROPN" for c in t.children)

        if not persons and not people_noun:
            return None
        names = []
        for t in pair:
            ent = self._entity(t)
            if t in persons or people_noun or full_name(t):
                text = ent.text if ent is not None and t.ent_type_ == "PERSON" else \
                    " ".join(w.text for w in t.lefts if w.dep_ in ("compound", "flat")) + " " + t.text
                names.append(self.people.person_at(t.idx) or self.people.name(text, t.idx))
            else:
                return None
        return Speaker(" and ".join(names), None, "person")

    def _entity(self, tok: Token) -> Span | None:
        if not tok.ent_type_:
            return None
        start = tok.i
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
            end += 1
        span = self.doc[start:end]
        return span if span.label_ or len(span) else None

    def _from_entity(self, ent: Span) -> Speaker:
        label = ent.label_ or self.doc[ent.start].ent_type_
        if label == "PERSON":
            name = self.people.name(ent.text, ent.start_char)
            return Speaker(name, self.people.titles.get(name), "person")
        if label in ORG_LABELS:
            text = clean_name(ent.text)
            return Speaker(source_name(self.acronyms.get(text, text)), None, "organization")
        return Speaker(clean_name(ent.text), None, "unknown")

    def _pronoun(self, tok: Token) -> Speaker:
        low = tok.lower_
        verb = tok.head
        if low in _pronouns("person") and verb.dep_ == "relcl":
            # "the mayor's post in which he wrote": the one whose post it is
            left = verb.left_edge.i     # the noun the clause hangs on, or the one right before it
            nouns = [verb.head] + [t for t in reversed(self.doc[max(left - 4, 0):left]) if t.pos_ == "NOUN"]
            owner = next((c for n in nouns for c in n.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")), None)
            if owner is not None and not self.inside_quote(owner.idx):
                said = self.speaker_from(owner)
                if said.name is not None and said.kind == "person":
                    return said
        if low in _pronouns("person"):
            ent = self.last_person(tok.idx, low)
        elif low in _pronouns("group"):
            ent = self.last_group(tok.idx)
        else:
            return Speaker()
        return self._from_entity(ent) if ent is not None else Speaker()

    def _described(self, tok: Token) -> Speaker:
        """A common-noun source ("Iraqi officials", "Gaza's government media office").

        "the official" with no words of its own is the one the article described before ("a
        senior administration official ... the official said").
        """
        if tok.pos_ not in ("NOUN", "PROPN"):
            return Speaker()
        span = self._description(tok)
        if span is None:
            return Speaker()
        if tok.lemma_.lower() in self.nouns:
            issuer = self._issuer(tok)
            if issuer is not None:    # "the statement continued": who issued it
                return issuer
        titled = self._titled(tok)
        if titled is not None:     # "the Danish leader" -> "Danish Prime Minister Eva Holm"
            return Speaker(titled, self.people.titles.get(titled), "person")
        if len(span) == 1 and tok.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in word_group("determiners", "definite") for c in tok.children):
            earlier = self._described_before(tok)
            if isinstance(earlier, Speaker):
                return earlier
            if earlier is not None:
                span = earlier
        name = source_name(span.text)
        low = tok.lower_
        if low in self.org_heads or tok.lemma_.lower() in self.org_heads:
            kind = "organization"
        elif low in self.titles or tok.lemma_.lower() in self.titles:
            kind = "person"
        else:
            kind = "unknown"
        return Speaker(name, None, kind)

    def _issuer(self, tok: Token, earlier: bool = True) -> Speaker | None:
        """Who issued a statement, note or tweet: its possessor ("Hale's memo"), 'from'/'by' whom
        ("a statement from the ministry"), or, for 'the statement' told before, the subject of the
        verb that issued it ("the mayor's office issued a statement ... the statement went on")."""
        for mention in (tok, self._last_mention(tok) if earlier else None):
            if mention is None:
                continue
            for c in mention.children:
                if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN") and not self.inside_quote(c.idx):
                    return self._named(self.speaker_from(c))
                if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                    obj = next((o for o in c.children if o.dep_ == "pobj"), None)
                    if obj is not None and obj.pos_ in ("PROPN", "NOUN"):
                        return self._named(self.speaker_from(obj))
            if mention.i != tok.i and mention.dep_ == "dobj" and mention.head.pos_ == "VERB":
                subj = next((c for c in mention.head.children if c.dep_ == "nsubj"), None)
                if subj is not None and not self.inside_quote(subj.idx):
                    return self._named(self.speaker_from(subj))
        return None

    @staticmethod
    def _named(speaker: Speaker) -> Speaker | None:
        return speaker if speaker.name is not None else None

    def _last_mention(self, tok: Token) -> Token | None:
        """The last mention before ``tok``, outside quotes, of the noun ``tok`` repeats with 'the'."""
        if not any(c.dep_ == "det" and c.lower_ in word_group("determiners", "definite") for c in tok.children):
            return None
        lemma = tok.lemma_.lower()
        return next((t for t in reversed(self.doc[:tok.i]) if t.lemma_.lower() == lemma and t.pos_ == "NOUN"
                     and not self.inside_quote(t.idx)), None)

    def _roles(self) -> dict[str, str]:
        """Each person's titles and roles as the article writes them, lower case, joined: the title
        before the name and the noun the name is set beside ("the Danish prime minister, Eva Holm")."""
        if self._role_words is None:
            roles: dict[str, list[str]] = {n: [t.lower()] for n, t in self.people.titles.items()}
            for ent in self._persons:
                name = self.people.name(ent.text, ent.start_char)
                root = ent.root
                nouns = [root.head] if root.dep_ == "appos" else []
                nouns += [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
                for noun in nouns:
                    if noun.pos_ == "NOUN" and (noun.lemma_.lower() in self.titles or noun.lower_ in self.titles):
                        words = [t.lower_ for t in noun.lefts if t.dep_ in ("amod", "compound")]
                        roles.setdefault(name, []).append(" ".join(words + [noun.lower_]))
                words = [t.lower_ for t in self.doc[max(ent.start - 4, 0):ent.start]
                         if t.dep_ == "compound" and t.head.i >= ent.start and t.i < ent.start]
                if words:
                    roles.setdefault(name, []).append(" ".join(words))
            self._role_words = {n: " | ".join(r) for n, r in roles.items()}
        return self._role_words

    def _titled(self, tok: Token) -> str | None:
        """The person a definite description of a role means ("the Danish leader", "the mayor"):
        the one person the article gave that title, its modifiers included; of several, the one
        named last before it within the pronoun window."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ or not any(
                c.dep_ == "det" and c.lower_ in word_group("determiners", "definite") for c in tok.children):
            return None
        if any(c.dep_ in ("prep", "appos", "poss") for c in tok.children):
            return None     # "the head of the agency", "the agency's director": its own description
        head = tok.lower_
        covered = {head} | {r["title"] for r in load_table("title_roles") if head in r["groups"].split()}
        if head not in self.titles and tok.lemma_.lower() not in self.titles and len(covered) == 1:
            return None
        mods = [c.lower_ for c in tok.lefts if c.dep_ in ("amod", "compound")]

        qualifiers = lexicon_set("title_modifiers")

        def fits(roles: str) -> bool:
            # one of the person's titles has every modifier of the description and no qualifier it
            # lacks ("the president" is not the "former US president" nor the "deputy president")
            for role in roles.split(" | "):
                words = set(role.split())
                if all(m in words for m in mods) and not (words & qualifiers) - set(mods) and any(
                        re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", role) for c in covered):
                    return True
            return False

        cands = [n for n, role in self._roles().items() if fits(role)]
        if not cands and mods:
            # "the US president" where the article titled him only "President": a person whose
            # titles have no words the description lacks
            title_words = {w for c in covered for w in c.split()}
            cands = [n for n, roles in self._roles().items()
                     if any(set(r.split()) <= title_words for r in roles.split(" | "))
                     and all(set(r.split()) <= title_words | set(mods) for r in roles.split(" | "))]
        if len(cands) == 1:
            return cands[0]
        if not cands:
            return None
        window = thresholds()["quotes"]["pronoun_subject_window_chars"]
        i = bisect.bisect_left(self._person_at, tok.idx) - 1
        near = []    # mentions of the candidates shortly before, not as a modifier ("the Assad regime")
        for j in range(i, -1, -1):
            ent = self._persons[j]
            if tok.idx - ent.end_char > window:
                break
            name = self.people.name(ent.text, ent.start_char)
            if name in cands and ent.root.dep_ != "compound":
                near.append((ent, name))
        return next((n for e, n in near if _main_subject(e)), near[0][1] if near else None)

    def _description(self, tok: Token) -> Span | None:
        """The words describing a source noun: its modifiers before it (no article, no "one") and
        whose voice it is after it ("a spokesperson for the UN Human Rights Office")."""
        words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "det" and not t.is_punct]
        words = [t for t in words if t.i >= tok.i - 6]
        while len(words) > 2 and words[0].dep_ == "nummod" and words[0].lower_ == "one":
            words = words[1:]    # "one former official": one of several, not a count ("one source" stays)
        if not words:
            return None
        end = tok.i + 1
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.i == tok.i + 1
                     and c.lower_ in word_group("prepositions", "source_of")), None)
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
        if obj is not None and obj.pos_ in ("PROPN", "NOUN") and obj.i - tok.i <= 8 \
                and "\n" not in self.text[tok.idx:obj.idx] and not self.inside_quote(obj.idx):
            end = obj.i + 1
            while end < len(self.doc) and self.doc[end].ent_iob_ == "I":   # the whole name
                end += 1
        return self.doc[words[0].i:end]

    def _described_before(self, tok: Token) -> Span | Speaker | None:
        """What the last mention of the same kind of source outside quotes before ``tok`` named: the
        organisation or person whose appositive it was ("The Monitoring Team, a group of
        researchers, ... the group said"), an organisation with that head noun ("the Chilean
        Consulate in Lyon ... the consulate said"), else the fuller description it gave ("a senior
        administration official" for a later "the official"), passing over bare mentions; None
        where there is none."""
        lemma = tok.lemma_.lower()
        for t in reversed(self.doc[:tok.i]):
            if t.lemma_.lower() != lemma or self.inside_quote(t.idx):
                continue
            if t.ent_type_ in ("ORG", "PERSON") and t.ent_iob_ in ("B", "I"):
                ent = self._entity(t)
                if ent is not None and ent.root.i == t.i:
                    return self._from_entity(ent)
            if t.pos_ != "NOUN":
                continue
            if t.dep_ == "appos" and t.head.ent_type_ in ("ORG", "PERSON"):
                ent = self._entity(t.head)
                if ent is not None:
                    return self._from_entity(ent)
            named = next((c for c in t.children if c.dep_ == "appos" and c.ent_type_ in ("ORG", "PERSON")), None)
            if named is not None and self._entity(named) is not None:
                return self._from_entity(self._entity(named))
            span = self._description(t)
            if span is not None and len(span) > 1:
                return span
            # a bare mention ("from the consulate") refers back too: look further
        return None


__all__ = ["Speaker", "SpeakerContext", "lexicons", "source_name"]
