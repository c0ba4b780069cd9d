"""Tests for opening inputs: files, folders, standard input, ids, and inputs that cannot be read."""

from __future__ import annotations

import codecs
import io
import json
import os
import shutil
import socket
import threading
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


def _outcomes(inputs) -> list[tuple[str, str]]:
    """(id, text or first error) of each article; each must be writable as UTF-8 JSON."""
    out = []
    for art in inputs:
        json.dumps(art.to_dict(), ensure_ascii=False).encode("utf-8")
        out.append((art.id, art.errors[0] if art.errors else art.text))
    return out


def test_issue_13_inputs_folder_reports_what_it_cannot_read(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text("An ordinary report.")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "sock.jsonl"))
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_text("Never reached.")
    (tmp_path / "unreadable.txt").write_text("Never read.")
    real_scandir, real_open = os.scandir, Path.open

    def scandir(path):  # what a folder without read permission does (tests may run as root)
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def path_open(self, *args, **kwargs):
        if self.name == "unreadable.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr("sitrep.read._files.os.scandir", scandir)
    monkeypatch.setattr(Path, "open", path_open)
    inputs = open_inputs([tmp_path])
    assert inputs.count() == 6
    assert _outcomes(inputs) == [
        ("broken", f"broken symbolic link: {tmp_path}/broken.txt points to {tmp_path}/gone.txt, which does not exist"),
        ("locked", f"cannot read folder {tmp_path}/locked: Permission denied"),
        ("ok", "An ordinary report."),
        ("pipe", f"not a document: {tmp_path}/pipe.txt is a named pipe"),
        ("sock", f"not a document: {tmp_path}/sock.jsonl is a socket"),
        ("unreadable", f"cannot read {tmp_path}/unreadable.txt: Permission denied"),
    ]


def test_issue_13_inputs_odd_file_names(tmp_path):
    (tmp_path / "no[").mkdir()
    (tmp_path / "no[" / "x].txt").write_text("Markup-like name.")
    (tmp_path / "[bold]b.txt").write_text("Brackets.")
    (tmp_path / "new\nline.txt").write_text("A newline in the name.")
    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "w") as fh:   # not UTF-8: a Latin-1 name
        fh.write("A Latin-1 file name.")
    assert _outcomes(open_inputs([tmp_path])) == [
        ("[bold]b", "Brackets."), ("caf\\xe9", "A Latin-1 file name."),
        ("new\nline", "A newline in the name."), ("no[/x]", "Markup-like name."),
    ]


def test_issue_13_inputs_deep_folders(tmp_path):
    levels = [tmp_path]
    for _ in range(1100):   # deeper than Python's recursion limit (mkdir(parents=True) would exhaust it)
        levels.append(levels[-1] / "d")
        levels[-1].mkdir()
    (levels[-1] / "deep.txt").write_text("Found at the bottom.")
    try:
        assert [text for _, text in _outcomes(open_inputs([tmp_path]))] == ["Found at the bottom."]
    finally:  # bottom up: pytest's own clean-up (shutil.rmtree) recurses once per level
        (levels[-1] / "deep.txt").unlink()
        for level in reversed(levels[1:]):
            level.rmdir()


@pytest.mark.parametrize("spec, error", [
    ("/dev/zero", "document too large: more than 1,000 bytes, over the limit of 1,000 bytes"),
    ("/dev/null", ""),
])
def test_issue_13_inputs_devices_are_read_with_a_limit(spec, error):
    ((id, text),) = _outcomes(open_inputs([spec], max_bytes=1000))
    assert (id, text[: len(error)]) == (Path(spec).stem, error)


def _write_later(path: Path, data: bytes) -> threading.Thread:
    def write():
        with path.open("wb") as fh:   # blocks until sitrep opens the pipe
            fh.write(data)
    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("name, data, expected", [
    ("feed", b'{"id": "p1", "text": "Through a pipe."}\n', [("p1", "Through a pipe.")]),
    ("feed.jsonl", "{\"id\": \"p1\", \"text\": \"UTF-16.\"}\n".encode("utf-16"), [("p1", "UTF-16.")]),
    ("page", b"Plain text through a pipe.", [("page", "Plain text through a pipe.")]),
    ("endless", b"x" * 5000, [("endless", "document too large: more than 1,000 bytes")]),
])
def test_issue_13_inputs_named_pipe_is_read_once(tmp_path, name, data, expected):
    os.mkfifo(tmp_path / name)
    writer = _write_later(tmp_path / name, data)
    inputs = open_inputs([tmp_path / name], max_bytes=1000)
    got = _outcomes(inputs)
    writer.join(5)
    assert [(i, t[: len(e)]) for (i, t), (_, e) in zip(got, expected)] == expected


def test_issue_13_inputs_named_pipe_without_writer_ends(tmp_path, monkeypatch):
    monkeypatch.setitem(limits(), "pipe_wait_seconds", 0.1)
    os.mkfifo(tmp_path / "silent.txt")
    assert _outcomes(open_inputs([tmp_path / "silent.txt"])) == [
        ("silent", f"{tmp_path}/silent.txt: nothing was written to this pipe within 0.1 s")]


class _Endless(io.RawIOBase):
    """A stream of zero bytes that never ends, like /dev/zero on standard input."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = bytes(len(buffer))
        return len(buffer)


@pytest.mark.parametrize("fmt, error", [
    ("auto", "document too large: more than 1,000 bytes"),
    ("jsonl", "line 1: too large: no line end in its first"),
])
def test_issue_13_inputs_endless_stdin_ends_at_the_limit(fmt, error):
    inputs = open_inputs(["-"], input_format=fmt, stdin=io.BufferedReader(_Endless()), max_bytes=1000)
    ((_, text),) = _outcomes(inputs)
    assert text.startswith(error)


@pytest.mark.parametrize("data, ids", [
    ('{"id": "u1", "text": "UTF-16 on a pipe."}\n'.encode("utf-16"), ["u1"]),
    (codecs.BOM_UTF8 + b'  {"id": "u2", "text": "With a BOM."}\r', ["u2"]),
])
def test_issue_13_inputs_stdin_encodings_are_sniffed(data, ids):
    inputs = open_inputs(["-"], stdin=io.BytesIO(data))
    assert inputs.single is False and [a.id for a in inputs] == ids


@pytest.mark.parametrize("data, expected", [
    # NUL bytes in the first 8 KB: each line is still its own outcome (a line of NULs is blank).
    (b'{"id": "n1", "text": "Before\x00the NUL."}\n\x00\x00\n{"id": "n2", "text": "After."}\n',
     [("n1", "Before the NUL."), ("n2", "After.")]),
    (b'{"id": "n1", "text": "x"}\n\x00\x01\x02\x03 not JSON\n', [("n1", "x"), ("2", "line 2: malformed JSON")]),
])
def test_issue_13_inputs_jsonl_with_nul_is_read_line_by_line(tmp_path, data, expected):
    (tmp_path / "feed.jsonl").write_bytes(data)
    got = _outcomes(open_inputs([tmp_path / "feed.jsonl"]))
    assert [(i, t[: len(e)]) for (i, t), (_, e) in zip(got, expected)] == expected and len(got) == len(expected)


def test_issue_13_inputs_broken_link_given_by_name(tmp_path):
    (tmp_path / "link.txt").symlink_to(tmp_path / "missing.txt")
    with pytest.raises(InputNotFound, match="broken symbolic link"):
        open_inputs([tmp_path / "link.txt"])
