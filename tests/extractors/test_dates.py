"""Dates: explicit, relative and ranged date expressions, and the date of an incident in a span."""

from __future__ import annotations

import pytest

from sitrep.extractors.dates import date_for, find_dates

PUB = "2025-06-11"  # a Wednesday


def _one(text, published=PUB):
    refs = find_dates(text, published)
    assert len(refs) == 1, f"expected one date in {text!r}, got {refs}"
    return refs[0]


@pytest.mark.parametrize("text, expected", [
    ("On 6 June 2025, militia fighters attacked a checkpoint.", ("6 June 2025", "2025-06-06", 1)),
    ("The convoy was hit on February 6, 2024, near the border.", ("February 6, 2024", "2024-02-06", 1)),
    ("The convoy was hit on Feb. 6 near the border.", ("Feb. 6", "2025-02-06", 1)),
    ("Protesters gathered on the 3rd of May in the capital.", ("the 3rd of May", "2025-05-03", 1)),
    ("The report is dated 2024-11-30 in the archive.", ("2024-11-30", "2024-11-30", 1)),
    ("Shelling resumed in March 2023 after a lull.", ("March 2023", "2023-03-16", 3)),
    ("Aid deliveries stopped on JUNE 2 at the crossing.", ("JUNE 2", "2025-06-02", 1)),
])
def test_dates_explicit(text, expected):
    ref = _one(text)
    assert (ref.text, ref.date, ref.precision) == expected
    assert text[ref.start:ref.end] == ref.text


@pytest.mark.parametrize("text, expected", [
    # a past date without a year never lands after publication: it goes back a year
    ("Militants stormed the town on 20 December.", "2024-12-20"),
    ("Militants stormed the town on June 11.", "2025-06-11"),
    # unless the sentence speaks of the future
    ("Talks will resume on 20 December in Geneva.", "2025-12-20"),
    ("Talks will resume on 20 January in Geneva.", "2026-01-20"),
    # or the date is only weeks ahead: a schedule, not last year's event
    ("The suspect is due back in court July 2.", "2025-07-02"),
])
def test_dates_year_from_publication(text, expected):
    assert _one(text).date == expected


@pytest.mark.parametrize("text, expected", [
    ("Gunmen opened fire on Monday, killing two.", ("2025-06-09", 1)),
    ("Gunmen opened fire on Wednesday night.", ("2025-06-11", 1)),
    ("Gunmen opened fire last Wednesday.", ("2025-06-04", 1)),
    ("The council will vote on Friday.", ("2025-06-13", 1)),
    ("The victim is expected to survive, police said Monday.", ("2025-06-09", 1)),
    ("He died due to his injuries on Monday.", ("2025-06-09", 1)),
    ("A drone struck the market yesterday.", ("2025-06-10", 1)),
    ("Two people were shot last night in the north of the city.", ("2025-06-10", 1)),
    ("The ministry said today that the crossing is closed.", ("2025-06-11", 1)),
    ("Troops raided the camp earlier this week.", ("2025-06-09", 2)),
    ("Troops raided the camp last week.", ("2025-06-05", 2)),
    ("Troops raided the camp last month.", ("2025-05-16", 3)),
    ("The house was hit two days ago, residents said.", ("2025-06-09", 1)),
    ("The house was hit a week ago, residents said.", ("2025-06-04", 2)),
    ("The house was hit a few days ago, residents said.", ("2025-06-08", 2)),
    ("Gunmen opened fire early on New Year's Day.", ("2025-01-01", 1)),
    ("The shooting happened New Year's night at a hotel.", ("2025-01-01", 1)),
])
def test_dates_relative_to_publication(text, expected):
    ref = _one(text)
    assert (ref.date, ref.precision) == expected


