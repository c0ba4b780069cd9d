"""Extract stage: an article's toponyms, resolved with its own geography, and the place of an incident.

The toponyms of a Doc are found (entities and title-case names after a locative word), read with
their qualifiers ("X, Donetsk", "X (Gaza City, Gaza Strip)") and resolved together through
``geocode.resolve`` (the article's countries and nearby places rank same-name candidates), once
per article. ``place_in`` finds the place of an incident described in a span of the Doc: the most
specific toponym there, or, when the span names none, the town of the sentences just before it,
else the article's dominant place. Precision follows ACLED: 1 the town itself, 2 near it or a part
of it ("near X", "the Sabra neighbourhood of Gaza City", "Gaza - Sabra"), 3 only the region or
country is known.

Only place mentions become toponyms: not a person's name ("President Vladimir Putin", "spokesman
Mustafa Bali", "Sachin Kumar, a villager"), a people or language ("Kurds", "English"), a county
("Cumberland County") or a site ("Georgia Regents Medical Center"); a capitalised run the NER did not
call a place counts only after a locative word, in a dateline, or with a qualifier that reads as one.
Datelines ("PLATTE, S.D. -", "KHAN YOUNIS, Gaza Strip (AP) -") and US state abbreviations qualify
their town; lower-case text is read after locative words. A town far from every other place of the
article, outside its first country and with no country named beside it, keeps a low
``geo_confidence`` (``_mark_isolated``).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from spacy.tokens import Doc

from sitrep import gazetteer
from sitrep.extractors.context import doc_context, doc_text, doc_tokens
from sitrep.extractors.geocode import (
    acceptable, best_region, has_region_suffix, region_place, resolve, score, town_over_region, town_place, towns_named,
)
from sitrep.gazetteer import km
from sitrep.names import clean_place, particles, particles_in_order
from sitrep.resources import lexicon_set, load_lexicon, load_table, thresholds
from sitrep.types import Place

logger = logging.getLogger(__name__)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Entity labels whose tokens never start or continue a toponym ("Saturday", "March"). NORP is not
#: among them: the small model calls many villages NORP; demonyms are ruled out by their table.
_NOT_PLACE_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})
_TITLE_WORD = re.compile(r"^[A-Z][a-z'’\u00c0-\u024f]+(?:-[A-Za-z'’\u00c0-\u024f]+)*$")
_DATELINE_TOKENS = 6  # a dateline's place is within the first few tokens of a text
_DATELINE_CHARS = 300  # ... or, in capitals, after a byline and a time stamp
_DASH = re.compile(r"\s+[-–—]\s+")


def _limits() -> dict:
    return thresholds()["places"]


def _locative() -> frozenset[str]:
    """Words before a toponym that say the event happened in or at it ("shelled Bakhmut" counts too)."""
    return lexicon_set("place_locatives")


@cache
def _subplace() -> re.Pattern[str]:
    """The part of a place named after a dash ("Gaza - Sheikh al Radwan"): title-case words and
    the particles of group ``place_part``, tried in their file order."""
    joiners = "|".join(map(re.escape, particles_in_order("place_part")))
    return re.compile(rf"([A-Z][\w'’]*(?:[ -](?:[A-Z][\w'’]*|{joiners}))*)")


@cache
def _demonyms() -> dict[str, str]:
    return {row["adjective"]: row["cc"] for row in load_table("demonyms")}


def _demonym_country(word: str) -> str | None:
    """The country a demonym or its plural points to ("Syrians" -> SY; "russian" in lower-case
    text too), else None."""
    demonyms = _demonyms()
    word = word if word[:1].isupper() else word.capitalize()
    return demonyms.get(word) or (demonyms.get(word[:-1]) if word.endswith("s") else None)


def _lower_case(doc: Doc) -> bool:
    """Whether the text is written all in lower case (a feed that lower-cased it): fewer than
    thresholds.toml ``lower_case_max_share`` of its words capitalised."""
    words = [w for w in doc_tokens(doc).orth if len(w) > 1 and w.isalpha()]
    return len(words) >= 8 and sum(w[0].isupper() for w in words) <= _limits()["lower_case_max_share"] * len(words)


@cache
def _ruler_keys() -> frozenset[str]:
    return frozenset(gazetteer.normalize_key(name) for name, _ in gazetteer.ruler_names())


def _lower_case_spans(doc: Doc, taken: set[int]) -> list[tuple[int, int, int]]:
    """In lower-case text, the toponyms after a locative word ("in rafah", "shelling of kharkiv"):
    the longest run of up to three words (after a determiner) that the entity ruler knows (a
    country, a region, a town of 15,000+ whose name is no common word or first name). They are read
    as entities are (their third value is their end)."""
    out = []
    known = _ruler_keys()
    words = doc_tokens(doc)
    determiners = {"the", "a"}
    for i in range(len(doc) - 1):
        if words.lower[i] not in _locative():
            continue
        j = i + 1 + (words.lower[i + 1] in determiners)
        for n in (3, 2, 1):
            k = j + n
            if k > len(doc) or any(t in taken or not words.orth[t].isalpha() or doc[t].is_stop
                                   or words.ent[t] in _NOT_PLACE_ENTS for t in range(j, k)):
                continue
            if gazetteer.normalize_key(doc[j:k].text) in known:
                out.append((doc[j].idx, doc[k - 1].idx + len(doc[k - 1].text), doc[k - 1].idx + len(doc[k - 1].text)))
                taken.update(range(j, k))
                break
    return out


def _is_people(word: str) -> bool:
    """Whether a capitalised word names a people, faith or language, not a place: a demonym
    ("Syrian", "Syrians"), a people or language of place_peoples ("Kurds", "Arabic", "English")."""
    peoples = lexicon_set("place_peoples")
    return bool(_demonym_country(word)) or word in peoples or (word.endswith("s") and word[:-1] in peoples)


@cache
def _title_words() -> frozenset[str]:
    """Last words of the titles and honorifics written before a person's name ("President",
    "spokesman", "Dr"): a capitalised name right after one is a person, not a place."""
    titles = (*load_lexicon("titles"), *load_lexicon("honorifics"))
    # "Secretary of State", "Minister of Defense": the title's head comes first; its last word is no title.
    words = {t.split()[-1].lower().rstrip(".") for t in titles if " of " not in f" {t.lower()} "}
    return frozenset(w for w in words if w)


@cache
def _us_states() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of US state abbreviations after a town's comma ("Dalton, Ga.", "PLATTE, S.D."),
    and each abbreviation's state."""
    table = {row["abbreviation"]: row["state"] for row in load_table("place_us_states")}
    alts = "|".join(map(re.escape, sorted(table, key=len, reverse=True)))
    return re.compile(rf",\s+({alts})(?=[\s,;:)(\-–—]|\.(?:\s|$)|$)"), table


