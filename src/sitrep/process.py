"""Process: runs one article, or a stream of them, through the pipeline to a contract Extraction."""

from __future__ import annotations

import logging
import multiprocessing
import re
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from itertools import islice
from multiprocessing.pool import AsyncResult

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.errors import ResourceError
from sitrep.extractors import components as _components  # noqa: F401  (registers the extract factories)
from sitrep.parse import load_pipeline
from sitrep.pieces import joined, piece_bounds
from sitrep.read._clean import clean_text
from sitrep.resources import thresholds
from sitrep.types import Article, Extraction

logger = logging.getLogger(__name__)

EXTRACTORS = ("sitrep_figures", "sitrep_quotes", "sitrep_events", "sitrep_entities")
_WORD = re.compile(r"[^\W\d_]+")


#: Building the pipeline takes seconds: threads that ask for it at once wait for one build.
_BUILD_LOCK = threading.Lock()


@cache
def _built() -> Language:
    nlp = load_pipeline()
    for name in EXTRACTORS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


def build_pipeline() -> Language:
    """The full sitrep pipeline: model, entity ruler and the extractors. Built once per process."""
    with _BUILD_LOCK:
        return _built()


def _as_article(item: Article | dict | str, n: int) -> Article:
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(id=str(n), text=item)
    return Article(
        id=str(item.get("id", n)), text=item.get("text") or "", published=item.get("published"),
        title=item.get("title"), url=item.get("url"), source=item.get("source"), author=item.get("author"),
    )


def check_text(text: str) -> str | None:
    """Why a text cannot be processed (empty, too long, not English), or None if it can."""
    limits = thresholds()["input"]
    if not text.strip():
        return "empty document: no text to extract from"
    if len(text) > limits["max_chars"]:
        return (f"document too large: {len(text):,} characters, over the limit of "
                f"{limits['max_chars']:,} (split it into articles)")
    words = _WORD.findall(text[:20000].lower())
    if len(words) >= limits["language_min_words"]:
        latin = sum(w.isascii() for w in words) / len(words)
        if latin < limits["latin_word_share"]:
            return (f"not English: only {latin:.0%} of words are in the Latin alphabet; "
                    "sitrep reads English articles")
        share = sum(w in STOP_WORDS for w in words) / len(words)
        if share < limits["english_stopword_share"]:
            # Terse English (coders' notes, lists of place names) has few function words too:
            # only a text clearly made of another language's function words is refused.
            other, lang = max((sum(w in stops for w in words) / len(words), lang)
                              for lang, stops in _other_stop_words().items())
            if other >= limits["other_language_share"] and other > 2 * share:
                return (f"not English: {other:.0%} of words are {lang} function words against "
                        f"{share:.0%} English ones; sitrep reads English articles")
    return None


@cache
def _other_stop_words() -> dict[str, frozenset[str]]:
    """Function words of the languages most often mistaken for English input (spaCy's lists)."""
    from spacy.lang.de.stop_words import STOP_WORDS as DE
    from spacy.lang.es.stop_words import STOP_WORDS as ES
    from spacy.lang.fr.stop_words import STOP_WORDS as FR
    from spacy.lang.it.stop_words import STOP_WORDS as IT
    from spacy.lang.nl.stop_words import STOP_WORDS as NL
    from spacy.lang.pt.stop_words import STOP_WORDS as PT

    return {"French": frozenset(FR), "Spanish": frozenset(ES), "German": frozenset(DE),
            "Italian": frozenset(IT), "Portuguese": frozenset(PT), "Dutch": frozenset(NL)}


def _result(article: Article, doc: Doc | None, errors: list[str]) -> Extraction:
    base = dict(id=article.id, title=article.title, published=article.published, url=article.url,
                source=article.source, author=article.author, errors=errors)
    if doc is None:
        return Extraction(**base)
    return Extraction(
        **base,
        figures=doc._.figures or [], quotes=doc._.quotes or [], events=doc._.events or [],
        entities=doc._.entities or [], dropped_events=doc._.dropped_events or [],
    )


def _run_batch(nlp: Language, articles: list[Article]) -> list[Extraction]:
    # Thread-safe without a lock: each article's extraction state lives on its own Doc
    # (extractors/context.py), and the rule tables shared by all are only read once loaded.
    articles = list(articles)  # cleaned texts replace their articles here, not in the caller's list
    out: list[Extraction | None] = [None] * len(articles)
    todo: list[tuple[int, Doc]] = []
    for i, art in enumerate(articles):
        text = clean_text(art.text)  # texts given to the library directly were read by no reader
        if text is not art.text:
            art = articles[i] = replace(art, text=text)
        # The stage that failed leads each reason: the reader's or the text check's "read: ".
        errors = [_staged("read", e) for e in art.errors or filter(None, [check_text(art.text)])]
        if errors:
            logger.warning("%s: %s", art.id, errors[0])
            out[i] = _result(art, None, errors)
            continue
        if len(art.text) > thresholds()["input"]["piece_chars"]:
            out[i] = _in_pieces(nlp, art)
            continue
        todo.append((i, _make_doc(nlp, art)))
    if todo:
        try:
            docs = list(nlp.pipe([d for _, d in todo]))
        except ResourceError:
            raise  # a missing data file fails every document alike: stop, do not blame each one
        except Exception:  # noqa: BLE001 - one bad document must not sink the batch
            docs = [_one(nlp, articles[i]) for i, _ in todo]
        for (i, _), doc in zip(todo, docs):
            if isinstance(doc, Extraction):
                out[i] = doc
            else:
                out[i] = _result(articles[i], doc, [])
    return [o for o in out if o is not None]


