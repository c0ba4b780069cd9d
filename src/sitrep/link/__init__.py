"""Link stage: joins records across articles: events into incidents, figures into time series."""

from sitrep.link.events import Incident, Match, choose_incident, match, summarise
from sitrep.link.series import Flag, FigurePoint, Series, build_series

__all__ = [
    "FigurePoint", "Flag", "Incident", "Match", "Series", "build_series", "choose_incident", "match",
    "summarise",
]
