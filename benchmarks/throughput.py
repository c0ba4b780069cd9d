"""Benchmark: sitrep.extract_many against bare nlp.pipe of the stock model, on the same texts.

    python benchmarks/throughput.py                      # the bundled samples, repeated to 300 articles
    python benchmarks/throughput.py articles.jsonl -n 1000 --repeats 7
    python benchmarks/throughput.py --check              # exit 1 when the ratio is under 0.8

Both pipelines are built in this one process and warmed up; the timed runs alternate between them
(which goes first alternates too) and the median of each is reported: articles/s, words/s, the
ratio sitrep/bare (1.0 = extraction costs nothing on top of the model), and peak memory.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from sitrep import build_pipeline, extract_many
from sitrep.parse.pipeline import MODEL
from sitrep.read import open_inputs, sample_paths
from sitrep.types import Article

#: The target: sitrep's extraction costs at most a quarter on top of the model.
MIN_RATIO = 0.8


def load_articles(paths: list[str], n: int) -> list[Article]:
    """``n`` articles: those under ``paths`` (default: the bundled samples), repeated as needed."""
    found = [a for a in open_inputs(paths or sample_paths(batch=True)) if a.text and not a.errors]
    if not found:
        sys.exit("no readable articles in the inputs")
    return [Article(id=f"{a.id}#{i}", text=a.text, published=a.published)
            for i, a in enumerate(itertools.islice(itertools.cycle(found), n))]


def _timed(run: Callable[[], None]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def component_times(nlp: spacy.language.Language, texts: list[str], batch_size: int) -> dict[str, float]:
    """Seconds each stage of ``nlp`` takes on ``texts``, stage by stage (tokenizer first)."""
    out = {}
    start = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    out["tokenizer"] = time.perf_counter() - start
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(d) for d in docs]
        out[name] = time.perf_counter() - start
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("paths", nargs="*", help="articles (.jsonl, folders, ...); default: the bundled samples")
    ap.add_argument("-n", type=int, default=300, help="articles per run (inputs are repeated to reach it)")
    ap.add_argument("--repeats", type=int, default=5, help="timed runs of each pipeline")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--check", action="store_true", help=f"exit 1 when the ratio is under {MIN_RATIO}")
    ap.add_argument("--components", action="store_true", help="also time each component of sitrep's pipeline")
    args = ap.parse_args(argv)

    articles = load_articles(args.paths, args.n)
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    sitrep_nlp = build_pipeline()
    bare_nlp = spacy.load(MODEL)

    def run_sitrep(items: list[Article] = articles) -> None:
        for _ in extract_many(items, batch_size=args.batch_size):
            pass

    def run_bare(items: list[str] = texts) -> None:
        for _ in bare_nlp.pipe(items, batch_size=args.batch_size):
            pass

    warm = max(args.batch_size * 2, 32)
    run_sitrep(articles[:warm])
    run_bare(texts[:warm])
    times: dict[str, list[float]] = {"sitrep": [], "bare": []}
    for r in range(args.repeats):
        order = [("bare", run_bare), ("sitrep", run_sitrep)]
        for name, run in order if r % 2 == 0 else reversed(order):
            times[name].append(_timed(run))

    med = {name: statistics.median(ts) for name, ts in times.items()}
    print(f"articles: {len(articles)} ({words:,} words), batch size {args.batch_size}, "
          f"{args.repeats} runs each, median")
    print(f"bare:   {MODEL} {bare_nlp.pipe_names}")
    print(f"sitrep: {sitrep_nlp.pipe_names}")
    for name in ("bare", "sitrep"):
        secs = med[name]
        print(f"{name}_articles_per_s: {len(articles) / secs:.1f}")
        print(f"{name}_words_per_s: {words / secs:,.0f}")
        print(f"{name}_runs_s: {' '.join(f'{t:.2f}' for t in times[name])}")
    if args.components:
        for name, secs in component_times(sitrep_nlp, texts, args.batch_size).items():
            print(f"component_s {name}: {secs:.2f}")
    ratio = med["bare"] / med["sitrep"]
    print(f"ratio: {ratio:.3f} (sitrep/bare throughput; target >= {MIN_RATIO})")
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 1024 ** 2)
    print(f"peak_memory_mb: {peak:.0f} (both pipelines loaded)")
    return 1 if args.check and ratio < MIN_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
