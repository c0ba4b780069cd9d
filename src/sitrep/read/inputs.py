"""Read stage: files, folders and standard input to a lazy stream of Articles."""

from __future__ import annotations

import logging
import os
import re
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources as _res
from pathlib import Path
from typing import BinaryIO, Literal

from sitrep.errors import InputNotFound, ReadError
from sitrep.read._clean import article, name_of, shown
from sitrep.read._decode import (
    binary_kind,
    decode,
    limits,
    normalise_date,
    sniff_encoding,
    too_large,
)
from sitrep.read._files import cannot_read, open_stream, special_kind, walk
from sitrep.read._lines import count_lines
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
_WHITESPACE = " \t\r\n\f\v\ufeff"
# A line that opens a JSON object with a key (or is "{}"): random bytes almost never do.
_RECORD_START = re.compile(r'[\s\ufeff\x00-\x1f]*\{\s*["}]')
_LINE_END = re.compile(r"\r\n?|\n")
_UNIT = {"utf-16": 2, "utf-16-le": 2, "utf-16-be": 2, "utf-32": 4, "utf-32-le": 4, "utf-32-be": 4}


@dataclass(frozen=True, slots=True)
class Source:
    """One input to read: a file (or standard input, ``path`` None), its format and its id.

    ``error`` says why the input cannot be read at all (a folder without read permission, a
    broken link, a socket); it is reported on the input's Article.
    """

    path: Path | None
    format: str
    id: str
    error: str | None = None


class Inputs:
    """Articles of opened inputs, read lazily and in order; each file is read only when reached."""

    def __init__(self, sources: list[Source], *, published: str | None = None,
                 streams: dict[int, BinaryIO] | None = None, max_bytes: int | None = None) -> None:
        self.sources = sources
        self.published = published
        # Inputs that can be read only once (standard input, a pipe, a device), opened to sniff
        # their format: by their index in sources.
        self._streams = streams or {}
        self._max_bytes = max_bytes or int(limits()["max_bytes"])

    @property
    def single(self) -> bool:
        """Whether the inputs are one article (one text or HTML file or text on standard input)."""
        return len(self.sources) == 1 and self.sources[0].format != "jsonl"

    def count(self) -> int | None:
        """The number of articles, or None where it is not known without reading standard input.

        JSON Lines files are counted by their lines (a quick scan; blank lines are counted too).
        """
        total = 0
        for i, src in enumerate(self.sources):
            if src.format != "jsonl" or src.error:
                total += 1
            elif i in self._streams:
                return None
            else:
                total += _count_lines(src.path)
        return total

    def __iter__(self) -> Iterator[Article]:
        prefix = len(self.sources) > 1
        for i, src in enumerate(self.sources):
            if src.error:
                yield article(src.id, "", published=self.published, errors=(src.error,))
            elif i in self._streams:
                yield from self._read_stream(src, self._streams[i], prefix)
            elif src.format == "jsonl":
                yield from _read_jsonl_file(src, self.published, f"{src.id}:" if prefix else "", self._max_bytes)
            else:
                yield _read_file(src, self.published, self._max_bytes)

    def _read_stream(self, src: Source, stream: BinaryIO, prefix: bool) -> Iterator[Article]:
        name = shown(src.path) if src.path is not None else "standard input"
        try:
            if src.format == "jsonl":
                yield from read_jsonl(stream, published=self.published, max_bytes=self._max_bytes,
                                      id_prefix=f"{src.id}:" if prefix and src.path is not None else "")
                return
            raw = stream.read(self._max_bytes + 1)
        except OSError as err:
            error = f"cannot read {name}: {err.strerror or err}"
            yield article(src.id, "", published=self.published, errors=(error,))
            return
        finally:
            if src.path is not None:
                stream.close()
        if len(raw) > self._max_bytes:
            error = too_large(self._max_bytes, more=True, limit=self._max_bytes)
            yield article(src.id, "", published=self.published, errors=(error,))
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

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def _parse(src: Source, raw: bytes, published: str | None) -> Article:
    if src.format == "html":
        return read_html(raw, src.id, published=published)
    return read_txt(raw, src.id, published=published)


