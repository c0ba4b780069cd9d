"""Tests for the web API's limits (issue 13): who may extract, the extraction pool (429, 504), GETs
that answer while an extraction runs, bad bodies that get a 4xx and never a 500, and stored values
of any length served as they are."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient
from webapp_store import fresh_db, report_text, sample_db, serving  # noqa: F401 (fixtures)

from sitrep.serve.api import convert, create_app
from sitrep.serve.api.schemas import ArticlePublic
from sitrep.serve.api.workers import ExtractLimits
from sitrep.store import connect, save_article
from sitrep.types import Article, Event, Extraction

TOKEN = "s3cret-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}


def _stub_extract(body) -> ArticlePublic:
    """What /api/extract returns, without the model: the text and no records."""
    return ArticlePublic(doc_id=body.id, text=body.text or "", figures=[], quotes=[], events=[])


class Gate:
    """A stand-in extraction that waits until the test opens the gate."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def extract(self, body) -> ArticlePublic:
        self.started.set()
        self.release.wait(30)
        return _stub_extract(body)


def _wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.01)


@pytest.mark.parametrize("settings, headers, status", [
    ({}, {}, 403),
    ({}, BEARER, 403),
    ({"token": TOKEN}, {}, 401),
    ({"token": TOKEN}, {"Authorization": "Bearer wrong"}, 401),
    ({"token": TOKEN}, BEARER, 200),
    ({"open_extract": True}, {}, 200),
    ({"open_extract": True, "token": TOKEN}, {}, 200),
])
def test_issue_13_extract_needs_the_token_unless_open(sample_db, monkeypatch, settings, headers, status):
    monkeypatch.setattr(convert, "extract_article", _stub_extract)
    with TestClient(create_app(sample_db, **settings)) as c:
        response = c.post("/api/extract", json={"text": "Three people were killed."}, headers=headers)
    assert response.status_code == status
    if status == 403:
        assert "--open-extract" in response.json()["detail"]


@pytest.mark.parametrize("settings, extract, writable", [
    ({}, "closed", False), ({"token": TOKEN}, "token", True), ({"open_extract": True}, "open", False),
])
def test_issue_13_info_says_who_may_extract_and_the_limits(sample_db, settings, extract, writable):
    limits = ExtractLimits(workers=3, queue=5, timeout_s=20)
    with TestClient(create_app(sample_db, extract_limits=limits, **settings)) as c:
        info = c.get("/api/info").json()
    assert (info["extract"], info["writable"]) == (extract, writable)
    assert (info["extract_workers"], info["extract_queue"], info["extract_timeout_s"]) == (3, 5, 20)
    assert info["max_text_chars"] == 100_000


@pytest.mark.parametrize("workers, queue, retry_after", [(1, 1, 7)])
def test_issue_13_a_full_pool_answers_429_with_retry_after(sample_db, monkeypatch, workers, queue, retry_after):
    gate = Gate()
    monkeypatch.setattr(convert, "extract_article", gate.extract)
    limits = ExtractLimits(workers=workers, queue=queue, timeout_s=30, retry_after_s=retry_after)
    app = create_app(sample_db, open_extract=True, extract_limits=limits)
    pool = app.state.extractions
    with serving(app) as base, ThreadPoolExecutor(workers + queue) as clients:
        held = [clients.submit(httpx.post, f"{base}/api/extract", json={"text": f"report {i}"}, timeout=30)
                for i in range(workers + queue)]
        _wait_for(lambda: pool.held == workers + queue)
        refused = httpx.post(f"{base}/api/extract", json={"text": "one more"}, timeout=30)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == str(retry_after)
        assert "retry in" in refused.json()["detail"]
        gate.release.set()
        assert [f.result().status_code for f in held] == [200] * (workers + queue)
        _wait_for(lambda: pool.held == 0)
        assert httpx.post(f"{base}/api/extract", json={"text": "room again"}, timeout=30).status_code == 200


@pytest.mark.parametrize("timeout_s", [0.3])
def test_issue_13_a_request_past_its_time_gets_504_and_the_server_goes_on(sample_db, monkeypatch, timeout_s):
    gate = Gate()
    monkeypatch.setattr(convert, "extract_article", gate.extract)
    app = create_app(sample_db, open_extract=True,
                     extract_limits=ExtractLimits(workers=1, queue=0, timeout_s=timeout_s))
    pool = app.state.extractions
    with serving(app) as base:
        late = httpx.post(f"{base}/api/extract", json={"text": "a slow one"}, timeout=30)
        assert late.status_code == 504
        assert f"limit of {timeout_s:g} s" in late.json()["detail"]
        # The slow extraction still runs and still holds the only worker; everything else answers.
        assert httpx.get(f"{base}/api/events", timeout=5).status_code == 200
        assert httpx.post(f"{base}/api/extract", json={"text": "x"}, timeout=30).status_code == 429
        gate.release.set()
        _wait_for(lambda: pool.held == 0)
        assert httpx.post(f"{base}/api/extract", json={"text": "x"}, timeout=30).status_code == 200


