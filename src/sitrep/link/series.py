"""Link stage: figure time series (a ministry's cumulative toll day by day) and their warning flags.

A series is the figures one source gives for one (category, who, place) with one scope, ordered by
the date they hold for (``as_of``, else the period's end, else the article's publication date).
Cumulative totals are further split by the date they count from (``period_start``: "since October
7" and "since the ceasefire" are two running totals). Incident figures form no series.

Flags name the figures that raise them:

- ``falling_total``: a cumulative total below the one before it;
- ``conflicting_values``: one source giving two totals for one date;
- ``period_mismatch``: period figures ("killed in the past 24 hours") none of which, nor their sum,
  any running total of the same source agrees with, where one is known at both ends of the period;
- ``source_disagreement``: two sources giving different totals for the same date and place.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sitrep.link._rules import link_rules
from sitrep.types import Figure

logger = logging.getLogger(__name__)

SERIES_SCOPES = ("cumulative", "period")


@dataclass(frozen=True, slots=True)
class FigurePoint:
    """A stored figure, as series see it: its row id, the record, and the date it holds for."""

    id: int
    figure: Figure
    date: str | None
    article: str = ""


@dataclass(frozen=True, slots=True)
class Point:
    """One value of a series on one date, with every figure that gave it."""

    date: str
    value: float
    qualifier: str
    figure_ids: tuple[int, ...]
    articles: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class Flag:
    """A warning about a series, with the figures that raise it."""

    kind: str
    message: str
    figure_ids: tuple[int, ...]


@dataclass(slots=True)
class Series:
    """The figures of one (reported_by, category, who, place, scope, since), in date order."""

    reported_by: str | None
    category: str
    who: str | None
    place: str | None
    scope: str
    since: str | None
    points: list[Point] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def name(self) -> str:
        """"Gaza Ministry of Health / killed / cumulative", with who, place and start when known."""
        parts = [self.reported_by or "unattributed", self.category]
        parts += [p for p in (self.who, self.place) if p]
        scope = f"{self.scope} since {self.since}" if self.since else self.scope
        return " / ".join([*parts, scope])

    @property
    def latest(self) -> Point | None:
        """The point with the newest date (the largest value where one date has several)."""
        return self.points[-1] if self.points else None

    def to_dict(self) -> dict:
        """JSON-ready form: the key, the points and the flags."""
        return {
            "name": self.name, "reported_by": self.reported_by, "category": self.category,
            "who": self.who, "place": self.place, "scope": self.scope, "since": self.since,
            "points": [{"date": p.date, "value": _num(p.value), "qualifier": p.qualifier,
                        "figure_ids": list(p.figure_ids), "articles": list(p.articles), "text": p.text}
                       for p in self.points],
            "flags": [{"kind": f.kind, "message": f.message, "figure_ids": list(f.figure_ids)}
                      for f in self.flags],
        }


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def _point_date(p: FigurePoint) -> str | None:
    f = p.figure
    return f.as_of or (f.period_end if f.scope == "period" else None) or p.date


def _floor(p: Point) -> float:
    """The least the point's figure allows."""
    if p.qualifier in ("exact", "at_least"):
        return p.value
    if p.qualifier == "about":
        return p.value * (1 - link_rules()["series"]["about_tolerance"])
    return float("-inf")


def _ceiling(p: Point) -> float:
    """The most the point's figure allows."""
    if p.qualifier in ("exact", "at_most"):
        return p.value
    if p.qualifier == "about":
        return p.value * (1 + link_rules()["series"]["about_tolerance"])
    return float("inf")


def _points(items: list[FigurePoint]) -> list[Point]:
    grouped: dict[tuple, list[FigurePoint]] = defaultdict(list)
    for fp in items:
        grouped[(_point_date(fp), float(fp.figure.value), fp.figure.qualifier)].append(fp)
    out = [Point(d, v, q, tuple(fp.id for fp in fps), tuple(dict.fromkeys(fp.article for fp in fps)),
                 fps[0].figure.text)
           for (d, v, q), fps in grouped.items()]
    return sorted(out, key=lambda p: (p.date, p.value))


def _by_date(points: list[Point]) -> dict[str, list[Point]]:
    out: dict[str, list[Point]] = defaultdict(list)
    for p in points:
        out[p.date].append(p)
    return out


def _fmt(p: Point) -> str:
    return f"{_num(p.value):,} on {p.date}"


