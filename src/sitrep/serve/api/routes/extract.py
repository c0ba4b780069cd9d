"""Serve stage: POST /api/extract, extraction of a pasted or dropped article without storing it."""

from __future__ import annotations

import logging

from fastapi import APIRouter

from sitrep.serve.api import convert
from sitrep.serve.api.deps import PoolDep, SettingsDep, WriteTokenDep
from sitrep.serve.api.routes._guard import RESPONSES, in_pool, require_token
from sitrep.serve.api.schemas import ArticleCreate, ArticlePublic

logger = logging.getLogger(__name__)

router = APIRouter(prefix="/api/extract", tags=["extract"])

_CLOSED = ("extraction is closed on this server: start it with `sitrep serve --open-extract` "
           "(anyone who can reach it may extract) or `--token TOKEN` (clients send the token)")


@router.post("", response_model=ArticlePublic, responses=RESPONSES,
             summary="Extract from one article without storing it (needs the token unless --open-extract)")
async def extract_article(body: ArticleCreate, settings: SettingsDep, authorised: WriteTokenDep,
                          pool: PoolDep) -> ArticlePublic:
    """Run sitrep on a pasted text or an HTML page and return the records with their offsets.

    Nothing is stored. Extraction costs seconds of CPU, so it needs ``Authorization: Bearer <token>``
    unless the server was started with ``--open-extract`` (``/api/info`` says which). Problems with
    the text (empty, not English) come back in ``errors``, not as an HTTP error.
    """
    if not settings.open_extract:
        require_token(settings, authorised, _CLOSED)
    return await in_pool(pool, convert.extract_article, body)
