"""Serve stage: /api/series, figure time series with their contradiction flags."""

from __future__ import annotations

from fastapi import APIRouter, Response

from sitrep.serve.api import queries
from sitrep.serve.api.deps import ConnectionDep, FiltersDep, PageDep
from sitrep.serve.api.responses import model_response
from sitrep.serve.api.schemas import Page, SeriesPublic

router = APIRouter(prefix="/api/series", tags=["series"])


@router.get("", response_model=Page[SeriesPublic], summary="List figure series")
def list_series(conn: ConnectionDep, filters: FiltersDep, page: PageDep) -> Response:
    """Series built from the figures matching the filters, longest first, with their flags.

    A series is one source's figures for one category (and victim group and place) with one scope;
    see ``sitrep.link.series`` for how they are formed and flagged.
    """
    items, total = queries.list_series(conn, filters, page)
    return model_response(Page[SeriesPublic](items=items, total=total, limit=page.limit, offset=page.offset))
