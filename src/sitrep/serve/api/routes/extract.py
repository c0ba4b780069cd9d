"""Serve stage: POST /api/extract, extraction of a pasted or dropped article without storing it."""

from __future__ import annotations

import logging

from fastapi import APIRouter, HTTPException

from sitrep.errors import SitrepError
from sitrep.serve.api import convert
from sitrep.serve.api.schemas import ArticleCreate, ArticlePublic

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/extract", tags=["extract"])


@router.post("", response_model=ArticlePublic, summary="Extract from one article without storing it")
def extract_article(body: ArticleCreate) -> ArticlePublic:
    """Run sitrep on a pasted text or an HTML page and return the records with their offsets.

    Nothing is stored, so this route needs no token. Problems with the text (empty, not English,
    too long) come back in ``errors``, not as an HTTP error.
    """
    try:
        return convert.extract_article(body)
    except SitrepError as err:
        raise HTTPException(status_code=422, detail=str(err)) from err
