"""Serve stage: /api/articles, stored articles with their text and records; POST stores one (token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, status
from sqlalchemy import Engine

from sitrep.serve.api import convert, queries
from sitrep.serve.api.deps import (
    ConnectionDep, FiltersDep, NoDatabase, PageDep, PoolDep, SettingsDep, WriteTokenDep,
)
from sitrep.serve.api.routes import _guard
from sitrep.serve.api.schemas import ArticleCreate, ArticlePublic, ArticleSummary, Page

router = APIRouter(prefix="/api/articles", tags=["articles"])


@router.get("", response_model=Page[ArticleSummary], summary="List articles")
def list_articles(conn: ConnectionDep, filters: FiltersDep, page: PageDep) -> Page[ArticleSummary]:
    """Stored articles matching the filters, newest first, with how many records each holds.

    ``q`` matches the title or text, ``source`` the outlet; country, place, event type and actor keep
    articles that report a matching event.
    """
    items, total = queries.list_articles(conn, filters, page)
    return Page[ArticleSummary](items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/{article_id}", response_model=ArticlePublic, summary="One article with its records",
            responses={404: {"description": "No such article"}})
def get_article(conn: ConnectionDep, article_id: Annotated[int, Path(ge=1, le=2**62)]) -> ArticlePublic:
    """The article's plain text and every figure, quote, event and entity in it, with offsets into the text."""
    found = queries.article_detail(conn, article_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id}")
    return ArticlePublic(**found)


@router.post("", response_model=ArticlePublic, status_code=status.HTTP_201_CREATED, responses=_guard.RESPONSES,
             summary="Extract from an article and store it (needs the server's token)")
async def create_article(request: Request, body: ArticleCreate, settings: SettingsDep,
                         authorised: WriteTokenDep, pool: PoolDep) -> ArticlePublic:
    """Read, extract and store one article; send ``Authorization: Bearer <token>``.

    The server accepts this only when started with ``--token``. Storing an article that is stored
    already (same URL, or same text) replaces the older version. It runs in the extraction pool,
    under the same limits as ``/api/extract``.
    """
    _guard.require_token(settings, authorised, "read-only server: start `sitrep serve --token ...` to store")
    if request.app.state.engine is None:
        raise NoDatabase("no database: start `sitrep serve --db PATH --token ...` to store articles")
    return await _guard.in_pool(pool, _store, request.app.state.engine, body)


def _store(engine: Engine, body: ArticleCreate) -> ArticlePublic:
    # One worker job: extract, store, and read the stored article back with its record ids.
    article_id = convert.store_article(engine, body)
    with engine.connect() as conn:
        return ArticlePublic(**queries.article_detail(conn, article_id))
