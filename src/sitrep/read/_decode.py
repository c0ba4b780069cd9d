"""Read stage: bytes to text, telling text from binary and damaged UTF-8 from legacy encodings."""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from sitrep.errors import ReadError
from sitrep.resources import thresholds

logger = logging.getLogger(__name__)

#: File signatures of formats people mistake for articles, named in the error.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (.docx, .xlsx, .epub, .zip)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an Office 97 document (.doc, .xls)"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Code units of Latin-alphabet text without a BOM: the encoding, the unit's size, the bytes of
# each unit that are NUL and the one that holds the character. 90%/10%: curly quotes and dashes
# (U+201C, U+2013) put a non-NUL byte where ASCII has NUL; binary data rarely has this rhythm, and
# what does is refused by its control characters once decoded.
_UNITS: tuple[tuple[str, int, tuple[int, ...], int], ...] = (
    ("utf-32-le", 4, (1, 2, 3), 0), ("utf-32-be", 4, (0, 1, 2), 3),
    ("utf-16-le", 2, (1,), 0), ("utf-16-be", 2, (0,), 1),
)
# Unicode's control characters (category Cc) other than the whitespace ones and ESC.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_SUPPORTED = "sitrep reads plain text, HTML or JSON Lines"


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with the encoding used and a fatal problem if there is one."""

    text: str
    encoding: str
    error: str | None = None


@cache
def limits() -> dict[str, int | float]:
    """The reader's limits: ``[read]`` of thresholds.toml plus ``max_chars`` and ``max_bytes``."""
    read = dict(thresholds()["read"])
    read["max_chars"] = thresholds()["input"]["max_chars"]
    read["max_bytes"] = read["max_chars"] * read["max_bytes_per_char"]
    return read


def too_large(n_bytes: int, *, more: bool = False, limit: int | None = None) -> str:
    """The error for an input of ``n_bytes`` (``more``: over ``n_bytes``), refused before decoding.

    ``limit`` is the byte limit applied when it is not the default one (a caller's ``max_bytes``).
    """
    size = f"more than {n_bytes:,}" if more else f"{n_bytes:,}"
    bound = (f"{limit:,} bytes" if limit is not None and limit != limits()["max_bytes"]
             else f"{limits()['max_chars']:,} characters")
    return f"document too large: {size} bytes, over the limit of {bound} (split it into articles)"


def binary_kind(head: bytes) -> str | None:
    """What a file starting with ``head`` is, if its signature says it is a binary format; else None.

    NUL bytes alone do not make a file binary here: ``decode`` weighs them with the other control
    characters, so a text with a stray NUL is read (the NUL becomes a space) and binary data is not.
    """
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def sniff_encoding(head: bytes) -> str | None:
    """The UTF-16 or UTF-32 (or BOM-marked UTF-8) encoding of a text starting with ``head``; else None.

    A byte-order mark decides. Without one, the NUL bytes of UTF-16/32 text in the Latin alphabet
    fall at fixed places in each code unit (RFC 4627's way of telling JSON's encodings apart).
    """
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[:256]
    sample = sample[: len(sample) - len(sample) % 4]
    if len(sample) < 4:
        return None
    for encoding, size, nuls, char in _UNITS:
        if all(_nul_share(sample, i, size) >= 0.9 for i in nuls) and _nul_share(sample, char, size) <= 0.1:
            return encoding
    return None


def _nul_share(sample: bytes, first: int, step: int) -> float:
    units = sample[first::step]
    return units.count(0) / len(units)


def _control_share(text: str) -> float:
    sample = text[: int(limits()["sniff_bytes"])]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def decode(raw: bytes, name: str = "input", *, encoding: str | None = None) -> Decoded:
    """Decode an input's bytes to text.

    UTF-8 is expected. A byte-order mark selects UTF-8/16/32, and so does the NUL rhythm of
    UTF-16/32 without one (``sniff_encoding``). Bytes that are not UTF-8 are read as Windows-1252
    when the text has no valid multi-byte UTF-8 at all (a legacy file), and as UTF-8 with U+FFFD
    replacements otherwise (a damaged file); either way a warning is logged, and the text is only
    refused when most of it is unreadable. The text is returned as decoded: readers pass it
    through ``clean_text`` (NUL and other control characters) when they build the Article.

    Args:
        raw: the bytes as read.
        name: the input's id, for log messages.
        encoding: decode with this codec (undecodable bytes replaced) instead of sniffing one.

    Returns:
        The text and encoding; ``error`` says why the bytes are not a usable text, if they are not.
    """
    kind = binary_kind(raw)
    if kind:
        return Decoded("", "binary", f"binary file: this looks like {kind}; {_SUPPORTED}")
    encoding = encoding or sniff_encoding(raw)
    if encoding:
        text = raw.decode(encoding, errors="replace")
    else:
        encoding = "utf-8"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            text, encoding = _recover(raw, name, err)
    if _control_share(text) > limits()["control_char_share"]:
        if "\x00" in text[: int(limits()["sniff_bytes"])]:
            found = "this looks like binary data (it contains NUL bytes)"
        else:
            found = "too many control characters for text"
        return Decoded("", encoding, f"binary file: {found}; {_SUPPORTED}")
    if text:
        bad = text.count("\ufffd") / len(text)
        if bad > limits()["replacement_share"]:
            return Decoded("", encoding, f"invalid UTF-8: {bad:.0%} of the characters could not be decoded; "
                                         "save the file as UTF-8")
    return Decoded(text, encoding)


def _recover(raw: bytes, name: str, err: UnicodeDecodeError) -> tuple[str, str]:
    text = raw.decode("utf-8", errors="replace")
    if any(ord(ch) > 127 and ch != "\ufffd" for ch in text):
        logger.warning("%s: invalid UTF-8 at byte %d; undecodable bytes replaced with U+FFFD", name, err.start)
        return text, "utf-8"
    # No valid multi-byte sequence anywhere: a legacy single-byte file (curly quotes as 0x93/0x94...).
    logger.warning("%s: not UTF-8 (byte %d); read as Windows-1252", name, err.start)
    return raw.decode("cp1252", errors="replace"), "cp1252"


def normalise_date(value: object, name: str = "input") -> str | None:
    """A ``published`` value as YYYY-MM-DD: ISO dates and datetimes are accepted.

    Raises:
        ReadError: the value is not an ISO date.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10]).isoformat()
        except ValueError:
            pass
    raise ReadError(f"{name}: published date {value!r} is not YYYY-MM-DD")
