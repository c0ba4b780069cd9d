"""Serve stage: fast JSON responses for the API's large answers (map points, day counts, series)."""

from __future__ import annotations

from fastapi import Response
from pydantic import BaseModel


def model_response(model: BaseModel) -> Response:
    """A JSON response serialised by pydantic-core in one pass.

    FastAPI re-validates and re-encodes a returned model item by item; for answers of thousands of
    items (the map's points, a series' values) that costs more than the query. The route still
    declares ``response_model`` so the OpenAPI document describes the shape.

    Args:
        model: the validated response model.

    Returns:
        An ``application/json`` response.
    """
    return Response(content=model.model_dump_json(), media_type="application/json")
