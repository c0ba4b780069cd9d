"""Extract stage: pure functions from an annotated Doc to contract records."""

from sitrep.extract.dates import date_for, find_dates
from sitrep.extract.entities import extract_entities
from sitrep.extract.event_types import EventTyping, type_event
from sitrep.extract.events import extract_events
from sitrep.extract.figures import extract_figures
from sitrep.extract.places import place_in, resolve
from sitrep.extract.quotes import extract_quotes

__all__ = [
    "EventTyping", "date_for", "extract_entities", "extract_events", "extract_figures", "extract_quotes",
    "find_dates", "place_in", "resolve", "type_event",
]
