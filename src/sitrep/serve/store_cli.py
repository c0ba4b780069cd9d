"""Serve stage: the store's commands: ``ingest``, ``events``, ``figures``, ``quotes``, ``series``, ``export``.

Each command parses options, calls one library function (sitrep.ingest, sitrep.store) and renders
the result; exit statuses are those of serve/_common.py (2: an input or the store cannot be opened
or written; 3: ``ingest`` stored the rest but some articles failed). Hooked into the
``sitrep`` app by :func:`register`. Only ``ingest`` imports the readers and the spaCy pipeline, so
the read commands answer at once.
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from sitrep.errors import ReadError, SitrepError
from sitrep.serve._common import EXIT_USAGE, InputFormat, documents_status, err_console, fail
from sitrep.store import DEFAULT_DB, FORMATS, Filters
from sitrep.store import export as export_store

if TYPE_CHECKING:
    from sitrep.ingest import IngestReport

out_console = Console(soft_wrap=False)

Db = Annotated[str, typer.Option("--db", envvar="SITREP_DB",
                                 help="Database: a SQLite file or a postgresql:// URL (env SITREP_DB).")]
Since = Annotated[str | None, typer.Option(help="Only records dated on or after YYYY-MM-DD.")]
Until = Annotated[str | None, typer.Option(help="Only records dated on or before YYYY-MM-DD.")]
Country = Annotated[str | None, typer.Option(help="Country name or ISO code (any part of the name).")]
PlaceOpt = Annotated[str | None, typer.Option("--place", help="Place or province name (any part).")]
ReportedBy = Annotated[str | None, typer.Option("--reported-by", help="Who gave the figure (any part).")]
Search = Annotated[str | None, typer.Option(
    help="Full-text search in the records' sentences: each word must begin a word there ('kill' finds 'killed').")]
Limit = Annotated[int | None, typer.Option(min=1, help="At most this many rows.")]


class Fmt(str, Enum):
    """How query results are printed."""

    table = "table"
    csv = "csv"
    json = "json"


FmtOpt = Annotated[Fmt, typer.Option("--format", help="table (Rich), csv or json.")]


def _engine(db: str):
    from sitrep.store import connect  # SQLAlchemy loads here, not for --help

    return connect(db, create=False)


# ── ingest ───────────────────────────────────────────────────────────────────────────────────────

def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Articles: .txt/.html/.jsonl files, folders, or - for stdin.")],
    db: Db = DEFAULT_DB,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Extraction processes.")] = 1,
    dask: Annotated[str | None, typer.Option(help="Extract on a Dask cluster: tcp://HOST:8786.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per batch (one transaction each).")] = 16,
    published: Annotated[str | None, typer.Option(help="YYYY-MM-DD for inputs that carry no date.")] = None,
    input_format: Annotated[InputFormat, typer.Option(
        help="Read every input as this format; auto: by file name ending, else by its first character.")
    ] = InputFormat.auto,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on standard error.")] = True,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 4, not 3, when any article failed.")] = False,
    retry_failed: Annotated[bool, typer.Option(
        "--retry-failed", help="Extract again the articles that failed in an earlier run (by default they are "
        "reported as failed without being extracted).")] = False,
) -> None:
    """Extract articles and store them (idempotent: unchanged articles are skipped, changed ones replaced).

    Every article is stored or reported as failed with its reason; the rest of the batch goes on.
    Exit status: 0 all stored, 2 an input or the store cannot be opened, 3 some articles failed
    (4 with --strict).
    """
    from sitrep.ingest import ingest as run_ingest
    from sitrep.read import open_inputs

    try:
        arts = open_inputs(inputs, published=published, input_format=input_format.value)
    except (ReadError, OSError) as err:
        raise fail(err, EXIT_USAGE) from None
    try:
        with _progress(arts.count(), enabled=progress) as tick:
            report = run_ingest(arts, db, workers=workers, dask=dask, batch_size=batch_size, on_progress=tick,
                                retry_failed=retry_failed)
    except SitrepError as err:
        raise fail(err, EXIT_USAGE) from None
    _summary(report)
    raise typer.Exit(documents_status(len(report.failed), strict))


@contextlib.contextmanager
def _progress(total: int | None, *, enabled: bool) -> Iterator:
    if not enabled or not err_console.is_terminal:
        yield lambda _r: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:.1f} articles/s"), TimeElapsedColumn(),
                   console=err_console, transient=True)
    with bar:
        task = bar.add_task("ingest", total=total, rate=0.0)
        yield lambda r: bar.update(task, completed=r.seen, rate=r.rate)


def _summary(report: IngestReport) -> None:
    err_console.print(
        f"sitrep: {report.stored} stored, {report.updated} updated, {report.skipped} skipped, "
        f"{len(report.failed)} failed in {report.seconds:.1f}s ({report.rate:.1f} articles/s)", highlight=False)
    for art_id, reason in report.failed:
        err_console.print(f"  failed {art_id}: {reason}", highlight=False, markup=False, soft_wrap=True)
    for art_id, kept in report.copies:
        err_console.print(f"  skipped {art_id}: the same article as {kept}, earlier in this input",
                          highlight=False, markup=False, soft_wrap=True)


# ── queries ──────────────────────────────────────────────────────────────────────────────────────

def _flat(value: Any) -> Any:
    if isinstance(value, dict):
        return value.get("name") if "name" in value else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(str(_flat(v)) for v in value)
    return value


def _render(rows: Sequence[dict[str, Any]], fmt: Fmt, columns: Sequence[str], title: str) -> None:
    if fmt is Fmt.json:
        sys.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
        return
    if fmt is Fmt.csv:
        keys = list(dict.fromkeys(k for r in rows for k in r)) or list(columns)
        writer = csv.DictWriter(sys.stdout, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _flat(r.get(k)) for k in keys})
        return
    from rich.table import Table

    table = Table(title=f"{title} ({len(rows)})", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(*("" if _flat(r.get(c)) is None else str(_flat(r.get(c))) for c in columns))
    out_console.print(table)


def events(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None, country: Country = None,
    place: PlaceOpt = None,
    type: Annotated[str | None, typer.Option("--type", help="Event or sub-event type (any part).")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor name (any part).")] = None,
    reported_by: ReportedBy = None, search: Search = None, limit: Limit = None, fmt: FmtOpt = Fmt.table,
    explain: Annotated[int | None, typer.Option(help="Show which reports merged into event ID, and why.")] = None,
) -> None:
    """List merged events (one per incident, with every source), or explain one with --explain ID."""
    from sitrep.store import explain_incident, find_incidents

    try:
        with _engine(db).connect() as conn:
            if explain is not None:
                found = explain_incident(conn, explain)
                if found is None:
                    raise SitrepError(f"no event {explain} in {db}")
                return _explain(found, fmt)
            rows = find_incidents(conn, Filters(since=since, until=until, country=country, place=place,
                                                event_type=type, actor=actor, reported_by=reported_by,
                                                search=search, limit=limit))
    except SitrepError as err:
        raise fail(err, EXIT_USAGE) from None
    if fmt is not Fmt.json:  # JSON keeps every report with its sentence; tables list the outlets
        for r in rows:
            r["sources"] = [s["source"] or s["article"] for s in r["sources"]]
    _render(rows, fmt, ("id", "date", "sub_event_type", "actor1", "actor2", "place", "fatalities_best",
                        "fatalities_low", "fatalities_high", "n_sources", "sources"), "events")


def _explain(found: dict[str, Any], fmt: Fmt) -> None:
    if fmt is not Fmt.table:
        return _render([found], fmt, (), "event")
    place = (found.get("place") or {}).get("name")
    out_console.print(f"[bold]event {found['id']}[/bold]: {found['sub_event_type']} on {found['date']} at {place}; "
                      f"fatalities low {found['fatalities_low']}, high {found['fatalities_high']}, "
                      f"best {found['fatalities_best']}; {found['n_reports']} reports from {found['n_sources']} articles",
                      soft_wrap=True)
    _render(found["sources"], fmt, ("article", "source", "date", "fatalities", "text", "merge_reason"), "reports")


def figures(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None, country: Country = None, place: PlaceOpt = None,
    category: Annotated[str | None, typer.Option("--category", "--type", help="killed, injured, displaced...")] = None,
    reported_by: ReportedBy = None, search: Search = None, limit: Limit = None, fmt: FmtOpt = Fmt.table,
) -> None:
    """List stored figures with their source, scope and date."""
    from sitrep.store import find_figures

    try:
        with _engine(db).connect() as conn:
            rows = find_figures(conn, Filters(since=since, until=until, country=country, place=place,
                                              category=category, reported_by=reported_by, search=search,
                                              limit=limit))
    except SitrepError as err:
        raise fail(err, EXIT_USAGE) from None
    _render(rows, fmt, ("id", "published", "as_of", "value", "qualifier", "category", "who", "scope",
                        "reported_by", "place", "article"), "figures")


def quotes(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name or title (any part).")] = None,
    search: Search = None, limit: Limit = None, fmt: FmtOpt = Fmt.table,
) -> None:
    """List stored quotes with their speaker and article."""
    from sitrep.store import find_quotes

    try:
        with _engine(db).connect() as conn:
            rows = find_quotes(conn, Filters(since=since, until=until, speaker=speaker, search=search, limit=limit))
    except SitrepError as err:
        raise fail(err, EXIT_USAGE) from None
    _render(rows, fmt, ("published", "speaker", "speaker_title", "kind", "cue", "text", "article"), "quotes")


def series(
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None, country: Country = None, place: PlaceOpt = None,
    category: Annotated[str | None, typer.Option("--category", help="killed, injured, displaced...")] = None,
    reported_by: ReportedBy = None, search: Search = None, fmt: FmtOpt = Fmt.table,
) -> None:
    """List figure series (source / category / who / place / scope) with their latest value and flags.

    --format csv prints every point (one row per date); json prints the series with points and flags.
    """
    from sitrep.store import find_series

    try:
        with _engine(db).connect() as conn:
            found = find_series(conn, Filters(since=since, until=until, country=country, place=place,
                                              category=category, reported_by=reported_by, search=search))
    except SitrepError as err:
        raise fail(err, EXIT_USAGE) from None
    if fmt is Fmt.json:
        return _render([s.to_dict() for s in found], fmt, (), "series")
    if fmt is Fmt.csv:
        rows = [{"series": s.name, **{k: v for k, v in p.items() if k != "figure_ids"},
                 "figure_ids": " ".join(map(str, p["figure_ids"]))}
                for s in found for p in s.to_dict()["points"]]
        return _render(rows, fmt, (), "points")
    rows = [{"series": s.name, "points": len(s.points), "first": s.points[0].date, "latest": s.latest.date,
             "value": f"{s.to_dict()['points'][-1]['value']:,}",
             "flags": _flag_summary(s.flags)} for s in found]
    _render(rows, fmt, ("series", "points", "first", "latest", "value", "flags"), "series")


def _flag_summary(flags) -> str:
    """Flag kinds with counts, for the table; --format json gives each flag's message and figures."""
    kinds: dict[str, int] = {}
    for f in flags:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    return ", ".join(f"{k} x{n}" if n > 1 else k for k, n in kinds.items())


# ── export ───────────────────────────────────────────────────────────────────────────────────────

def export(
    fmt: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")],
    db: Db = DEFAULT_DB, since: Since = None, until: Until = None, country: Country = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", dir_okay=False,
                                                help="Write here, not to standard output.")] = None,
) -> None:
    """Export the store: acled-csv (one row per merged event), geojson (events as points), jsonl (the contract)."""
    try:
        engine = _engine(db)
        with (output.open("w", encoding="utf-8", newline="") if output else contextlib.nullcontext(sys.stdout)) as out:
            n = export_store(engine, fmt, out, Filters(since=since, until=until, country=country))
    except (SitrepError, ValueError, OSError) as err:
        raise fail(err, EXIT_USAGE) from None
    err_console.print(f"sitrep: exported {n} records as {fmt}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the store's commands to the ``sitrep`` app."""
    for command in (ingest, events, figures, quotes, series, export):
        app.command()(command)
