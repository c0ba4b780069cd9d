"""Read stage: JSON Lines of articles to Articles, streamed one line at a time."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from typing import BinaryIO

from sitrep.errors import ReadError
from sitrep.read._clean import article
from sitrep.read._decode import decode, limits, normalise_date
from sitrep.read._lines import Line, split_lines, utf8_chunks
from sitrep.read.html import read_html
from sitrep.types import Article

logger = logging.getLogger(__name__)

# C0 control bytes other than tab, LF and CR, and DEL: never valid in JSON text (a string must
# escape them), so each becomes a space, which JSON reads as whitespace, before the line is parsed.
_BLANK_CONTROLS = bytes.maketrans(bytes([*range(9), 11, 12, *range(14, 32), 127]), b" " * 30)


class _Literal:
    """A JSON number Python cannot hold as written: too many digits for int(), beyond float, NaN."""

    __slots__ = ("problem", "text")

    def __init__(self, text: str, problem: str | None = None) -> None:
        self.text, self.problem = text, problem

    def __repr__(self) -> str:
        return self.text if len(self.text) <= 20 else f"{self.text[:20]}... ({len(self.text):,} characters)"


def _int(text: str) -> int | _Literal:
    try:
        return int(text)
    except ValueError:  # over sys.get_int_max_str_digits() (4,300) digits
        return _Literal(text)


def _float(text: str) -> float | _Literal:
    value = float(text)
    return value if math.isfinite(value) else _Literal(text, "is beyond the range of a number")


def _constant(name: str) -> _Literal:
    return _Literal(name, "is not a JSON value")


# Numbers no record can break: a 5,000-digit number, 1e999 and NaN parse to _Literal instead of
# raising or becoming inf/nan; only an id made of one is an error (see _record_id).
_JSON = json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=_constant)


class _BadRecord(ValueError):
    """A line that is JSON but not a usable record; its message is the reason."""


def read_jsonl(stream: BinaryIO, *, published: str | None = None, id_prefix: str = "",
               first_line: int = 1, max_bytes: int | None = None) -> Iterator[Article]:
    """Read articles from JSON Lines, one object a line, without holding more than a line in memory.

    Each line is ``{"id", "text"}`` or ``{"id", "html"}`` with optional ``published`` (YYYY-MM-DD),
    ``title``, ``url``, ``source`` and ``author``; other keys are ignored. Blank lines are skipped.
    The stream may be UTF-8 (a BOM is dropped) or UTF-16/32 (with a BOM, or recognised by its NUL
    bytes), and lines may end in LF, CRLF or CR.

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
    for line in split_lines(utf8_chunks(stream), max_bytes, first_line):
        if line.size > max_bytes:
            art = _failed(f"{id_prefix}{line.number}", _too_large(line, max_bytes))
        else:
            art = parse_line(line.raw, line.number, published=published, id_prefix=id_prefix)
        if art is not None:
            yield art


def _too_large(line: Line, max_bytes: int) -> str:
    if line.last:
        return (f"line {line.number}: too large: no line end in its first {line.size:,} bytes; "
                "the rest of the input is not read (is it JSON Lines?)")
    return f"line {line.number}: too large: over {max_bytes:,} bytes (split it into articles)"


def _failed(id: str, reason: str) -> Article:
    logger.debug("%s: %s", id, reason)
    return article(id, "", errors=(reason,))


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
    decoded = decode(raw.translate(_BLANK_CONTROLS), line_id)
    if decoded.error:
        return _failed(line_id, f"line {n}: {decoded.error}")
    if not decoded.text.strip():
        return None
    try:
        item = _JSON.decode(decoded.text)
    except json.JSONDecodeError as err:
        return _failed(line_id, f"line {n}: malformed JSON: {err.msg} at column {err.colno}")
    except RecursionError:
        return _failed(line_id, f"line {n}: JSON nested too deeply")
    if not isinstance(item, dict):
        return _failed(line_id, f"line {n}: expected a JSON object, found {type(item).__name__}")
    try:
        id = _record_id(item.get("id"), line_id)
    except _BadRecord as err:
        return _failed(line_id, f"line {n}: {err}")
    try:
        date = normalise_date(item.get("published"), id) or published
    except ReadError as err:
        logger.warning("%s; ignoring it", err)
        date = published
    meta = {k: item[k] if isinstance(item.get(k), str) else None for k in ("title", "url", "source", "author")}
    text, html = item.get("text"), item.get("html")
    # "text" wins; an empty "text" beside an "html" is a record that only has the page.
    if isinstance(text, str) and (text.strip() or not isinstance(html, str)):
        return article(id, text, published=date, **meta)
    if isinstance(html, str):
        page = read_html(html, id, published=date, url=meta["url"])
        # The record's own fields win over what the page says about itself.
        return article(
            id, page.text, published=_normalise_or(item.get("published"), page.published),
            title=meta["title"] or page.title, url=meta["url"] or page.url,
            source=meta["source"] or page.source, author=meta["author"] or page.author, errors=page.errors,
        )
    found = "text" if "text" in item else "html" if "html" in item else None
    reason = f'"{found}" is not a string' if found else 'neither "text" nor "html"'
    return _failed(id, f"line {n}: {reason}")


def _record_id(value: object, line_id: str) -> str:
    """A record's ``id`` as text (numbers as written), or ``line_id`` when it has none.

    Raises:
        _BadRecord: the id is NaN, out of a number's range, an array or object, or too long.
    """
    if value is None or value == "":
        return line_id
    if isinstance(value, _Literal):
        if value.problem:
            raise _BadRecord(f"id {value!r} {value.problem}; give ids as strings")
        value = value.text
    elif isinstance(value, (list, dict)):
        raise _BadRecord(f"id is a JSON {'array' if isinstance(value, list) else 'object'}; give ids as strings")
    text = str(value)
    most = int(limits()["max_id_chars"])
    if len(text) > most:
        raise _BadRecord(f"id too long: {len(text):,} characters, over the limit of {most:,}")
    return text


def _normalise_or(value: object, fallback: str | None) -> str | None:
    """``value`` as YYYY-MM-DD, or ``fallback`` when it is missing or not a date."""
    try:
        return normalise_date(value) or fallback
    except ReadError:
        return fallback
