"""Contract types: the records every stage passes on (see CONTRACT.md)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

SCHEMA_VERSION = 1

Category = Literal[
    "killed", "injured", "missing", "displaced", "detained", "abducted",
    "homes_destroyed", "attacks", "other",
]
Qualifier = Literal["exact", "at_least", "about", "at_most"]
Scope = Literal["incident", "period", "cumulative"]
Attribution = Literal["source", "author", "unknown"]
QuoteKind = Literal["direct", "partial", "indirect"]
SpeakerType = Literal["person", "organization", "unknown"]

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon", "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED", "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
        "Headquarters or base established", "Looting/property destruction",
        "Non-violent transfer of territory", "Other",
    ),
}
#: sub-event type -> event type, as ACLED spells both.
SUB_EVENT_TYPES: dict[str, str] = {sub: ev for ev, subs in EVENT_TYPES.items() for sub in subs}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


class _Record:
    """Mixin: serialise a dataclass to the contract's JSON-ready dict."""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Place(_Record):
    """A resolved toponym (GeoNames); geo_precision as ACLED codes it (1 town, 2 near/part, 3 region)."""

    name: str
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    geo_precision: int = 1
    #: How far the article's own geography supports this reading of the name: 1.0 as a rule; low
    #: (thresholds.toml [places] isolated_confidence) for a town far from every other place of
    #: the article with no country named beside it, a namesake the text may not mean.
    geo_confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Entity(_Record):
    """A named entity with its canonical form."""

    text: str
    label: str
    canonical: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Figure(_Record):
    """A number the article states about people or damage."""

    value: float | int
    category: Category
    start: int
    end: int
    text: str
    low: float | int | None = None
    high: float | int | None = None
    qualifier: Qualifier = "exact"
    unit: str | None = None
    who: str | None = None
    scope: Scope = "incident"
    period_start: str | None = None
    period_end: str | None = None
    as_of: str | None = None
    place: Place | None = None
    reported_by: str | None = None
    attribution: Attribution = "unknown"


@dataclass(frozen=True, slots=True)
class Quote(_Record):
    """Words the article attributes to someone."""

    text: str
    start: int
    end: int
    kind: QuoteKind = "direct"
    speaker: str | None = None
    speaker_title: str | None = None
    speaker_type: SpeakerType = "unknown"
    cue: str | None = None
    #: The exact [start, end) of each quoted piece. One piece for most quotes; a quote split by its
    #: cue ('"A," he said. "B"') or running over paragraphs has several, `start`/`end` span them
    #: all, and `text` is the pieces joined by a space.
    parts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Event(_Record):
    """Something that happened at a place and time, typed with ACLED's taxonomy."""

    event_type: str
    sub_event_type: str
    start: int
    end: int
    text: str
    date: str | None = None
    time_precision: int = 2
    actor1: str | None = None
    actor2: str | None = None
    place: Place | None = None
    fatalities: int | None = None
    injured: int | None = None
    reported_by: str | None = None
    trigger: str | None = None


@dataclass(frozen=True, slots=True)
class DroppedEvent(_Record):
    """A candidate event that is not an incident the article reports, and why (``--explain``)."""

    sub_event_type: str
    start: int
    end: int
    text: str
    reason: str
    detail: str
    trigger: str | None = None


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """One input document, as read: plain text plus what the input says about it."""

    id: str
    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Extraction(_Record):
    """Everything sitrep found in one article: the contract's output object."""

    id: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: candidate events that are not reported incidents, with the reason; printed with ``--explain``
    dropped_events: list[DroppedEvent] = field(default_factory=list)
    schema: int = SCHEMA_VERSION

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        out = _plain(self)
        if not explain:
            del out["dropped_events"]
        # The contract lists "schema" first; readers of the JSON see it at the top.
        return {"schema": out.pop("schema"), **out}


@dataclass(frozen=True, slots=True)
class DateRef(_Record):
    """A date expression in the text, resolved to ISO dates; precision as ACLED codes it (1 day, 2 week, 3 month)."""

    start: int
    end: int
    text: str
    date: str | None = None
    precision: int = 1
    period_start: str | None = None
    period_end: str | None = None
    kind: Literal["point", "range", "since", "window"] = "point"
