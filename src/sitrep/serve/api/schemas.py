"""Serve stage: the API's request and response schemas (Base/Create/Public), apart from contract types and tables.

The models of contract records (places, figures, quotes, events, entities) are derived from the
dataclasses in sitrep.types; the API adds store ids and article details around them.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Generic, Literal, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from sitrep.types import Entity, Event, Figure, Place, Quote

T = TypeVar("T")

_DATE = r"^\d{4}-\d{2}-\d{2}$"


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` and how many rows match in all."""

    items: list[T]
    total: int
    limit: int
    offset: int


# --- contract records: fields and types come from sitrep.types ---------------------------------

def _contract_model(cls: type, name: str, doc: str, **types: Any) -> type[BaseModel]:
    """A model with the fields of the contract dataclass ``cls``, with its types and defaults.

    Derived, not restated, so a field added to a contract type reaches the API and its OpenAPI
    document at once; ``types`` replaces a field's type (a nested record's model).
    """
    hints = get_type_hints(cls)
    spec: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = Field(default_factory=f.default_factory)
        else:
            default = ...
        spec[f.name] = (types.get(f.name, hints[f.name]), default)
    return create_model(name, __doc__=doc, __module__=__name__, **spec)


PlacePublic = _contract_model(Place, "PlacePublic", "A resolved place, as in the contract.")
_PLACE = PlacePublic | None
FigureBase = _contract_model(Figure, "FigureBase", "A number the article states about people or damage.",
                             place=_PLACE)
QuoteBase = _contract_model(Quote, "QuoteBase", "Words the article attributes to someone.")
EventBase = _contract_model(Event, "EventBase", "Something that happened at a place and time (one report of it).",
                            place=_PLACE)
EntityInText = _contract_model(Entity, "EntityInText", "A named entity with its offsets.")


class StoredRecord(BaseModel):
    """Where a stored record came from: its store id, and its article's id, date, title, address and outlet."""

    id: int
    article_id: int
    published: str | None = None
    article_title: str | None = None
    article_url: str | None = None
    source: str | None = None


class FigurePublic(FigureBase, StoredRecord):
    """A stored figure with its article."""


class QuotePublic(QuoteBase, StoredRecord):
    """A stored quote with its article."""


class SpeakerPublic(BaseModel):
    """A speaker and how many quotes the filters find from them."""

    speaker: str
    speaker_title: str | None = None
    speaker_type: str
    n_quotes: int


class EventReportPublic(EventBase, StoredRecord):
    """One article's report of an event: its source sentence and where it sits in the article."""

    incident_id: int | None = None


class EventPublic(BaseModel):
    """An event on the map: the reports of one incident merged across articles.

    ``fatalities`` is the most conservative reported count (ACLED's rule); ``fatalities_low`` and
    ``fatalities_high`` give the spread of what the reports said.
    """

    id: int
    event_type: str
    sub_event_type: str
    date: str | None = None
    time_precision: int
    actor1: str | None = None
    actor2: str | None = None
    place: PlacePublic | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    n_reports: int
    n_sources: int


class EventDetail(EventPublic):
    """An event with every report of it: each source sentence, linked to its article."""

    reports: list[EventReportPublic]


class EventPoints(BaseModel):
    """Every mapped event, compact: parallel arrays (one entry per event), for the map layer.

    ``type[i]`` indexes ``event_types``; ``fatalities`` is the incident's best count; ``uncertain[i]``
    is true where the event's place has a low ``geo_confidence`` (a far-off reading of its name).
    """

    total: int
    truncated: bool
    event_types: list[str]
    id: list[int]
    lat: list[float]
    lon: list[float]
    type: list[int]
    fatalities: list[int | None]
    uncertain: list[bool]


class DayCounts(BaseModel):
    """Events per day and type, as parallel arrays (one entry per day and type, in date order)."""

    date: list[str]
    event_type: list[str]
    n: list[int]
    fatalities: list[int]


# --- series -------------------------------------------------------------------------------------