def _cumulative_flags(s: Series) -> None:
    days = _by_date(s.points)
    for ps in days.values():
        if len(ps) > 1 and min(map(_ceiling, ps)) < max(map(_floor, ps)):
            s.flags.append(Flag("conflicting_values",
                                f"{s.reported_by or 'an unattributed source'} gives {len(ps)} totals for "
                                f"{ps[0].date}: " + ", ".join(f"{_num(p.value):,}" for p in ps),
                                tuple(i for p in ps for i in p.figure_ids)))
    dates = sorted(days)
    for before, after in zip(dates, dates[1:]):
        # Where a date has several totals (flagged above), the largest is compared with the largest
        # (and, where both dates have several, the smallest with the smallest), so a conflict does
        # not also read as a fall.
        pairs = {(max(days[before], key=_floor), max(days[after], key=_floor))}
        if len(days[before]) > 1 and len(days[after]) > 1:
            pairs.add((min(days[before], key=_floor), min(days[after], key=_floor)))
        for old, new in sorted(pairs, key=lambda pair: pair[0].value):
            if _ceiling(new) < _floor(old):
                s.flags.append(Flag("falling_total", f"cumulative total falls from {_fmt(old)} to {_fmt(new)}",
                                    old.figure_ids + new.figure_ids))


def _agrees(period: Point, diff: float) -> bool:
    return _floor(period) <= diff <= _ceiling(period)


def _period_flags(s: Series, totals: list[Series], periods: dict[int, FigurePoint]) -> None:
    # A source often gives a period figure with its parts ("4 martyrs, including 2 whose bodies were
    # recovered"): the figures for one period are checked together, and flagged only when none agrees.
    windows: dict[tuple[str, str], list[Point]] = defaultdict(list)
    for p in s.points:
        start = periods[p.figure_ids[0]].figure.period_start
        if start and start < p.date:
            windows[(start, p.date)].append(p)
    for (start, end), given in windows.items():
        checked: list[tuple[Point, Point]] = []
        for t in totals:
            days = _by_date(t.points)
            if start in days and end in days:
                a = max(days[start], key=_floor)
                b = max(days[end], key=_floor)
                if a.qualifier == b.qualifier == "exact":
                    checked.append((a, b))
        # A breakdown given without its total ("1 new martyr + 1 who succumbed") agrees by its sum.
        parts = sum(p.value * len(p.figure_ids) for p in given)
        whole = Point(end, parts, "exact", (), (), "")
        if checked and not any(_agrees(p, b.value - a.value) for a, b in checked for p in (*given, whole)):
            a, b = checked[0]
            values = " or ".join(f"{_num(p.value):,}" for p in given)
            s.flags.append(Flag(
                "period_mismatch",
                f"{values} for {start}..{end} but the running total rose by "
                f"{_num(b.value - a.value):,} ({_fmt(a)} to {_fmt(b)})",
                tuple(i for p in given for i in p.figure_ids) + a.figure_ids + b.figure_ids))


def _source_flags(series: list[Series]) -> None:
    by_key: dict[tuple, list[tuple[Series, Point]]] = defaultdict(list)
    for s in series:
        if s.scope != "cumulative" or not s.reported_by:
            continue
        for p in s.points:
            by_key[(s.category, s.who, s.place, s.since, p.date)].append((s, p))
    for (category, _, place, _, day), pairs in by_key.items():
        sources = {s.reported_by for s, _ in pairs}
        if len(sources) < 2:
            continue
        lo = min(pairs, key=lambda sp: _ceiling(sp[1]))
        hi = max(pairs, key=lambda sp: _floor(sp[1]))
        if lo[0].reported_by == hi[0].reported_by or _ceiling(lo[1]) >= _floor(hi[1]):
            continue
        where = f" in {place}" if place else ""
        flag = Flag("source_disagreement",
                    f"{category} total for {day}{where}: {hi[0].reported_by} {_num(hi[1].value):,}, "
                    f"{lo[0].reported_by} {_num(lo[1].value):,}",
                    hi[1].figure_ids + lo[1].figure_ids)
        for s in {id(s): s for s, _ in pairs}.values():
            s.flags.append(flag)


def build_series(figures: Iterable[FigurePoint]) -> list[Series]:
    """Group figures into series, order each by date and raise its flags.

    Args:
        figures: stored figures with their dates; figures with no date or with incident scope are
            left out.

    Returns:
        The series, sorted by name.
    """
    groups: dict[tuple, list[FigurePoint]] = defaultdict(list)
    periods: dict[int, FigurePoint] = {}
    for fp in figures:
        f = fp.figure
        if f.scope not in SERIES_SCOPES or not _point_date(fp):
            continue
        since = f.period_start if f.scope == "cumulative" else None
        place = f.place.name if f.place else None
        groups[(f.reported_by, f.category, f.who, place, f.scope, since)].append(fp)
        if f.scope == "period":
            periods[fp.id] = fp
    series = [Series(*key, points=_points(items)) for key, items in groups.items()]
    totals: dict[tuple, list[Series]] = defaultdict(list)
    for s in series:
        if s.scope == "cumulative":
            _cumulative_flags(s)
            totals[(s.reported_by, s.category, s.who, s.place)].append(s)
    for s in series:
        if s.scope == "period":
            _period_flags(s, totals[(s.reported_by, s.category, s.who, s.place)], periods)
    _source_flags(series)
    return sorted(series, key=lambda s: (s.name, s.since or ""))
