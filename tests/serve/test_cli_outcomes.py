"""Tests that the command line never fails on what a document or a file name holds (issue 13):
markup characters in names, an output that cannot be written, results JSON cannot hold."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sitrep.serve.cli import OutputFormat, _write, app
from sitrep.types import Extraction, Figure

runner = CliRunner()
ARTICLE = "Shelling killed two people in Kherson on Monday, the regional governor said.\n"


@pytest.mark.parametrize("name", ["no[/x].txt", "[bold]red[/bold].txt", "a [link=x]b[/link].txt"])
def test_cli_outcomes_markup_in_a_missing_file_name_is_printed_as_text(tmp_path, name):
    result = runner.invoke(app, ["extract", str(tmp_path / name)])
    assert result.exit_code == 2
    assert name.split("/")[-1] in result.stderr and "Traceback" not in result.stderr


@pytest.mark.model
def test_cli_outcomes_markup_in_file_and_folder_names_is_read(nlp, tmp_path):
    folder = tmp_path / "no["
    folder.mkdir()
    (folder / "x].txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "[bold]y[red].txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(folder / "x].txt"), str(folder / "[bold]y[red].txt")])
    assert result.exit_code == 0, result.stderr
    assert sorted(json.loads(line)["id"] for line in result.stdout.splitlines()) == ["[bold]y[red]", "x]"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_cli_outcomes_a_full_disk_is_an_error_not_a_traceback(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sitrep", "extract", str(tmp_path / "a.txt"), "-o", "/dev/full"],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 2, done.stderr
    assert "cannot write the output" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", [OutputFormat.jsonl, OutputFormat.json])
def test_cli_outcomes_output_is_always_valid_json(fmt):
    lone = Extraction(id="surrogate", title="half a pair \ud800 here")
    inf = Extraction(id="infinite", figures=[Figure(value=float("inf"), category="killed", start=0, end=3,
                                                    text="inf")])
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    _write([lone, inf], out, fmt)
    out.flush()
    text = raw.getvalue().decode("utf-8")
    docs = [json.loads(line) for line in text.splitlines()] if fmt is OutputFormat.jsonl else json.loads(text)
    by_id = {d["id"]: d for d in docs}
    assert by_id["surrogate"]["title"] == "half a pair \ufffd here"
    assert by_id["infinite"]["figures"] == [] and "not writable as JSON" in by_id["infinite"]["errors"][0]
    json.loads(json.dumps(docs), parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
