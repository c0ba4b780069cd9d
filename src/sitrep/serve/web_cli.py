"""Serve stage: the ``sitrep serve`` command, the local web app over a store (hooked in by :func:`register`)."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from sitrep.errors import SitrepError
from sitrep.store import DEFAULT_DB

logger = logging.getLogger(__name__)
err_console = Console(stderr=True)

EXIT_ERROR = 2  # serve/_common.EXIT_USAGE: the server cannot start as asked


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    db: Annotated[str, typer.Option("--db", envvar="SITREP_DB",
                                    help="Database to browse: a SQLite file or a postgresql:// URL (env SITREP_DB).")]
    = DEFAULT_DB,
    host: Annotated[str, typer.Option(help="Address to listen on. Only this machine can connect unless you "
                                           "give another (0.0.0.0 for every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="SITREP_TOKEN", help="Accept POST /api/articles (store an article) and POST /api/extract "
                                    "from clients sending 'Authorization: Bearer TOKEN' (env SITREP_TOKEN). "
                                    "Without it the app is read-only.")]
    = None,
    max_body: Annotated[int, typer.Option(min=1024, help="Refuse request bodies over this many bytes (413).")]
    = 2_000_000,
    open_extract: Annotated[bool, typer.Option(
        "--open-extract", help="Let anyone who can reach the page use POST /api/extract (the Try it view) "
                               "without the token. Each extraction takes seconds of CPU: a few run at once, "
                               "a few more wait, and the rest get 429 (/api/info gives the limits).")]
    = False,
) -> None:
    """Open the web app: map, timeline, article reader, quotes and try-it, plus the API (/api, /docs)."""
    import uvicorn

    from sitrep.serve.api import create_app  # FastAPI loads only for this command

    if "://" not in db and not Path(db).expanduser().exists():
        err_console.print(f"[red]no database at {db}: run `sitrep ingest ARTICLES --db {db}` first")
        raise typer.Exit(EXIT_ERROR)
    try:
        # On loopback only this machine's names are answered (no DNS rebinding); a --host given
        # on purpose answers whatever name clients use for it.
        hosts = sorted({host, "127.0.0.1", "localhost", "::1", "[::1]"}) if _is_loopback(host) else None
        app = create_app(db, token=token, open_extract=open_extract, max_body_bytes=max_body, allowed_hosts=hosts)
    except SitrepError as err:
        err_console.print(f"[red]{err}")
        raise typer.Exit(EXIT_ERROR) from err
    if not _is_loopback(host):
        err_console.print(f"[yellow]listening on {host}: anyone who can reach this machine can read the store"
                          + ("" if token is None else " (storing still needs the token)"))
    err_console.print(f"sitrep serving {db} at http://{host if ':' not in host else f'[{host}]'}:{port}/ "
                      f"({_access(token, open_extract)}); Ctrl+C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _access(token: str | None, open_extract: bool) -> str:
    stores = "read-only" if token is None else "storing needs the token"
    extracts = {True: "extraction open to all", False: "extraction needs the token" if token else "extraction closed"}
    return f"{stores}, {extracts[open_extract]}"


def register(app: typer.Typer) -> None:
    """Add ``sitrep serve`` to the ``sitrep`` app."""
    app.command()(serve)
