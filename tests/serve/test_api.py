"""Tests for the web API (sitrep.serve.api): lists, filters, records with offsets, security, OpenAPI fuzzing."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from webapp_store import EL_FASHER_SENTENCE, SCRIPT_TITLE, build_store, sample_db, sample_pg  # noqa: F401

from sitrep.serve.api import create_app
from sitrep.serve.api.security import token_matches

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(sample_db, open_extract=True)) as c:
        yield c


@pytest.fixture
def writable(tmp_path):
    with TestClient(create_app(build_store(tmp_path / "w.db"), token=TOKEN)) as c:
        yield c


@pytest.mark.parametrize("path, total", [
    ("/api/events", 4),
    ("/api/figures", 9),
    ("/api/quotes", 4),
    ("/api/quotes/speakers", 3),
    ("/api/articles", 5),
    ("/api/series", 1),
])
def test_api_list_returns_page(client, path, total):
    body = client.get(path).json()
    assert body["total"] == total
    assert len(body["items"]) == total
    assert (body["limit"], body["offset"]) == (100, 0)


@pytest.mark.parametrize("path, params, expected", [
    ("/api/events", {"country": "SD"}, ["Battles"]),
    ("/api/events", {"country": "ukraine"}, ["Explosions/Remote violence"]),
    ("/api/events", {"place": "rafah"}, ["Explosions/Remote violence"]),
    ("/api/events", {"event_type": "Battles"}, ["Battles"]),
    ("/api/events", {"event_type": "air/drone"}, ["Explosions/Remote violence"]),
    ("/api/events", {"actor": "Rapid Support"}, ["Battles"]),
    ("/api/events", {"source": "medical group"}, ["Battles"]),
    ("/api/events", {"source": "Example Daily"}, ["Battles"]),
    ("/api/events", {"q": "residential district"}, ["Explosions/Remote violence"]),
    # q is the store's full-text search, by word beginnings: 'kill' finds 'killing', 'ill' nothing.
    ("/api/events", {"q": "kill"}, ["Explosions/Remote violence", "Battles", "Explosions/Remote violence"]),
    ("/api/events", {"q": "KILLING three"}, ["Explosions/Remote violence"]),
    ("/api/events", {"q": "ill"}, []),
    ("/api/events", {"q": "!!"}, []),
    ("/api/events", {"date_from": "2024-02-12", "date_to": "2024-02-12"}, ["Battles"]),
    ("/api/events", {"date_from": "2025-01-01"}, []),
])
def test_api_events_filters(client, path, params, expected):
    body = client.get(path, params=params).json()
    assert [e["event_type"] for e in body["items"]] == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize("path, params, key, expected", [
    ("/api/figures", {"q": "death toll"}, "value", [28176]),
    ("/api/figures", {"q": "killed people"}, "value", [27940, 28473]),
    ("/api/figures", {"source": "Syniehubov", "date_to": "2024-02-13"}, "value", [12, 3]),
    ("/api/figures", {"event_type": "Battles"}, "value", [14]),
    ("/api/quotes", {"actor": "governor"}, "speaker", ["Oleh Syniehubov"]),
    ("/api/quotes", {"q": "hospital"}, "speaker", ["Amna Idris"]),
    ("/api/quotes", {"speaker": "Ahmed Salem"}, "speaker", ["Ahmed Salem"]),
    ("/api/quotes", {"country": "Ukraine"}, "speaker", ["Oleh Syniehubov"]),
    ("/api/articles", {"source": "daily"}, "doc_id", ["gaza-toll", "el-fasher-clash"]),
    ("/api/articles", {"event_type": "Protests"}, "doc_id", ["goma-protest"]),
    ("/api/articles", {"q": "tear gas"}, "doc_id", ["goma-protest"]),
])
def test_api_filters_apply_to_every_resource(client, path, params, key, expected):
    items = client.get(path, params=params).json()["items"]
    assert [i[key] for i in items] == expected


@pytest.mark.parametrize("contract, schemas", [
    ("Place", ["PlacePublic"]),
    ("Figure", ["FigurePublic", "FigureInText"]),
    ("Quote", ["QuotePublic", "QuoteInText"]),
    ("Event", ["EventReportPublic", "EventInText"]),
    ("Entity", ["EntityInText"]),
    ("Extraction", ["ArticlePublic"]),
])
def test_api_schemas_carry_every_contract_field(contract, schemas):
    """A field added to a contract record reaches the API's schemas (and so its responses and OpenAPI)."""
    import dataclasses

    import sitrep.types as types
    from sitrep.serve.api import schemas as api

    renamed = {"Extraction": {"id": "doc_id"}}.get(contract, {})
    # the candidate events an extraction dropped explain it (`sitrep extract --explain`); the store
    # keeps what was found, not what was left out
    unstored = {"schema", "dropped_events"}
    wanted = {renamed.get(f.name, f.name) for f in dataclasses.fields(getattr(types, contract))} - unstored
    for name in schemas:
        assert wanted - set(getattr(api, name).model_fields) == set(), name