def _in_pieces(nlp: Language, article: Article) -> Extraction:
    """A long article extracted piece by piece (see pieces.py), within the per-document time budget."""
    limits = thresholds()["input"]
    budget = limits["time_budget_s"]
    deadline = time.monotonic() + budget
    done: list[tuple[int, Extraction]] = []
    for start, end in piece_bounds(article.text, limits["piece_chars"]):
        piece = replace(article, text=article.text[start:end])
        doc = _make_doc(nlp, piece)
        try:
            for _, proc in nlp.pipeline:
                doc = proc(doc)
                if time.monotonic() > deadline:
                    problem = (f"extract: stopped: over the time budget of {budget:g} s a document "
                               f"({start:,} of {len(article.text):,} characters done); split the article "
                               "or raise input.time_budget_s")
                    logger.warning("%s: %s", article.id, problem)
                    return _result(article, None, [problem])
        except ResourceError:
            raise
        except Exception as err:  # noqa: BLE001 - reported on the article, the batch goes on
            return _failed(article, err)
        done.append((start, _result(piece, doc, [])))
    return joined(_result(article, None, []), done)


def _failed(article: Article, err: Exception) -> Extraction:
    # The traceback only at debug level: one line a failed document keeps stderr readable.
    logger.warning("%s: extraction failed: %s: %s", article.id, type(err).__name__, err,
                   exc_info=logger.isEnabledFor(logging.DEBUG))
    return _result(article, None, [f"extract: failed: {type(err).__name__}: {err}"])


def _staged(stage: str, reason: str) -> str:
    """``reason`` led by the stage it comes from ("read: binary file: ..."), once."""
    return reason if reason.startswith(f"{stage}: ") else f"{stage}: {reason}"


def _make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.article_id, doc._.published = article.id, article.published
    return doc


def _one(nlp: Language, article: Article) -> Doc | Extraction:
    # A fresh Doc: the failed batch may have left this one half-annotated.
    try:
        return nlp(_make_doc(nlp, article))
    except ResourceError:
        raise
    except Exception as err:  # noqa: BLE001 - reported on the article, the batch goes on
        return _failed(article, err)


def extract(text: str, published: str | None = None, *, id: str = "doc", title: str | None = None,
            url: str | None = None, source: str | None = None, author: str | None = None) -> Extraction:
    """Extract figures, quotes, events and entities from one article.

    Args:
        text: the article's plain text.
        published: YYYY-MM-DD; relative dates ("on Wednesday") resolve against it.
        id, title, url, source, author: carried into the output unchanged.

    Returns:
        The contract's Extraction; problems with the text are listed in its ``errors``.
    """
    art = Article(id=id, text=text, published=published, title=title, url=url, source=source, author=author)
    return _run_batch(build_pipeline(), [art])[0]


def _worker_run(batch: list[Article]) -> list[Extraction]:
    # The pipeline is built on a worker's first batch (and cached): a failure to build it reaches
    # the caller through the batch's result. In a Pool initializer it would make the pool restart
    # the worker forever and the caller wait for ever.
    return _run_batch(build_pipeline(), batch)


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def extract_many(articles: Iterable[Article | dict | str], *, n_process: int = 1,
                 batch_size: int = 16) -> Iterator[Extraction]:
    """Stream many articles through one pipeline, yielding an Extraction per article, in order.

    Args:
        articles: Article objects, dicts with the input keys (``id``, ``text``, ``published``...),
            or plain strings.
        n_process: worker processes; each loads the model once.
        batch_size: articles per batch handed to spaCy (and to each worker).

    Yields:
        One Extraction per input, in input order.
    """
    arts = (_as_article(a, n) for n, a in enumerate(articles))
    if n_process <= 1:
        nlp = build_pipeline()
        for batch in _batches(arts, batch_size):
            yield from _run_batch(nlp, batch)
        return
    ctx = multiprocessing.get_context("spawn")
    # Pool.imap would read the whole input ahead into its task queue; a bounded window of batches
    # in flight keeps memory flat on a large JSONL while every worker stays busy.
    pending: deque[AsyncResult] = deque()
    with ctx.Pool(n_process) as pool:
        for batch in _batches(arts, batch_size):
            pending.append(pool.apply_async(_worker_run, (batch,)))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


__all__ = ["build_pipeline", "check_text", "extract", "extract_many"]
