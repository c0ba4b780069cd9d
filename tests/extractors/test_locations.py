"""One event per location: a sentence that lists several towns reports an incident in each, as ACLED
codes it. Articles written for these tests."""

from __future__ import annotations

import pytest

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
    text = "Shells hit homes in Jenin city (at least 4 dead); in Tubas (two dead)."
    listed = listed_locations(text, _mentions(text, "Jenin", "Tubas"), len(text))
    assert [(loc.place.name, text[loc.start:loc.end]) for loc in listed] == [
        ("Jenin", "Jenin city (at least 4 dead); in "), ("Tubas", "Tubas (two dead).")]


def test_locations_towns_with_regions_and_and():
    text = "Settlers uprooted vines in Beitunia (Ramallah) and Deir Istiya (Salfit)."
    assert [loc.place.name for loc in listed_locations(text, _mentions(text, "Beitunia", "Deir Istiya"), len(text))] \
        == ["Beitunia", "Deir Istiya"]


def test_locations_two_towns_in_one_incident_are_no_list():
    text = "A boy hurt in Jabalia was driven to the clinic of Beit Hanoun."
    assert listed_locations(text, _mentions(text, "Jabalia", "Beit Hanoun"), len(text)) == []
    text = "A man was killed in Jabalia and buried in Beit Hanoun."
    assert listed_locations(text, _mentions(text, "Jabalia", "Beit Hanoun"), len(text)) == []


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

#: one article, its last paragraph told two ways: again, or as a further strike
_STRIKE_ARTICLE = ("On Monday, a coalition airstrike hit a school in Mosul, killing six people. "
                   "Aid workers said the school sheltered 400 displaced people.\n\n"
                   "Prices of flour rose again in the markets of the city. Fuel deliveries were halted.\n\n")


@pytest.mark.model
@pytest.mark.parametrize("last, fatalities", [
    # a retelling adds no dead
    ("On Monday, a coalition airstrike hit a school in Mosul, with at least six people killed.", 6),
    # a further strike adds its own
    ("Later on Monday, another coalition airstrike hit a house in Mosul, killing three people.", 9),
])
def test_one_event_per_day_town_and_sub_type(extract, last, fatalities):
    """Two reports of strikes on one town on one day are one ACLED event."""
    events = extract(_STRIKE_ARTICLE + last, published="2024-02-13").events
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Air/drone strike", fatalities)]