# --- mentions in a Doc -------------------------------------------------------------------------


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    from_ent: bool
    locative: bool = False            # after "in", "near", "shelled"...
    near_cue: bool = False            # "near X", "east of X", "X area": precision 2
    admin1: tuple[str, str] | None = None   # from a qualifier: "X, Donetsk", "X (Gaza City, Gaza Strip)"
    qualifier_country: str | None = None
    qualifier_near: tuple[float, float] | None = None
    qualifier_town: Place | None = None     # "Oakdale community (coded to Oakvale, Sumy)"
    bracketed: bool = False                 # the qualifier is in brackets (ACLED's notes)
    parts: list[str] = field(default_factory=list)  # the qualifier's names, widest last
    sub: str | None = None            # "Gaza - Sabra": the part named after the dash
    short: str | None = None          # the entity alone, when the mention extends it
    is_qualifier: bool = False        # this mention only qualifies another one
    dateline: bool = False            # opens a line and is followed by a comma or dash: "PLATTE, S.D. -"
    part_after: bool = False          # "X neighbourhood", "X area": a part of X or near it
    part_of: bool = False             # "the X neighbourhood of Y": its qualifier is the town it is part of
    place: Place | None = None


@dataclass
class ArticlePlaces:
    """An article's toponyms resolved with one another as context, its countries and its main place."""

    mentions: list[_Mention] = field(default_factory=list)
    countries: tuple[str, ...] = ()
    counts: Counter = field(default_factory=Counter)
    dominant: Place | None = None
    person_words: frozenset[str] = frozenset()  # words of the article's PERSON entities


def _state_named(name: str) -> tuple[gazetteer.Region, ...]:
    """The first-level regions of other countries that a country's name also names ("Georgia")."""
    cc = gazetteer.country_code(clean_place(name))
    return tuple(r for r in gazetteer.admin1_named(clean_place(name)) if r.country_code != cc) if cc else ()


def _person_words(doc: Doc) -> frozenset[str]:
    """The words of the article's people's names: of its PERSON entities ("Putin said") and of the
    capitalised words right after a title ("President Vladimir Putin")."""
    words = {t.text for e in doc.ents if e.label_ == "PERSON" for t in e if t.is_title}
    titles = _title_words()
    for t in doc[:-1]:
        if t.lower_.rstrip(".") in titles and (t.is_title or t.is_lower):
            j = t.i + 1
            while j < len(doc) and j - t.i <= 3 and doc[j].is_title and doc[j].lower_ not in titles:
                words.add(doc[j].text)
                j += 1
    return frozenset(words)


_APPOSITION = re.compile(r",\s+(?:(?:aged\s+)?\d{1,3}\s*[,)]|who\b|(?:a|an|the)\s+(?:\w+\s+)?(\w+))")


