"""Tests for the command line: sitrep extract's inputs, formats, exit statuses and bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sitrep.errors import ResourceError
from sitrep.serve.cli import app

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"
runner = CliRunner()


def _lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def test_cli_every_command_has_help():
    group = typer.main.get_command(app)
    commands = list(group.commands.values())
    assert {"extract", "samples"} <= {c.name for c in commands}
    for command in commands:
        assert command.help and command.help.strip(), f"{command.name} has no help text"
        result = runner.invoke(app, [command.name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout


@pytest.mark.parametrize("args, code, message", [
    (["extract", "no/such/file.txt"], 2, "no such file or folder"),
    (["extract", str(ARTICLES / "mortar_attack.txt"), "--published", "2024-31-12"], 2, "not YYYY-MM-DD"),
    (["extract", str(ARTICLES / "mortar_attack.txt"), "-o", "no/such/dir/out.json"], 2, "cannot write"),
    (["extract"], 2, "no input"),
])
def test_cli_input_that_cannot_be_opened_exits_2(args, code, message):
    result = runner.invoke(app, args)
    assert result.exit_code == code
    assert message in result.stderr and result.stdout == ""


@pytest.mark.parametrize("args", [["--version"]])
def test_cli_version(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and result.stdout.startswith("sitrep ")


def test_cli_samples_lists_paths():
    result = runner.invoke(app, ["samples"])
    paths = result.stdout.split()
    assert result.exit_code == 0 and len(paths) == 7 and all(Path(p).is_file() for p in paths)


@pytest.mark.model
@pytest.mark.parametrize("name, published, expected", [
    ("mortar_attack.txt", "2024-03-04", {"id": "mortar_attack", "published": "2024-03-04", "title": None}),
    ("clinic_strike.html", "2024-03-04", {"id": "clinic_strike", "published": "2024-01-10",
                                          "title": "Strike on clinic in Deir al-Balah kills five",
                                          "author": "Lina Haddad", "source": "Test Courier"}),
])
def test_cli_one_article_prints_one_pretty_object(nlp, name, published, expected):
    result = runner.invoke(app, ["extract", str(ARTICLES / name), "--published", published])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("{\n  ")
    out = json.loads(result.stdout)
    assert {k: out[k] for k in expected} == expected
    assert out["schema"] == 1 and out["errors"] == []
    assert {"figures", "quotes", "events", "entities"} <= out.keys()
    assert out["figures"], "a casualty report gives figures"


@pytest.mark.model
@pytest.mark.parametrize("name, ids", [("batch.jsonl", ["kherson-1", "rafah-html", "3"])])
def test_cli_jsonl_prints_one_line_per_record(nlp, name, ids):
    result = runner.invoke(app, ["extract", "--format", "jsonl", str(ARTICLES / name)])
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in _lines(result.stdout)] == ids


@pytest.mark.model
@pytest.mark.parametrize("data, ids", [
    ("Mortar fire killed three civilians in Kupiansk on Monday, officials said.", ["stdin"]),
    ('{"id": "s1", "text": "Two people were killed in Gaza, medics said."}\n', ["s1"]),
])
def test_cli_reads_standard_input(nlp, data, ids):
    result = runner.invoke(app, ["extract", "-", "--format", "jsonl"], input=data)
    assert result.exit_code == 0, result.stderr
    assert [r["id"] for r in _lines(result.stdout)] == ids


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_cli_output_file_and_formats_for_many(nlp, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["extract", "--samples", "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = out.read_text()
    records = json.loads(text) if fmt == "json" else _lines(text)
    assert len(records) == 6 and all(r["errors"] == [] for r in records)
    assert "6 articles, 0 with errors" in result.stderr


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write one file of each kind of bad input; returns id -> expected error fragment."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(os.urandom(2048) + b"\x00")
    (folder / "garbage.txt").write_bytes("é".encode() + b"\xff\xfe\xfa" * 200)
    (folder / "blank.html").write_bytes(b"<html><head><script>x = 1</script></head><body></body></html>")
    with (folder / "huge.txt").open("w") as fh:
        fh.write("Shelling killed two people in the town on Monday, officials said. " * 160_000)
    (folder / "french.txt").write_text(
        "Trois personnes ont été tuées lundi dans un bombardement sur la ville, selon les autorités "
        "locales qui ont confirmé le bilan à la presse, et plusieurs maisons ont été détruites.")
    (folder / "lines.jsonl").write_bytes((ARTICLES / "bad_lines.jsonl").read_bytes())
    (folder / "good.txt").write_bytes((ARTICLES / "mortar_attack.txt").read_bytes())
    # Broken markup and a few stray bytes are read (with a warning), not refused.
    (folder / "broken.html").write_bytes(b"<div><p>Five people were killed in Kupiansk, <b>officials said.</div></span>")
    (folder / "stray.txt").write_bytes(b"Two people were killed \xff in Kherson on Sunday, the governor said.")
    return {"empty": "empty document", "binary": "binary file", "garbage": "invalid UTF-8",
            "blank": "no text found", "huge": "too large", "french": "not English",
            "2": "malformed JSON", "3": "expected a JSON object", "no-text": "neither",
            "number-text": "not a string"}


@pytest.mark.model
def test_cli_bad_input_gives_error_objects_and_the_batch_goes_on(nlp, tmp_path):
    expected = _bad_inputs(tmp_path)
    result = runner.invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 3, result.stderr  # some documents failed; the batch went through
    assert "16 articles, 10 with errors" in result.stderr
    by_id = {r["id"].removeprefix("lines:"): r for r in _lines(result.stdout)}
    for id, fragment in expected.items():
        assert any(fragment in e for e in by_id[id]["errors"]), (id, by_id[id]["errors"])
        assert id in result.stderr   # each gets a warning on standard error
    for id in ("good", "good-1", "good-2", "bad-date", "broken", "stray"):
        assert by_id[id]["errors"] == [], id
        assert by_id[id]["figures"], id
    assert len(by_id) == 16


@pytest.mark.model
@pytest.mark.parametrize("args, code", [([], 3), (["--strict"], 4)])
def test_cli_exit_status_tells_failed_documents_from_strict_rejections(nlp, tmp_path, args, code):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_bytes((ARTICLES / "mortar_attack.txt").read_bytes())
    result = runner.invoke(app, ["extract", str(tmp_path), *args])
    assert result.exit_code == code
    assert len(_lines(result.stdout)) == 2


@pytest.mark.parametrize("error", [ResourceError("gazetteer index not readable")])
def test_cli_broken_installation_exits_1(monkeypatch, error):
    def fail(*args, **kwargs):
        raise error
        yield  # a generator, like extract_many

    monkeypatch.setattr("sitrep.process.extract_many", fail)  # imported when extract runs
    result = runner.invoke(app, ["extract", str(ARTICLES / "batch.jsonl")])
    assert result.exit_code == 1 and "gazetteer index not readable" in result.stderr
