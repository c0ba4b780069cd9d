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
        ("Explosions shook Deir al-Balah through Thursday as fuel and medicine ran short. "
         "Two Israeli airstrikes hit apartment blocks in the town, killing nine people and injuring 14, "
         "according to hospital staff."),
        [("Air/drone strike", "Military Forces of Israel", 9, 14)],
    ),
    (
        # the victim found with wounds is the dead victim: no one else is hurt
        ("A 31-year-old woman was shot and killed early Sunday on Cedar Lane, officers said. "
         "Deputies found her slumped in a parked car with multiple gunshot wounds. "
         "Medics declared her dead at the scene. No one is in custody."),
        [("Attack", None, 1, 0)],
    ),
    (
        # wounded, then dead at the hospital: one dead, no wounded
        ("A cook was shot in the hip late Tuesday behind a diner on Oak Avenue. "
         "Medics drove him to a trauma centre, where he died hours later, deputies said."),
        [("Attack", None, 1, 0)],
    ),
    (
        # a headline run into its story: the teenager it names is the teenager the story names
        ("Teen hurt by gunfire outside laundromat rushed to hospital A teenager who was shot twice "
         "outside a laundromat Monday was driven by paramedics to a hospital, officers said."),
        [("Attack", None, None, 1)],
    ),
    (
        # "one fatally": one of the five shot died, four were wounded
        ("Officers say five people were shot, one fatally, at Riverside Plaza early Friday evening. "
         "Four victims were taken to the hospital."),
        [("Attack", None, 1, 4)],
    ),
    (
        # goods taken at gunpoint: an event of its own, with no one hurt
        ("DAYTON, Ohio - Detectives are searching for an armed woman who robbed a pharmacy cashier at "
         "gunpoint Tuesday evening. She pointed a revolver at the cashier and demanded cash from the till."),
        [("Looting/property destruction", None, None, None)],
    ),
])
def test_events_one_incident(extract, text, expected):
    """Each article tells of one incident: exactly one event, with its type, actor and counts."""
    result = extract(text, published="2024-03-05")
    assert _summary(result) == expected


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
        [("Air/drone strike", 2), ("Shelling/artillery/missile attack", 1)],
    ),
])
def test_events_separate_incidents(extract, text, expected):
    events = extract(text, published="2024-03-07").events
    assert [(e.sub_event_type, e.fatalities) for e in events] == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    (
        ("Shells and bombs hit Jabalia on Thursday as the camp ran out of clean water. According to "
         "Gazan officials, three Israeli airstrikes levelled apartments in the camp, killing eight people "
         "and wounding 15.\n\nOn Thursday, US forces conducted an airstrike in Syria, killing two people. "
         "Syrian officials said the strike had hit a farm truck."),
        [("Air/drone strike", "Military Forces of Israel", 8, 15),
         ("Air/drone strike", "Military Forces of the United States", 2, None)],
    ),
])
def test_events_two_strikes_apart(extract, text, expected):
    result = extract(text, published="2024-02-09")
    assert _summary(result) == expected
    assert [e.reported_by for e in result.events] == ["Gazan officials", "Syrian officials"]


@pytest.mark.model
def test_events_round_up_total_is_no_incident(extract):
    """A round-up's opening total sums several shootings; the events are the shootings it goes on to tell."""
    text = ("Four people were wounded in separate shootings Friday night and early Saturday, officers said. "
            "In the first, a 23-year-old woman was hit in the arm around 10 p.m. Friday on Birch Road.\n\n"
            "Around 1 a.m. Saturday, three men were shot while standing outside a store on Chestnut Street "
            "across town.")
    result = extract(text, published="2024-03-04")
    total = next(f for f in result.figures if f.value == 4)
    assert total.scope == "period"
    assert [(e.sub_event_type, e.injured, e.date) for e in result.events] == [
        ("Attack", 1, "2024-03-01"), ("Attack", 3, "2024-03-02")]


@pytest.mark.model
def test_events_round_up_victims_count_toward_no_incident(extract):
    """"Four people were shot, two fatally, in three separate incidents": the dead are counted in
    the incidents that tell of them, not in a first event made of the round-up."""
    text = ("Four people were shot, two fatally, in three separate incidents Saturday, according to deputies. "
            "A 27-year-old woman was struck in the foot on Lake Drive at about 5:20 p.m., deputies said. "
            "She was driven to a nearby clinic for care.")
    result = extract(text, published="2024-03-04")
    assert [(e.sub_event_type, e.fatalities, e.injured) for e in result.events] == [("Attack", None, 1)]


@pytest.mark.model
def test_events_further_incident_and_surrender(extract):
    """"wounded in a separate shooting incident" starts another event; a suspect who "surrendered to
    them" hands over no territory, and the victim's death later stays with the shooting."""
    text = ("A 35-year-old man was shot twice Tuesday evening in the Fairmount area of Baltimore. "
            "He was taken to Mercy Medical Center. "
            "Three other men were hurt in a separate shooting incident in Baltimore Tuesday evening.")
    assert [(e.sub_event_type, e.injured) for e in extract(text, published="2014-02-11").events] == [
        ("Attack", 1), ("Attack", 3)]
    text = ("A member of the community was shot in the head on Saturday afternoon. Deputies responded, "
            "and the gunman surrendered to them without further incident. "
            "The woman died at the health center that evening.")
    assert [(e.sub_event_type, e.fatalities) for e in extract(text, published="2018-03-27").events] == [
        ("Attack", 1)]


