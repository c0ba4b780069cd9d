"""Parse stage: the spaCy pipeline and sitrep's components."""

from sitrep.parse.pipeline import load_pipeline

__all__ = ["load_pipeline"]
