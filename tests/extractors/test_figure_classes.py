"""Figures on whole-article prose (issue 14): the grammar that decides a count's value, category and
scope. Every sentence here is written for these tests."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _figures(extract, text, published="2024-03-14"):
    return extract(text, published=published).figures


def _got(extract, text):
    return {(f.value, f.category) for f in _figures(extract, text)}


def _one(extract, text, value, category=None):
    hits = [f for f in _figures(extract, text) if f.value == value and category in (None, f.category)]
    assert hits, f"no figure {value} {category} in {[(f.value, f.category) for f in _figures(extract, text)]}"
    return hits[0]


# -- not counts at all ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Police named the dead woman as Mariam Haddad, 31, of Eastfield.",
    "The driver, aged 52, was arrested at the scene.",
    "A 19-year-old man was shot and killed outside a bar.",
    "The officer was killed Jan. 14 when his car left the road.",
    "The officer was killed Sept. 3 when his car left the road.",
    "Case Number: 2209040117",
    "The monitor logged an average of nine incidents per day, against a daily average of four last year.",
    "Over the last few weeks, the shelling has intensified.",
    "The man was stabbed 14 times in the attack.",
])
def test_not_counts(extract, text):
    assert not [f for f in _figures(extract, text) if f.category != "other"], \
        [(f.value, f.category) for f in _figures(extract, text)]


def test_none_injured_is_no_figure(extract):
    assert _got(extract, "Officials said no pupils were injured when the roof collapsed.") == set()


# -- values ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("Nearly half a million people have fled the region since the spring.", 500_000),
    ("About a quarter of a million people fled the city.", 250_000),
    ("Dozens of villagers were wounded in the raid.", 12),
    ("Hundreds of residents were displaced by the fighting.", 100),
])
def test_fractions_and_vague_amounts(extract, text, value):
    _one(extract, text, value)


# -- categories -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # coordinated counts keep their own predicates
    ("The war has left more than 900 dead and around 410,000 displaced, the agency said.",
     {(900, "killed"), (410_000, "displaced")}),
    ("Police said 14 were injured and 9 arrested after the march.", {(14, "injured"), (9, "detained")}),
    (("Some 300,000 people have died, more than 2.1 million are refugees and 3.2 million are internally "
      "displaced."), {(300_000, "killed"), (2_100_000, "displaced"), (3_200_000, "displaced")}),
])
def test_coordinated_counts(extract, text, expected):
    assert expected <= _got(extract, text)


@pytest.mark.parametrize("text, value, category", [
    ("Since the raid began, 85 people have been taken hostage.", 85, "abducted"),
    ("Officials said 64 people are held captive by the militia.", 64, "abducted"),
    ("Roughly 600 foreign fighters are being held in prisons run by the militia.", 600, "detained"),
    ("Rescuers said 40 people remain trapped under the collapsed block.", 40, "missing"),
])
def test_states_named_by_a_complement(extract, text, value, category):
    assert _one(extract, text, value).category == category


@pytest.mark.parametrize("text, value, category", [
    ("The shelling damaged 31 schools and 9 hospitals across the province.", 31, "homes_destroyed"),
    ("The shelling damaged 31 schools and 9 hospitals across the province.", 9, "homes_destroyed"),
    ("At least 14 mosques were destroyed in the bombardment.", 14, "homes_destroyed"),
    ("Four people were killed in two separate settler attacks on the village.", 2, "attacks"),
])
def test_buildings_and_attacks(extract, text, value, category):
    assert _one(extract, text, value).category == category


@pytest.mark.parametrize("text, value", [
    # a count of places or things is not a count of the people the verb is about
    ("About 9,000 people are sheltering in 37 schools in the south.", 37),
    ("The families were moved into two of the three camps after the fighting.", 2),
    ("Four of the ambulances were evacuated from the north.", 4),
])
def test_things_take_no_category_from_the_verb(extract, text, value):
    assert not [f for f in _figures(extract, text) if f.value == value]


@pytest.mark.parametrize("text, value, category", [
    ("The ministry recorded 6,200 deaths, of whom 2,400 were children.", 2400, "killed"),
    ("Of those killed, 27 are women.", 27, "killed"),
    ("At least 61 families comprising 340 people, including 150 children, were displaced from the hamlet.",
     340, "displaced"),
    ("At least 61 families comprising 340 people, including 150 children, were displaced from the hamlet.",
     150, "displaced"),
    ("The strikes damaged 40 schools and 12 hospitals, three of which were destroyed.", 3, "homes_destroyed"),
])
def test_parts_of_a_counted_group(extract, text, value, category):
    assert _one(extract, text, value).category == category


# -- scope ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, scope", [
    ("As of 2 March, 96 aid workers have been killed in the enclave.", 96, "cumulative"),
    ("Since 3 January, 412 people have been arrested.", 412, "cumulative"),
    # a fronted adverbial scopes over every count of its sentence
    ("In the past 24 hours, 41 people were killed and 70 injured.", 70, "period"),
    ("Since the start of the offensive, 1,200 people were killed and 3,400 injured.", 3400, "cumulative"),
    ("Between 4 and 6 May, 17 people were killed in the district.", 17, "period"),
    # lasting states are running totals
    ("Some 75 people are still missing after the floods.", 75, "cumulative"),
    ("About 320 people are held captive in the tunnels.", 320, "cumulative"),
    ("The agency reached 150,000 displaced people living in schools.", 150_000, "cumulative"),
    # a count under a perfect-tense tally
    ("Monitors had documented 44 attacks on clinics, resulting in 19 deaths among medics.", 19, "cumulative"),
    # a part is counted over its whole's span
    ("Since October, 3,100 people have been killed, including 1,050 children.", 1050, "cumulative"),
])
def test_scope(extract, text, value, scope):
    assert _one(extract, text, value).scope == scope


def test_displacement_event_is_an_incident(extract):
    fig = _one(extract, "Hundreds of families fled the village on Tuesday after the shelling.", 100)
    assert (fig.category, fig.scope) == ("displaced", "incident")


# -- restatements, clause boundaries and coordinated predicates ----------------------------------

def test_group_restated_in_people(extract):
    text = "Rescuers said 23 entire families were killed, amounting to about 140 people."
    assert _got(extract, text) == {(140, "killed")}
    text = "At least 35 households comprising 210 people, including 95 children, were displaced from the valley."
    assert _got(extract, text) == {(210, "displaced"), (95, "displaced")}


def test_a_family_count_alone_stands(extract):
    assert (100, "displaced") in _got(extract, "Hundreds of families fled the district overnight.")


def test_toll_in_a_trailing_clause(extract):
    figs = _figures(extract, "The raids killed 9 more people, bringing the death toll since 3 May to 87.")
    by_value = {f.value: (f.category, f.scope) for f in figs}
    assert by_value[87] == ("killed", "cumulative")  # 87 no day, month or year can be
    assert by_value[9] == ("killed", "incident")  # the toll's clause is not the 9's


@pytest.mark.parametrize("text, value, category", [
    ("Nearly 230,000 are sheltering in 61 schools.", 230_000, "displaced"),
    ("At least 70 IDPs sheltering in the clinic had been killed.", 70, "killed"),
    ("About 150 men were rounded up, shot or beheaded.", 150, "killed"),
    ("Eleven aid workers were abducted and later killed.", 11, "killed"),
])
def test_the_clause_predicate_decides(extract, text, value, category):
    assert _one(extract, text, value).category == category


def test_a_conjunct_of_its_own_keeps_the_tense(extract):
    fig = _one(extract, "About 1,900 villagers have been declared missing and could be trapped under mud.", 1900)
    assert (fig.category, fig.scope) == ("missing", "cumulative")


@pytest.mark.parametrize("text, value, category", [
    ("The ministry said 412 health workers have been killed. Of them, at least 90 were on duty.", 90, "killed"),
    ("The toll has reached 8,200. Of those whose ages are known, 2,900 are children.", 2900, "killed"),
    # "of which" counts the same kind of thing as its antecedent
    ("The strikes damaged 40 schools, two of which were used as shelters for displaced families.",
     2, "homes_destroyed"),
    ("The fatalities include at least 140 medical staff, the ministry said.", 140, "killed"),
])
def test_parts_told_by_pronoun_or_verb(extract, text, value, category):
    assert _one(extract, text, value).category == category


@pytest.mark.parametrize("text, value", [
    # the verb's other argument names what is counted only when it is a count ("toll", "number")
    ("Doctors warned the evacuation would endanger the lives of 15 children on ventilators.", 15),
    # a part whose own verb says what it is is no count of the group
    ("Some 80,000 IDPs received vouchers. Of those, 51,000 have been redeemed.", 51000),
])
def test_no_category_from_unrelated_words(extract, text, value):
    assert not [f for f in _figures(extract, text) if f.value == value and f.category != "other"]


@pytest.mark.parametrize("text, value, scope", [
    # the perfect of news tells one incident; a tally's participle counts many
    ("Gunmen have attacked a police post in the east of the province, killing 12 officers.", 12, "incident"),
    ("Unknown gunmen have opened fire on a minibus near the border, killing one passenger.", 1, "incident"),
    ("The monitors had documented 57 attacks on clinics, resulting in 16 deaths.", 16, "cumulative"),
])
def test_perfect_of_news_is_one_incident(extract, text, value, scope):
    fig = next(f for f in extract(text, published="2024-05-10").figures if f.value == value)
    assert fig.scope == scope


@pytest.mark.parametrize("text, value, scope", [
    # a perfect told with its incident is the news of that incident
    ("Four villagers have been killed in a landmine explosion near Sirte, officials said on Monday.", 4, "incident"),
    ("Three people have been killed and 20 wounded after police opened fire on marchers in Basra.", 3, "incident"),
    # a perfect counted from a date is a running total
    ("At least 1,200 people have been killed since the war began, the ministry said.", 1200, "cumulative"),
    # an operation's news names who did it; a passive count with no incident is a running total
    ("Security forces in the north have killed 45 suspected rebels, an army spokesman said on Friday.", 45,
     "incident"),
    ("At least 1,500 people have been killed, the health ministry said on Friday.", 1500, "cumulative"),
])
def test_perfect_told_with_its_incident(extract, text, value, scope):
    fig = next(f for f in extract(text, published="2024-05-10").figures if f.value == value)
    assert fig.scope == scope