@pytest.mark.model
def test_events_old_shooting_is_the_story_of_a_follow_up(extract):
    """An article about an arrest months after a killing reports the killing (one dead, its own
    date); a recent shooting told beside an old one still makes the old one background."""
    text = ("HARTFORD — Detectives have secured a warrant to arrest a man over the February fatal "
            "shooting of a 30-year-old local woman. Dana Reyes was shot and killed Feb. 21 in the stairwell "
            "of a building on Garden Street. The suspect was arrested on Tuesday and is in custody at a "
            "county jail on unrelated charges, officers said.")
    # the killing, with its own date and its dead (a warrant "to arrest" is a plan, not an arrest)
    assert [(e.sub_event_type, e.date, e.fatalities) for e in extract(text, published="2014-08-15").events] == [
        ("Attack", "2014-02-21", 1)]
    text = ("A woman was shot and wounded Sunday evening on Grove Street, officers said. Six weeks before, "
            "on March 30, a teenager was shot and killed at the same corner.")
    assert [(e.sub_event_type, e.date) for e in extract(text, published="2014-05-12").events] == [
        ("Attack", "2014-05-11")]


@pytest.mark.model
def test_events_links_to_other_stories_are_no_casualties(extract):
    """Headlines of other stories at a page's foot ("More: Three arrested after ...") add no dead
    or wounded to the article's shooting, and make no event of their own."""
    text = ("Dover police are looking into how a 16-year-old girl was shot in the shoulder Friday night. "
            "The teen is expected to recover, police said. Reach the reporter at (302) 555-0199. "
            "KEEP READING More: Three arrested after robbery at downtown bank More: Retired firefighter "
            "dies at 81 after long illness Read or Share this story: https://example.com/story")
    events = extract(text, published="2018-02-25").events
    assert [(e.sub_event_type, e.fatalities, e.injured) for e in events] == [("Attack", None, 1)]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # the dead are among the wounded told in the same sentence
    ("Deputies are hunting for the attacker who shot three men, killing one of them, on Friday.", (1, 2)),
    # "was shot" victims who later died are subtracted once, not twice
    ("Five people were shot outside a bar on Friday. Two of them died at the hospital.", (2, 3)),
])
def test_events_dead_among_the_wounded(extract, text, expected):
    events = extract(text, published="2018-03-06").events
    assert [(e.sub_event_type, e.fatalities, e.injured) for e in events] == [("Attack", *expected)]


@pytest.mark.model
def test_events_demonstration_typed_by_what_it_came_to(extract):
    """A march told first and its violence after is a violent demonstration, as ACLED types it."""
    text = ("Thousands of farmers marched through the centre of Lyon on Saturday against the new fuel tax. "
            "Some of the protesters threw stones at shop windows and set fire to bins near the town hall.")
    assert [e.sub_event_type for e in extract(text, published="2024-03-11").events] == ["Violent demonstration"]
    text = ("Thousands of farmers marched through the centre of Lyon on Saturday against the new fuel tax. "
            "The march ended at the prefecture, where organisers read out their demands.")
    assert [e.sub_event_type for e in extract(text, published="2024-03-11").events] == ["Peaceful protest"]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Settlers vandalized a water tank and uprooted 70 olive trees in Burqa on Tuesday.", "Looting/property destruction"),
    ("Unknown men ransacked the office of the opposition party in Harare on Monday.", "Looting/property destruction"),
    ("Protesters vandalized shops in the centre of Santiago on Friday.", "Violent demonstration"),
])
def test_events_vandalism_is_a_riot_only_where_demonstrators_do_it(extract, text, expected):
    assert [e.sub_event_type for e in extract(text, published="2024-05-10").events] == [expected]


@pytest.mark.model
def test_events_reported_by_is_the_source_not_a_politician_commenting(extract):
    text = ("A car bomb exploded near a market in Mosul on Sunday, killing five people. "
            "Prime Minister Ali Rahim condemned the bombing, saying the attack would not go unpunished.")
    assert [e.reported_by for e in extract(text, published="2024-05-10").events] == [None]
    text = text.replace("five people.", "five people, police said.")
    assert [e.reported_by for e in extract(text, published="2024-05-10").events] == ["police"]


@pytest.mark.model
def test_events_attack_typed_by_the_means_told_later(extract):
    """ACLED types an attack by its means, whichever sentence tells them."""
    text = ("Four worshippers were wounded in an attack on a mosque in Gao on Sunday. "
            "The attackers threw hand grenades from motorbikes, the police said.")
    assert [(e.sub_event_type, e.injured) for e in extract(text, published="2024-05-10").events] == [("Grenade", 4)]
    text = "Five people died when poisonous gas was spread by the rebels near Aleppo on Sunday."
    assert [e.sub_event_type for e in extract(text, published="2024-05-10").events] == ["Chemical weapon"]


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Anti-government protesters pulled down concrete walls near the parliament in Baghdad on Friday.",
     ["Violent demonstration"]),
    ("A young demonstrator hurls a plastic chair at a police van during a march in Valencia on Saturday.",
     ["Violent demonstration"]),
    ("The pitcher threw the ball over the plate in Boston on Saturday.", []),
])
def test_events_deeds_of_force_by_demonstrators_are_a_riot(extract, text, expected):
    assert [e.sub_event_type for e in extract(text, published="2024-05-10").events] == expected