def _names_person(doc: Doc, text: str, start: int, end: int, person_words: frozenset[str] = frozenset()) -> bool:
    """Whether the candidate at ``start:end`` is (part of) a person's name: after a title or a
    PERSON entity ("President Vladimir Putin", "spokesman Mustafa Bali"), or followed by an
    apposition that only a person takes ("Sachin Kumar, a villager,", "Hareth Rabbah, 24,")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    i = span.start - 1 if span is not None else -1
    if i >= 0 and doc[i].whitespace_:
        if doc[i].ent_type_ == "PERSON" and doc[i].is_title:
            return True
        # Back over the name's first words ("Mustafa" of "Mustafa Bali"), then one comma: a title
        # there ("spokesman Mustafa Bali", "A spokesman, Mustafa Bali,") makes the name a person's.
        j = i
        while j >= 0 and i - j < 3 and doc[j].is_title and doc[j].ent_type_ not in PLACE_LABELS \
                and doc[j].lower_ not in _title_words():
            j -= 1
        if 0 < j < i and doc[j].text == ",":
            j -= 1
        if j >= 0 and doc[j].lower_.rstrip(".") in _title_words():
            return True
        # "Abdul Salam Arif", "Mustafa Bali": the NER called only the last words a place; the whole
        # run is no place the gazetteer knows, and its first word no direction ("Eastern Ghouta")
        # nor a word that opens place names ("Mount Sinjar", "Beit Anan").
        w = doc[i]
        if w.is_title and not w.ent_type_ and not w.is_sent_start and not _is_people(w.text) \
                and w.lower_ not in lexicon_set("place_direction_words") and w.lower_ not in lexicon_set("place_feature_words") \
                and not gazetteer.places_named(f"{w.text} {text[start:end]}") \
                and not gazetteer.admin1_named(f"{w.text} {text[start:end]}"):
            return True
    if span is not None and span.end < len(doc) and doc[span.end - 1].whitespace_ \
            and doc[span.end].ent_type_ == "PERSON" and doc[span.end].is_title:
        # "Vladimir Putin", where only "Putin" is tagged a person and the article names him so
        # again ("Putin said"); not "Manchester Arena", whose "Arena" comes only after the town
        nxt, last = doc[span.end], doc[span.end - 1].text
        if last in person_words or any(t.text == nxt.text and t.i != nxt.i and (t.i == 0 or doc[t.i - 1].text != last)
                                       for t in doc):
            return True
    m = _APPOSITION.match(text, end, min(len(text), end + 60))
    if not m:
        return False
    noun = (m.group(1) or "").lower()
    return not m.group(1) or noun.rstrip("s") in lexicon_set("people_nouns") or noun in _title_words()


def _qualifier_parts(text: str, end: int) -> tuple[list[str], int]:
    """Names that qualify the toponym ending at ``end``: "(Gaza City, Gaza Strip)" or ", Donetsk"."""
    rest = text[end:end + 120]
    pattern, states = _us_states()
    m = pattern.match(rest)
    if m:  # "PLATTE, S.D. -", "Dalton, Ga.": the state, in the United States
        return [states[m.group(1)], "United States"], end + m.end()
    m = re.match(r"\s*\(([^()]{2,80})\)", rest)
    if m:
        # "(coded to Svesa, Sumy)": the names, without the words that introduce them; a part that
        # is no name ("(in the south)") qualifies nothing.
        parts = [re.sub(r"^(?:[a-z]+\s+)+", "", p.strip()) for p in m.group(1).split(",")]
        return [p for p in parts if p[:1].isupper()], end + m.end()
    m = re.match(r",\s+((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,2}(?:\s+(?:region|oblast|province|governorate"
                 r"|state|district))?)", rest)
    if m:
        return [m.group(1)], end + m.end()
    return [], end


def _name_word(word: str, i: int) -> bool:
    """A word (token ``i``) that may be part of a toponym: title case, or upper case in a dateline
    ("LYNDHURST —", "FORT PAYNE, Alabama -") at the very start of the text."""
    if _TITLE_WORD.match(word):
        return True
    return i < _DATELINE_TOKENS and len(word) >= 3 and word.isalpha() and word.isupper()


def _glued_hyphen(doc: Doc, i: int) -> bool:
    """Whether doc[i] is a hyphen inside a name: "Oleksandro-Shultyne", "Boyaro-Lezhachi"."""
    return (doc[i].text == "-" and i + 1 < len(doc) and not doc[i - 1].whitespace_
            and not doc[i].whitespace_ and bool(_TITLE_WORD.match(doc[i + 1].text)))


def _name_end(doc: Doc, j: int, *, stop: Callable[[int], bool], joins: Callable[[int], bool]) -> int:
    """The end (token index) of a place name running on from token ``j``: words that ``joins``
    accepts and hyphens glued inside a name ("Oleksandro-Shultyne", which the tokenizer splits),
    until ``stop``, then a region word ("Kherson region": the region, not the city)."""
    n = len(doc)
    while j < n and not stop(j):
        if joins(j):
            j += 1
        elif _glued_hyphen(doc, j):
            j += 2
        else:
            break
    if j < n and doc[j].lower_ in gazetteer.ADMIN1_SUFFIXES:
        j += 1
    return j


def _candidate_spans(doc: Doc) -> list[tuple[int, int, int]]:
    """(start_char, end_char, entity end_char or 0) of every toponym candidate: place entities
    (with any title-case words that follow them), then title-case runs after a locative word or
    before a qualifier (villages the NER tags otherwise)."""
    out = []
    taken: set[int] = set()
    n = len(doc)
    for e in doc.ents:
        if e.label_ not in PLACE_LABELS:
            continue
        end = e.end
        while end > e.start + 1 and doc[end - 1].is_punct:
            end -= 1  # "Robotyne," -> "Robotyne"
        short_end = doc[end - 1].idx + len(doc[end - 1].text)
        # The ruler may know only the first word of a longer name ("Hola" of "Hola Prystan").
        end = _name_end(doc, end, stop=lambda j, first=e.start: j - first >= 6,
                        joins=lambda j: bool(_TITLE_WORD.match(doc[j].text)) and not doc[j].ent_type_)
        out.append((e.start_char, doc[end - 1].idx + len(doc[end - 1].text), short_end))
        taken.update(range(e.start, end))
    words = doc_tokens(doc)  # read once: most words are no name, and a Token per word costs more
    orth, ent, lower = words.orth, words.ent, words.lower
    if _lower_case(doc):
        out.extend(_lower_case_spans(doc, taken))
    out.extend(_caps_datelines(doc, taken))
    i = 0
    while i < n:
        if i in taken or not _name_word(orth[i], i) or _is_people(orth[i]) or ent[i] in _NOT_PLACE_ENTS:
            i += 1
            continue
        tok = doc[i]
        if ent[i] == "PERSON" and not (i and lower[i - 1] in _locative()) \
                and not _bracket_after(doc, i) and not (i == 0 or "\n" in doc[i - 1].text_with_ws):
            i += 1  # "Lonzo Murphy was charged": a person's name, not a village (a dateline may be tagged so)
            continue
        j = _name_end(doc, i + 1, stop=lambda k: k in taken or ent[k] in _NOT_PLACE_ENTS,
                      joins=lambda k: _name_word(orth[k], k) or (
                          lower[k] in particles("place") and k + 1 < n and bool(_TITLE_WORD.match(orth[k + 1]))))
        prev = doc[i - 1].lower_ if i else ""
        end = doc[j - 1].idx + len(doc[j - 1].text)
        after = doc_text(doc)[end:end + 3]
        if prev in _locative() or after.startswith((",", " (", " -", " –", " —")) \
                or (j < n and doc[j].lower_ in lexicon_set("place_part_words")):
            out.append((tok.idx, doc[j - 1].idx + len(doc[j - 1].text), 0))
        i = j
    return sorted(out)


def _bracket_after(doc: Doc, i: int) -> bool:
    """Whether the title-case run from token ``i`` is followed by a bracket: "Kafr ad Dik (Salfit)"."""
    j = i
    while j < len(doc) and (doc[j].is_title or doc[j].lower_ in particles("place")):
        j += 1
    return j < len(doc) and doc[j].text == "("


def _coordinated(mentions: list[_Mention], text: str) -> None:
    """A mention joined by "and"/"or"/a comma to a locative one shares its cue: "in Beitunia (Ramallah)
    and Deir Istiya (Salfit)", "shelled Kupiansk, Vovchansk and Izium"."""
    for prev, m in zip(mentions, mentions[1:]):
        if m.locative or not prev.locative:
            continue
        between = text[prev.end:m.start].strip().lower()
        if between in ("and", "or", ",", ", and", ", or"):
            m.locative = True


