"""Parse stage: label people the statistical NER misses or mislabels, and mark their titles.

The small English model often tags an unfamiliar surname as a place ("Blinken" as GPE). Three
rules, all linear in the document, fix the entities for every later stage:

1. a capitalised name right after a title from the titles lexicon is a PERSON
   ("US Secretary of State Antony Blinken"); the title, with its nationality and modifiers
   ("US Secretary of State", "former President"), goes to ``doc.spans[spans_key]`` as ``TITLE``;
   an appositive role ("Miki Zohar, a minister from ...") is kept there as ``APPOSITIVE``;
2. the proper-noun subject of a reporting verb that the NER labelled a place or a nationality
   is a PERSON unless the gazetteer knows it as a place ("Blinken said");
3. a later mention of a known person's surname is that PERSON ("... Blinken replied").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from sitrep.names import particles as name_particles
from sitrep.resources import word_group

logger = logging.getLogger(__name__)

#: Labels the people rules may overwrite; others (DATE, CARDINAL, FAC...) are left alone.
_RELABEL = {"GPE", "NORP", "LOC", "ORG", "PRODUCT", "WORK_OF_ART", "FAC", ""}
#: Entities whose tokens may join a title on its left ("US", "Israeli", "UN", "Gaza's").
_TITLE_PREFIX = {"GPE", "NORP", "ORG"}
_MAX_NAME = 4
_SUBJ = {"nsubj", "nsubjpass"}


def _is_name_word(tok: Token) -> bool:
    """A capitalised word ("Blinken", "Al") or an initial ("F."), not an acronym ("US")."""
    text = tok.text
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return True
    return text[:1].isupper() and any(c.isalpha() for c in text) and not text.isupper()


class PeopleRuler:
    """Relabel people in ``doc.ents`` and keep their titles in ``doc.spans[spans_key]``."""

    def __init__(self, nlp: Language, name: str, *, titles: Iterable[str], modifiers: Iterable[str],
                 reporting_verbs: Iterable[str], org_heads: Iterable[str], places: Iterable[str],
                 is_country: Callable[[str], bool] = lambda name: False, spans_key: str = "person_titles",
                 particles: Iterable[str] | None = None, articles: Iterable[str] | None = None):
        self.name, self.spans_key = name, spans_key
        # Lower-case particles inside a name ("Omar al Rashidi", "Ursula von der Leyen") and the
        # articles that open an appositive role ("Name, a nurse at ..."): the shared lists by default.
        self._particles = frozenset(name_particles("person") if particles is None else particles)
        self._articles = frozenset(word_group("determiners", "article") if articles is None else articles)
        self._titles: dict[str, list[tuple[str, ...]]] = {}
        for title in titles:
            # tokenised as written in text ("Maj. Gen." splits unlike "maj. gen.")
            for form in {title, title.title(), title[:1].upper() + title[1:]}:
                words = tuple(t.lower_ for t in nlp.make_doc(form))
                if words and words not in self._titles.get(words[0], ()):
                    self._titles.setdefault(words[0], []).append(words)
        for options in self._titles.values():
            options.sort(key=len, reverse=True)
        self._title_words = {w for options in self._titles.values() for o in options for w in o}
        self._modifiers = {m.lower() for m in modifiers}
        self._verbs = set(reporting_verbs)
        self._org_heads = {h.lower() for h in org_heads}
        self._places = set(places)
        self._is_country = is_country

    # -- rule 1: titles ------------------------------------------------------------------
    def _title_at(self, doc: Doc, i: int) -> int:
        """End of the longest title starting at token ``i``, or ``i`` if none does."""
        for words in self._titles.get(doc[i].lower_, ()):
            j = i + len(words)
            if j <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words)):
                return j
        return i

    def _name_after(self, doc: Doc, j: int) -> int:
        """End of a capitalised personal name starting at token ``j`` (``j`` if there is none)."""
        k, words = j, 0
        while k < len(doc) and words < _MAX_NAME:
            tok = doc[k]
            if _is_name_word(tok) and tok.lower_ not in self._org_heads and tok.ent_type_ not in (
                    "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
                k, words = k + 1, words + 1
            elif words and tok.lower_ in self._particles and k + 1 < len(doc) and _is_name_word(doc[k + 1]):
                k += 1
            elif words and tok.text == "-" and not doc[k - 1].whitespace_ and k + 1 < len(doc) \
                    and _is_name_word(doc[k + 1]):
                k += 1
            else:
                break
        if k < len(doc) and doc[k].text[:1].isupper() and doc[k].lower_ in self._org_heads:
            return j  # "Justice Department", "General Assembly": an organisation
        return k

    def _title_start(self, doc: Doc, i: int) -> int:
        """Extend a title leftwards over its modifiers and nationality ("former US ...")."""
        while i > 0:
            prev = doc[i - 1]
            if prev.lower_ in self._modifiers:
                i -= 1
            elif prev.dep_ in ("compound", "amod", "nmod") and prev.head.i >= i and prev.is_lower \
                    and prev.is_alpha and prev.pos_ in ("NOUN", "ADJ"):
                i -= 1      # "UN relief coordinator", "Hamas political leader"
            elif prev.text in ("'s", "’s") and i > 1 and doc[i - 2].ent_type_ in _TITLE_PREFIX:
                i -= 1
            elif prev.ent_type_ in _TITLE_PREFIX and prev.ent_iob_ in ("B", "I"):
                start = i - 1
                while start > 0 and doc[start].ent_iob_ == "I":
                    start -= 1
                i = start
            else:
                break
        return i

    def titled_people(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        """(people, titles) found by title look-up."""
        people, titles = [], []
        i, n = 0, len(doc)
        while i < n:
            j = self._title_at(doc, i)
            if j == i:
                i += 1
                continue
            while j < n and (nxt := self._title_at(doc, j)) > j:
                j = nxt    # chained titles: "Brig. Gen.", "police chief Col."
            if (i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_) or \
                    (j < n and doc[j].text == "-" and not doc[j - 1].whitespace_):
                i = j      # part of a hyphenated word: "Commander-in-Chief Forum"
                continue
            # a title inside a longer organisation or work name is not a title ("General Assembly")
            inside = j < n and doc[j].ent_iob_ == "I" and doc[j].ent_type_ != "PERSON"
            k = self._name_after(doc, j)
            if k > j and not inside and not (k - j == 1 and doc[j].lower_ in self._title_words):
                start = self._title_start(doc, i)
                titles.append(Span(doc, start, j, label="TITLE"))
                people.append(Span(doc, j, k, label="PERSON"))
                i = k
            else:
                i = j
        return people, titles

    # -- rule 2: subjects of reporting verbs ----------------------------------------------
    def speaking_subjects(self, doc: Doc) -> list[Span]:
        """Proper-noun subjects of reporting verbs that no table knows as a place or organisation."""
        out = []
        for tok in doc:
            if tok.pos_ != "VERB" or tok.lemma_ not in self._verbs:
                continue
            for subj in tok.children:
                if subj.dep_ not in _SUBJ or subj.tag_ != "NNP" or not _is_name_word(subj):
                    continue
                if subj.ent_type_ not in ("GPE", "NORP", "LOC", "PRODUCT", "WORK_OF_ART"):
                    continue    # only names the NER mislabelled; an unlabelled one may be anything
                left = subj.i
                while left > 0 and doc[left - 1].dep_ in ("compound", "flat") and doc[left - 1].head == subj \
                        and _is_name_word(doc[left - 1]):
                    left -= 1
                span = doc[left:subj.i + 1]
                if span.text in self._places or subj.text in self._places or span[0].ent_id_ \
                        or self._is_country(span.text):
                    continue    # "Israel said", "America says"
                if any(t.lower_ in self._org_heads or t.lower_ in self._title_words for t in span):
                    continue
                out.append(Span(doc, left, subj.i + 1, label="PERSON"))
        return out

    # -- rule 3: surnames -----------------------------------------------------------------
    def surname_mentions(self, doc: Doc, people: list[Span]) -> list[Span]:
        """Single-word mentions of a known person's surname that the NER labelled otherwise."""
        surnames = {p[-1].text for p in people if _is_name_word(p[-1]) and (len(p) >= 2 or p.label_ == "PERSON")}
        surnames -= self._places
        if not surnames:
            return []
        out = []
        wanted = {doc.vocab.strings[s] for s in surnames}
        for i in (k for k, orth in enumerate(doc.to_array(ORTH).tolist()) if orth in wanted):
            tok = doc[i]
            if tok.ent_type_ == "PERSON" or tok.ent_id_:
                continue
            if tok.ent_type_ not in _RELABEL:
                continue
            if tok.ent_iob_ == "B" and tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I":
                continue  # part of a longer name ("Blinken Foundation")
            out.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
        return out

    # -- rule 4: appositive roles -----------------------------------------------------------
    def appositive_titles(self, doc: Doc, people: Iterable[Span]) -> list[Span]:
        """'Name, a/an/the <role>,' after a person ("a nurse at the hospital"): the role as written."""
        out = []
        n = len(doc)
        for p in people:
            k = p.end
            if k + 2 >= n or doc[k].text != "," or doc[k + 1].lower_ not in self._articles:
                continue
            end = k + 2
            while end < n and end - k < 14 and doc[end].text not in (",", ".", ";", "\n", "(", ")") \
                    and not doc[end].is_space and doc[end].text not in ('"', "“", "”"):
                end += 1
            if end >= n or doc[end].text not in (",", "."):
                continue
            role = doc[k + 2:end]
            if any(t.lower_ in self._title_words or t.pos_ == "NOUN" for t in role):
                out.append(Span(doc, k + 2, end, label="APPOSITIVE"))
        return out

    def __call__(self, doc: Doc) -> Doc:
        people, titles = self.titled_people(doc)
        people = filter_spans([*people, *self.speaking_subjects(doc)])
        # a one-word PERSON of the statistical NER is too unsure to spread ("Politifact")
        known = [e for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2] + people
        people = filter_spans([*people, *self.surname_mentions(doc, known)])
        if people or titles:
            taken = set()
            for p in people:
                taken.update(range(p.start, p.end))
            in_title = set()
            for t in titles:
                in_title.update(range(t.start, t.end))
            # a title the NER took for a name ("Sgt" of "Sgt. Ana Brooks") is no entity of its own
            rest = [e for e in doc.ents if not taken.intersection(range(e.start, e.end))
                    and not (e.label_ == "PERSON" and in_title.issuperset(range(e.start, e.end)))]
            doc.ents = sorted([*rest, *people], key=lambda s: s.start)
        persons = [e for e in doc.ents if e.label_ == "PERSON"]
        doc.spans[self.spans_key] = sorted([*titles, *self.appositive_titles(doc, persons)],
                                           key=lambda s: s.start)
        return doc
