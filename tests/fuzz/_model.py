"""Fuzz inputs: the records a generated input is made of, and what the harness expects of it.

An input is a small folder (``fzNNNNN/``) of files. ``docs`` is how many documents a user put in it
(a file, or each non-blank line of a JSON Lines file); each must get exactly one outcome: a result
or an error record naming it. Some inputs allow less precise outcomes, each flag saying why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

#: Longest text handed to the library run: sitrep's own input limit for the size classes, and a
#: cap for the rest (an HTML page's source is a text too, but a long one only costs time there).
MAX_LIBRARY_CHARS, FAST_LIBRARY_CHARS = 1_000_000, 20_000


@dataclass(frozen=True, slots=True)
class FuzzFile:
    """One entry of an input's folder: a file with its bytes, or a folder, FIFO or symlink.

    ``path`` is relative to the input's folder; ``/`` in it makes subfolders. ``mode`` is applied
    after everything is written (so a folder can be made unreadable after its files are in it).
    """

    path: str
    data: bytes = b""
    mode: int | None = None
    kind: str = "file"  # file | dir | fifo | symlink
    target: str = ""  # a symlink's target


@dataclass(slots=True)
class Draft:
    """What a builder returns: the input's files and the outcomes it is owed.

    Attributes:
        kind: ``class/subkind``, the row of the failure tables.
        description: one line saying what the input is (reports quote it instead of the bytes).
        files: the folder's entries.
        docs: documents in it, each owed one outcome.
        unmarked: documents whose ids cannot carry the input's folder name (a JSON record's own
            hostile ``id``): their outcomes are matched to the input by count, not by id.
        reported_ok: a warning on standard error naming the input is an acceptable outcome (a
            skipped folder, FIFO, symlink or non-document file: "each skipped file is reported").
        whole_ok: one error for the whole file is acceptable (a JSON Lines file whose records
            cannot be found without guessing its encoding).
        extra_ok: more outcomes than ``docs`` are acceptable (binary bytes in a .jsonl file: a
            reader may fairly report each "line").
        slow: one of the size classes (long, repetitive or many-record inputs), kept out of CI.
        needs_permissions: only meaningful where file modes are enforced.
        texts: what the library run gets; None derives them from the files.
    """

    kind: str
    description: str
    files: list[FuzzFile]
    docs: int = 1
    unmarked: int = 0
    reported_ok: bool = False
    whole_ok: bool = False
    extra_ok: bool = False
    slow: bool = False
    needs_permissions: bool = False
    texts: list[str] | None = None


@dataclass(frozen=True, slots=True)
class FuzzInput:
    """A generated input: its place in the corpus, its class and the Draft's contents."""

    index: int
    cls: str
    kind: str
    description: str
    files: tuple[FuzzFile, ...]
    docs: int
    unmarked: int = 0
    reported_ok: bool = False
    whole_ok: bool = False
    extra_ok: bool = False
    slow: bool = False
    needs_permissions: bool = False
    texts: tuple[str, ...] = field(default=())

    @property
    def folder(self) -> str:
        """The input's folder name inside a batch; every id sitrep forms for it starts with it."""
        return folder_name(self.index)

    @property
    def size(self) -> int:
        """Bytes in its files."""
        return sum(len(f.data) for f in self.files)


def folder_name(index: int) -> str:
    """``fz`` and the index on five digits: the marker the harness finds in output ids."""
    return f"fz{index:05d}"


def derive_texts(files: list[FuzzFile], *, slow: bool = False) -> list[str]:
    """The texts the library run gets: each JSON Lines record's text (or html, or the raw line),
    each other file's bytes as UTF-8 with undecodable bytes replaced (U+FFFD), as a caller reading
    them would; lone surrogates reach the library the way JSON gives them (``"\\ud800"``)."""
    texts: list[str] = []
    for f in files:
        if f.kind != "file" or not f.data:
            continue
        if f.path.lower().endswith((".jsonl", ".ndjson")):
            texts.extend(_record_text(line) for line in f.data.split(b"\n") if line.strip())
        else:
            texts.append(f.data.decode("utf-8", "replace"))
    cap = MAX_LIBRARY_CHARS if slow else FAST_LIBRARY_CHARS
    return [t[:cap] for t in texts]


def _record_text(line: bytes) -> str:
    raw = line.decode("utf-8", "replace")
    try:
        item = json.loads(raw)
    except (ValueError, RecursionError):
        return raw
    if isinstance(item, dict):
        for key in ("text", "html"):
            if isinstance(item.get(key), str):
                return item[key]
    return raw
