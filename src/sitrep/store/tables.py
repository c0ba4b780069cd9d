"""Store stage: the SQLAlchemy tables (kept apart from the contract types; repo.py converts).

One row per article, one row per extracted record with its article and character span, places
shared between records, and ``incidents``: events merged across articles (link/events.py).
Dates are ISO ``YYYY-MM-DD`` strings so any SQLite tool (datasette, sqlite3) reads them as written.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON, BigInteger, Column, DateTime, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
)

#: Named constraints, so Alembic migrations can refer to them on every database.
metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

#: Counts of people (fatalities, injured, an incident's low/high/best): 64-bit, since PostgreSQL's
#: INTEGER stops at 2^31 and a count over it failed a whole batch (migration 0003). SQLite's
#: INTEGER is 64-bit already, so there it stays INTEGER (and its tables need no rebuild).
Count = BigInteger().with_variant(Integer(), "sqlite")

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    # "url:<normalised url>" where the article has one, else "text:<sha256 of normalised text>".
    Column("key", String(600), nullable=False, unique=True),
    Column("doc_id", Text, nullable=False),
    # sha256 over the text and metadata: a different hash under the same key is a new version.
    Column("content_hash", String(64), nullable=False),
    Column("url", Text), Column("title", Text), Column("published", String(10)),
    Column("source", Text), Column("author", Text),
    Column("text", Text, nullable=False),
    Column("schema", Integer, nullable=False),
    Column("sitrep_version", String(32), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

#: Articles whose extraction or storing failed, with the reason: a rerun of the same input skips
#: this very version (same key and content hash) instead of failing on it again; storing the
#: article later (a changed version, or a rerun with --retry-failed) removes its row.
failures = Table(
    "failures", metadata,
    Column("key", String(600), primary_key=True),
    Column("doc_id", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(400), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("country", Text), Column("country_code", String(2)), Column("admin1", Text),
    Column("lat", Float), Column("lon", Float), Column("geonameid", Integer),
    Column("geo_precision", Integer, nullable=False),
    # Place.geo_confidence (migration 0005): 1.0 unless the article's geography leaves it in doubt.
    Column("geo_confidence", Float, nullable=False, server_default="1.0"),
    Column("extra", Text),
)

incidents = Table(
    "incidents", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text, nullable=False),
    Column("date", String(10)),
    Column("time_precision", Integer, nullable=False),
    Column("actor1", Text), Column("actor2", Text),
    Column("place_id", Integer, ForeignKey("places.id")),
    # UCDP's low/high/best; best follows ACLED: the most conservative reported figure.
    Column("fatalities_low", Count), Column("fatalities_high", Count), Column("fatalities_best", Count),
    Column("injured_low", Count), Column("injured_high", Count), Column("injured_best", Count),
    Column("n_reports", Integer, nullable=False),
    Column("n_sources", Integer, nullable=False),
    Index("ix_incidents_date", "date"),
)

def _span_columns() -> list[Column]:
    return [
        Column("id", Integer, primary_key=True),
        Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
        Column("seq", Integer, nullable=False),
        Column("start_char", Integer, nullable=False),
        Column("end_char", Integer, nullable=False),
        Column("text", Text, nullable=False),
        # JSON of contract fields that have no column yet (the contract grows; see repo._split).
        Column("extra", Text),
    ]


figures = Table(
    "figures", metadata, *_span_columns(),
    # Float is a 64-bit double on both databases: a figure may be a share or a sum of money.
    Column("value", Float, nullable=False),
    Column("low", Float), Column("high", Float),
    Column("qualifier", String(16), nullable=False),
    Column("category", String(32), nullable=False),
    Column("unit", Text), Column("who", Text),
    Column("scope", String(16), nullable=False),
    Column("period_start", String(10)), Column("period_end", String(10)), Column("as_of", String(10)),
    Column("place_id", Integer, ForeignKey("places.id")),
    Column("reported_by", Text),
    Column("attribution", String(16), nullable=False),
    Index("ix_figures_series", "reported_by", "category"),
)

quotes = Table(
    "quotes", metadata, *_span_columns(),
    Column("kind", String(16), nullable=False),
    Column("speaker", Text), Column("speaker_title", Text),
    Column("speaker_type", String(16), nullable=False),
    Column("cue", Text),
    Column("parts", JSON),  # [[start, end], ...] of each quoted piece (migration 0002)
)

events = Table(
    "events", metadata, *_span_columns(),
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text, nullable=False),
    Column("date", String(10)),
    Column("time_precision", Integer, nullable=False),
    Column("actor1", Text), Column("actor2", Text),
    Column("place_id", Integer, ForeignKey("places.id")),
    Column("fatalities", Count), Column("injured", Count),
    Column("reported_by", Text), Column("trigger", Text),
    Column("incident_id", Integer, ForeignKey("incidents.id"), index=True),
    # Why this report joined its incident ("first report" or the checks it passed).
    Column("merge_reason", Text),
    Index("ix_events_date", "date"),
)

entities = Table(
    "entities", metadata, *_span_columns(),
    Column("label", String(32), nullable=False),
    Column("canonical", Text, nullable=False),
)

#: Tables whose ``text`` column is full-text indexed (SQLite FTS5 ``<table>_fts``; PostgreSQL tsvector).
SEARCHABLE = ("figures", "quotes", "events")
#: Child tables removed with their article.
ARTICLE_CHILDREN = (figures, quotes, events, entities)
