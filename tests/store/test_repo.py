"""Tests for store/repo.py: storing extractions, versions, queries and cross-article event merging."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from sitrep.store import (
    Filters, article_key, explain_incident, find_figures, find_incidents, find_quotes, find_series,
    iter_extractions, row_counts, save_article,
)
from ._records import DEIR_AL_BALAH, GAZA_CITY, KHARKIV, TEL_AL_SULTAN, article, extraction, rich_report, strike_report

THREE_REPORTS = [
    ("wafa-1", "An Israeli air strike on a house in Rafah killed five people, medics said.", 5, "WAFA", None),
    ("aj-1", "Seven Palestinians died when Israeli warplanes bombed a family home in Rafah overnight.", 7,
     "Al Jazeera", TEL_AL_SULTAN),
    ("reuters-1", "At least six people were killed in an Israeli strike on a residential building in Rafah.", 6,
     "Reuters", None),
]


def _save(engine, *pairs):
    with engine.begin() as conn:
        return [save_article(conn, art, res) for art, res in pairs]


def test_repo_round_trip_gives_back_the_contract(engine):
    art, res = rich_report()
    assert _save(engine, (art, res)) == ["stored"]
    with engine.connect() as conn:
        [(art2, res2)] = list(iter_extractions(conn))
    assert res2.to_dict() == res.to_dict()
    assert art2.text == art.text


@pytest.mark.parametrize("change, status", [
    ({}, "skipped"),
    ({"text": "  An Israeli  air strike on a house in Rafah killed five people, medics said.\n"
      " Rescue teams were still searching the rubble on Monday evening. "}, "skipped"),  # whitespace only
    ({"title": "Five killed in Rafah"}, "updated"),
    ({"text": "An Israeli air strike on a house in Rafah killed five people, medics said. Updated."}, "updated"),
])
def test_repo_versions_by_key_and_content(engine, change, status):
    art, res = strike_report("wafa-1", THREE_REPORTS[0][1], 5, source="WAFA")
    _save(engine, (art, res))
    new = dataclasses.replace(art, **change)
    new_res = dataclasses.replace(res, events=[] if status == "updated" else res.events)
    assert _save(engine, (new, new_res)) == [status]
    with engine.connect() as conn:
        counts = row_counts(conn)
    assert counts["articles"] == 1
    assert counts["events"] == (0 if status == "updated" else 1)
    assert counts["incidents"] == counts["events"]


@pytest.mark.parametrize("a, b, same", [
    (article("x", "Text one.", url="https://A.example/story#top"), article("y", "Text two.", url="https://a.example/story/"), True),
    (article("x", "Same  text.", url=None), article("y", "Same text.", url=None), True),
    (article("x", "Same text.", url=None), article("y", "Other text.", url=None), False),
    (article("x", "Same text.", url="https://a.example/1"), article("y", "Same text.", url="https://a.example/2"), False),
])
def test_repo_article_key(a, b, same):
    assert (article_key(a) == article_key(b)) is same


def test_repo_three_reports_of_one_strike_merge(engine):
    pairs = [strike_report(i, s, n, source=src, place=place or strike_report(i, s, n, source=src)[1].events[0].place)
             for i, s, n, src, place in THREE_REPORTS]
    _save(engine, *pairs)
    with engine.connect() as conn:
        [inc] = find_incidents(conn)
        explained = explain_incident(conn, inc["id"])
    assert (inc["fatalities_low"], inc["fatalities_high"], inc["fatalities_best"]) == (5, 7, 5)
    assert inc["n_sources"] == 3 and inc["n_reports"] == 3
    assert {s["source"] for s in inc["sources"]} == {"WAFA", "Al Jazeera", "Reuters"}
    assert [s["text"] for s in explained["sources"]] == [r[1] for r in THREE_REPORTS]
    assert explained["sources"][0]["merge_reason"] == "first report"
    assert "km apart" in explained["sources"][1]["merge_reason"]


@pytest.mark.parametrize("second", [
    {"place": GAZA_CITY},               # two strikes on one day in towns 30 km apart
    {"place": DEIR_AL_BALAH},           # 17 km away, same day
    {"day": "2024-02-15"},              # same place, three days later
    {"sub": "Armed clash"},             # a different kind of event
])
def test_repo_different_incidents_stay_apart(engine, second):
    a = strike_report("a", "An air strike hit Rafah, killing 3.", 3, source="A")
    b = strike_report("b", "An air strike hit a town, killing 4.", 4, source="B", **second)
    _save(engine, a, b)
    with engine.connect() as conn:
        assert len(find_incidents(conn)) == 2


def test_repo_replacing_a_report_recounts_its_incident(engine):
    pairs = [strike_report(i, s, n, source=src) for i, s, n, src, _ in THREE_REPORTS]
    _save(engine, *pairs)
    art, res = pairs[1]
    _save(engine, (dataclasses.replace(art, title="corrected"), dataclasses.replace(res, events=[])))
    with engine.connect() as conn:
        [inc] = find_incidents(conn)
    assert (inc["fatalities_low"], inc["fatalities_high"], inc["n_sources"]) == (5, 6, 2)


def _populate(engine):
    art, res = rich_report()
    ua_text = "A Russian missile attack on Kharkiv killed 2 people, the governor said."
    ua = article("ua-1", ua_text, url="https://ua.example/1", source="Kyiv Wire", published="2024-03-01")
    from ._records import event
    ua_res = extraction(ua, events=[event(ua_text, ua_text, sub="Shelling/artillery/missile attack", day="2024-03-01",
                                          place=KHARKIV, actor1="Military Forces of Russia",
                                          actor2="Civilians (Ukraine)", fatalities=2, reported_by="Kharkiv governor")])
    _save(engine, (art, res), (ua, ua_res))


@pytest.mark.parametrize("filters, expected", [
    (Filters(), 2),
    (Filters(country="palest"), 1),
    (Filters(country="UA"), 1),
    (Filters(since="2024-02-20"), 1),
    (Filters(until="2024-02-20"), 1),
    (Filters(place="KHARK"), 1),
    (Filters(type="missile"), 1),
    (Filters(type="explosions"), 2),
    (Filters(actor="russia"), 1),
    (Filters(reported_by="governor"), 1),
    (Filters(search="house rafah"), 1),
    (Filters(search="submarine"), 0),
    (Filters(limit=1), 1),
])
def test_repo_find_incidents_filters(engine, filters, expected):
    _populate(engine)
    with engine.connect() as conn:
        assert len(find_incidents(conn, filters)) == expected


@pytest.mark.parametrize("filters, expected", [
    (Filters(), 2),
    (Filters(reported_by="ministry of health"), 1),
    (Filters(type="killed"), 2),
    (Filters(type="injured"), 0),
    (Filters(place="rafah"), 1),
    (Filters(since="2024-02-13"), 0),
    (Filters(search="October"), 1),
])
def test_repo_find_figures_filters(engine, filters, expected):
    _populate(engine)
    with engine.connect() as conn:
        assert len(find_figures(conn, filters)) == expected


@pytest.mark.parametrize("filters, expected", [
    (Filters(), 1), (Filters(speaker="salem"), 1), (Filters(speaker="surgeon"), 1), (Filters(speaker="Blinken"), 0),
    (Filters(search="overwhelmed"), 1), (Filters(since="2024-03-01"), 0),
])
def test_repo_find_quotes_filters(engine, filters, expected):
    _populate(engine)
    with engine.connect() as conn:
        assert len(find_quotes(conn, filters)) == expected


def test_repo_find_series_from_stored_figures(engine):
    _populate(engine)
    with engine.connect() as conn:
        [s] = find_series(conn, Filters(reported_by="Gaza Ministry"))
    assert s.name == "Gaza Ministry of Health / killed / Gaza Strip / cumulative since 2023-10-07"
    assert [(p.date, p.value) for p in s.points] == [("2024-02-12", 27708)]


@pytest.mark.parametrize("cls, table", [
    ("Figure", "figures"), ("Quote", "quotes"), ("Event", "events"), ("Entity", "entities"), ("Place", "places"),
])
def test_repo_contract_fields_have_columns(cls, table):
    """Fields without a column survive in ``extra``, but each should get one (a migration) in time."""
    import sitrep.types as types
    from sitrep.store import tables

    renamed = {"start": "start_char", "end": "end_char", "place": "place_id"}
    columns = set(getattr(tables, table).c.keys())
    missing = [f.name for f in dataclasses.fields(getattr(types, cls)) if renamed.get(f.name, f.name) not in columns]
    if missing:
        pytest.xfail(f"{cls} fields kept in the extra column until a migration adds them: {missing}")


def test_repo_fields_without_a_column_round_trip_through_extra():
    from sitrep.store import tables
    from sitrep.store.repo import _split, _with_extra
    from sitrep.types import Figure, Place

    @dataclasses.dataclass(frozen=True, slots=True)
    class NewPlace(Place):
        admin2: str | None = None

    @dataclasses.dataclass(frozen=True, slots=True)
    class NewFigure(Figure):
        confidence: float = 0.5
        sources: tuple = ()

    place = NewPlace("Rafah", admin2="Rafah Governorate")
    fig = NewFigure(5, "killed", 0, 1, "5 killed", confidence=0.9, sources=("a", "b"))
    row, extra = _split(fig, tables.figures)
    assert "confidence" not in row and json.loads(extra) == {"confidence": 0.9, "sources": ["a", "b"]}
    assert _with_extra(NewFigure, {**row, "start": 0, "end": 1}, extra).confidence == 0.9
    prow, pextra = _split(place, tables.places)
    assert _with_extra(NewPlace, prow, pextra) == place


def test_repo_reports_chained_over_days_do_not_merge(engine):
    """Each report is a day from the next, but the first and last are three days apart: complete linkage."""
    days = ["2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15"]
    pairs = [strike_report(f"r{n}", f"An air strike hit Rafah on day {n}, killing {n + 1}.", n + 1, source=f"S{n}",
                           day=day) for n, day in enumerate([days[0], days[3], days[1], days[2]])]
    _save(engine, *pairs)
    with engine.connect() as conn:
        found = find_incidents(conn)
    for inc in found:
        dates = sorted(s["date"] for s in inc["sources"])
        assert (date.fromisoformat(dates[-1]) - date.fromisoformat(dates[0])).days <= 1


def test_repo_quote_parts_have_their_column():
    from sitrep.store import tables
    from sitrep.store.repo import _split
    from sitrep.types import Quote

    quote = Quote(text="A B", start=0, end=20, parts=((1, 2), (18, 19)), speaker="Olena Kovalenko")
    row, extra = _split(quote, tables.quotes)
    assert row["parts"] == ((1, 2), (18, 19)) and extra is None
