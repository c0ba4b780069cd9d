"""Browser tests for the web page (sitrep serve): Playwright drives Debian's chromium headless.

Skipped when /usr/bin/chromium is absent (CI installs it with `apt-get install -y chromium`).
Each test saves a screenshot of its view under test-artifacts/serve/ (SITREP_TEST_ARTIFACTS).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from webapp_store import EL_FASHER_SENTENCE, SCRIPT_TITLE, sample_db, serving  # noqa: F401 (fixture)

from sitrep.serve.api import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("SITREP_TEST_ARTIFACTS", "test-artifacts")) / "serve"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
#: The issue's budget: the map page is interactive (markers can be clicked) within 2 s.
MAP_BUDGET_MS = 2000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(sample_db):
    """The web app on the sample store, served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(sample_db, open_extract=True), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield b
        b.close()


class Page:
    """A browser tab that records console errors, CSP violations, dialogs and failed requests."""

    def __init__(self, browser, base: str):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type in ("error", "warning") and self.problems.append(m.text))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))
        self.page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))

    def open(self, query: str = ""):
        self.page.goto(f"{self.base}/{query}")
        self.page.wait_for_selector("body[data-ready]:not([data-ready=''])", timeout=15000)
        # The filter choices (/api/facets) load beside the view and may still be on the way: a
        # next navigation would abort them and record a failed request.
        self.page.wait_for_load_state("networkidle")
        return self.page

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.fixture
def tab(browser, server):
    page = Page(browser, server)
    yield page
    page.page.close()
    assert page.problems == []


def _article_id(page, doc_id: str) -> int:
    items = page.evaluate("fetch('/api/articles').then(r => r.json()).then(b => b.items)")
    return next(a["id"] for a in items if a["doc_id"] == doc_id)


@pytest.mark.parametrize("n_events", [4])
def test_browser_map_shows_markers_and_is_interactive_in_time(tab, n_events):
    tab.open()  # a first load warms the server's caches
    page = tab.open("?view=map")
    page.wait_for_selector(f"#map[data-loaded='{n_events}']")
    page.wait_for_selector(".event-marker")
    ready_ms = page.evaluate("window.sitrepMapReadyAt")
    assert ready_ms < MAP_BUDGET_MS, f"map interactive after {ready_ms:.0f} ms"
    assert page.locator(".event-marker").count() + page.locator(".marker-cluster").count() >= 1
    assert page.locator(".leaflet-overlay-pane canvas").count() >= 1  # the offline basemap
    tab.shot("map")


@pytest.mark.parametrize("country, sentence", [("SD", EL_FASHER_SENTENCE)])
def test_browser_map_click_shows_source_sentence(tab, country, sentence):
    page = tab.open("?view=map")
    page.fill("#filters input[name=place]", "")
    page.select_option("#filters select[name=country]", label="Sudan")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#map[data-loaded='1']")
    assert "country=Sudan" in page.url
    page.locator(".event-marker").first.click()
    detail = page.locator("#event-detail .source-sentence")
    detail.wait_for()
    assert detail.inner_text() == sentence
    assert "Battles" in page.inner_text("#event-detail h2")
    assert "Rapid Support Forces" in page.inner_text("#event-detail")
    tab.shot("map-event")
    # The sentence links to its place in the article.
    page.click("#event-detail .report-meta a.internal")
    page.wait_for_selector(".article-text .hl.focused")
    assert "view=reader" in page.url


@pytest.mark.parametrize("doc_id, figure, reported_by",
                         [("rafah-strike", "at least 27 people", "Gaza Ministry of Health")])
def test_browser_reader_highlights_figures(tab, doc_id, figure, reported_by):
    page = tab.open("?view=reader")
    page = tab.open(f"?view=reader&article={_article_id(page, doc_id)}")
    highlighted = page.locator(".article-text .hl-figure", has_text=figure)
    highlighted.wait_for()
    assert page.locator(".article-text .hl-quote").count() >= 1
    assert page.locator(".article-text .hl-event").count() >= 1
    highlighted.hover()
    page.wait_for_selector("#tooltip:not([hidden])")
    assert "Figure" in page.inner_text("#tooltip")
    highlighted.click()
    assert reported_by in page.inner_text("#item-detail")
    assert "at_least" in page.inner_text("#item-detail")
    tab.shot("reader")


@pytest.mark.parametrize("doc_id, title", [("goma-protest", SCRIPT_TITLE)])
def test_browser_script_in_title_does_not_run(tab, doc_id, title):
    page = tab.open("?view=reader")
    assert title in page.inner_text("#article-list")
    page = tab.open(f"?view=reader&article={_article_id(page, doc_id)}")
    page.wait_for_selector(".article-title")
    assert page.inner_text(".article-title") == title
    assert page.evaluate("window.__xss") is None
    assert page.locator(".article script, .article img, #article-list script, #article-list img").count() == 0
    # The article's javascript: URL is not made a link.
    assert page.locator("a[href^='javascript']").count() == 0
    tab.shot("reader-untrusted")


