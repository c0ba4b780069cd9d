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

from sitrep.extractors.attribution import canonical_source
from sitrep.extractors.entities import People, people
from sitrep.names import clean_name, initials
from sitrep.parse.components.quote_marks import Quoted
from sitrep.resources import load_lexicon, thresholds, word_group

logger = logging.getLogger(__name__)

ORG_LABELS = {"ORG", "GPE", "NORP", "FAC", "LOC"}
NOT_SOURCES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
_SUBJ = ("nsubj", "csubj")
#: a name with its acronym defined after it: "Kurdish Women's Protection Units (YPJ)"
_DEFINED = re.compile(r"((?:[A-Z][\w'’-]+ )(?:(?:of|for|the|and|to|[A-Z][\w'’-]+) ){0,6}[A-Z][\w'’-]+) \(([A-Z][A-Za-z/]{1,7})\)")
_CLIMB = {"advcl", "xcomp", "conj", "ccomp", "pcomp", "acl", "relcl", "prep", "pobj"}


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

    def last_person(self, char: int) -> Span | None:
        """The person a 'he' or 'she' at ``char`` means: the last main-clause subject named shortly
        before ("Moreno was close to tears after Katz read the verdict. 'I ...,' he said" -> Moreno), else the
        last person named."""
        i = bisect.bisect_left(self._person_at, char) - 1
        if i < 0:
            return None
        window = thresholds()["quotes"]["pronoun_subject_window_chars"]
        for j in range(i, -1, -1):
            ent = self._persons[j]
            if char - ent.end_char > window:
                break
            root = ent.root
            if root.dep_ in ("nsubj", "nsubjpass") and root.head.dep_ == "ROOT":
                return ent
        return self._persons[i]

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
                    if tok.dep_ in ("compound", "amod", "nmod", "flat") and tok.i < head.i <= tok.i + 6 \
                            and "\n" not in self.text[tok.idx:head.idx]:
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
        if ent is not None:
            owner = next((c for c in self.doc[ent.start:ent.end].root.children
                          if c.dep_ == "poss" and c.ent_type_ == "GPE" and c.i < ent.start), None)
            if owner is not None and self.doc[ent.start].ent_type_ == "ORG":   # "Gaza's Ministry of Health"
                return Speaker(source_name(self.text[owner.idx:ent.end_char]), None, "organization")
            return self._from_entity(ent)
        return self._described(tok)

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
        if low in _pronouns("person"):
            ent = self.last_person(tok.idx)
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
        if len(span) == 1 and tok.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in word_group("determiners", "definite") for c in tok.children):
            earlier = self._described_before(tok)
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

    def _description(self, tok: Token) -> Span | None:
        """The words describing a source noun: its modifiers before it (no article, no "one") and
        whose voice it is after it ("a spokesperson for the UN Human Rights Office")."""
        words = [t for t in tok.subtree if t.i <= tok.i and t.dep_ != "det" and not t.is_punct]
        words = [t for t in words if t.i >= tok.i - 6]
        while len(words) > 1 and words[0].dep_ == "nummod" and words[0].lower_ == "one":
            words = words[1:]    # "one former official": one of several, not a count
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

    def _described_before(self, tok: Token) -> Span | None:
        """The fuller description that the last mention of the same kind of source outside quotes
        before ``tok`` gave ("a senior administration official" for a later "the official"); None
        where that mention is bare too."""
        lemma = tok.lemma_.lower()
        for t in reversed(self.doc[:tok.i]):
            if t.lemma_.lower() == lemma and t.pos_ == "NOUN" and not self.inside_quote(t.idx):
                span = self._description(t)
                return span if span is not None and len(span) > 1 else None
        return None


__all__ = ["Speaker", "SpeakerContext", "lexicons", "source_name"]
