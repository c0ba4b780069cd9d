"""Reported as news or not: candidate events that are no incident the article reports are dropped, with
the reason a reviewer sees (``sitrep extract --explain``); incidents reported as news are kept.

Every article here is written for these tests.
"""

from __future__ import annotations

import pytest

from sitrep.extractors.reported import REASONS

PUBLISHED = "2024-05-10"

#: A lead that reports an incident, so that a paragraph after it is judged as part of an article
#: (a note or snippet of a few sentences is all about its event; see thresholds.toml general_min_chars).
LEAD = (
    "GAZA CITY — An Israeli airstrike on a house in the Jabalia refugee camp killed seven people on "
    "Thursday night, the Gaza health ministry said, and rescue workers searched the rubble for others "
    "until dawn. Neighbours said the family had moved there from Beit Lahia two weeks earlier. "
)
FILLER = (
    "Aid agencies said on Friday that fuel for generators at the camp's clinics would run out within "
    "days, and that water trucks had been unable to reach the northern districts for a week. Several "
    "families were sleeping in classrooms of a school run by the UN agency for Palestinian refugees, "
    "where teachers had set up a kitchen in the yard. "
)

#: More of a long article: a note or a brief report is all about its event, a long article is not.
MORE = (
    "The ministry's figures could not be verified independently. Hospitals in the north of the strip "
    "reported shortages of anaesthetics and of blood for transfusions, and doctors at one of them said "
    "they had begun treating patients in corridors because the wards were full. The World Food Programme "
    "said it had delivered flour to two distribution points in the south on Wednesday, its first "
    "deliveries there in ten days, but that convoys to the north were still waiting for clearance. "
    "Talks on a ceasefire were due to resume in Cairo next week, according to diplomats briefed on "
    "the negotiations, who spoke on condition of anonymity because they were not authorised to speak "
    "publicly. Mediators have proposed a six-week pause in which hostages would be exchanged for "
    "prisoners, and the delegations were expected to discuss the sequence of releases. "
)

LATER = (
    "In the camp itself, residents described queues of several hours for drinking water and said that "
    "the only bakery still open had run out of flour by mid-morning. A volunteer who runs a shelter in "
    "a wedding hall said more than three hundred people slept there each night, most of them women and "
    "children, and that the hall had one working toilet. "
)


def _dropped(result, reason):
    return [d for d in result.dropped_events if d.reason == reason]


@pytest.mark.parametrize("sentence, reason", [
    # negation
    ("The army said its soldiers did not fire on the crowd in Khan Younis.", "negated"),
    # plans, threats and possibilities
    ("The defence minister threatened to bomb the port of Hodeidah if the attacks at sea went on.", "unrealised"),
    ("Residents of Rafah are bracing for a possible ground offensive.", "unrealised"),
    ("The army has yet to confirm that it has retaken the town of Marib.", "negated"),
    # aims, not deeds
    ("The militia was raised by the provincial governor to fight smugglers in the desert.", "infinitive"),
    # the speaker's words, not the article's report
    ("\u201cThey shelled our street every night and we buried our neighbours in the garden,\u201d said Amal, "
     "a mother of four.", "quoted"),
    # questions
    ("Who ordered the shelling of the market in Deir al-Balah?", "question"),
    # a name, not an incident
    ("Staff of the Chemical Weapons Convention secretariat flew to Beirut for a conference.", "name"),
    # a word that only describes another noun
    ("Chemical weapons experts from three countries met in Geneva to compare notes.", "modifier"),
    # figures of speech
    ("The opposition leader hit back at comments made by the prime minister in Amman.", "figurative"),
    ("The senator has clashed repeatedly with John Harlow over the budget.", "figurative"),
    # a lasting state
    ("At least 130 people are held captive in tunnels under the city, officials believe.", "state"),
    # a weapon named, not used
    ("Laboratory tests of the soil samples from the village found traces of chlorine.", "mention"),
    # the war as a whole, told as a time
    ("Prior to the start of the fighting, some 300 lorries crossed at Nasib each weekday.", "background"),
    # a period summed up, not one incident
    ("Since 2 March, the agency has logged 40 attacks on farmers in the Jordan Valley.", "running"),
    ("As of Wednesday, 1,240 homes had been wrecked across the province of Idlib.", "running"),
    ("According to the provincial governor, as of Wednesday 310 homes had been wrecked in Idlib.", "running"),
    ("Nearly half of the deaths since 2 March came in raids on villages north of Tubas.", "running"),
    ("Between 2 and 6 May, the agency verified five attacks by settlers near Tubas.", "running"),
    ("Four clinics in Tubas have been damaged in raids since 2 April.", "running"),
    ("Additionally, since 2 April, soldiers have raided the homes of farmers in the northern valleys.", "running"),
    # a section heading
    ("\n\n### Schools and clinics after the attacks (Idlib)\n\nClinics in Nablus reported shortages of insulin.",
     "heading"),
    # an adjective, not a strike
    ("It is striking how quickly the markets of Rafah emptied this spring.", "modifier"),
    # history with its date
    ("In 2014, Islamic State fighters seized the town of Sinjar and killed hundreds of men.", "history"),
    ("The rebels captured the city of Kunduz three years ago.", "history"),
    ("Fighting between the army and the separatists went on into 2015 around Donetsk.", "history"),
])
def test_reported_drops_what_is_not_news(extract, sentence, reason):
    result = extract(LEAD + FILLER + sentence, published=PUBLISHED)
    got = _dropped(result, reason)
    assert got, f"no {reason!r} drop; dropped: {[(d.reason, d.detail) for d in result.dropped_events]}"
    assert all(d.text in LEAD + FILLER + sentence for d in got)
    # the lead's airstrike stays the article's one event
    assert [e.sub_event_type for e in result.events] == ["Air/drone strike"]


