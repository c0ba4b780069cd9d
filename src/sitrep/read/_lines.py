"""Read stage: a byte stream to bounded UTF-8 lines, whatever its Unicode encoding and line ends."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO, NamedTuple

from sitrep.read._decode import sniff_encoding

# Bytes asked of the stream at a time: the most held beyond one line.
CHUNK = 1 << 20
# CRLF, CR or LF: JSON strings cannot hold a raw CR or LF, so each is a line end.
_BREAK = re.compile(rb"\r\n?|\n")
# An over-long line is skipped to its end, but a stream with no line end within this many times
# the line limit (128 MB by default) is not JSON Lines (/dev/zero, a binary file): stop reading it.
_SKIP_FACTOR = 16


class Line(NamedTuple):
    """One line: its number, its UTF-8 bytes without the line end, and its size in bytes.

    ``raw`` is empty when the line is over the limit (``size`` says by how much); ``last`` is set
    on such a line when no line end came within the skip limit and the rest of the stream is unread.
    """

    number: int
    raw: bytes
    size: int
    last: bool = False


def utf8_chunks(stream: BinaryIO) -> Iterator[bytes]:
    """The stream's bytes in chunks of UTF-8: a UTF-8 BOM dropped, UTF-16/32 decoded as it is read.

    The encoding is taken from the first chunk (``sniff_encoding``: a BOM, or UTF-16/32's NUL
    rhythm); other streams are passed on as they are, for the line's own ``decode``.
    """
    first = stream.read(CHUNK)
    while len(first) < 4 and (more := stream.read(CHUNK)):
        first += more  # a short read (a pipe): a BOM needs up to four bytes
    encoding = sniff_encoding(first)
    if encoding is None or encoding == "utf-8-sig":
        yield first[len(codecs.BOM_UTF8):] if encoding else first
        while chunk := stream.read(CHUNK):
            yield chunk
        return
    # Decoded incrementally: a code unit split between two reads is joined, never replaced.
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    chunk = first
    while chunk:
        yield decoder.decode(chunk).encode("utf-8", errors="replace")
        chunk = stream.read(CHUNK)
    yield decoder.decode(b"", final=True).encode("utf-8", errors="replace")


def split_lines(chunks: Iterable[bytes], max_bytes: int, first: int = 1) -> Iterator[Line]:
    """Lines of a stream of chunks, ended by LF, CRLF or CR, none held longer than ``max_bytes``.

    Args:
        chunks: the stream's bytes, e.g. ``utf8_chunks(stream)``.
        max_bytes: the longest line kept; a longer one is yielded with empty ``raw`` and its size.
        first: the number of the first line.

    Yields:
        Each line, blank ones included; the last one even without a line end.
    """
    n, parts, size, cr = first, [], 0, False
    for chunk in chunks:
        if not chunk:
            continue
        if cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]  # the LF of a CRLF that the read split
        cr = chunk.endswith(b"\r")
        start = 0
        for brk in _BREAK.finditer(chunk):
            size += brk.start() - start
            if size <= max_bytes:
                parts.append(chunk[start:brk.start()])
            yield Line(n, b"".join(parts) if size <= max_bytes else b"", size)
            n, parts, size, start = n + 1, [], 0, brk.end()
        size += len(chunk) - start
        if size <= max_bytes:
            if start < len(chunk):
                parts.append(chunk[start:])
        else:
            parts = []  # over the limit: count the rest of the line, keep none of it
            if size > max_bytes * _SKIP_FACTOR:
                yield Line(n, b"", size, last=True)
                return
    if size:
        yield Line(n, b"".join(parts) if size <= max_bytes else b"", size)


def count_lines(stream: BinaryIO) -> int:
    """The number of lines ``split_lines`` finds in the stream, counted without keeping any."""
    n, cr, tail = 0, False, b""
    for chunk in utf8_chunks(stream):
        if not chunk:
            continue
        n += chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n") - (cr and chunk.startswith(b"\n"))
        cr, tail = chunk.endswith(b"\r"), chunk[-1:]
    return n + (tail not in (b"", b"\n", b"\r"))