def _read_file(src: Source, published: str | None, max_bytes: int) -> Article:
    try:
        with src.path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                return article(src.id, "", published=published, errors=(too_large(size, limit=max_bytes),))
            # Read with a limit even so: a file can grow, and /proc's files say they are empty.
            raw = fh.read(max_bytes + 1)
    except OSError as err:
        return article(src.id, "", published=published, errors=(cannot_read(src.path, err),))
    if len(raw) > max_bytes:
        error = too_large(max_bytes, more=True, limit=max_bytes)
        return article(src.id, "", published=published, errors=(error,))
    return _parse(src, raw, published)


def _read_jsonl_file(src: Source, published: str | None, prefix: str, max_bytes: int) -> Iterator[Article]:
    try:
        fh = src.path.open("rb")
    except OSError as err:
        yield article(src.id, "", errors=(cannot_read(src.path, err),))
        return
    with fh:
        try:
            refusal = _not_json_lines(fh.read(int(limits()["sniff_bytes"])))
            if refusal:
                yield article(src.id, "", errors=(refusal,))
                return
            fh.seek(0)
            n = 0
            for n, art in enumerate(read_jsonl(fh, published=published, id_prefix=prefix, max_bytes=max_bytes), 1):
                yield art
            if not n:
                logger.warning("%s: no records: the file is empty or its lines are blank", shown(src.path))
        except OSError as err:
            yield article(src.id, "", errors=(cannot_read(src.path, err),))


def _not_json_lines(head: bytes) -> str | None:
    """Why a .jsonl file starting with ``head`` is binary rather than JSON Lines, or None.

    A file with a line that opens a JSON object in its first bytes is read line by line, each
    line its own outcome, even with NUL bytes or a line of binary junk among them; other files
    are refused whole when ``decode`` calls them binary (a file signature, control characters).
    """
    error = decode(head).error
    if error and (binary_kind(head) or not _has_record(head)):
        return error
    return None


def _has_record(head: bytes) -> bool:
    text = head.decode(sniff_encoding(head) or "utf-8", errors="replace")
    return any(_RECORD_START.match(line) for line in _LINE_END.split(text))


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return count_lines(fh)
    except OSError:
        return 1


def sniff(head: bytes) -> str:
    """The format of a text from its first bytes: ``jsonl`` ("{"), ``html`` ("<"), else ``txt``.

    The bytes are read in the encoding ``sniff_encoding`` finds (UTF-8 by default), so a
    UTF-16 file or one with a byte-order mark is sniffed by its first character too.
    """
    text = head.decode(sniff_encoding(head) or "utf-8", errors="replace")
    return {"{": "jsonl", "<": "html"}.get(text.lstrip(_WHITESPACE)[:1], "txt")


