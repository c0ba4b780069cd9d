"""Read stage: the one place where read text is made safe to parse and to write out.

Every reader builds its Article through ``article``, so NUL and other control characters never
reach lxml or spaCy, and lone surrogates (from JSON's ``\\ud800`` escapes) never reach the UTF-8
encoder that writes sitrep's output. Each bad character becomes exactly one character, so a
character offset into the cleaned text points at the same character as in the text as read.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sitrep.types import Article

# C0 control characters other than tab, newline and carriage return, and DEL: lxml refuses them
# ("All strings must be XML compatible") and they are never text. C1 controls (U+0080-U+009F) are
# kept: in real feeds they are Windows-1252 punctuation read as Latin-1 (an apostrophe as U+0092),
# which lxml and JSON accept, and a space in their place would lose the punctuation.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Lone surrogates cannot be written as UTF-8; U+FFFE and U+FFFF are not characters, and lxml
# refuses them like control characters.
_NOT_CHARACTER = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A carriage return that does not start a CRLF pair: an old Mac line end, read as a newline.
_LONE_CR = re.compile(r"\r(?!\n)")
_SHOWN = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """``text`` with each unsafe character replaced by one safe one, so offsets stay right.

    Control characters other than tab, newline and carriage return become a space, lone
    surrogates and the non-characters U+FFFE and U+FFFF become U+FFFD, and a carriage return
    not followed by a newline a newline.

    Args:
        text: text as decoded or as a JSON string gave it.

    Returns:
        The text, the same length as ``text``.
    """
    if _CONTROL.search(text):
        text = _CONTROL.sub(" ", text)
    if _NOT_CHARACTER.search(text):
        text = _NOT_CHARACTER.sub("\ufffd", text)
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    return text


def article(id: str, text: str, *, errors: tuple[str, ...] = (), **meta: str | None) -> Article:
    """An Article whose id, text, metadata and errors have all been through ``clean_text``."""
    fields = {k: clean_text(v) if isinstance(v, str) else v for k, v in meta.items()}
    return Article(id=clean_text(id), text=clean_text(text), errors=tuple(clean_text(e) for e in errors), **fields)


def name_of(path: str | os.PathLike[str]) -> str:
    """A file name or path as text that can be written out: bytes that are not UTF-8 as ``\\xe9``."""
    name = os.fspath(path)
    if _SURROGATE.search(name):  # Python keeps undecodable bytes of a file name as lone surrogates
        name = os.fsencode(name).decode("utf-8", errors="backslashreplace")
    return name


def shown(path: str | Path) -> str:
    """A path for an error message: on one line, control characters escaped (``\\n``), never raw bytes."""
    return _SHOWN.sub(lambda m: repr(m.group())[1:-1], name_of(path))
