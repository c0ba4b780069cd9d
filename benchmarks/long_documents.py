"""Benchmark: time and peak memory of one long or pathological document, each in a fresh process.

    python benchmarks/long_documents.py                 # every case
    python benchmarks/long_documents.py report-200k amp-32k

Cases (texts written here, not taken from any data set): reports of 100,000 to 990,000 characters
in paragraphs and on one line, 32,000 "&", 16,000 one-line paragraphs, a sentence repeated 2,000
times. Each runs ``sitrep.extract`` in its own process after the pipeline is built, so the peak
memory is that document's (the model's ~250 MB included) and the seconds are extraction alone.
Say the machine's load beside the figures: these are absolute timings, not a ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time

TOWNS = ["Kharkiv", "Rafah", "Khan Younis", "El Fasher", "Kherson", "Mogadishu", "Goma", "Aleppo"]


def _paragraph(i: int, rng: random.Random) -> str:
    town = rng.choice(TOWNS)
    return (f"On day {i % 28 + 1} of the offensive, shelling hit a market in {town}, killing {i % 17 + 2} "
            f"people and wounding {i % 23 + 3}, the regional governor said. \"We buried {i % 9 + 1} children "
            f"today,\" a local official told reporters. Aid groups said {1000 + i * 7} families had fled.")


def _report(n_chars: int, joiner: str) -> str:
    rng, parts, size, i = random.Random(13), [], 0, 0
    while size < n_chars:
        parts.append(_paragraph(i, rng) + joiner)
        size += len(parts[-1])
        i += 1
    return "".join(parts)[:n_chars]


CASES = {
    "report-100k": lambda: _report(100_000, "\n\n"),
    "report-200k": lambda: _report(200_000, "\n\n"),
    "report-400k": lambda: _report(400_000, "\n\n"),
    "report-990k": lambda: _report(990_000, "\n\n"),
    "one-line-990k": lambda: _report(990_000, " "),
    "amp-32k": lambda: "&" * 32_000,
    "lines-16k": lambda: "\n".join(f"Line {i}: a short item." for i in range(16_000)),
    "repeat-2k": lambda: "Three people were killed in the shelling of Kherson on Monday. " * 2_000,
}


def run_case(name: str) -> dict:
    """Extract one case in this process; its seconds, peak memory and outcome."""
    import sitrep

    sitrep.build_pipeline()
    sitrep.extract("Warm-up: shelling hit Kharkiv on Monday.", published="2024-05-20")
    text = CASES[name]()
    started = time.perf_counter()
    result = sitrep.extract(text, published="2024-05-20", id=name)
    return {"case": name, "chars": len(text), "seconds": round(time.perf_counter() - started, 1),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "events": len(result.events), "figures": len(result.figures),
            "error": result.errors[0][:60] if result.errors else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", help=f"cases to run (default: all): {', '.join(CASES)}")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # run one case in this process (the child)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_case(args.one)))
        return
    unknown = set(args.cases) - set(CASES)
    if unknown:
        parser.error(f"unknown cases {sorted(unknown)}; known: {', '.join(CASES)}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'case':<15}{'chars':>9}{'seconds':>9}{'peak MB':>9}{'events':>8}{'figures':>9}  error")
    for name in args.cases or CASES:
        done = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True)
        if done.returncode:
            print(f"{name:<15} failed: {done.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{r['case']:<15}{r['chars']:>9,}{r['seconds']:>9}{r['peak_mb']:>9}{r['events']:>8}{r['figures']:>9}"
              f"  {r['error']}")


if __name__ == "__main__":
    main()