@pytest.mark.parametrize("path, key", [("/api/figures", "figures"), ("/api/quotes", "quotes")])
def test_api_lists_and_article_give_the_same_records(client, path, key):
    """One row mapper: a record listed and the same record in its article agree field for field."""
    for item in client.get(path).json()["items"]:
        article = client.get(f"/api/articles/{item['article_id']}").json()
        (same,) = [r for r in article[key] if r["id"] == item["id"]]
        assert {k: v for k, v in item.items() if k in same} == same


@pytest.mark.parametrize("params, n_items, total", [
    ({"limit": 2}, 2, 5),
    ({"limit": 2, "offset": 4}, 1, 5),
    ({"offset": 10}, 0, 5),
])
def test_api_pagination(client, params, n_items, total):
    body = client.get("/api/articles", params=params).json()
    assert (len(body["items"]), body["total"]) == (n_items, total)


@pytest.mark.parametrize("path, params", [
    ("/api/events", {"limit": 0}),
    ("/api/events", {"limit": 5000}),
    ("/api/events", {"date_from": "12/02/2024"}),
    ("/api/articles/0", {}),
    ("/api/events/abc", {}),
])
def test_api_bad_parameters_are_422(client, path, params):
    assert client.get(path, params=params).status_code == 422


@pytest.mark.parametrize("path", ["/api/events/999999", "/api/articles/999999"])
def test_api_missing_record_is_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("sentence", [EL_FASHER_SENTENCE])
def test_api_event_detail_links_each_sentence_to_its_article(client, sentence):
    events = client.get("/api/events", params={"country": "Sudan"}).json()["items"]
    detail = client.get(f"/api/events/{events[0]['id']}").json()
    assert detail["place"]["name"] == "El Fasher" and detail["fatalities"] == 14
    (report,) = detail["reports"]
    assert report["text"] == sentence
    article = client.get(f"/api/articles/{report['article_id']}").json()
    assert article["text"][report["start"]:report["end"]] == sentence


@pytest.mark.parametrize("doc_id", ["rafah-strike", "kharkiv-shelling", "goma-protest"])
def test_api_article_offsets_point_into_its_text(client, doc_id):
    (summary,) = [a for a in client.get("/api/articles").json()["items"] if a["doc_id"] == doc_id]
    article = client.get(f"/api/articles/{summary['id']}").json()
    for quote in article["quotes"]:
        assert article["text"][quote["start"]:quote["end"]] == quote["text"]
    for item in article["figures"] + article["events"]:
        assert 0 <= item["start"] < item["end"] <= len(article["text"])
    assert len(article["figures"]) == summary["n_figures"]


@pytest.mark.parametrize("flag, values", [("falling_total", [28473, 27940])])
def test_api_series_marks_contradictions(client, flag, values):
    (series,) = client.get("/api/series").json()["items"]
    assert series["reported_by"] == "Gaza Ministry of Health"
    assert [p["value"] for p in series["points"]] == [28176, 28473, 27940]
    assert flag in {f["kind"] for f in series["flags"]}
    assert [p["value"] for p in series["points"] if flag in p["flags"]] == values
    assert all(p["article_ids"] for p in series["points"])


@pytest.mark.parametrize("params, ids", [({}, 4), ({"event_type": "Protests"}, 1), ({"max_points": 2}, 2)])
def test_api_event_points_are_parallel_arrays(client, params, ids):
    body = client.get("/api/events/points", params=params).json()
    assert len(body["id"]) == len(body["lat"]) == len(body["lon"]) == len(body["type"]) == ids
    assert {body["event_types"][t] for t in body["type"]} <= {"Battles", "Explosions/Remote violence", "Protests"}
    assert body["truncated"] == (params.get("max_points", 99) < 4)


@pytest.mark.parametrize("path", ["/api/events/timeline"])
def test_api_timeline_counts_by_day_and_type(client, path):
    days = client.get(path).json()
    counts = {(d, t): n for d, t, n in zip(days["date"], days["event_type"], days["n"])}
    assert counts[("2024-02-12", "Battles")] == 1
    assert sum(days["n"]) == 4
    assert days["date"] == sorted(days["date"])


@pytest.mark.parametrize("path", ["/api/facets"])
def test_api_facets_list_filter_choices(client, path):
    facets = client.get(path).json()
    assert "Sudan" in facets["countries"] and "Battles" in facets["event_types"]
    assert "Gaza Ministry of Health" in facets["sources"]
    assert (facets["date_min"], facets["date_max"]) == ("2024-02-10", "2024-02-13")


