"""Read stage: JSON Lines of articles to Articles, streamed one line at a time."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import BinaryIO

from sitrep.errors import ReadError
from sitrep.read._decode import decode, limits, normalise_date
from sitrep.read.html import read_html
from sitrep.types import Article

logger = logging.getLogger(__name__)

_CHUNK = 1 << 20


def read_jsonl(stream: BinaryIO, *, published: str | None = None, id_prefix: str = "",
               first_line: int = 1, max_bytes: int | None = None) -> Iterator[Article]:
    """Read articles from JSON Lines, one object a line, without holding more than a line in memory.

    Each line is ``{"id", "text"}`` or ``{"id", "html"}`` with optional ``published`` (YYYY-MM-DD),
    ``title``, ``url``, ``source`` and ``author``; other keys are ignored. Blank lines are skipped.

    Args:
        stream: the file, opened in binary mode.
        published: YYYY-MM-DD for lines that give no ``published``.
        id_prefix: put before line numbers used as ids (lines without an ``id``).
        first_line: the number of the stream's first line (when a caller has read some already).
        max_bytes: longest line read; a longer one is skipped unread and reported on its Article.
            Default: ``input.max_chars`` times ``read.max_bytes_per_char`` of thresholds.toml.

    Yields:
        One Article per non-blank line; a malformed line gives an Article with ``errors`` set,
        whose id is the line's number.
    """
    max_bytes = max_bytes or int(limits()["max_bytes"])
    for n, raw, size in _lines(stream, max_bytes, first_line):
        if size > max_bytes:
            art = _failed(f"{id_prefix}{n}", f"line {n}: too large: over {max_bytes:,} bytes (split it into articles)")
        else:
            art = parse_line(raw, n, published=published, id_prefix=id_prefix)
        if art is not None:
            yield art


def _lines(stream: BinaryIO, max_bytes: int, first: int) -> Iterator[tuple[int, bytes, int]]:
    n = first - 1
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        n += 1
        size = len(line)
        if size > max_bytes and not line.endswith(b"\n"):
            # Over the limit: skip the rest of this line in bounded chunks instead of reading it.
            while (rest := stream.readline(_CHUNK)) and not rest.endswith(b"\n"):
                size += len(rest)
            size += len(rest)
            line = b""
        yield n, line, size


def _failed(id: str, reason: str) -> Article:
    logger.debug("%s: %s", id, reason)
    return Article(id=id, text="", errors=(reason,))


def parse_line(raw: bytes, n: int, *, published: str | None = None, id_prefix: str = "") -> Article | None:
    """One JSON Lines record as an Article; None for a blank line.

    Args:
        raw: the line's bytes.
        n: its line number, the id of a record without one.
        published: YYYY-MM-DD for a record without ``published``.
        id_prefix: put before the line number when it is used as the id.

    Returns:
        The Article; a line that is not a usable record gives one with ``errors`` set.
    """
    line_id = f"{id_prefix}{n}"
    decoded = decode(raw, line_id)
    if decoded.error:
        return _failed(line_id, f"line {n}: {decoded.error}")
    if not decoded.text.strip():
        return None
    try:
        item = json.loads(decoded.text)
    except json.JSONDecodeError as err:
        return _failed(line_id, f"line {n}: malformed JSON: {err.msg} at column {err.colno}")
    if not isinstance(item, dict):
        return _failed(line_id, f"line {n}: expected a JSON object, found {type(item).__name__}")
    id = str(item["id"]) if item.get("id") not in (None, "") else line_id
    try:
        date = normalise_date(item.get("published"), id) or published
    except ReadError as err:
        logger.warning("%s; ignoring it", err)
        date = published
    meta = {k: item[k] if isinstance(item.get(k), str) else None for k in ("title", "url", "source", "author")}
    text, html = item.get("text"), item.get("html")
    # "text" wins; an empty "text" beside an "html" is a record that only has the page.
    if isinstance(text, str) and (text.strip() or not isinstance(html, str)):
        return Article(id=id, text=text, published=date, **meta)
    if isinstance(html, str):
        page = read_html(html, id, published=date, url=meta["url"])
        # The record's own fields win over what the page says about itself.
        return Article(
            id=id, text=page.text, published=_normalise_or(item.get("published"), page.published),
            title=meta["title"] or page.title, url=meta["url"] or page.url,
            source=meta["source"] or page.source, author=meta["author"] or page.author, errors=page.errors,
        )
    found = "text" if "text" in item else "html" if "html" in item else None
    reason = f'"{found}" is not a string' if found else 'neither "text" nor "html"'
    return _failed(id, f"line {n}: {reason}")


def _normalise_or(value: object, fallback: str | None) -> str | None:
    """``value`` as YYYY-MM-DD, or ``fallback`` when it is missing or not a date."""
    try:
        return normalise_date(value) or fallback
    except ReadError:
        return fallback
