"""Store stage: articles and their extractions in SQLite or PostgreSQL (SQLAlchemy, Alembic)."""

from sitrep.store.db import DEFAULT_DB, connect, database_url, schema_revision, upgrade
from sitrep.store.export import FORMATS, export
from sitrep.store.repo import (
    Filters, article_key, content_hash, explain_incident, figure_points, find_figures, find_incidents,
    find_quotes, find_series, iter_extractions, iter_incidents, known_articles, row_counts, save_article,
)

__all__ = [
    "DEFAULT_DB", "FORMATS", "Filters", "export", "article_key", "connect", "content_hash", "database_url", "explain_incident",
    "figure_points", "find_figures", "find_incidents", "find_quotes", "find_series", "iter_extractions", "iter_incidents",
    "known_articles", "row_counts", "save_article", "schema_revision", "upgrade",
]
