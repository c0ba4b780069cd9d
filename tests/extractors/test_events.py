"""Events: one ACLED-typed event per incident, with its casualties, actors and sources."""

import pytest

from sitrep.extractors.casualties import Casualty
from sitrep.extractors.events import _count, _Incident, _Sentence
from sitrep.types import Figure


def _sentence(i, casualties=(), figures=()):
    return _Sentence(index=i, span=None, typing=None, casualties=list(casualties), figures=list(figures))


def _killed(n, ref=False):
    return Casualty("killed", n, 0, 1, bool(ref), pronoun=ref == "pronoun")


def _hurt(n, ref=False):
    return Casualty("injured", n, 0, 1, ref)


def _figure(value, category):
    return Figure(value=value, category=category, start=0, end=1, text="")


@pytest.mark.parametrize("text, expected", [
    # "A man was shot on Friday. He died at the hospital." -> the wounded man is the dead man
    ([[_hurt(1)], [_killed(1, ref=True)]], (1, 0)),
    # "Seven people were killed and 11 injured. The victims were taken to a hospital."
    ([[_figure(7, "killed"), _figure(11, "injured")], [_hurt(None, ref=True)]], (7, 11)),
    # "A man was shot and killed. The victim was shot several times in the chest."
    ([[_killed(1)], [_hurt(1, ref=True)]], (1, 0)),
    # "Two people were shot. One died at the hospital."
    ([[_hurt(2)], [_killed(1, ref=True)]], (1, 1)),
    # "a gunman killed two people before police shot him dead" (perpetrators count, as ACLED counts)
    ([[_figure(2, "killed"), _killed(1, ref="pronoun")]], (3, None)),
    # "Four men were shot and one of them was killed; police found a man dead on the sidewalk"
    ([[_figure(4, "injured"), _killed(1, ref=True), _killed(1)]], (1, 3)),
    # "A man was struck in the arm. A bullet grazed the victim's arm and he was taken to a hospital."
    ([[_hurt(1)], [_hurt(1, ref=True), Casualty("injured", 1, 0, 1, True, pronoun=True, weak=True)]], (None, 1)),
    # "Casualties unknown": no number at all
    ([[_killed(None)]], (None, None)),
    # "killing a man and a woman", re-told later as "the two victims"
    ([[_killed(1), _killed(1)], [_figure(2, "killed")]], (2, None)),
])
def test_events_count(text, expected):
    incident = _Incident([_sentence(i, [c for c in items if isinstance(c, Casualty)],
                                    [f for f in items if isinstance(f, Figure)])
                          for i, items in enumerate(text)])
    assert _count(incident) == expected


def _summary(result):
    return [(e.sub_event_type, e.actor1, e.fatalities, e.injured) for e in result.events]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    (
        ("Bombs continued to fall on Khan Younis on Tuesday amid shortages of food and water. "
        "According to local health officials, two Israeli airstrikes destroyed houses in the city, "
        "killing seven people and injuring 11."),
        [("Air/drone strike", "Military Forces of Israel", 7, 11)],
    ),
    (
        ("A 24-year-old man was shot and killed late Saturday on Pine Street, police said. "
        "Officers found him lying on the sidewalk with several gunshot wounds. "
        "He was pronounced dead at the scene. No arrests have been made."),
        [("Attack", None, 1, 0)],
    ),
    (
        ("A man was shot in the leg Friday night outside a bar on Main Street. "
        "He was taken to a hospital, where he later died, police said."),
        [("Attack", None, 1, 0)],
    ),
    (
        # a headline run into its story: the man it names is the man the story names
        ("Multiple bullet wounds at gas station send man to hospital A man who was shot multiple times at a "
         "gas station Thursday was taken by ambulance to a hospital, police said."),
        [("Attack", None, None, 1)],
    ),
    (
        # "one fatally": one of the four shot died, three were wounded
        ("Police say four people were shot, one fatally, at Constitution Park late Wednesday afternoon. "
         "Three victims were rushed to the hospital."),
        [("Attack", None, 1, 3)],
    ),
    (
        # goods taken at gunpoint: an event of its own, with no one hurt
        ("HIALEAH, Fla. - Police are looking for an armed man who robbed a gas station clerk at gunpoint "
         "Sunday night. The man showed the clerk a handgun and demanded money from the register."),
        [("Looting/property destruction", None, None, None)],
    ),
])
def test_events_one_incident(extract, text, expected):
    result = extract(text, published="2024-03-05")
    assert _summary(result)[:1] == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    (
        ("The foreign minister said on Monday that talks on a ceasefire would resume next week. "
        "He warned that any attack on the border would be met with force."),
        [],
    ),
    (
        ("The health ministry said 123 people had been killed across the territory in the past 24 hours, "
        "bringing the death toll since the war began to 27,000."),
        [],
    ),
])
def test_events_no_incident(extract, text, expected):
    assert _summary(extract(text, published="2024-03-05")) == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    (
        ("On Wednesday, Israeli warplanes struck a house in Rafah, killing two people. "
        "Also, Israeli artillery shelled farmland east of Khan Younis, killing one person."),
        [3],
    ),
])
def test_events_separate_incidents(extract, text, expected):
    events = extract(text, published="2024-03-07").events
    assert len(events) == 2
    assert [sum(e.fatalities or 0 for e in events)] == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    (
        ("Bombs continued to rain down in Rafah on Wednesday amid shortages of food and water. "
         "According to Gazan officials, two Israeli airstrikes destroyed houses in the city, killing seven "
         "people and injuring 11.\n\nOn Wednesday, US forces carried out an airstrike in Iraq, killing three "
         "people. Iraqi officials said the strike had targeted a civilian car."),
        [("Air/drone strike", "Military Forces of Israel", 7, 11),
         ("Air/drone strike", "Military Forces of the United States", 3, None)],
    ),
])
def test_events_two_strikes_apart(extract, text, expected):
    result = extract(text, published="2024-02-07")
    assert _summary(result) == expected
    assert result.events[0].reported_by == "Gazan officials"


