"""Serve stage: the ``sitrep`` command line. Commands parse options, call the library and render.

The spaCy pipeline and the readers are imported inside the commands that extract, so ``--help``
and the store's read commands start in a fraction of a second (tests/test_imports.py checks it).

Layout: the app and its root options, then one section per command (``extract``, ``samples``);
shared rendering helpers live at the bottom. Add a command as a new section; keep it thin
(a command over ~20 lines needs a library function).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from sitrep._version import __version__
from sitrep.errors import ReadError, SitrepError
from sitrep.serve import store_cli, web_cli
from sitrep.serve._common import EXIT_BUG, EXIT_USAGE, InputFormat, documents_status, err_console, fail

if TYPE_CHECKING:
    from sitrep.types import Extraction

logger = logging.getLogger(__name__)

app = typer.Typer(
    name="sitrep",
    help="Sourced figures, quotes and events from conflict and crisis reporting.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
_log_handler: logging.Handler | None = None
_NOISY_LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "readability")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sitrep {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True,
                                         help="More log messages on standard error (-vv for debugging).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on standard error.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Sourced figures, quotes and events from conflict and crisis reporting."""
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    _setup_logging(level)


def _setup_logging(level: int) -> None:
    global _log_handler
    root = logging.getLogger("sitrep")
    if _log_handler is not None:
        root.removeHandler(_log_handler)
    if err_console.is_terminal:
        from rich.logging import RichHandler

        _log_handler = RichHandler(console=err_console, show_time=False, show_path=False, markup=False)
        _log_handler.setFormatter(logging.Formatter("%(message)s"))
    else:  # one unwrapped line a message, for logs and pipes
        _log_handler = logging.StreamHandler(sys.stderr)
        _log_handler.setFormatter(logging.Formatter("sitrep: %(levelname)s: %(message)s"))
    root.addHandler(_log_handler)
    root.setLevel(level)
    root.propagate = False
    # The HTML reader's libraries log every page they cannot parse; sitrep reports those itself.
    for name in _NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.NOTSET if level <= logging.DEBUG else logging.CRITICAL)


# ── extract ──────────────────────────────────────────────────────────────────────────────────────

class OutputFormat(str, Enum):
    """How results are printed."""

    json = "json"
    jsonl = "jsonl"


@app.command()
def extract(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Articles: .txt, .html or .jsonl files, folders of them, or - for standard input.",
        metavar="ARTICLE", show_default=False)] = None,
    published: Annotated[str | None, typer.Option(
        help="YYYY-MM-DD: publication date for inputs that carry none (relative dates resolve against it).")] = None,
    fmt: Annotated[OutputFormat | None, typer.Option(
        "--format", help="json: one pretty object (an array for many); jsonl: one object a line. "
        "Default: json for one article, jsonl otherwise.", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write results here, not to standard output.",
                                                dir_okay=False)] = None,
    samples: Annotated[bool, typer.Option("--samples", help="Also read the sample articles bundled with sitrep.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 4, not 3, when any article has errors.")] = False,
    input_format: Annotated[InputFormat, typer.Option(
        help="Read every input as this format; auto: by file name ending, else by its first character.")
    ] = InputFormat.auto,
    n_process: Annotated[int, typer.Option("--n-process", "-j", min=1, help="Worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per batch.")] = 16,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on standard error for batches.")] = True,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Also list the candidate events that are not reported incidents, each with the "
        "reason (\"dropped_events\": history, a plan, a denial, a quote, part of a name...).")] = False,
) -> None:
    """Extract figures, quotes, events and entities from articles and print them as JSON.

    One article prints one JSON object, several print JSON Lines; every input document gets its
    result or, when it cannot be read or extracted, its "errors". Exit status: 0 all done, 1 a
    fault of sitrep's own, 2 an input or the output cannot be opened, 3 some documents failed (4
    with --strict).
    """
    from sitrep.process import extract_many
    from sitrep.read import open_inputs, sample_paths

    specs = [*(inputs or []), *(str(p) for p in sample_paths(batch=True) if samples)]
    try:
        arts = open_inputs(specs, published=published, input_format=input_format.value)
        out_cm = _open_output(output)
    except ReadError as err:
        raise fail(err, EXIT_USAGE) from None
    fmt = fmt or (OutputFormat.json if arts.single else OutputFormat.jsonl)
    show = progress and not arts.single and (output is not None or not sys.stdout.isatty())
    try:
        with out_cm as out, _progress(arts.count(), enabled=show) as tick:
            results = _tally(extract_many(arts, n_process=n_process, batch_size=batch_size), tick)
            _write(results, out, fmt, explain)
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other tools do
        _silence_stdout()
        return
    except OSError as err:  # "No space left on device", a closed output
        raise fail(f"cannot write the output: {err.strerror or err}", EXIT_USAGE) from None
    except ReadError as err:
        raise fail(err, EXIT_USAGE) from None
    except SitrepError as err:  # a broken installation: a data file or the model missing
        raise fail(err, EXIT_BUG) from None
    if (tick.failed or not arts.single) and logging.getLogger("sitrep").isEnabledFor(logging.WARNING):
        err_console.print(f"sitrep: {tick.done} articles, {tick.failed} with errors", highlight=False)
    raise typer.Exit(documents_status(tick.failed, strict))


