"""Test helper for the web app: a small store built from hand-written sample articles.

The records are hand-built contract records (not model output), so the tests see exactly the
figures, quotes and events written here, at offsets found in each article's text.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sitrep.store import connect, save_article
from sitrep.types import Article, Event, Extraction, Figure, Place, Quote

RAFAH = Place(name="Rafah", country="Palestine", country_code="PS", admin1="Gaza Strip", lat=31.2969,
              lon=34.2455, geonameid=281102, geo_precision=1)
KHARKIV = Place(name="Kharkiv", country="Ukraine", country_code="UA", admin1="Kharkivska", lat=49.9808,
                lon=36.2527, geonameid=706483, geo_precision=1)
EL_FASHER = Place(name="El Fasher", country="Sudan", country_code="SD", admin1="North Darfur", lat=13.6279,
                  lon=25.3494, geonameid=372753, geo_precision=1)
GOMA = Place(name="Goma", country="Democratic Republic of the Congo", country_code="CD", admin1="North Kivu",
             lat=-1.6792, lon=29.2228, geonameid=216281, geo_precision=1)
GAZA = Place(name="Gaza Strip", country="Palestine", country_code="PS", lat=31.4, lon=34.38, geo_precision=3)

#: The sentence the browser test reads back from the map (the only event in Sudan).
EL_FASHER_SENTENCE = ("Fighters of the Rapid Support Forces clashed with the Sudanese army on the "
                      "northern edge of El Fasher on Monday, killing 14 people, a medical group said.")
SCRIPT_TITLE = 'Night raid <script>window.__xss = "title"</script> <img src=x onerror="window.__xss=1">'

ARTICLES = [
    {
        "id": "rafah-strike", "title": "Strike on Rafah house kills at least 27",
        "published": "2024-02-12", "source": "Example Wire", "url": "https://news.example.org/rafah-strike",
        "text": (
            "An air strike hit a house in Rafah on Sunday night, killing at least 27 people, "
            "including 11 children, the Gaza Ministry of Health said.\n\n"
            "\"We pulled them out with our hands,\" said Ahmed Salem, a civil defence worker.\n\n"
            "The ministry said the death toll in the Gaza Strip since October 7 had reached 28,176."
        ),
        "figures": [
            dict(anchor="at least 27 people", value=27, category="killed", qualifier="at_least", unit="people",
                 scope="incident", reported_by="Gaza Ministry of Health", attribution="source", place=RAFAH),
            dict(anchor="11 children", value=11, category="killed", unit="children", who="children",
                 scope="incident", reported_by="Gaza Ministry of Health", attribution="source"),
            dict(anchor="28,176", value=28176, category="killed", scope="cumulative", period_start="2023-10-07",
                 as_of="2024-02-12", reported_by="Gaza Ministry of Health", attribution="source", place=GAZA),
        ],
        "quotes": [dict(anchor="We pulled them out with our hands", speaker="Ahmed Salem",
                        speaker_title="civil defence worker", speaker_type="person", cue="said")],
        "events": [dict(sentence="An air strike hit a house in Rafah on Sunday night",
                        event_type="Explosions/Remote violence", sub_event_type="Air/drone strike",
                        date="2024-02-11", time_precision=1,
                        actor1="Military Forces of Israel", actor2="Civilians (Palestine)", place=RAFAH,
                        fatalities=27, reported_by="Gaza Ministry of Health")],
    },
    {
        "id": "gaza-toll", "title": "Gaza death toll update", "published": "2024-02-14", "source": "Example Daily",
        "url": "https://daily.example.com/gaza-toll",
        "text": (
            "The Gaza Ministry of Health said on Wednesday that 28,473 people had been killed in the Gaza "
            "Strip since October 7. A day later a ministry bulletin put the toll at 27,940, a figure "
            "officials did not explain."
        ),
        "figures": [
            dict(anchor="28,473 people", value=28473, category="killed", unit="people", scope="cumulative",
                 period_start="2023-10-07", as_of="2024-02-14", reported_by="Gaza Ministry of Health",
                 attribution="source", place=GAZA),
            dict(anchor="27,940", value=27940, category="killed", scope="cumulative", period_start="2023-10-07",
                 as_of="2024-02-15", reported_by="Gaza Ministry of Health", attribution="source", place=GAZA),
        ],
        "quotes": [], "events": [],
    },
    {
        "id": "kharkiv-shelling", "title": "Shelling in Kharkiv", "published": "2024-02-13",
        "source": "Example Wire", "url": "https://news.example.org/kharkiv",
        "text": (
            "Russian forces shelled a residential district of Kharkiv on Tuesday, killing three people and "
            "wounding 12, regional governor Oleh Syniehubov said.\n\n"
            "\"The city was hit by artillery for two hours,\" Syniehubov said."
        ),
        "figures": [
            dict(anchor="three people", value=3, category="killed", unit="people", scope="incident",
                 reported_by="Oleh Syniehubov", attribution="source", place=KHARKIV),
            dict(anchor="12", value=12, category="injured", scope="incident", reported_by="Oleh Syniehubov",
                 attribution="source", place=KHARKIV),
        ],
        "quotes": [dict(anchor="The city was hit by artillery for two hours", speaker="Oleh Syniehubov",
                        speaker_title="regional governor", speaker_type="person", cue="said")],
        "events": [dict(sentence="Russian forces shelled a residential district of Kharkiv on Tuesday",
                        event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
                        date="2024-02-13", time_precision=1, actor1="Military Forces of Russia",
                        actor2="Civilians (Ukraine)", place=KHARKIV, fatalities=3, injured=12,
                        reported_by="Oleh Syniehubov")],
    },
    {
        "id": "el-fasher-clash", "title": "Clashes on the edge of El Fasher", "published": "2024-02-13",
        "source": "Example Daily", "url": "https://daily.example.com/el-fasher",
        "text": (EL_FASHER_SENTENCE + "\n\n"
                 "\"The hospital received the wounded all night,\" said Dr Amna Idris of the group."),
        "figures": [dict(anchor="14 people", value=14, category="killed", unit="people", scope="incident",
                         reported_by="a medical group", attribution="source", place=EL_FASHER)],
        "quotes": [dict(anchor="The hospital received the wounded all night", speaker="Amna Idris",
                        speaker_title="Dr", speaker_type="person", cue="said")],
        "events": [dict(sentence=EL_FASHER_SENTENCE, event_type="Battles", sub_event_type="Armed clash",
                        date="2024-02-12", time_precision=1, actor1="Rapid Support Forces",
                        actor2="Military Forces of Sudan", place=EL_FASHER, fatalities=14,
                        reported_by="a medical group")],
    },
    {
        "id": "goma-protest", "title": SCRIPT_TITLE, "published": "2024-02-10",
        "source": "Example <b>Wire</b>", "url": "javascript:alert(1)",
        "text": (
            "Hundreds of people protested in Goma on Saturday against the fighting near the city. "
            "<script>window.__xss = \"text\"</script> Police fired tear gas and detained 20 protesters, "
            "organisers said.\n\n\"<img src=x onerror=alert(1)> We only asked for peace,\" said one marcher."
        ),
        "figures": [dict(anchor="20 protesters", value=20, category="detained", unit="protesters", scope="incident",
                         reported_by="organisers", attribution="source", place=GOMA)],
        "quotes": [dict(anchor="<img src=x onerror=alert(1)> We only asked for peace", speaker=None,
                        speaker_type="unknown", cue="said")],
        "events": [dict(sentence="Hundreds of people protested in Goma on Saturday", event_type="Protests",
                        sub_event_type="Protest with intervention", date="2024-02-10", time_precision=1,
                        actor1="Protesters (Democratic Republic of Congo)", place=GOMA, reported_by="organisers")],
    },
]


def _span(text: str, anchor: str) -> tuple[int, int]:
    start = text.index(anchor)
    return start, start + len(anchor)


def _sentence(text: str, start: int) -> str:
    end = text.find(".", start)
    return text[start:end + 1 if end >= 0 else len(text)]


def sample_extractions() -> list[tuple[Article, Extraction]]:
    """The sample articles with their hand-built records (offsets found in each text)."""
    out = []
    for a in ARTICLES:
        text = a["text"]
        figures = []
        for f in a["figures"]:
            spec = dict(f)
            start, end = _span(text, spec.pop("anchor"))
            figures.append(Figure(start=start, end=end, text=_sentence(text, text.rfind("\n", 0, start) + 1), **spec))
        quotes = []
        for q in a["quotes"]:
            spec = dict(q)
            start, end = _span(text, spec.pop("anchor"))
            quotes.append(Quote(text=text[start:end], start=start, end=end, **spec))
        events = []
        for e in a["events"]:
            spec = dict(e)
            sentence = spec.pop("sentence")
            start, _ = _span(text, sentence)
            full = _sentence(text, start)
            events.append(Event(start=start, end=start + len(full), text=full, **spec))
        meta = {k: a.get(k) for k in ("title", "published", "url", "source")}
        article = Article(id=a["id"], text=text, **meta)
        out.append((article, Extraction(id=a["id"], figures=figures, quotes=quotes, events=events, **meta)))
    return out


def build_store(path: Path | str) -> str:
    """Create a store holding the sample articles: a SQLite file at ``path``, or at a database URL."""
    engine = connect(str(path))
    with engine.begin() as conn:
        for article, extraction in sample_extractions():
            save_article(conn, article, extraction)
    engine.dispose()
    return str(path)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> str:
    """A SQLite store of the sample articles, built once per test session."""
    return build_store(tmp_path_factory.mktemp("webapp") / "sample.db")


@contextmanager
def pg_schema(prefix: str = "t_web") -> Iterator[str]:
    """A database URL on the test PostgreSQL server, in a new schema dropped afterwards.

    Skips the test when SITREP_TEST_PG_URL is unset.
    """
    import os
    import uuid

    from sqlalchemy import create_engine, text

    from sitrep.store import database_url

    url = os.environ.get("SITREP_TEST_PG_URL")
    if not url:
        pytest.skip("SITREP_TEST_PG_URL is not set (run .ci/postgres.sh)")
    admin = create_engine(database_url(url))
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    base = database_url(url)
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session")
def sample_pg():
    """The sample store on PostgreSQL, in a schema of its own (skips when SITREP_TEST_PG_URL is unset)."""
    with pg_schema() as url:
        yield build_store(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_db(request, tmp_path):
    """A new sample store for one test, on SQLite and on PostgreSQL: a test may add to it."""
    if request.param == "sqlite":
        yield build_store(tmp_path / "fresh.db")
        return
    with pg_schema() as url:
        yield build_store(url)


@contextmanager
def serving(app) -> Iterator[str]:
    """``app`` served by uvicorn on a free port in a thread, as ``sitrep serve`` runs it; yields its base URL."""
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


_REPORT_SENTENCES = [
    "Shelling hit the market in Northtown on {day}, killing {n} people and wounding {m}, the regional governor said.",
    "\"We heard the blasts before dawn and ran to the cellar,\" said Lena Markov, a teacher who lives near the square.",
    "Aid groups said {m} families had fled the villages along the river since the fighting began in the spring.",
    "The army said its soldiers had repelled an attack on a checkpoint outside Eastville, where {n} fighters died.",
    "Protesters gathered outside the provincial council on {day} to demand that the road to the port be reopened.",
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def report_text(n_chars: int) -> str:
    """A made-up news report of about ``n_chars`` characters, in paragraphs of varied sentences."""
    parts: list[str] = []
    size, i = 0, 0
    while size < n_chars:
        sentence = _REPORT_SENTENCES[i % len(_REPORT_SENTENCES)].format(
            day=_DAYS[i % 7], n=i % 40 + 2, m=(i * 7) % 90 + 5)
        parts.append(sentence)
        size += len(sentence) + 2
        i += 1
    return "\n\n".join(parts)[:n_chars]
