"""Serve stage: the web page and the API docs page (HTML; all their scripts are static files)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    """The explorer page: map, timeline, reader, quotes and try-it views."""
    return request.app.state.templates.TemplateResponse(request, "index.html", {})


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """Swagger UI for the OpenAPI document, from the package's own copy (no CDN)."""
    return request.app.state.templates.TemplateResponse(request, "docs.html", {})
