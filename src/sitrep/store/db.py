"""Store stage: opens a database by URL or path and brings its schema up to date with Alembic."""

from __future__ import annotations

import logging
import os
from importlib import resources as _res
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from sitrep.errors import StoreError
from sitrep.store import DEFAULT_DB

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS = Path(str(_res.files("sitrep.store") / "migrations"))
#: The newest migration's revision. Opening a store compares its revision with this in plain SQL,
#: so commands that only read (``sitrep events``) never import Alembic (~0.1 s) or its migration
#: scripts; tests/store/test_db.py checks that it is Alembic's head.
SCHEMA_HEAD = "0005"


def database_url(db: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL for ``db``: a URL, a file path (SQLite), or None for ``SITREP_DB`` / sitrep.db.

    ``postgresql://`` URLs are given the psycopg (3) driver, the one sitrep installs.
    """
    db = str(db) if db is not None else os.environ.get("SITREP_DB") or DEFAULT_DB
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser()}"
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix):]
    return db


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL: readers (datasette, the web page) never block the ingest; a killed writer loses only
    # its open transaction. foreign_keys: let ON DELETE CASCADE work as in PostgreSQL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic Config pointing at sitrep's migrations (and at ``engine`` when given)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def connect(db: str | os.PathLike | None = None, *, migrate: bool = True, create: bool = True) -> Engine:
    """Open the store's database, creating it or upgrading its schema when ``migrate``.

    Args:
        db: a SQLAlchemy URL (``postgresql://user@host/name``), a SQLite file path, or None for
            ``$SITREP_DB`` or ``sitrep.db`` in the working directory.
        migrate: run Alembic's upgrade to the newest schema.
        create: create a SQLite file that does not exist yet (False: raise StoreError instead).

    Returns:
        A SQLAlchemy Engine.

    Raises:
        StoreError: the URL is not understood, the server cannot be reached or migration fails.
    """
    url = database_url(db)
    try:
        parsed = make_url(url)
        engine = create_engine(parsed, future=True)
    except (ArgumentError, ImportError, ValueError) as err:
        raise StoreError(f"cannot open database {url!r}: {err}") from err
    if engine.dialect.name == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            if not create and not Path(parsed.database).exists():
                raise StoreError(f"no store at {parsed.database}: run `sitrep ingest` first or pass --db")
            if not folder.is_dir():
                raise StoreError(f"cannot create database {parsed.database!r}: folder {folder} does not exist")
        event.listen(engine, "connect", _sqlite_pragmas)
    if migrate:
        upgrade(engine)
    return engine


def schema_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    # What Alembic's MigrationContext.get_current_revision reads, without importing Alembic.
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already).

    Raises:
        StoreError: the database cannot be reached or a migration fails.
    """
    try:
        if schema_revision(engine) == SCHEMA_HEAD:
            return
        head = _migrate(engine)
    except SQLAlchemyError as err:
        raise StoreError(f"cannot migrate {engine.url.render_as_string()}: {err}") from err
    logger.info("store at %s migrated to %s", engine.url.render_as_string(), head)


def _migrate(engine: Engine) -> str | None:
    """Run Alembic's upgrade to its head; returns the head revision."""
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return ScriptDirectory.from_config(cfg).get_current_head()
