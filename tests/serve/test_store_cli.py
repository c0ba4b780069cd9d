"""Tests for serve/store_cli.py: the store's commands through Typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from sitrep.serve.cli import app
from sitrep.store import connect, save_article
from sitrep.types import Article, Event, Extraction, Figure, Place, Quote

runner = CliRunner()
RAFAH = Place("Rafah", "Palestine", "PS", "Gaza Strip", 31.2969, 34.2455, 281129, 1)
COMMANDS = ["ingest", "events", "figures", "quotes", "series", "export"]


def _report(n: int, sentence: str, killed: int, total: int, source: str, day: str):
    text = f"{sentence} The Gaza Ministry of Health said {total:,} people had been killed since October 7. " \
           f"\"The hospitals are full,\" said Dr Lina Odeh."
    s, t, q = text.index(sentence), text.index(f"{total:,}"), text.index("The hospitals are full,")
    art = Article(id=f"r{n}", text=text, published=day, url=f"https://{source.lower()}.example/{n}", source=source)
    ev = Event("Explosions/Remote violence", "Air/drone strike", s, s + len(sentence), sentence, date=day,
               time_precision=1, actor1="Military Forces of Israel", actor2="Civilians (Palestine)", place=RAFAH,
               fatalities=killed)
    fig = Figure(total, "killed", t, t + len(f"{total:,}"), text[t - 35:t + 40], scope="cumulative",
                 as_of=day, reported_by="Gaza Ministry of Health", attribution="source")
    quote = Quote("The hospitals are full,", q, q + 23, speaker="Lina Odeh", speaker_type="person", cue="said")
    return art, Extraction(id=art.id, published=day, url=art.url, source=source, events=[ev], figures=[fig],
                           quotes=[quote])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.db"
    engine = connect(path)
    with engine.begin() as conn:
        for pair in (_report(1, "An air strike on a house in Rafah killed five people.", 5, 28000, "WAFA", "2024-02-12"),
                     _report(2, "Israeli jets bombed a home in Rafah, killing seven.", 7, 28000, "Reuters", "2024-02-12"),
                     _report(3, "A strike in Rafah killed 2.", 2, 27900, "AP", "2024-02-20")):
            save_article(conn, *pair)
    engine.dispose()
    return str(path)


@pytest.mark.parametrize("command", COMMANDS)
def test_store_cli_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--db" in result.stdout or command == "export"
    assert app.registered_commands and any(c.callback.__doc__ for c in app.registered_commands
                                           if (c.name or c.callback.__name__) == command)


@pytest.mark.parametrize("args, check", [
    (["events", "--format", "json"], lambda out: [e["date"] for e in json.loads(out)] == ["2024-02-20", "2024-02-12"]),
    (["events", "--format", "json", "--since", "2024-02-15"],
     lambda out: [e["fatalities_best"] for e in json.loads(out)] == [2]),
    (["events", "--format", "csv", "--country", "palestine", "--type", "air"],
     lambda out: [r["fatalities_best"] for r in csv.DictReader(io.StringIO(out))] == ["2", "5"]),
    (["events", "--search", "jets"], lambda out: "events (1)" in out),
    (["events", "--format", "json", "--search", "jets"],
     lambda out: [[s["source"] for s in e["sources"]] for e in json.loads(out)] == [["WAFA", "Reuters"]]),
    (["events", "--format", "json", "--search", "kill"],  # word beginnings: 'killed', 'killing'
     lambda out: [e["fatalities_best"] for e in json.loads(out)] == [2, 5]),
    (["events", "--format", "json", "--explain", "1"],
     lambda out: [s["source"] for s in json.loads(out)[0]["sources"]] == ["WAFA", "Reuters"]),
    (["events", "--explain", "1"], lambda out: "low 5, high 7, best 5" in out and "first" in out),
    (["figures", "--format", "json", "--reported-by", "ministry"],
     lambda out: [f["value"] for f in json.loads(out)] == [27900, 28000, 28000]),
    (["quotes", "--format", "csv", "--speaker", "odeh"], lambda out: out.count("The hospitals are full") == 3),
    (["series", "--format", "json", "--category", "killed"],
     lambda out: json.loads(out)[0]["flags"][0]["kind"] == "falling_total"),
    (["series", "--format", "csv"], lambda out: len(list(csv.DictReader(io.StringIO(out)))) == 2),
    (["series"], lambda out: "Gaza Ministry" in out and "falling_total" in out),
    (["export", "--format", "acled-csv"], lambda out: out.startswith("event_id_cnty,event_date,year,")
     and len(out.splitlines()) == 3),
    (["export", "--format", "geojson"], lambda out: len(json.loads(out)["features"]) == 2),
    (["export", "--format", "jsonl"], lambda out: len(out.splitlines()) == 3),
])
def test_store_cli_queries(db, args, check):
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == 0, result.output
    assert check(result.stdout), result.stdout


@pytest.mark.parametrize("args, code, message", [
    (["events", "--explain", "99"], 2, "no event 99"),
    (["export", "--format", "xlsx"], 2, "unknown export format"),
    (["events", "--db", "missing.db"], 2, "no store at"),
    (["ingest", "no-such-file.jsonl"], 2, "no such file"),
])
def test_store_cli_errors(db, tmp_path, monkeypatch, args, code, message):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*args] if "--db" in args else [*args, "--db", db])
    assert result.exit_code == code
    assert message in result.output


@pytest.mark.model
def test_store_cli_ingest_then_again(nlp, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"x{i}", "text": f"Shelling killed {i + 3} people in Kherson on "
                                       f"Monday, the regional governor said.", "published": f"2024-05-0{i + 1}"}) + "\n"
                           for i in range(3)) + json.dumps({"id": "blank", "text": " "}) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    first = runner.invoke(app, ["ingest", str(src), "--db", db])
    assert first.exit_code == 3, first.output  # stored the rest; one article failed
    assert "3 stored, 0 updated, 0 skipped, 1 failed" in first.output
    assert "failed blank: read: empty document" in first.output
    again = runner.invoke(app, ["ingest", str(src), "--db", db])
    assert "0 stored, 0 updated, 3 skipped, 1 failed" in again.output


@pytest.mark.model
def test_store_cli_ingest_rerun_reports_failed_articles_and_retries_on_request(nlp, tmp_path):
    src = tmp_path / "in.jsonl"
    french = ("Trois personnes ont été tuées lundi dans un bombardement sur la ville, selon les autorités "
              "locales qui ont confirmé le bilan à la presse, et plusieurs maisons ont été détruites.")
    src.write_text(json.dumps({"id": "fr", "text": french}) + "\n" + json.dumps(
        {"id": "en", "text": "Shelling killed four people in Kherson on Monday, the governor said."}) + "\n",
        encoding="utf-8")
    db = str(tmp_path / "s.db")
    first = runner.invoke(app, ["ingest", str(src), "--db", db])
    assert first.exit_code == 3 and "1 stored, 0 updated, 0 skipped, 1 failed" in first.output
    again = runner.invoke(app, ["ingest", str(src), "--db", db, "--strict"])
    assert again.exit_code == 4
    assert "failed fr: failed in an earlier run (not retried): read: not English" in again.output
    retried = runner.invoke(app, ["ingest", str(src), "--db", db, "--retry-failed"])
    assert "failed fr: read: not English" in retried.output and "earlier run" not in retried.output
