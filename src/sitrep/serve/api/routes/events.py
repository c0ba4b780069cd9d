"""Serve stage: /api/events, events merged across articles, for the map and the timeline."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response

from sitrep.serve.api import queries
from sitrep.serve.api.deps import ConnectionDep, FiltersDep, PageDep
from sitrep.serve.api.responses import model_response
from sitrep.serve.api.schemas import DayCounts, EventDetail, EventPoints, EventPublic, Page

router = APIRouter(prefix="/api/events", tags=["events"])


@router.get("", response_model=Page[EventPublic], summary="List events")
def list_events(conn: ConnectionDep, filters: FiltersDep, page: PageDep) -> Page[EventPublic]:
    """Events matching the filters, newest first; each merges the reports of one incident."""
    items, total = queries.list_events(conn, filters, page)
    return Page[EventPublic](items=items, total=total, limit=page.limit, offset=page.offset)


@router.get("/points", response_model=EventPoints, summary="Every mapped event, compact")
def event_points(
    conn: ConnectionDep, filters: FiltersDep,
    max_points: Annotated[int, Query(ge=1, le=queries.MAX_POINTS, description="most events to return")]
    = queries.MAX_POINTS,
) -> Response:
    """Events with coordinates, as parallel arrays (id, lat, lon, type, fatalities) for the map."""
    points = queries.cached(conn, f"points:{max_points}", filters,
                            lambda: EventPoints(**queries.event_points(conn, filters, max_points)))
    return model_response(points)


@router.get("/timeline", response_model=DayCounts, summary="Events per day and type")
def timeline(conn: ConnectionDep, filters: FiltersDep) -> Response:
    """Dated events matching the filters, counted by day and event type (parallel arrays)."""
    return model_response(queries.cached(conn, "timeline", filters,
                                         lambda: DayCounts(**queries.events_timeline(conn, filters))))



@router.get("/{event_id}", response_model=EventDetail, summary="One event with its reports",
            responses={404: {"description": "No such event"}})
def get_event(conn: ConnectionDep, event_id: Annotated[int, Path(ge=1, le=2**62)]) -> EventDetail:
    """One event and every report of it: each source sentence with its article and offsets."""
    found = queries.event_detail(conn, event_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id}")
    return EventDetail(**found)
