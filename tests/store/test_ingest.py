"""Tests for sitrep/ingest.py: idempotent, resumable ingestion with local workers and on Dask."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from sitrep.ingest import ingest
from sitrep.store import connect, export, row_counts
from sitrep.types import Article, Event, Extraction

TOWNS = ["Rafah", "Khan Younis", "Kharkiv", "Kherson", "El Fasher", "Goma", "Mosul", "Aleppo"]


def articles(n: int, *, url: bool = True) -> list[Article]:
    """Short synthetic reports, each different, some with quotes and figures."""
    out = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        text = (f"At least {i + 2} people were killed and {i + 5} injured in an air strike on {town} on Monday, "
                f"local health officials said. \"We counted {i + 2} bodies,\" said Dr Samir Haddad, who runs the "
                f"main hospital. The health ministry said {1000 + 10 * i} people had been killed since the war began.")
        out.append(Article(id=f"a{i}", text=text, published=f"2024-03-{1 + i % 28:02d}",
                           url=f"https://wire.example/{i}" if url else None, source="Example Wire"))
    return out


def _write_jsonl(path, arts):
    path.write_text("".join(json.dumps({k: v for k, v in a.to_dict().items() if k != "errors"}) + "\n"
                            for a in arts), encoding="utf-8")


def _contract(engine) -> list[dict]:
    out = io.StringIO()
    export(engine, "jsonl", out)
    return sorted((json.loads(line) for line in out.getvalue().splitlines()), key=lambda d: d["id"])


@pytest.mark.model
@pytest.mark.parametrize("url", [True, False])
def test_ingest_twice_changes_no_row(nlp, tmp_path, url):
    arts = articles(6, url=url)
    first = ingest(arts, tmp_path / "s.db", batch_size=4)
    assert (first.stored, first.skipped, first.failed) == (6, 0, [])
    engine = connect(tmp_path / "s.db")
    with engine.connect() as conn:
        before = row_counts(conn)
    again = ingest(arts, engine)
    assert (again.stored, again.updated, again.skipped) == (0, 0, 6)
    with engine.connect() as conn:
        assert row_counts(conn) == before


@pytest.mark.model
def test_ingest_changed_version_replaces_old(extract, tmp_path):
    """A changed article replaces its stored version and every record of it; a copy under another id is skipped."""
    arts = articles(3)
    ingest(arts, tmp_path / "s.db")
    changed = dataclasses.replace(arts[1], text=arts[1].text.replace("air strike", "drone attack") + " Updated.")
    copy = dataclasses.replace(arts[2], id="dup")  # same URL and content as a2
    report = ingest([arts[0], changed, copy], tmp_path / "s.db")
    assert (report.stored, report.updated, report.skipped, report.failed) == (0, 1, 2, [])
    stored = {d["id"]: d for d in _contract(connect(tmp_path / "s.db"))}
    assert sorted(stored) == ["a0", "a1", "a2"]
    fresh = extract(changed.text, changed.published, id="a1", url=changed.url, source=changed.source).to_dict()
    assert any("drone attack" in e["text"] for e in fresh["events"])
    for kind in ("figures", "quotes", "events", "entities"):  # the new version's records, none of the old
        assert stored["a1"][kind] == fresh[kind], kind


@pytest.mark.model
def test_ingest_reports_failures_and_stores_the_rest(nlp, tmp_path):
    arts = [*articles(2), Article(id="empty", text="   "), Article(id="unreadable", text="", errors=("cannot read x",))]
    report = ingest(arts, tmp_path / "s.db")
    assert report.stored == 2
    assert dict(report.failed) == {"empty": "read: empty document: no text to extract from", "unreadable": "read: cannot read x"}
    again = ingest(arts, tmp_path / "s.db")
    assert (again.skipped, len(again.failed)) == (2, 2)  # failures are retried, never stored


@pytest.mark.model
def test_ingest_two_workers_store_what_one_does(nlp, tmp_path):
    arts = articles(8)
    ingest(arts, tmp_path / "one.db", batch_size=2)
    ingest(arts, tmp_path / "two.db", workers=2, batch_size=2)
    assert _contract(connect(tmp_path / "one.db")) == _contract(connect(tmp_path / "two.db"))


def _nothing_to_extract(arts):
    for art in arts:
        raise AssertionError(f"{art.id} was extracted again")
    yield from ()


@pytest.mark.model
def test_ingest_on_a_dask_local_cluster(nlp, engine):
    distributed = pytest.importorskip("distributed")
    arts = articles(6)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        report = ingest(arts, engine, dask=cluster.scheduler_address, batch_size=2)
    assert report.stored == 6
    again = ingest(arts, engine, extractor=_nothing_to_extract)
    assert again.skipped == 6
    with engine.connect() as conn:
        assert row_counts(conn)["articles"] == 6


@pytest.mark.model
def test_ingest_killed_and_rerun_matches_an_uninterrupted_run(nlp, tmp_path):
    arts = articles(48)
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, arts)
    ingest(arts, tmp_path / "whole.db", batch_size=4)
    killed_db = tmp_path / "killed.db"
    cmd = [sys.executable, "-c", "from sitrep.serve.cli import main; main()", "ingest", str(src),
           "--db", str(killed_db), "--batch-size", "4", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy())
    stored_at_kill = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if killed_db.exists():
            try:
                with sqlite3.connect(killed_db, timeout=1) as con:
                    stored_at_kill = con.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored_at_kill = 0
            if stored_at_kill >= 8:
                break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(killed_db) as con:
        stored = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < stored < len(arts) and stored % 4 == 0  # whole batches only
    report = ingest(arts, killed_db, batch_size=4)
    assert report.skipped == stored and report.stored == len(arts) - stored
    whole, resumed = connect(tmp_path / "whole.db"), connect(killed_db)
    with whole.connect() as a, resumed.connect() as b:
        assert row_counts(a) == row_counts(b)
    assert _contract(whole) == _contract(resumed)


STRIKE_REPORTS = [
    ("wafa-0212", "WAFA", "An Israeli air strike on a house in Rafah killed five people on Monday, medics said."),
    ("aj-0212", "Al Jazeera", "Seven Palestinians died when Israeli warplanes bombed a family home in Rafah on "
                              "Monday night, according to the Gaza civil defence."),
    ("reuters-0212", "Reuters", "At least six people were killed in an Israeli air strike on a residential building "
                                "in Rafah on Monday, hospital officials said."),
]


@pytest.mark.model
def test_ingest_three_reports_of_one_strike_are_one_event(nlp, tmp_path):
    from sitrep.store import find_incidents

    arts = [Article(id=i, text=t, published="2024-02-13", source=s, url=f"https://{i}.example/") for i, s, t in
            STRIKE_REPORTS]
    ingest(arts, tmp_path / "s.db")
    with connect(tmp_path / "s.db").connect() as conn:
        [inc] = find_incidents(conn)
    assert (inc["fatalities_low"], inc["fatalities_high"], inc["fatalities_best"]) == (5, 7, 5)
    assert [s["source"] for s in inc["sources"]] == ["WAFA", "Al Jazeera", "Reuters"]


@pytest.mark.parametrize("fatalities", [99999999999999999999])
def test_issue_13_ingest_fails_the_article_whose_count_does_not_fit_and_goes_on(engine, fatalities):
    def extractor(items):
        for art in items:
            count = fatalities if art.id == "a1" else 3
            yield Extraction(id=art.id, events=[Event("Battles", "Armed clash", 0, 10, art.text[:10], fatalities=count)])

    report = ingest(articles(3), engine, extractor=extractor, batch_size=10)
    assert report.stored == 2
    assert [(doc_id, "events[0].fatalities" in reason) for doc_id, reason in report.failed] == [("a1", True)]


def _failing_extractor(fails: set[str], seen: list[str]):
    """An extractor that fails the articles named in ``fails`` and notes every article it is given."""
    def run(items):
        for art in items:
            seen.append(art.id)
            if art.id in fails:
                yield Extraction(id=art.id, errors=["extraction failed: ValueError: cannot read this one"])
            else:
                yield Extraction(id=art.id, events=[Event("Battles", "Armed clash", 0, 10, art.text[:10])])
    return run


def test_issue_13_a_rerun_reports_a_failed_article_without_extracting_it_again(engine):
    arts = articles(4)
    seen: list[str] = []
    first = ingest(arts, engine, extractor=_failing_extractor({"a2"}, seen), batch_size=2)
    assert (first.stored, [i for i, _ in first.failed]) == (3, ["a2"])
    seen.clear()
    again = ingest(arts, engine, extractor=_failing_extractor(set(), seen))
    assert seen == []  # the stored ones are skipped, the failed one is not extracted again
    assert again.skipped == 3
    assert again.failed == [("a2", "failed in an earlier run (not retried): "
                                   "extraction failed: ValueError: cannot read this one")]
    retried = ingest(arts, engine, extractor=_failing_extractor(set(), seen), retry_failed=True)
    assert seen == ["a2"] and (retried.stored, retried.failed) == (1, [])
    last = ingest(arts, engine, extractor=_failing_extractor(set(), seen))
    assert (last.skipped, last.failed) == (4, [])  # stored now: its failure is gone


def test_issue_13_a_changed_version_of_a_failed_article_is_extracted(engine):
    arts = articles(2)
    ingest(arts, engine, extractor=_failing_extractor({"a1"}, []))
    seen: list[str] = []
    changed = [arts[0], dataclasses.replace(arts[1], text=arts[1].text + " Two more died in hospital.")]
    report = ingest(changed, engine, extractor=_failing_extractor(set(), seen))
    assert seen == ["a1"] and report.stored == 1 and report.failed == []


def test_issue_13_a_copy_of_an_article_in_the_same_input_is_named(engine):
    arts = articles(2, url=False)
    copy = dataclasses.replace(arts[0], id="a0-again")
    seen: list[str] = []
    report = ingest([*arts, copy], engine, extractor=_failing_extractor(set(), seen))
    assert seen == ["a0", "a1"] and report.stored == 2 and report.skipped == 1
    assert report.copies == [("a0-again", "a0")]
