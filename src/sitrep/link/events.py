"""Link stage: merges reports of one incident from different articles (UCDP/ACLED-style counts).

Two reports describe one incident when their sub-event types are compatible, their dates are at
most a day apart, their places lie within about 10 km (or carry the same name) and their actors do
not contradict each other. A report joins an incident only if it matches *every* report already in
it (complete linkage), so chains of near-matches never drag distant incidents together.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sitrep.gazetteer import km
from sitrep.link._rules import link_rules
from sitrep.types import Event, Place

logger = logging.getLogger(__name__)

#: ACLED's period suffix on actor names, "Military Forces of Israel (2022-)"; a country in brackets,
#: "Civilians (Palestine)", is part of the name and stays.
_PERIOD = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")


@dataclass(frozen=True, slots=True)
class Match:
    """Why two reports are one incident: the checks they passed, and how far apart they are."""

    reasons: tuple[str, ...]
    days: int
    km: float | None

    def __str__(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class Incident:
    """What the merged reports of one incident say together."""

    event_type: str
    sub_event_type: str
    date: str | None
    time_precision: int
    actor1: str | None
    actor2: str | None
    place: Place | None
    fatalities_low: int | None
    fatalities_high: int | None
    fatalities_best: int | None
    injured_low: int | None
    injured_high: int | None
    injured_best: int | None
    n_reports: int


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle distance between two places, or None when either lacks coordinates."""
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    return km((a.lat, a.lon), (b.lat, b.lon))


def _compatible_types(a: str, b: str) -> str | None:
    if a == b:
        return f"same sub-event type ({a})"
    for group in link_rules()["events"]["compatible_sub_event_types"]:
        if a in group and b in group:
            return f"compatible sub-event types ({a} / {b})"
    return None


def _norm_actor(name: str) -> str:
    return _PERIOD.sub("", name).casefold().strip()


def _compatible_actor(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    x, y = _norm_actor(a), _norm_actor(b)
    return x == y or x in y or y in x


def _place_check(a: Place | None, b: Place | None) -> tuple[bool, str, float | None]:
    rules = link_rules()["events"]
    if a is None or b is None:
        return False, "place unknown", None
    if max(a.geo_precision, b.geo_precision) > rules["max_geo_precision"]:
        return False, "place known only to the region", None
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False, f"different countries ({a.country_code} / {b.country_code})", None
    km = distance_km(a, b)
    if km is not None:
        if km <= rules["max_km"]:
            return True, f"places {km:.1f} km apart ({a.name} / {b.name})", km
        return False, f"places {km:.0f} km apart ({a.name} / {b.name})", km
    if a.name.casefold().strip() == b.name.casefold().strip():
        return True, f"same named place ({a.name})", None
    return False, f"different places ({a.name} / {b.name})", None


def match(a: Event, b: Event) -> tuple[Match | None, str]:
    """Whether two reports describe one incident.

    Args:
        a, b: the two reports, as contract Events.

    Returns:
        ``(Match, "")`` when they do; ``(None, reason)`` naming the first check that failed.
    """
    types = _compatible_types(a.sub_event_type, b.sub_event_type)
    if types is None:
        return None, f"incompatible sub-event types ({a.sub_event_type} / {b.sub_event_type})"
    da, db = _day(a.date), _day(b.date)
    if da is None or db is None:
        return None, "date unknown"
    vague = max(a.time_precision, b.time_precision)
    if vague > link_rules()["events"]["max_time_precision"]:
        return None, f"date known only to the {'week' if vague == 2 else 'month'} (time precision {vague})"
    days = abs((da - db).days)
    if days > link_rules()["events"]["max_days"]:
        return None, f"dates {days} days apart ({a.date} / {b.date})"
    ok, place_reason, km = _place_check(a.place, b.place)
    if not ok:
        return None, place_reason
    for role in ("actor1", "actor2"):
        x, y = getattr(a, role), getattr(b, role)
        if not _compatible_actor(x, y):
            return None, f"different {role} ({x} / {y})"
    actors = [n for n in (a.actor1 or b.actor1, a.actor2 or b.actor2) if n]
    when = f"same date ({a.date})" if days == 0 else f"dates {days} day apart ({a.date} / {b.date})"
    reasons = (types, when, place_reason,
               f"actors compatible ({', '.join(actors)})" if actors else "no actors named")
    return Match(reasons, days, km), ""


def choose_incident(report: Event, article_id: int,
                    incidents: Mapping[int, Sequence[tuple[int, Event]]]) -> tuple[int | None, str]:
    """The incident a new report belongs to, among candidates, with the reason.

    Args:
        report: the new report.
        article_id: the article it came from; a report never merges with another from the same
            article (an article that lists two events means two).
        incidents: candidate incident id -> its reports as ``(article_id, Event)``.

    Returns:
        ``(incident_id, reason)`` for the closest incident whose every report matches, or
        ``(None, "first report")`` when none does.
    """
    best: tuple[tuple, int, str] | None = None
    for incident_id, members in incidents.items():
        if not members or any(aid == article_id for aid, _ in members):
            continue
        found = [match(report, ev)[0] for _, ev in members]
        if any(m is None for m in found):
            continue
        nearest = min(found, key=lambda m: (m.days, m.km if m.km is not None else 0.0))
        rank = (max(m.days for m in found), max((m.km or 0.0) for m in found), incident_id)
        reason = f"matches {len(members)} earlier report(s): {nearest}"
        if best is None or rank < best[0]:
            best = (rank, incident_id, reason)
    if best is None:
        return None, "first report"
    return best[1], best[2]


def _most_common(values: Sequence, default=None):
    present = [v for v in values if v is not None]
    if not present:
        return default
    counts = Counter(present)
    top = max(counts.values())
    return next(v for v in present if counts[v] == top)  # ties: the earliest report's value


def _counts(values: Sequence[int | None]) -> tuple[int | None, int | None, int | None]:
    present = [v for v in values if v is not None]
    if not present:
        return None, None, None
    # UCDP keeps low and high; the best estimate follows ACLED: the most conservative figure.
    return min(present), max(present), min(present)


def summarise(reports: Sequence[Event]) -> Incident:
    """What an incident's reports say together.

    Types, date and actors are the most reported values (ties go to the earliest report); the
    place is the most precise one given; casualties are low/high/best over the reports.

    Raises:
        ValueError: ``reports`` is empty.
    """
    if not reports:
        raise ValueError("an incident needs at least one report")
    sub = _most_common([r.sub_event_type for r in reports])
    first = next(r for r in reports if r.sub_event_type == sub)
    dated = [r for r in reports if r.date]
    day = _most_common([r.date for r in dated])
    placed = [r.place for r in reports if r.place is not None]
    place = min(placed, key=lambda p: (p.geo_precision, p.lat is None)) if placed else None
    f_low, f_high, f_best = _counts([r.fatalities for r in reports])
    i_low, i_high, i_best = _counts([r.injured for r in reports])
    return Incident(
        event_type=first.event_type, sub_event_type=sub, date=day,
        time_precision=min((r.time_precision for r in dated), default=first.time_precision),
        actor1=_most_common([r.actor1 for r in reports]), actor2=_most_common([r.actor2 for r in reports]),
        place=place, fatalities_low=f_low, fatalities_high=f_high, fatalities_best=f_best,
        injured_low=i_low, injured_high=i_high, injured_best=i_best, n_reports=len(reports),
    )
