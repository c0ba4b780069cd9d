"""Serve stage: the FastAPI app factory for `sitrep serve` (API under /api, page at /, docs at /docs)."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from sitrep._version import __version__
from sitrep.serve.api.deps import AppSettings, NoDatabase
from sitrep.serve.api.routes import articles, events, extract, facets, figures, pages, quotes, series
from sitrep.serve.api.security import AllowedHosts, BodyLimit, SecurityHeaders
from sitrep.serve.api.workers import ExtractionPool, ExtractLimits
from sitrep.store import connect

logger = logging.getLogger(__name__)

WEB = Path(__file__).resolve().parent.parent / "web"
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Default request-body limit: a long article as HTML is well under 2 MB.
MAX_BODY_BYTES = 2_000_000


def create_app(db: str | None = None, *, token: str | None = None, open_extract: bool = False,
               max_body_bytes: int = MAX_BODY_BYTES, allowed_hosts: list[str] | None = None,
               extract_limits: ExtractLimits | None = None) -> FastAPI:
    """Build the web app.

    Args:
        db: the store to browse: a SQLite path or an SQLAlchemy URL; None serves only the
            page's try-it view and /api/extract.
        token: when given, POST routes accept ``Authorization: Bearer <token>``; without it the
            app is read-only.
        open_extract: let anyone use POST /api/extract, without the token (extraction costs
            seconds of CPU, so it is closed unless asked for).
        max_body_bytes: request bodies over this many bytes are refused with 413.
        allowed_hosts: Host header values the app answers (others get 400), or None for any.
            ``sitrep serve`` on 127.0.0.1 passes its loopback names, so a web page whose domain
            is re-pointed at 127.0.0.1 (DNS rebinding) cannot read the store through the browser.
        extract_limits: workers, queue and time limit of the extraction pool (workers.py).

    Returns:
        The FastAPI app (an ASGI app; run it with uvicorn).
    """
    pool = ExtractionPool(extract_limits or ExtractLimits())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        title="sitrep", version=__version__,
        description="Sourced events, figures and quotes extracted from conflict and crisis reporting.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json", lifespan=lifespan,
    )
    app.state.settings = AppSettings(db=db, token=token, max_body_bytes=max_body_bytes, open_extract=open_extract)
    app.state.extractions = pool
    # The store creates or upgrades its schema on open, so a new or older database is served as is.
    app.state.engine = connect(db) if db is not None else None
    app.state.templates = Jinja2Templates(directory=WEB / "templates")
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.include_router(pages.router)
    for module in (events, figures, series, quotes, articles, extract, facets):
        app.include_router(module.router)
    app.add_exception_handler(NoDatabase, _no_database)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(Exception, _unexpected)
    # Order: the body limit sits inside the header middleware, so a 413 still gets the CSP.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if allowed_hosts is not None:
        app.add_middleware(AllowedHosts, hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


async def _no_database(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(status_code=503, content={"detail": str(exc)})


async def _invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    # FastAPI's own 422 echoes each bad input back: up to the whole body, and a string that cannot
    # be written as UTF-8 would turn the 422 into a 500. Where and why is enough.
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    detail = [{"type": e.get("type"), "loc": [_utf8(part) for part in e.get("loc", ())], "msg": _utf8(e.get("msg"))}
              for e in errors]
    return JSONResponse(status_code=422, content={"detail": detail})


def _utf8(value: object) -> object:
    # An unknown key of the body is named in `loc`, and may hold a lone surrogate.
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # A bug, not the client's fault: logged with its traceback, answered in JSON like every error.
    logger.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return JSONResponse(status_code=500, content={"detail": f"internal error: {type(exc).__name__}"})
