"""Serve stage: the FastAPI app factory for `sitrep serve` (API under /api, page at /, docs at /docs)."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.trustedhost import TrustedHostMiddleware

from sitrep._version import __version__
from sitrep.serve.api.deps import AppSettings, NoDatabase
from sitrep.serve.api.routes import articles, events, extract, facets, figures, pages, quotes, series
from sitrep.serve.api.security import BodyLimit, SecurityHeaders
from sitrep.store import connect

logger = logging.getLogger(__name__)

WEB = Path(__file__).resolve().parent.parent / "web"
#: Default request-body limit: a long article as HTML is well under 2 MB.
MAX_BODY_BYTES = 2_000_000


def create_app(db: str | None = None, *, token: str | None = None,
               max_body_bytes: int = MAX_BODY_BYTES, allowed_hosts: list[str] | None = None) -> FastAPI:
    """Build the web app.

    Args:
        db: the store to browse: a SQLite path or an SQLAlchemy URL; None serves only the
            page's try-it view and /api/extract.
        token: when given, POST routes that store records accept ``Authorization: Bearer <token>``;
            without it the app is read-only.
        max_body_bytes: request bodies over this many bytes are refused with 413.
        allowed_hosts: Host header values the app answers (others get 400), or None for any.
            ``sitrep serve`` on 127.0.0.1 passes its loopback names, so a web page whose domain
            is re-pointed at 127.0.0.1 (DNS rebinding) cannot read the store through the browser.

    Returns:
        The FastAPI app (an ASGI app; run it with uvicorn).
    """
    app = FastAPI(
        title="sitrep", version=__version__,
        description="Sourced events, figures and quotes extracted from conflict and crisis reporting.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.settings = AppSettings(db=db, token=token, max_body_bytes=max_body_bytes)
    # The store creates or upgrades its schema on open, so a new or older database is served as is.
    app.state.engine = connect(db) if db is not None else None
    app.state.templates = Jinja2Templates(directory=WEB / "templates")
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.include_router(pages.router)
    for module in (events, figures, series, quotes, articles, extract, facets):
        app.include_router(module.router)
    app.add_exception_handler(NoDatabase, _no_database)
    # Order: the body limit sits inside the header middleware, so a 413 still gets the CSP.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    if allowed_hosts is not None:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    return app


async def _no_database(_request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(status_code=503, content={"detail": str(exc)})
