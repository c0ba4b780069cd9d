"""Store stage: the read queries, one set for ``sitrep events | figures | quotes | series`` and the web API.

Each kind of record has one condition builder over :class:`~sitrep.store.filters.Filters`
(:func:`incident_conds`, :func:`figure_conds`, :func:`quote_conds`, :func:`article_conds`) and,
for the lists, one :class:`RecordQuery` (columns, conditions, order). The ``find_*`` functions
run them whole for the CLI; the web API (serve/api/queries.py) pages the same queries. Rows
become records or dicts through store/rows.py only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Select, bindparam, false, func, or_, select, text

from sitrep.store.filters import Filters
from sitrep.store.rows import (
    article_columns, incident_dict, place_columns, record_dict, record_from_row, records_select,
)
from sitrep.store.tables import articles, events, figures, incidents, places, quotes
from sitrep.types import Event, Figure, Quote

if TYPE_CHECKING:
    from sitrep.link.series import FigurePoint, Series

#: A word as both full-text indexes split text: letters and digits (SQLite's unicode61, PostgreSQL's parser).
_WORD = re.compile(r"[^\W_]+")
#: Incidents per query when reading their reports (keeps the IN list short).
_CHUNK = 500


# ---------------------------------------------------------------- conditions

def contains(column, value: str):
    """``column`` holds ``value`` anywhere, ignoring case (``%`` and ``_`` match themselves)."""
    return func.lower(column).contains(value.lower(), autoescape=True)


def _search_query(conn: Connection, value: str) -> str | None:
    """A prefix query for the full-text index: every word of ``value`` must begin a word of the text.

    Prefixes, because a user who types "kill" means "killed" and "killing" too (an exact-word
    match finds nothing in most reports). None where ``value`` has no word at all.
    """
    words = _WORD.findall(value)
    if not words:
        return None
    if conn.dialect.name == "postgresql":
        return " & ".join(f"{w}:*" for w in words)
    return " ".join(f'"{w}"*' for w in words)


def matching(conn: Connection, table, value: str) -> Select:
    """Ids of ``table`` (figures, quotes, events) rows whose sentence matches the search ``value``."""
    query = _search_query(conn, value)
    if query is None:
        return select(table.c.id).where(false())
    q = bindparam("q", query, unique=True)
    if conn.dialect.name == "postgresql":
        return select(table.c.id).where(text(f"{table.name}.tsv @@ to_tsquery('english', :q)").bindparams(q))
    return select(text("rowid")).select_from(text(f"{table.name}_fts")).where(
        text(f"{table.name}_fts MATCH :q").bindparams(q))


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


def _type_cond(table, value: str):
    return or_(contains(table.c.event_type, value), contains(table.c.sub_event_type, value))


def _actor_cond(value: str):
    return or_(contains(events.c.actor1, value), contains(events.c.actor2, value))


def _outlet_cond(value: str):
    return contains(articles.c.source, value)


def _article_reports(f: Filters, *, at_place: bool) -> list:
    """Articles that report one event matching ``event_type``, ``actor`` and, ``at_place``, the place filters."""
    conds = ([_type_cond(events, f.event_type)] if f.event_type else []) + (
        [_actor_cond(f.actor)] if f.actor else [])
    ev_place = places.alias("ev_place")
    where_place = place_conds(f, ev_place) if at_place else []
    if not conds and not where_place:
        return []
    # An uncorrelated IN: SQLite builds the set of matching articles once, not once a row.
    sub = select(events.c.article_id).where(*conds)
    if where_place:
        sub = sub.join(ev_place, ev_place.c.id == events.c.place_id).where(*where_place)
    return [articles.c.id.in_(sub)]


def _report_conds(conn: Connection, f: Filters) -> list:
    """Conditions on one report (an events row) for the actor, reporter, source and search filters."""
    conds = [_actor_cond(f.actor)] if f.actor else []
    if f.reported_by:
        conds.append(contains(events.c.reported_by, f.reported_by))
    if f.source:
        conds.append(or_(contains(events.c.reported_by, f.source),
                         events.c.article_id.in_(select(articles.c.id).where(_outlet_cond(f.source)))))
    if f.search:
        conds.append(events.c.id.in_(matching(conn, events, f.search)))
    return conds


def incident_conds(conn: Connection, f: Filters) -> list:
    """Conditions on incidents (joined with places): place, date, type, and one report matching the rest."""
    conds = place_conds(f) + date_conds(incidents.c.date, f)
    if f.event_type:
        conds.append(_type_cond(incidents, f.event_type))
    report = _report_conds(conn, f)
    if report:
        conds.append(incidents.c.id.in_(select(events.c.incident_id).where(*report)))
    return conds


def figure_day():
    """A figure's date: as of, else its period's end, else its article's (joined) publication date."""
    return func.coalesce(figures.c.as_of, figures.c.period_end, articles.c.published)