@pytest.mark.parametrize("text, expected", [
    ("Fighting raged between February 6 and 7 in the suburbs.",
     ("range", "2025-02-06", "2025-02-07", "between February 6 and 7")),
    ("Gunfire continued between the evenings of March 3 and 4.",
     ("range", "2025-03-03", "2025-03-04", "between the evenings of March 3 and 4")),
    ("The siege lasted from 19 February to 23 March 2024.",
     ("range", "2024-02-19", "2024-03-23", "from 19 February to 23 March 2024")),
    ("Floods hit the valley on 6-8 May 2024.", ("range", "2024-05-06", "2024-05-08", "6-8 May 2024")),
    ("Twelve people were killed in the past 24 hours.",
     ("window", "2025-06-10", "2025-06-11", "in the past 24 hours")),
    ("Aid trucks entered over the past week.", ("window", "2025-06-04", "2025-06-11", "over the past week")),
    ("Over 300 people have died since October 7.", ("since", "2024-10-07", "2025-06-11", "since October 7")),
    ("Thousands have fled since the start of the war.",
     ("since", None, "2025-06-11", "since the start of the war")),
    ("Totals since the start of the offensive on 7 October 2023 were revised.",
     ("since", "2023-10-07", "2025-06-11", "since the start of the offensive on 7 October 2023")),
    ("Since the ceasefire (October 11), 90 bodies were recovered.",
     ("since", "2024-10-11", "2025-06-11", "Since the ceasefire (October 11")),
])
def test_dates_periods(text, expected):
    ref = _one(text)
    assert (ref.kind, ref.period_start, ref.period_end, ref.text) == expected
    assert ref.kind != "window" or ref.date is None


@pytest.mark.parametrize("text, expected", [
    ("On 6/5/2025 the checkpoint reopened; on June 7 it closed again.", "2025-06-05"),  # month first
    ("On 6/5/2025 the checkpoint reopened; on 7 June it closed again.", "2025-05-06"),  # day first
    ("On 25/5/2025 the checkpoint reopened.", "2025-05-25"),                             # only one reading
])
def test_dates_numeric_order(text, expected):
    assert find_dates(text, PUB)[0].date == expected


@pytest.mark.parametrize("text, expected", [
    ("It may rain, the Sun reported, and USA Today agreed.", []),
    ("He fired 2024 rounds, and 15 people fled.", []),
    ("The regiment served in 2022 and in May.", [("2022", None, 3), ("May", "2025-05-16", 3)]),
    ("No one answered the door on Wednesday (Feb. 19).", [("Wednesday (Feb. 19", "2025-02-19", 1)]),
    ("Clashes went on from Monday to Wednesday.", [("from Monday to Wednesday", "2025-06-09", 2)]),
    ("He served in the army from 2019 until 2021.", [("from 2019 until 2021", None, 3)]),
    ("Shelling hit the town on 6 June.", [("6 June", "2025-06-06", 1)]),
    # told on a Wednesday, "last weekend" is the weekend just past
    ("Police named the man shot last weekend.", [("last weekend", "2025-06-07", 2)]),
])
def test_dates_not_dates_and_merges(text, expected):
    assert [(r.text, r.date, r.precision) for r in find_dates(text, PUB)] == expected


@pytest.mark.parametrize("text, expected", [
    # without a publication date, a year-less date takes the nearest explicit year in the text
    ("On 11 April 2023, fighters clashed in the town after two were killed on 9 April.",
     ["2023-04-11", "2023-04-09"]),
    ("Gunmen opened fire on Monday.", [None]),
])
def test_dates_without_publication(text, expected):
    assert [r.date for r in find_dates(text, None)] == expected


@pytest.mark.parametrize("text, expected", [
    # a byline date line under the headline anchors relative dates when there is no publication date
    ("Shelling intensifies in the south\n\nJane Doe\n7 February 2024\n\nTroops shelled the city on "
     "Wednesday and again last week, the worst since October 7.",
     [("7 February 2024", "2024-02-07"), ("Wednesday", "2024-02-07"), ("last week", "2024-02-01"),
      ("since October 7", None)]),
])
def test_dates_article_date_anchors(text, expected):
    refs = find_dates(text, None)
    assert [(r.text, r.date) for r in refs] == expected
    assert refs[-1].period_start == "2023-10-07"


@pytest.mark.parametrize("text, expected", [
    ("On 6 June 2025, shelling hit the town. The next day, drones struck the market.",
     ["2025-06-06", "2025-06-07"]),
    ("Clashes erupted on Monday and continued later that day.", ["2025-06-09", "2025-06-09"]),
    ("The following day, the convoy left.", [None]),
])
def test_dates_anaphoric(text, expected):
    assert [r.date for r in find_dates(text, PUB)] == expected


