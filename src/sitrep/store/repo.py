"""Store stage: saving articles with their extractions, and reading whole articles back.

:func:`save_article` stores an article with its extraction (replacing an older version, known by
:func:`article_key` and :func:`content_hash`) and links its events into incidents (link/events.py);
:func:`iter_extractions` reads every article back as contract records for the JSON Lines export.
Records become rows and rows records through store/rows.py; the read queries are store/queries.py.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from sitrep._version import __version__
from sitrep.link._rules import link_rules
from sitrep.link.events import Incident, choose_incident, summarise
from sitrep.store.bounds import check_storable
from sitrep.store.rows import record_from_row, records_select, to_row
from sitrep.store.tables import (
    ARTICLE_CHILDREN, articles, entities, events, failures, figures, incidents, places, quotes,
)
from sitrep.types import SCHEMA_VERSION, Article, Entity, Event, Extraction, Figure, Place, Quote

logger = logging.getLogger(__name__)

_SPACE = re.compile(r"\s+")
_RECORDS = ((figures, Figure, "figures"), (quotes, Quote, "quotes"), (events, Event, "events"),
            (entities, Entity, "entities"))


# ---------------------------------------------------------------- identity of an article

def normalise_text(value: str) -> str:
    """Text as compared for identity: Unicode NFC, whitespace runs collapsed, ends stripped."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", value)).strip()


def _normalise_url(url: str) -> str:
    url = url.strip().split("#", 1)[0]
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url.rstrip("/")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}".rstrip("/")


def article_key(article: Article) -> str:
    """The article's identity: its normalised URL, else a sha256 of its normalised text."""
    if article.url and article.url.strip():
        url = _normalise_url(article.url)
        if len(url) <= 560:
            return f"url:{url}"
        return "url-sha256:" + hashlib.sha256(_utf8(url)).hexdigest()
    return "text:" + hashlib.sha256(_utf8(normalise_text(article.text))).hexdigest()


def _utf8(text: str) -> bytes:
    # surrogatepass: a lone surrogate (which save_article refuses to store) must not crash the
    # key that decides whether to skip the article; valid text encodes exactly as before.
    return text.encode("utf-8", "surrogatepass")


def content_hash(article: Article) -> str:
    """A hash of what makes one version of an article: its text and metadata."""
    payload = [normalise_text(article.text), article.title, article.published, article.source, article.author]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def known_articles(conn: Connection) -> dict[str, str]:
    """Every stored article's key and content hash."""
    return dict(conn.execute(select(articles.c.key, articles.c.content_hash)).all())


def failed_articles(conn: Connection) -> dict[str, tuple[str, str]]:
    """Every article that failed, by key: the content hash of the version that failed, and why."""
    rows = conn.execute(select(failures.c.key, failures.c.content_hash, failures.c.reason))
    return {key: (chash, reason) for key, chash, reason in rows}


def record_failure(conn: Connection, article: Article, reason: str) -> None:
    """Keep that this version of ``article`` failed and why, in the caller's transaction."""
    key = article_key(article)
    clear_failure(conn, key)
    conn.execute(insert(failures).values(key=key, doc_id=_plain(article.id), content_hash=content_hash(article),
                                         reason=_plain(reason), failed_at=datetime.now(timezone.utc)))


def clear_failure(conn: Connection, key: str) -> None:
    """Forget that the article stored under ``key`` failed (it has been stored since)."""
    conn.execute(delete(failures).where(failures.c.key == key))


def _plain(text: str) -> str:
    """``text`` as every database stores it: no NUL, no lone surrogate (from an undecodable file name)."""
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


# ---------------------------------------------------------------- writing

def _insert(conn: Connection):
    # INSERT ... ON CONFLICT is each dialect's own construct.
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def _place_id(conn: Connection, place: Place | None, cache: dict[str, int]) -> int | None:
    if place is None:
        return None
    key = hashlib.sha1(json.dumps(place.to_dict(), sort_keys=True).encode()).hexdigest()
    if key in cache:
        return cache[key]
    found = conn.execute(select(places.c.id).where(places.c.key == key)).scalar()
    if found is None:  # ON CONFLICT: another writer may have added it since the select
        row, extra = to_row(place, places)
        found = conn.execute(_insert(conn)(places).values(key=key, extra=extra, **row).on_conflict_do_nothing(
            index_elements=["key"]).returning(places.c.id)).scalar()
    if found is None:
        found = conn.execute(select(places.c.id).where(places.c.key == key)).scalar_one()
    cache[key] = found
    return found


