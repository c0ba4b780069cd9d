"""Names: person, place and source names cleaned, and the one particle list they share."""

from __future__ import annotations

import pytest

from sitrep.errors import ResourceError
from sitrep.names import (clean_name, clean_place, clean_source, lookup_words, particles, particles_in_order,
                          person_words, title_case_source)


@pytest.mark.parametrize("text, expected", [
    ("the Government Media Office", "Government Media Office"),
    ("Hamas’s", "Hamas"),
    ("Ruth  Okafor\n", "Ruth Okafor"),
    ("The Hague", "Hague"),
    ("'s", "'s"),  # nothing left to name: kept as written
])
def test_names_clean_name(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Gen. Tomas Varga", ["Tomas", "Varga"]),
    ("Mr President Lena Ortiz", ["Lena", "Ortiz"]),
    ("President", ["President"]),  # a title alone stays a name of one word
    ("Dr.", ["Dr."]),
])
def test_names_person_words_drop_honorifics(text, expected):
    assert person_words(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("the Gaza Strip's", "Gaza Strip"),
    ("The  Lake\nDistrict, ", "Lake District"),
    ("Port Lina’s", "Port Lina"),
])
def test_names_clean_place(text, expected):
    assert clean_place(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("its health ministry,", "health ministry"),
    ('"the city’s civil defence"', "city's civil defence"),
    ("The  Red Cross.", "Red Cross"),
])
def test_names_clean_source(text, expected):
    assert clean_source(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("ministry of health", "Ministry of Health"),
    ("office for the coordination and relief", "Office for the Coordination and Relief"),
])
def test_names_title_case_source_keeps_minor_words(text, expected):
    assert title_case_source(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Pro-government Militias", ["pro", "-", "government", "militias"]),
    ("the army’s", ["the", "army's"]),
])
def test_names_lookup_words(text, expected):
    assert lookup_words(text) == expected


@pytest.mark.parametrize("group, inside, outside", [
    ("person", {"al", "bin", "von", "di"}, {"of", "ash"}),
    ("place", {"al", "ash", "bani", "of"}, {"von", "ibn"}),
    ("source", {"of", "and", "al"}, {"bin"}),
    ("source_minor", {"of", "for", "and", "the"}, {"on", "al"}),
])
def test_names_particles_by_group(group, inside, outside):
    words = particles(group)
    assert inside <= words and not outside & words


def test_names_place_part_particles_keep_file_order():
    # tried in this order inside a regular expression: "ash" before "as"
    order = particles_in_order("place_part")
    assert order.index("ash") < order.index("as")


def test_names_unknown_particle_group_is_an_error():
    with pytest.raises(ResourceError, match="no group 'animal'"):
        particles("animal")
