"""Who said it and who gave the number, on whole short articles: quote speakers named in full and
kept apart when they share a name, and figures' reported_by / attribution."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

PUBLISHED = "2024-05-14"


def _quote(extract, text, fragment):
    quotes = extract(text, published=PUBLISHED).quotes
    return next(q for q in quotes if fragment in q.text and q.kind in ("direct", "partial"))


def _figure(extract, text, value, category=None):
    figs = extract(text, published=PUBLISHED).figures
    return next(f for f in figs if f.value == value and (category is None or f.category == category))


# -- speakers: the fullest name, the right person ---------------------------------------------

@pytest.mark.parametrize("text, fragment, speaker", [
    # a father quoted about his daughter is not the daughter: the surname goes to the one named last
    ("Maya Keller, a volunteer medic from Leeds, was killed in the shelling on Sunday. "
     "Her father, Tom Keller, said she had gone to help the wounded. "
     "“She never once backed away from anything she believed in,” Mr Keller said.",
     "never once backed away", "Tom Keller"),
    ("Maya Keller, a volunteer medic from Leeds, was killed in the shelling on Sunday. "
     "Tom Keller said his daughter had gone to help the wounded. "
     "“She would have gone back tomorrow if she could,” he said.",
     "would have gone back tomorrow", "Tom Keller"),
    # two people sharing a surname are two people, each named in full
    ("Tom Keller said his daughter had gone to help. Ruth Keller, her aunt, added: "
     "“We were all so proud of the work she did there.”", "all so proud", "Ruth Keller"),
    # a short form of a name given in full earlier, with an honorific
    ("Vladimir Putin flew to the Hmeimim air base on Monday to meet Russian troops. "
     "“You are coming home as victors,” Mr Putin told the soldiers.", "coming home as victors",
     "Vladimir Putin"),
    # a given name used alone later in a feature
    ("“We lost everything in a single night,” says Samira Haddad, who fled the camp in March. "
     "She now lives with her cousins in a rented flat. “I want to go home before winter,” Samira says.",
     "go home before winter", "Samira Haddad"),
    # a name the tagger reads as a place, speaking, then named by its surname alone
    ("Hareth Dabbagh, 24, from Afrin, said: “Nobody here wanted this war to come to our street.” "
     "Dabbagh, who said he had lost his shop in the fighting, added: “We will rebuild it ourselves.”",
     "rebuild it ourselves", "Hareth Dabbagh"),
    # a party or a place before a full name is not part of it
    ("Republican Dana Whitfield spoke after the vote. “This bill will not pass the Senate,” Whitfield said.",
     "will not pass the Senate", "Dana Whitfield"),
    ("“The paper stands by its reporting,” the New York Post said in a statement on Friday.",
     "stands by its reporting", "New York Post"),
])
def test_speaker_is_the_fullest_name_of_the_right_person(extract, text, fragment, speaker):
    assert _quote(extract, text, fragment).speaker == speaker


@pytest.mark.parametrize("text, fragment, speaker", [
    # a bare title names whose voice it is
    ("The Spokesperson for the UN Refugee Agency stated on Tuesday that there were “credible "
     "reports that families fleeing south were struck on the coastal road”.", "credible reports that families",
     "Spokesperson for the UN Refugee Agency"),
    # "the official" is the official the article described before
    ("A senior administration official said the withdrawal had been put on hold. Troops will stay at "
     "the base until the spring. “We are not going to leave our partners overnight,” the official said.",
     "not going to leave our partners", "senior administration official"),
    ("One former official said the offer was weaker than it looked. “Where I sat, that "
     "is what a polite refusal looks like,” the official said.", "what a polite refusal", "former official"),
    # an acronym the article uses for an organisation it named in full
    ("The Syrian Democratic Forces, a Kurdish-led alliance, condemned the decision on Wednesday. "
     "“Our fight with the jihadists is far from over,” the SDF said in a statement.",
     "fight with the jihadists is far from", "Syrian Democratic Forces"),
    # titles joined before the name: the name speaks
    ("In a statement on Sunday, field commander and spokesperson Delal Amed said: “Her loss is a great "
     "loss to all of us who fought beside her.”", "great loss to all of us", "Delal Amed"),
])
def test_speaker_described_in_full(extract, text, fragment, speaker):
    assert _quote(extract, text, fragment).speaker == speaker


# -- figures: who gave the number ---------------------------------------------------------------

@pytest.mark.parametrize("text, value, reported_by", [
    # canonical names of the agencies that count
    ("OCHA has recorded 93 settler attacks against Palestinians since 7 October.", 93, "UN OCHA"),
    ("WHO has documented 120 attacks on clinics and ambulances in Sudan.", 120, "World Health Organization"),
    ("At least 1,250 people have been killed in Israel, according to official Israeli sources.", 1250,
     "Israeli authorities"),
    ("According to Gaza's Ministry of Health (MoH), 316 people died in the past 24 hours.", 316,
     "Gaza Ministry of Health"),
    ("The Committee to Protect Journalists said 41 journalists had been killed since the war began.", 41,
     "Committee to Protect Journalists"),
    # a document names its issuer: "a statement from X", "per the figures from X"
    ("Nine infants froze to death in the desert camp over four weeks, a statement from UNICEF "
     "said on Tuesday.", 9, "UNICEF"),
    ("About 2,100 people are still missing under collapsed buildings, per the newest figures from MoH Gaza.",
     2100, "Gaza Ministry of Health"),
    # "according to X" inside what another source said reports the figure it governs
    ("The Belgian government said it held evidence that the army ran the operation, which killed at "
     "least 40 people, according to Prime Minister Anna Claes.", 40, "Anna Claes"),
    # a report of a report: the one the article cites
    ("The New York Times said that Russian officials had estimated that 14 contractors had been killed.",
     14, "New York Times"),
    # a number inside quotation marks is reported by who is quoted
    ("“Hundreds of thousands have died in this war and nobody is counting them any more,” said Jeremy "
     "Holt, the party's leader, on Monday.", 100000, "Jeremy Holt"),
])
def test_figure_reported_by(extract, text, value, reported_by):
    fig = _figure(extract, text, value)
    assert (fig.reported_by, fig.attribution) == (reported_by, "source")


@pytest.mark.parametrize("text, value", [
    # a passive report names no reporter: the article states it
    ("Hundreds of deaths were reported at the hospital after the blast on Tuesday.", 100),
    # a source does not carry over to the article's later, unrelated statements
    ("Gaza's health ministry said 40 people were killed in the strike on Monday. Aid trucks entered the "
     "city from the south the same day. Some 3,000 families have fled the northern districts since March.",
     3000),
    ("“We will not leave,” said Samir Daher, a shopkeeper in the old market. The bombing of the "
     "concert hall in May 2017 killed 22 people.", 22),
])
def test_figure_in_the_articles_own_voice(extract, text, value):
    fig = _figure(extract, text, value)
    assert (fig.reported_by, fig.attribution) == (None, "author")


@pytest.mark.parametrize("text, value, reported_by", [
    # the next sentence refers back to what was reported
    ("Gaza's health ministry said 212 people had been killed since Sunday. These fatalities include at "
     "least 31 medical staff.", 31, "Gaza Ministry of Health"),
    ("Between 3 and 6 May, OCHA verified six settler attacks. In four of these incidents, settlers "
     "set fire to farmland.", 4, "UN OCHA"),
    # ... is itself reported, with no reporter of its own
    ("According to the Gaza health ministry, 11,240 people have been killed. About 2,600 others "
     "have been reported missing under fallen buildings.", 2600, "Gaza Ministry of Health"),
    # ... or goes on in the past perfect of reported speech
    ("Nine infants had frozen to death in the desert camp over four weeks, a statement from UNICEF "
     "said on Tuesday. Another five children had died on the road as their "
     "families fled the fighting.", 5, "UNICEF"),
])
def test_figure_source_goes_on_into_the_next_sentence(extract, text, value, reported_by):
    fig = _figure(extract, text, value)
    assert (fig.reported_by, fig.attribution) == (reported_by, "source")