class _Tick:
    """Counts results as they stream past and advances the progress bar."""

    def __init__(self, advance: Callable[[], None]) -> None:
        self.advance, self.done, self.failed = advance, 0, 0


def _tally(results: Iterable[Extraction], tick: _Tick) -> Iterator[Extraction]:
    for res in results:
        tick.done += 1
        tick.failed += bool(res.errors)
        tick.advance()
        yield res


@contextlib.contextmanager
def _progress(total: int | None, *, enabled: bool) -> Iterator[_Tick]:
    # Only on a terminal, and never redirecting stdout: results must reach it untouched.
    if not enabled or not err_console.is_terminal:
        yield _Tick(lambda: None)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(), TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, transient=True, redirect_stdout=False, redirect_stderr=False,
    )
    with bar:
        task = bar.add_task("extract", total=total)
        yield _Tick(lambda: bar.advance(task))


def _open_output(path: Path | None) -> contextlib.AbstractContextManager[TextIO]:
    if path is None:
        return contextlib.nullcontext(sys.stdout)
    try:
        return path.open("w", encoding="utf-8")
    except OSError as err:
        raise ReadError(f"{path}: cannot write the output: {err.strerror}") from err


def _write(results: Iterable[Extraction], out: TextIO, fmt: OutputFormat, explain: bool = False) -> None:
    if fmt is OutputFormat.jsonl:
        for res in results:
            _put(out, _dumps(res, explain=explain))
            _put(out, "\n")
            out.flush()
        return
    # json: one object for one article, else an array, streamed so memory stays bounded.
    items = iter(results)
    first, second = next(items, None), next(items, None)
    if first is not None and second is None:
        _put(out, _dumps(first, indent=2, explain=explain) + "\n")
        return
    out.write("[")
    for n, res in enumerate(x for x in itertools.chain((first, second), items) if x is not None):
        _put(out, ("\n" if n == 0 else ",\n") + _dumps(res, indent=2, explain=explain))
    out.write("\n]\n")


def _dumps(res: Extraction, indent: int | None = None, explain: bool = False) -> str:
    """A result as JSON, always valid: a value JSON cannot hold (NaN, Infinity) makes the article's
    result an error record instead."""
    try:
        return json.dumps(res.to_dict(explain), ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError as err:
        from dataclasses import replace

        logger.warning("%s: result not writable as JSON: %s", res.id, err)
        bad = replace(res, figures=[], quotes=[], events=[], entities=[],
                      errors=[*res.errors, f"result not writable as JSON: {err}"])
        return json.dumps(bad.to_dict(), ensure_ascii=False, indent=indent)


def _put(out: TextIO, text: str) -> None:
    """Write ``text``; a lone surrogate (half a UTF-16 pair, which no encoding can write) becomes
    U+FFFD, as the readers' ``clean_text`` makes it (JSON has escaped every control character)."""
    try:
        out.write(text)
    except UnicodeEncodeError:
        from sitrep.read import clean_text

        out.write(clean_text(text))


def _silence_stdout() -> None:
    # Python flushes stdout again at exit and would report the broken pipe there.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


# ── samples ──────────────────────────────────────────────────────────────────────────────────────

@app.command()
def samples() -> None:
    """List the bundled sample articles (synthetic, written by the team), one path a line."""
    from sitrep.read import sample_paths

    for path in sample_paths():
        typer.echo(str(path))


store_cli.register(app)  # ingest, events, figures, quotes, series, export (sitrep.serve.store_cli)
web_cli.register(app)  # serve (sitrep.serve.web_cli)


def main() -> None:
    """Entry point of the ``sitrep`` command."""
    app()
