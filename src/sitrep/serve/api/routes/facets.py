"""Serve stage: /api/facets and /api/info, what the filter bar can offer and how the server runs."""

from __future__ import annotations

from fastapi import APIRouter

from sitrep._version import __version__
from sitrep.serve.api import queries
from sitrep.serve.api.deps import ConnectionDep, PoolDep, SettingsDep
from sitrep.serve.api.schemas import MAX_TEXT_CHARS, Facets, ServerInfo
from sitrep.store import Filters

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/facets", response_model=Facets, summary="Filter choices and counts")
def get_facets(conn: ConnectionDep) -> Facets:
    """Event types, countries and sources in the store, its date range and its record counts."""
    return queries.cached(conn, "facets", Filters(), lambda: Facets(**queries.facets(conn)))


@router.get("/info", response_model=ServerInfo, summary="Server settings")
def get_info(settings: SettingsDep, pool: PoolDep) -> ServerInfo:
    """The version, whether articles can be stored (a token was set), who may extract, and the limits."""
    limits = pool.limits
    return ServerInfo(version=__version__, writable=settings.token is not None, extract=settings.extract_access,
                      max_body_bytes=settings.max_body_bytes, max_text_chars=MAX_TEXT_CHARS,
                      extract_workers=limits.workers, extract_queue=limits.queue,
                      extract_timeout_s=limits.timeout_s)
