"""Serve stage: the API's request and response schemas (Base/Create/Public), apart from contract types and tables."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

T = TypeVar("T")

_DATE = r"^\d{4}-\d{2}-\d{2}$"


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` and how many rows match in all."""

    items: list[T]
    total: int
    limit: int
    offset: int


# --- places -----------------------------------------------------------------------------------

class PlaceBase(BaseModel):
    """A resolved place, as in the contract."""

    name: str
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    geo_precision: int = 1


class PlacePublic(PlaceBase):
    """A place as the API returns it."""


# --- spans: every stored record points into its article --------------------------------------

class SpanPublic(BaseModel):
    """Where a record came from: the article (by store id) and the character span in its text."""

    id: int
    article_id: int
    start: int
    end: int
    text: str


class FigureBase(BaseModel):
    """A number the article states about people or damage (contract fields)."""

    value: float
    low: float | None = None
    high: float | None = None
    qualifier: str
    category: str
    unit: str | None = None
    who: str | None = None
    scope: str
    period_start: str | None = None
    period_end: str | None = None
    as_of: str | None = None
    place: PlacePublic | None = None
    reported_by: str | None = None
    attribution: str


class FigurePublic(FigureBase, SpanPublic):
    """A stored figure with its article and the article's date, title and outlet."""

    published: str | None = None
    article_title: str | None = None
    source: str | None = None


class QuoteBase(BaseModel):
    """Words the article attributes to someone (contract fields)."""

    kind: str
    speaker: str | None = None
    speaker_title: str | None = None
    speaker_type: str
    cue: str | None = None


class QuotePublic(QuoteBase, SpanPublic):
    """A stored quote with its article's date, title and outlet."""

    published: str | None = None
    article_title: str | None = None
    source: str | None = None


class SpeakerPublic(BaseModel):
    """A speaker and how many quotes the filters find from them."""

    speaker: str
    speaker_title: str | None = None
    speaker_type: str
    n_quotes: int


class EventBase(BaseModel):
    """Something that happened at a place and time (contract fields)."""

    event_type: str
    sub_event_type: str
    date: str | None = None
    time_precision: int
    actor1: str | None = None
    actor2: str | None = None
    place: PlacePublic | None = None
    fatalities: int | None = None
    injured: int | None = None
    reported_by: str | None = None


class EventReportPublic(EventBase, SpanPublic):
    """One article's report of an event: its source sentence and where it sits in the article."""

    trigger: str | None = None
    incident_id: int | None = None
    published: str | None = None
    article_title: str | None = None
    article_url: str | None = None
    source: str | None = None


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

    ``type[i]`` indexes ``event_types``; ``fatalities`` is the incident's best count.
    """

    total: int
    truncated: bool
    event_types: list[str]
    id: list[int]
    lat: list[float]
    lon: list[float]
    type: list[int]
    fatalities: list[int | None]


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
    """What an article says about itself."""

    title: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, pattern=_DATE)
    url: str | None = Field(default=None, max_length=4000)
    source: str | None = Field(default=None, max_length=500)
    author: str | None = Field(default=None, max_length=500)


class ArticleCreate(ArticleBase):
    """An article to extract from: plain ``text`` or an ``html`` page (exactly one of them)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(default="pasted", max_length=200)
    text: str | None = None
    html: str | None = None

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
    """A figure as extracted, with its offsets."""

    id: int | None = None
    start: int
    end: int
    text: str


class QuoteInText(QuoteBase):
    """A quote as extracted, with its offsets (``text`` is the quoted words)."""

    id: int | None = None
    start: int
    end: int
    text: str


class EventInText(EventBase):
    """An event as extracted, with its offsets (``text`` is its source sentence)."""

    id: int | None = None
    incident_id: int | None = None
    start: int
    end: int
    text: str
    trigger: str | None = None


class EntityInText(BaseModel):
    """A named entity with its offsets."""

    text: str
    label: str
    canonical: str
    start: int
    end: int


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
    """How the server runs: whether it accepts writes."""

    version: str
    writable: bool
    max_body_bytes: int

