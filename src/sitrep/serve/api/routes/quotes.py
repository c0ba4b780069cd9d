"""Serve stage: /api/quotes, quotes by speaker, searchable."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sitrep.serve.api import queries
from sitrep.serve.api.deps import ConnectionDep, FiltersDep, PageDep
from sitrep.serve.api.schemas import Page, QuotePublic, SpeakerPublic

router = APIRouter(prefix="/api/quotes", tags=["quotes"])

SpeakerQuery = Annotated[str | None, Query(max_length=300, description="only this speaker (exact name)")]


@router.get("", response_model=Page[QuotePublic], summary="List quotes")
def list_quotes(conn: ConnectionDep, filters: FiltersDep, page: PageDep,
                speaker: SpeakerQuery = None) -> Page[QuotePublic]:
    """Quotes matching the filters, newest article first.

    ``actor`` matches the speaker's name or title, ``q`` the quoted words; country, place and event
    type keep quotes from articles that report a matching event.
    """
    items, total = queries.list_quotes(conn, filters, page, speaker)
    return Page[QuotePublic](items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/speakers", response_model=Page[SpeakerPublic], summary="List speakers")
def list_speakers(conn: ConnectionDep, filters: FiltersDep, page: PageDep) -> Page[SpeakerPublic]:
    """Speakers of the quotes matching the filters, most quoted first."""
    items, total = queries.list_speakers(conn, filters, page)
    return Page[SpeakerPublic](items=items, total=total, limit=page.limit, offset=page.offset)
