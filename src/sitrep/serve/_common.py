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


def fail(err: Exception, code: int) -> typer.Exit:
    """Print ``err`` on standard error and return the Exit to raise with ``code``."""
    err_console.print(f"[red]sitrep: {err}[/red]", highlight=False)
    return typer.Exit(code)