def _sniff_file(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            return sniff(fh.read(int(limits()["sniff_bytes"])))
    except OSError:
        return "txt"  # reading it later reports the error on its article


def _read_head(stream: BinaryIO) -> bytes:
    """The first bytes of a stream that can be read only once, up to its first non-blank character."""
    head = stream.read(4)  # room for any byte-order mark
    unit = _UNIT.get(sniff_encoding(head) or "", 1)
    while head and len(head) < 1 << 16:
        text = head.decode(sniff_encoding(head) or "utf-8", errors="replace")
        if text.lstrip(_WHITESPACE):
            break
        more = stream.read(unit)
        if not more:
            break
        head += more
    return head


def _folder(path: Path) -> list[Source]:
    found = walk(path, SUFFIXES)
    if not found:
        raise ReadError(f"{shown(path)}: no {', '.join(sorted(SUFFIXES))} files in this folder")
    return [Source(p, SUFFIXES.get(p.suffix.lower(), "txt"), _relative_id(p, path), error) for p, error in found]


def _relative_id(path: Path, root: Path) -> str:
    rel = path.relative_to(root)
    return name_of((rel.with_suffix("") if rel.suffix.lower() in SUFFIXES else rel).as_posix())


def _opened(path: Path | None, stream: BinaryIO, input_format: InputFormat, id: str) -> tuple[Source, _Prefixed]:
    """A Source for a stream that can be read only once, its format sniffed from its first bytes."""
    fmt = input_format
    if fmt == "auto" and path is not None:
        fmt = SUFFIXES.get(path.suffix.lower(), "auto")
    head = b""
    if fmt == "auto":
        head = _read_head(stream)
        fmt = sniff(head)
    return Source(path, fmt, id), _Prefixed(head, stream)


def _source(spec: str | Path, input_format: InputFormat) -> list[tuple[Source, BinaryIO | None]]:
    path = Path(spec)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        why = "broken symbolic link (its target does not exist)" if path.is_symlink() else "no such file or folder"
        raise InputNotFound(f"{shown(spec)}: {why}") from None
    except OSError as err:
        raise InputNotFound(f"{shown(spec)}: {err.strerror or err}") from None
    if stat.S_ISDIR(mode):
        return [(src, None) for src in _folder(path)]
    kind = special_kind(mode)
    if kind is None:
        if not os.access(path, os.R_OK):
            raise InputNotFound(f"{shown(spec)}: permission denied")
        fmt = input_format if input_format != "auto" else SUFFIXES.get(path.suffix.lower()) or _sniff_file(path)
        return [(Source(path, fmt, name_of(path.stem)), None)]
    return [_special(path, kind, input_format)]


def _special(path: Path, kind: str, input_format: InputFormat) -> tuple[Source, BinaryIO | None]:
    """A pipe or device named as input: opened now, read like standard input (with a limit)."""
    fallback = input_format if input_format != "auto" else "txt"
    if kind == "a socket":
        return Source(path, fallback, name_of(path.stem), f"not a document: {shown(path)} is {kind}"), None
    try:
        stream = open_stream(path, float(limits()["pipe_wait_seconds"]))
    except PermissionError:
        raise InputNotFound(f"{shown(path)}: permission denied") from None
    except (OSError, ReadError) as err:
        reason = str(err) if isinstance(err, ReadError) else cannot_read(path, err)
        return Source(path, fallback, name_of(path.stem), reason), None
    return _opened(path, stream, input_format, name_of(path.stem))


def open_inputs(specs: Sequence[str | Path], *, published: str | None = None,
                input_format: InputFormat = "auto", stdin: BinaryIO | None = None,
                max_bytes: int | None = None) -> Inputs:
    """Open articles to read: files (``.txt``, ``.html``, ``.jsonl``), folders of them, ``-`` for stdin.

    Paths are checked now; files are read when the returned Inputs is iterated. An article's id is
    its file name stem (its path below the folder, for a folder), a JSONL record's ``id``, else
    the record's line number (``stem:line`` when several inputs are read). A named pipe or a
    device (``/dev/stdin``, ``<(command)``) is opened now and read once, like standard input.

    Args:
        specs: paths, or ``-`` for standard input.
        published: YYYY-MM-DD for articles whose input states no publication date.
        input_format: ``auto`` picks by file name ending and, for other files and standard input,
            by the first character (``{`` JSON Lines, ``<`` HTML, else text).
        stdin: the stream ``-`` reads (binary); standard input by default.
        max_bytes: the most bytes read for one text or HTML article or one JSONL line; more is an
            error on that article, and nothing is read past the limit. Default: ``input.max_chars``
            times ``read.max_bytes_per_char`` of thresholds.toml.

    Returns:
        The Inputs, to iterate for Articles. Problems with one article (binary, undecodable,
        malformed, too large) are in that Article's ``errors``; so are files and folders found
        in a folder that cannot be read (no permission, a broken link, a pipe, socket or device).
        The others are still read.

    Raises:
        InputNotFound: a path does not exist or cannot be opened.
        ReadError: no inputs, a folder with no articles, ``-`` given twice, or a bad ``published``.
    """
    published = normalise_date(published, "--published")
    if not specs:
        raise ReadError("no input: give a file, a folder, or - for standard input")
    if sum(str(s) == STDIN for s in specs) > 1:
        raise ReadError("standard input (-) can be read only once")
    sources: list[Source] = []
    streams: dict[int, BinaryIO] = {}
    for spec in specs:
        if str(spec) == STDIN:
            opened = [_opened(None, _stdin(stdin), input_format, "stdin")]
        else:
            opened = _source(spec, input_format)
        for src, stream in opened:
            if stream is not None:
                streams[len(sources)] = stream
            sources.append(src)
    logger.debug("inputs: %s", sources)
    return Inputs(sources, published=published, streams=streams, max_bytes=max_bytes)


def _stdin(stdin: BinaryIO | None) -> BinaryIO:
    if stdin is not None:
        return stdin
    if sys.stdin is None:  # started with standard input closed
        raise ReadError("standard input (-) is closed")
    return sys.stdin.buffer


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
