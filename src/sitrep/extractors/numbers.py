"""Extract stage: finds number phrases in a Doc ("27,708", "seven", "1 million", "1½", "dozens", ranges)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token
from text_to_num import text2num

from sitrep.extractors.dates import is_month_name
from sitrep.extractors.context import doc_tokens
from sitrep.resources import lexicon_set, load_lexicon, load_table, thresholds

logger = logging.getLogger(__name__)

_DIGITS = re.compile(r"^\d{1,3}(?:[,\u202f\u00a0]\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}
_MIXED = re.compile(r"^(\d+)?([½¼¾⅓⅔])$")
_NUMBER_WORDS = load_table("number_words")
#: multipliers written after a number: "1.5 million", "2bn"
SCALES = {r["word"]: int(r["value"]) for r in _NUMBER_WORDS if "scale" in r["kind"].split()}
#: words a number is spelt out in: "twenty-five", "three hundred"
_WORDS = frozenset(r["word"] for r in _NUMBER_WORDS if "word" in r["kind"].split())
# Excluded from figures: what NER calls dates, times, money, percentages and ordinals.
_NOT_FIGURE_ENTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"}


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """A number found in the text: token span [start, end), value and, for ranges, both ends."""

    start: int
    end: int
    value: float
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    vague: bool = False


@cache
def _vague() -> dict[str, tuple[float, str]]:
    return {r["word"]: (float(r["value"]), r["qualifier"]) for r in load_table("vague_amounts")}


@cache
def _qualifiers() -> list[tuple[tuple[str, ...], str]]:
    rows = [(tuple(r["phrase"].split()), r["qualifier"]) for r in load_table("qualifiers")]
    return sorted(rows, key=lambda r: -len(r[0]))


@cache
def _non_units() -> frozenset[str]:
    return frozenset(load_lexicon("non_figure_units"))


@cache
def _fractions() -> dict[str, float]:
    """Fraction words of a scale: "half a million", "a quarter of a million"."""
    return {r["word"]: float(r["value"]) for r in _NUMBER_WORDS if "fraction" in r["kind"].split()}


def _fraction_at(doc: Doc, i: int) -> tuple[int, float] | None:
    """"half a million", "a quarter of a million" starting at token i: (end, value), or None."""
    if doc[i].lower_ not in _fractions():
        return None
    j = i + 1
    if j < len(doc) and doc[j].lower_ == "of":
        j += 1
    if j + 1 < len(doc) and doc[j].lower_ in ("a", "one") and doc[j + 1].lower_ in SCALES:
        return j + 2, _fractions()[doc[i].lower_] * SCALES[doc[j + 1].lower_]
    return None


def _rate(doc: Doc, i: int, j: int) -> bool:
    """"an average of seven incidents per day", "averaging 40 a week": a rate, not a count."""
    rate = lexicon_set("number_rate_words")
    before = [t.lower_ for t in doc[max(0, i - 3):i]]
    if before[-1:] and before[-1] in rate or (before[-1:] == ["of"] and any(w in rate for w in before[:-1])):
        return True
    return any(t.lower_ in rate for t in doc[j:min(len(doc), j + 3)])


def _word_value(words: list[str]) -> float | None:
    try:
        return float(text2num(" ".join(w for w in words if w != "-"), "en"))
    except ValueError:
        return None


def parse_number(text: str) -> float | None:
    """Value of one number token: digits with separators, a fraction character or a number word."""
    t = text.strip().lower()
    if _DIGITS.match(t):
        return float(re.sub(r"[,\u202f\u00a0]", "", t))
    m = _MIXED.match(t)
    if m:
        return float(m.group(1) or 0) + _FRACTIONS[m.group(2)]
    if t in _WORDS:
        return _word_value([t])
    return None


def is_year(text: str) -> bool:
    """"2019", "1994": four digits that read as a year, not a count."""
    return text.isdigit() and len(text) == 4 and 1800 <= int(text) <= 2100


def _is_number_token(tok: Token) -> bool:
    low = tok.lower_
    return bool(_DIGITS.match(low) or _MIXED.match(low) or low in _WORDS)


def _scan(doc: Doc, i: int) -> tuple[int, float] | None:
    """Read one number starting at token i: returns (end, value) or None."""
    tok = doc[i]
    low = tok.lower_
    if _DIGITS.match(low) or _MIXED.match(low):
        value = parse_number(low)
        j = i + 1
        if j < len(doc) and doc[j].text in _FRACTIONS:  # "1 ½"
            value += _FRACTIONS[doc[j].text]
            j += 1
        while j < len(doc) and doc[j].lower_ in SCALES:
            value *= SCALES[doc[j].lower_]
            j += 1
        return j, value
    if low in _WORDS:
        j = i
        words = []
        while j < len(doc) and (doc[j].lower_ in _WORDS or (
                doc[j].text in ("-", "and") and j + 1 < len(doc) and doc[j + 1].lower_ in _WORDS
                and words)):
            words.append(doc[j].lower_)
            j += 1
        value = _word_value(words)
        if value is None:
            return None
        return j, value
    return None


def _qualifier_before(doc: Doc, i: int) -> tuple[str, int]:
    """Qualifier in the words before token i, and the token index where it starts."""
    if i == 0:
        return "exact", i
    last = doc[i - 1].lower_
    for words, qual in _qualifiers():
        if words[-1] != last:
            continue
        k = i - len(words)
        if k >= 0 and tuple(t.lower_ for t in doc[k:i]) == words:
            return qual, k
    return "exact", i


def find_numbers(doc: Doc) -> list[NumberPhrase]:
    """Every number phrase in ``doc`` that could count people or damage, in text order.

    Dates, times, money, percentages, ordinals, years and numbers followed by a unit of time,
    distance, weight or money are left out.
    """
    vague = _vague()
    firsts = {k.split()[0] for k in vague}
    out: list[NumberPhrase] = []
    n = len(doc)
    done = 0  # tokens before this index belong to a number already read
    # Only tokens that can start a number are looked at: one pass over the words, then the few hits.
    starts = [i for i, w in enumerate(doc_tokens(doc).lower)  # no Token object per word
              if w[:1].isdigit() or w in _WORDS or w in firsts or w[:1] in _FRACTIONS or w in _fractions()]
    for i in starts:
        if i < done:
            continue
        tok = doc[i]
        fraction = _fraction_at(doc, i)
        if fraction is not None:
            k = i - 1 if i > 0 and doc[i - 1].lower_ == "a" else i  # "a quarter of a million"
            qual, _ = _qualifier_before(doc, k)
            done = fraction[0]
            if not _rate(doc, k, fraction[0]):
                out.append(NumberPhrase(k, fraction[0], fraction[1], qualifier=qual))
            continue
        key = _vague_key(doc, i, vague)
        if tok.ent_type_ in _NOT_FIGURE_ENTS and not key and _real_date(doc, i):
            continue
        if key:
            value, qual = vague[key]
            j = i + len(key.split())
            # "hundreds of thousands", "tens of millions"
            if j + 1 < n and doc[j].lower_ == "of" and doc[j + 1].lower_.rstrip("s") in SCALES:
                value *= SCALES[doc[j + 1].lower_.rstrip("s")]
                j += 2
            done = j
            if key in ("a few", "few", "several") and not _followed_by_noun(doc, j):
                continue
            if key in ("dozen", "score") and not (i > 0 and doc[i - 1].lower_ in ("a", "one")):
                continue
            if j < n and doc[j].lower_ in _non_units():
                continue  # "in the last few weeks", "for several hours"
            out.append(NumberPhrase(i, j, value, qualifier=qual, vague=True))
            continue
        scanned = _scan(doc, i) if _is_number_token(tok) else None
        if scanned is None:
            continue
        j, value = scanned
        qual, _ = _qualifier_before(doc, i)
        low = high = None
        # Ranges: "between 10 and 15", "10 to 15", "10-15", "from 10 to 15"
        if j + 1 < n and doc[j].lower_ in ("to", "and", "-", "–", "or") and _is_number_token(doc[j + 1]):
            other = _scan(doc, j + 1)
            starts_between = i > 0 and doc[i - 1].lower_ in ("between", "from")
            if other and other[1] > value and (doc[j].lower_ != "and" or starts_between):
                low, high = value, other[1]
                value = high
                j = other[0]
        done = j
        if _excluded(doc, i, j, value) or _rate(doc, i, j) or not _plausible(doc, i, j, high or value):
            continue
        out.append(NumberPhrase(i, j, value, low=low, high=high, qualifier=qual))
    return out


def is_plausible_count(value: float) -> bool:
    """Whether ``value`` can be a count of people or damage: ``input.max_count`` at most."""
    return value <= thresholds()["input"]["max_count"]


def _plausible(doc: Doc, i: int, j: int, value: float) -> bool:
    if is_plausible_count(value):
        return True
    logger.info("not a figure: %r is over the largest plausible count (input.max_count)", doc[i:j].text[:40])
    return False


def _real_date(doc: Doc, i: int) -> bool:
    """Whether token i sits in a real date/time/money entity, not a bare "between 10 and 15"."""
    if doc[i].ent_type_ != "DATE":
        return True
    text = doc[i].text
    if text.isdigit() and len(text) != 4 and int(text) > 31 and doc[i - 1].lower_ in ("to", "-", "–") \
            and not (i + 1 < len(doc) and doc[i + 1].ent_type_ == "DATE"):
        # "the toll since 3 May to 84": a number no day, month or year can be, ending the span
        return False
    ent = _entity_at(doc, i)
    range_words = lexicon_set("number_range_words")
    return any((t.is_alpha and t.lower_ not in range_words) or (t.text.isdigit() and len(t.text) == 4) for t in ent)


def _entity_at(doc: Doc, i: int) -> Span:
    """The entity token ``i`` is in, found from its IOB tags: ``doc.ents`` builds every entity of
    the Doc on each access, which for each number of a long text is quadratic."""
    start, end = i, i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _vague_key(doc: Doc, i: int, vague: dict) -> str | None:
    two = f"{doc[i].lower_} {doc[i + 1].lower_}" if i + 1 < len(doc) else ""
    if two in vague:
        return two
    return doc[i].lower_ if doc[i].lower_ in vague else None


def _followed_by_noun(doc: Doc, j: int) -> bool:
    return j < len(doc) and doc[j].pos_ in ("NOUN", "PROPN", "ADJ")


@cache
def _street_words() -> frozenset[str]:
    return frozenset(load_lexicon("street_words"))


def _address(doc: Doc, j: int) -> bool:
    """"714 Summer St.", "the 700 block of Main Street": a house number, not a count."""
    if j < len(doc) and doc[j].lower_ == "block":
        return True
    for tok in doc[j: min(len(doc), j + 4)]:
        if tok.lower_.rstrip(".") in _street_words() and tok.i > j:
            return all(t.pos_ == "PROPN" or t.is_title or t.text[:1].isdigit() for t in doc[j:tok.i])
        if not (tok.pos_ == "PROPN" or tok.is_title):
            return False
    return False


def _excluded(doc: Doc, i: int, j: int, value: float) -> bool:
    """Years, ages, times, money, percentages, list numbering and measured quantities."""
    text = doc[i].text
    nxt = doc[j].lower_ if j < len(doc) else ""
    nxt2 = doc[j + 1].lower_ if j + 1 < len(doc) else ""
    prev = doc[i - 1].text if i > 0 else ""
    if nxt in _non_units() or f"{nxt}{nxt2}" in ("-year", "-years") or nxt2 in ("year-old", "years-old"):
        return True
    if nxt == "-" and not _is_number_token(doc[j + 1]) if j + 1 < len(doc) else False:
        return True  # "a three-storey house", "a two-car crash", "a 10-year sentence": a modifier
    if text.lower() == "one" and prev.lower() in ("this", "that", "the", "every", "each", "no", "any",
                                                   "which", "another", "only"):
        return True  # "this one", "no one": a pronoun
    if prev in ("$", "US$", "€", "£", "¥", "#", "No.", "no.", "aged", "age", "ages", "Resolution", "Article"):
        return True
    if nxt in ("%", "percent", "per"):
        return True
    if is_year(text):
        return True
    month_next = j < len(doc) and is_month_name(doc[j].text)
    if text.isdigit() and 1 <= value <= 31 and (is_month_name(prev) or month_next):
        return True  # "killed Feb. 10", "on 6 June": a day of the month the NER did not mark as a date
    # "John Smith, 34, was ..." — an age between commas after a name
    if prev == "," and nxt == "," and i >= 2 and (doc[i - 2].ent_type_ == "PERSON" or doc[i - 2].pos_ == "PROPN"):
        return True
    if _address(doc, j):
        return True
    if prev == ":" and i >= 2 and doc[i - 2].lower_ in ("at",):  # "at 10:30"
        return True
    return False
