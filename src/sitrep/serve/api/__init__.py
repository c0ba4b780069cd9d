"""Serve stage: the FastAPI app behind `sitrep serve` (REST API under /api plus the web page)."""

from sitrep.serve.api.main import create_app

__all__ = ["create_app"]