_CAPS_DATELINE = re.compile(r"(?:^|(?<=\s))([A-Z][A-Z'’.-]{2,}(?: [A-Z][A-Z'’.-]{2,}){0,3})(?=,\s|\s\(|\s+[-–—]{1,2}\s)")


def _caps_datelines(doc: Doc, taken: set[int]) -> list[tuple[int, int, int]]:
    """Datelines in capitals past the first words ("By Jane Roe CHATTANOOGA, Tenn., July 18
    (Reuters) -"): a run of capitalised words in the first _DATELINE_CHARS characters, followed by
    a comma, a bracket or a dash, that the NER left untagged."""
    out = []
    text = doc_text(doc)
    for m in _CAPS_DATELINE.finditer(text[:_DATELINE_CHARS]):
        span = doc.char_span(m.start(1), m.end(1))
        if span is None or any(t.i in taken or t.ent_type_ in _NOT_PLACE_ENTS for t in span):
            continue
        if m.group(1).split()[-1].lower() in lexicon_set("place_county_words"):
            continue
        out.append((m.start(1), m.end(1), 0))
        taken.update(range(span.start, span.end))
    return out


def _cue_before(text: str, start: int) -> tuple[bool, bool]:
    """(locative, near) for the words right before ``start``."""
    before = " ".join(text[max(0, start - 40):start].lower().split())
    words = before.split()
    near = any((" " + before).endswith(" " + cue) for cue in load_lexicon("place_near_cues"))
    if len(words) > 1 and words[-1] in lexicon_set("place_direction_words"):
        words = words[:-1]  # "in eastern Syria", "in north-west Idlib"
    locative = bool(words) and (words[-1] in _locative() or near)
    return locative, near


def _part_of(text: str, end: int) -> str | None:
    """The town named in "X neighbourhood of Y" / "X district of Y" right after ``end``, else None."""
    m = re.match(r"\s+(\w+)\s+of\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})", text[end:end + 80])
    return m.group(2) if m and m.group(1).lower() in lexicon_set("place_part_words") else None


def _part_after(text: str, end: int) -> bool:
    after = " ".join(text[end:end + 30].lower().split())
    return any(after == w or after.startswith((w + " ", w + ",", w + "."))
               for w in load_lexicon("place_part_words"))


def _read_qualifiers(m: _Mention, parts: list[str], countries: Sequence[str]) -> None:
    for part in reversed(parts):  # the widest unit comes last: "(Gaza City, Gaza Strip)"
        cc = gazetteer.country_code(part)
        if cc and m.qualifier_country and any(r.country_code == m.qualifier_country
                                             for r in gazetteer.admin1_named(part)):
            cc = None  # "Dalton, Georgia, United States": the state, not the country
        if cc:
            m.qualifier_country = cc
            continue
        regions = gazetteer.admin1_named(part)
        if regions and not m.admin1:
            ctx = [m.qualifier_country] if m.qualifier_country else list(countries)
            if not any(r.country_code in ctx for r in regions):
                # "Merowe (Merowe, Northern)" with no country named: the "Northern" that has a Merowe
                names = [clean_place(m.text), *(q for q in parts if q != part)]
                holding = [r for r in regions if any((t.country_code, t.admin1_code) == (r.country_code, r.code)
                                                     for name in names for t in towns_named(name, (), None))]
                regions = holding or regions
        if regions and not m.admin1:
            r = best_region(regions, ctx)
            own = [o for o in gazetteer.admin1_named(clean_place(m.text)) if o.country_code == r.country_code]
            if own and r not in own and not m.bracketed \
                    and not towns_named(clean_place(m.text), (), (r.country_code, r.code), fuzzy=False):
                continue  # "Idlib, Aleppo, Hama and Homs": a list of regions, not "X in region Y"
            m.admin1 = (r.country_code, r.code)
            continue
        ctx = [m.admin1[0]] if m.admin1 else ([m.qualifier_country] if m.qualifier_country else countries)
        p = resolve(part, countries=ctx, admin1=m.admin1)
        if p and p.geo_precision == 1 and p.lat is not None:
            m.qualifier_near = (p.lat, p.lon)
            m.qualifier_town = p