@pytest.mark.model
def test_events_round_up_total_is_no_incident(extract):
    """A round-up's opening total sums several shootings; the events are the shootings it goes on to tell."""
    text = ("Three people were wounded in separate shootings Saturday night and early Sunday, police said. "
            "In the first, a 19-year-old man was shot in the leg at about 9 p.m. Saturday on Elm Street.\n\n"
            "About 2 a.m. Sunday, two women were shot while sitting in a car on Walnut Avenue in another part "
            "of the city.")
    result = extract(text, published="2024-03-04")
    total = next(f for f in result.figures if f.value == 3)
    assert total.scope == "period"
    assert [(e.injured, e.date) for e in result.events] == [(1, "2024-03-02"), (2, "2024-03-03")]


@pytest.mark.model
def test_events_round_up_victims_count_toward_no_incident(extract):
    """"Three people were shot, one fatally, in two separate incidents": the dead man is counted
    in the incident that tells of him, not in a first event made of the round-up."""
    text = ("Three people were shot, one fatally, in two separate incidents Sunday, according to police. "
            "A 19-year-old man was shot in the leg on Park Avenue at around 3:45 p.m., police said. "
            "He was taken to an area hospital for treatment.")
    result = extract(text, published="2024-03-04")
    assert [(e.fatalities, e.injured) for e in result.events] == [(None, 1)]


@pytest.mark.model
def test_events_further_incident_and_surrender(extract):
    """"wounded in a separate shooting incident" starts another event; a suspect who "surrendered to
    them" hands over no territory, and the victim's death later stays with the shooting."""
    text = ("A 28-year-old man was shot several times Monday night in the Castor section of Philadelphia. "
            "He was rushed to Temple University Hospital. "
            "Two more men were wounded in a separate shooting incident in Philadelphia Monday night.")
    assert [e.injured for e in extract(text, published="2014-02-11").events] == [1, 2]
    text = ("A member of the community was shot in the head on Saturday afternoon. Deputies responded, "
            "and the gunman surrendered to them without further incident. "
            "The woman died at the health center that evening.")
    assert [(e.sub_event_type, e.fatalities) for e in extract(text, published="2018-03-27").events] == [
        ("Attack", 1)]


@pytest.mark.model
def test_events_old_shooting_is_the_story_of_a_follow_up(extract):
    """An article about an arrest months after a killing reports the killing (one dead, its own
    date); a recent shooting told beside an old one still makes the old one background."""
    text = ("NEW HAVEN — Police have obtained an arrest warrant charging a suspect in the February fatal "
            "shooting of a 22-year-old city man. Kyle Brown was shot and killed Feb. 10 in the hallway of an "
            "apartment on Kossuth Street. The suspect was arrested on Monday and is being held at a state "
            "facility on other charges, police said.")
    first = extract(text, published="2014-08-15").events[0]
    assert (first.date, first.fatalities) == ("2014-02-10", 1)
    text = ("A man was shot and wounded Saturday night on Main Street, police said. Two months earlier, "
            "on March 2, a man was shot and killed on the same block.")
    assert [e.date for e in extract(text, published="2014-05-12").events] == ["2014-05-10"]


@pytest.mark.model
def test_events_links_to_other_stories_are_no_casualties(extract):
    """Headlines of other stories at a page's foot ("More: Two charged with murder ...") add no dead
    or wounded to the article's shooting, and make no event of their own."""
    text = ("Wilmington police are investigating how a 17-year-old boy was shot in the arm Saturday night. "
            "The victim is in stable condition, police said. Contact the reporter at (302) 555-0100. "
            "KEEP READING More: Two charged with murder in death of 15-month-old child More: Former "
            "officer dies after 7 years of service Read or Share this story: https://example.com/story")
    events = extract(text, published="2018-02-25").events
    assert [(e.fatalities, e.injured) for e in events] == [(None, 1)]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # the dead are among the wounded told in the same sentence
    ("Authorities are searching for the gunman who shot two women, killing one of them, Monday night.", (1, 1)),
    # "was shot" victims who later died are subtracted once, not twice
    ("Five people were shot outside a bar on Friday. Two of them died at the hospital.", (2, 3)),
])
def test_events_dead_among_the_wounded(extract, text, expected):
    first = extract(text, published="2018-03-06").events[0]
    assert (first.fatalities, first.injured) == expected
