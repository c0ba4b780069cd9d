"""Ingest: reads articles, extracts them (locally or on a Dask cluster) and stores them, batch by batch.

Each batch is written in one transaction, so a killed ingest loses at most the batch in flight,
and a rerun skips every article already stored (same key, same content) before extracting
anything, then completes the rest with no duplicates. An article that fails (in extraction, or a
value the store cannot hold) fails alone: it is reported with its reason, kept in the store's
``failures``, and a rerun reports it again without extracting it (unless ``retry_failed``).
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from sitrep.errors import SitrepError, StoreError
from sitrep.store import (
    article_key, clear_failure, connect, content_hash, failed_articles, known_articles, record_failure,
    save_article,
)
from sitrep.types import Article, Extraction

logger = logging.getLogger(__name__)

Extractor = Callable[[Iterable[Article]], Iterator[Extraction]]


@dataclass(slots=True)
class IngestReport:
    """What an ingest did: counts, the articles that failed and why, and how long it took."""

    stored: int = 0
    updated: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: (id, id of the copy kept) of each article skipped as a copy of one earlier in the same input
    copies: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    extracted: int = 0

    @property
    def seen(self) -> int:
        """Articles read so far."""
        return self.stored + self.updated + self.skipped + len(self.failed)

    @property
    def rate(self) -> float:
        """Articles extracted and stored per second (skipped ones, which cost nothing, left out)."""
        return self.extracted / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"stored": self.stored, "updated": self.updated, "skipped": self.skipped,
                "failed": [{"id": i, "reason": r} for i, r in self.failed],
                "copies": [{"id": i, "copy_of": c} for i, c in self.copies],
                "seconds": round(self.seconds, 3), "articles_per_second": round(self.rate, 2)}


def local_extractor(workers: int = 1, batch_size: int = 16) -> Extractor:
    """Extraction in this process, or in ``workers`` processes that load the model once each."""
    from sitrep.process import extract_many  # spaCy loads only when something is extracted

    return lambda arts: extract_many(arts, n_process=workers, batch_size=batch_size)


def dask_extractor(address: str, batch_size: int = 16) -> Extractor:
    """Extraction on a Dask distributed cluster; each worker process loads the model once.

    Args:
        address: the scheduler, ``tcp://HOST:8786``.
        batch_size: articles per task.

    Raises:
        SitrepError: the scheduler cannot be reached (raised when extraction starts).
    """
    def run(arts: Iterable[Article]) -> Iterator[Extraction]:
        from dask.distributed import Client  # optional dependency: only this path needs it

        from sitrep.process import _worker_run

        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as err:
            raise SitrepError(f"cannot reach the Dask scheduler at {address}: {err}") from err
        with client:
            ahead = max(2, 2 * len(client.scheduler_info().get("workers", {})))
            it = iter(arts)
            pending: deque = deque()
            while True:
                while len(pending) < ahead and (batch := list(islice(it, batch_size))):
                    pending.append(client.submit(_worker_run, batch, pure=False))
                if not pending:
                    return
                yield from pending.popleft().result()
    return run


def ingest(articles: Iterable[Article], db: str | Engine | None = None, *, workers: int = 1,
           dask: str | None = None, batch_size: int = 16,
           on_progress: Callable[[IngestReport], None] | None = None,
           extractor: Extractor | None = None, retry_failed: bool = False) -> IngestReport:
    """Extract articles and store them with their figures, quotes, events and entities.

    Idempotent: an article already stored (by URL, else by a hash of its normalised text) with
    the same content is skipped before extraction; a changed version replaces the old one and its
    records. Each batch of ``batch_size`` articles is committed as one transaction.

    Args:
        articles: the articles, e.g. ``sitrep.read.open_inputs([...])``.
        db: a database URL or SQLite path (None: ``$SITREP_DB`` or ``sitrep.db``), or an Engine.
        workers: extraction processes (ignored with ``dask``).
        dask: a Dask scheduler address, ``tcp://HOST:8786``, to extract on its workers.
        batch_size: articles per extraction batch and per transaction.
        on_progress: called with the running report after each batch and each skipped article.
        extractor: extraction to use instead of the local or Dask pipeline.
        retry_failed: extract again the articles that failed in an earlier run (by default the
            same version of a failed article is reported as failed without being extracted).

    Returns:
        The report: stored, updated, skipped, failed (with reasons), time.

    Raises:
        StoreError: the database cannot be opened or written.
    """
    owned = not isinstance(db, Engine)
    engine = connect(db) if owned else db
    try:
        return _ingest(articles, engine, workers=workers, dask=dask, batch_size=batch_size,
                       on_progress=on_progress, extractor=extractor, retry_failed=retry_failed)
    finally:
        if owned:  # closing the last SQLite connection folds the write-ahead log into the file
            engine.dispose()


def _ingest(articles: Iterable[Article], engine: Engine, *, workers: int, dask: str | None, batch_size: int,
            on_progress: Callable[[IngestReport], None] | None, extractor: Extractor | None,
            retry_failed: bool) -> IngestReport:
    report = IngestReport()
    started = time.perf_counter()
    notify = on_progress or (lambda _r: None)
    extract = extractor or (dask_extractor(dask, batch_size) if dask else local_extractor(workers, batch_size))
    with engine.connect() as conn:
        known = known_articles(conn)
        failed_before = failed_articles(conn)
    queued: deque[Article] = deque()
    first_id: dict[str, str] = {}  # key -> id of the article of this input first stored under it

    def todo() -> Iterator[Article]:
        # Runs in the pool's feeder thread when workers > 1: it only reads `known` and appends.
        for art in articles:
            if art.errors or not art.text.strip():  # fails in extraction; has no identity to keep
                queued.append(art)
                yield art
                continue
            key = article_key(art)
            version = content_hash(art)
            if known.get(key) == version:
                report.skipped += 1
                if key in first_id:  # named: the same article twice in one input is worth a word
                    report.copies.append((art.id, first_id[key]))
                notify(report)
                continue
            if not retry_failed and failed_before.get(key, ("",))[0] == version:
                report.failed.append((art.id, f"failed in an earlier run (not retried): {failed_before[key][1]}"))
                notify(report)
                continue
            known[key] = version  # a second copy later in the same input is a duplicate
            first_id[key] = art.id
            queued.append(art)
            yield art

    batch: list[tuple[Article, Extraction]] = []
    try:
        for res in extract(todo()):
            art = queued.popleft()
            if res.id != art.id:
                raise StoreError(f"extraction out of order: got {res.id!r} for article {art.id!r}")
            batch.append((art, res))
            if len(batch) >= batch_size:
                _write(engine, batch, report, failed_before)
                report.seconds = time.perf_counter() - started
                notify(report)
                batch = []
        if batch:
            _write(engine, batch, report, failed_before)
    finally:
        report.seconds = time.perf_counter() - started
    notify(report)
    logger.info("ingest: %d stored, %d updated, %d skipped, %d failed in %.1fs", report.stored,
                report.updated, report.skipped, len(report.failed), report.seconds)
    return report


def _write(engine: Engine, batch: list[tuple[Article, Extraction]], report: IngestReport,
           failed_before: dict[str, tuple[str, str]]) -> None:
    statuses: list[str] = []
    failed: list[tuple[str, str]] = []
    try:
        with engine.begin() as conn:
            place_ids: dict[str, int] = {}
            for art, res in batch:
                reason = "; ".join(res.errors)
                if not reason:
                    try:
                        statuses.append(save_article(conn, art, res, place_ids=place_ids))
                        if failed_before and (key := article_key(art)) in failed_before:
                            clear_failure(conn, key)  # it failed before: stored now
                        continue
                    except StoreError as err:  # raised before anything of the article is written
                        reason = f"store: {err}"
                failed.append((art.id, reason))
                if not art.errors and art.text.strip():  # a read failure has no identity to keep
                    record_failure(conn, art, reason)
    except SQLAlchemyError as err:
        raise StoreError(f"cannot store batch starting at {batch[0][0].id!r}: {err}") from err
    # Counted only once committed, so the report never claims a batch that was rolled back.
    report.extracted += len(batch)
    report.failed.extend(failed)
    for status in statuses:
        setattr(report, status, getattr(report, status) + 1)