@pytest.mark.model
@pytest.mark.parametrize("n_chars, budget_s", [(32_000, 1.0)])
def test_issue_13_get_answers_in_time_while_an_extraction_runs(sample_db, nlp, n_chars, budget_s):
    """A 32 KB extraction took the whole server for ~80 s (a GET /api/events waited 75 s)."""
    app = create_app(sample_db, open_extract=True)
    with serving(app) as base, ThreadPoolExecutor(1) as client:
        running = client.submit(httpx.post, f"{base}/api/extract", timeout=120,
                                json={"text": report_text(n_chars), "published": "2024-03-04"})
        _wait_for(lambda: app.state.extractions.held == 1)
        times = []
        while not running.done():
            started = time.perf_counter()
            assert httpx.get(f"{base}/api/events", timeout=30).status_code == 200
            times.append(time.perf_counter() - started)
            time.sleep(0.05)
        response = running.result()
    assert response.status_code == 200 and response.json()["figures"]
    assert len(times) >= 3, "the extraction ended before the GETs could be timed"
    assert max(times) < budget_s, f"GET /api/events took up to {max(times):.2f} s during the extraction"


@pytest.mark.model
@pytest.mark.parametrize("body", [
    '{"text": "10^20 killed"}',
    '{"text": "Police said 10^20 people were killed on Monday."}',
    '{"text": "99999999999999999999 people were killed in the attack."}',
    '{"text": "' + "9" * 400 + ' people were killed."}',
    '{"text": "Ten people were killed \\ud800 in the town on Friday."}',
    '{"text": "\\udfff"}',
    '{"text": "Five \\u0000 people \\u0001 were killed."}',
    '{"html": "<meta charset=\\"undefined\\"><p>Four people were killed in a raid.</p>"}',
    '{"html": "<script>x</script>\\u0001<p>Two people were killed.</p>"}',
    '{"text": "a", "title": "\\ud800"}',
    '{"\\ud800": "x", "text": "a"}',
    '{"text": ' + "[" * 5000 + "]" * 5000 + '}',
])
def test_issue_13_extract_answers_hostile_bodies_without_a_server_error(sample_db, nlp, body):
    with TestClient(create_app(sample_db, open_extract=True)) as c:
        response = c.post("/api/extract", content=body.encode("utf-8", "surrogatepass"),
                          headers={"content-type": "application/json"})
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.text
    json.loads(response.content.decode("utf-8"))  # strict UTF-8, valid JSON


@pytest.mark.parametrize("fatalities", [10**20])
def test_issue_13_storing_a_count_that_does_not_fit_is_422(tmp_path, monkeypatch, fatalities):
    from webapp_store import build_store

    def huge(article: Article) -> Extraction:
        sentence = article.text
        return Extraction(id=article.id, events=[Event("Battles", "Armed clash", 0, len(sentence), sentence,
                                                       fatalities=fatalities)])

    monkeypatch.setattr(convert, "_extract", huge)
    with TestClient(create_app(build_store(tmp_path / "w.db"), token=TOKEN)) as c:
        before = c.get("/api/articles").json()["total"]
        response = c.post("/api/articles", json={"text": "Fighting near the town killed everyone."}, headers=BEARER)
        assert response.status_code == 422
        assert "events[0].fatalities" in response.json()["detail"]
        assert c.get("/api/articles").json()["total"] == before


@pytest.mark.parametrize("field, length", [("title", 2_500), ("source", 600), ("author", 1_000), ("url", 5_000)])
def test_issue_13_articles_with_long_metadata_are_served(fresh_db, field, length):
    """A stored title over 2,000 characters or a source over 500 broke /api/articles with a 500."""
    value = "https://wire.example/" + "w" * length if field == "url" else "W" * length
    text = "Four people were killed when a shell hit a bus station on Sunday, officials said."
    engine = connect(fresh_db)
    with engine.begin() as conn:
        save_article(conn, Article(id="long", text=text, published="2024-03-03", **{field: value}),
                     Extraction(id="long"))
    engine.dispose()
    with TestClient(create_app(fresh_db)) as c:
        listed = c.get("/api/articles", params={"limit": 1000})
        assert listed.status_code == 200
        (item,) = [a for a in listed.json()["items"] if a["doc_id"] == "long"]
        assert item[field] == value
        detail = c.get(f"/api/articles/{item['id']}")
        assert detail.status_code == 200 and detail.json()[field] == value


@pytest.mark.parametrize("host", ["attacker.example:8000", "[::2]:8000"])
def test_issue_13_a_refused_host_gets_a_json_400(sample_db, host):
    with TestClient(create_app(sample_db, allowed_hosts=["127.0.0.1", "localhost", "[::1]"])) as c:
        response = c.get("/api/events", headers={"Host": host})
        assert response.status_code == 400 and "host" in response.json()["detail"]
        assert c.get("/api/events", headers={"Host": "[::1]:8000"}).status_code == 200