def _article_countries(doc: Doc, mentions: list[_Mention]) -> Counter:
    counts: Counter = Counter()
    # word by word without making a Token of each: "Israeli", "Palestinians"
    for word, n in Counter(doc_tokens(doc).orth).items():
        cc = _demonym_country(word)
        if cc:
            counts[cc] += n
    for m in mentions:
        cc = gazetteer.country_code(clean_place(m.text))
        if cc and _state_named(m.text):
            continue  # "Georgia": the country or a US state; the article's other places decide
        if cc:
            counts[cc] += 3
        elif m.admin1:
            counts[m.admin1[0]] += 3
        elif m.qualifier_country:
            counts[m.qualifier_country] += 3
        elif has_region_suffix(m.text):  # "Donetsk Oblast"; a bare "Gaza" may be a town
            regions = gazetteer.admin1_named(clean_place(m.text))
            if len({r.country_code for r in regions}) == 1:
                counts[regions[0].country_code] += 1
    return counts


def _resolve_mention(m: _Mention, countries: Sequence[str], near: list[tuple[float, float]],
                     text: str, regions: frozenset[tuple[str, str]] = frozenset(),
                     person_words: frozenset[str] = frozenset()) -> Place | None:
    if not m.from_ent and not (m.locative or m.dateline or m.part_after or m.sub or m.admin1
                               or m.qualifier_country or m.qualifier_town):
        # A title-case run the NER did not call a place, taken for the comma or bracket after it
        # ("Talabani, who ..."): a place only if what follows qualifies it as one.
        return None
    states = _state_named(m.text)
    if states and countries:
        home = [r for r in states if r.country_code == countries[0]]
        if home and gazetteer.country_code(clean_place(m.text)) != countries[0]:
            return region_place(home[0])  # "Georgia" in an article about US towns: the state
    place = _resolve_name(m, m.text, countries, near, text, regions)
    extra = m.text[len(m.short):].split() if m.short else []
    if place is None and m.short and not any(w in person_words or w.lower() in lexicon_set("place_county_words")
                                             for w in extra):
        # "Rafah Crossing", "Manchester Arena": the town the entity names; not "Vladimir" of
        # "Vladimir Putin" (a surname of the article's people), nor the Cumberland of "Cumberland County".
        place = _resolve_name(m, m.short, countries, near, text, regions) or place
    if (m.bracketed or m.part_of) and m.qualifier_town and m.qualifier_near and place is not None \
            and place.geo_precision <= 2 \
            and place.lat is not None and km((place.lat, place.lon), m.qualifier_near) > _limits()["qualifier_max_km"]:
        place = None  # "Tuba (southern Hebron)": not a namesake far from the town its qualifier names
    if (place is None or place.geo_precision == 3) and m.qualifier_town and (m.bracketed or m.part_of
                                                                             or not m.from_ent):
        # The name itself is unknown; the town its qualifier names is the nearest known place.
        place = replace(m.qualifier_town, geo_precision=2)
    return place


def _foreign_regions(mentions: list[_Mention], countries: Sequence[str], counts: Counter) -> None:
    """A region of a country for which the article has no other evidence than the region's own name,
    read otherwise: "the Gaza governorate" (Gaza is a province of Mozambique too) as the region of the
    article's own town Gaza; "the South", "Centre" (regions of Cameroon, Burkina Faso) as no place."""
    if not countries:
        return
    for m in mentions:
        p = m.place
        if p is None or p.geo_precision != 3 or not p.admin1 or m.admin1 or m.qualifier_country \
                or p.country_code == countries[0] or counts[p.country_code] > 1:
            continue
        home = _home_region(m.text, countries) if has_region_suffix(clean_place(m.text)) else None
        if home:
            m.place = home
        elif gazetteer.normalize_key(clean_place(m.text)) in lexicon_set("place_direction_words"):
            m.place = None


def _home_region(name: str, countries: Sequence[str]) -> Place | None:
    """For a region name that only another country has ("Gaza governorate", Gaza being a province
    of Mozambique too): the region of the article's own town of that name, else None."""
    bare = clean_place(name)
    words = bare.split()
    if len(words) > 1 and words[-1].lower() in gazetteer.ADMIN1_SUFFIXES:
        bare = " ".join(words[:-1])
    towns = [t for t in towns_named(bare, countries[:1], None, fuzzy=False) if t.country_code in countries[:1]]
    region = gazetteer.admin1(towns[0].country_code, towns[0].admin1_code) if towns else None
    return region_place(region) if region else None