def figure_conds(conn: Connection, f: Filters) -> list:
    """Conditions on figures (joined with articles and places)."""
    conds = place_conds(f) + date_conds(figure_day(), f)
    if f.category:
        conds.append(contains(figures.c.category, f.category))
    if f.reported_by:
        conds.append(contains(figures.c.reported_by, f.reported_by))
    if f.source:
        conds.append(or_(contains(figures.c.reported_by, f.source), _outlet_cond(f.source)))
    if f.search:
        conds.append(figures.c.id.in_(matching(conn, figures, f.search)))
    return conds + _article_reports(f, at_place=False)


def quote_conds(conn: Connection, f: Filters) -> list:
    """Conditions on quotes (joined with articles); dated by their article."""
    conds = date_conds(articles.c.published, f)
    if f.speaker:
        conds.append(or_(contains(quotes.c.speaker, f.speaker), contains(quotes.c.speaker_title, f.speaker)))
    if f.source:
        conds.append(_outlet_cond(f.source))
    if f.search:
        conds.append(quotes.c.id.in_(matching(conn, quotes, f.search)))
    return conds + _article_reports(f, at_place=True)


def article_conds(f: Filters) -> list:
    """Conditions on articles: date, outlet, a phrase in the title or text, and the events they report."""
    conds = date_conds(articles.c.published, f)
    if f.source:
        conds.append(_outlet_cond(f.source))
    if f.search:
        conds.append(or_(contains(articles.c.title, f.search), contains(articles.c.text, f.search)))
    return conds + _article_reports(f, at_place=True)


# ---------------------------------------------------------------- record lists

@dataclass(frozen=True)
class RecordQuery:
    """A filtered list of one kind of record, newest first.

    ``base`` reads the columns its row mapper needs, ``conds`` filter, ``order`` sorts and ``key``
    is the id column; kept apart so the web API can page by id (serve/api/queries.py).
    """

    base: Select
    conds: list
    order: tuple
    key: Any

    def select(self, limit: int | None = None) -> Select:
        """The whole query, at most ``limit`` rows."""
        q = self.base.where(*self.conds).order_by(*self.order)
        return q.limit(limit) if limit else q


def _incident_rows() -> Select:
    return select(incidents, *place_columns()).outerjoin(places, places.c.id == incidents.c.place_id)


def incidents_query(conn: Connection, f: Filters) -> RecordQuery:
    """Incidents with their places (rows for :func:`~sitrep.store.rows.incident_dict`)."""
    return RecordQuery(_incident_rows(), incident_conds(conn, f), (incidents.c.date.desc(), incidents.c.id.desc()),
                       incidents.c.id)


def figures_query(conn: Connection, f: Filters) -> RecordQuery:
    """Figures with their articles and places (rows for ``record_dict(Figure, row)``)."""
    base = records_select(figures).add_columns(*article_columns()).join(
        articles, articles.c.id == figures.c.article_id)
    return RecordQuery(base, figure_conds(conn, f), (figure_day().desc(), figures.c.id.desc()), figures.c.id)


