"""Extract stage: figures (being written)."""

from collections.abc import Iterator


def extract_figures(doc) -> Iterator:
    return iter(())
