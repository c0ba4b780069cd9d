"""Tests for store/repo.py: storing extractions, versions, queries and cross-article event merging."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sitrep.store import (
    Filters, article_key, explain_incident, find_figures, find_incidents, find_quotes, find_series,
    iter_extractions, row_counts, save_article,
)
from sitrep.types import Entity, Event, Figure, Place, Quote

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
    """Two articles: a strike in Rafah with a record of each kind, and a missile attack on Kharkiv."""
    from ._records import event

    art, res = rich_report()
    first = "A Russian missile attack on Kharkiv killed 2 people, the governor said."
    ua_text = f'{first} "Rescuers are still at work," said Oleh Syniehubov.'
    ua = article("ua-1", ua_text, url="https://ua.example/1", source="Kyiv Wire", published="2024-03-01")
    two, said = ua_text.index("2 people"), ua_text.index("Rescuers")
    ua_res = extraction(
        ua, events=[event(ua_text, first, sub="Shelling/artillery/missile attack", day="2024-03-01", place=KHARKIV,
                          actor1="Military Forces of Russia", actor2="Civilians (Ukraine)", fatalities=2,
                          reported_by="Kharkiv governor")],
        figures=[Figure(2, "killed", two, two + 1, first, unit="people", place=KHARKIV,
                        reported_by="Kharkiv governor", attribution="source")],
        quotes=[Quote("Rescuers are still at work,", said, said + 27, speaker="Oleh Syniehubov",
                      speaker_title="governor", speaker_type="person", cue="said")])
    _save(engine, (art, res), (ua, ua_res))


@pytest.mark.parametrize("filters, expected", [
    (Filters(), ["Kharkiv", "Rafah"]),  # newest first
    (Filters(country="palest"), ["Rafah"]),
    (Filters(country="UA"), ["Kharkiv"]),
    (Filters(since="2024-02-20"), ["Kharkiv"]),
    (Filters(until="2024-02-20"), ["Rafah"]),
    (Filters(place="KHARK"), ["Kharkiv"]),
    (Filters(event_type="missile"), ["Kharkiv"]),
    (Filters(event_type="explosions"), ["Kharkiv", "Rafah"]),
    (Filters(actor="russia"), ["Kharkiv"]),
    (Filters(reported_by="governor"), ["Kharkiv"]),
    (Filters(source="kyiv wire"), ["Kharkiv"]),  # the outlet
    (Filters(source="governor"), ["Kharkiv"]),  # who reported it
    (Filters(actor="israel", reported_by="governor"), []),  # one report must match both
    (Filters(search="house rafah"), ["Rafah"]),
    (Filters(search="kill"), ["Kharkiv", "Rafah"]),  # a word's beginning finds 'killed'
    (Filters(search="ill"), []),  # but not the middle of a word
    (Filters(search="submarine"), []),
    (Filters(limit=1), ["Kharkiv"]),
])
def test_repo_find_incidents_filters(engine, filters, expected):
    _populate(engine)
    with engine.connect() as conn:
        assert [inc["place"]["name"] for inc in find_incidents(conn, filters)] == expected


@pytest.mark.parametrize("filters, expected", [
    (Filters(), [2, 6, 27708]),  # newest first: as of, else the article's date
    (Filters(reported_by="ministry of health"), [27708]),
    (Filters(category="killed"), [2, 6, 27708]),
    (Filters(category="injured"), []),
    (Filters(place="rafah"), [6]),
    (Filters(country="UA"), [2]),
    (Filters(since="2024-02-13"), [2]),
    (Filters(until="2024-02-13"), [6, 27708]),
    (Filters(search="October"), [27708]),
    (Filters(search="kill"), [2, 6, 27708]),
    (Filters(source="kyiv wire"), [2]),  # the outlet
    (Filters(source="ministry"), [27708]),  # who gave the figure
    (Filters(event_type="missile"), [2]),  # figures of articles reporting such an event
    (Filters(actor="israel"), [6, 27708]),
    (Filters(limit=1), [2]),
])
def test_repo_find_figures_filters(engine, filters, expected):
    _populate(engine)
    with engine.connect() as conn:
        assert [f["value"] for f in find_figures(conn, filters)] == expected


@pytest.mark.parametrize("filters, expected", [
    (Filters(), ["Oleh Syniehubov", "Ahmed Salem"]),  # newest article first
    (Filters(speaker="salem"), ["Ahmed Salem"]),
    (Filters(speaker="surgeon"), ["Ahmed Salem"]),  # the speaker's title
    (Filters(speaker="Blinken"), []),
    (Filters(search="overwhelm"), ["Ahmed Salem"]),
    (Filters(since="2024-03-01"), ["Oleh Syniehubov"]),
    (Filters(country="ukraine"), ["Oleh Syniehubov"]),  # quotes of articles reporting an event there
    (Filters(event_type="air/drone"), ["Ahmed Salem"]),
    (Filters(source="kyiv"), ["Oleh Syniehubov"]),
])
def test_repo_find_quotes_filters(engine, filters, expected):
    _populate(engine)
    with engine.connect() as conn:
        assert [q["speaker"] for q in find_quotes(conn, filters)] == expected


def test_repo_find_series_from_stored_figures(engine):
    _populate(engine)
    with engine.connect() as conn:
        [s] = find_series(conn, Filters(reported_by="Gaza Ministry"))
    assert s.name == "Gaza Ministry of Health / killed / Gaza Strip / cumulative since 2023-10-07"
    assert [(p.date, p.value) for p in s.points] == [("2024-02-12", 27708)]


@pytest.mark.parametrize("cls, table", [
    (Figure, "figures"), (Quote, "quotes"), (Event, "events"), (Entity, "entities"), (Place, "places"),
])
def test_repo_contract_fields_have_columns(cls, table):
    """Every contract field has a column of its own (``extra`` only tides a new field over until its migration)."""
    from sitrep.store import tables

    renamed = {"start": "start_char", "end": "end_char", "place": "place_id"}
    columns = set(getattr(tables, table).c.keys())
    assert [f.name for f in dataclasses.fields(cls) if renamed.get(f.name, f.name) not in columns] == []


def test_repo_fields_without_a_column_round_trip_through_extra():
    from sitrep.store import tables
    from sitrep.store.rows import to_row, with_extra

    @dataclasses.dataclass(frozen=True, slots=True)
    class NewPlace(Place):
        admin2: str | None = None

    @dataclasses.dataclass(frozen=True, slots=True)
    class NewFigure(Figure):
        confidence: float = 0.5
        sources: tuple = ()

    place = NewPlace("Rafah", admin2="Rafah Governorate")
    fig = NewFigure(5, "killed", 0, 1, "5 killed", confidence=0.9, sources=("a", "b"))
    row, extra = to_row(fig, tables.figures)
    assert "confidence" not in row and json.loads(extra) == {"confidence": 0.9, "sources": ["a", "b"]}
    assert with_extra(NewFigure, {**row, "start": 0, "end": 1}, extra).confidence == 0.9
    prow, pextra = to_row(place, tables.places)
    assert with_extra(NewPlace, prow, pextra) == place


def test_repo_reports_chained_over_days_do_not_merge(engine):
    """Reports a day apart merge; a chain of them does not, where its ends are further apart (complete linkage).

    Stored in the order 12th, 15th, 13th, 14th: the 13th joins the 12th; the 14th is a day from
    the 13th but two from the 12th, so it joins the 15th instead.
    """
    days = ["2024-02-12", "2024-02-15", "2024-02-13", "2024-02-14"]
    pairs = [strike_report(f"r{n}", f"An air strike hit Rafah on day {n}, killing {n + 1}.", n + 1, source=f"S{n}",
                           day=day) for n, day in enumerate(days)]
    _save(engine, *pairs)
    with engine.connect() as conn:
        found = find_incidents(conn)
    assert sorted(sorted(s["date"] for s in inc["sources"]) for inc in found) == [
        ["2024-02-12", "2024-02-13"], ["2024-02-14", "2024-02-15"]]


def test_repo_quote_parts_have_their_column():
    from sitrep.store import tables
    from sitrep.store.rows import to_row

    quote = Quote(text="A B", start=0, end=20, parts=((1, 2), (18, 19)), speaker="Olena Kovalenko")
    row, extra = to_row(quote, tables.quotes)
    assert row["parts"] == ((1, 2), (18, 19)) and extra is None
