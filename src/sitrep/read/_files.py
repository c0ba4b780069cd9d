"""Read stage: the files under a folder and the pipes and devices named as inputs, each problem named."""

from __future__ import annotations

import logging
import os
import select
import stat
from pathlib import Path
from typing import BinaryIO

from sitrep.errors import ReadError
from sitrep.read._clean import shown

logger = logging.getLogger(__name__)

#: What a file that is neither a regular file nor a folder is, for error messages.
_KINDS: tuple[tuple[object, str], ...] = (
    (stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
)


def special_kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is when it is not a regular file or a folder; else None."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return None


def walk(root: Path, suffixes: set[str] | dict[str, str]) -> list[tuple[Path, str | None]]:
    """The files under ``root`` whose names end in one of ``suffixes``, and what stops each being read.

    Hidden files and folders (a name starting with ".") are left out; files with other endings
    are left out with a warning naming them (one per folder); symbolic links to files are
    followed, links to folders are not (a link can loop), and each one met is logged. The walk
    keeps its own stack, so no depth of folders exhausts Python's.

    Args:
        root: the folder named as input.
        suffixes: the file name endings to read, lower case with the dot.

    Returns:
        ``(path, None)`` for each file to read and ``(path, reason)`` for each file or folder that
        cannot be (a folder without read permission, a broken link, a pipe, socket or device),
        sorted by path.

    Raises:
        ReadError: ``root`` itself cannot be listed.
    """
    found: list[tuple[Path, str | None]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as err:
            if folder == root:
                raise ReadError(f"{shown(root)}: cannot read this folder: {err.strerror or err}") from None
            found.append((folder, f"cannot read folder {shown(folder)}: {err.strerror or err}"))
            continue
        others = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if _is_folder(entry):
                stack.append(path)
            elif _is_linked_folder(entry):
                logger.warning("%s: a symbolic link to a folder; not followed", shown(path))
            elif path.suffix.lower() in suffixes:
                found.append((path, _unreadable(entry, path)))
            else:
                others.append(entry.name)
        if others:
            _report_skipped(folder, sorted(others), suffixes)
    return sorted(found)


def _report_skipped(folder: Path, names: list[str], suffixes: set[str] | dict[str, str]) -> None:
    """One warning per folder for the files whose endings sitrep does not read (PDFs, images...)."""
    shown_names = ", ".join(shown(n) for n in names[:5]) + (", ..." if len(names) > 5 else "")
    logger.warning("%s: %d file%s skipped, not %s: %s", shown(folder), len(names), "s" * (len(names) > 1),
                   "/".join(sorted(suffixes)), shown_names)


def cannot_read(path: str | Path, err: OSError) -> str:
    """The one-line error for a file that cannot be opened or read."""
    return f"cannot read {shown(path)}: {err.strerror or err}"


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _is_linked_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def _unreadable(entry: os.DirEntry, path: Path) -> str | None:
    """Why a file found in a folder cannot be read as a document, or None when it can be tried."""
    try:
        mode = entry.stat().st_mode
    except FileNotFoundError:
        if entry.is_symlink():
            return f"broken symbolic link: {shown(path)} points to {shown(_target(path))}, which does not exist"
        return f"cannot read {shown(path)}: it was removed while the folder was read"
    except OSError as err:
        return cannot_read(path, err)
    kind = special_kind(mode)
    # Never opened: a pipe with no writer would wait for ever, a device can be endless.
    return f"not a document: {shown(path)} is {kind}" if kind else None


def _target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"


def open_stream(path: Path, wait_seconds: float) -> BinaryIO:
    """Open a named pipe or a device for reading, without waiting for ever on a pipe no one writes to.

    Args:
        path: the pipe or device.
        wait_seconds: how long to wait for a pipe's first bytes (or its writer closing it).

    Returns:
        The stream, in blocking mode; the caller reads it with a limit.

    Raises:
        OSError: it cannot be opened.
        ReadError: nothing came through the pipe within ``wait_seconds``.
    """
    # O_NONBLOCK: opening a pipe for reading blocks until a writer opens it; this open never does.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if stat.S_ISFIFO(os.fstat(fd).st_mode):
            ready, _, _ = select.select([fd], [], [], wait_seconds)
            if not ready:
                raise ReadError(f"{shown(path)}: nothing was written to this pipe within {wait_seconds:g} s")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
