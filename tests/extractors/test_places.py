"""Tests for toponym resolution: resolve() on names, place_in() on short incident reports."""

import pytest

from sitrep.extractors.geocode import resolve
from sitrep.extractors.places import km, place_in


@pytest.mark.parametrize("text, expected", [
    ("Rafah", ("PS", "Gaza Strip", 1)),
    ("Khan Younis", ("PS", "Gaza Strip", 1)),
    ("Kharkov", ("UA", "Kharkiv", 1)),
    ("Kharkiv Oblast", ("UA", "Kharkiv", 3)),
    ("the Gaza Strip", ("PS", "Gaza Strip", 3)),
    ("Iraq", ("IQ", None, 3)),
])
def test_places_resolve(text, expected):
    p = resolve(text)
    assert (p.country_code, p.admin1, p.geo_precision) == expected
    assert p.lat is not None and p.lon is not None


@pytest.mark.parametrize("text, expected", [
    (("Rafah", ("EG",)), "EG"),
    (("Rafah", ("PS",)), "PS"),
    (("Deir al-Balah", ("PS",)), "PS"),
])
def test_places_resolve_by_country_context(text, expected):
    name, countries = text
    assert resolve(name, countries=countries).country_code == expected


@pytest.mark.parametrize("text, expected", [
    ("Alabama", ("Alabama", 3)),     # the state, not a hamlet called Alabama in New York
    ("Kharkiv", ("Kharkiv", 1)),     # the city, in the region named after it
])
def test_places_resolve_region_or_town(text, expected):
    p = resolve(text)
    assert (p.admin1, p.geo_precision) == expected


def test_places_resolve_unknown_foreign_namesake_rejected():
    # A small foreign town is not taken for a name in an article about another country.
    assert resolve("Sabra", countries=("PS", "IL")) is None


@pytest.mark.parametrize("text, expected", [
    (("Ivanivka", (46.64, 32.61)), "Kherson"),   # dozens of Ivanivkas: the one near the article's places
    (("Ivanivka", (48.57, 39.31)), "Luhansk"),
])
def test_places_resolve_by_nearness(text, expected):
    name, near = text
    p = resolve(name, countries=("UA",), near=near)
    assert p.admin1 == expected and km((p.lat, p.lon), near) < 100


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("An Israeli airstrike on a house in Rafah killed nine people, medics said.",
     ("Rafah", "Palestine", "Gaza Strip", 1)),
    ("Russian forces shelled Kupiansk, Kharkiv region, on Sunday, wounding two civilians.",
     ("Kupyansk", "Ukraine", "Kharkiv", 1)),
    ("Fighting was reported near Bakhmut, Donetsk, local officials said.",
     ("Bakhmut", "Ukraine", "Donetsk", 2)),
    ("Tanks pushed into the Sabra neighbourhood of Gaza City overnight.",
     ("Gaza", "Palestine", "Gaza Strip", 2)),
    ("Israeli troops raided homes at Gaza - Tuffah (Gaza City, Gaza Strip) before dawn.",
     ("Gaza", "Palestine", "Gaza Strip", 2)),
    ("The strike hit a market in Khan Yunis; another hit Deir al-Balah.",
     ("Khan Yunis", "Palestine", "Gaza Strip", 1)),
    ("Officials in Iraq said two rockets landed without causing casualties.",
     ("Iraq", "Iraq", None, 3)),
    ("FORT PAYNE, Alabama - A man was shot late Friday outside a grocery store, police said.",
     ("Fort Payne", "United States", "Alabama", 1)),
    ("HOUSTON - Police are searching for a gunman who wounded two men on Saturday.",
     ("Houston", "United States", "Texas", 1)),
    ("Shells hit the Beryslav community, Kherson region, overnight.",
     ("Beryslav", "Ukraine", "Kherson", 2)),
    # a region name many countries have, with no country named: the one that has the town
    ("The militia set up a base in Merowe (Merowe, Northern) on Wednesday.",
     ("Merowe", "Sudan", "Northern", 1)),
])
def test_places_place_in(nlp, text, expected):
    doc = nlp(text)
    p = place_in(doc, 0, len(text))
    assert (p.name, p.country, p.admin1, p.geo_precision) == expected


@pytest.mark.model
def test_places_place_in_falls_back_to_dominant_place(nlp):
    text = ("Shelling in Kherson killed three people on Monday. Kherson has been hit daily. "
            "Two more people were wounded later, the governor said.")
    doc = nlp(text)
    second = text.index("Two more")
    p = place_in(doc, second, len(text))
    assert (p.name, p.admin1) == ("Kherson", "Kherson")


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("US Secretary of State Antony Blinken met officials in Cairo.", "Antony Blinken"),
])
def test_places_ruler_keeps_people_whole(nlp, text, expected):
    doc = nlp(text)
    assert expected in [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert not any(e.label_ == "GPE" and e.text in expected for e in doc.ents)