@pytest.mark.parametrize("title", [SCRIPT_TITLE])
def test_api_returns_untrusted_text_as_data(client, title):
    (article,) = [a for a in client.get("/api/articles").json()["items"] if a["doc_id"] == "goma-protest"]
    assert article["title"] == title
    assert client.get("/api/articles").headers["content-type"] == "application/json"


@pytest.mark.parametrize("path", ["/", "/docs", "/api/events", "/static/js/app.js", "/openapi.json"])
def test_api_security_headers_forbid_inline_scripts(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/docs"])
def test_api_pages_load_no_remote_or_inline_script(client, path):
    html = client.get(path).text
    assert "<script>" not in html
    assert "http://" not in html and "https://" not in html
    for src in [part.split('"')[1] for part in html.split("src=")[1:]]:
        assert src.startswith("/static/")
        assert client.get(src).status_code == 200


@pytest.mark.parametrize("body", [
    {"content": b"{" + b" " * 3000 + b"}", "headers": {"content-type": "application/json"}},
    {"content": (b"x" * 1000 for _ in range(3)), "headers": {"content-type": "application/json"}},
])
def test_api_refuses_large_bodies_with_413(sample_db, body):
    with TestClient(create_app(sample_db, max_body_bytes=2048)) as c:
        response = c.post("/api/extract", **body)
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


@pytest.mark.parametrize("headers, status", [
    ({}, 401),
    ({"Authorization": "Bearer wrong"}, 401),
    ({"Authorization": f"Basic {TOKEN}"}, 401),
])
def test_api_post_article_needs_the_token(writable, headers, status):
    response = writable.post("/api/articles", json={"text": "Three people were killed."}, headers=headers)
    assert response.status_code == status


@pytest.mark.parametrize("path", ["/api/articles"])
def test_api_read_only_without_token(client, path):
    response = client.post(path, json={"text": "Three people were killed."},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403
    assert client.get("/api/info").json()["writable"] is False


@pytest.mark.parametrize("expected, header, ok", [
    ("abc", "Bearer abc", True), ("abc", "bearer abc", True), ("abc", "Bearer abcd", False),
    ("abc", None, False), (None, "Bearer abc", False), ("abc", "abc", False),
])
def test_api_token_matches(expected, header, ok):
    assert token_matches(expected, header) is ok


@pytest.mark.parametrize("path", ["/api/events", "/api/facets"])
def test_api_without_database_is_503(path):
    with TestClient(create_app(None)) as c:
        assert c.get(path).status_code == 503


@pytest.mark.parametrize("body", [{}, {"text": "a", "html": "<p>a</p>"}, {"text": "a", "extra": 1}])
def test_api_extract_validates_body(client, body):
    assert client.post("/api/extract", json=body).status_code == 422


@pytest.mark.model
@pytest.mark.parametrize("body, value", [
    ({"text": "An air strike on a house in Rafah on Sunday killed at least 27 people, the Gaza Ministry "
               "of Health said.", "published": "2024-02-12"}, 27),
    ({"html": "<html><head><title>Strike</title></head><body><article><p>An air strike on a house in "
              "Rafah on Sunday killed at least 27 people, the Gaza Ministry of Health said.</p></article>"
              "</body></html>", "published": "2024-02-12"}, 27),
])
def test_api_extract_returns_records_without_storing(client, body, value):
    before = client.get("/api/articles").json()["total"]
    out = client.post("/api/extract", json=body).json()
    assert out["id"] is None
    assert value in [f["value"] for f in out["figures"]]
    for fig in out["figures"]:
        assert fig["start"] < fig["end"] <= len(out["text"])
    assert client.get("/api/articles").json()["total"] == before


@pytest.mark.model
@pytest.mark.parametrize("text", ["Gunmen killed 12 villagers in an attack on a village near Goma on Friday, "
                                  "local officials said."])
def test_api_post_article_with_token_stores_it(writable, text):
    response = writable.post("/api/articles", json={"text": text, "published": "2024-02-17", "title": "Goma attack"},
                             headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 201
    stored = response.json()
    assert stored["id"] and stored["text"] == text
    assert writable.get(f"/api/articles/{stored['id']}").json()["title"] == "Goma attack"


# Schemathesis: every operation, GET and POST, with generated parameters and bodies, valid
# (positive) and invalid (negative), answers without a server error. POSTs carry the token and
# run on a store of their own (they store what they are sent); they run the model. Bounded: 10
# examples an operation and mode.


def _operations() -> list:
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(None))
    cases = []
    for op in (r.ok() for r in schema.get_all_operations()):
        has_input = any(list(part) for part in (op.query, op.path_parameters, op.body))
        for mode in GenerationMode if has_input else [GenerationMode.POSITIVE]:  # nothing to make invalid
            marks = [pytest.mark.model] if op.method.upper() == "POST" else []
            cases.append(pytest.param(op.path, op.method, mode, marks=marks, id=f"{op.method}-{op.path}-{mode.value}"))
    return cases


@pytest.fixture(scope="module")
def fuzz_schema(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db, token=TOKEN))


@pytest.mark.parametrize("path, method, mode", _operations())
def test_api_openapi_fuzz_finds_no_server_error(fuzz_schema, path, method, mode, request):
    operation = fuzz_schema[path][method]
    if method.upper() == "POST":
        request.getfixturevalue("nlp")  # the model, loaded once for the session

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])

    check()


