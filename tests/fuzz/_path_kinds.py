"""Fuzz inputs: the filesystem classes: odd file and folder names, and permissions and special files.

A name's ``/`` makes a subfolder (``no[/x].txt`` is the file ``x].txt`` in the folder ``no[``);
names that are not UTF-8 are written through ``os.fsdecode`` (lone surrogates in Python's view).
"""

from __future__ import annotations

import os
import random

from . import _text as t
from ._model import Draft, FuzzFile

#: Stems that break markup, shells, terminals, id parsing or path handling.
ODD_STEMS = (
    "no[/x]", "[bold]x[/bold]", "[red]alert", "[/]", "[link=https://example.org]x", "[[double]]", "x]",
    "[/x]", "[b", ":smile: day", "%s%n%x", "{0}{name}", "$(touch pwned)", "`id`", "a  b", " lead", "trail ",
    "new\nline", "tab\there", "car\rriage", "caf\u00e9", "Zu\u0308rich", "中文报道", "العربية", "\U0001f680 launch",
    "rtl\u202etxt.exe", "zero\u200bwidth", "a:b:c", "x:1", "x#1?y*", '"quoted"', "'single'", "<tag>", "a|b",
    "back\\slash", "-", "--help", "-o", "x.txt", "x..", "\x1b[31mred\x1b[0m", "bell\x07", "ctl\x01\x02",
    "\u00a0nbsp", "e\u0301\u0301\u0301", "\ufeffbom", "~user", "${HOME}", "a;rm -rf b", "NUL", "con",
    "[b]/x", "new\nline/x", "deep/[er]/and [deeper]/x",
)


def _content(rng: random.Random, marker: str, suffix: str) -> tuple[bytes, int]:
    """A small well-formed document for the suffix, and how many documents it holds."""
    if suffix.lower() in (".jsonl", ".ndjson"):
        lines = t.records(rng, marker, rng.randint(1, 3))
        return t.join_lines(lines).encode(), len(lines)
    if suffix.lower().startswith((".htm", ".xht")):
        return t.html_page(rng).encode(), 1
    return t.article(rng).encode(), 1


def names_odd(rng: random.Random, marker: str) -> Draft:
    stem = rng.choice(ODD_STEMS)
    suffix = rng.choice((".txt", ".txt", ".html", ".jsonl", ".TXT", ".Html", ".JSONL", ".text"))
    data, docs = _content(rng, marker, suffix)
    return Draft("names/odd-characters", f"a file named {stem + suffix!r}", [FuzzFile(stem + suffix, data)], docs=docs)


def names_not_utf8(rng: random.Random, marker: str) -> Draft:
    raw = rng.choice((b"caf\xe9", b"\xff\xfe", b"na\xefve report", b"\x80\x81", b"\xc3(", b"ok\xed\xa0\x80"))
    suffix = rng.choice((".txt", ".html", ".jsonl"))
    data, docs = _content(rng, marker, suffix)
    return Draft("names/not-utf8", f"a file named with the bytes {raw!r} + {suffix}",
                 [FuzzFile(os.fsdecode(raw) + suffix, data)], docs=docs)


def names_long(rng: random.Random, marker: str) -> Draft:
    style = rng.choice(("ascii", "wide", "deep"))
    if style == "ascii":
        path = "n" * rng.randint(200, 250) + ".txt"
    elif style == "wide":
        path = "报" * rng.randint(60, 80) + ".txt"  # three bytes a character: up to 244 bytes
    else:
        # Under PATH_MAX (4,096 bytes) with the harness's temp folder in front.
        path = "/".join("d" * rng.randint(50, 200) for _ in range(rng.randint(10, 18))) + "/x.txt"
    data, docs = _content(rng, marker, ".txt")
    return Draft(f"names/long-{style}", f"a file at a {len(os.fsencode(path))}-byte {style} path",
                 [FuzzFile(path, data)], docs=docs)


