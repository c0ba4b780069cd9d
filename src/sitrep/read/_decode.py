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


def too_large(n_bytes: int, *, more: bool = False) -> str:
    """The error for an input of ``n_bytes`` (``more``: over ``n_bytes``), refused before decoding."""
    size = f"more than {n_bytes:,}" if more else f"{n_bytes:,}"
    return (f"document too large: {size} bytes, over the limit of {limits()['max_chars']:,} characters "
            "(split it into articles)")


def binary_kind(head: bytes) -> str | None:
    """What a file starting with ``head`` is, if it is binary rather than text; else None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None  # UTF-16/32 text has NUL bytes but is text
    if b"\x00" in head[: int(limits()["sniff_bytes"])]:
        return "binary data (it contains NUL bytes)"
    return None


def _control_share(text: str) -> float:
    sample = text[: int(limits()["sniff_bytes"])]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def decode(raw: bytes, name: str = "input") -> Decoded:
    """Decode an input's bytes to text.

    UTF-8 is expected. A byte-order mark selects UTF-8/16/32. Bytes that are not UTF-8 are read
    as Windows-1252 when the text has no valid multi-byte UTF-8 at all (a legacy file), and as
    UTF-8 with U+FFFD replacements otherwise (a damaged file); either way a warning is logged,
    and the text is only refused when most of it is unreadable.

    Args:
        raw: the bytes as read.
        name: the input's id, for log messages.

    Returns:
        The text and encoding; ``error`` says why the bytes are not a usable text, if they are not.
    """
    kind = binary_kind(raw)
    if kind:
        return Decoded("", "binary", f"binary file: this looks like {kind}; {_SUPPORTED}")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            text = raw.decode(encoding, errors="replace")
            break
    else:
        encoding = "utf-8"
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            text, encoding = _recover(raw, name, err)
    if _control_share(text) > limits()["control_char_share"]:
        return Decoded("", encoding, f"binary file: too many control characters for text; {_SUPPORTED}")
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