@pytest.mark.parametrize("value, as_of", [(28600, "2024-02-16")])
def test_api_series_cache_follows_the_store(tmp_path, value, as_of):
    from sitrep.store import connect, save_article
    from sitrep.types import Article, Extraction, Figure

    db = build_store(tmp_path / "s.db")
    with TestClient(create_app(db)) as c:
        assert len(c.get("/api/series").json()["items"][0]["points"]) == 3
        text = f"The ministry said {value:,} people had been killed since October 7."
        start = text.index(f"{value:,}")
        fig = Figure(value=value, category="killed", start=start, end=start + len(f"{value:,}"), text=text,
                     scope="cumulative", period_start="2023-10-07", as_of=as_of,
                     reported_by="Gaza Ministry of Health", attribution="source")
        engine = connect(db)
        with engine.begin() as conn:
            save_article(conn, Article(id="later", text=text, published=as_of), Extraction(id="later", figures=[fig]))
        engine.dispose()
        points = [p for s in c.get("/api/series").json()["items"] for p in s["points"]]
        assert value in [p["value"] for p in points]


@pytest.mark.parametrize("args, host, writable, extract", [
    ([], "127.0.0.1", False, "closed"),
    (["--host", "0.0.0.0", "--token", TOKEN, "--port", "8123"], "0.0.0.0", True, "token"),
    (["--open-extract"], "127.0.0.1", False, "open"),
])
def test_api_serve_command_binds_localhost_unless_told(sample_db, monkeypatch, args, host, writable, extract):
    import uvicorn
    from typer.testing import CliRunner

    from sitrep.serve.cli import app

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: seen.update(kw, app=application))
    result = CliRunner().invoke(app, ["serve", "--db", sample_db, *args])
    assert result.exit_code == 0, result.output
    assert seen["host"] == host
    with TestClient(seen["app"], base_url=f"http://{host}:8000") as c:
        info = c.get("/api/info").json()
    assert (info["writable"], info["extract"]) == (writable, extract)


@pytest.mark.parametrize("host, status", [("127.0.0.1:8000", 200), ("localhost:8000", 200),
                                          ("attacker.example:8000", 400)])
def test_api_loopback_server_refuses_other_host_names(sample_db, host, status):
    with TestClient(create_app(sample_db, allowed_hosts=["127.0.0.1", "localhost"])) as c:
        assert c.get("/api/events", headers={"Host": host}).status_code == status


@pytest.mark.parametrize("db", ["no/such/folder/missing.db"])
def test_api_serve_command_refuses_a_missing_database(db):
    from typer.testing import CliRunner

    from sitrep.serve.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", db])
    assert result.exit_code == 2  # cannot run as given (serve/_common.EXIT_USAGE)
    assert "no database" in result.output


@pytest.mark.parametrize("path, params", [
    ("/api/events", {}), ("/api/events", {"country": "sudan", "actor": "rapid"}),
    ("/api/events", {"q": "Kharkiv", "limit": 1}), ("/api/events/points", {}), ("/api/events/timeline", {}),
    ("/api/figures", {"source": "ministry"}), ("/api/series", {}), ("/api/quotes", {"country": "Ukraine"}),
    ("/api/quotes/speakers", {}), ("/api/articles", {"event_type": "Protests"}), ("/api/facets", {}),
])
def test_api_postgresql_answers_as_sqlite(client, sample_pg, path, params):
    with TestClient(create_app(sample_pg)) as pg:
        on_pg, on_sqlite = pg.get(path, params=params), client.get(path, params=params)
    assert on_pg.status_code == on_sqlite.status_code == 200
    assert _without_ids(on_pg.json()) == _without_ids(on_sqlite.json())


def _without_ids(value):
    """Rows compared across databases: store ids differ (sequences), everything else must not."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if not k.endswith("id") and not k.endswith("_ids")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value
