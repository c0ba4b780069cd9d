"""sitrep: sourced events, figures and quotes from conflict and crisis reporting.

The public names load on first use (PEP 562), so ``import sitrep`` is cheap: the spaCy pipeline is
imported only when something extracts. ``sitrep.extract`` is the function; the extractors
themselves live in the ``sitrep.extractors`` subpackage.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from sitrep._version import __version__

if TYPE_CHECKING:
    from sitrep.errors import SitrepError
    from sitrep.process import build_pipeline, extract, extract_many
    from sitrep.types import Article, Entity, Event, Extraction, Figure, Place, Quote

#: public name -> the module that defines it
_LAZY = {
    "Article": "sitrep.types", "Entity": "sitrep.types", "Event": "sitrep.types",
    "Extraction": "sitrep.types", "Figure": "sitrep.types", "Place": "sitrep.types", "Quote": "sitrep.types",
    "SitrepError": "sitrep.errors",
    "build_pipeline": "sitrep.process", "extract": "sitrep.process", "extract_many": "sitrep.process",
}

__all__ = [
    "__version__",
    "Article", "Entity", "Event", "Extraction", "Figure", "Place", "Quote", "SitrepError",
    "build_pipeline", "extract", "extract_many",
]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sitrep' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
