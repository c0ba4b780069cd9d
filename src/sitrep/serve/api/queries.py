"""Serve stage: the web API's reads: pages with totals, map points, day counts, series, facets.

The records and their filters are the store's (store/queries.py): this module pages the store's
queries, counts, caches and shapes their rows for the API schemas; rows become records through
the store's one row mapper (store/rows.py), so what the CLI prints and the API returns agree.
The API's ``actor`` is the speaker for quotes (:func:`_as_speaker`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, func, select

from sitrep.link.series import SERIES_SCOPES, Series, build_series
from sitrep.serve.api.deps import PageParams
from sitrep.serve.api.schemas import EventPublic, SeriesPublic
from sitrep.store import Filters, explain_incident, figure_points
from sitrep.store.queries import (
    RecordQuery, article_conds, figures_query, incident_conds, incidents_query, quote_conds, quotes_query,
)
from sitrep.store.rows import incident_dict, record_dict, records_select
from sitrep.store.tables import articles, entities, events, figures, incidents, places, quotes
from sitrep.types import Entity, Event, Figure, Quote

#: Most events the map layer is sent at once (the page says when there are more).
MAX_POINTS = 50_000


def _page(conn: Connection, query: RecordQuery, page: PageParams) -> tuple[list[Any], int]:
    """One page of ``query``'s rows, and how many rows match in all.

    With a ``key`` (the table's id column) the filters run once: one query sorts the narrow
    (id, sort key) rows and counts them with a window function, then only the page's rows are
    read in full, by id, without the filters. Sorting 10,000 wide rows (sentences, places) or
    running a filter subquery three times costs several times more.
    """
    q = query.select()
    if query.key is None:
        total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
        return list(conn.execute(q.limit(page.limit).offset(page.offset)).mappings()), total
    found = conn.execute(q.with_only_columns(query.key, func.count().over())
                         .limit(page.limit).offset(page.offset)).all()
    if not found:
        total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
        return [], total
    ids = [r[0] for r in found]
    rows = {r[query.key.name]: r for r in conn.execute(query.base.where(query.key.in_(ids))).mappings()}
    return [rows[i] for i in ids if i in rows], found[0][1]


# ---------------------------------------------------------------- events (incidents)

def _event_dict(incident: dict[str, Any]) -> dict[str, Any]:
    """A store incident (:func:`incident_dict`) shaped like EventPublic: best counts as fatalities, injured."""
    out = {k: incident[k] for k in EventPublic.model_fields if k in incident}
    out.update(fatalities=incident["fatalities_best"], injured=incident["injured_best"])
    return out


def list_events(conn: Connection, f: Filters, page: PageParams) -> tuple[list[dict[str, Any]], int]:
    """Events (incidents merged across articles) matching the filters, newest first.

    Args:
        conn: a connection to the store.
        f: the shared filters.
        page: limit and offset.

    Returns:
        The page's events and how many match in all.
    """
    rows, total = _page(conn, incidents_query(conn, f), page)
    return [_event_dict(incident_dict(r)) for r in rows], total


def event_points(conn: Connection, f: Filters, max_points: int = MAX_POINTS) -> dict[str, Any]:
    """Every event with coordinates matching the filters, as parallel arrays for the map.

    Args:
        conn: a connection to the store.
        f: the shared filters.
        max_points: most events to return (the newest); ``truncated`` says when more match.

    Returns:
        ``{"total", "truncated", "event_types", "id", "lat", "lon", "type", "fatalities", "uncertain"}``,
        where ``type`` indexes ``event_types`` (10,000 events fit in about 250 KB of JSON) and
        ``uncertain`` flags a place read with low ``geo_confidence`` (the map draws it hollow).
    """
    query = incidents_query(conn, f)
    q = (select(incidents.c.id, places.c.lat, places.c.lon, incidents.c.event_type, incidents.c.fatalities_best,
                places.c.geo_confidence)
         .join(places, places.c.id == incidents.c.place_id)
         .where(places.c.lat.is_not(None), places.c.lon.is_not(None), *query.conds)
         .order_by(*query.order).limit(max_points + 1))
    rows = conn.execute(q).all()
    truncated = len(rows) > max_points
    rows = rows[:max_points]
    types: dict[str, int] = {}
    out: dict[str, Any] = {"total": len(rows), "truncated": truncated, "id": [], "lat": [], "lon": [],
                           "type": [], "fatalities": [], "uncertain": []}
    for id_, lat, lon, event_type, fatalities, confidence in rows:
        out["id"].append(id_)
        out["lat"].append(round(lat, 4))
        out["lon"].append(round(lon, 4))
        out["type"].append(types.setdefault(event_type, len(types)))
        out["fatalities"].append(fatalities)
        out["uncertain"].append(confidence is not None and confidence < 1.0)
    out["event_types"] = list(types)
    return out


def event_detail(conn: Connection, event_id: int) -> dict[str, Any] | None:
    """One event with every report of it (source sentence, offsets, article), in merge order; None if absent."""
    found = explain_incident(conn, event_id)
    return None if found is None else {**_event_dict(found), "reports": found["sources"]}


def events_timeline(conn: Connection, f: Filters) -> dict[str, list]:
    """Dated events matching the filters, counted by day and type (with their fatalities).

    Returns:
        Parallel arrays ``date``, ``event_type``, ``n``, ``fatalities``, one entry per (day, type),
        in date order.
    """
    q = (select(incidents.c.date, incidents.c.event_type, func.count(),
                func.coalesce(func.sum(incidents.c.fatalities_best), 0))
         .where(incidents.c.date.is_not(None), *incident_conds(conn, f))
         .group_by(incidents.c.date, incidents.c.event_type)
         .order_by(incidents.c.date, incidents.c.event_type))
    if f.country or f.place:
        q = q.join(places, places.c.id == incidents.c.place_id)
    rows = conn.execute(q).all()
    cols = list(zip(*rows)) if rows else [(), (), (), ()]
    return {"date": list(cols[0]), "event_type": list(cols[1]), "n": list(cols[2]), "fatalities": list(cols[3])}


# ---------------------------------------------------------------- figures and series

def list_figures(conn: Connection, f: Filters, page: PageParams) -> tuple[list[dict[str, Any]], int]:
    """Figures matching the filters, newest first (dated by as_of, period end, else the article).

    Event type and actor filters keep the figures of articles that report a matching event.
    """
    rows, total = _page(conn, figures_query(conn, f), page)
    return [record_dict(Figure, r) for r in rows], total


def list_series(conn: Connection, f: Filters, page: PageParams) -> tuple[list[SeriesPublic], int]:
    """Figure time series (link/series.py) over the figures matching the filters.

    Series with the most points come first. Each point carries the flags its figures raise and the
    store ids of the articles that gave it. Building series reads every matching figure, so the
    result is cached until the store changes.
    """
    series = cached(conn, "series", f, lambda: _build_series(conn, f))
    return series[page.offset:page.offset + page.limit], len(series)


_CACHE: OrderedDict[tuple, Any] = OrderedDict()
_CACHE_SIZE = 128
_CACHE_LOCK = threading.Lock()


def cached(conn: Connection, name: str, f: Filters, build: Callable[[], Any]) -> Any:
    """``build()``'s answer for (name, filters), reused until the store changes.

    For the answers that read every matching record (map points, day counts, series, facets):
    the page asks for them on every load, and the store changes only when articles are ingested.
    """
    key = (conn.engine.url.render_as_string(), _store_version(conn), name, f)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    value = build()
    with _CACHE_LOCK:
        _CACHE[key] = value
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return value


def _store_version(conn: Connection) -> tuple:
    """What changes whenever articles are stored, replaced or removed (one cheap query).

    Storing or replacing an article sets its ``ingested_at`` and gives its records new ids;
    removing one lowers the counts; incidents change only through those.
    """
    return tuple(conn.execute(select(
        select(func.count()).select_from(articles).scalar_subquery(),
        select(func.max(articles.c.ingested_at)).scalar_subquery(),
        select(func.max(figures.c.id)).scalar_subquery(),
        select(func.count()).select_from(figures).scalar_subquery(),
        select(func.max(events.c.id)).scalar_subquery(),
        select(func.count()).select_from(incidents).scalar_subquery(),
    )).one())


def _build_series(conn: Connection, f: Filters) -> list[SeriesPublic]:
    fps = figure_points(conn, f, scopes=SERIES_SCOPES)  # the figures /api/figures lists, in series scopes
    series = sorted(build_series(fps), key=lambda s: (-len(s.points), s.name))
    article_of = _article_ids(conn, {i for s in series for p in s.points for i in p.figure_ids})
    # Cached as validated models: a long series (thousands of points) then costs nothing to re-check.
    return [SeriesPublic(**_series_dict(s, article_of)) for s in series]


def _article_ids(conn: Connection, figure_ids: set[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    ids = sorted(figure_ids)
    for part in range(0, len(ids), 500):
        out.update(conn.execute(select(figures.c.id, figures.c.article_id)
                                .where(figures.c.id.in_(ids[part:part + 500]))).all())
    return out


def _series_dict(s: Series, article_of: dict[int, int]) -> dict[str, Any]:
    flags_of: dict[int, list[str]] = defaultdict(list)
    for flag in s.flags:
        for fid in flag.figure_ids:
            if flag.kind not in flags_of[fid]:
                flags_of[fid].append(flag.kind)
    points = []
    for p in s.points:
        kinds = list(dict.fromkeys(k for fid in p.figure_ids for k in flags_of.get(fid, [])))
        points.append({
            "date": p.date, "value": p.value, "qualifier": p.qualifier, "figure_ids": list(p.figure_ids),
            "article_ids": list(dict.fromkeys(article_of[i] for i in p.figure_ids if i in article_of)),
            "text": p.text, "flags": kinds,
        })
    return {"name": s.name, "reported_by": s.reported_by, "category": s.category, "who": s.who,
            "place": s.place, "scope": s.scope, "since": s.since, "points": points,
            "flags": [{"kind": fl.kind, "message": fl.message, "figure_ids": list(fl.figure_ids)}
                      for fl in s.flags]}


# ---------------------------------------------------------------- quotes

def _as_speaker(f: Filters) -> Filters:
    """The API's ``actor`` names the speaker of a quote, not an actor of an event."""
    return replace(f, speaker=f.actor, actor=None)


def list_quotes(conn: Connection, f: Filters, page: PageParams, speaker: str | None = None,
                ) -> tuple[list[dict[str, Any]], int]:
    """Quotes matching the filters (``actor`` matches the speaker), newest article first.

    Args:
        conn: a connection to the store.
        f: the shared filters; country, place and event type keep quotes from articles that
            report a matching event.
        page: limit and offset.
        speaker: only this speaker's quotes (exact name).

    Returns:
        The page's quotes and how many match in all.
    """
    query = quotes_query(conn, _as_speaker(f))
    if speaker:
        query = replace(query, conds=[*query.conds, quotes.c.speaker == speaker])
    rows, total = _page(conn, query, page)
    return [record_dict(Quote, r) for r in rows], total


def list_speakers(conn: Connection, f: Filters, page: PageParams) -> tuple[list[dict[str, Any]], int]:
    """Speakers of the quotes matching the filters, most quoted first."""
    base = (select(quotes.c.speaker, func.max(quotes.c.speaker_title).label("speaker_title"),
                   func.max(quotes.c.speaker_type).label("speaker_type"), func.count().label("n_quotes"))
            .join(articles, articles.c.id == quotes.c.article_id).group_by(quotes.c.speaker))
    conds = [quotes.c.speaker.is_not(None), *quote_conds(conn, _as_speaker(f))]
    rows, total = _page(conn, RecordQuery(base, conds, (func.count().desc(), quotes.c.speaker), None), page)
    return [dict(r) for r in rows], total


# ---------------------------------------------------------------- articles

def _counts(table):
    return (select(func.count()).where(table.c.article_id == articles.c.id)
            .correlate(articles).scalar_subquery())


def list_articles(conn: Connection, f: Filters, page: PageParams) -> tuple[list[dict[str, Any]], int]:
    """Articles matching the filters, newest first, with how many records each holds.

    Free text matches the title or the text; country, place, event type and actor keep articles
    that report a matching event.
    """
    base = select(articles.c.id, articles.c.doc_id, articles.c.title, articles.c.published, articles.c.url,
                  articles.c.source, articles.c.author, _counts(figures).label("n_figures"),
                  _counts(quotes).label("n_quotes"), _counts(events).label("n_events"))
    query = RecordQuery(base, article_conds(f), (articles.c.published.desc(), articles.c.id.desc()), articles.c.id)
    rows, total = _page(conn, query, page)
    return [dict(r) for r in rows], total


def _article_records(conn: Connection, table, cls, article_id: int) -> list[dict[str, Any]]:
    q = records_select(table).where(table.c.article_id == article_id).order_by(table.c.seq)
    return [record_dict(cls, r) for r in conn.execute(q).mappings()]


def article_detail(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """One article: its text and every figure, quote, event and entity in it; None if absent."""
    row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    out = {k: row[k] for k in ("id", "doc_id", "title", "published", "url", "source", "author", "text")}
    for table, cls in ((figures, Figure), (quotes, Quote), (events, Event), (entities, Entity)):
        out[table.name] = _article_records(conn, table, cls, article_id)
    return out


# ---------------------------------------------------------------- facets

def facets(conn: Connection, limit: int = 300) -> dict[str, Any]:
    """What the filter bar offers: event types, countries and sources in the store, and counts."""
    def column(q) -> list[str]:
        return [v for v in conn.execute(q.limit(limit)).scalars() if v]

    sources = set(column(select(figures.c.reported_by).distinct()))
    sources |= set(column(select(events.c.reported_by).distinct()))
    sources |= set(column(select(articles.c.source).distinct()))
    lo, hi = conn.execute(select(func.min(incidents.c.date), func.max(incidents.c.date))).one()
    count = lambda t: conn.execute(select(func.count()).select_from(t)).scalar_one()  # noqa: E731
    return {
        "event_types": column(select(incidents.c.event_type).distinct().order_by(incidents.c.event_type)),
        "countries": column(select(places.c.country).distinct().join(incidents, incidents.c.place_id == places.c.id)
                            .order_by(places.c.country)),
        "sources": sorted(sources, key=str.lower)[:limit],
        "date_min": lo, "date_max": hi,
        "n_articles": count(articles), "n_events": count(incidents), "n_figures": count(figures),
        "n_quotes": count(quotes),
    }