class SeriesPoint(BaseModel):
    """One value of a series on one date, with the figures that gave it and the flags they raise."""

    date: str
    value: float
    qualifier: str
    figure_ids: list[int]
    article_ids: list[int]
    text: str
    flags: list[str] = Field(default_factory=list)


class SeriesFlag(BaseModel):
    """A warning about a series (``falling_total``, ``conflicting_values``, ``period_mismatch``,
    ``source_disagreement``) and the figures that raise it."""

    kind: str
    message: str
    figure_ids: list[int]


class SeriesPublic(BaseModel):
    """A figure time series: one source's totals (or period counts) for one category, in date order."""

    name: str
    reported_by: str | None = None
    category: str
    who: str | None = None
    place: str | None = None
    scope: str
    since: str | None = None
    points: list[SeriesPoint]
    flags: list[SeriesFlag]


# --- articles -----------------------------------------------------------------------------------

class ArticleBase(BaseModel):
    """What an article says about itself.

    Unbounded, as the store's columns are (Text): an article ingested from a file may carry a
    title or source of any length, and a response must never fail on what the store holds.
    Requests are bounded in ArticleCreate.
    """

    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None


#: Longest ``text`` a request may send: one piece of a long article (thresholds' input.piece_chars),
#: about 10 s of extraction on a 2-core machine. Longer articles go through ``sitrep ingest``.
MAX_TEXT_CHARS = 100_000
#: Lone surrogates (JSON's "\ud800" escapes) cannot be written back as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class ArticleCreate(ArticleBase):
    """An article to extract from: plain ``text`` or an ``html`` page (exactly one of them)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, pattern=_DATE)
    url: str | None = Field(default=None, max_length=4000)
    source: str | None = Field(default=None, max_length=500)
    author: str | None = Field(default=None, max_length=500)
    id: str = Field(default="pasted", max_length=200)
    text: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    html: str | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _no_lone_surrogates(cls, value: object) -> object:
        # One U+FFFD a surrogate, as the readers do, so offsets into the text stay right (pydantic
        # itself would refuse the string, and the 422 could not echo it back as UTF-8).
        if isinstance(value, str) and _SURROGATE.search(value):
            return _SURROGATE.sub("\ufffd", value)
        return value

    @model_validator(mode="after")
    def _one_body(self) -> ArticleCreate:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' (plain text) or 'html' (an HTML page)")
        return self


class ArticleSummary(ArticleBase):
    """An article in a list, with how many records were extracted from it."""

    id: int
    doc_id: str
    n_figures: int
    n_quotes: int
    n_events: int


class FigureInText(FigureBase):
    """A figure as extracted, with its offsets (``id``: its store id, None when not stored)."""

    id: int | None = None


class QuoteInText(QuoteBase):
    """A quote as extracted, with its offsets (``text`` is the quoted words)."""

    id: int | None = None


class EventInText(EventBase):
    """An event as extracted, with its offsets (``text`` is its source sentence)."""

    id: int | None = None
    incident_id: int | None = None


class ArticlePublic(ArticleBase):
    """An article with its plain text and every record extracted from it, offsets into ``text``."""

    id: int | None = None
    doc_id: str
    text: str
    figures: list[FigureInText]
    quotes: list[QuoteInText]
    events: list[EventInText]
    entities: list[EntityInText] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)


class Facets(BaseModel):
    """What the filters can choose from in the store, and its date range."""

    event_types: list[str]
    countries: list[str]
    sources: list[str]
    date_min: str | None = None
    date_max: str | None = None
    n_articles: int
    n_events: int
    n_figures: int
    n_quotes: int


class ServerInfo(BaseModel):
    """How the server runs: whether it accepts writes, who may extract, and its limits."""

    version: str
    writable: bool
    extract: Literal["open", "token", "closed"] = Field(
        description="who may POST /api/extract: anyone (--open-extract), clients with the token, or no one")
    max_body_bytes: int
    max_text_chars: int = Field(description="longest article text extracted per request")
    extract_workers: int
    extract_queue: int
    extract_timeout_s: float

