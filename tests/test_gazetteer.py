"""Tests for the gazetteer: name keys, spellings, regions, countries and the ruler's names."""

import pytest

from sitrep import gazetteer


@pytest.mark.parametrize("text, expected", [
    ("Deir al-Balah", "deir al balah"),
    ("Ash Shati'", "ash shati"),
    ("Khān Yūnis", "khan yunis"),
    ("  Kharkiv   Oblast ", "kharkiv oblast"),
])
def test_gazetteer_normalize_key(text, expected):
    assert gazetteer.normalize_key(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("khan younis", "khan yunis"),
    ("deir al balah", "dayr al balah"),
    ("kharkov", "kharkiv"),
])
def test_gazetteer_skeleton_ignores_transliteration(text, expected):
    assert gazetteer.skeleton(text) == gazetteer.skeleton(expected)


@pytest.mark.parametrize("text, expected", [
    ("Khan Younis", "PS"),
    ("Khan Yunis", "PS"),
    ("Kharkov", "UA"),
    ("Kharkiv", "UA"),
    ("Dayr al Balah", "PS"),
])
def test_gazetteer_places_named_spellings(text, expected):
    found = gazetteer.places_named(text, fuzzy_in=[expected])
    assert found and found[0].country_code == expected


def test_gazetteer_fuzzy_needs_country():
    assert gazetteer.places_named("Deir al-Balah") == []
    assert gazetteer.places_named("Deir al-Balah", fuzzy_in=["PS"])[0].country_code == "PS"


@pytest.mark.parametrize("text, expected", [
    ("Palestinian Territories", "PS"),
    ("the United States", "US"),
    ("DRC", "CD"),
    ("Ukraine", "UA"),
    ("Gotham", None),
])
def test_gazetteer_country_code(text, expected):
    assert gazetteer.country_code(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("PS", "Palestine"),
    ("CD", "Democratic Republic of Congo"),
    ("RU", "Russia"),
    ("US", "United States"),
])
def test_gazetteer_country_names_as_acled(text, expected):
    assert gazetteer.country(text).name == expected


@pytest.mark.parametrize("text, expected", [
    ("Donetsk Oblast", ("UA", "Donetsk")),
    ("the Kharkiv region", ("UA", "Kharkiv")),
    ("Gaza Strip", ("PS", "Gaza Strip")),
    ("North Darfur", ("SD", "North Darfur")),
    ("Northern Darfur", ("SD", "North Darfur")),
    ("Kiev", ("UA", "Kyiv")),
])
def test_gazetteer_admin1_named(text, expected):
    regions = gazetteer.admin1_named(text)
    assert (regions[0].country_code, regions[0].name) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kharkiv", True),
    ("Khan Yunis", True),
    ("Ukraine", True),
    ("Gaza Strip", True),
    ("Antony", False),      # a French town, and a first name (Antony Blinken)
    ("Jackson", False),     # a US city, and a surname
    ("Reading", False),     # an English town, and a word
])
def test_gazetteer_ruler_names_precise(text, expected):
    names = {n for n, _ in gazetteer.ruler_names()}
    assert (text in names) is expected
