"""Shared fixtures: the trained pipeline (loaded once per session) and the sample articles."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"


@pytest.fixture(scope="session")
def nlp():
    """The full sitrep pipeline (model, entity ruler, extractors), built once for the session."""
    from sitrep.process import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def extract():
    """``sitrep.extract`` with the session's pipeline already built."""
    import sitrep

    sitrep.build_pipeline()
    return sitrep.extract


@pytest.fixture
def article_text():
    """Read a sample article from tests/fixtures/articles by file name."""

    def read(name: str) -> str:
        return (ARTICLES / name).read_text(encoding="utf-8")

    return read
