"""Tests for store/bounds.py and the 64-bit counts (migration 0003): what the store holds, and what it refuses per article."""

from __future__ import annotations

import dataclasses
import re

import pytest
from sqlalchemy import select

from sitrep.errors import StoreError
from sitrep.store import connect, iter_extractions, save_article
from sitrep.store.tables import articles, incidents

from ._records import RAFAH, article, event, extraction, rich_report

SENTENCE = "An air strike on a market in Rafah killed a great many people, officials said."


def _strike(id: str, **changes) -> tuple:
    """A one-event article; ``changes`` replace fields of its event (``fatalities``...) or its article."""
    text = f"{SENTENCE} The count was given by the regional office."
    art = article(id, text, url=f"https://wire.example/{id}", source="Example Wire")
    ev = event(text, SENTENCE)
    ev = dataclasses.replace(ev, **{k: v for k, v in changes.items() if k in ev.__dataclass_fields__})
    art = dataclasses.replace(art, **{k: v for k, v in changes.items() if k in art.__dataclass_fields__})
    return art, extraction(art, events=[ev])


@pytest.mark.parametrize("fatalities, injured", [(3_000_000_000, 5_000_000_000), (2**63 - 1, 0)])
def test_issue_13_counts_over_32_bits_are_stored(engine, fatalities, injured):
    """PostgreSQL's INTEGER stops at 2^31: a larger count failed the whole batch ('cannot store batch')."""
    art, res = _strike("big", fatalities=fatalities, injured=injured)
    with engine.begin() as conn:
        assert save_article(conn, art, res) == "stored"
    with engine.connect() as conn:
        (_, back), = list(iter_extractions(conn))
        incident = conn.execute(select(incidents)).mappings().one()
    assert (back.events[0].fatalities, back.events[0].injured) == (fatalities, injured)
    assert (incident["fatalities_best"], incident["injured_best"]) == (fatalities, injured)


def _figure_with(**changes):
    def change(art, res):
        return art, dataclasses.replace(res, figures=[dataclasses.replace(rich_report()[1].figures[1], **changes)])
    return change


@pytest.mark.parametrize("change, where, why", [
    (lambda a, r: _strike(a.id, fatalities=99999999999999999999), "events[0].fatalities", "out of range"),
    (lambda a, r: _strike(a.id, injured=-(2**70)), "events[0].injured", "out of range"),
    (_figure_with(value=float("inf")), "figures[0].value", "not a finite number"),
    (_figure_with(value=10**400), "figures[0].value", "about 401 digits"),
    (_figure_with(low=float("nan")), "figures[0].low", "not a finite number"),
    (_figure_with(qualifier="approximately-at-least"), "figures[0].qualifier", "22 characters long"),
    (_figure_with(place=dataclasses.replace(RAFAH, name="Raf\ud800ah")), "figures[0].place.name", "lone surrogate"),
    (lambda a, r: _strike(a.id, title="A title with a \x00 in it"), "title", "NUL"),
    (lambda a, r: _strike(a.id, published="2024-02-12T08:00"), "published", "16 characters long"),
    (lambda a, r: _strike(a.id, text="A text with a lone \udc80 surrogate in it."), "text", "lone surrogate"),
])
def test_issue_13_a_value_that_does_not_fit_fails_its_article_only(engine, change, where, why):
    """The article is refused with its reason before anything is written; the transaction goes on."""
    first, last = _strike("first"), _strike("last", fatalities=3)
    bad = change(*_strike("bad"))
    with engine.begin() as conn:
        save_article(conn, *first)
        with pytest.raises(StoreError, match=rf"cannot store article 'bad': {re.escape(where)} .*{why}"):
            save_article(conn, *bad)
        save_article(conn, *last)
    with engine.connect() as conn:
        assert sorted(conn.execute(select(articles.c.doc_id)).scalars()) == ["first", "last"]


@pytest.mark.parametrize("field, length", [("title", 5_000), ("source", 600), ("author", 2_000), ("url", 6_000)])
def test_issue_13_long_text_fields_are_kept_whole(engine, field, length):
    """Text columns are unbounded (Text): what the API returns is what was stored, however long."""
    art, res = _strike("long", **{field: "W" * length})
    with engine.begin() as conn:
        save_article(conn, art, res)
    with engine.connect() as conn:
        (back, _), = list(iter_extractions(conn))
    assert getattr(back, field) == "W" * length


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_issue_13_an_event_at_the_end_of_the_calendar_is_stored(engine, day):
    """Linking looks a few days either side of an event: past year 9999 that overflowed."""
    art, res = _strike("far", date=day)
    with engine.begin() as conn:
        assert save_article(conn, art, res) == "stored"
    with engine.connect() as conn:
        assert conn.execute(select(incidents.c.date)).scalar_one() == day


def test_issue_13_migration_0003_keeps_rows_and_widens_counts(db_url):
    """A store at 0002 with rows in it upgrades to 64-bit counts and keeps every row."""
    from alembic import command

    from sitrep.store.db import alembic_config

    engine = connect(db_url, migrate=False)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    with engine.begin() as conn:
        # With no place: today's code writes places' later columns (geo_confidence, 0005) that 0002 lacks.
        save_article(conn, *_strike("old", fatalities=12, place=None))
    engine.dispose()
    engine = connect(db_url)  # upgrades to the head
    with engine.begin() as conn:
        save_article(conn, *_strike("new", url="https://wire.example/new", fatalities=4_000_000_000))
    with engine.connect() as conn:
        counts = {a.id: r.events[0].fatalities for a, r in iter_extractions(conn)}
    engine.dispose()
    assert counts == {"old": 12, "new": 4_000_000_000}