def _record_row(rec: Any, table, article_id: int, seq: int, place_cache: dict[str, int],
                conn: Connection) -> dict[str, Any]:
    row, extra = to_row(rec, table)
    row.update(article_id=article_id, seq=seq, start_char=rec.start, end_char=rec.end, extra=extra)
    if "place" in {f.name for f in fields(rec)}:
        row["place_id"] = _place_id(conn, rec.place, place_cache)
    return row


def _remove_article_records(conn: Connection, article_id: int) -> set[int]:
    touched = set(conn.execute(select(events.c.incident_id).where(
        events.c.article_id == article_id, events.c.incident_id.is_not(None))).scalars())
    for table in ARTICLE_CHILDREN:
        conn.execute(delete(table).where(table.c.article_id == article_id))
    return touched


def save_article(conn: Connection, article: Article, extraction: Extraction, *,
                 place_ids: dict[str, int] | None = None) -> str:
    """Store an article and its extraction, replacing an older version stored under the same key.

    Runs inside the caller's transaction; events are linked into incidents as they are stored.

    Args:
        conn: a connection in an open transaction.
        article: the article as read (its text is kept, so every span can be shown).
        extraction: what sitrep extracted from it.
        place_ids: a cache of place row ids to share between the articles of one transaction
            (never across transactions: a rolled-back place is gone).

    Returns:
        ``"stored"`` (new), ``"updated"`` (a changed version replaced the old) or ``"skipped"``
        (this very version is stored already).

    Raises:
        StoreError: a value of the article or its records cannot be stored (a count over 64 bits,
            an infinite figure, a NUL character...; see store/bounds.py). Raised before anything
            is written, so the transaction stays usable for the next article.
    """
    check_storable(article, extraction)
    key, chash = article_key(article), content_hash(article)
    old = conn.execute(select(articles.c.id, articles.c.content_hash).where(articles.c.key == key)).first()
    values = dict(key=key, doc_id=article.id, content_hash=chash, url=article.url, title=article.title,
                  published=article.published, source=article.source, author=article.author,
                  text=article.text, schema=SCHEMA_VERSION, sitrep_version=__version__,
                  ingested_at=datetime.now(timezone.utc))
    touched: set[int] = set()
    if old is None:
        article_id = conn.execute(insert(articles).values(**values).returning(articles.c.id)).scalar_one()
        status = "stored"
    elif old.content_hash == chash:
        return "skipped"
    else:
        article_id = old.id
        touched = _remove_article_records(conn, article_id)
        conn.execute(update(articles).where(articles.c.id == article_id).values(**values))
        status = "updated"
    cache: dict[str, int] = {} if place_ids is None else place_ids
    event_ids: list[int] = []
    for table, _, attr in _RECORDS:
        records = getattr(extraction, attr)
        if not records:
            continue
        rows = [_record_row(r, table, article_id, n, cache, conn) for n, r in enumerate(records)]
        if table is events:
            result = conn.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
            event_ids = list(result.scalars())
        else:
            conn.execute(insert(table), rows)
    for incident_id in touched:
        _refresh_incident(conn, incident_id, cache)
    for event_id, event in zip(event_ids, extraction.events):
        _link_event(conn, event_id, article_id, event, cache)
    return status


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def _link_event(conn: Connection, event_id: int, article_id: int, event: Event, cache: dict[str, int]) -> None:
    candidates: dict[int, list[tuple[int, Event]]] = defaultdict(list)
    if event.date and event.place is not None:
        try:
            window = int(link_rules()["events"]["max_days"])
            lo, hi = _shift(event.date, -window), _shift(event.date, window)
        except (ValueError, OverflowError):  # not a date, or one within days of year 1 or 9999
            lo = hi = None
        if lo:
            # Incidents with a report near in time and place; then every report of those incidents,
            # however far, since a new report must match them all (complete linkage).
            near = (select(events.c.incident_id).join(places, places.c.id == events.c.place_id)
                    .where(events.c.incident_id.is_not(None), events.c.date.between(lo, hi),
                           events.c.id != event_id, _near(event.place)))
            q = records_select(events).where(events.c.incident_id.in_(near), events.c.id != event_id)
            for row in conn.execute(q).mappings():
                candidates[row["incident_id"]].append((row["article_id"], record_from_row(Event, row)))
    incident_id, reason = choose_incident(event, article_id, candidates)
    if incident_id is None:
        incident_id = conn.execute(insert(incidents).values(
            **_incident_values(conn, summarise([event]), 1, cache)).returning(incidents.c.id)).scalar_one()
        conn.execute(update(events).where(events.c.id == event_id).values(
            incident_id=incident_id, merge_reason=reason))
        return
    conn.execute(update(events).where(events.c.id == event_id).values(incident_id=incident_id, merge_reason=reason))
    _refresh_incident(conn, incident_id, cache)


