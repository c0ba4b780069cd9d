"""Extract stage: pure functions from an annotated Doc to contract records."""

from sitrep.extractors.dates import date_for, find_dates
from sitrep.extractors.entities import extract_entities
from sitrep.extractors.event_types import EventTyping, type_event
from sitrep.extractors.events import extract_events
from sitrep.extractors.figures import extract_figures
from sitrep.extractors.geocode import resolve
from sitrep.extractors.places import place_in
from sitrep.extractors.quotes import extract_quotes

__all__ = [
    "EventTyping", "date_for", "extract_entities", "extract_events", "extract_figures", "extract_quotes",
    "find_dates", "place_in", "resolve", "type_event",
]
