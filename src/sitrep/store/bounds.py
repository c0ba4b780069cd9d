"""Store stage: what a column can hold, checked before an article is written.

A value the database would refuse (a count over 64 bits, a date longer than its column, a NUL
character PostgreSQL cannot keep, a lone surrogate no driver can encode) or would keep but not
give back as JSON (an infinite figure) fails one article with a reason, before anything of it is
written, instead of failing the whole transaction and the batch around it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import BigInteger, Column, Float, Integer, String, Table

from sitrep.errors import StoreError
from sitrep.store.tables import articles, entities, events, figures, places, quotes

#: Largest value of a 64-bit column (BIGINT; SQLite's INTEGER); INTEGER on PostgreSQL is 32-bit.
MAX_BIGINT = 2**63 - 1
MAX_INT = 2**31 - 1
#: Contract fields stored under another column name (store/rows.py).
_COLUMN_OF = {"start": "start_char", "end": "end_char"}
_RECORD_TABLES = (("figures", figures), ("quotes", quotes), ("events", events), ("entities", entities))
_ARTICLE_FIELDS = ("id", "title", "published", "url", "source", "author", "text")


def check_storable(article: Any, extraction: Any) -> None:
    """Raise StoreError if any value of the article or its records cannot be stored as it is.

    Args:
        article: the Article (its metadata and text are stored).
        extraction: its Extraction (every figure, quote, event and entity, with their places).

    Raises:
        StoreError: naming the article, the field and the value, for the first value that does not fit.
    """
    problem = next(_all_problems(article, extraction), None)
    if problem is not None:
        raise StoreError(f"cannot store article {_short(article.id)}: {problem}")


def _all_problems(article: Any, extraction: Any) -> Iterator[str]:
    fields = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    fields["doc_id"] = fields.pop("id")
    yield from _problems(fields, articles, "")
    for attr, table in _RECORD_TABLES:
        for n, record in enumerate(getattr(extraction, attr)):
            yield from _problems(record.to_dict(), table, f"{attr}[{n}].")


def _problems(values: Mapping[str, Any], table: Table, prefix: str) -> Iterator[str]:
    """What in ``values`` (one row's fields, by contract name) does not fit ``table``'s columns."""
    for name, value in values.items():
        where = f"{prefix}{name}"
        if name == "place" and isinstance(value, Mapping):
            yield from _problems(value, places, f"{where}.")
            continue
        column = table.c.get(_COLUMN_OF.get(name, name))
        problem = _column_problem(column, value) if column is not None else None
        if problem is None:
            problem = next(_value_problems(value), None)
        if problem is not None:
            yield f"{where} {problem}"


def _column_problem(column: Column, value: Any) -> str | None:
    """Why ``value`` does not fit ``column``'s type, or None."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Integer) and isinstance(value, int) and not isinstance(value, bool):
        # tables.Count is a BigInteger (INTEGER only in SQLite's variant, 64-bit there too);
        # other integer columns are INTEGER, 32-bit on PostgreSQL.
        limit = MAX_BIGINT if isinstance(kind, BigInteger) else MAX_INT
        if abs(value) > limit:
            return f"{_shown(value)} is out of range (the column holds at most {limit:,})"
    elif isinstance(kind, Float) and isinstance(value, int | float) and not _finite(value):
        return f"{_shown(value)} is not a finite number a 64-bit float can hold"
    elif isinstance(kind, String) and kind.length and isinstance(value, str) and len(value) > kind.length:
        return f"is {len(value):,} characters long (the column holds {kind.length})"
    return None


def _value_problems(value: Any) -> Iterator[str]:
    """Values nested anywhere in ``value`` that no column or JSON text can hold."""
    if isinstance(value, str):
        if "\x00" in value:
            yield "holds a NUL character, which PostgreSQL cannot store"
        elif not _encodable(value):
            yield "holds a lone surrogate, which is not UTF-8"
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, int):
        if abs(value) > MAX_BIGINT:
            yield f"{_shown(value)} is out of range (at most {MAX_BIGINT:,})"
    elif isinstance(value, float):
        if not math.isfinite(value):
            yield f"{_shown(value)} is not a finite number (JSON has no {value})"
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _value_problems(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _value_problems(item)


def _finite(value: int | float) -> bool:
    try:
        return math.isfinite(float(value))
    except OverflowError:  # an int too large for a double
        return False


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(value: int | float) -> str:
    if isinstance(value, int) and value.bit_length() > 128:
        # str() of an int over 4,300 digits raises (Python's int_max_str_digits).
        return f"a number of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"
    return str(value)


def _short(doc_id: str) -> str:
    return repr(doc_id if len(doc_id) <= 80 else doc_id[:77] + "...")
