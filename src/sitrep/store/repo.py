"""Store stage: the one place that turns contract records into table rows and rows back into records.

Writing: :func:`save_article` stores an article with its extraction (replacing an older version)
and links its events into incidents (link/events.py). Reading: the ``find_*`` queries behind
``sitrep events | figures | quotes``, :func:`figure_points` for series, :func:`explain_incident`
and :func:`iter_extractions` for the JSON Lines export; the filter conditions and place columns they
are built from serve the web API's queries too (serve/api/queries.py).
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
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, Select, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from sitrep._version import __version__
from sitrep.link._rules import link_rules
from sitrep.link.events import Incident, choose_incident, summarise
from sitrep.link.series import FigurePoint, Series, build_series
from sitrep.store.tables import (
    ARTICLE_CHILDREN, articles, entities, events, figures, incidents, places, quotes,
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
        return "url-sha256:" + hashlib.sha256(url.encode()).hexdigest()
    return "text:" + hashlib.sha256(normalise_text(article.text).encode()).hexdigest()


def content_hash(article: Article) -> str:
    """A hash of what makes one version of an article: its text and metadata."""
    payload = [normalise_text(article.text), article.title, article.published, article.source, article.author]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def known_articles(conn: Connection) -> dict[str, str]:
    """Every stored article's key and content hash."""
    return dict(conn.execute(select(articles.c.key, articles.c.content_hash)).all())


# ---------------------------------------------------------------- writing

def _insert(conn: Connection):
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)


def _split(rec: Any, table) -> tuple[dict[str, Any], str | None]:
    """A record's fields that have a column, and the rest as JSON for the ``extra`` column.

    The contract lets fields be added freely; a field that has no column yet is kept in ``extra``
    (and read back from it) until a migration gives it one.
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


def _place_id(conn: Connection, place: Place | None, cache: dict[str, int]) -> int | None:
    if place is None:
        return None
    key = hashlib.sha1(json.dumps(place.to_dict(), sort_keys=True).encode()).hexdigest()
    if key in cache:
        return cache[key]
    found = conn.execute(select(places.c.id).where(places.c.key == key)).scalar()
    if found is None:  # ON CONFLICT: another writer may have added it since the select
        row, extra = _split(place, places)
        found = conn.execute(_insert(conn)(places).values(key=key, extra=extra, **row).on_conflict_do_nothing(
            index_elements=["key"]).returning(places.c.id)).scalar()
    if found is None:
        found = conn.execute(select(places.c.id).where(places.c.key == key)).scalar_one()
    cache[key] = found
    return found


def _record_row(rec: Any, table, article_id: int, seq: int, place_cache: dict[str, int],
                conn: Connection) -> dict[str, Any]:
    row, extra = _split(rec, table)
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
    """
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
        except ValueError:
            lo = hi = None
        if lo:
            # Incidents with a report near in time and place; then every report of those incidents,
            # however far, since a new report must match them all (complete linkage).
            near = (select(events.c.incident_id).join(places, places.c.id == events.c.place_id)
                    .where(events.c.incident_id.is_not(None), events.c.date.between(lo, hi),
                           events.c.id != event_id, _near(event.place)))
            q = (select(events, *place_columns()).outerjoin(places, places.c.id == events.c.place_id)
                 .where(events.c.incident_id.in_(near), events.c.id != event_id))
            for row in conn.execute(q).mappings():
                candidates[row["incident_id"]].append((row["article_id"], _event_from_row(row)))
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
    q = (select(events, *place_columns()).outerjoin(places, places.c.id == events.c.place_id)
         .where(events.c.incident_id == incident_id).order_by(events.c.id))
    rows = list(conn.execute(q).mappings())
    if not rows:
        conn.execute(delete(incidents).where(incidents.c.id == incident_id))
        return
    n_sources = len({r["article_id"] for r in rows})
    values = _incident_values(conn, summarise([_event_from_row(r) for r in rows]), n_sources, cache)
    conn.execute(update(incidents).where(incidents.c.id == incident_id).values(**values))


