"""Read stage: an HTML page to an Article (trafilatura strips boilerplate and reads metadata)."""

from __future__ import annotations

import codecs
import logging
import re

import lxml.html
import trafilatura
from lxml.etree import ParserError

from sitrep.read._decode import decode
from sitrep.types import Article

logger = logging.getLogger(__name__)

# original_date: the publication date, not the last-modified one. deferred_url_extractor: a date in
# the URL (/2024/03/01/) only when the page's own metadata has none; URLs often carry the date a
# story was first filed, not the version published. extensive_search off: dates in the body text
# are event dates, not the publication date.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "deferred_url_extractor": True}
_BLANKS = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\n\s*\n+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)


def read_html(raw: bytes | str, id: str, *, published: str | None = None, url: str | None = None) -> Article:
    """Read an HTML page: the main text without boilerplate, plus title, author, date, url and site.

    Args:
        raw: the page, as bytes (its encoding is detected) or text.
        id: the article's id.
        published: YYYY-MM-DD to use when the page states no publication date.
        url: the page's address when known (the page's canonical link is used otherwise).

    Returns:
        The Article. When trafilatura finds no main text (broken or fragmentary markup) the page's
        visible text is used; a page with none gives an Article with ``errors`` set.
    """
    if isinstance(raw, bytes):
        declared = _declared_text(raw)
        if declared is None:
            decoded = decode(raw, id)
            if decoded.error:
                return Article(id=id, text="", published=published, url=url, errors=(decoded.error,))
            declared = decoded.text
        raw = declared
    if not raw.strip():
        return Article(id=id, text="", published=published, url=url)
    try:
        doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True, date_extraction_params=_DATE_PARAMS)
    except Exception as err:  # noqa: BLE001 - trafilatura's failures are not typed; fall back below
        logger.warning("%s: trafilatura failed (%s); using the page's visible text", id, err)
        doc = None
    # One block a line in trafilatura's text; a blank line between blocks keeps a headline or a
    # list item from running into the next sentence.
    text = _LINES.sub("\n\n", (doc.text or "").strip().replace("\n", "\n\n")) if doc is not None else ""
    if not text:
        text = visible_text(raw)
        if text:
            logger.warning("%s: no main text found in the HTML; using all its visible text", id)
    if not text:
        return Article(id=id, text="", published=published, url=url,
                       errors=("no text found in the HTML: the page is empty or not an article",))
    meta = doc if doc is not None else None
    return Article(
        id=id, text=text,
        published=(meta.date if meta is not None and meta.date else None) or published,
        title=meta.title if meta is not None else None,
        url=(meta.url if meta is not None and meta.url else None) or url,
        source=meta.sitename if meta is not None else None,
        author=meta.author if meta is not None else None,
    )


def _declared_text(raw: bytes) -> str | None:
    """The page decoded with the charset its markup declares, when that is not UTF-8 and fits."""
    found = _CHARSET.search(raw[:4096])
    if not found or b"\x00" in raw[:4096]:
        return None
    name = found.group(1).decode("ascii").lower()
    try:
        if codecs.lookup(name).name == "utf-8":
            return None
        return raw.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None  # an unknown or wrong declaration: sniff the bytes instead


def visible_text(html: str) -> str:
    """All text of an HTML page or fragment outside scripts and styles, one paragraph a line."""
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//h4|//h5|//h6|//tr|//article|//section"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    lines = [_BLANKS.sub(" ", line).strip() for line in _LINES.split(text)]
    return "\n".join(line for line in lines if line)