def quotes_query(conn: Connection, f: Filters) -> RecordQuery:
    """Quotes with their articles (rows for ``record_dict(Quote, row)``), newest article first."""
    base = records_select(quotes).add_columns(*article_columns()).join(
        articles, articles.c.id == quotes.c.article_id)
    return RecordQuery(base, quote_conds(conn, f), (articles.c.published.desc(), quotes.c.id.desc()), quotes.c.id)


def incident_reports(conn: Connection, incident_ids: list[int]) -> list[list[dict[str, Any]]]:
    """Each incident's reports, in the order they merged: the event, its sentence, article and merge reason."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for part in range(0, len(incident_ids), _CHUNK):
        q = (records_select(events).add_columns(*article_columns())
             .join(articles, articles.c.id == events.c.article_id)
             .where(events.c.incident_id.in_(incident_ids[part:part + _CHUNK])).order_by(events.c.id))
        for r in conn.execute(q).mappings():
            found[r["incident_id"]].append(record_dict(Event, r))
    return [found.get(i, []) for i in incident_ids]


def find_incidents(conn: Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Merged events matching the filters, newest first, each with its reports in ``sources``."""
    rows = list(conn.execute(incidents_query(conn, f).select(f.limit)).mappings())
    reports = incident_reports(conn, [r["id"] for r in rows])
    return [{**incident_dict(r), "sources": srcs} for r, srcs in zip(rows, reports)]


def iter_incidents(conn: Connection, f: Filters = Filters()) -> Iterator[dict[str, Any]]:
    """Every merged event matching the filters (ignoring ``limit``), oldest first, for exports."""
    yield from reversed(find_incidents(conn, replace(f, limit=None)))


def get_incident(conn: Connection, incident_id: int) -> dict[str, Any] | None:
    """One merged event as :func:`~sitrep.store.rows.incident_dict` gives it; None if absent."""
    row = conn.execute(_incident_rows().where(incidents.c.id == incident_id)).mappings().first()
    return None if row is None else incident_dict(row)


def explain_incident(conn: Connection, incident_id: int) -> dict[str, Any] | None:
    """One merged event with every report in it, its sentence and why it merged; None if absent."""
    found = get_incident(conn, incident_id)
    return None if found is None else {**found, "sources": incident_reports(conn, [incident_id])[0]}


def find_figures(conn: Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Figures matching the filters, newest first, each with its article."""
    return [record_dict(Figure, r) for r in conn.execute(figures_query(conn, f).select(f.limit)).mappings()]


def find_quotes(conn: Connection, f: Filters = Filters()) -> list[dict[str, Any]]:
    """Quotes matching the filters, newest article first."""
    return [record_dict(Quote, r) for r in conn.execute(quotes_query(conn, f).select(f.limit)).mappings()]


def figure_points(conn: Connection, f: Filters = Filters(), *,
                  scopes: Iterable[str] | None = None) -> list[FigurePoint]:
    """Figures matching the filters as series points (dated by as_of, else by the article).

    ``scopes`` keeps only figures of those scopes (the web API passes the series scopes, so
    incident figures, which form no series, are not converted).
    """
    from sitrep.link.series import FigurePoint  # the link stage loads only for series

    query = figures_query(conn, f)
    q = query.base.where(*query.conds)
    if scopes is not None:
        q = q.where(figures.c.scope.in_(list(scopes)))
    return [FigurePoint(r["id"], record_from_row(Figure, r), r["published"], r["article"])
            for r in conn.execute(q.order_by(figures.c.id)).mappings()]


def find_series(conn: Connection, f: Filters = Filters()) -> list[Series]:
    """Figure series (link/series.py) over the figures matching the filters."""
    from sitrep.link.series import build_series

    return build_series(figure_points(conn, f))
