"""Read stage: an HTML page to an Article (trafilatura strips boilerplate and reads metadata)."""

from __future__ import annotations

import codecs
import logging
import re

import lxml.html
import trafilatura
from lxml import etree
from lxml.etree import ParserError

from sitrep.read._clean import article, clean_text
from sitrep.read._decode import Decoded, decode
from sitrep.types import Article

logger = logging.getLogger(__name__)

# original_date: the publication date, not the last-modified one. deferred_url_extractor: a date in
# the URL (/2024/03/01/) only when the page's own metadata has none; URLs often carry the date a
# story was first filed, not the version published. extensive_search off: dates in the body text
# are event dates, not the publication date.
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "deferred_url_extractor": True}
_BLANKS = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\n\s*\n+")
# Python codecs that a page's charset may name but that are not charsets: "undefined" raises on
# any input, the escape codecs read backslashes as markup, UTF-7 is banned from the web (WHATWG).
_NOT_CHARSETS = frozenset({"undefined", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "utf-7"})
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
        decoded = _decode_page(raw, id)
        if decoded.error:
            return article(id, "", published=published, url=url, errors=(decoded.error,))
        raw = decoded.text
    # NUL and other control characters make lxml raise, or drop the text after them.
    raw = clean_text(raw)
    if not raw.strip():
        return article(id, "", published=published, url=url)
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
        return article(id, "", published=published, url=url,
                       errors=("no text found in the HTML: the page is empty or not an article",))
    meta = doc if doc is not None else None
    return article(
        id, text,
        published=(meta.date if meta is not None and meta.date else None) or published,
        title=meta.title if meta is not None else None,
        url=(meta.url if meta is not None and meta.url else None) or url,
        source=meta.sitename if meta is not None else None,
        author=meta.author if meta is not None else None,
    )


def _decode_page(raw: bytes, id: str) -> Decoded:
    """The page's text: in the charset its markup declares, else as ``decode`` finds it.

    A declaration that cannot be right (an unknown name, ``undefined``, a codec that is not a
    charset, bytes that do not decode) falls back to detection: UTF-8 if the bytes are UTF-8,
    else charset-normalizer's guess.
    """
    found = _CHARSET.search(raw[:4096])
    if not found or b"\x00" in raw[:4096]:
        return decode(raw, id)
    name = found.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
        # UTF-16/32 declared in markup that reads as ASCII is wrong (WHATWG: use UTF-8 then).
        if codec == "utf-8" or codec.startswith(("utf-16", "utf-32")):
            return decode(raw, id)
        if codec not in _NOT_CHARSETS:
            return Decoded(raw.decode(codec), codec)
    except (LookupError, UnicodeError):
        pass
    logger.warning("%s: the page declares charset %r, which does not fit its bytes; detecting it", id, name)
    return decode(raw, id, encoding=_detected(raw))


def _detected(raw: bytes) -> str | None:
    """The charset of bytes that are not UTF-8, as charset-normalizer guesses it (None: leave it to decode)."""
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return best.encoding if best is not None else None


def visible_text(html: str) -> str:
    """All text of an HTML page or fragment outside scripts and styles, one paragraph a line."""
    try:
        text = _text_content(html)
    except (ParserError, ValueError):  # markup lxml cannot hold (it refuses some characters in text)
        return ""
    lines = [_BLANKS.sub(" ", line).strip() for line in _LINES.split(text)]
    return "\n".join(line for line in lines if line)


def _text_content(html: str) -> str:
    root = lxml.html.fromstring(html)
    # strip_elements keeps each tail as it is; drop_tree would reassign it, and lxml refuses to
    # assign text holding a control character that an entity (&#12;) put there.
    etree.strip_elements(root, "script", "style", "noscript", "template", with_tail=False)
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//h4|//h5|//h6|//tr|//article|//section"):
        block.tail = "\n\n" + clean_text(block.tail or "")
    return root.text_content()
