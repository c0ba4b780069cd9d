"""Parse stage: sitrep's annotating spaCy components."""
