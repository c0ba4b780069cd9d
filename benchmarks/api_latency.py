"""Serve stage benchmark: latency of every API list call on a store of 10,000 synthetic events.

Builds (or reuses) a SQLite store of synthetic articles through the store's own ``save_article``
(so events are linked into incidents as in a real ingest), serves the web app with uvicorn on
127.0.0.1 and times each list call over HTTP. With ``--browser`` it also loads the map page in
Debian's chromium and reports when the markers became clickable (ms from navigation start).
"first ms" is each call's first answer from a fresh server: for the answers the API caches until
the store changes (map points, day counts, series, facets) it is the uncached cost.

    .venv/bin/python benchmarks/api_latency.py                 # build /tmp/sitrep-bench.db, measure
    .venv/bin/python benchmarks/api_latency.py --browser --check   # also the map page; exit 1 over budget
    .venv/bin/python benchmarks/api_latency.py --reuse --during-extract   # GETs while 32 KB extracts

``--during-extract`` posts 32 KB texts to /api/extract (a report in paragraphs, the same on one
line, 32,000 '&', one sentence repeated) and times GET /api/events every 50 ms while each runs:
issue 13's budget is 1 s for every such GET.

The records are synthetic (random places, dates, types and counts); no article text is copied
from anywhere.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

from sitrep.serve.api import create_app
from sitrep.store import connect, row_counts, save_article
from sitrep.types import EVENT_TYPES, Article, Event, Extraction, Figure, Place, Quote

#: The issue's budgets: p95 of every list call, and the map page's time to interactive.
P95_BUDGET_MS = 200.0
MAP_BUDGET_MS = 2000.0
#: Issue 13: while a 32 KB extraction runs, every GET /api/events answers within this.
DURING_EXTRACT_BUDGET_MS = 1000.0

COUNTRIES = [("Sudan", "SD", 15.5, 30.0, 6.0), ("Ukraine", "UA", 49.0, 32.0, 5.0),
             ("Palestine", "PS", 31.45, 34.4, 0.15), ("Democratic Republic of the Congo", "CD", -2.0, 28.5, 3.0),
             ("Myanmar", "MM", 21.0, 96.0, 4.0), ("Syria", "SY", 35.0, 38.0, 2.0),
             ("Somalia", "SO", 4.0, 45.5, 4.0), ("Yemen", "YE", 15.5, 47.5, 2.5)]
ACTORS = ["Military Forces of Sudan", "Rapid Support Forces", "Military Forces of Russia",
          "Military Forces of Ukraine", "Military Forces of Israel", "Hamas", "M23", "Al Shabaab",
          "Houthis", "Unidentified Armed Group", "Protesters", "Civilians"]
SOURCES = ["Ministry of Health", "UN OCHA", "local officials", "a medical group", "police", "residents"]
OUTLETS = ["Example Wire", "Example Daily", "Example Times", "Example Radio"]
SPEAKERS = [("Amal Haddad", "spokesperson"), ("John Okello", "regional governor"),
            ("Maria Petrenko", "mayor"), ("Omar Yusuf", "health minister"), ("UN OCHA", None)]


def _places(rng: random.Random, n: int) -> list[Place]:
    out = []
    for i in range(n):
        country, code, lat, lon, spread = rng.choice(COUNTRIES)
        out.append(Place(name=f"Town {i}", country=country, country_code=code, admin1=f"Province {i % 17}",
                         lat=round(lat + rng.uniform(-spread, spread), 4),
                         lon=round(lon + rng.uniform(-spread, spread), 4), geonameid=9_000_000 + i,
                         geo_precision=1))
    return out


def synthetic_articles(n_events: int, events_per_article: int = 4, seed: int = 7):
    """Yield (Article, Extraction) pairs holding ``n_events`` events in all, plus figures and quotes.

    Args:
        n_events: events to make.
        events_per_article: events in each article.
        seed: random seed (the same store every run).

    Yields:
        Synthetic articles with their hand-made records, offsets into each article's text.
    """
    rng = random.Random(seed)
    places = _places(rng, 1500)
    day0 = 19723  # 2024-01-01 as days since 1970-01-01
    subs = [(t, s) for t, ss in EVENT_TYPES.items() for s in ss]
    toll = 20_000
    n_articles = (n_events + events_per_article - 1) // events_per_article
    for a in range(n_articles):
        published = time.strftime("%Y-%m-%d", time.gmtime((day0 + a * 365 // n_articles) * 86400))
        parts, events, figures, quotes = [], [], [], []
        pos = 0
        for e in range(min(events_per_article, n_events - a * events_per_article)):
            place = rng.choice(places)
            event_type, sub = rng.choice(subs)
            killed = rng.choice([None, 0, 1, 2, 3, 5, 8, 12, 20, 45])
            actor1, actor2 = rng.sample(ACTORS, 2)
            sentence = (f"{actor1} were involved in an incident ({sub.lower()}) in {place.name} on "
                        f"report {a}-{e}, killing {killed or 'no'} people, {rng.choice(SOURCES)} said. ")
            events.append(Event(event_type=event_type, sub_event_type=sub, start=pos, end=pos + len(sentence) - 1,
                                text=sentence.strip(), date=published, time_precision=1, actor1=actor1,
                                actor2=actor2, place=place, fatalities=killed, reported_by=rng.choice(SOURCES)))
            if killed:
                at = sentence.index(f"killing {killed}") + len("killing ")
                figures.append(Figure(value=killed, category="killed", start=pos + at,
                                      end=pos + at + len(str(killed)), text=sentence.strip(), unit="people",
                                      place=place, reported_by=rng.choice(SOURCES), attribution="source"))
            parts.append(sentence)
            pos += len(sentence)
        toll += rng.randint(0, 120)
        total = f"The ministry said the cumulative toll had reached {toll}. "
        figures.append(Figure(value=toll, category="killed", start=pos + total.index(str(toll)),
                              end=pos + total.index(str(toll)) + len(str(toll)), text=total.strip(),
                              scope="cumulative", as_of=published, reported_by="Ministry of Health",
                              attribution="source"))
        parts.append(total)
        pos += len(total)
        speaker, title = rng.choice(SPEAKERS)
        words = f"We counted the damage in report {a} and asked for help"
        quote = f"\"{words},\" said {speaker}."
        quotes.append(Quote(text=words, start=pos + 1, end=pos + 1 + len(words), speaker=speaker,
                            speaker_title=title, speaker_type="person" if title else "organization", cue="said"))
        parts.append(quote)
        text = "".join(parts)
        meta = dict(title=f"Synthetic report {a}", published=published, source=rng.choice(OUTLETS),
                    url=f"https://example.org/synthetic/{a}")
        yield (Article(id=f"synthetic-{a}", text=text, **meta),
               Extraction(id=f"synthetic-{a}", figures=figures, quotes=quotes, events=events, **meta))


def build(db: Path, n_events: int) -> dict[str, int]:
    """Create the synthetic store at ``db`` (replacing any file there); returns its row counts."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    engine = connect(str(db))
    started = time.perf_counter()
    batch = []
    for pair in synthetic_articles(n_events):
        batch.append(pair)
        if len(batch) == 250:
            with engine.begin() as conn:
                for article, extraction in batch:
                    save_article(conn, article, extraction)
            batch = []
    with engine.begin() as conn:
        for article, extraction in batch:
            save_article(conn, article, extraction)
        counts = row_counts(conn)
    print(f"built {db} in {time.perf_counter() - started:.1f} s: {counts}", file=sys.stderr)
    engine.dispose()
    return counts


