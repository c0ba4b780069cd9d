"""Development check: place_in() on ACLED event notes, scored as the eval harness scores places.

    python scripts/eval_places.py /work/shared/eval/acled.jsonl [--limit N] [--misses K]

Prints the share of notes whose place lies within 10 km of the coded point and whose admin1
matches (both as score.py's ``score_acled`` computes them).
"""

import argparse
import json
import re
import unicodedata

from sitrep.extractors.places import km, place_in
from sitrep.parse import load_pipeline


def _norm(s):
    s = unicodedata.normalize("NFKD", s or "").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9 ]+", " ", s).split()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = ap.parse_args()
    with open(args.path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    nlp = load_pipeline()
    near = a1_ok = 0
    misses = []
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        g, p = row["gold"], place_in(doc, 0, len(doc.text))
        ok = p is not None and p.lat is not None and km((p.lat, p.lon), (g["lat"], g["lon"])) <= 10
        a1 = set(_norm(g["admin1"])) - {"oblast", "governorate", "province", "region", "state", "strip"}
        a1ok = bool(a1) and a1 <= set(_norm(p.admin1 if p else None))
        near += ok
        a1_ok += a1ok
        if not (ok and a1ok):
            misses.append((g["location"], g["admin1"], g["geo_precision"], p and (p.name, p.admin1, p.geo_precision),
                           row["text"][:160]))
    n = len(rows)
    print(f"n={n} location_10km={near / n:.3f} admin1={a1_ok / n:.3f}")
    for m in misses[-args.misses:] if args.misses else []:
        print(m)


if __name__ == "__main__":
    main()
