"""Tests for quote extraction: direct, partial and indirect quotes, cues and speakers."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


_MINE = {"sitrep_entity_ruler", "sitrep_people", "sitrep_quote_marks", "sitrep_quotes"}


def _quotes(nlp, text):
    """Quotes of ``text``, running only the stages quotes depend on (not figures or events)."""
    other = [n for n in nlp.pipe_names if n.startswith("sitrep_") and n not in _MINE]
    with nlp.select_pipes(disable=other):
        return nlp(text)._.quotes


def _find(quotes, fragment):
    return next((q for q in quotes if fragment in q.text), None)


@pytest.mark.parametrize("text, fragment, expected", [
    # cue after the quote, subject before the verb
    ("Aid convoys were stopped at the crossing on Monday.\n\n“We cannot reach the wounded,” "
     "UN relief coordinator Martin Haller said.",
     "cannot reach the wounded", ("Martin Haller", "UN relief coordinator", "person", "said", "direct")),
    # inverted cue: said + speaker
    ("“The shelling did not stop for three days,” said Amina Yusuf, a nurse at the hospital.",
     "shelling did not stop", ("Amina Yusuf", "nurse at the hospital", "person", "said", "direct")),
    # cue before the quote, organisation speaker
    ("In a statement, US Central Command warned, “We will respond to any further attack.”",
     "respond to any further attack", ("US Central Command", None, "organization", "warned", "direct")),
    # straight marks
    ('"Our teams are working around the clock," the Government Media Office said.',
     "working around the clock", ("Government Media Office", None, "organization", "said", "direct")),
])
def test_quotes_direct_speaker_and_cue(nlp, text, fragment, expected):
    q = _find(_quotes(nlp, text), fragment)
    assert q is not None
    assert (q.speaker, q.speaker_title, q.speaker_type, q.cue, q.kind) == expected
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text, expected", [
    # short name resolves to the fullest form; the title is kept apart
    ("Foreign Minister Lena Varga arrived in Kyiv on Tuesday. “We stand with Ukraine,” Varga said.",
     ("Lena Varga", "Foreign Minister")),
    # a pronoun resolves to the last person named
    ("Colonel Ahmed Saleh said the town had fallen. He added, “Our forces withdrew to avoid a massacre.”",
     ("Ahmed Saleh", "Colonel")),
    # ... preferring the main clause's subject over a person named in a subordinate clause
    ("Officer Tomas Brandt was in tears after Judge Ruth Okafor read the verdict. "
     "“I only defended my land,” he said.", ("Tomas Brandt", "Officer")),
    # an inverted cue with a title before the name
    ("“The road is open again,” said Sgt. Keith Morrow of the county police.", ("Keith Morrow", "Sgt.")),
])
def test_quotes_resolve_short_names_and_pronouns(nlp, text, expected):
    q = next(q for q in _quotes(nlp, text) if q.kind == "direct")
    assert (q.speaker, q.speaker_title) == expected


@pytest.mark.parametrize("text, expected", [
    # the cue right before the marks names the speaker; the one after is the reporting source
    ('The gunman handed the clerk a bag, saying, "Fill it with cash," police said.', ("gunman", "saying")),
    # a quote opening a sentence takes the cue that closed the one before it
    ("The town was calm by nightfall, Mayor Rita Ocampo said. “Nobody was hurt in the end.”",
     ("Rita Ocampo", "said")),
])
def test_quotes_cue_next_to_the_marks(nlp, text, expected):
    q = next(q for q in _quotes(nlp, text) if q.kind == "direct")
    assert (q.speaker, q.cue) == expected


@pytest.mark.parametrize("text, expected_texts", [
    # a quote split by its cue is one statement
    ("“The bridge was destroyed,” the governor said. “We have no way to bring in food.”",
     ["The bridge was destroyed We have no way to bring in food."]),
])
def test_quotes_split_by_cue_are_one_quote(nlp, text, expected_texts):
    direct = [q for q in _quotes(nlp, text) if q.kind == "direct"]
    assert [q.text for q in direct] == expected_texts
    assert direct[0].speaker == "governor"


@pytest.mark.parametrize("text, fragment, kind", [
    ("The minister said the ceasefire proposal was “full of loopholes,” and rejected it.",
     "full of loopholes", "partial"),
    ("The army spokesman said that troops had withdrawn from the northern districts overnight.",
     "troops had withdrawn from the northern districts", "indirect"),
])
def test_quotes_partial_and_indirect(nlp, text, fragment, kind):
    q = _find([q for q in _quotes(nlp, text) if q.kind == kind], fragment)
    assert q is not None
    assert q.cue == "said"


@pytest.mark.parametrize("text, expected", [
    ("Forty people were killed overnight in Rafah, according to Gaza’s Ministry of Health.",
     ("Forty people were killed overnight in Rafah", "Gaza Ministry of Health", "organization")),
    ("According to the UN refugee agency, more than 2,000 people fled across the border on Sunday.",
     ("more than 2,000 people fled across the border on Sunday", "UNHCR", "organization")),
])
def test_quotes_according_to(nlp, text, expected):
    q = next(q for q in _quotes(nlp, text) if q.kind == "indirect")
    assert (q.text, q.speaker, q.speaker_type) == expected


@pytest.mark.parametrize("text", [
    "Over a million people sheltered in the area the army had designated a “safe zone” in December.",
    "The film “Homeland” was shown at the festival.",
])
def test_quotes_scare_quotes_are_not_quotes(nlp, text):
    assert [q for q in _quotes(nlp, text) if q.kind in ("direct", "partial")] == []


@pytest.mark.parametrize("text, expected", [
    ("The briefing went on for an hour.\n\n“The first convoy arrived at dawn.\n\n"
     "“The second was turned back at the checkpoint,” the official said.",
     "The first convoy arrived at dawn.\n\nThe second was turned back at the checkpoint"),
])
def test_quotes_multi_paragraph(nlp, text, expected):
    q = next(q for q in _quotes(nlp, text) if q.kind == "direct")
    assert q.text == expected
    assert q.speaker == "official"


@pytest.mark.parametrize("text, expected", [
    # the open quote ends with its paragraph; the next paragraph is a report of its own
    ("He said “the shelling went on all night.\n\nAid agencies said 40 trucks entered Gaza on Friday.",
     [("the shelling went on all night.", "direct", None),
      ("40 trucks entered Gaza on Friday", "indirect", "Aid agencies")]),
    # marks with no words between them quote nothing
    ("“" * 5 + "\n\n" + "”" * 3, []),
    ('"', []),
])
def test_quotes_unbalanced_marks_do_not_swallow_the_article(nlp, text, expected):
    assert [(q.text, q.kind, q.speaker) for q in _quotes(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    ('WALLACE: Will you debate again?\n\nHARRIS: We will, and we will win.',
     [("Will you debate again?", "Wallace"), ("We will, and we will win.", "Harris")]),
])
def test_quotes_transcript_turns(nlp, text, expected):
    got = [(q.text, q.speaker) for q in _quotes(nlp, text)]
    assert got == expected


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "“We will rebuild every house,” the mayor said on Monday. “It will take years, but we will.”",
    "“The shelling has not stopped,” said Olena Kovalenko, a nurse.",
])
def test_quotes_parts_point_at_the_exact_words(extract, text):
    quotes = [q for q in extract(text).quotes if q.kind == "direct"]
    assert quotes
    for q in quotes:
        assert q.parts and " ".join(text[a:b] for a, b in q.parts) == q.text
        assert q.start == q.parts[0][0] and q.end == q.parts[-1][1]