CALLS = [
    ("events", "/api/events", {}),
    ("events, deep page", "/api/events", {"offset": 9000}),
    ("events, country", "/api/events", {"country": "Sudan"}),
    ("events, type+dates", "/api/events",
     {"event_type": "Battles", "date_from": "2024-03-01", "date_to": "2024-09-30"}),
    ("events, actor", "/api/events", {"actor": "Rapid Support"}),
    ("events, source", "/api/events", {"source": "medical"}),
    ("events, free text", "/api/events", {"q": "report 12"}),
    ("events, map points", "/api/events/points", {}),
    ("events, timeline", "/api/events/timeline", {}),
    ("figures", "/api/figures", {}),
    ("figures, source", "/api/figures", {"source": "Ministry"}),
    ("series", "/api/series", {}),
    ("quotes", "/api/quotes", {}),
    ("quotes, search", "/api/quotes", {"q": "damage"}),
    ("speakers", "/api/quotes/speakers", {}),
    ("articles", "/api/articles", {}),
    ("articles, country", "/api/articles", {"country": "Ukraine"}),
    ("facets", "/api/facets", {}),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path):
    """Start the app (extraction open) on a free port in a thread; returns (base URL, server)."""
    import uvicorn

    port = _free_port()
    app = create_app(str(db), open_extract=True)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def measure(base: str, repeat: int) -> list[dict]:
    """Time each call ``repeat`` times (after two warm-up calls); returns one row per call."""
    rows = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for name, path, params in CALLS:
            t = time.perf_counter()
            client.get(path, params=params).raise_for_status()
            first = (time.perf_counter() - t) * 1000  # a fresh server: nothing cached yet
            client.get(path, params=params).raise_for_status()
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                r = client.get(path, params=params)
                times.append((time.perf_counter() - t) * 1000)
                r.raise_for_status()
            times.sort()
            body = r.json()
            n = len(body) if isinstance(body, list) else body.get("total", body.get("n_events"))
            rows.append({"call": name, "path": path, "params": params, "matches": n, "bytes": len(r.content),
                         "first_ms": round(first, 1),
                         "p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(times[max(0, int(round(0.95 * len(times))) - 1)], 1),
                         "max_ms": round(times[-1], 1)})
    return rows


