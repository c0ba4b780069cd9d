"""Serve stage: what the ``sitrep`` commands share: the error console, failing with a status, input formats."""

from __future__ import annotations

from enum import Enum

import typer
from rich.console import Console

#: Everything that is not results (warnings, progress, summaries) goes to standard error.
err_console = Console(stderr=True)


class InputFormat(str, Enum):
    """How inputs are read (``extract`` and ``ingest``)."""

    auto = "auto"
    txt = "txt"
    html = "html"
    jsonl = "jsonl"


#: Exit statuses of every command (the README lists them).
EXIT_OK = 0
#: a fault of sitrep's own: a bug (Python's status for an uncaught exception) or a broken installation
EXIT_BUG = 1
#: bad options, or an input, output or store that cannot be opened or written: nothing was done
#: (or the run could not go on); Click uses 2 for usage errors too
EXIT_USAGE = 2
#: the run went through every document, but some failed (each reported with its reason)
EXIT_FAILED = 3
#: --strict, and some documents failed
EXIT_STRICT = 4


def fail(err: Exception | str, code: int) -> typer.Exit:
    """Print ``err`` on standard error and return the Exit to raise with ``code``."""
    # Messages name files and documents: brackets in them are text, never Rich markup.
    err_console.print(f"sitrep: {err}", style="red", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def documents_status(failed: int, strict: bool) -> int:
    """The exit status of a run that went through every document, ``failed`` of them failing."""
    return EXIT_OK if not failed else EXIT_STRICT if strict else EXIT_FAILED