def _resolve_name(m: _Mention, written: str, countries: Sequence[str], near: list[tuple[float, float]],
                  text: str, regions: frozenset[tuple[str, str]]) -> Place | None:
    ctx = [m.qualifier_country, *countries] if m.qualifier_country else list(countries)
    name = clean_place(written)
    if not m.from_ent:
        # A title-case run the NER did not call a place: only a town of the article's countries.
        if gazetteer.country_code(name):
            return None
        if not ctx:  # no country known yet: only a city ("HOUSTON - Police said ...")
            towns = towns_named(name, (), None)
            if m.dateline and len(towns) == 1:
                return town_place(towns[0])  # "APACHE JUNCTION —": the only town of that name
            towns = [p for p in towns if p.population >= _limits()["out_of_context_min_population"]]
            return town_place(towns[0]) if towns else None
        towns = [p for p in towns_named(name, ctx, m.admin1, fuzzy=m.locative or bool(m.admin1))
                 if p.country_code in ctx]
        if not towns:
            region = gazetteer.admin1(*m.admin1) if m.admin1 else None
            return region_place(region) if region else None
    pts = [m.qualifier_near] if m.qualifier_near else near
    place = None
    if (pts or regions) and not gazetteer.country_code(name):
        # resolve() takes one point; rank against all of them here.
        towns = towns_named(name, ctx, m.admin1)
        named_regions = gazetteer.admin1_named(name)
        if towns and not (named_regions and has_region_suffix(name)):
            best = max(towns, key=lambda p: score(p, name, ctx, pts, regions))
            if acceptable(best, name, ctx) and town_over_region(best, named_regions):
                place = town_place(best)
    if place is None:
        place = resolve(name, countries=ctx, admin1=m.admin1)
    if place is None and m.admin1:  # "Zolota Balka, Kherson": a village the gazetteer lacks
        region = gazetteer.admin1(*m.admin1)
        if region:
            place = region_place(region)
    if place is None:
        return None
    if m.sub and place.geo_precision == 1:
        sub = towns_named(m.sub, [place.country_code or ""], None)
        sub = [p for p in sub if km((p.lat, p.lon), (place.lat, place.lon)) <= _limits()["part_of_max_km"]]
        if sub:
            return town_place(max(sub, key=lambda p: p.population))
        return replace(place, geo_precision=2)
    if place.geo_precision == 1 and (m.near_cue or _part_after(text, m.end)):
        return replace(place, geo_precision=2)
    return place


def _build_context(doc: Doc) -> ArticlePlaces:
    """The article's toponyms, each resolved with the others as context, and its main place."""
    text = doc_text(doc)
    mentions = _mentions(doc, text)
    person_words = _person_words(doc)
    countries, counts = _resolve_mentions(doc, mentions, text, person_words)
    _mark_isolated(doc, mentions, countries)
    return ArticlePlaces(mentions=mentions, countries=countries, counts=counts,
                         dominant=_dominant(mentions, countries), person_words=person_words)


def _mentions(doc: Doc, text: str) -> list[_Mention]:
    """The toponym candidates that may be places, with what qualifies them; a qualifier ("X,
    Donetsk", "Gaza - Sabra") is part of its mention, not a mention of its own."""
    mentions: list[_Mention] = []
    qualifier_spans: list[tuple[int, int]] = []
    person_words = _person_words(doc)
    for start, end, ent_end in _candidate_spans(doc):
        if any(s <= start < e for s, e in qualifier_spans):
            continue
        if not _may_be_place(text, start, end) or _names_person(doc, text, start, end, person_words):
            continue
        mentions.append(_mention(text, start, end, ent_end, qualifier_spans))
    _coordinated(mentions, text)
    return mentions


def _may_be_place(text: str, start: int, end: int) -> bool:
    """Whether a candidate may name a place: not a demonym, a wider region or a site's name."""
    words = [w for w in text[start:end].split() if w.lower() != "the"]
    if (words and all(_is_people(w) for w in words)) or \
            gazetteer.normalize_key(clean_place(text[start:end])) in lexicon_set("place_supranational"):
        return False  # "Gazan" (a demonym the NER calls a place), "The Turkish", "the Middle East"
    facility = lexicon_set("place_facility_words")
    last, after = text[start:end].lower().split()[-1], text[end:end + 20].lower().split()[:1]
    if last in lexicon_set("place_county_words"):
        return False  # "FRANKLIN COUNTY, WA.": a county, which the gazetteer does not know
    # "Yafa street", "Al Quds Hospital": a site named after a place, not the place (but "Apache
    # Junction", a town's own name, is the town)
    if last in facility and not gazetteer.places_named(clean_place(text[start:end])):
        return False
    return not (after and after[0].strip(",.;:") in facility)


def _mention(text: str, start: int, end: int, ent_end: int, qualifier_spans: list[tuple[int, int]]) -> _Mention:
    """The mention of the candidate at ``start:end``, with the cue before it, the part named after a
    dash and its qualifiers (whose spans are added to ``qualifier_spans``)."""
    inner = _DASH.search(text, start, end)
    if inner:  # "HOUSTON - Foul play ...": the NER ran a dateline into the sentence
        end, ent_end = inner.start(), min(ent_end, inner.start()) if ent_end else 0
    m = _Mention(start, end, text[start:end], bool(ent_end))
    if ent_end and ent_end < end:
        m.short = text[start:ent_end]
    m.locative, m.near_cue = _cue_before(text, start)
    line_start = text.rfind("\n", 0, start) + 1
    m.dateline = (not text[line_start:start].strip() or (start < _DATELINE_CHARS and text[start:end].isupper())) \
        and bool(re.match(r"\s*(?:,|\(|[-–—]{1,2}\s)", text[end:end + 4]))
    m.part_after = _part_after(text, end)
    dash = _DASH.match(text, end)
    if dash:
        sub = _subplace().match(text, dash.end())
        # "Gaza - Sabra (...)", "Gaza - Sabra, ..."; not a dateline "HOUSTON - Foul play is".
        if sub and sub.group(1).split()[0].lower() not in lexicon_set("place_dash_openers") \
                and re.match(r"\s*(?:[(),.;:]|$)", text[sub.end():sub.end() + 3]):
            m.sub, end = sub.group(1), sub.end()
            qualifier_spans.append((dash.end(), end))
    parts, q_end = _qualifier_parts(text, end)
    if not parts and (whole := _part_of(text, end)):
        # "the Homewood neighborhood of Pittsburgh": Pittsburgh qualifies Homewood (and stays a
        # mention of its own).
        m.parts, m.part_of, m.end = [whole], True, max(m.end, end)
        return m
    m.bracketed = text[end:q_end].lstrip().startswith("(")
    if parts:
        qualifier_spans.append((end, q_end))
        m.end = q_end
    m.end = max(m.end, end)
    m.parts = parts
    return m


