"""Benchmark: ingest rate (articles/s) with 1..N extraction workers, and database size per 1,000 articles.

Usage: python benchmarks/ingest.py ARTICLES.jsonl [--limit 400] [--workers 1 2] [--store-only [--pg-url URL]]

Each run ingests the same articles into a fresh SQLite file (or a fresh PostgreSQL schema) and prints
one JSON line: workers, articles, seconds, articles/s (extraction + storage, model load included,
as a user sees it), and for SQLite the file size per 1,000 articles. The machine's load average is
printed too: on a shared machine the numbers move with it.

``--store-only`` extracts once, then times only the writing (identity check, rows, event merging,
commits) into SQLite and, with ``--pg-url``, into PostgreSQL: the store's own ceiling.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
import time
from itertools import islice
from pathlib import Path

from sitrep.ingest import ingest
from sitrep.read import open_inputs
from sitrep.store import connect, row_counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--store-only", action="store_true", help="time writing only, extraction done beforehand")
    ap.add_argument("--pg-url", help="also time writing into this (empty) PostgreSQL database")
    args = ap.parse_args()
    articles = list(islice(iter(open_inputs(args.inputs)), args.limit))
    if args.store_only:
        return store_only(articles, args)
    for workers in args.workers:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.db"
            started = time.perf_counter()
            report = ingest(articles, path, workers=workers, batch_size=args.batch_size)
            seconds = time.perf_counter() - started
            engine = connect(path)
            with engine.connect() as conn:
                counts = row_counts(conn)
            engine.dispose()
            with sqlite3.connect(path) as con:  # fold the write-ahead log in: the size a user keeps
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*"))
            print(json.dumps({
                "workers": workers, "articles": len(articles), "stored": report.stored,
                "failed": len(report.failed), "seconds": round(seconds, 1),
                "articles_per_s": round(len(articles) / seconds, 2),
                "db_bytes": size, "mb_per_1000_articles": round(size / 1e6 / max(1, report.stored) * 1000, 2),
                "rows": counts, "loadavg": os.getloadavg()[0],
            }), flush=True)


def store_only(articles, args) -> None:
    """Time the writing of already extracted articles into SQLite (and PostgreSQL)."""
    from sitrep import extract_many

    done = {res.id: res for res in extract_many(articles, batch_size=args.batch_size)}
    with tempfile.TemporaryDirectory() as tmp:
        targets = [str(Path(tmp) / "store.db")] + ([args.pg_url] if args.pg_url else [])
        for target in targets:
            started = time.perf_counter()
            report = ingest(articles, target, batch_size=args.batch_size,
                            extractor=lambda arts: (done[a.id] for a in arts))
            seconds = time.perf_counter() - started
            print(json.dumps({"store": target.split("://")[0] if "://" in target else "sqlite",
                              "articles": len(articles), "stored": report.stored, "skipped": report.skipped,
                              "seconds": round(seconds, 2), "articles_per_s": round(len(articles) / seconds, 1),
                              "loadavg": os.getloadavg()[0]}), flush=True)


if __name__ == "__main__":
    main()
