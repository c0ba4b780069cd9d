"""Store stage: the one mapping between contract records and table rows, both ways.

Writing (repo.py) splits a record into its columns and the ``extra`` JSON of fields that have no
column yet; reading (queries.py, iter_extractions, the web API) turns a row back into the contract
record, ``extra`` included, or into the dict the CLI and the API print: the record with its
store ids and its article. A field added to a contract type therefore reaches every reader.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from sqlalchemy import Select, select

from sitrep.store.tables import articles, incidents, places
from sitrep.types import Figure, Place

_PLACE_COLUMNS = tuple(c for c in places.c.keys() if c not in ("id", "key"))
#: Span fields named apart from their columns; ``place`` is a row of its own (places).
_SPAN = {"start": "start_char", "end": "end_char"}
#: Columns of a stored record that are the store's, not the contract's (an event's incident and why it joined it).
_STORE_KEYS = ("id", "article_id", "incident_id", "merge_reason")


def to_row(rec: Any, table) -> tuple[dict[str, Any], str | None]:
    """A record's fields that have a column, and the rest as JSON for the ``extra`` column.

    The contract lets fields be added freely; a field that has no column yet is kept in ``extra``
    (and read back from it) until a migration gives it one. Span offsets and the place are left
    to the caller (``start_char``/``end_char``, ``place_id``).
    """
    row: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    plain = rec.to_dict()
    for f in fields(rec):
        if f.name in ("start", "end", "place"):
            continue
        if f.name in table.c and f.name != "extra":
            row[f.name] = getattr(rec, f.name)
        else:
            extra[f.name] = plain[f.name]
    return row, (json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None)


def with_extra(cls, known: dict[str, Any], extra: str | None) -> Any:
    """A ``cls`` record from its column values and its ``extra`` JSON (fields that have no column)."""
    names = {f.name for f in fields(cls)}
    values = {k: v for k, v in known.items() if k in names}
    if extra:
        values.update((k, v) for k, v in json.loads(extra).items() if k in names)
    return cls(**values)


def place_columns() -> list:
    """The places table's columns, labelled ``place_<name>``, for a query joined with places."""
    return [places.c[name].label(f"place_{name}") for name in _PLACE_COLUMNS]


def article_columns() -> list:
    """The article columns a record is shown with, labelled as :func:`record_dict` gives them.

    ``article`` (the article's own id), ``published``, ``article_title``, ``article_url`` and
    ``source`` (the outlet), for a query joined with articles.
    """
    return [articles.c.doc_id.label("article"), articles.c.published, articles.c.title.label("article_title"),
            articles.c.url.label("article_url"), articles.c.source]


_ARTICLE_KEYS = ("article", "published", "article_title", "article_url", "source")


def records_select(table) -> Select:
    """Rows of a record table (figures, quotes, events, entities), joined with their place where they have one."""
    if "place_id" not in table.c:
        return select(table)
    return select(table, *place_columns()).outerjoin(places, places.c.id == table.c.place_id)


def place_from_row(row) -> Place | None:
    """The place a row joined with :func:`place_columns` names; None if none."""
    if row.get("place_name") is None:
        return None
    known = {name: row[f"place_{name}"] for name in _PLACE_COLUMNS if name != "extra"}
    return with_extra(Place, known, row["place_extra"])


def place_dict(row) -> dict[str, Any] | None:
    """The place a row joined with :func:`place_columns` names, as a contract dict; None if none."""
    place = place_from_row(row)
    return place.to_dict() if place else None


def _num(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def record_from_row(cls, row) -> Any:
    """The contract record (``cls``: Figure, Quote, Event, Entity) a row of its table holds.

    Reads the columns, the ``extra`` JSON and, where the row is joined with :func:`place_columns`,
    the place. Whole-number figures come back as ints, as they were extracted.
    """
    known: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in _SPAN:
            known[f.name] = row[_SPAN[f.name]]
        elif f.name == "place":
            known["place"] = place_from_row(row)
        elif f.name in row and f.name != "extra":
            known[f.name] = row[f.name]
    if cls is Figure:
        known.update(value=_num(known["value"]), low=_num(known.get("low")), high=_num(known.get("high")))
    return with_extra(cls, known, row.get("extra"))


def record_dict(cls, row) -> dict[str, Any]:
    """A stored record as the CLI and the API show it.

    Its store ids (``id``, ``article_id``; an event's ``incident_id`` and ``merge_reason``), its
    contract fields (:func:`record_from_row`) and the article columns the query joined
    (:func:`article_columns`).
    """
    out = {k: row[k] for k in _STORE_KEYS if k in row}
    out.update(record_from_row(cls, row).to_dict())
    out.update((k, row[k]) for k in _ARTICLE_KEYS if k in row)
    return out


def incident_dict(row) -> dict[str, Any]:
    """An incidents row joined with :func:`place_columns`: the incident's columns and its place."""
    out = {c.name: row[c.name] for c in incidents.c if c.name != "place_id"}
    out["place"] = place_dict(row)
    return out