def _resolve_mentions(doc: Doc, mentions: list[_Mention], text: str,
                      person_words: frozenset[str] = frozenset()) -> tuple[tuple[str, ...], Counter]:
    """Resolve every mention (``m.place``) with the article's countries, regions and other places
    as context; returns the countries, most named first, and their counts."""
    first = _article_countries(doc, [])
    countries = tuple(cc for cc, _ in first.most_common())
    for m in mentions:
        _read_qualifiers(m, m.parts, countries)
    counts = _article_countries(doc, mentions)
    countries = tuple(cc for cc, _ in counts.most_common())
    # Two passes: the places resolved without neighbours become the neighbours of the second.
    for m in mentions:
        m.place = _resolve_mention(m, countries, [], text, person_words=person_words)
    for m in mentions:
        if m.place and m.place.geo_precision <= 2 and m.place.country_code:
            counts[m.place.country_code] += 1
    countries = tuple(cc for cc, _ in counts.most_common())
    # Regions the article names: qualifiers ("X, Donetsk") and region mentions ("Kharkiv Oblast").
    regions = frozenset(r for m in mentions for r in (
        [m.admin1] if m.admin1 else
        [(m.place.country_code, _admin1_code(m.place))] if m.place and m.place.geo_precision == 3
        and m.place.admin1 else []))
    # Each mention's neighbours are the points of every other placed mention as they stand: kept
    # as a count per distinct point, since an article names the same few places again and again.
    points = Counter(pt for pt in map(_anchor_point, mentions) if pt)
    for m in mentions:
        own = _anchor_point(m)
        near = [pt for pt, n in points.items() if n > (pt == own)]
        m.place = _resolve_mention(m, countries, near, text, regions, person_words)
        if own:
            points[own] -= 1
        if moved := _anchor_point(m):
            points[moved] += 1
    _foreign_regions(mentions, countries, _article_countries(doc, mentions))
    return countries, counts


def _mark_isolated(doc: Doc, mentions: list[_Mention], countries: Sequence[str]) -> None:
    """Lower the ``geo_confidence`` of a town far (thresholds.toml ``isolated_km``) from every other
    town and region the article names, outside the article's first country, whose own country or
    region its sentence does not name: a namesake the gazetteer knows of a place it does not ("a
    drone hit a car near Berwyn" in an article about Ukrainian towns). A city news names in passing
    (Washington, Moscow) is exempt."""
    lim = _limits()
    placed = [m for m in mentions if m.place and m.place.lat is not None
              and (m.place.geo_precision <= 2 or m.place.admin1)]
    for m in placed:
        p = m.place
        if p.geo_precision > 2 or m.admin1 or m.qualifier_country or m.qualifier_town \
                or (countries and p.country_code == countries[0]):
            continue
        if any(g.population >= lim["out_of_context_min_population"]
               for g in gazetteer.places_named(p.name) if g.geonameid == p.geonameid):
            continue
        others = [o.place for o in placed if (o.place.lat, o.place.lon) != (p.lat, p.lon)]
        if not others or min(km((p.lat, p.lon), (o.lat, o.lon)) for o in others) <= lim["isolated_km"]:
            continue
        if _own_country_beside(doc, m):
            continue
        m.place = replace(p, geo_confidence=lim["isolated_confidence"])


def _own_country_beside(doc: Doc, m: _Mention) -> bool:
    """Whether the sentence of mention ``m`` names its place's country or region ("... Marion, in Iowa")."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return False
    sent = span.sent
    p = m.place
    for tok in sent:
        if _demonym_country(tok.text) == p.country_code:
            return True
    names = {gazetteer.normalize_key(x) for x in (p.country, p.admin1) if x}
    sent_key = f" {gazetteer.normalize_key(sent.text)} "
    return any(f" {n} " in sent_key for n in names if n and n != gazetteer.normalize_key(p.name))


def _anchor_point(m: _Mention) -> tuple[float, float] | None:
    """The point a mention gives its neighbours: a town or a part of one, not a region."""
    if m.place and m.place.geo_precision <= 2 and m.place.lat is not None:
        return m.place.lat, m.place.lon
    return None


def _admin1_code(place: Place) -> str:
    regions = [r for r in gazetteer.admin1_named(place.admin1 or "") if r.country_code == place.country_code]
    return regions[0].code if regions else ""


def _dominant(mentions: list[_Mention], countries: Sequence[str]) -> Place | None:
    """The article's main place: its most named town, else region, else country (first on ties)."""
    for precisions in ((1, 2), (3,)):
        places = [m.place for m in mentions if m.place and m.place.geo_precision in precisions]
        if precisions == (3,):
            places = [p for p in places if p.admin1] or places
        if places:
            counts = Counter((p.name, p.geonameid) for p in places)
            top = max(counts.values())
            return next(p for p in places if counts[(p.name, p.geonameid)] == top)
    if countries:
        region = gazetteer.country(countries[0])
        return region_place(region) if region else None
    return None