def names_collide(rng: random.Random, marker: str) -> Draft:
    stem = rng.choice(("dup", "[b]dup", "a b"))
    suffixes = rng.sample((".txt", ".html", ".htm", ".text", ".jsonl"), rng.randint(2, 3))
    files, docs = [], 0
    for s in suffixes:
        data, n = _content(rng, marker, s)
        files.append(FuzzFile(stem + s, data))
        docs += n
    return Draft("names/same-stem", f"files {', '.join(stem + s for s in suffixes)} (one id stem)", files, docs=docs)


def names_folder_txt(rng: random.Random, marker: str) -> Draft:
    data, docs = _content(rng, marker, ".txt")
    return Draft("names/folder-with-suffix", "a folder named folder.txt holding a document",
                 [FuzzFile("folder.txt", kind="dir"), FuzzFile("folder.txt/inner.txt", data)], docs=docs)


NAMES = {"odd": names_odd, "not-utf8": names_not_utf8, "long": names_long, "collide": names_collide,
         "folder-suffix": names_folder_txt}


# ── permissions and special files ──────────────────────────────────────────────────────────────

def perm_unreadable_file(rng: random.Random, marker: str) -> Draft:
    suffix = rng.choice((".txt", ".html", ".jsonl"))
    mode = rng.choice((0o000, 0o200))
    data, docs = _content(rng, marker, suffix)
    # Its records cannot be counted without reading it: one error (or warning) for the file will do.
    return Draft("permissions/unreadable-file", f"a {suffix} file with mode {mode:03o}",
                 [FuzzFile("locked" + suffix, data, mode=mode)], docs=docs, whole_ok=True, reported_ok=True,
                 needs_permissions=True)


def perm_unreadable_folder(rng: random.Random, marker: str) -> Draft:
    mode, what = rng.choice(((0o000, "no permissions"), (0o311, "no read permission (cannot be listed)"),
                             (0o644, "no search permission (names listed, files cannot be opened)")))
    files, docs = [], 0
    for k in range(rng.randint(1, 3)):
        suffix = rng.choice((".txt", ".html", ".jsonl"))
        data, n = _content(rng, marker, suffix)
        files.append(FuzzFile(f"closed/doc{k}{suffix}", data))
        docs += n
    files.append(FuzzFile("closed", kind="dir", mode=mode))  # modes are applied after every file is written
    return Draft("permissions/unreadable-folder", f"a folder with mode {mode:03o} ({what}) holding {docs} documents",
                 files, docs=docs, whole_ok=True, reported_ok=True, needs_permissions=True)


def perm_special(rng: random.Random, marker: str) -> Draft:
    what = rng.choice(("dangling-symlink", "symlink-loop", "dev-zero", "fifo", "dir-loop"))
    if what == "dangling-symlink":
        files = [FuzzFile("gone.txt", kind="symlink", target="nowhere/missing.txt")]
    elif what == "symlink-loop":
        files = [FuzzFile("loop.txt", kind="symlink", target="loop2.txt"),
                 FuzzFile("loop2.txt", kind="symlink", target="loop.txt")]
    elif what == "dev-zero":
        files = [FuzzFile("zero.txt", kind="symlink", target="/dev/zero")]
    elif what == "fifo":
        files = [FuzzFile("pipe.txt", kind="fifo")]
    else:
        data, _ = _content(rng, marker, ".txt")
        return Draft("permissions/special-dir-loop", "a document beside a symlink to its own folder",
                     [FuzzFile("real.txt", data), FuzzFile("again", kind="symlink", target=".")], extra_ok=True)
    # Not readable documents: a warning naming them (or an error record each) is their outcome.
    return Draft(f"permissions/special-{what}", f"a {what.replace('-', ' ')} named like a document", files,
                 docs=len(files), reported_ok=True, whole_ok=True)


PERMISSIONS = {"unreadable-file": perm_unreadable_file, "unreadable-folder": perm_unreadable_folder,
               "special": perm_special}