def _near(place: Place):
    """Places that could lie within merging distance of ``place``: a bounding box, or the same name."""
    same_name = func.lower(places.c.name) == place.name.lower()
    if place.lat is None or place.lon is None:
        return same_name
    km = float(link_rules()["events"]["max_km"]) * 1.1
    dlat = km / 111.0
    dlon = km / (111.0 * max(0.05, math.cos(math.radians(place.lat))))
    return or_(same_name, places.c.lat.between(place.lat - dlat, place.lat + dlat)
               & places.c.lon.between(place.lon - dlon, place.lon + dlon))


def _incident_values(conn: Connection, inc: Incident, n_sources: int, cache: dict[str, int]) -> dict[str, Any]:
    values = {f.name: getattr(inc, f.name) for f in fields(inc) if f.name != "place"}
    values["place_id"] = _place_id(conn, inc.place, cache)
    values["n_sources"] = n_sources
    return values


def _refresh_incident(conn: Connection, incident_id: int, cache: dict[str, int]) -> None:
    q = records_select(events).where(events.c.incident_id == incident_id).order_by(events.c.id)
    rows = list(conn.execute(q).mappings())
    if not rows:
        conn.execute(delete(incidents).where(incidents.c.id == incident_id))
        return
    n_sources = len({r["article_id"] for r in rows})
    values = _incident_values(conn, summarise([record_from_row(Event, r) for r in rows]), n_sources, cache)
    conn.execute(update(incidents).where(incidents.c.id == incident_id).values(**values))


# ---------------------------------------------------------------- reading whole articles back

def _records(conn: Connection, table, cls, article_ids: list[int]) -> dict[int, list]:
    q = records_select(table).where(table.c.article_id.in_(article_ids)).order_by(table.c.article_id, table.c.seq)
    out: dict[int, list] = defaultdict(list)
    for row in conn.execute(q).mappings():
        out[row["article_id"]].append(record_from_row(cls, row))
    return out


def iter_extractions(conn: Connection, batch: int = 200) -> Iterator[tuple[Article, Extraction]]:
    """Every stored article with its extraction, as contract records, in storage order."""
    last = 0
    while True:
        rows = list(conn.execute(select(articles).where(articles.c.id > last)
                                 .order_by(articles.c.id).limit(batch)).mappings())
        if not rows:
            return
        ids = [r["id"] for r in rows]
        found = {attr: _records(conn, table, cls, ids) for table, cls, attr in _RECORDS}
        for r in rows:
            art = Article(id=r["doc_id"], text=r["text"], published=r["published"], title=r["title"],
                          url=r["url"], source=r["source"], author=r["author"])
            yield art, Extraction(
                id=r["doc_id"], title=r["title"], published=r["published"], url=r["url"],
                source=r["source"], author=r["author"],
                **{attr: found[attr].get(r["id"], []) for attr in found})
        last = ids[-1]


def row_counts(conn: Connection) -> dict[str, int]:
    """Rows in each of the store's tables."""
    return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (articles, places, incidents, figures, quotes, events, entities)}


def stored_ids(conn: Connection, keys: Iterable[str]) -> dict[str, int]:
    """Article row ids by key, for the keys that are stored."""
    keys = list(keys)
    return dict(conn.execute(select(articles.c.key, articles.c.id).where(articles.c.key.in_(keys))).all()) if keys else {}
