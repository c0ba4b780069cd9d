"""Serve stage: the read queries behind the web API (paginated, filtered), over the store's tables.

The store's ``repo`` module answers the CLI's questions (whole lists, newest first); the page needs
pages with totals, compact map points, day counts and one article with every record in it, so those
queries live here, built from the store's filter conditions and place columns (the API's filters are
put in the store's terms by :func:`_store_filters`). Free text (``q``) matches any part of a sentence,
unlike the store's full-text ``search``. Rows come back as plain dicts shaped like the API schemas.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from sitrep.link.series import SERIES_SCOPES, Series, build_series
from sitrep.serve.api.deps import Filters, PageParams
from sitrep.serve.api.schemas import EventPublic, SeriesPublic
from sitrep.store import Filters as StoreFilters
from sitrep.store import figure_points
from sitrep.store.repo import (
    actor_cond, contains, date_conds, figure_conds, figure_day, get_incident, has_report, incident_conds,
    incident_dict, incident_query, place_columns, place_conds, place_dict, quote_conds, type_cond,
)
from sitrep.store.tables import articles, entities, events, figures, incidents, places, quotes

#: Most events the map layer is sent at once (the page says when there are more).
MAX_POINTS = 50_000


def _store_filters(f: Filters) -> StoreFilters:
    """The API's filters in the store's terms, for the conditions both mean alike.

    ``event_type`` is the store's event ``type``, ``actor`` both its ``actor`` and ``speaker``, and
    ``source`` its ``reported_by``; ``q`` stays the API's (a substring, not full-text search).
    """
    return StoreFilters(since=f.date_from, until=f.date_to, country=f.country, place=f.place,
                        type=f.event_type, actor=f.actor, speaker=f.actor, reported_by=f.source)


def _page(conn: Connection, base: Select, conds: list, order: list, page: PageParams,
          key=None) -> tuple[list[Any], int]:
    """One page of ``base`` filtered by ``conds`` and sorted by ``order``, and how many rows match.

    With ``key`` (the table's id column) the filters run once: one query sorts the narrow
    (id, sort key) rows and counts them with a window function, then only the page's rows are
    read in full, by id, without the filters. Sorting 10,000 wide rows (sentences, places) or
    running a filter subquery three times costs several times more.
    """
    q = base.where(*conds).order_by(*order)
    if key is None:
        total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
        return list(conn.execute(q.limit(page.limit).offset(page.offset)).mappings()), total
    found = conn.execute(q.with_only_columns(key, func.count().over())
                         .limit(page.limit).offset(page.offset)).all()
    if not found:
        total = conn.execute(select(func.count()).select_from(q.order_by(None).subquery())).scalar_one()
        return [], total
    ids = [r[0] for r in found]
    rows = {r[key.name]: r for r in conn.execute(base.where(key.in_(ids))).mappings()}
    return [rows[i] for i in ids if i in rows], found[0][1]


def _article_has_event(f: Filters, *, actor: bool = True):
    """Conditions on articles: the article reports an event that matches the event filters."""
    conds = []
    ev_place = places.alias("ev_place")
    if f.event_type:
        conds.append(type_cond(events, f.event_type))
    if actor and f.actor:
        conds.append(actor_cond(f.actor))
    at_place = place_conds(_store_filters(f), ev_place)
    if not conds and not at_place:
        return []
    # An uncorrelated IN: SQLite builds the set of matching articles once, not once a row.
    sub = select(events.c.article_id).where(*conds)
    if at_place:
        sub = sub.join(ev_place, ev_place.c.id == events.c.place_id).where(*at_place)
    return [articles.c.id.in_(sub)]


# ---------------------------------------------------------------- events (incidents)

def _incident_conds(f: Filters) -> list:
    """The store's incident conditions, and one report that matches actor, text and source together.

    (The store's ``find_incidents`` lets a different report match each.)
    """
    report = []
    if f.actor:
        report.append(actor_cond(f.actor))
    if f.q:
        report.append(contains(events.c.text, f.q))
    if f.source:
        report.append(or_(contains(events.c.reported_by, f.source), events.c.article_id.in_(
            select(articles.c.id).where(contains(articles.c.source, f.source)))))
    return incident_conds(_store_filters(f)) + ([has_report(*report)] if report else [])


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
    rows, total = _page(conn, incident_query(), _incident_conds(f), [incidents.c.date.desc(), incidents.c.id.desc()],
                        page, incidents.c.id)
    return [_event_dict(incident_dict(r)) for r in rows], total


def event_points(conn: Connection, f: Filters, max_points: int = MAX_POINTS) -> dict[str, Any]:
    """Every event with coordinates matching the filters, as parallel arrays for the map.

    Args:
        conn: a connection to the store.
        f: the shared filters.
        max_points: most events to return (the newest); ``truncated`` says when more match.

    Returns:
        ``{"total", "truncated", "event_types", "id", "lat", "lon", "type", "fatalities"}``, where
        ``type`` indexes ``event_types`` (10,000 events fit in about 250 KB of JSON).
    """
    q = (select(incidents.c.id, places.c.lat, places.c.lon, incidents.c.event_type, incidents.c.fatalities_best)
         .join(places, places.c.id == incidents.c.place_id)
         .where(places.c.lat.is_not(None), places.c.lon.is_not(None), *_incident_conds(f))
         .order_by(incidents.c.date.desc(), incidents.c.id.desc()).limit(max_points + 1))
    rows = conn.execute(q).all()
    truncated = len(rows) > max_points
    rows = rows[:max_points]
    types: dict[str, int] = {}
    out: dict[str, Any] = {"total": len(rows), "truncated": truncated, "id": [], "lat": [], "lon": [],
                           "type": [], "fatalities": []}
    for id_, lat, lon, event_type, fatalities in rows:
        out["id"].append(id_)
        out["lat"].append(round(lat, 4))
        out["lon"].append(round(lon, 4))
        out["type"].append(types.setdefault(event_type, len(types)))
        out["fatalities"].append(fatalities)
    out["event_types"] = list(types)
    return out


def _report_query() -> Select:
    return (select(events, articles.c.title.label("article_title"), articles.c.url.label("article_url"),
                   articles.c.source, articles.c.published, *place_columns())
            .join(articles, articles.c.id == events.c.article_id)
            .outerjoin(places, places.c.id == events.c.place_id))


def _report_dict(r: Any) -> dict[str, Any]:
    return {
        "id": r["id"], "article_id": r["article_id"], "start": r["start_char"], "end": r["end_char"],
        "text": r["text"], "event_type": r["event_type"], "sub_event_type": r["sub_event_type"],
        "date": r["date"], "time_precision": r["time_precision"], "actor1": r["actor1"], "actor2": r["actor2"],
        "place": place_dict(r), "fatalities": r["fatalities"], "injured": r["injured"],
        "reported_by": r["reported_by"], "trigger": r["trigger"], "incident_id": r["incident_id"],
        "published": r["published"], "article_title": r["article_title"], "article_url": r["article_url"],
        "source": r["source"],
    }


def event_detail(conn: Connection, event_id: int) -> dict[str, Any] | None:
    """One event with every report of it (source sentence, offsets, article); None if absent."""
    found = get_incident(conn, event_id)
    if found is None:
        return None
    reports = conn.execute(_report_query().where(events.c.incident_id == event_id)
                           .order_by(articles.c.published, events.c.id)).mappings()
    return {**_event_dict(found), "reports": [_report_dict(r) for r in reports]}


def events_timeline(conn: Connection, f: Filters) -> dict[str, list]:
    """Dated events matching the filters, counted by day and type (with their fatalities).

    Returns:
        Parallel arrays ``date``, ``event_type``, ``n``, ``fatalities``, one entry per (day, type),
        in date order.
    """
    q = (select(incidents.c.date, incidents.c.event_type, func.count(),
                func.coalesce(func.sum(incidents.c.fatalities_best), 0))
         .where(incidents.c.date.is_not(None), *_incident_conds(f))
         .group_by(incidents.c.date, incidents.c.event_type)
         .order_by(incidents.c.date, incidents.c.event_type))
    if f.country or f.place:
        q = q.join(places, places.c.id == incidents.c.place_id)
    rows = conn.execute(q).all()
    cols = list(zip(*rows)) if rows else [(), (), (), ()]
    return {"date": list(cols[0]), "event_type": list(cols[1]), "n": list(cols[2]), "fatalities": list(cols[3])}


# ---------------------------------------------------------------- figures and series

def _figure_conds(f: Filters) -> list:
    """The store's figure conditions; source is who gave the figure or the outlet; event filters."""
    conds = figure_conds(_store_filters(f))
    if f.source:
        conds.append(or_(contains(figures.c.reported_by, f.source), contains(articles.c.source, f.source)))
    if f.q:
        conds.append(contains(figures.c.text, f.q))
    return conds + _article_has_event(f)


def list_figures(conn: Connection, f: Filters, page: PageParams) -> tuple[list[dict[str, Any]], int]:
    """Figures matching the filters, newest first (dated by as_of, period end, else the article).

    Event type and actor filters keep the figures of articles that report a matching event.
    """
    base = (select(figures, articles.c.published, articles.c.title.label("article_title"), articles.c.source,
                   *place_columns())
            .join(articles, articles.c.id == figures.c.article_id)
            .outerjoin(places, places.c.id == figures.c.place_id))
    rows, total = _page(conn, base, _figure_conds(f), [figure_day().desc(), figures.c.id.desc()],
                        page, figures.c.id)
    return [_figure_dict(r) for r in rows], total


def _figure_dict(r: Any) -> dict[str, Any]:
    out = {c.name: r[c.name] for c in figures.c if c.name not in ("start_char", "end_char", "place_id", "seq")}
    out.update(start=r["start_char"], end=r["end_char"], place=place_dict(r))
    for key in ("published", "article_title", "source"):
        if key in r:
            out[key] = r[key]
    return out


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
    # Series keep every category: the API's event type picks events, never a figure category.
    fps = figure_points(conn, replace(_store_filters(f), type=None), scopes=SERIES_SCOPES)
    if f.q:
        keep = {r[0] for r in conn.execute(select(figures.c.id).where(contains(figures.c.text, f.q)))}
        fps = [fp for fp in fps if fp.id in keep]
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

def _quote_conds(f: Filters, speaker: str | None) -> list:
    """The store's quote conditions (``actor`` is the speaker); outlet, text and event filters."""
    conds = quote_conds(_store_filters(f))
    if speaker:
        conds.append(quotes.c.speaker == speaker)
    if f.source:
        conds.append(contains(articles.c.source, f.source))
    if f.q:
        conds.append(or_(contains(quotes.c.text, f.q), contains(quotes.c.speaker, f.q)))
    return conds + _article_has_event(f, actor=False)


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
    base = (select(quotes, articles.c.published, articles.c.title.label("article_title"), articles.c.source)
            .join(articles, articles.c.id == quotes.c.article_id))
    rows, total = _page(conn, base, _quote_conds(f, speaker), [articles.c.published.desc(), quotes.c.id.desc()],
                        page, quotes.c.id)
    return [{
        "id": r["id"], "article_id": r["article_id"], "start": r["start_char"], "end": r["end_char"],
        "text": r["text"], "kind": r["kind"], "speaker": r["speaker"], "speaker_title": r["speaker_title"],
        "speaker_type": r["speaker_type"], "cue": r["cue"], "published": r["published"],
        "article_title": r["article_title"], "source": r["source"],
    } for r in rows], total


def list_speakers(conn: Connection, f: Filters, page: PageParams) -> tuple[list[dict[str, Any]], int]:
    """Speakers of the quotes matching the filters, most quoted first."""
    base = (select(quotes.c.speaker, func.max(quotes.c.speaker_title).label("speaker_title"),
                   func.max(quotes.c.speaker_type).label("speaker_type"), func.count().label("n_quotes"))
            .join(articles, articles.c.id == quotes.c.article_id).group_by(quotes.c.speaker))
    rows, total = _page(conn, base, [quotes.c.speaker.is_not(None), *_quote_conds(f, None)],
                        [func.count().desc(), quotes.c.speaker], page)
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
    conds = date_conds(articles.c.published, _store_filters(f))
    if f.source:
        conds.append(contains(articles.c.source, f.source))
    if f.q:
        conds.append(or_(contains(articles.c.title, f.q), contains(articles.c.text, f.q)))
    conds += _article_has_event(f)
    base = select(articles.c.id, articles.c.doc_id, articles.c.title, articles.c.published, articles.c.url,
                  articles.c.source, articles.c.author, _counts(figures).label("n_figures"),
                  _counts(quotes).label("n_quotes"), _counts(events).label("n_events"))
    rows, total = _page(conn, base, conds, [articles.c.published.desc(), articles.c.id.desc()], page,
                        articles.c.id)
    return [dict(r) for r in rows], total


def article_detail(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """One article: its text and every figure, quote, event and entity in it; None if absent."""
    row = conn.execute(select(articles).where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    out = {k: row[k] for k in ("id", "doc_id", "title", "published", "url", "source", "author", "text")}
    figs = conn.execute(select(figures, *place_columns()).outerjoin(places, places.c.id == figures.c.place_id)
                        .where(figures.c.article_id == article_id).order_by(figures.c.seq)).mappings()
    out["figures"] = [_figure_dict(r) for r in figs]
    out["quotes"] = [{**{c.name: r[c.name] for c in quotes.c}, "start": r["start_char"], "end": r["end_char"]}
                     for r in conn.execute(select(quotes).where(quotes.c.article_id == article_id)
                                           .order_by(quotes.c.seq)).mappings()]
    evs = conn.execute(select(events, *place_columns()).outerjoin(places, places.c.id == events.c.place_id)
                       .where(events.c.article_id == article_id).order_by(events.c.seq)).mappings()
    out["events"] = [{**{c.name: r[c.name] for c in events.c if c.name != "place_id"},
                      "start": r["start_char"], "end": r["end_char"], "place": place_dict(r)} for r in evs]
    out["entities"] = [{"text": r["text"], "label": r["label"], "canonical": r["canonical"],
                        "start": r["start_char"], "end": r["end_char"]}
                       for r in conn.execute(select(entities).where(entities.c.article_id == article_id)
                                             .order_by(entities.c.seq)).mappings()]
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
