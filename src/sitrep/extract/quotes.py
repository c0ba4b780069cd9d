"""Extract stage: quotes (being written)."""

from collections.abc import Iterator


def extract_quotes(doc, *args) -> Iterator:
    return iter(())
