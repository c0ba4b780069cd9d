"""Serve stage: what the routes that extract share: the token check, and running in the pool.

Every way such a request can fail becomes an HTTP error with a JSON body: a wrong token 401, a
closed server 403, a document sitrep cannot use 422, a full pool 429, a busy store 503 and a
request past its time 504. An unexpected failure on one document is reported on that document
(422, logged with its traceback), as the batch commands do, and never takes the server down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import HTTPException, status
from sqlalchemy.exc import OperationalError

from sitrep.errors import SitrepError
from sitrep.serve.api.deps import AppSettings
from sitrep.serve.api.workers import ExtractionPool, PoolFull, TooSlow

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: The error answers of a route that extracts, for its OpenAPI entry.
RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or wrong token"},
    403: {"description": "The server does not allow this (see /api/info)"},
    422: {"description": "The request or its document cannot be used (the reason is in detail)"},
    429: {"description": "Too many extraction requests at once: retry after Retry-After seconds"},
    504: {"description": "The extraction ran past the server's time limit"},
}


def require_token(settings: AppSettings, authorised: bool, closed: str) -> None:
    """Refuse the request unless it carries the server's token.

    Args:
        settings: the app's settings.
        authorised: whether the request carries the token.
        closed: what to tell the client when the server has no token at all (403).

    Raises:
        HTTPException: 403 when the server was started without a token, 401 for a missing or wrong one.
    """
    if settings.token is None:
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail=closed)
    if not authorised:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED, detail="missing or wrong token",
                            headers={"WWW-Authenticate": "Bearer"})


async def in_pool(pool: ExtractionPool, fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)`` run in the extraction pool, its failures turned into HTTP errors.

    Raises:
        HTTPException: 422, 429, 503 or 504, each with a ``detail`` saying why.
    """
    retry = {"Retry-After": str(pool.limits.retry_after_s)}
    try:
        return await pool.run(fn, *args)
    except PoolFull:
        raise HTTPException(status_code=status.HTTP_429_TOO_MANY_REQUESTS, headers=retry, detail=(
            f"the server is extracting {pool.limits.workers + pool.limits.queue} articles already: "
            f"retry in {pool.limits.retry_after_s} s")) from None
    except TooSlow:
        raise HTTPException(status_code=status.HTTP_504_GATEWAY_TIMEOUT, detail=(
            f"extraction ran past the server's limit of {pool.limits.timeout_s:g} s: send a shorter "
            "text, or use `sitrep extract` / `sitrep ingest`, which have no such limit")) from None
    except SitrepError as err:
        raise HTTPException(status_code=status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(err)) from err
    except OperationalError as err:  # the store is locked by an ingest, or its server is away
        logger.warning("store unavailable: %s", err)
        raise HTTPException(status_code=status.HTTP_503_SERVICE_UNAVAILABLE, headers=retry,
                            detail="the store is busy or unreachable: retry later") from err
    except Exception as err:  # noqa: BLE001 - one document's failure is reported on it
        logger.exception("request failed on its document")
        raise HTTPException(status_code=status.HTTP_422_UNPROCESSABLE_CONTENT,
                            detail=f"the article could not be processed: {type(err).__name__}: {err}") from err