# ---------------------------------------------------------------- rows back to records

_PLACE_COLUMNS = tuple(c for c in places.c.keys() if c not in ("id", "key"))


def place_columns() -> list:
    """The places table's columns, labelled ``place_<name>``, for a query joined with places."""
    return [places.c[name].label(f"place_{name}") for name in _PLACE_COLUMNS]


def _with_extra(cls, known: dict[str, Any], extra: str | None) -> Any:
    names = {f.name for f in fields(cls)}
    values = {k: v for k, v in known.items() if k in names}
    if extra:
        values.update((k, v) for k, v in json.loads(extra).items() if k in names)
    return cls(**values)


def _place_from_row(row) -> Place | None:
    if row.get("place_name") is None:
        return None
    known = {name: row[f"place_{name}"] for name in _PLACE_COLUMNS if name != "extra"}
    return _with_extra(Place, known, row["place_extra"])


def _num(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def _record_from_row(cls, row) -> Any:
    known: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in ("start", "end"):
            known[f.name] = row[f"{f.name}_char"]
        elif f.name == "place":
            known["place"] = _place_from_row(row)
        elif f.name in row and f.name != "extra":
            known[f.name] = row[f.name]
    if cls is Figure:
        known.update(value=_num(known["value"]), low=_num(known.get("low")), high=_num(known.get("high")))
    return _with_extra(cls, known, row.get("extra"))


def _event_from_row(row) -> Event:
    return _record_from_row(Event, row)


def _records(conn: Connection, table, cls, article_ids: list[int]) -> dict[int, list]:
    q = select(table)
    if "place_id" in table.c:
        q = select(table, *place_columns()).outerjoin(places, places.c.id == table.c.place_id)
    q = q.where(table.c.article_id.in_(article_ids)).order_by(table.c.article_id, table.c.seq)
    out: dict[int, list] = defaultdict(list)
    for row in conn.execute(q).mappings():
        out[row["article_id"]].append(_record_from_row(cls, row))
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


# ---------------------------------------------------------------- queries

@dataclass(frozen=True, slots=True)
class Filters:
    """What ``sitrep events | figures | quotes | series`` select; None means no filter.

    Name filters (country, place, type, actor, speaker, reported_by) match any part of a name,
    ignoring case; ``search`` is full-text search over the records' sentences. Each query uses
    the filters that apply to its records.
    """

    since: str | None = None
    until: str | None = None
    country: str | None = None
    place: str | None = None
    type: str | None = None
    actor: str | None = None
    speaker: str | None = None
    reported_by: str | None = None
    search: str | None = None
    limit: int | None = None


# The condition builders below are shared with the web API (serve/api/queries.py), which pages,
# counts and shapes what they select.

def contains(column, value: str):
    """``column`` holds ``value`` anywhere, ignoring case (``%`` and ``_`` match themselves)."""
    return func.lower(column).contains(value.lower(), autoescape=True)


def _fts_query(value: str) -> str:
    return " ".join('"{}"'.format(w.replace('"', '""')) for w in value.split())


def _matching(conn: Connection, table, value: str):
    """Ids of ``table`` rows whose sentence matches the full-text query."""
    if conn.dialect.name == "postgresql":
        return select(table.c.id).where(text(f"{table.name}.tsv @@ websearch_to_tsquery('english', :q)")
                                        .bindparams(q=value))
    return select(text("rowid")).select_from(text(f"{table.name}_fts")).where(
        text(f"{table.name}_fts MATCH :q").bindparams(q=_fts_query(value)))


def place_conds(f: Filters, table=places) -> list:
    """Conditions on ``table`` (places or an alias of it) for the country and place filters."""
    conds = []
    if f.country:
        conds.append(or_(contains(table.c.country, f.country), func.lower(table.c.country_code) == f.country.lower()))
    if f.place:
        conds.append(or_(contains(table.c.name, f.place), contains(table.c.admin1, f.place)))
    return conds


def date_conds(column, f: Filters) -> list:
    """Conditions keeping ``column`` (an ISO date) between ``since`` and ``until``."""
    conds = []
    if f.since:
        conds.append(column >= f.since)
    if f.until:
        conds.append(column <= f.until)
    return conds


def type_cond(table, value: str):
    """``table``'s (events' or incidents') event type or sub-event type holds ``value``."""
    return or_(contains(table.c.event_type, value), contains(table.c.sub_event_type, value))


def actor_cond(value: str):
    """An event's either actor holds ``value``."""
    return or_(contains(events.c.actor1, value), contains(events.c.actor2, value))


def speaker_cond(value: str):
    """A quote's speaker or speaker title holds ``value``."""
    return or_(contains(quotes.c.speaker, value), contains(quotes.c.speaker_title, value))


def _limit(q: Select, f: Filters) -> Select:
    return q.limit(f.limit) if f.limit else q


def place_dict(row) -> dict[str, Any] | None:
    """The place a row joined with :func:`place_columns` names, as a contract dict; None if none."""
    place = _place_from_row(row)
    return place.to_dict() if place else None


def incident_query() -> Select:
    """Incidents with their places' columns (:func:`place_columns`)."""
    return select(incidents, *place_columns()).outerjoin(places, places.c.id == incidents.c.place_id)


def incident_conds(f: Filters) -> list:
    """Conditions on incidents (joined with places) for the place, date and type filters."""
    conds = place_conds(f) + date_conds(incidents.c.date, f)
    if f.type:
        conds.append(type_cond(incidents, f.type))
    return conds


def has_report(*conds):
    """Incidents with a report (event) that meets every one of ``conds``."""
    return incidents.c.id.in_(select(events.c.incident_id).where(*conds))


def incident_dict(row) -> dict[str, Any]:
    """An :func:`incident_query` row: the incident's columns and its place."""
    out = {c.name: row[c.name] for c in incidents.c if c.name != "place_id"}
    out["place"] = place_dict(row)
    return out


def get_incident(conn: Connection, incident_id: int) -> dict[str, Any] | None:
    """One merged event as :func:`incident_dict` gives it; None if absent."""
    row = conn.execute(incident_query().where(incidents.c.id == incident_id)).mappings().first()
    return None if row is None else incident_dict(row)


def find_incidents(conn: Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Merged events matching the filters, newest first, each with its sources."""
    conds = incident_conds(f)
    if f.actor:
        conds.append(has_report(actor_cond(f.actor)))
    if f.reported_by:
        conds.append(has_report(contains(events.c.reported_by, f.reported_by)))
    if f.search:
        conds.append(has_report(events.c.id.in_(_matching(conn, events, f.search))))
    q = incident_query().where(*conds).order_by(incidents.c.date.desc(), incidents.c.id)
    rows = list(conn.execute(_limit(q, f)).mappings())
    return [{**incident_dict(r), "sources": srcs} for r, srcs in zip(rows, _sources(conn, [r["id"] for r in rows]))]


def _sources(conn: Connection, incident_ids: list[int]) -> list[list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for part in range(0, len(incident_ids), 500):
        q = (select(events.c.incident_id, events.c.id, events.c.text, events.c.merge_reason,
                    events.c.fatalities, events.c.injured, events.c.date, events.c.reported_by,
                    articles.c.doc_id, articles.c.source, articles.c.url, articles.c.title,
                    articles.c.published)
             .join(articles, articles.c.id == events.c.article_id)
             .where(events.c.incident_id.in_(incident_ids[part:part + 500])).order_by(events.c.id))
        for r in conn.execute(q).mappings():
            found[r["incident_id"]].append({
                "event_id": r["id"], "article": r["doc_id"], "source": r["source"], "url": r["url"],
                "title": r["title"], "published": r["published"], "date": r["date"],
                "fatalities": r["fatalities"], "injured": r["injured"], "reported_by": r["reported_by"],
                "text": r["text"], "merge_reason": r["merge_reason"]})
    return [found.get(i, []) for i in incident_ids]


def explain_incident(conn: Connection, incident_id: int) -> dict[str, Any] | None:
    """One merged event with every report in it, its sentence and why it merged; None if absent."""
    found = get_incident(conn, incident_id)
    return None if found is None else {**found, "sources": _sources(conn, [incident_id])[0]}


def figure_day():
    """A figure's date: as of, else its period's end, else its article's (joined) publication date."""
    return func.coalesce(figures.c.as_of, figures.c.period_end, articles.c.published)


def figure_conds(f: Filters) -> list:
    """Conditions on figures (joined with articles and places) for the place and date filters."""
    return place_conds(f) + date_conds(figure_day(), f)


def _figure_query(conn: Connection, f: Filters) -> Select:
    conds = figure_conds(f)
    if f.type:
        conds.append(contains(figures.c.category, f.type))
    if f.reported_by:
        conds.append(contains(figures.c.reported_by, f.reported_by))
    if f.search:
        conds.append(figures.c.id.in_(_matching(conn, figures, f.search)))
    return (select(figures, articles.c.doc_id, articles.c.published.label("published"), *place_columns())
            .join(articles, articles.c.id == figures.c.article_id)
            .outerjoin(places, places.c.id == figures.c.place_id).where(*conds))


def find_figures(conn: Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Figures matching the filters, newest first, each with its article."""
    q = _figure_query(conn, f).order_by(figure_day().desc(), figures.c.id)
    out = []
    for r in conn.execute(_limit(q, f)).mappings():
        rec = _record_from_row(Figure, r).to_dict()
        out.append({"id": r["id"], "article": r["doc_id"], "published": r["published"], **rec})
    return out


def figure_points(conn: Connection, f: Filters = Filters(), *,
                  scopes: Iterable[str] | None = None) -> list[FigurePoint]:
    """Figures matching the filters as series points (dated by as_of, else by the article).

    ``scopes`` keeps only figures of those scopes (the web API passes the series scopes, so
    incident figures, which form no series, are not converted).
    """
    q = _figure_query(conn, f)
    if scopes is not None:
        q = q.where(figures.c.scope.in_(list(scopes)))
    return [FigurePoint(r["id"], _record_from_row(Figure, r), r["published"], r["doc_id"])
            for r in conn.execute(q.order_by(figures.c.id)).mappings()]


def find_series(conn: Connection, f: Filters = Filters()) -> list[Series]:
    """Figure series (link/series.py) over the figures matching the filters (``type`` = category)."""
    return build_series(figure_points(conn, f))


def quote_conds(f: Filters) -> list:
    """Conditions on quotes (joined with articles) for the date (the article's) and speaker filters."""
    conds = date_conds(articles.c.published, f)
    if f.speaker:
        conds.append(speaker_cond(f.speaker))
    return conds


def find_quotes(conn: Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Quotes matching the filters, newest article first."""
    conds = quote_conds(f)
    if f.type:
        conds.append(contains(quotes.c.kind, f.type))
    if f.search:
        conds.append(quotes.c.id.in_(_matching(conn, quotes, f.search)))
    q = (select(quotes, articles.c.doc_id, articles.c.published, articles.c.source)
         .join(articles, articles.c.id == quotes.c.article_id).where(*conds)
         .order_by(articles.c.published.desc(), quotes.c.id))
    return [{"id": r["id"], "article": r["doc_id"], "published": r["published"], "source": r["source"],
             **_record_from_row(Quote, r).to_dict()} for r in conn.execute(_limit(q, f)).mappings()]


def iter_incidents(conn: Connection, f: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Every merged event matching the filters (ignoring ``limit``), oldest first, for exports."""
    rows = find_incidents(conn, Filters(**{**{k.name: getattr(f, k.name) for k in fields(f)}, "limit": None}))
    yield from reversed(rows)


def stored_ids(conn: Connection, keys: Iterable[str]) -> dict[str, int]:
    """Article row ids by key, for the keys that are stored."""
    keys = list(keys)
    return dict(conn.execute(select(articles.c.key, articles.c.id).where(articles.c.key.in_(keys))).all()) if keys else {}
