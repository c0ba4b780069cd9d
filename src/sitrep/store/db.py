"""Store stage: opens a database by URL or path and brings its schema up to date with Alembic."""

from __future__ import annotations

import logging
import os
from importlib import resources as _res
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from sitrep.errors import StoreError

logger = logging.getLogger(__name__)

#: Where the store lives when neither ``--db`` nor ``SITREP_DB`` says.
DEFAULT_DB = "sitrep.db"
MIGRATIONS = Path(str(_res.files("sitrep.store") / "migrations"))


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
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is there already).

    Raises:
        StoreError: the database cannot be reached or a migration fails.
    """
    cfg = alembic_config(engine)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    try:
        if schema_revision(engine) == head:
            return
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except SQLAlchemyError as err:
        raise StoreError(f"cannot migrate {engine.url.render_as_string()}: {err}") from err
    logger.info("store at %s migrated to %s", engine.url.render_as_string(), head)