def _context(doc: Doc) -> ArticlePlaces:
    """The article's places, resolved once per Doc (kept in its DocContext)."""
    ctx = doc_context(doc)
    if ctx.places is None:
        ctx.places = _build_context(doc)
    return ctx.places


def _main_countries(ctx: ArticlePlaces) -> set[str]:
    """The article's main countries: where its towns are (each named at least half as often as the
    most named one), else its most named countries. Country names and demonyms alone overstate
    the actors' countries ("Israeli forces", "US officials")."""
    towns = Counter(m.place.country_code for m in ctx.mentions
                    if m.place and m.place.geo_precision in (1, 2) and m.place.country_code)
    counts = towns or ctx.counts
    if not counts:
        return set()
    top = max(counts.values())
    return {cc for cc, n in counts.items() if n * 2 >= top}


def place_in(doc: Doc, start_char: int, end_char: int) -> Place | None:
    """The place of an incident described in ``doc.text[start_char:end_char]``.

    The most specific toponym in the span wins (a town over a region over a country; among towns
    the first after "in"/"near"/"shelled"..., else the first), read with the article's other
    places as context; when the span names none, the town named in the sentences just before it
    (the incident's "the city", "there"), else the article's dominant place.

    Args:
        doc: the parsed article (GPE/LOC/FAC entities set).
        start_char, end_char: the incident's character span, usually one or two sentences.

    Returns:
        A Place with ACLED's geo_precision, or None when the article names no resolvable place.
    """
    ctx = _context(doc)
    inside = [m for m in ctx.mentions if m.place and start_char <= m.start < end_char and not m.is_qualifier]
    main = _main_countries(ctx)
    # A region the span itself names for a place ("Tonenke, Donetsk") rules out towns elsewhere.
    stated = {m.place.admin1 for m in inside if m.admin1 and m.place.admin1}
    for level in ((1, 2), (3,)):
        found = [m for m in inside if m.place.geo_precision in level]
        if stated:
            found = [m for m in found if m.place.admin1 in stated]
        if level == (3,):
            # A country after "in" over one that only qualifies a noun ("US forces ... in eastern Syria").
            found = [m for m in found if m.locative or m.place.admin1] or found
        # A town of the article's own country over a foreign namesake of a street or site.
        found = [m for m in found if m.place.country_code in main] or found
        if level == (3,):
            # A region or country named in the span: the article's own town there is more precise.
            found = [m for m in found if m.place.admin1] or found
        if found:
            # A qualified name ("X, Donetsk", "X (Gaza City, Gaza Strip)") is the most deliberate.
            best = next((m for m in found if m.admin1 or m.qualifier_town),
                        next((m for m in found if m.locative), found[0]))
            return best.place
    return _antecedent(doc, ctx, start_char, main) or ctx.dominant


def names_place(doc: Doc, start_char: int, end_char: int) -> bool:
    """Whether ``doc.text[start_char:end_char]`` itself names a place below a country (a town, a
    district, a province): what ACLED needs to code an incident at all, where no place is carried over."""
    if any(m.place and start_char <= m.start < end_char and not m.is_qualifier
           and (m.place.admin1 or m.place.geo_precision < 3) for m in _context(doc).mentions):
        return True
    # a street address: "on Little Deer Isle Road", "the 4600 block of Valdez"
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    streets = lexicon_set("street_words")
    return span is not None and any(
        t.is_title and t.lower_.rstrip(".") in streets and t.i > span.start and t.nbor(-1).is_title
        or t.lower_ == "block" and t.i + 2 < span.end and t.nbor(1).lower_ == "of" and t.nbor(2).is_title
        for t in span)


def places_named(doc: Doc, start_char: int, end_char: int, locative: bool = False) -> list[tuple[int, int, Place]]:
    """The places ``doc.text[start_char:end_char]`` itself names, with the offsets of their names, in
    text order (a qualifier's region, "X (Hebron)", is part of its place's mention, not one of its own);
    with ``locative``, only those named as where something happened ("in X", "near X", "shelled X"),
    not as an actor ("Washington fired missiles")."""
    return [(m.start, m.end, m.place) for m in _context(doc).mentions
            if m.place and start_char <= m.start < end_char and not m.is_qualifier and (m.locative or not locative)]


def _antecedent(doc: Doc, ctx: ArticlePlaces, start_char: int, main: set[str]) -> Place | None:
    """The last town named in the sentences just before ``start_char`` ("... in Rafah. Two strikes
    destroyed houses in the city ..."), or None."""
    back = _limits()["antecedent_sentences"]
    if not back or not doc.has_annotation("SENT_START"):
        return None
    tok = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    if tok is None:
        return None
    sent = tok[0].sent
    first = sent.start
    for _ in range(back):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    lo = doc[first].idx
    before = [m for m in ctx.mentions if m.place and lo <= m.start < sent.start_char
              and m.place.geo_precision in (1, 2) and not m.is_qualifier
              and (not main or m.place.country_code in main)]
    return before[-1].place if before else None


__all__ = ["ArticlePlaces", "km", "names_place", "place_in", "places_named"]
