"""Fuzz report: a run's verdicts as tables by class, and one example input per kind of failure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .harness import COMMANDS, Result, Verdict
from .inputs import QUOTAS

COLUMNS = ("inputs", "docs", "crashes", "stops", "hangs", "drops", "extra", "invalid", "max_s")
HEADERS = ("class", "inputs", "docs", "crashes", "batch stops", "hangs", "silent drops (inputs)", "extra",
           "invalid JSON", "max s/doc")


def tally(verdicts: Iterable[Verdict]) -> dict[str, dict[str, float]]:
    """Counts by class (and ``total``): inputs, documents owed, inputs that crashed, stopped the batch or hung,
    documents dropped (and inputs with drops), extra outcomes, invalid JSON lines, slowest document."""
    rows: dict[str, dict[str, float]] = defaultdict(lambda: dict.fromkeys((*COLUMNS, "drop_inputs", "skipped"), 0))
    for v in verdicts:
        for key in (v.cls, "total"):
            row = rows[key]
            if v.skipped:
                row["skipped"] += 1
                continue
            row["inputs"] += 1
            row["docs"] += v.owed
            row["crashes"] += bool(v.crash) and not v.stopped
            row["stops"] += v.stopped
            row["hangs"] += v.hang
            row["drops"] += v.drops
            row["drop_inputs"] += bool(v.drops)
            row["extra"] += v.extra
            row["invalid"] += v.invalid
            row["max_s"] = max(row["max_s"], v.seconds)
    return rows


def table(verdicts: list[Verdict], command: str) -> str:
    """A Markdown table of one command's verdicts by class (ingest's time per document is not seen)."""
    rows = tally(v for v in verdicts if v.command == command)
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    for cls in (*[c for c in QUOTAS if c in rows], "total"):
        r = rows.get(cls)
        if r is None:
            continue
        skipped = f" (+{int(r['skipped'])} skipped)" if r["skipped"] else ""
        cells = (f"**{cls}**" if cls == "total" else cls, f"{int(r['inputs'])}{skipped}", int(r["docs"]),
                 int(r["crashes"]), int(r["stops"]), int(r["hangs"]), f"{int(r['drops'])} ({int(r['drop_inputs'])})",
                 int(r["extra"]), int(r["invalid"]), "-" if command == "ingest" else f"{r['max_s']:.1f}")
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


def examples(verdicts: list[Verdict]) -> list[str]:
    """One line per (command, failure, input kind): how many, and the first input's description
    with, for a crash, the traceback's last line."""
    groups: dict[tuple[str, str, str], list[Verdict]] = defaultdict(list)
    for v in verdicts:
        for failure in v.failures:
            groups[(v.command, failure, v.kind)].append(v)
    out = []
    ordered = sorted(groups.items(), key=lambda g: (COMMANDS.index(g[0][0]), g[0][1], g[0][2]))
    for (command, failure, kind), vs in ordered:
        v = vs[0]
        detail = {"crash": f" -> {v.crash}", "stop": f" -> {v.crash}", "drop": f" ({v.got} of {v.owed} outcomes)",
                  "extra": f" ({v.got} outcomes for {v.owed})",
                  "invalid-json": f" ({v.invalid} lines)"}.get(failure, "")
        out.append(f"{command} {failure} {kind} x{len(vs)}: #{v.index} {v.description}{detail}")
    return out


def render(result: Result, *, title: str = "") -> str:
    """Tables for every command that ran, wall times, and the examples."""
    parts = [title] if title else []
    for command in COMMANDS:
        if any(v.command == command for v in result.verdicts):
            parts += [f"\n{command} (wall {result.wall[command]:.0f} s)\n", table(result.verdicts, command)]
    if result.skipped_permissions:
        parts.append("\npermission inputs skipped: running as root without setpriv, file modes do not bind")
    found = examples(result.verdicts)
    parts += ["\nfailures (command, kind of failure, input kind, count, first example):", *found] if found else []
    return "\n".join(parts)
