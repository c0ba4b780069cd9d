"""Tests for long articles read in pieces (pieces.py) and the per-document time budget (process.py)."""

from __future__ import annotations

import pytest

from sitrep.pieces import joined, piece_bounds, shifted
from sitrep.types import Entity, Event, Extraction, Figure, Quote


@pytest.mark.parametrize("text, size, cuts", [
    ("First paragraph here.\n\nSecond one is here.\n\nThird.", 25, ["First paragraph here.\n\n",
                                                                  "Second one is here.\n\n", "Third."]),
    ("One sentence ends. Another one runs on", 30, ["One sentence ends. ", "Another one runs on"]),
    ("words without any stop at all in them here", 20, ["words without any ", "stop at all in them ",
                                                        "here"]),
    ("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5]),
    ("short", 100, ["short"]),
])
def test_pieces_cut_at_paragraphs_then_sentences_then_spaces(text, size, cuts):
    bounds = piece_bounds(text, size)
    assert [text[s:e] for s, e in bounds] == cuts
    assert all(e - s <= size for s, e in bounds)


def test_pieces_records_move_to_the_articles_offsets():
    quote = Quote(text="We fled", start=3, end=10, parts=((3, 10),))
    figure = Figure(value=4, category="killed", start=0, end=1, text="4 killed")
    first = Extraction(id="a", title="T", figures=[figure])
    second = Extraction(id="a", quotes=[quote], entities=[Entity(text="Goma", label="GPE", canonical="Goma",
                                                                  start=20, end=24)],
                        events=[Event(event_type="Battles", sub_event_type="Armed clash", start=5, end=9,
                                      text="clash")])
    article = joined(Extraction(id="a", title="T"), [(0, first), (100, second)])
    assert article.title == "T"
    assert [(f.start, f.end) for f in article.figures] == [(0, 1)]
    assert [(q.start, q.end, q.parts) for q in article.quotes] == [(103, 110, ((103, 110),))]
    assert [(e.start, e.end) for e in article.entities] == [(120, 124)]
    assert [(e.start, e.end) for e in article.events] == [(105, 109)]
    assert shifted(figure, 7).start == 7 and figure.start == 0


#: A report written for these tests; every paragraph names its own town, day and counts.
PARAGRAPH = ("Shelling hit a market in {town} on {day} May, killing {dead} people and wounding {hurt}, "
             "the regional governor said.\n\n")


@pytest.mark.model
def test_pieces_long_article_is_read_whole_in_pieces(extract, monkeypatch):
    from sitrep.resources import thresholds

    towns = ["Kharkiv", "Kherson", "Sumy", "Odesa"]
    text = "".join(PARAGRAPH.format(town=towns[i % 4], day=i + 1, dead=i + 2, hurt=i + 10) for i in range(12))
    whole = extract(text, published="2024-05-20")
    monkeypatch.setitem(thresholds()["input"], "piece_chars", 400)
    pieces = extract(text, published="2024-05-20")
    assert not pieces.errors
    killed = sorted(f.value for f in pieces.figures if f.category == "killed")
    assert killed == list(range(2, 14)) == sorted(f.value for f in whole.figures if f.category == "killed")
    for fig in pieces.figures:  # every offset points into the article's own text
        assert str(int(fig.value)) in text[fig.start:fig.end]
    assert [e.place.name for e in pieces.events] == [e.place.name for e in whole.events]


@pytest.mark.model
def test_pieces_article_over_the_time_budget_is_an_error_and_the_batch_goes_on(nlp, monkeypatch):
    from sitrep.process import extract_many
    from sitrep.resources import thresholds

    text = "".join(PARAGRAPH.format(town="Sumy", day=i + 1, dead=i + 2, hurt=3) for i in range(12))
    monkeypatch.setitem(thresholds()["input"], "piece_chars", 400)
    monkeypatch.setitem(thresholds()["input"], "time_budget_s", 0)
    results = list(extract_many([{"id": "long", "text": text}, {"id": "short", "text": PARAGRAPH.format(
        town="Sumy", day=1, dead=2, hurt=3)}]))
    assert [r.id for r in results] == ["long", "short"]
    assert results[0].errors[0].startswith("extract: stopped: over the time budget of 0 s") and not results[0].figures
    assert not results[1].errors and results[1].figures
