"""Store fixtures: an empty, migrated store on SQLite and, where SITREP_TEST_PG_URL is set, PostgreSQL.

``.ci/postgres.sh`` starts a server and prints the line that sets SITREP_TEST_PG_URL; without it the
PostgreSQL cases are skipped. Each PostgreSQL test runs in a schema of its own making.
"""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
from sqlalchemy import create_engine, text

from sitrep.store import connect, database_url
from sitrep.store.tables import metadata

PG_URL = os.environ.get("SITREP_TEST_PG_URL")


def _pg_schema_url(schema: str) -> str:
    url = database_url(PG_URL)
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


class _Schemas:
    """Creates PostgreSQL schemas on the test server and drops them at the end."""

    def __init__(self) -> None:
        self.admin = create_engine(database_url(PG_URL))
        self.made: list[str] = []

    def new(self) -> str:
        schema = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        self.made.append(schema)
        return _pg_schema_url(schema)

    def close(self) -> None:
        with self.admin.begin() as conn:
            for schema in self.made:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_schemas():
    """Fresh schemas on the test PostgreSQL server (skips when SITREP_TEST_PG_URL is unset)."""
    if not PG_URL:
        pytest.skip("SITREP_TEST_PG_URL is not set (run .ci/postgres.sh)")
    schemas = _Schemas()
    yield schemas
    schemas.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL of an empty database (no schema yet): a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_schemas").new()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "store.db"
    connect(path).dispose()
    return path


@pytest.fixture(scope="session")
def _pg_store(pg_schemas):
    eng = connect(pg_schemas.new())
    yield eng
    eng.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    """A migrated, empty store (migrated once per session, emptied for each test)."""
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        shutil.copy(request.getfixturevalue("_sqlite_template"), path)
        eng = connect(path)
        yield eng
        eng.dispose()
        return
    eng = request.getfixturevalue("_pg_store")
    names = ", ".join(t.name for t in metadata.sorted_tables)
    with eng.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    yield eng
