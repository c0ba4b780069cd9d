"""Actor normalisation: phrases to ACLED's actor names."""

import pytest

from sitrep.extractors.actors import country_of, event_actors, normalise_actor


@pytest.mark.parametrize("text, expected", [
    (("Israeli warplanes", "warplane", None, "agent"), "Military Forces of Israel"),
    (("the IDF", None, None, "agent"), "Military Forces of Israel"),
    (("Israeli forces", "force", None, "agent"), "Military Forces of Israel"),
    (("Russian forces", "force", None, "agent"), "Military Forces of Russia"),
    (("US forces", "force", None, "agent"), "Military Forces of the United States"),
    (("US Central Command", None, None, "agent"), "Military Forces of the United States"),
    (("RSF", None, None, "agent"), "Rapid Support Forces"),
    (("Hamas militants", "militant", None, "agent"), "Hamas"),
    (("Kataib Hezbollah", None, None, "agent"), "Kataib Hezbollah"),
    (("police", "police", "Ukraine", "agent"), "Police Forces of Ukraine"),
    (("unidentified gunmen", "gunman", "Palestine", "agent"), "Unidentified Armed Group (Palestine)"),
    (("protesters", "protester", "Sudan", "agent"), "Protesters (Sudan)"),
    (("Palestinians", None, None, "victim"), "Civilians (Palestine)"),
    (("a child", "child", "Palestine", "victim"), "Civilians (Palestine)"),
    (("a man", "man", "United States", "victim"), "Civilians (United States)"),
    (("an IDF soldier", "soldier", None, "victim"), "Military Forces of Israel"),
    (("a man", "man", "Palestine", "agent"), None),
    (("the house", "house", "Palestine", "victim"), None),
    (("the strike", "strike", "Iraq", "agent"), None),
])
def test_actors_normalise(text, expected):
    phrase, head, country, role = text
    assert normalise_actor(phrase, head, country=country, role=role) == expected


@pytest.mark.parametrize("text, expected", [
    ("Israeli warplanes", "Israel"),
    ("U.S. troops", "United States"),
    ("a Sudanese army unit", "Sudan"),
    ("the warplanes", None),
])
def test_actors_country_of(text, expected):
    assert country_of(text) == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    (("Israeli warplanes struck a house in the camp, killing a child.", "struck", "child", "Palestine"),
     ("Military Forces of Israel", "Civilians (Palestine)")),
    (("Russian forces shelled Ukrainian positions near the village.", "shelled", None, "Ukraine"),
     ("Military Forces of Russia", "Military Forces of Ukraine")),
    (("On Wednesday, US forces carried out an airstrike in Iraq.", "airstrike", None, "Iraq"),
     ("Military Forces of the United States", None)),
    (("Police fired tear gas at protesters in the capital.", "fired", "protesters", "Sudan"),
     ("Police Forces of Sudan", "Protesters (Sudan)")),
])
def test_actors_event_actors(nlp, text, expected):
    sentence, trigger_word, victim_word, country = text
    doc = nlp(sentence)
    trigger = next(t for t in doc if t.text == trigger_word)
    victims = [t for t in doc if t.text == victim_word]
    assert event_actors(trigger, victims, country=country) == expected