def extract_texts(n_chars: int = 32_000) -> dict[str, str]:
    """The texts posted by ``--during-extract``: the synthetic reports' sentences, and two pathological runs."""
    report, size = [], 0
    for article, _ in synthetic_articles(400):
        report.append(article.text)
        size += len(article.text) + 2
        if size > n_chars:
            break
    paragraphs = "\n\n".join(report)[:n_chars]
    sentence = "Shelling hit the market on Tuesday, killing 12 people, the governor said. "
    return {"report in paragraphs": paragraphs, "report on one line": paragraphs.replace("\n\n", " "),
            "32,000 '&'": "&" * n_chars, "one sentence repeated": (sentence * (n_chars // len(sentence) + 1))[:n_chars]}


def during_extract(base: str) -> list[dict]:
    """Time GET /api/events every 50 ms while each of :func:`extract_texts` is extracted; one row per text."""
    rows = []
    with httpx.Client(base_url=base, timeout=600) as client:
        client.post("/api/extract", json={"text": "A first request loads the model."}).raise_for_status()
        for name, text in extract_texts().items():
            done: dict = {}

            def post(text=text, done=done):
                t = time.perf_counter()
                done["status"] = httpx.post(f"{base}/api/extract", json={"text": text}, timeout=600).status_code
                done["s"] = time.perf_counter() - t

            thread = threading.Thread(target=post)
            thread.start()
            times = []
            while thread.is_alive():
                t = time.perf_counter()
                client.get("/api/events").raise_for_status()
                times.append((time.perf_counter() - t) * 1000)
                time.sleep(0.05)
            thread.join()
            times.sort()
            rows.append({"text": name, "chars": len(text), "extract_status": done["status"],
                         "extract_s": round(done["s"], 2), "gets": len(times),
                         "get_p50_ms": round(statistics.median(times), 1) if times else None,
                         "get_max_ms": round(times[-1], 1) if times else None})
    return rows


def map_ready_ms(base: str, runs: int = 3) -> list[float]:
    """Load the map page in chromium ``runs`` times; ms from navigation start to clickable markers."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        for _ in range(runs + 1):  # the first load warms the server
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{base}/?view=map")
            # Polled with evaluate(): the page's CSP forbids the eval() that wait_for_function uses.
            deadline = time.monotonic() + 30
            while (ready := page.evaluate("() => window.sitrepMapReadyAt")) is None:
                if time.monotonic() > deadline:
                    raise TimeoutError("the map page did not become interactive in 30 s")
                time.sleep(0.05)
            out.append(round(ready))
            page.close()
        browser.close()
    return out[1:]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/sitrep-bench.db"), help="store to build or reuse")
    ap.add_argument("--events", type=int, default=10_000, help="synthetic events in the store")
    ap.add_argument("--reuse", action="store_true", help="reuse --db if it exists")
    ap.add_argument("--repeat", type=int, default=40, help="timed calls per endpoint")
    ap.add_argument("--browser", action="store_true", help="also time the map page in /usr/bin/chromium")
    ap.add_argument("--during-extract", action="store_true",
                    help="also time GET /api/events while 32 KB texts are extracted (loads the model)")
    ap.add_argument("--json", type=Path, help="write the results here as JSON")
    ap.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    args = ap.parse_args(argv)

    if not (args.reuse and args.db.exists()):
        build(args.db, args.events)
    base, server = serve(args.db)
    try:
        rows = measure(base, args.repeat)
        ready = map_ready_ms(base) if args.browser else []
        extracting = during_extract(base) if args.during_extract else []
    finally:
        server.should_exit = True
    width = max(len(r["call"]) for r in rows)
    print(f"{'call':<{width}}  {'matches':>7}  {'KB':>6}  {'first ms':>8}  {'p50 ms':>7}  {'p95 ms':>7}  {'max ms':>7}")
    for r in rows:
        print(f"{r['call']:<{width}}  {r['matches'] if r['matches'] is not None else '':>7}  "
              f"{r['bytes'] / 1024:>6.1f}  {r['first_ms']:>8}  {r['p50_ms']:>7}  {r['p95_ms']:>7}  {r['max_ms']:>7}")
    worst = max(rows, key=lambda r: r["p95_ms"])
    print(f"worst p95: {worst['call']} {worst['p95_ms']} ms (budget {P95_BUDGET_MS:.0f} ms)")
    if ready:
        print(f"map page interactive after {ready} ms (budget {MAP_BUDGET_MS:.0f} ms)")
    for r in extracting:
        print(f"GET /api/events during extraction of {r['text']} ({r['chars']:,} chars, {r['extract_status']} in "
              f"{r['extract_s']} s): {r['gets']} GETs, p50 {r['get_p50_ms']} ms, max {r['get_max_ms']} ms "
              f"(budget {DURING_EXTRACT_BUDGET_MS:.0f} ms)")
    if args.json:
        args.json.write_text(json.dumps({"calls": rows, "map_ready_ms": ready, "during_extract": extracting}, indent=2))
    over = (worst["p95_ms"] > P95_BUDGET_MS or any(t > MAP_BUDGET_MS for t in ready)
            or any((r["get_max_ms"] or 0) > DURING_EXTRACT_BUDGET_MS for r in extracting))
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
