"""Casualty phrases: who a sentence says was killed or hurt, digits or not."""

import pytest

from sitrep.extractors.casualties import casualties_in


def _found(nlp, text):
    doc = nlp(text)
    return [(c.category, c.count) for s in doc.sents for c in casualties_in(s, doc._.figures or [])]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("A man was shot dead outside a shop on Friday.", [("killed", 1)]),
    ("Israeli warplanes struck a house, killing a child.", [("killed", 1)]),
    ("Soldiers shot a farmer near the fence, killing him.", [("injured", 1), ("killed", 1)]),
    ("A woman was found dead in her apartment with a gunshot wound.", [("killed", 1)]),
    ("A man was shot and killed on Elm Street.", [("killed", 1)]),
    ("A teenager suffered a gunshot wound to the leg.", [("injured", 1)]),
    # one phrase per mention; the event counts "she" once (see test_events_count)
    ("She was rushed to the hospital, where she died.", [("injured", 1), ("killed", 1)]),
    ("Nobody was hurt in the blast.", [("injured", 0)]),
    ("The strike hit a car, killing everyone inside.", [("killed", None)]),
    ("Gunmen shot at a car on the highway.", []),
    ("The shooting left a man dead.", [("killed", 1)]),
    ("The body of a man was found near the river on Sunday.", [("killed", 1)]),
    ("Police said the gunman tried to kill his neighbour.", []),
    ("The rebels claimed that a number of troops were killed during the raid.", []),
    ("A 19-year-old man was shot to death near the park.", [("killed", 1)]),
    # an age written without its first hyphen is still an age, not a head count
    ("Officers found 32 year-old Charles Busby with a gunshot wound.", [("injured", 1)]),
    # an incident named as deadly has one dead, unless a number is given; a non-fatal one has none
    ("The argument escalated into a deadly shooting early Saturday.", [("killed", 1)]),
    ("Police are investigating a non-fatal shooting in the 7th Ward.", []),
    # hit where it wounds, or by what wounds: a wounded person; a building hit is no victim
    ("A 12-year-old was struck in the right knee by a rubber bullet on Sunday.", [("injured", 1)]),
    ("A man was hit by a stray bullet while walking home.", [("injured", 1)]),
    ("A missile hit the building in the city centre.", []),
    ("A shooting at a convenience store sent one man to the hospital.", [("injured", 1)]),
    # ("One man" is a figure, counted as such)
    ("One woman was killed and another rushed to a hospital after the gunfire.", [("injured", 1)]),
    # a dateline is no victim
    ("TOLEDO, OH -- A 14-year-old boy was shot shortly after noon on Friday.", [("injured", 1)]),
    # a page's boilerplate after a headline is no victim count
    ("Man shot near bridge, seriously hurt Copyright 2019 Nexstar Broadcasting.", [("injured", 1)]),
    # a date after the verb is no victim, and "was shot and killed" shares the passive
    ("Dana Reyes was shot and killed Feb. 21 in the stairwell of a building.", [("killed", 1)]),
    # "another man wounded": a reduced passive the tagger reads as past tense
    ("Shots fired Thursday night left one man dead and another 19-year-old man wounded, police said.",
     [("injured", 1)]),
    # fired on is not hit
    ("A parcel courier was held up and shot at as he left his van.", []),
    ("A man was shot at about 2 a.m. on Elm Street.", [("injured", 1)]),
])
def test_casualties_without_digits(nlp, text, expected):
    assert _found(nlp, text) == expected
