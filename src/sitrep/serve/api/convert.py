"""Serve stage: turns request bodies into Articles and contract Extractions into API schemas.

The spaCy pipeline and the HTML reader are imported by the functions that use them, so the app
starts, and serves the store, without loading them.
"""

from __future__ import annotations

from sqlalchemy import Engine

from sitrep.errors import ReadError
from sitrep.serve.api.schemas import MAX_TEXT_CHARS, ArticleCreate, ArticlePublic
from sitrep.store import article_key, save_article
from sitrep.store.repo import stored_ids
from sitrep.types import Article, Extraction


def to_article(body: ArticleCreate) -> Article:
    """The Article a request body describes (an HTML page is read with the HTML reader).

    Args:
        body: the request: ``text`` or ``html`` plus optional metadata.

    Returns:
        The Article, its metadata from the body where given, else from the page.

    Raises:
        ReadError: the page's text is over MAX_TEXT_CHARS (a ``text`` body is held to it by its schema).
    """
    if body.html is not None:
        from sitrep.read.html import read_html

        art = read_html(body.html, body.id, published=body.published, url=body.url)
        if len(art.text) > MAX_TEXT_CHARS:
            raise ReadError(f"the page's text is {len(art.text):,} characters, over the web limit of "
                            f"{MAX_TEXT_CHARS:,}: use `sitrep extract` or `sitrep ingest` for it")
        return Article(
            id=art.id, text=art.text, published=body.published or art.published,
            title=body.title or art.title, url=body.url or art.url, source=body.source or art.source,
            author=body.author or art.author, errors=art.errors,
        )
    return Article(id=body.id, text=body.text or "", published=body.published, title=body.title,
                   url=body.url, source=body.source, author=body.author)


def extraction_public(article: Article, extraction: Extraction) -> ArticlePublic:
    """An Extraction as the API returns it, with the plain text its offsets point into.

    Args:
        article: the article as read (its ``text`` is what the offsets index).
        extraction: sitrep's output for it.

    Returns:
        The ArticlePublic (``id`` None: the article is not stored).
    """
    out = extraction.to_dict()
    return ArticlePublic(
        id=None, doc_id=out["id"], text=article.text, title=out["title"], published=out["published"],
        url=out["url"], source=out["source"], author=out["author"], figures=out["figures"],
        quotes=out["quotes"], events=out["events"], entities=out["entities"], errors=out["errors"],
    )


def extract_article(body: ArticleCreate) -> ArticlePublic:
    """Read and extract one article from a request body, storing nothing.

    Args:
        body: the request.

    Returns:
        The records found, with offsets into the returned ``text``.
    """
    article = to_article(body)
    if article.errors:
        return extraction_public(article, Extraction(
            id=article.id, title=article.title, published=article.published, url=article.url,
            source=article.source, author=article.author, errors=list(article.errors)))
    return extraction_public(article, _extract(article))


def _extract(article: Article) -> Extraction:
    from sitrep.process import extract

    return extract(article.text, article.published, id=article.id, title=article.title, url=article.url,
                   source=article.source, author=article.author)


def store_article(engine: Engine, body: ArticleCreate) -> int:
    """Read, extract and store one article from a request body.

    Args:
        engine: the store's engine.
        body: the request.

    Returns:
        The stored article's row id.

    Raises:
        ReadError: the article has no usable text (empty, binary, not an article).
    """
    article = to_article(body)
    if article.errors or not article.text.strip():
        raise ReadError(article.errors[0] if article.errors else "empty document: no text to store")
    extraction = _extract(article)
    with engine.begin() as conn:
        save_article(conn, article, extraction)
        return stored_ids(conn, [article_key(article)])[article_key(article)]
