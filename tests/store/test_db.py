"""Tests for store/db.py and the Alembic migrations: URLs, schema, upgrades, plain-SQL readability."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from sitrep.errors import StoreError
from sitrep.store import connect, database_url, save_article, schema_revision
from sitrep.store.tables import metadata

from ._records import rich_report


@pytest.mark.parametrize("db, expected", [
    ("sitrep.db", "sqlite:///sitrep.db"),
    ("data/x.sqlite", "sqlite:///data/x.sqlite"),
    ("postgresql://u:p@host/db", "postgresql+psycopg://u:p@host/db"),
    ("postgres://host/db", "postgresql+psycopg://host/db"),
    ("postgresql+psycopg://host/db", "postgresql+psycopg://host/db"),
    ("sqlite:////tmp/a.db", "sqlite:////tmp/a.db"),
])
def test_db_database_url(db, expected):
    assert database_url(db) == expected


#: The newest migration: a store opened by sitrep is always migrated to it.
HEAD = "0005"


def test_db_schema_head_is_alembics_head():
    """connect() compares a store's revision with SCHEMA_HEAD in plain SQL; a new migration must move it."""
    from alembic.script import ScriptDirectory

    from sitrep.store.db import SCHEMA_HEAD, alembic_config

    assert SCHEMA_HEAD == HEAD == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_db_database_url_from_environment(monkeypatch):
    monkeypatch.setenv("SITREP_DB", "team.db")
    assert database_url(None) == "sqlite:///team.db"
    monkeypatch.delenv("SITREP_DB")
    assert database_url(None) == "sqlite:///sitrep.db"


@pytest.mark.parametrize("db, create, message", [
    ("nonexistent-folder/x/store.db", True, "does not exist"),
    ("missing.db", False, "no store at"),
    ("nosuchdialect://host/db", True, "cannot open database"),
    ("postgresql://nobody:x@127.0.0.1:1/none", True, "cannot migrate"),  # no server there
])
def test_db_connect_errors(tmp_path, monkeypatch, db, create, message):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match=message):
        connect(db, create=create)


def test_db_migrations_build_the_tables_the_code_declares(db_url):
    engine = connect(db_url)
    assert schema_revision(engine) == HEAD
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    # Full-text columns/tables are made by the migration only, outside the SQLAlchemy tables.
    assert [d for d in diffs if "fts" not in str(d) and "tsv" not in str(d)] == []
    assert {"articles", "places", "incidents", "figures", "quotes", "events", "entities"} <= set(
        inspect(engine).get_table_names())
    connect(db_url).dispose()  # a second open finds the schema current and changes nothing
    assert schema_revision(engine) == HEAD
    engine.dispose()


def test_db_sqlite_store_is_readable_without_sitrep(tmp_path):
    engine = connect(tmp_path / "s.db")
    art, res = rich_report()
    with engine.begin() as conn:
        save_article(conn, art, res)
    engine.dispose()
    con = sqlite3.connect(tmp_path / "s.db")
    row = con.execute(
        "SELECT a.doc_id, substr(a.text, f.start_char + 1, f.end_char - f.start_char), f.value, f.reported_by "
        "FROM figures f JOIN articles a ON a.id = f.article_id ORDER BY f.seq LIMIT 1").fetchone()
    assert row == ("rich-1", "27,708", 27708.0, "Gaza Ministry of Health")
    hits = con.execute("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH 'overwhelmed'").fetchall()
    assert len(hits) == 1


def test_db_migration_downgrades_and_upgrades_again(db_url):
    from alembic import command

    from sitrep.store.db import alembic_config

    engine = connect(db_url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert "articles" not in inspect(engine).get_table_names()
    engine.dispose()
    engine = connect(db_url)
    assert schema_revision(engine) == HEAD
    engine.dispose()
