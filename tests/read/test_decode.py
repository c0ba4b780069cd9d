"""Tests for the read stage's decoding: text versus binary, damaged UTF-8, legacy encodings, dates."""

from __future__ import annotations

import codecs
import gzip
import random

import pytest

from sitrep.errors import ReadError
from sitrep.read import decode, normalise_date
from sitrep.read._decode import sniff_encoding

ENGLISH = "Shelling killed two people in the town on Monday, the governor said. "


def _noise(seed: int, size: int = 8192) -> bytes:
    """Bytes drawn from a seeded generator, without NULs (so no NUL sniff refuses them first)."""
    return random.Random(seed).randbytes(size).replace(b"\x00", b"")


@pytest.mark.parametrize("raw, text, encoding", [
    (ENGLISH.encode("utf-8"), ENGLISH, "utf-8"),
    ("Café “quoted” – Kyiv".encode(), "Café “quoted” – Kyiv", "utf-8"),
    (codecs.BOM_UTF8 + b"With a BOM.", "With a BOM.", "utf-8-sig"),
    ("UTF-16 text.".encode("utf-16"), "UTF-16 text.", "utf-16"),
    # A legacy Windows file: curly quotes as single bytes, no valid UTF-8 multi-byte sequence.
    (b"\x93We were asleep,\x94 he said. Caf\xe9.", "“We were asleep,” he said. Café.", "cp1252"),
    (b"", "", "utf-8"),
])
def test_decode_reads_text(raw, text, encoding):
    decoded = decode(raw)
    assert (decoded.text, decoded.encoding, decoded.error) == (text, encoding, None)


@pytest.mark.parametrize("raw", [
    # Valid UTF-8 (é as two bytes) with one stray byte: a damaged file, read with one replacement.
    "Caf\u00e9 ".encode("utf-8") + b"\xff" + ENGLISH.encode("utf-8"),
])
def test_decode_replaces_a_few_bad_bytes(raw, caplog):
    decoded = decode(raw, "damaged")
    assert decoded.error is None
    assert decoded.text.count("\ufffd") == 1 and decoded.text.startswith("Café")
    assert "invalid UTF-8" in caplog.text


@pytest.mark.parametrize("raw, reason", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (gzip.compress(ENGLISH.encode()), "gzip"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (_noise(0, 4096) + b"\x00", "NUL bytes"),
    (b"\x00" * 64 + b"MZ header", "NUL bytes"),
    (bytes(range(1, 32)) * 20, "control characters"),
    # Mostly invalid UTF-8 mixed with valid multi-byte sequences: unreadable.
    ("é".encode() + b"\xff\xfe\xfa\xfb" * 50, "invalid UTF-8"),
])
def test_decode_refuses_binary_and_garbage(raw, reason):
    decoded = decode(raw)
    assert decoded.text == ""
    assert decoded.error is not None and reason in decoded.error


@pytest.mark.parametrize("raw, text", [
    # A stray NUL does not make a text binary: it is kept here and replaced by the readers.
    (b"text then a NUL \x00 byte, in a report long enough to weigh it", "text then a NUL \x00 byte"),
])
def test_decode_stray_nul_is_text(raw, text):
    decoded = decode(raw)
    assert decoded.error is None and decoded.text.startswith(text)


@pytest.mark.parametrize("raw, encoding", [
    (codecs.BOM_UTF8 + b"x", "utf-8-sig"),
    ("Text.".encode("utf-16"), "utf-16"), ("Text.".encode("utf-32"), "utf-32"),
    ("Text, no BOM.".encode("utf-16-le"), "utf-16-le"), ("Text, no BOM.".encode("utf-16-be"), "utf-16-be"),
    ("Text, no BOM.".encode("utf-32-le"), "utf-32-le"), ("Text, no BOM.".encode("utf-32-be"), "utf-32-be"),
    ("Text with “quotes” – and dashes.".encode("utf-16-le"), "utf-16-le"),
    (b"Plain ASCII.", None), (b"A NUL\x00 here", None), (b"", None),
])
def test_decode_sniff_encoding(raw, encoding):
    assert sniff_encoding(raw) == encoding


@pytest.mark.parametrize("text, encoding", [
    ("UTF-32 text.", "utf-32"), ("UTF-16 text without a BOM.", "utf-16-le"), ("UTF-32 big-endian.", "utf-32-be"),
])
def test_issue_13_decode_utf16_and_utf32(text, encoding):
    decoded = decode(text.encode(encoding))
    assert (decoded.text, decoded.error) == (text, None)


@pytest.mark.parametrize("raw", [_noise(seed) for seed in (1, 2, 3)])
def test_decode_binary_scores_over_control_threshold(raw):
    # thresholds.toml's control_char_share (0.05) is backed by this: binary data with no NUL and no
    # signature is refused for its control characters, before the share of undecodable bytes is weighed.
    decoded = decode(raw)
    assert decoded.text == ""
    assert decoded.error is not None and "too many control characters" in decoded.error


@pytest.mark.parametrize("controls, refused", [(4, False), (6, True)])
def test_decode_control_share_threshold(controls, refused):
    # 100 characters of which 4 or 6 are control characters: under and over the 5% limit.
    raw = ("\x01" * controls + "a" * (100 - controls)).encode()
    decoded = decode(raw)
    assert (decoded.error is not None) is refused
    assert decoded.text == ("" if refused else raw.decode())


@pytest.mark.parametrize("value, expected", [
    ("2024-03-05", "2024-03-05"),
    ("2024-03-05T10:00:00Z", "2024-03-05"),
    (" 2024-03-05 ", "2024-03-05"),
    (None, None),
    ("", None),
])
def test_decode_normalise_date(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "05/03/2024", "2024-13-01", 20240305])
def test_decode_normalise_date_refuses(value):
    with pytest.raises(ReadError, match="not YYYY-MM-DD"):
        normalise_date(value)
