"""Store stage: what a read of the store selects, one set of filters for the command line and the web API.

``sitrep events | figures | quotes | series | export`` and the API's lists (``/api/events``,
``/api/figures`` ...) fill the same :class:`Filters`; store/queries.py turns them into the
conditions of each kind of record. Kept free of SQLAlchemy so the CLI can name it cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Filters:
    """What a query of the store selects; None means no filter, and the filters combine with AND.

    Names (``country``, ``place``, ``event_type``, ``category``, ``actor``, ``speaker``,
    ``reported_by``, ``source``) match any part of a name, ignoring case; ``country`` also matches
    an ISO code. ``search`` is full-text search over the records' sentences: each word of it must
    begin a word of the sentence, so "kill" finds "killed" and "killing" but not "skill".
    ``source`` is who gave a record (its ``reported_by``) or the outlet that published its article.

    Each kind of record takes the filters that concern it:

    - events (incidents merged across articles): their place, date and ``event_type`` (type or
      sub-event type); one report of the incident must match ``actor``, ``reported_by``,
      ``source`` and ``search`` together.
    - figures: their own place and date (as of, else the period's end, else the article's date),
      ``category``, ``reported_by``, ``source``, ``search``; ``event_type`` and ``actor`` keep the
      figures of articles that report a matching event.
    - quotes, which have no place: the article's date, ``speaker`` (name or title), ``source``
      (the outlet), ``search``; ``country``, ``place``, ``event_type`` and ``actor`` keep the
      quotes of articles that report a matching event (one event matching them all).
    - articles: the publication date, ``source`` (the outlet), ``search`` (a phrase in the title
      or text: articles have no full-text index), and the event filters as for quotes.

    ``limit`` caps the rows a ``find_*`` query returns (the web API pages instead).
    """

    since: str | None = None
    until: str | None = None
    country: str | None = None
    place: str | None = None
    event_type: str | None = None
    category: str | None = None
    actor: str | None = None
    speaker: str | None = None
    reported_by: str | None = None
    source: str | None = None
    search: str | None = None
    limit: int | None = None
