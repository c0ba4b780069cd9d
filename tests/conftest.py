"""Shared fixtures (the trained pipeline, loaded once per session, and the sample articles) and CI's rule
that no test is skipped for want of a service."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = FIXTURES / "articles"

#: Skip reasons that mean a service is missing (tests/store/conftest.py, tests/serve/): PostgreSQL,
#: Debian's chromium, Playwright's client.
SERVICE_SKIPS = ("SITREP_TEST_PG_URL is not set", "needs Debian's chromium", "playwright")


def _service_skip(report: pytest.TestReport) -> str | None:
    """The reason of a skip for a missing service, or None."""
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    return reason if any(s in reason for s in SERVICE_SKIPS) else None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true a test skipped for a missing service fails: a green CI run has run them all.

    A developer without root (so without PostgreSQL or chromium) still gets skips.
    """
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") != "true" or not report.skipped:
        return
    reason = _service_skip(report)
    if reason:
        report.outcome = "failed"
        report.longrepr = f"CI=true and a service is missing: {reason} (see .ci/services.sh)"


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
