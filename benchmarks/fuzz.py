"""Benchmark: the fuzz suite of issue 13 in full: 10,200 bad inputs through extract, ingest and the library.

Usage: python benchmarks/fuzz.py [--sample N] [--seed 13] [--jobs 1] [--class html json] [--index 438 25]
                                 [--commands extract ingest library] [--src DIR] [--json out.json]
       python benchmarks/fuzz.py --index 438 --write /tmp/input438   (write one input out, to look at it)
       python benchmarks/fuzz.py --list --class names                (what the inputs are)

Prints, per command, a table by input class: inputs, documents, crashes (tracebacks, signals or
undocumented exit statuses), batch stops (a documented error status before the batch's end),
hangs (a document over --doc-timeout seconds), silent drops (documents without an outcome), extra
outcomes, invalid JSON lines and the slowest document; then one example per kind of failure, with
the traceback's last line. ``tests/fuzz/harness.py`` says how outcomes
are matched to inputs. ``--src`` runs another sitrep source tree (``git archive REV src | tar -x``)
with this checkout's environment: the way to measure a "before".

Time: the corpus is 10,200 inputs, 20,859 documents (26 inputs of the size classes, up to 990,000
characters, run alone). On the project's shared 2-core machine a run goes at about 0.2 s a
document with --jobs 2 (--sample 400: 854 documents in 174 s), so about 70 minutes for everything,
plus up to 20 for the slow inputs while they still run into the 30-second budget. Each crash costs
a restart or two (a few seconds): --sample 1000 --jobs 1 took 30 minutes on the code before
issue 13's fixes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fuzz import harness, inputs, report
from tests.fuzz._proc import materialise


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, help="this many inputs, drawn uniformly (default: all 10,200)")
    ap.add_argument("--seed", type=int, default=inputs.DEFAULT_SEED)
    ap.add_argument("--jobs", type=int, default=1, help="batches run at once")
    ap.add_argument("--fast-only", action="store_true", help="leave out the slow (size) inputs")
    ap.add_argument("--class", dest="classes", nargs="+", choices=list(inputs.QUOTAS), help="only these classes")
    ap.add_argument("--index", type=int, nargs="+", help="only these inputs")
    ap.add_argument("--commands", nargs="+", default=list(harness.COMMANDS), choices=harness.COMMANDS)
    ap.add_argument("--doc-timeout", type=float, default=30.0, help="seconds one document may take")
    ap.add_argument("--startup", type=float, default=60.0, help="seconds allowed to start (model load)")
    ap.add_argument("--batch-size", type=int, default=100, help="inputs per sitrep run (slow ones run alone)")
    ap.add_argument("--src", help="run this sitrep source folder (PYTHONPATH) instead of the installed one")
    ap.add_argument("--json", type=Path, help="write every verdict here")
    ap.add_argument("--list", action="store_true", help="list the inputs and exit")
    ap.add_argument("--write", type=Path, help="write the inputs' files under this folder and exit")
    args = ap.parse_args()

    chosen = _choose(args)
    if args.list:
        for inp in chosen:
            print(f"{inp.index:5d} {inp.kind:40s} docs={inp.docs:<4d}{' slow' * inp.slow} {inp.description}")
        return
    if args.write:
        materialise(chosen, args.write)
        print(f"wrote {len(chosen)} inputs under {args.write}")
        return
    started = time.perf_counter()
    docs = sum(i.docs for i in chosen)
    print(f"seed {args.seed}: {len(chosen)} inputs, {docs} documents, {sum(i.slow for i in chosen)} slow; "
          f"jobs {args.jobs}; sitrep from {args.src or 'the installed package'}", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        print(f"  batch {done}/{total} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    result = harness.run_all(chosen, jobs=args.jobs, commands=tuple(args.commands), batch_size=args.batch_size,
                             budget=harness.Budget(args.doc_timeout, args.startup), src=args.src, progress=progress)
    title = (f"fuzz: seed {args.seed}, {len(chosen)} inputs ({_how(args)}), {docs} documents, "
             f"{time.perf_counter() - started:.0f} s with --jobs {args.jobs}")
    print(report.render(result, title=title))
    if args.json:
        args.json.write_text(json.dumps({"title": title, "wall": result.wall,
                                         "verdicts": [v.to_dict() for v in result.verdicts]}, ensure_ascii=True))


def _choose(args: argparse.Namespace) -> list[inputs.FuzzInput]:
    if args.index:
        return [inputs.build(args.seed, i) for i in sorted(set(args.index))]
    pool = inputs.sample(args.seed, None if args.classes else args.sample, fast_only=args.fast_only)
    if args.classes:
        pool = [i for i in pool if i.cls in args.classes][: args.sample]
    return pool


def _how(args: argparse.Namespace) -> str:
    if args.index:
        return "chosen by index"
    what = f"--sample {args.sample}" if args.sample else "all"
    classes = f" --class {' '.join(args.classes)}" if args.classes else ""
    return what + (" --fast-only" if args.fast_only else "") + classes


if __name__ == "__main__":
    main()
