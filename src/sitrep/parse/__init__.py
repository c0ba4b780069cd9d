"""Parse stage: the spaCy pipeline and sitrep's components."""

from sitrep.parse.pipeline import load_pipeline, make_doc

__all__ = ["load_pipeline", "make_doc"]