@pytest.mark.parametrize("sentence, sub_event_type", [
    ("On Friday morning, militants fired rockets at the town of Sderot, wounding two people.",
     "Shelling/artillery/missile attack"),
    ("Police fired tear gas to disperse hundreds of protesters in Ramallah on Friday.", "Protest with intervention"),
    ("Soldiers began to shell the outskirts of Khan Younis on Friday afternoon.", "Shelling/artillery/missile attack"),
    ("On Friday, gunmen tried to storm a police station in Nablus, killing one officer.", "Attack"),
    ("On Friday, militants shelled an army post near Idlib with mortar rounds filled with chlorine gas.",
     "Chemical weapon"),
])
def test_reported_keeps_incidents_told_as_news(extract, sentence, sub_event_type):
    result = extract(LEAD + FILLER + sentence, published=PUBLISHED)
    assert sub_event_type in [e.sub_event_type for e in result.events] or len(result.events) == 2, \
        [(e.sub_event_type, e.text[:60]) for e in result.events]
    assert len(result.events) == 2


def test_reported_general_statement_without_place_day_or_toll(extract):
    """"Fighting continues" with no place, day or casualty of its own is context in a long article."""
    text = LEAD + FILLER + MORE + LATER + FILLER + "Fighting between the army and the rebels has continued despite the talks."
    result = extract(text, published=PUBLISHED)
    assert _dropped(result, "general")
    assert len(result.events) == 1


def test_reported_short_note_is_its_event(extract):
    """A one-line note or snippet has no context to tell its event apart from: it is kept."""
    result = extract("Fighting between the army and the rebels has continued despite the talks.",
                     published=PUBLISHED)
    assert [e.sub_event_type for e in result.events] == ["Armed clash"]


def test_reported_incident_named_again_is_one_event(extract):
    """A later "the attack" that counts no one and names no other place or day is the same incident."""
    text = (LEAD + FILLER + MORE + LATER +
            "The United Nations secretary general condemned the airstrike in a statement on Friday "
            "and called for an investigation.")
    result = extract(text, published=PUBLISHED)
    assert len(result.events) == 1
    assert _dropped(result, "duplicate") or _dropped(result, "claimed")


def test_reported_history_casualties_count_toward_no_incident(extract):
    """A dated old attack right after today's is history: its dead are not added to today's."""
    text = (LEAD + "The camp was also hit in May 2018, when an airstrike killed 40 people. " + FILLER)
    result = extract(text, published=PUBLISHED)
    assert [e.fatalities for e in result.events] == [7]
    assert _dropped(result, "history")


def test_reported_every_reason_is_explained():
    assert all(REASONS[k] for k in REASONS)


def test_reported_cli_explain_lists_dropped_events(tmp_path):
    import json

    from typer.testing import CliRunner

    from sitrep.serve.cli import app

    path = tmp_path / "a.txt"
    path.write_text(LEAD + FILLER + "The minister threatened to bomb the port of Hodeidah.", encoding="utf-8")
    plain = CliRunner().invoke(app, ["extract", str(path), "--published", PUBLISHED])
    explained = CliRunner().invoke(app, ["extract", str(path), "--published", PUBLISHED, "--explain"])
    assert plain.exit_code == 0 and explained.exit_code == 0
    assert "dropped_events" not in json.loads(plain.stdout)
    dropped = json.loads(explained.stdout)["dropped_events"]
    assert [d["reason"] for d in dropped] == ["unrealised"]
    assert set(dropped[0]) >= {"sub_event_type", "start", "end", "text", "reason", "detail", "trigger"}


def test_reported_follow_up_of_an_old_incident_dated_elsewhere(extract):
    """Findings about an attack the article dates months back do not make a new incident today: the
    attack told to the day is the article's story, its follow-up no incident of its own."""
    text = (
        "Investigators published their findings on Thursday. The report concerns the nerve agent attack "
        "in Salisbury on 4 March, in which a former intelligence officer and his daughter were poisoned. "
        + MORE +
        "Laboratories in three countries confirmed that a nerve agent was used in the Salisbury attack, "
        "the report said."
    )
    result = extract(text, published="2018-06-14")
    assert [(e.sub_event_type, e.date) for e in result.events] == [("Chemical weapon", "2018-03-04")]
    assert [d.reason for d in result.dropped_events if d.sub_event_type == "Chemical weapon"] == ["history"]


def test_reported_a_week_long_event_is_no_sum(extract):
    """"In the past week, strikes uprooted thousands" tells one event over a week, not a sum of them."""
    text = "In the past week, Russian airstrikes on villages south of Idlib uprooted tens of thousands of people."
    result = extract(LEAD + FILLER + MORE + LATER + FILLER + text, published=PUBLISHED)
    assert [e.sub_event_type for e in result.events] == ["Air/drone strike", "Air/drone strike"]


def test_reported_a_days_report_of_a_named_force_is_incidents_not_a_toll(extract):
    """"Over the past 24 hours, soldiers shot and killed two men in X" reports that day's incident;
    "306 people were killed across the country between Monday and Tuesday" sums many up."""
    day = ("Over the past 24 hours, border guards shot and killed two smugglers and wounded four others "
           "near Ruwaished, the army said.")
    assert [e.fatalities for e in extract(LEAD + FILLER + MORE + LATER + FILLER + day, published=PUBLISHED).events][1:] \
        == [2]
    toll = "Between Wednesday and Thursday, 212 people were killed across the Gaza Strip, the ministry said."
    result = extract(LEAD + FILLER + MORE + LATER + FILLER + toll, published=PUBLISHED)
    assert len(result.events) == 1
    assert _dropped(result, "toll") or _dropped(result, "running")