def _parse(nlp, text, published):
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


@pytest.mark.model
@pytest.mark.parametrize("text, span, published, expected", [
    # ACLED-style note: the opening date, whole text as the span
    ("On 6 June 2025, militants shelled the base. Two days later the army struck back.", None, None,
     ("2025-06-06", 1)),
    # the first dated sentence of the span frames it, even where a later one has an incident word
    ("On 11 April 2025, militias clashed near the market. The clash followed the killing of two herders "
     "on 9 April.", None, None, ("2025-04-11", 1)),
    # a date attached to a follow-up verb yields to the incident's own date
    ("Police said Tuesday that a man was shot Saturday night outside a bar.", 0, PUB, ("2025-06-07", 1)),
    ("A teenager was arrested Monday in the deadly shooting outside a cinema. The victim was shot Sunday "
     "evening.", 0, PUB, ("2025-06-08", 1)),
    # a passive report is the incident itself
    ("Two shootings were reported late Monday night in the city, police said Tuesday.", 0, PUB,
     ("2025-06-09", 1)),
    # no date in the span: a following sentence tells when
    ("A cyclist was hurt in a shooting near the river port. It happened at about 4 a.m. Friday, "
     "officers said.", 0, PUB, ("2025-06-06", 1)),
    # the incident's own word beats an earlier date in the same sentence
    ("Detectives on Friday obtained warrants in a shooting Thursday night.", 0, PUB, ("2025-06-05", 1)),
    # a dateline is the article's date, not the incident's
    ("SPRINGFIELD (June 10, 2025) - A man was shot on the east side Monday night.", 0, PUB, ("2025-06-09", 1)),
    # a week made exact by a later sentence inside it
    ("A farmer was shot last week in the Ridgeview area, the sheriff said. Deputies say the farmer was "
     "shot last Thursday and died two days later.", 0, PUB, ("2025-06-05", 1)),
    # a date closing the reported clause before ", police said" is the incident's, not the saying's
    ("A girl shot her uncle in the leg Monday night, March 3, police said. The department released a "
     "statement about the shooting Tuesday.", None, "2025-03-07", ("2025-03-03", 1)),
    # no date in or after the span: the nearest one before it, even one hanging from a follow-up verb
    ("Troopers seized four rifles, one of them reported stolen, Sunday morning while carrying out a "
     "traffic stop. Three men were arrested during the stop on Hollis Lane.", 1, PUB,
     ("2025-06-08", 1)),
    # nothing at all: the publication date, within a week
    ("A cyclist was hurt in a shooting near the river port.", 0, PUB, (PUB, 2)),
    ("A cyclist was hurt in a shooting near the river port.", 0, None, (None, 3)),
])
def test_dates_date_for(nlp, text, span, published, expected):
    doc = _parse(nlp, text, published)
    sent = list(doc.sents)[span] if span is not None else doc[:]
    assert date_for(doc, sent.start_char, sent.end_char) == expected


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    # a later paragraph with no date of its own takes the dateline's
    ("KYIV, June 6 (Reuters) - Russian drones hit the city, officials said.\n\nFive people were "
     "wounded in the strike on a residential block.", ("2025-06-06", 1)),
])
def test_dates_date_for_article_date(nlp, text, expected):
    doc = _parse(nlp, text, "2025-06-09")
    last = list(doc.sents)[-1]
    assert date_for(doc, last.start_char, last.end_char) == expected


@pytest.mark.parametrize("text, published, expected", [
    ("Since the ceasefire (October 11): 1,285 martyrs.", "2026-08-22", "2025-10-11"),
])
def test_dates_since_a_yearless_date_is_in_the_past(text, published, expected):
    refs = find_dates(text, published)
    assert expected in {r.date for r in refs} | {r.period_start for r in refs}


@pytest.mark.model
def test_date_of_the_incidents_own_phrase_beats_the_follow_up(extract):
    """A charge on Tuesday over "the shooting at a mall on March 2" is dated by the shooting."""
    text = "Prosecutors on Tuesday charged a 19-year-old man over the shooting at a Dayton mall on March 2."
    assert [e.date for e in extract(text, published="2024-03-20").events] == ["2024-03-02"]
