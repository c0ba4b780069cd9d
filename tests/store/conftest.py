"""Store fixtures: an empty, migrated store on SQLite and, where SITREP_TEST_PG_URL is set, PostgreSQL."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from sitrep.store import connect, database_url

PG_URL = os.environ.get("SITREP_TEST_PG_URL")


def _pg_schema_url(schema: str) -> str:
    url = database_url(PG_URL)
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL for an empty store: a SQLite file, or a fresh schema on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    if not PG_URL:
        pytest.skip("SITREP_TEST_PG_URL is not set (run .ci/postgres.sh)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(PG_URL))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture
def engine(db_url):
    """A migrated, empty store."""
    eng = connect(db_url)
    yield eng
    eng.dispose()
