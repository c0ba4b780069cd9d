"""Extract stage: a place name to a GeoNames Place, ranked by the article's countries and places.

``resolve`` turns one name into a Place: a country or region names its region, a town name the
most plausible town of that name (population, the article's countries, nearness to its other
places, the name being the town's main one), a small namesake abroad being refused.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from sitrep import gazetteer
from sitrep.gazetteer import GeoName, Region, km
from sitrep.names import clean_place
from sitrep.resources import load_table, thresholds
from sitrep.types import Place


def _limits() -> dict:
    return thresholds()["places"]


def _ascii(name: str) -> str:
    """GeoNames' name without diacritics ("Khān Yūnis" -> "Khan Yunis") when it is Latin script."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip()
    return folded if len(folded) >= len(name) - 3 and folded else name


def _admin1_name(cc: str, code: str) -> str | None:
    region = gazetteer.admin1(cc, code)
    return region.name if region else None


def _country_name(cc: str) -> str | None:
    c = gazetteer.country(cc)
    return c.name if c else None


def town_place(p: GeoName, precision: int = 1) -> Place:
    """The Place of a GeoNames town."""
    return Place(name=_ascii(p.name), country=_country_name(p.country_code), country_code=p.country_code,
                 admin1=_admin1_name(p.country_code, p.admin1_code), lat=p.lat, lon=p.lon,
                 geonameid=p.geonameid, geo_precision=precision)


def region_place(r: Region) -> Place:
    """The Place of a country or admin1 region: its main town's or capital's point, precision 3."""
    if r.code:  # admin1
        return Place(name=r.name, country=_country_name(r.country_code), country_code=r.country_code,
                     admin1=r.name, lat=r.lat, lon=r.lon, geonameid=None, geo_precision=3)
    return Place(name=r.name, country=r.name, country_code=r.country_code, admin1=None,
                 lat=r.lat, lon=r.lon, geonameid=r.geonameid, geo_precision=3)


def has_region_suffix(name: str) -> bool:
    """Whether a name ends in a region's word ("Kharkiv Oblast", "Darfur State")."""
    words = gazetteer.normalize_key(name).split()
    return len(words) > 1 and words[-1] in gazetteer.ADMIN1_SUFFIXES


def score(p: GeoName, name: str, countries: Sequence[str], near: Sequence[tuple[float, float]],
           regions: frozenset[tuple[str, str]] = frozenset()) -> float:
    """How plausible town ``p`` is for ``name``: its population's magnitude plus the bonuses of
    thresholds.toml ``[places]`` for lying in a stated region, in the article's countries, near
    its other places, and for ``name`` being the town's main name."""
    lim = _limits()
    s = math.log10(p.population + 1)
    if (p.country_code, p.admin1_code) in regions:
        s += lim["admin1_bonus"]
    if countries and p.country_code in countries:
        s += lim["country_bonus"] + (lim["first_country_bonus"] if p.country_code == countries[0] else 0)
    if near:
        d = min(km((p.lat, p.lon), pt) for pt in near)
        s += lim["near_bonus"] * math.exp(-d / lim["near_scale_km"])
    if gazetteer.is_primary_name(p, name):
        s += lim["primary_name_bonus"]
    return s


def acceptable(p: GeoName, name: str, countries: Sequence[str]) -> bool:
    """A place outside the article's countries must be big, or its name is likely another sense."""
    if not countries or p.country_code in countries:
        return True
    lim = _limits()
    floor = lim["out_of_context_min_population"] if gazetteer.is_primary_name(p, name) \
        else lim["out_of_context_alternate_min_population"]
    return p.population >= floor


@lru_cache(maxsize=1)
def _arabic_articles() -> tuple[str, ...]:
    """The Arabic article "al" and its assimilated forms ("ar Raqqah", "ash Shati"): the particles
    of name_particles.tsv whose origin is the Arabic article, in file order."""
    return tuple(row["particle"] for row in load_table("name_particles") if row["origin"] == "Arabic article")


