"""One event per location: a sentence that lists several towns reports an incident in each, as ACLED
codes it. Articles written for these tests."""

from __future__ import annotations

from sitrep.extractors.locations import listed_locations, shares
from sitrep.types import Place


def _mentions(text, *names):
    out, at = [], 0
    for name in names:
        at = text.index(name, at)
        out.append((at, at + len(name), Place(name=name, geo_precision=1)))
        at += len(name)
    return out


def test_locations_list_with_counts_in_brackets():
    text = "Strikes hit homes in Rafah city (at least 28 fatalities); in Khan Yunis (40 fatalities)."
    listed = listed_locations(text, _mentions(text, "Rafah", "Khan Yunis"), len(text))
    assert [(loc.place.name, text[loc.start:loc.end]) for loc in listed] == [
        ("Rafah", "Rafah city (at least 28 fatalities); in "), ("Khan Yunis", "Khan Yunis (40 fatalities).")]


def test_locations_towns_with_regions_and_and():
    text = "Settlers uprooted olive trees in Burqa (Ramallah) and Kafr ad Dik (Salfit)."
    assert [loc.place.name for loc in listed_locations(text, _mentions(text, "Burqa", "Kafr ad Dik"), len(text))] \
        == ["Burqa", "Kafr ad Dik"]


def test_locations_two_towns_in_one_incident_are_no_list():
    text = "A man wounded in Rafah was taken to a hospital in Khan Yunis."
    assert listed_locations(text, _mentions(text, "Rafah", "Khan Yunis"), len(text)) == []
    text = "A man was killed in Rafah and buried in Khan Yunis."
    assert listed_locations(text, _mentions(text, "Rafah", "Khan Yunis"), len(text)) == []


def test_locations_total_divided_as_acled_divides_it():
    assert shares(5, 2) == [3, 2]
    assert shares(2, 2) == [1, 1]
    assert shares(None, 3) == [None, None, None]


def test_locations_one_event_per_town_listed(extract):
    text = ("On Tuesday, Israeli airstrikes hit residential buildings in Rafah (at least 12 fatalities) "
            "and in Khan Younis (9 fatalities), the Ministry of Health in Gaza said.")
    events = extract(text, published="2024-02-14").events
    assert sorted((e.place.name if e.place else None, e.fatalities) for e in events) == [
        ("Khan Yunis", 9), ("Rafah", 12)]
    assert {e.sub_event_type for e in events} == {"Air/drone strike"}
