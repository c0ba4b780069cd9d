"""Tests for link/events.py: when reports of events are one incident, and what they say together."""

from __future__ import annotations

import pytest

from sitrep.link.events import choose_incident, distance_km, match, summarise
from sitrep.types import Event, Place

RAFAH = Place("Rafah", "Palestine", "PS", "Gaza Strip", 31.2969, 34.2455, 281129, 1)
RAFAH_EAST = Place("Rafah - Al Junaina", "Palestine", "PS", "Gaza Strip", 31.2850, 34.2700, None, 1)
DEIR_AL_BALAH = Place("Deir al-Balah", "Palestine", "PS", "Gaza Strip", 31.4171, 34.3508, 281124, 1)
GAZA_CITY = Place("Gaza City", "Palestine", "PS", "Gaza Strip", 31.5017, 34.4668, 281133, 1)
RAFAH_NO_COORDS = Place("Rafah", "Palestine", "PS")
GAZA_STRIP = Place("Gaza Strip", "Palestine", "PS", None, 31.4, 34.4, None, 3)
ISRAEL = "Military Forces of Israel"


def ev(sub="Air/drone strike", day="2024-02-12", place=RAFAH, actor1=ISRAEL, actor2="Civilians (Palestine)",
       fatalities=None, precision=1) -> Event:
    from sitrep.types import SUB_EVENT_TYPES

    return Event(SUB_EVENT_TYPES[sub], sub, 0, 10, "sentence", date=day, time_precision=precision, actor1=actor1,
                 actor2=actor2, place=place, fatalities=fatalities)


@pytest.mark.parametrize("a, b, merged, why", [
    (ev(), ev(place=RAFAH_EAST), True, "km apart"),
    (ev(), ev(day="2024-02-13"), True, "1 day apart"),
    (ev(), ev(sub="Shelling/artillery/missile attack"), True, "compatible sub-event types"),
    (ev(place=RAFAH_NO_COORDS), ev(place=RAFAH_NO_COORDS), True, "same named place"),
    (ev(), ev(actor1="Military Forces of Israel (2022-)"), True, "actors compatible"),
    (ev(), ev(actor1=None, actor2=None), True, "actors compatible"),
    (ev(), ev(place=GAZA_CITY), False, "km apart"),
    (ev(), ev(place=DEIR_AL_BALAH), False, "17 km apart"),
    (ev(), ev(day="2024-02-14"), False, "2 days apart"),
    (ev(), ev(day=None), False, "date unknown"),
    (ev(), ev(precision=2), False, "known only to the week"),
    (ev(), ev(sub="Armed clash"), False, "incompatible sub-event types"),
    (ev(), ev(actor1="Hamas"), False, "different actor1"),
    (ev(), ev(actor2="Civilians (Israel)"), False, "different actor2"),
    (ev(), ev(place=None), False, "place unknown"),
    (ev(place=GAZA_STRIP), ev(place=GAZA_STRIP), False, "region"),
    (ev(place=RAFAH_NO_COORDS), ev(place=Place("Khan Yunis", "Palestine", "PS")), False, "different places"),
])
def test_events_match(a, b, merged, why):
    found, reason = match(a, b)
    assert (found is not None) is merged
    assert why in (str(found) if found else reason)


def test_events_distance_km_between_towns():
    assert distance_km(RAFAH, DEIR_AL_BALAH) == pytest.approx(16.6, abs=1.0)
    assert distance_km(RAFAH, RAFAH_NO_COORDS) is None


@pytest.mark.parametrize("counts, expected", [
    ([5, 7, 6], (5, 7, 5)),
    ([None, 3], (3, 3, 3)),
    ([None, None], (None, None, None)),
])
def test_events_summarise_counts_low_high_best(counts, expected):
    inc = summarise([ev(fatalities=c) for c in counts])
    assert (inc.fatalities_low, inc.fatalities_high, inc.fatalities_best) == expected
    assert inc.n_reports == len(counts)


def test_events_summarise_takes_most_precise_place_and_common_type():
    inc = summarise([ev(place=RAFAH_NO_COORDS), ev(sub="Shelling/artillery/missile attack"), ev(place=RAFAH_EAST)])
    assert inc.sub_event_type == "Air/drone strike"
    assert inc.place.lat is not None


@pytest.mark.parametrize("candidates, article_id, expected", [
    ({1: [(10, ev())]}, 11, 1),
    ({1: [(10, ev())]}, 10, None),                       # same article: listed twice means two
    ({1: [(10, ev()), (12, ev(place=GAZA_CITY))]}, 11, None),  # must match every report
    ({1: [(10, ev(day="2024-02-13"))], 2: [(12, ev())]}, 11, 2),  # the closer incident wins
    ({}, 11, None),
])
def test_events_choose_incident(candidates, article_id, expected):
    found, reason = choose_incident(ev(), article_id, candidates)
    assert found == expected
    assert reason == "first report" if expected is None else reason.startswith("matches")
