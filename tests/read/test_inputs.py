"""Tests for opening inputs: files, folders, standard input, ids, and inputs that cannot be read."""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path

import pytest

from sitrep.errors import InputNotFound, ReadError
from sitrep.read import open_inputs, sample_paths
from sitrep.read._decode import limits

ARTICLES = Path(__file__).parents[1] / "fixtures" / "articles"


@pytest.mark.parametrize("name, single, ids", [
    ("mortar_attack.txt", True, ["mortar_attack"]),
    ("clinic_strike.html", True, ["clinic_strike"]),
    ("batch.jsonl", False, ["kherson-1", "rafah-html", "3"]),
])
def test_inputs_one_file(name, single, ids):
    inputs = open_inputs([ARTICLES / name])
    arts = list(inputs)
    assert inputs.single is single
    assert [a.id for a in arts] == ids
    assert all(a.text for a in arts)


@pytest.mark.parametrize("published, expected", [("2024-03-04", "2024-03-04"), (None, None)])
def test_inputs_published_applies_where_input_has_none(published, expected):
    (txt,) = open_inputs([ARTICLES / "mortar_attack.txt"], published=published)
    (html,) = open_inputs([ARTICLES / "clinic_strike.html"], published=published)
    assert txt.published == expected
    assert html.published == "2024-01-10"   # the page's own date wins


@pytest.mark.parametrize("files, ids", [
    ({"b.txt": "Bravo text.", "a.html": "<p>Alpha page.</p>", "sub/c.txt": "Charlie text.",
      "notes.md": "skipped", ".hidden.txt": "skipped", "many.jsonl": '{"text": "Delta."}\n'},
     ["a", "b", "many:1", "sub/c"]),
])
def test_inputs_folder(tmp_path, files, ids):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    inputs = open_inputs([tmp_path])
    assert [a.id for a in inputs] == ids
    assert inputs.single is False and inputs.count() == 4


@pytest.mark.parametrize("spec, error", [
    ("does/not/exist.txt", InputNotFound),
    ("", ReadError),
])
def test_inputs_that_cannot_be_opened_raise(tmp_path, spec, error):
    specs = [tmp_path / spec] if spec else [tmp_path]   # "": an empty folder
    with pytest.raises(error):
        open_inputs(specs)


@pytest.mark.parametrize("specs, match", [([], "no input"), (["-", "-"], "only once")])
def test_inputs_bad_specs(specs, match):
    with pytest.raises(ReadError, match=match):
        open_inputs(specs, stdin=io.BytesIO(b""))


@pytest.mark.parametrize("published", ["2024-02-30", "today"])
def test_inputs_bad_published_raises(published):
    with pytest.raises(ReadError, match="--published"):
        open_inputs([ARTICLES / "mortar_attack.txt"], published=published)


@pytest.mark.parametrize("data, single, ids, first_text", [
    (b"Plain text from a pipe.\nSecond line.", True, ["stdin"], "Plain text from a pipe.\nSecond line."),
    (b"\n  <html><body><p>Page from a pipe, long enough to keep.</p></body></html>", True, ["stdin"], "Page from a pipe"),
    (b'{"id": "p1", "text": "First."}\n{"id": "p2", "text": "Second."}\n', False, ["p1", "p2"], "First."),
    (b"", True, ["stdin"], ""),
])
def test_inputs_stdin_is_sniffed(data, single, ids, first_text):
    inputs = open_inputs(["-"], stdin=io.BytesIO(data))
    arts = list(inputs)
    assert inputs.single is single
    assert [a.id for a in arts] == ids
    assert arts[0].text.startswith(first_text)


@pytest.mark.parametrize("fmt, data, text", [("txt", b"<b>not parsed</b>", "<b>not parsed</b>")])
def test_inputs_format_override(fmt, data, text):
    (art,) = open_inputs(["-"], input_format=fmt, stdin=io.BytesIO(data))
    assert art.text == text


@pytest.mark.parametrize("name, content, ids", [
    ("report", b"A text file with no ending.", ["report"]),
    ("feed.json", b'{"id": "j1", "text": "A record."}\n', ["j1"]),
])
def test_inputs_unknown_ending_is_sniffed(tmp_path, name, content, ids):
    (tmp_path / name).write_bytes(content)
    assert [a.id for a in open_inputs([tmp_path / name])] == ids


def test_inputs_ten_megabyte_text_is_refused_unread(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("w") as fh:
        fh.write("Shelling killed two people in the town on Monday, officials said. " * 160_000)
    assert big.stat().st_size > 10_000_000
    (art,) = open_inputs([big])
    assert art.text == "" and "document too large" in art.errors[0]


@pytest.mark.parametrize("name, content", [
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(512)),
    ("dump.jsonl", b"\x00\x01\x02" + os.urandom(512)),
    ("random.html", os.urandom(2048) + b"\x00"),
])
def test_inputs_binary_file_is_one_error(tmp_path, name, content):
    (tmp_path / name).write_bytes(content)
    arts = list(open_inputs([tmp_path / name]))
    assert len(arts) == 1 and arts[0].id == Path(name).stem
    assert arts[0].text == "" and "binary file" in arts[0].errors[0]


def test_inputs_several_jsonl_prefix_line_ids(tmp_path):
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text(json.dumps({"text": "Text."}) + "\n")
    assert [a.id for a in open_inputs([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])] == ["a:1", "b:1"]


def test_inputs_file_deleted_after_opening_is_an_error(tmp_path):
    path = tmp_path / "gone.txt"
    shutil.copy(ARTICLES / "mortar_attack.txt", path)
    inputs = open_inputs([path])
    path.unlink()
    (art,) = inputs
    assert "cannot read" in art.errors[0]


@pytest.mark.parametrize("batch", [False, True])
def test_inputs_samples_are_bundled(batch):
    paths = sample_paths(batch=batch)
    assert {p.suffix for p in paths} == ({".html", ".jsonl"} if batch else {".txt", ".html", ".jsonl"})
    ids = [a.id for a in open_inputs(paths)]
    # six articles; without batch five of them come twice (a .txt file and a samples.jsonl line)
    assert (len(ids), len(set(ids))) == ((6, 6) if batch else (11, 6))


def test_inputs_samples_jsonl_matches_text_files():
    folder = sample_paths()[0].parent
    records = [json.loads(line) for line in (folder / "samples.jsonl").read_text().splitlines()]
    assert records
    for rec in records:
        assert rec["text"] == (folder / f"{rec['id']}.txt").read_text(encoding="utf-8")
        assert rec["synthetic"] is True
    assert len(records) == len(list(folder.glob("*.txt")))


@pytest.mark.parametrize("extra", [1, 1000])
def test_inputs_oversized_stdin_is_refused(extra):
    size = int(limits()["max_bytes"]) + extra
    (art,) = open_inputs(["-"], stdin=io.BytesIO(b"a" * size))
    assert art.text == "" and "document too large: more than" in art.errors[0]
