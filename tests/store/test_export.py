"""Tests for store/export.py: ACLED CSV, GeoJSON and JSON Lines exports."""

from __future__ import annotations

import csv
import io
import json

import pytest

from sitrep.store import Filters, export, save_article
from sitrep.store.export import ACLED_COLUMNS

from ._records import DEIR_AL_BALAH, rich_report, strike_report

REPORTS = [
    strike_report("a", "An air strike on a house in Rafah killed five people.", 5, source="WAFA"),
    strike_report("b", "Seven people died when warplanes bombed a home in Rafah.", 7, source="Al Jazeera"),
    strike_report("c", "At least six people were killed in a strike on a building in Rafah.", 6, source="Reuters"),
    strike_report("d", "Shelling in Deir al-Balah killed 2 on Tuesday.", 2, source="WAFA", place=DEIR_AL_BALAH,
                  day="2024-02-13", sub="Shelling/artillery/missile attack"),
]


def _export(engine, fmt, filters=Filters()):
    with engine.begin() as conn:
        for art, res in REPORTS:
            save_article(conn, art, res)
    out = io.StringIO()
    n = export(engine, fmt, out, filters)
    return n, out.getvalue()


def test_export_acled_csv_one_row_per_merged_event(engine):
    n, text = _export(engine, "acled-csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert n == len(rows) == 2
    assert tuple(csv.reader(io.StringIO(text)).__next__()) == ACLED_COLUMNS
    rafah = next(r for r in rows if r["location"] == "Rafah")
    assert rafah["source"] == "WAFA; Al Jazeera; Reuters"
    assert all(report[1].events[0].text in rafah["notes"] for report in REPORTS[:3])
    assert (rafah["fatalities"], rafah["event_date"], rafah["country"], rafah["iso"]) == ("5", "2024-02-12",
                                                                                          "Palestine", "275")
    assert rafah["event_id_cnty"].startswith("PSE")
    assert rafah["disorder_type"] == "Political violence"
    assert rafah["civilian_targeting"] == "Civilian targeting"


def test_export_geojson_points(engine):
    n, text = _export(engine, "geojson", Filters(since="2024-02-13"))
    doc = json.loads(text)
    assert n == 1 and doc["type"] == "FeatureCollection"
    [feature] = doc["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [DEIR_AL_BALAH.lon, DEIR_AL_BALAH.lat]}
    assert feature["properties"]["sub_event_type"] == "Shelling/artillery/missile attack"
    assert feature["properties"]["sources"][0]["source"] == "WAFA"


def test_export_jsonl_is_the_contract(engine):
    art, res = rich_report()
    with engine.begin() as conn:
        save_article(conn, art, res)
    out = io.StringIO()
    assert export(engine, "jsonl", out) == 1
    assert json.loads(out.getvalue()) == json.loads(json.dumps(res.to_dict()))


def test_export_unknown_format(engine):
    with pytest.raises(ValueError, match="acled-csv"):
        export(engine, "xlsx", io.StringIO())
