"""Serve stage: FastAPI dependencies, as Annotated aliases the routes declare."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy import Connection

from sitrep.serve.api.security import token_matches
from sitrep.serve.api.workers import ExtractionPool
from sitrep.store.filters import Filters


@dataclass(frozen=True)
class AppSettings:
    """What `sitrep serve` was started with; kept on ``app.state.settings``."""

    db: str | None
    token: str | None
    max_body_bytes: int
    #: POST /api/extract without the token (``sitrep serve --open-extract``).
    open_extract: bool = False

    @property
    def extract_access(self) -> str:
        """Who may extract: ``open`` (anyone), ``token`` (clients with the token) or ``closed``."""
        if self.open_extract:
            return "open"
        return "token" if self.token is not None else "closed"


def get_settings(request: Request) -> AppSettings:
    """The running app's settings."""
    return request.app.state.settings


class NoDatabase(Exception):
    """The app was started without a store, so there is nothing to browse."""


def get_connection(request: Request) -> Iterator[Connection]:
    """A read connection to the store for one request, closed when the request ends.

    The store's queries are SQLAlchemy Core over a Connection (store/repo.py), so the API uses
    one too rather than an ORM Session.
    """
    engine = request.app.state.engine
    if engine is None:
        raise NoDatabase("no database: start `sitrep serve --db PATH` to browse stored records")
    with engine.connect() as conn:
        yield conn


def get_pool(request: Request) -> ExtractionPool:
    """The app's extraction pool (workers.py): every request that extracts runs there."""
    return request.app.state.extractions


def has_write_token(request: Request) -> bool:
    """Whether the request carries the write token the app was started with (``--token``)."""
    return token_matches(request.app.state.settings.token, request.headers.get("authorization"))


_DATE = r"^\d{4}-\d{2}-\d{2}$"


def get_filters(
    date_from: Annotated[str | None, Query(pattern=_DATE, description="earliest date, YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(pattern=_DATE, description="latest date, YYYY-MM-DD")] = None,
    country: Annotated[str | None, Query(max_length=100, description="country name or ISO alpha-2 code")] = None,
    place: Annotated[str | None, Query(max_length=200, description="place name (substring)")] = None,
    event_type: Annotated[str | None, Query(max_length=100, description="ACLED event or sub-event type")] = None,
    actor: Annotated[str | None, Query(max_length=200, description="actor, speaker (substring)")] = None,
    source: Annotated[str | None, Query(
        max_length=200, description="reporting source: who gave the figure, or the outlet (substring)")] = None,
    q: Annotated[str | None, Query(
        max_length=200, description="words in the source sentence; each word begins a word there "
                                    "('kill' finds 'killed'); for articles, a phrase in the title or text")] = None,
) -> Filters:
    """Read the shared filters from the query string, in the store's terms (one Filters for CLI and API)."""
    def clean(v: str | None) -> str | None:
        return v.strip() or None if v is not None else None
    return Filters(since=date_from, until=date_to, country=clean(country), place=clean(place),
                   event_type=clean(event_type), actor=clean(actor), source=clean(source), search=clean(q))


@dataclass(frozen=True)
class PageParams:
    """Pagination: ``limit`` rows from ``offset``."""

    limit: int
    offset: int


def get_page(
    limit: Annotated[int, Query(ge=1, le=1000, description="rows to return")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0,
) -> PageParams:
    """Read pagination from the query string."""
    return PageParams(limit, offset)


ConnectionDep = Annotated[Connection, Depends(get_connection)]
SettingsDep = Annotated[AppSettings, Depends(get_settings)]
WriteTokenDep = Annotated[bool, Depends(has_write_token)]
PoolDep = Annotated[ExtractionPool, Depends(get_pool)]
FiltersDep = Annotated[Filters, Depends(get_filters)]
PageDep = Annotated[PageParams, Depends(get_page)]
