"""Places read in their article's context: only place mentions become toponyms, same-name
candidates are ranked by the article's own geography, datelines and US state abbreviations count,
lower-case text resolves, and a far-off reading is kept with a low geo_confidence.

Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

from sitrep.extractors.places import places_named


def _places(nlp, text: str) -> dict[str, tuple]:
    """Each toponym the text names (as written) -> (name, country code, admin1, precision, confidence)."""
    doc = nlp(text)
    return {text[s:e].split(" (")[0].split(",")[0]: (p.name, p.country_code, p.admin1, p.geo_precision,
                                                       p.geo_confidence)
            for s, e, p in places_named(doc, 0, len(text))}


def _event_place(extract, text: str, published: str = "2024-03-11"):
    events = extract(text, published=published).events
    assert events, text
    return events[0].place


# --- a toponym comes only from a place mention ---------------------------------------------------

@pytest.mark.parametrize("text, not_a_place, place", [
    ("Speaking in Kyiv, spokesman Mustafa Bali said the drone struck Kherson on Monday.", "Bali", "Kherson"),
    ("Sachin Kumar, a villager, said gunmen attacked Gaya on Sunday.", "Sachin", "Gaya"),
    ("President Vladimir Putin flew to Tehran on Tuesday.", "Vladimir", "Tehran"),
    ("Lonzo Murphy, 19, was charged in the shooting in Portland on Friday.", "Murphy", "Portland"),
])
def test_places_person_names_are_no_toponyms(nlp, text, not_a_place, place):
    found = _places(nlp, text)
    assert not any(not_a_place in name for name in found)
    assert place in found


def test_places_languages_and_peoples_are_no_toponyms(nlp):
    text = ("Aid workers handed out leaflets in English and Arabic in Afrin on Monday. Syrians, Kurds "
            "and Turks, residents said, had queued since dawn.")
    found = _places(nlp, text)
    assert set(found) == {"Afrin"}
    assert found["Afrin"][1] == "SY"


def test_places_an_ordinary_word_is_no_spelling_variant_of_a_foreign_town(nlp):
    # "Silwan" is not in the gazetteer: no village of a country the article names only in passing
    # ("Brazilian", "Cameroonian") stands in for it by a loose spelling match.
    text = ("Israeli forces demolished two homes in Silwan on Tuesday. The Brazilian and Cameroonian "
            "envoys condemned the demolitions.")
    assert all(p[1] not in ("BR", "CM") for p in _places(nlp, text).values())


# --- candidates ranked by the article's own countries and places ------------------------------

def test_places_lower_case_description_in_brackets_is_no_region(nlp):
    text = "A convoy moved from a clinic in Jabalia to the wards of Khan Younis (in the south) on Wednesday."
    assert _places(nlp, text)["Khan Younis"][:3] == ("Khan Yunis", "PS", "Gaza Strip")


def test_places_a_list_of_regions_is_no_town_and_its_region(nlp):
    found = _places(nlp, "Government troops massed near Homs, Hama and Aleppo, the observatory said.")
    assert found["Homs"][:3] == ("Homs", "SY", "Homs")


def test_places_a_neighbourhood_of_a_city_is_not_a_namesake_elsewhere(nlp):
    found = _places(nlp, "Two men were shot in the Homewood neighborhood of Pittsburgh on Friday, police said.")
    assert found["Homewood"][1:4] == ("US", "Pennsylvania", 2)


def test_places_a_bracketed_qualifier_overrules_a_far_namesake(nlp):
    text = "Settlers uprooted olive trees in the community of Tuba (southern Hebron) on Friday."
    name, cc, admin1, precision, _ = _places(nlp, text)["Tuba"]
    assert (cc, admin1) == ("PS", "West Bank")


def test_places_coordinated_villages_share_the_locative(nlp):
    found = _places(nlp, "Settlers set fire to olive trees in Turmus Ayya (Ramallah) and Qaryut (Nablus) on Friday.")
    assert found["Qaryut"][1:3] == ("PS", "West Bank")


def test_places_washington_is_the_district_of_columbia(nlp):
    found = _places(nlp, "Police said a man was shot on Benning Road in Washington on Sunday night.")
    assert found["Washington"][1:3] == ("US", "District of Columbia")


# --- datelines and US state abbreviations ------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("PLATTE, S.D. — A man was shot and killed at a farm outside town on Saturday, the sheriff said.",
     ("Platte", "US", "South Dakota")),
    ("JACKSON, Tenn. (AP) — Two men were wounded in a shooting downtown on Friday night, police said.",
     ("Jackson", "US", "Tennessee")),
    ("RICHMOND, Ind. — Four men were wounded in a shooting outside a bar early Sunday, police said.",
     ("Richmond", "US", "Indiana")),
    ("KHAN YOUNIS, Gaza Strip (AP) — An airstrike flattened a house overnight, killing six people.",
     ("Khan Yunis", "PS", "Gaza Strip")),
])
def test_places_datelines_with_state_abbreviations(extract, text, expected):
    place = _event_place(extract, text)
    assert (place.name, place.country_code, place.admin1) == expected


def test_places_georgia_is_the_us_state_in_an_article_about_us_towns(nlp):
    text = ("DALTON, Ga. — A toddler was wounded in an accidental shooting in northwest Georgia on "
            "Thursday, deputies said.")
    found = _places(nlp, text)
    assert found["Georgia"][1:3] == ("US", "Georgia")
    assert found["DALTON"][1:3] == ("US", "Georgia")


# --- lower-case text ----------------------------------------------------------------------------

def test_places_lower_case_text_still_resolves(extract):
    text = "an air strike on a house in rafah killed five people on monday, the health ministry said."
    place = _event_place(extract, text)
    assert (place.name, place.country_code) == ("Rafah", "PS")


def test_places_lower_case_demonyms_give_the_country(nlp):
    found = _places(nlp, "russian shelling of kharkiv killed two civilians, ukrainian officials said.")
    assert found["kharkiv"][1:3] == ("UA", "Kharkiv")


# --- a far-off reading is kept with a low geo_confidence ---------------------------------------

def test_places_isolated_town_gets_low_confidence(nlp):
    text = ("Shelling killed three people in Kherson and two in Nikopol on Monday. A drone later hit a "
            "car near Berwyn, officials said.")
    found = _places(nlp, text)
    assert found["Berwyn"][1] == "US" and found["Berwyn"][4] < 0.5
    assert found["Kherson"][4] == found["Nikopol"][4] == 1.0


@pytest.mark.parametrize("text", [
    # a capital named in passing is no doubtful reading
    "Shelling killed three people in Kherson on Monday, and officials in Washington condemned it.",
    # the country named beside it
    "Shelling killed three people in Kherson on Monday. In Berwyn, Illinois, in the United States, a vigil was held.",
    # nothing else to compare with
    "A man was shot in Berwyn on Sunday, police said.",
])
def test_places_far_places_keep_full_confidence_with_evidence(nlp, text):
    assert all(p[4] == 1.0 for p in _places(nlp, text).values())


@pytest.mark.parametrize("text, expected", [
    # a dateline in capitals after a byline
    ("By Jane Roe  CHATTANOOGA, Tenn., July 18 (Reuters) - A gunman opened fire on a recruiting office "
     "on Thursday, killing four Marines, officials said.", ("Chattanooga", "US", "Tennessee")),
    # the only town of that name, in a dateline with no country known yet
    ("APACHE JUNCTION — A party turned violent overnight as four people were shot, police said.",
     ("Apache Junction", "US", "Arizona")),
])
def test_places_capital_datelines(extract, text, expected):
    place = _event_place(extract, text, published="2015-07-18")
    assert (place.name, place.country_code, place.admin1) == expected


def test_places_a_county_is_no_town_of_its_name(nlp):
    text = "Cumberland County deputies said a man was shot at a house party in Hope Mills on Saturday."
    found = _places(nlp, text)
    assert found["Hope Mills"][1:3] == ("US", "North Carolina")
    assert all(p[2] != "Rhode Island" for p in found.values())


def test_places_a_region_spelt_otherwise_with_its_kind_word(nlp):
    found = _places(nlp, "Clashes broke out around the oil fields of Deir Ezzor province on Wednesday.")
    assert found["Deir Ezzor province"][1:4] == ("SY", "Deir ez-Zor", 3)


def test_places_the_country_after_in_not_the_one_that_names_a_force(nlp):
    from sitrep.extractors.places import place_in

    text = "Dozens of fighters died last week as American jets bombed their convoy in eastern Syria."
    place = place_in(nlp(text), 0, len(text))
    assert place.country_code == "SY"


@pytest.mark.parametrize("text, not_a_place", [
    ("Troops loyal to Abdul Salam Arif seized power in Baghdad in 1963.", "Salam"),
    ("The offensive ordered by Vladimir Putin hit Avdiivka, Ukrainian officials said. Putin said on "
     "Tuesday that it would go on.", "Vladimir"),
    ("President Vladimir Putin spoke on Monday. The offensive ordered by Vladimir Putin hit Avdiivka.", "Vladimir"),
])
def test_places_the_last_words_of_a_persons_name_are_no_place(nlp, text, not_a_place):
    assert not any(not_a_place in name for name in _places(nlp, text))


@pytest.mark.parametrize("text, name, expected", [
    # Gaza is a province of Mozambique too: the article's own Gaza is meant
    ("Aid reached the Gaza governorate on Monday, Palestinian officials said.", "Gaza governorate",
     ("PS", "Gaza Strip", 3)),
])
def test_places_a_region_abroad_yields_to_the_articles_own_town(nlp, text, name, expected):
    assert _places(nlp, text)[name][1:4] == expected


def test_places_a_bare_region_name_of_a_country_the_article_never_names(nlp):
    text = "Aid convoys reached the South on Monday, and shelling hit Khan Younis, Palestinian medics said."
    assert all(p[1] in ("PS", None) for p in _places(nlp, text).values())


@pytest.mark.parametrize("text, place", [
    ("Thousands fled to Mount Sinjar as the militants advanced, Iraqi officials said.", "Sinjar"),
    ("The Manchester Arena attack killed 22 people, British police said.", "Manchester"),
])
def test_places_a_word_opening_a_place_name_keeps_it_a_place(nlp, text, place):
    assert any(place in name for name in _places(nlp, text))
