"""Read stage: files, folders and standard input to a lazy stream of Articles."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources as _res
from pathlib import Path
from typing import BinaryIO, Literal

from sitrep.errors import InputNotFound, ReadError
from sitrep.read._decode import binary_kind, decode, limits, normalise_date, too_large
from sitrep.read.html import read_html
from sitrep.read.jsonl import read_jsonl
from sitrep.read.txt import read_txt
from sitrep.types import Article

logger = logging.getLogger(__name__)

InputFormat = Literal["auto", "txt", "html", "jsonl"]
#: File name endings the readers know, and the reader for each.
SUFFIXES: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
}
STDIN = "-"
_WHITESPACE = b" \t\r\n\f\v"


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file (or standard input, ``path`` None), its format and its id."""

    path: Path | None
    format: str
    id: str


class Inputs:
    """Articles of opened inputs, read lazily and in order; each file is read only when reached."""

    def __init__(self, sources: list[Source], *, published: str | None = None,
                 stdin: BinaryIO | None = None, stdin_head: bytes = b"") -> None:
        self.sources = sources
        self.published = published
        self._stdin = stdin
        self._head = stdin_head

    @property
    def single(self) -> bool:
        """Whether the inputs are one article (one text or HTML file or text on standard input)."""
        return len(self.sources) == 1 and self.sources[0].format != "jsonl"

    def count(self) -> int | None:
        """The number of articles, or None where it is not known without reading standard input.

        JSON Lines files are counted by their lines (a quick scan; blank lines are counted too).
        """
        total = 0
        for src in self.sources:
            if src.format != "jsonl":
                total += 1
            elif src.path is None:
                return None
            else:
                total += _count_lines(src.path)
        return total

    def __iter__(self) -> Iterator[Article]:
        prefix = len(self.sources) > 1
        for src in self.sources:
            if src.path is None:
                yield from self._read_stdin(src)
            elif src.format == "jsonl":
                yield from _read_jsonl_file(src, self.published, f"{src.id}:" if prefix else "")
            else:
                yield _read_file(src, self.published)

    def _read_stdin(self, src: Source) -> Iterator[Article]:
        stream = _Prefixed(self._head, self._stdin)
        if src.format == "jsonl":
            yield from read_jsonl(stream, published=self.published)
            return
        max_bytes = int(limits()["max_bytes"])
        raw = stream.read(max_bytes + 1)
        if len(raw) > max_bytes:
            yield Article(id=src.id, text="", published=self.published, errors=(too_large(max_bytes, more=True),))
            return
        yield _parse(src, raw, self.published)


class _Prefixed:
    """A binary stream with some already-read bytes put back in front."""

    def __init__(self, head: bytes, stream: BinaryIO | None) -> None:
        self._head, self._stream = head, stream

    def read(self, n: int = -1) -> bytes:
        if 0 <= n <= len(self._head):
            out, self._head = self._head[:n], self._head[n:]
            return out
        head, self._head = self._head, b""
        rest = self._stream.read(n - len(head) if n >= 0 else -1) if self._stream is not None else b""
        return head + rest

    def readline(self, limit: int = -1) -> bytes:
        if self._head:
            nl = self._head.find(b"\n")
            if nl >= 0 and (limit < 0 or nl < limit):
                line, self._head = self._head[: nl + 1], self._head[nl + 1:]
                return line
            if limit >= 0 and len(self._head) >= limit:
                line, self._head = self._head[:limit], self._head[limit:]
                return line
            head, self._head = self._head, b""
            rest = self._stream.readline(limit - len(head) if limit >= 0 else -1) if self._stream else b""
            return head + rest
        return self._stream.readline(limit) if self._stream is not None else b""


def _parse(src: Source, raw: bytes, published: str | None) -> Article:
    if src.format == "html":
        return read_html(raw, src.id, published=published)
    return read_txt(raw, src.id, published=published)


def _read_file(src: Source, published: str | None) -> Article:
    try:
        size = src.path.stat().st_size
        if size > limits()["max_bytes"]:
            return Article(id=src.id, text="", published=published, errors=(too_large(size),))
        raw = src.path.read_bytes()
    except OSError as err:
        return Article(id=src.id, text="", published=published, errors=(f"cannot read {src.path}: {err.strerror}",))
    return _parse(src, raw, published)


