"""sitrep: sourced events, figures and quotes from conflict and crisis reporting."""

from sitrep.errors import SitrepError
from sitrep.process import build_pipeline, extract, extract_many
from sitrep.types import Article, Entity, Event, Extraction, Figure, Place, Quote

__all__ = [
    "Article", "Entity", "Event", "Extraction", "Figure", "Place", "Quote", "SitrepError",
    "build_pipeline", "extract", "extract_many",
]
__version__ = "0.1.0"
