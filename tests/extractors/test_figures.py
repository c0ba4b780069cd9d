"""Figures: numbers about people or damage, with category, qualifier, scope and source."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _figures(extract, text, published="2024-03-14"):
    return extract(text, published=published).figures


def _find(figures, value):
    hits = [f for f in figures if f.value == value]
    assert hits, f"no figure {value} in {[(f.value, f.category) for f in figures]}"
    return hits[0]


@pytest.mark.parametrize("text, value, category", [
    ("Shelling killed 27,708 people in the city, officials said.", 27708, "killed"),
    ("The strike killed seven people and injured 11 others in Khan Younis.", 7, "killed"),
    ("The strike killed seven people and injuring 11 in Khan Younis.", 11, "injured"),
    ("Floods have displaced 1 million people across the province.", 1_000_000, "displaced"),
    ("Fighting has displaced one million people since January.", 1_000_000, "displaced"),
    ("Some 1½ million people have fled their homes since the war began.", 1_500_000, "displaced"),
    ("Dozens of people were wounded when the market was hit.", 12, "injured"),
    ("Hundreds of families fled the village overnight.", 100, "displaced"),
    ("Between 10 and 15 fighters were killed in the clashes.", 15, "killed"),
    ("Twenty-five villagers remain missing after the raid.", 25, "missing"),
    ("Police arrested 43 protesters outside the parliament.", 43, "detained"),
    ("Gunmen kidnapped 12 students from a school in the north.", 12, "abducted"),
    ("The militia is still holding 130 hostages.", 130, "abducted"),
    ("Troops burned over 3,000 housing units in the camp.", 3000, "homes_destroyed"),
    ("The agency recorded 290 attacks on its premises.", 290, "attacks"),
    ("The ministry said 45 martyrs had arrived at hospitals.", 45, "killed"),
    ("About 2,000 households took refuge in schools and mosques.", 2000, "displaced"),
    ("Nearly 44,000 people remained displaced by the floods.", 44000, "displaced"),
    ("The number of victims of the massacre rose to 33.", 33, "killed"),
    # a victim with a wound is a wounded victim
    ("When deputies arrived, they found one victim with a gunshot wound in the shoulder.", 1, "injured"),
    ("Medics treated two victims with stab wounds at the scene.", 2, "injured"),
    ("Three victims were rushed to the hospital.", 3, "injured"),
    ("Police arrested a suspect in the shooting of five people at a sports club.", 5, "injured"),
    ("The three remaining victims struck by stray bullets are in critical condition.", 3, "injured"),
    # a clause about part of the group does not name the whole group's fate
    ("Gunmen opened fire on a crowd, wounding five people, two of whom later died.", 5, "injured"),
])
def test_figures_value_and_category(extract, text, value, category):
    fig = _find(_figures(extract, text), value)
    assert fig.category == category


@pytest.mark.parametrize("text, value, qualifier", [
    ("At least 40 people were killed in the attack.", 40, "at_least"),
    ("More than 500 people were displaced by the fighting.", 500, "at_least"),
    ("Nearly 300 civilians have been killed this month.", 300, "about"),
    ("Around 60 people were injured in the blast.", 60, "about"),
    ("Up to 200 people may be trapped under the rubble and missing.", 200, "at_most"),
    ("Seven people were killed in the attack.", 7, "exact"),
])
def test_figures_qualifier(extract, text, value, qualifier):
    assert _find(_figures(extract, text), value).qualifier == qualifier


def test_figures_range_keeps_both_ends(extract):
    fig = _find(_figures(extract, "Between 12,500 and 16,000 residents were displaced from the valley."), 16000)
    assert (fig.low, fig.high) == (12500, 16000)


@pytest.mark.parametrize("text", [
    "The war began in 2014 and the talks resumed in 2023.",
    "Ahmed Saleh, 34, a teacher, said he had not slept.",
    "The convoy left at 9 a.m. and arrived four hours later.",
    "Aid worth $25 million arrived, covering 40 percent of needs.",
    "The ceasefire took effect on October 7 and lasted for 45 days.",
    "The road is 30 kilometres long.",
    "Police were called to the 700 block of Main Street and to 714 Summer St. on Friday.",
    "Maria Lopez, 29, of 40 Phillips Street, was charged with trespassing.",
    # a day of the month after its abbreviated name is a date, not a death toll
    "Dana Reyes was killed Feb. 21 in the stairwell of a building on Garden Street.",
])
def test_figures_ignore_years_ages_times_money_percentages_dates(extract, text):
    assert _figures(extract, text) == []


@pytest.mark.parametrize("text, value, scope", [
    ("The health ministry said the death toll since October 7 had reached 27,708.", 27708, "cumulative"),
    ("In the past 24 hours, 123 Palestinians were killed, the ministry said.", 123, "period"),
    ("Between the evenings of February 4 and 5, 86 Palestinians were killed.", 86, "period"),
    ("An airstrike on a house in Rafah killed seven people on Tuesday.", 7, "incident"),
    ("So far, 389 displaced people have been killed in the agency's shelters.", 389, "cumulative"),
    ("Over 1 million people are sheltering in the city.", 1_000_000, "cumulative"),
    # a round-up's total sums several incidents
    ("Five people were wounded in separate shootings across the city on Friday.", 5, "period"),
    ("Four men were shot at separate locations late Friday.", 4, "period"),
])
def test_figures_scope(extract, text, value, scope):
    assert _find(_figures(extract, text, "2024-02-07"), value).scope == scope


def test_figures_period_dates_resolve_against_publication(extract):
    fig = _find(_figures(extract, "Between the evenings of February 4 and 5, 86 Palestinians were killed.",
                         "2024-02-07"), 86)
    assert (fig.period_start, fig.period_end) == ("2024-02-04", "2024-02-05")


def test_figures_bulletin_sections_set_scope_and_source(extract):
    """A health ministry's bulletin: a 24-hour section, then a cumulative one, as labelled lists."""
    text = (
        "Ministry of Health – Gaza\n\n"
        "Casualties who reached the hospitals over the past 24 hours were as follows:\n"
        "• Number of martyrs: 4\n"
        "• Number of injuries: 23.\n\n"
        "Several people are still trapped under collapsed buildings where rescuers cannot get to them.\n\n"
        "Cumulative figures since the start of the aggression on October 7, 2023, stand at:\n"
        "• Cumulative number of martyrs: 68,405\n"
        "• Cumulative number of injuries:\n168,277\n"
        "• Total number of recovered bodies: 655\n\n"
        "Note: a wall collapse on Monday brought the number of people killed in collapses to 27.\n"
    )
    figs = _figures(extract, text, "2025-11-02")
    assert _find(figs, 4).scope == "period"
    assert _find(figs, 23).scope == "period"
    killed = _find(figs, 68405)
    assert (killed.category, killed.scope, killed.period_start) == ("killed", "cumulative", "2023-10-07")
    assert killed.reported_by == "Gaza Ministry of Health"
    assert _find(figs, 168277).category == "injured"
    assert _find(figs, 655).who == "recovered bodies"
    assert _find(figs, 27).period_start is None  # prose below a list is not under its heading