def _read_jsonl_file(src: Source, published: str | None, prefix: str) -> Iterator[Article]:
    try:
        fh = src.path.open("rb")
    except OSError as err:
        yield Article(id=src.id, text="", errors=(f"cannot read {src.path}: {err.strerror}",))
        return
    with fh:
        head = fh.read(int(limits()["sniff_bytes"]))
        if binary_kind(head):
            yield Article(id=src.id, text="", errors=(decode(head, src.id).error or "binary file",))
            return
        fh.seek(0)
        yield from read_jsonl(fh, published=published, id_prefix=prefix)


def _count_lines(path: Path) -> int:
    n, last = 0, b"\n"
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                n += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return n + (last != b"\n")


def sniff(head: bytes) -> str:
    """The format of a text from its first bytes: ``jsonl`` ("{"), ``html`` ("<"), else ``txt``."""
    first = head.lstrip(_WHITESPACE)[:1]
    return {b"{": "jsonl", b"<": "html"}.get(first, "txt")


def _sniff_file(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            return sniff(fh.read(int(limits()["sniff_bytes"])))
    except OSError:
        return "txt"  # reading it later reports the error on its article


def _folder(path: Path) -> list[Source]:
    files = sorted(
        p for p in path.rglob("*")
        if p.suffix.lower() in SUFFIXES and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )
    if not files:
        raise ReadError(f"{path}: no {', '.join(sorted(SUFFIXES))} files in this folder")
    return [Source(p, SUFFIXES[p.suffix.lower()], p.relative_to(path).with_suffix("").as_posix()) for p in files]


def _source(spec: str | Path, input_format: InputFormat) -> list[Source]:
    path = Path(spec)
    if not path.exists():
        raise InputNotFound(f"{spec}: no such file or folder")
    if path.is_dir():
        return _folder(path)
    if not os.access(path, os.R_OK):
        raise InputNotFound(f"{spec}: permission denied")
    fmt = input_format if input_format != "auto" else SUFFIXES.get(path.suffix.lower()) or _sniff_file(path)
    return [Source(path, fmt, path.stem)]


def open_inputs(specs: Sequence[str | Path], *, published: str | None = None,
                input_format: InputFormat = "auto", stdin: BinaryIO | None = None) -> Inputs:
    """Open articles to read: files (``.txt``, ``.html``, ``.jsonl``), folders of them, ``-`` for stdin.

    Paths are checked now; files are read when the returned Inputs is iterated. An article's id is
    its file name stem (its path below the folder, for a folder), a JSONL record's ``id``, else
    the record's line number (``stem:line`` when several inputs are read).

    Args:
        specs: paths, or ``-`` for standard input.
        published: YYYY-MM-DD for articles whose input states no publication date.
        input_format: ``auto`` picks by file name ending and, for other files and standard input,
            by the first character (``{`` JSON Lines, ``<`` HTML, else text).
        stdin: the stream ``-`` reads (binary); standard input by default.

    Returns:
        The Inputs, to iterate for Articles. Problems with one article (binary, undecodable,
        malformed) are in that Article's ``errors``; the others are still read.

    Raises:
        InputNotFound: a path does not exist or cannot be opened.
        ReadError: no inputs, a folder with no articles, ``-`` given twice, or a bad ``published``.
    """
    published = normalise_date(published, "--published")
    if not specs:
        raise ReadError("no input: give a file, a folder, or - for standard input")
    sources: list[Source] = []
    head = b""
    if sum(str(s) == STDIN for s in specs) > 1:
        raise ReadError("standard input (-) can be read only once")
    for spec in specs:
        if str(spec) != STDIN:
            sources.extend(_source(spec, input_format))
            continue
        stdin = stdin if stdin is not None else sys.stdin.buffer
        fmt = input_format
        if fmt == "auto":
            head = stdin.read(1)
            while head and head[-1:] in _WHITESPACE and len(head) < 1 << 16:
                head += stdin.read(1)
            fmt = sniff(head)
        sources.append(Source(None, fmt, "stdin"))
    logger.debug("inputs: %s", sources)
    return Inputs(sources, published=published, stdin=stdin, stdin_head=head)


def sample_paths(*, batch: bool = False) -> list[Path]:
    """The sample articles bundled with sitrep (synthetic, written by the team; see their README).

    Args:
        batch: only the files that hold each sample once (``samples.jsonl``, which repeats the text
            samples, and the HTML page), to run them all as one batch.

    Returns:
        The files' paths, sorted by name.
    """
    folder = Path(str(_res.files("sitrep") / "samples"))
    paths = sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES)
    return [p for p in paths if p.suffix != ".txt"] if batch else paths
