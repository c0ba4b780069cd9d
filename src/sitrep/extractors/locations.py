"""Extract stage, events: one event per location, as ACLED codes a sentence that lists several towns.

"Soldiers demolished two houses in Beitunia (Ramallah) and Deir Istiya (Salfit)" reports an
incident in each town; "strikes hit Jabalia (12 dead); in Beit Hanoun (nine dead)" one in each,
with its own dead. ACLED codes one event per location, and where the text gives one total for
several locations it divides it evenly, the remainder to the first. Towns are listed when only list
words stand between their names (a comma, "and", "as well as", a preposition, a bracketed count or
region); "killed in Jabalia and buried in Beit Hanoun" lists nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from sitrep.resources import load_lexicon
from sitrep.types import Place


@dataclass(frozen=True, slots=True)
class Location:
    """One listed town of a sentence: its place and the stretch of text that tells of it."""

    place: Place
    start: int
    end: int


@cache
def _between() -> re.Pattern[str]:
    """What may stand between two listed towns' names: a place-type word, a bracketed count or
    region, list words, a preposition, an article and a few words before "of" ("the old market
    quarter of")."""
    kinds = "|".join(re.escape(w) for w in load_lexicon("settlement_words") + load_lexicon("place_part_words"))
    return re.compile(
        rf"\s*(?:(?:{kinds})\b\s*)?(?:\([^()]{{0,80}}\)\s*)?(?:,|;|\band\b|\bas well as\b|&)"
        r"(?:\s*(?:and|as well as)\b)?\s*(?:(?:in|at|near|on|of)\s+)?(?:the\s+)?(?:(?:[\w'’-]+\s+){1,3}of\s+)?",
        re.IGNORECASE)


def listed_locations(text: str, mentions: list[tuple[int, int, Place]], end: int) -> list[Location]:
    """The towns a sentence lists, each with the stretch of text up to the next one's name.

    Args:
        text: the article's text.
        mentions: the places the sentence names, as (start, end, Place), in text order.
        end: where the sentence ends.

    Returns:
        Two or more Locations when the sentence lists two or more different towns (geo_precision 1
        or 2) one after another; else an empty list.
    """
    towns = [(a, b, p) for a, b, p in mentions if p.geo_precision <= 2]
    runs: list[list[tuple[int, int, Place]]] = []
    for mention in towns:
        if runs and _between().fullmatch(text, runs[-1][-1][1], mention[0]):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    listed = max(runs, key=len, default=[])
    distinct = {(p.name, p.geo_precision) for _, _, p in listed}
    if len(distinct) < 2:
        return []
    out: list[Location] = []
    for i, (a, _, place) in enumerate(listed):
        stop = listed[i + 1][0] if i + 1 < len(listed) else end
        if out and (out[-1].place.name, out[-1].place.geo_precision) == (place.name, place.geo_precision):
            out[-1] = Location(out[-1].place, out[-1].start, stop)
        else:
            out.append(Location(place, a, stop))
    return out


def shares(total: int | None, n: int) -> list[int | None]:
    """A total told for ``n`` locations, divided as ACLED divides it: evenly, the remainder to the first."""
    if total is None:
        return [None] * n
    base, rest = divmod(total, n)
    return [base + rest, *([base] * (n - 1))]


__all__ = ["Location", "listed_locations", "shares"]