def towns_named(name: str, countries: Sequence[str], admin1: tuple[str, str] | None, *,
                fuzzy: bool = True) -> list[GeoName]:
    """The gazetteer's towns called ``name`` (see ``_towns_in``); ``fuzzy=False`` takes exact names only."""
    return list(_towns_in(name, tuple(countries), admin1, fuzzy))


@lru_cache(maxsize=4096)
def _towns_in(name: str, countries: tuple[str, ...], admin1: tuple[str, str] | None,
              fuzzy: bool = True) -> tuple[GeoName, ...]:
    """The gazetteer's towns of that name (in ``admin1``, else fuzzy-matched only in the article's
    first ``fuzzy_countries`` countries: a spelling variant is looked for where the article is, not in
    every country it names, where "Syrians" would find Sheerness); an article resolves each name
    several times, and news names the same places day after day."""
    fuzzy_in = ([admin1[0]] if admin1 else list(countries[:_limits()["fuzzy_countries"]])) if fuzzy else []
    found = gazetteer.places_named(name, fuzzy_in=fuzzy_in)
    if not found and gazetteer.normalize_key(name).endswith(" city"):  # "Gaza City"
        found = gazetteer.places_named(name[:-5], fuzzy_in=fuzzy_in)
    if not found and fuzzy_in and len(gazetteer.normalize_key(name).split()) == 1:
        # "Qamishli" for GeoNames' "Al Qamishli": Arabic names written without their article, in
        # the article's own countries only.
        for article in _arabic_articles():
            found = [p for p in gazetteer.places_named(f"{article} {name}") if p.country_code in fuzzy_in]
            if found:
                break
    if admin1:
        found = [p for p in found if (p.country_code, p.admin1_code) == admin1]
    return tuple(found)


def resolve(name: str, *, countries: Sequence[str] = (), near: tuple[float, float] | None = None,
            admin1: tuple[str, str] | None = None) -> Place | None:
    """Resolve one toponym to a GeoNames Place.

    Args:
        name: the place name as written ("Khan Yunis", "Kharkiv Oblast", "the Gaza Strip").
        countries: ISO codes of the article's countries, most important first; places there win.
        near: a (lat, lon) the place is probably close to (another place of the article).
        admin1: (country code, admin1 code) the place must lie in, when the text says so.

    Returns:
        The best Place: a town (precision 1) or, for region and country names, the region with
        its main town's point (precision 3); None when nothing plausible has that name.
    """
    name = clean_place(name)
    if len(name) < 2:
        return None
    cc = gazetteer.country_code(name)
    if cc and not admin1:
        region = gazetteer.country(cc)
        return region_place(region) if region else None
    regions = gazetteer.admin1_named(name)
    if admin1:
        regions = tuple(r for r in regions if (r.country_code, r.code) == admin1)
    if regions and has_region_suffix(name):
        return region_place(best_region(regions, countries))
    towns = towns_named(name, countries, admin1)
    points = [near] if near else []
    if towns:
        best = max(towns, key=lambda p: score(p, name, countries, points))
        if acceptable(best, name, countries) and town_over_region(best, regions):
            return town_place(best)
    if regions:
        return region_place(best_region(regions, countries))
    return None


def town_over_region(town: GeoName, regions: Sequence[Region]) -> bool:
    """Whether a bare name that is also a region's ("Kharkiv", "Alabama") means the town: when the
    town lies in that region (its namesake capital) or is a city, not a hamlet elsewhere."""
    if not regions:
        return True
    if any((r.country_code, r.code) == (town.country_code, town.admin1_code) for r in regions):
        return True
    return town.population >= _limits()["out_of_context_min_population"]


def best_region(regions: Iterable[Region], countries: Sequence[str]) -> Region:
    """Of same-name regions, the one in the article's first-named country."""
    return max(regions, key=lambda r: (r.country_code in countries, -countries.index(r.country_code)
                                       if r.country_code in countries else 0))


__all__ = ["region_place", "resolve", "town_place"]
