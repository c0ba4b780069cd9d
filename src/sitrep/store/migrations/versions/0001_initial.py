"""Initial schema: articles, places, incidents, figures, quotes, events, entities, full-text search.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SEARCHABLE = ("figures", "quotes", "events")


def _span_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("extra", sa.Text),
    ]


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(600), nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text), sa.Column("title", sa.Text), sa.Column("published", sa.String(10)),
        sa.Column("source", sa.Text), sa.Column("author", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("schema", sa.Integer, nullable=False),
        sa.Column("sitrep_version", sa.String(32), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("key", name="uq_articles_key"),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("country", sa.Text), sa.Column("country_code", sa.String(2)), sa.Column("admin1", sa.Text),
        sa.Column("lat", sa.Float), sa.Column("lon", sa.Float), sa.Column("geonameid", sa.Integer),
        sa.Column("geo_precision", sa.Integer, nullable=False),
        sa.Column("extra", sa.Text),
        sa.UniqueConstraint("key", name="uq_places_key"),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text, nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("time_precision", sa.Integer, nullable=False),
        sa.Column("actor1", sa.Text), sa.Column("actor2", sa.Text),
        sa.Column("place_id", sa.Integer, sa.ForeignKey("places.id")),
        sa.Column("fatalities_low", sa.Integer), sa.Column("fatalities_high", sa.Integer),
        sa.Column("fatalities_best", sa.Integer),
        sa.Column("injured_low", sa.Integer), sa.Column("injured_high", sa.Integer),
        sa.Column("injured_best", sa.Integer),
        sa.Column("n_reports", sa.Integer, nullable=False),
        sa.Column("n_sources", sa.Integer, nullable=False),
    )
    op.create_index("ix_incidents_date", "incidents", ["date"])
    op.create_table(
        "figures", *_span_columns(),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("low", sa.Float), sa.Column("high", sa.Float),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("unit", sa.Text), sa.Column("who", sa.Text),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("period_start", sa.String(10)), sa.Column("period_end", sa.String(10)),
        sa.Column("as_of", sa.String(10)),
        sa.Column("place_id", sa.Integer, sa.ForeignKey("places.id")),
        sa.Column("reported_by", sa.Text),
        sa.Column("attribution", sa.String(16), nullable=False),
    )
    op.create_index("ix_figures_series", "figures", ["reported_by", "category"])
    op.create_table(
        "quotes", *_span_columns(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("speaker", sa.Text), sa.Column("speaker_title", sa.Text),
        sa.Column("speaker_type", sa.String(16), nullable=False),
        sa.Column("cue", sa.Text),
    )
    op.create_table(
        "events", *_span_columns(),
        sa.Column("event_type", sa.Text, nullable=False),
        sa.Column("sub_event_type", sa.Text, nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("time_precision", sa.Integer, nullable=False),
        sa.Column("actor1", sa.Text), sa.Column("actor2", sa.Text),
        sa.Column("place_id", sa.Integer, sa.ForeignKey("places.id")),
        sa.Column("fatalities", sa.Integer), sa.Column("injured", sa.Integer),
        sa.Column("reported_by", sa.Text), sa.Column("trigger", sa.Text),
        sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id")),
        sa.Column("merge_reason", sa.Text),
    )
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_incident_id", "events", ["incident_id"])
    op.create_table(
        "entities", *_span_columns(),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("canonical", sa.Text, nullable=False),
    )
    for table in ("figures", "quotes", "events", "entities"):
        op.create_index(f"ix_{table}_article_id", table, ["article_id"])
    _create_search()


def _create_search() -> None:
    """Full-text search on each searchable table's ``text``.

    SQLite: an external-content FTS5 table ``<table>_fts`` kept in step by triggers (the layout
    datasette recognises for its search box). PostgreSQL: a stored tsvector column with a GIN index.
    """
    if op.get_bind().dialect.name == "postgresql":
        for t in SEARCHABLE:
            op.execute(f"ALTER TABLE {t} ADD COLUMN tsv tsvector "
                       f"GENERATED ALWAYS AS (to_tsvector('english', text)) STORED")
            op.execute(f"CREATE INDEX ix_{t}_tsv ON {t} USING gin (tsv)")
        return
    for t in SEARCHABLE:
        op.execute(f"CREATE VIRTUAL TABLE {t}_fts USING fts5(text, content=[{t}], content_rowid=[id])")
        op.execute(f"CREATE TRIGGER {t}_ai AFTER INSERT ON {t} BEGIN "
                   f"INSERT INTO {t}_fts(rowid, text) VALUES (new.id, new.text); END")
        op.execute(f"CREATE TRIGGER {t}_ad AFTER DELETE ON {t} BEGIN "
                   f"INSERT INTO {t}_fts({t}_fts, rowid, text) VALUES ('delete', old.id, old.text); END")
        op.execute(f"CREATE TRIGGER {t}_au AFTER UPDATE OF text ON {t} BEGIN "
                   f"INSERT INTO {t}_fts({t}_fts, rowid, text) VALUES ('delete', old.id, old.text); "
                   f"INSERT INTO {t}_fts(rowid, text) VALUES (new.id, new.text); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for t in SEARCHABLE:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {t}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {t}_fts")
    for table in ("entities", "events", "quotes", "figures", "incidents", "places", "articles"):
        op.drop_table(table)
