"""Store stage: articles and their extractions in SQLite or PostgreSQL (SQLAlchemy, Alembic).

The public names load on first use (PEP 562), so ``sitrep --help`` imports no SQLAlchemy and
``sitrep events`` no link stage: each name comes from the module that defines it. ``export`` is
imported at once (the module is light) because the function shares its module's name: a lazy
look-up would find the submodule once anything had imported it.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from sitrep.store.export import FORMATS, export
from sitrep.store.filters import Filters

if TYPE_CHECKING:
    from sitrep.store.db import connect, database_url, schema_revision, upgrade
    from sitrep.store.queries import (
        explain_incident, figure_points, find_figures, find_incidents, find_quotes, find_series, iter_incidents,
    )
    from sitrep.store.repo import (
        article_key, clear_failure, content_hash, failed_articles, iter_extractions, known_articles, record_failure, row_counts,
        save_article,
    )

#: Where the store lives when neither ``--db`` nor ``SITREP_DB`` says (here, so the CLI's options
#: can name it without loading SQLAlchemy).
DEFAULT_DB = "sitrep.db"

#: public name -> the module that defines it
_LAZY = {
    **dict.fromkeys(("connect", "database_url", "schema_revision", "upgrade"), "sitrep.store.db"),
    **dict.fromkeys(("explain_incident", "figure_points", "find_figures", "find_incidents", "find_quotes",
                     "find_series", "iter_incidents"), "sitrep.store.queries"),
    **dict.fromkeys(("article_key", "clear_failure", "content_hash", "failed_articles", "iter_extractions", "known_articles",
                     "record_failure", "row_counts", "save_article"), "sitrep.store.repo"),
}

__all__ = [
    "DEFAULT_DB", "FORMATS", "Filters", "article_key", "clear_failure", "connect", "content_hash", "database_url", "explain_incident",
    "export", "failed_articles", "figure_points", "find_figures", "find_incidents", "find_quotes", "find_series", "iter_extractions",
    "iter_incidents", "known_articles", "record_failure", "row_counts", "save_article", "schema_revision", "upgrade",
]


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'sitrep.store' has no attribute {name!r}")
    globals()[name] = value = getattr(import_module(_LAZY[name]), name)  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