@pytest.mark.parametrize("text, value, reported_by", [
    ("According to Gazan officials, two airstrikes killed seven people.", 7, "Gazan officials"),
    ("Gaza's Ministry of Health said 123 people were killed.", 123, "Gaza Ministry of Health"),
    ("The UN's Palestinian refugee agency said 389 people had been killed in its shelters.", 389, "UNRWA"),
    ("Local officials reported that 14 people died in the shelling.", 14, "Local officials"),
])
def test_figures_reported_by(extract, text, value, reported_by):
    fig = _find(_figures(extract, text), value)
    assert (fig.reported_by, fig.attribution) == (reported_by, "source")


def test_figures_source_carries_to_a_continued_report(extract):
    text = ("Twelve people were killed overnight, according to the Ministry of Health. "
            "It said that the toll since the start of the war had reached 31,000.")
    fig = _find(_figures(extract, text), 31000)
    assert fig.reported_by == "Ministry of Health"


def test_figures_author_arithmetic(extract):
    text = ("The ministry said 27,000 people had been killed. Adding the 7,000 people who are missing, "
            "the death toll stands near 34,000.")
    fig = _find(_figures(extract, text), 34000)
    assert (fig.attribution, fig.reported_by, fig.qualifier) == ("author", None, "about")


def test_figures_spans_point_at_the_number(extract):
    text = "Officials said shelling killed 1,204 people."
    fig = _find(_figures(extract, text), 1204)
    assert text[fig.start:fig.end] == "1,204"
    assert fig.text == text


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "The two victims targeted were not injured.",
    "None of the three people inside the house was hurt.",
])
def test_figures_people_not_hurt_are_no_casualty_figure(extract, text):
    assert [f for f in extract(text, published="2024-03-04").figures if f.category in ("killed", "injured")] == []


@pytest.mark.parametrize("text, values", [
    ("An airstrike on a three-storey house killed 14 people.", [14]),      # not 3
    ("Every strike like this one brings us dozens of wounded.", [12]),     # not 1
])
def test_figures_hyphen_modifiers_and_pronoun_one_are_not_counts(extract, text, values):
    assert [f.value for f in _figures(extract, text)] == values


def test_figures_dozens_of_wounded(extract):
    fig = _find(_figures(extract, "Every strike like this one brings us dozens of wounded."), 12)
    assert (fig.category, fig.qualifier) == ("injured", "at_least")


def test_figures_part_shares_the_whole_category(extract):
    fig = _find(_figures(extract, "The airstrike killed at least 14 people, including six children."), 6)
    assert (fig.category, fig.who) == ("killed", "children")


def test_figures_trailing_source_after_a_place(extract):
    text = "Shelling east of the city killed three people near the town of Abasan, the Red Crescent said."
    assert _find(_figures(extract, text), 3).reported_by == "Red Crescent"


def test_figures_headline_is_not_a_document_source(extract):
    text = ("Strike on house kills 14, health officials say\n\n"
            "Shelling later killed three people in the camp.")
    fig = _find(_figures(extract, text), 3)
    assert fig.reported_by is None
