"""Event types by the means and the parties: what a user sees as the first event's sub-type."""

from __future__ import annotations

import pytest


def _first_type(extract, text: str) -> str | None:
    events = extract(text, published="2024-05-14").events
    return events[0].sub_event_type if events else None


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # What a demonstration is about is no part of what happened at it.
    ("Hundreds of people rallied in the capital of Lorvania on Sunday to protest police violence and "
     "the mass arrests of opposition members.", "Peaceful protest"),
    ("On Saturday, students took to the streets of Vessa to decry the arrests and violence of the "
     "past month.", "Peaceful protest"),
    ("Large demonstrations against gun violence were held in Vessa on Saturday.", "Peaceful protest"),
    # ... while what happened at it still types it.
    ("Protests against the killing turned violent in Vessa on Monday, with youths torching cars.",
     "Violent demonstration"),
    ("Police in Vessa fired tear gas on Monday at protesters demanding justice for a man shot by "
     "officers.", "Protest with intervention"),
])
def test_protest_typed_by_what_happened_not_its_cause(extract, text, expected):
    assert _first_type(extract, text) == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # A participle that describes someone or something does not type the sentence.
    ("A British woman fighting alongside Kurdish forces was killed on Friday near Jindaris when a "
     "Turkish missile struck her convoy.", "Shelling/artillery/missile attack"),
    ("Government troops recaptured the town of Harbel on Tuesday to find its shops vandalised and "
     "its market burnt.", "Government regains territory"),
])
def test_descriptive_participle_is_no_event(extract, text, expected):
    assert _first_type(extract, text) == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # A group of civilians attacking a demonstration is mob violence; police doing it intervene.
    ("A group of men attacked a peaceful rally in the town of Orrin on Wednesday, injuring a dozen "
     "marchers.", "Mob violence"),
    ("Police attacked the rally in Orrin with batons on Wednesday.", "Protest with intervention"),
    # The source of a report is no party to the incident: an attack on a building is an attack.
    ("Armed men attacked the grain exchange in Orrin on Monday, and three of the attackers were "
     "killed, police said.", "Attack"),
    ("Militants attacked a police checkpoint outside Orrin on Monday, killing five officers.",
     "Armed clash"),
    # Retaking ground is typed by who retakes it.
    ("The army recovered the border areas near Orrin on Sunday that militants had seized last month.",
     "Government regains territory"),
])
def test_parties_type_the_incident(extract, text, expected):
    assert _first_type(extract, text) == expected
