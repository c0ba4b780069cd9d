"""Read stage: a plain-text article to an Article."""

from __future__ import annotations

import logging

from sitrep.read._clean import article
from sitrep.read._decode import decode
from sitrep.types import Article

logger = logging.getLogger(__name__)


def read_txt(raw: bytes, id: str, *, published: str | None = None) -> Article:
    """Read a plain-text article.

    Args:
        raw: the file's bytes (UTF-8 expected; see ``decode`` for what else is accepted).
        id: the article's id (the file name stem, by convention).
        published: YYYY-MM-DD to resolve relative dates against; plain text carries none.

    Returns:
        The Article, control characters in its text replaced (``clean_text``); a binary or
        undecodable file gives one with empty text and ``errors`` set.
    """
    decoded = decode(raw, id)
    if decoded.error:
        return article(id, "", published=published, errors=(decoded.error,))
    # Offsets are into the text as given, so it is kept as decoded (only the BOM is dropped):
    # clean_text swaps a control character for one space, never removes one.
    return article(id, decoded.text, published=published)