@pytest.mark.parametrize("series", ["Gaza Ministry of Health / killed"])
def test_browser_timeline_draws_events_and_series(tab, series):
    page = tab.open("?view=timeline")
    page.wait_for_selector(".series-card canvas")
    assert page.locator("#events-chart").is_visible()
    card = page.locator(".series-card", has_text=series)
    assert "falling total" in card.inner_text()
    tab.shot("timeline")
    # Clicking the day's bar narrows every view to that day.
    x, y = page.evaluate("""() => {
        const chart = Chart.getChart(document.getElementById("events-chart"));
        const ds = chart.data.datasets.findIndex((d) => d.label === "Battles");
        const bar = chart.getDatasetMeta(ds).data[chart.data.labels.indexOf("2024-02-12")];
        const box = chart.canvas.getBoundingClientRect();
        return [box.left + bar.x, box.top + (bar.y + bar.base) / 2];
    }""")
    page.mouse.click(x, y)
    page.wait_for_selector("#map[data-loaded='1']")
    assert "date_from=2024-02-12" in page.url and "date_to=2024-02-12" in page.url


@pytest.mark.parametrize("speaker, words", [("Oleh Syniehubov", "hit by artillery")])
def test_browser_quotes_by_speaker(tab, speaker, words):
    page = tab.open("?view=quotes")
    page.fill("#speaker-search", speaker.split()[-1])
    assert page.locator("#speaker-list li").count() == 2  # "All speakers" and the match
    page.click(f"#speaker-list a:text('{speaker}')")
    page.wait_for_selector(f"#quotes-title:text('Quotes from {speaker}')")
    assert words in page.inner_text("#quote-list")
    assert page.locator("#quote-list li").count() == 1
    tab.shot("quotes")


@pytest.mark.parametrize("path", ["/docs"])
def test_browser_api_docs_render_offline(tab, path):
    tab.page.goto(tab.base + path)
    tab.page.wait_for_selector(".opblock")
    assert tab.page.locator(".opblock-summary-path", has_text="/api/events").count() >= 1
    tab.shot("docs")


@pytest.mark.model
@pytest.mark.parametrize("text, figure", [(
    "An air strike on a house in Rafah on Sunday killed at least 27 people, the Gaza Ministry of Health said.",
    "27")])
def test_browser_try_it_extracts_without_storing(tab, text, figure):
    page = tab.open("?view=try")
    page.fill("#try-text", text)
    page.fill("#try-published", "2024-02-12")
    page.click("#try-form button[type=submit]")
    page.locator("#try-article .hl-figure", has_text=figure).wait_for(timeout=60000)
    assert "not stored" in page.inner_text("#try-status")
    tab.shot("try-it")


@pytest.mark.model
@pytest.mark.parametrize("name, content, figure", [(
    "strike.html",
    "<html><head><title>Strike in Rafah</title></head><body><nav>Home | World</nav><article><h1>Strike in Rafah"
    "</h1><p>An air strike on a house in Rafah on Sunday killed at least 27 people, the Gaza Ministry of Health "
    "said.</p></article></body></html>",
    "27")])
def test_browser_try_it_reads_a_dropped_html_file(tab, tmp_path, name, content, figure):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    page = tab.open("?view=try")
    page.set_input_files("#try-file", str(path))
    page.wait_for_selector(f"#try-status:text('{name} loaded')")
    page.click("#try-form button[type=submit]")
    page.locator("#try-article .hl-figure", has_text=figure).wait_for(timeout=60000)
    assert "Home | World" not in page.inner_text("#try-article .article-text")


@pytest.mark.parametrize("settings, note, disabled, token_field", [
    ({}, "Extraction is closed on this server", True, False),
    ({"token": "s3cret"}, "enter it below", False, True),
])
def test_browser_try_it_says_what_extraction_needs(browser, sample_db, settings, note, disabled, token_field):
    """Without --open-extract the Try it box says what extracting needs, instead of failing on submit."""
    with serving(create_app(sample_db, **settings)) as base:
        tab = Page(browser, base)
        page = tab.open("?view=try")
        page.wait_for_selector("#try-access:not([hidden])")
        assert note in page.inner_text("#try-access")
        assert page.is_disabled("#try-form button[type=submit]") is disabled
        assert page.is_visible("#try-token") is token_field
        tab.shot(f"try-it-{'token' if token_field else 'closed'}")
        page.close()
    assert tab.problems == []


@pytest.mark.model
@pytest.mark.parametrize("token, text, figure", [(
    "s3cret", "An air strike on a house in Rafah on Sunday killed at least 27 people, the Gaza Ministry of Health said.",
    "27")])
def test_browser_try_it_sends_the_token(browser, sample_db, token, text, figure):
    with serving(create_app(sample_db, token=token)) as base:
        tab = Page(browser, base)
        page = tab.open("?view=try")
        page.fill("#try-token", token)
        page.fill("#try-text", text)
        page.click("#try-form button[type=submit]")
        page.locator("#try-article .hl-figure", has_text=figure).wait_for(timeout=60000)
        page.close()
    assert tab.problems == []
