"""Tests for splitting a byte stream into lines: encodings, line ends, chunk edges, length limits."""

from __future__ import annotations

import codecs
import io

import pytest

import sitrep.read._lines as lines_module
from sitrep.read._lines import count_lines, split_lines, utf8_chunks

TWO = '{"id": "a"}\n{"id": "é"}\n'


def _lines(data: bytes, max_bytes: int = 100) -> list[tuple[int, bytes, int, bool]]:
    return [tuple(line) for line in split_lines(utf8_chunks(io.BytesIO(data)), max_bytes)]


EXPECTED = [(1, b'{"id": "a"}', 11, False), (2, '{"id": "é"}'.encode(), 12, False)]


@pytest.mark.parametrize("data", [
    TWO.encode(),
    TWO.replace("\n", "\r\n").encode(),
    TWO.replace("\n", "\r").encode(),
    codecs.BOM_UTF8 + TWO.encode(),
    TWO.encode("utf-16"), TWO.encode("utf-32"),           # with a byte-order mark
    TWO.encode("utf-16-le"), TWO.encode("utf-16-be"),     # without one: told by the NUL bytes
    TWO.encode("utf-32-le"), TWO.encode("utf-32-be"),
    TWO.replace("\n", "\r").encode("utf-16"),
])
@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
def test_lines_any_encoding_and_line_end(monkeypatch, data, chunk):
    # Reads of one or three bytes split BOMs, code units and CRLF pairs: the result is the same.
    monkeypatch.setattr(lines_module, "CHUNK", chunk)
    assert _lines(data) == EXPECTED
    assert count_lines(io.BytesIO(data)) == 2


@pytest.mark.parametrize("data, expected", [
    (b"a\n\nb", [(1, b"a", 1, False), (2, b"", 0, False), (3, b"b", 1, False)]),
    (b"a\r\n\r\n", [(1, b"a", 1, False), (2, b"", 0, False)]),
    (b"", []),
])
def test_lines_blank_and_last_lines(data, expected):
    assert _lines(data) == expected
    assert count_lines(io.BytesIO(data)) == len(expected)


@pytest.mark.parametrize("chunk", [7, 1 << 20])
def test_lines_over_the_limit_are_skipped_unkept(monkeypatch, chunk):
    monkeypatch.setattr(lines_module, "CHUNK", chunk)
    assert _lines(b"x" * 50 + b"\nok\n", max_bytes=10) == [(1, b"", 50, False), (2, b"ok", 2, False)]


class _Endless(io.RawIOBase):
    """A stream of zero bytes that never ends, like /dev/zero."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = bytes(len(buffer))
        return len(buffer)


def test_lines_endless_line_stops_at_the_skip_limit():
    (line,) = split_lines(utf8_chunks(io.BufferedReader(_Endless())), 1000)
    assert line.last and line.raw == b"" and 16_000 < line.size <= 16_000 + lines_module.CHUNK
