"""Serve stage: /api/figures, the numbers articles state, each with its sentence and source."""

from __future__ import annotations

from fastapi import APIRouter

from sitrep.serve.api import queries
from sitrep.serve.api.deps import ConnectionDep, FiltersDep, PageDep
from sitrep.serve.api.schemas import FigurePublic, Page

router = APIRouter(prefix="/api/figures", tags=["figures"])


@router.get("", response_model=Page[FigurePublic], summary="List figures")
def list_figures(conn: ConnectionDep, filters: FiltersDep, page: PageDep) -> Page[FigurePublic]:
    """Figures matching the filters, newest first (by as_of, else the period's end, else the article's date).

    ``source`` matches who gave the figure or the outlet; event type and actor keep figures from
    articles that report a matching event.
    """
    items, total = queries.list_figures(conn, filters, page)
    return Page[FigurePublic](items=items, total=total, limit=page.limit, offset=page.offset)
