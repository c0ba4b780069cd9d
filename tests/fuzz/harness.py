"""Fuzz harness: runs sitrep on generated inputs as a user would and judges every document's outcome.

For a batch of inputs (each in its own folder ``fzNNNNN/`` of one temp folder):

- ``extract``: ``sitrep extract <folder> --format jsonl -o out.jsonl --batch-size 1`` (one document
  per pipeline batch, so each output line's time is one document's time);
- ``ingest``: ``sitrep ingest <folder> --db <tmp>.db --batch-size 1`` (one commit per article, so
  after a crash the store shows how far it got);
- ``library``: ``sitrep.extract_many`` on the inputs' texts, in a worker process (``_libworker``).

Each is judged per input: no traceback (nor an exit status the CLI does not document), no hang
(no document over ``doc_s`` seconds), exactly one outcome per document, every output line valid
JSON (NaN and Infinity rejected). An outcome is matched to its input by the folder name that every
id sitrep forms carries (a file's id is its path below the folder given, without the suffix; a
JSON record's is its own ``id``, else ``<file id>:<line>``); a record's own hostile id carries none
and is matched by count (``FuzzInput.unmarked``). After a crash or a hang the input at fault is
found (a crash is confirmed by running that input alone) and the run resumes after it.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import _proc
from ._model import FuzzInput

COMMANDS = ("extract", "ingest", "library")
WORKER = Path(__file__).with_name("_libworker.py")
#: The folder the CLI is given: a user's folder name may hold brackets, and "[/x]" is a Rich closing
#: tag, so every message that prints a path without escaping it is tried too.
INPUT_DIR = "in [2024] no[/x]"
_SUMMARY = re.compile(r"(\d+) stored, (\d+) updated, (\d+) skipped, (\d+) failed")
_MARKER = re.compile(r"fz(\d{5})/")


@dataclass(frozen=True)
class Budget:
    """Time limits: per document (issue 13: no document over 30 s) and for starting (model load)."""

    doc_s: float = 30.0
    startup_s: float = 60.0


@dataclass
class Verdict:
    """How one command treated one input."""

    index: int
    cls: str
    kind: str
    description: str
    command: str
    owed: int
    whole_ok: bool = False
    reported_ok: bool = False
    extra_ok: bool = False
    got: int = 0
    clean: int = 0  # outcomes without errors (extract): results the store would keep
    invalid: int = 0
    crash: str | None = None  # the traceback's last line, or why the run ended (with ``stopped``)
    stopped: bool = False  # no traceback, but the run ended on this input without the rest
    hang: bool = False
    mentioned: bool = False
    seconds: float = 0.0  # the longest this input's documents took (extract, library)
    skipped: str | None = None
    note: str = ""

    @property
    def drops(self) -> int:
        """Documents with no outcome (not counted after a crash or hang: those are their own failure)."""
        if self.crash or self.hang or self.skipped or self.got >= self.owed:
            return 0
        if (self.whole_ok and self.got >= 1) or (self.reported_ok and self.mentioned):
            return 0
        return self.owed - self.got

    @property
    def extra(self) -> int:
        """Outcomes beyond one per document."""
        return 0 if self.extra_ok else max(0, self.got - self.owed)

    @property
    def failures(self) -> list[str]:
        """What went wrong, one word each: crash, stop, hang, drop, extra, invalid-json."""
        named = (("crash", self.crash and not self.stopped), ("stop", self.stopped), ("hang", self.hang),
                 ("drop", self.drops), ("extra", self.extra), ("invalid-json", self.invalid))
        return [name for name, bad in named if bad]

    def to_dict(self) -> dict:
        """JSON-ready form, with the derived counts."""
        return {**asdict(self), "drops": self.drops, "extra": self.extra, "failures": self.failures}


def _verdict(inp: FuzzInput, command: str) -> Verdict:
    owed = len(inp.texts) if command == "library" else inp.docs
    return Verdict(inp.index, inp.cls, inp.kind, inp.description, command, owed, whole_ok=inp.whole_ok,
                   reported_ok=inp.reported_ok and command != "library", extra_ok=inp.extra_ok)


_EXITS_SCRIPT = """
import importlib, json
found = set()
for name in ("cli", "store_cli", "web_cli", "_common"):
    try:
        mod = importlib.import_module("sitrep.serve." + name)
    except ImportError:
        continue
    found |= {v for k, v in vars(mod).items() if k.startswith("EXIT_") and "BUG" not in k and isinstance(v, int)}
print(json.dumps(sorted(found)))
"""


def documented_exits(env: dict[str, str] | None = None) -> frozenset[int]:
    """Exit statuses the CLI names (its ``EXIT_*`` constants in ``sitrep.serve``, read from the
    sitrep that ``env`` runs), and 0; a status named as a bug (``EXIT_BUG``) is not among them."""
    out = subprocess.run([sys.executable, "-c", _EXITS_SCRIPT], env=env, capture_output=True, text=True, check=True)
    return frozenset({0, *json.loads(out.stdout)})


# ── matching outcomes to inputs ────────────────────────────────────────────────────────────────

def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def parse_line(line: bytes) -> tuple[str | None, dict | None]:
    """An output line's id and object; (id found by pattern or None, None) when it is not valid JSON."""
    try:
        obj = json.loads(line.decode("utf-8"), parse_constant=_reject_constant)
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            return obj["id"], obj
    except (ValueError, RecursionError):
        pass
    found = _proc.MARKER.search(line)
    return (found.group(0).decode() if found else None), None


def attribute(ids: Iterable[str | None], batch: list[FuzzInput]) -> tuple[dict[int, int], list[int]]:
    """How many outcomes each input got, and the batch positions of those outcomes in output order.

    Ids carrying an input's folder name go to it; the rest go, in order, to inputs owed outcomes
    under their own hostile ids (``unmarked``), else to the input of the outcome before.
    """
    pos = {inp.index: n for n, inp in enumerate(batch)}
    counts = dict.fromkeys(pos, 0)
    owners: list[int] = []
    for rid in ids:
        found = _MARKER.search(rid or "")
        index = int(found.group(1)) if found else None
        if index not in pos:
            index = _unmarked_owner(batch, counts, owners[-1] if owners else 0)
        counts[index] += 1
        owners.append(pos[index])
    return counts, owners


def _unmarked_owner(batch: list[FuzzInput], counts: dict[int, int], after: int) -> int:
    for inp in batch[after:] + batch[:after]:
        if inp.unmarked and counts[inp.index] < inp.docs:
            return inp.index
    return batch[after].index


def _satisfied(inp: FuzzInput, got: int) -> bool:
    return got >= inp.docs or (inp.whole_ok and got >= 1)


def culprit(batch: list[FuzzInput], counts: dict[int, int], owners: list[int]) -> int:
    """The batch position of the input a run stopped on: the one whose outcomes were being written,
    else the next one owed outcomes (inputs that may be skipped with a warning come last)."""
    last = owners[-1] if owners else -1
    if last >= 0 and not _satisfied(batch[last], counts[batch[last].index]):
        return last
    rest = list(range(last + 1, len(batch)))
    for n in rest:
        if batch[n].docs and not batch[n].reported_ok:
            return n
    return rest[0] if rest else max(last, 0)


# ── one command on one batch ───────────────────────────────────────────────────────────────────

@dataclass
class Context:
    """What every run shares: the work folder, the budget, how to start sitrep, the exit statuses."""

    work: Path
    budget: Budget = field(default_factory=Budget)
    prefix: tuple[str, ...] = ()
    modes_bind: bool = True
    src: str | None = None  # run the sitrep under this folder (PYTHONPATH) instead of the installed one
    exits: frozenset[int] = frozenset({0})
    sitrep: list[str] = field(default_factory=_proc.sitrep_command)
    runs: int = 0
    wall: dict[str, float] = field(default_factory=lambda: dict.fromkeys(COMMANDS, 0.0))

    def env(self) -> dict[str, str]:
        return child_env(self.src)

    def folder(self, name: str) -> Path:
        self.runs += 1
        return self.work / f"{name}-{self.runs}"


def child_env(src: str | None = None) -> dict[str, str]:
    """The environment sitrep runs in: the caller's, without SITREP_DB, with ``src`` first on the path."""
    env = {k: v for k, v in os.environ.items() if k != "SITREP_DB"}
    env.update(TERM="dumb", PYTHONUNBUFFERED="1")
    if src:
        env["PYTHONPATH"] = src
    return env


#: What a run prints when it went through every document (its absence after a non-zero exit
#: means the run stopped part-way: one document stopped the batch).
_COMPLETED = {"extract": re.compile(r"\d+ articles?, \d+ with errors"), "ingest": _SUMMARY}


def _stop_reason(run: _proc.Run, exits: frozenset[int], command: str,
                 batch: list[FuzzInput]) -> tuple[str | None, bool]:
    """Why a run failed as a whole, and whether it stopped the batch without a crash: a traceback,
    an undocumented exit status (a signal, a status named a bug), or a documented non-zero status
    before the end of the batch (for one input alone, only when the message names it: a folder
    with no document in it is rightly refused)."""
    if run.hung:
        return None, False
    if run.traceback:
        return run.traceback, False
    said = run.warnings.strip().splitlines()[-1:] or [""]
    if run.returncode is not None and run.returncode not in exits:
        return f"exit status {run.returncode} (not documented) {said[0]}".strip()[:300], False
    ended_early = run.returncode and command in _COMPLETED and not _COMPLETED[command].search(run.stderr)
    if ended_early and (len(batch) > 1 or batch[0].folder in said[0]):
        return f"stopped the batch, exit status {run.returncode}: {said[0]}"[:300], True
    return None, False


def _named(reason: str | None, batch: list[FuzzInput]) -> int | None:
    """The position of the input a failure's message names (a path or an article id), if any."""
    found = _MARKER.search(reason or "")
    if not found:
        return None
    index = int(found.group(1))
    return next((n for n, inp in enumerate(batch) if inp.index == index), None)


def _run_extract(ctx: Context, batch: list[FuzzInput]) -> tuple[_proc.Run, list[tuple[float, str | None, dict | None]]]:
    root = ctx.folder("extract")
    _proc.materialise(batch, root / INPUT_DIR)
    out = root / "out.jsonl"
    cmd = [*ctx.prefix, *ctx.sitrep, "extract", str(root / INPUT_DIR), "--format", "jsonl", "-o", str(out),
           "--batch-size", "1"]
    run = _proc.watch(cmd, output=out, startup_s=ctx.budget.startup_s, doc_s=ctx.budget.doc_s,
                      total_s=ctx.budget.startup_s + ctx.budget.doc_s * (sum(i.docs for i in batch) + 1), env=ctx.env())
    ctx.wall["extract"] += run.seconds
    _proc.remove(root)
    parsed = [(t, *parse_line(line)) for t, line in run.lines]
    # With -o, standard output holds nothing, or only JSON.
    parsed += [(run.seconds, *parse_line(line)) for line in run.stdout.splitlines() if line.strip()]
    return run, parsed


def extract_batch(ctx: Context, batch: list[FuzzInput]) -> dict[int, Verdict]:
    """``sitrep extract`` over the batch, resumed after each input it stops on."""
    verdicts = {inp.index: _verdict(inp, "extract") for inp in batch}
    remaining = list(batch)
    while remaining:
        run, parsed = _run_extract(ctx, remaining)
        counts, owners = attribute([rid for _, rid, _ in parsed], remaining)
        previous = 0.0
        for (t, _, obj), owner in zip(parsed, owners):
            v = verdicts[remaining[owner].index]
            v.invalid += obj is None
            v.clean += obj is not None and not obj.get("errors")
            v.seconds = max(v.seconds, t - previous if previous else 0.0)
            previous = t
        for inp in remaining:
            v = verdicts[inp.index]
            v.got += counts[inp.index]
            v.mentioned = v.mentioned or inp.folder in run.warnings
        reason, stopped = _stop_reason(run, ctx.exits, "extract", remaining)
        if not (run.hung or reason):
            break
        at = _named(reason, remaining)
        # Resume with the inputs the run had not reached, without the one it stopped on.
        last = owners[-1] if owners else -1
        if at is None and reason and len(remaining) > 1:
            at = culprit(remaining, counts, owners)
            found, _ = _confirm(ctx, remaining, verdicts, extract_batch, [at])
            if found is None:  # the crash did not come back alone: go on after the input tried
                remaining = [inp for n, inp in enumerate(remaining) if n > last and n != at]
                continue
        at = culprit(remaining, counts, owners) if at is None else at
        v = verdicts[remaining[at].index]
        if v.crash is None and not v.hang:
            v.crash, v.hang, v.stopped = reason, run.hung and not reason, stopped
        if run.hung:
            v.seconds = max(v.seconds, ctx.budget.doc_s)
        remaining = [inp for n, inp in enumerate(remaining) if n > last and n != at]
    return verdicts


def _confirm(ctx: Context, batch: list[FuzzInput], verdicts: dict[int, Verdict],
             runner: Callable[[Context, list[FuzzInput]], dict[int, Verdict]],
             order: list[int]) -> tuple[int | None, list[int]]:
    """Run candidates alone, in ``order`` (eight at most), until one fails alone: its position, or
    None, and the positions tried. Each tried candidate keeps its lone run's verdict."""
    tried: list[int] = []
    for n in order[:8]:
        tried.append(n)
        alone = runner(ctx, [batch[n]])[batch[n].index]
        alone.note = "confirmed alone" if alone.crash or alone.hang else "passed alone after a batch crash"
        verdicts[batch[n].index] = alone
        if alone.crash or alone.hang:
            return n, tried
    return None, tried


def _stored_ids(db: Path) -> list[str]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
            return [r[0] for r in con.execute("SELECT doc_id FROM articles ORDER BY id")]
    except sqlite3.Error:
        return []


#: ingest's summary names each failed article, and each copy of an article earlier in the same input
_NAMED = ("  failed ", "  skipped ")


def _failed_ids(stderr: str) -> list[str]:
    return [line[len(p):] for line in stderr.splitlines() for p in _NAMED if line.startswith(p)]


def ingest_batch(ctx: Context, batch: list[FuzzInput], hint: dict[int, Verdict] | None = None,
                 extract_s: float | None = None) -> dict[int, Verdict]:
    """``sitrep ingest`` over the batch into a fresh SQLite file, resumed after each input it stops on.

    Outcomes are the stored articles' ids, the ``failed <id>: <reason>`` lines and the summary's
    skipped and updated counts (duplicates, matched to inputs in order). After a crash only the
    store is left: inputs it holds in full keep their outcomes, the others run again without the
    input at fault. ``hint`` (the batch's extract verdicts) orders the search for that input;
    ``extract_s`` bounds a run at three times extract's time plus a minute.
    """
    verdicts = {inp.index: _verdict(inp, "ingest") for inp in batch}
    remaining = list(batch)
    while remaining:
        run, stored, failed = _run_ingest(ctx, remaining, extract_s)
        for inp in remaining:
            verdicts[inp.index].mentioned |= inp.folder in run.warnings
        reason, stopped = _stop_reason(run, ctx.exits, "ingest", remaining)
        if not (run.hung or reason):
            for index, got in _ingest_counts(run.stderr, stored + failed, remaining).items():
                verdicts[index].got += got
            break
        counts, owners = attribute(stored, remaining)
        after = _unstored_from(remaining, counts, owners)
        named = _named(reason, remaining)
        at = named if named is not None else min(after, key=lambda n: (_suspicion(remaining[n], hint), n))
        done = {remaining[at].index}
        if named is None and reason and len(remaining) > 1:
            order = sorted(after, key=lambda n: (_suspicion(remaining[n], hint), n))
            found, tried = _confirm(ctx, remaining, verdicts, ingest_batch, order)
            done |= {remaining[n].index for n in tried}
            if found is None:
                verdicts[remaining[at].index].note = "crashed in a batch, not alone"
            at = at if found is None else found
        v = verdicts[remaining[at].index]
        if v.crash is None and not v.hang:
            v.crash, v.hang, v.stopped = reason, run.hung and not reason, stopped
        for inp in remaining:  # stored in full: known; the rest lost their failures with the run
            if inp.index not in done and counts[inp.index] >= inp.docs:
                verdicts[inp.index].got += counts[inp.index]
                done.add(inp.index)
        remaining = [inp for inp in remaining if inp.index not in done]
    return verdicts


def _unstored_from(batch: list[FuzzInput], counts: dict[int, int], owners: list[int]) -> list[int]:
    """Positions a crashed ingest may have stopped on: the last input stored (if not in full), then
    every input after it (one commit per article: all before it were done)."""
    last = owners[-1] if owners else -1
    partial = [last] if last >= 0 and counts[batch[last].index] < batch[last].docs else []
    return partial + list(range(last + 1, len(batch))) or [len(batch) - 1]


def _run_ingest(ctx: Context, batch: list[FuzzInput],
                extract_s: float | None) -> tuple[_proc.Run, list[str], list[str]]:
    root = ctx.folder("ingest")
    _proc.materialise(batch, root / INPUT_DIR)
    db = root / "fuzz.db"
    total = ctx.budget.startup_s + ctx.budget.doc_s * (sum(i.docs for i in batch) + 1)
    if extract_s is not None:
        total = min(total, ctx.budget.startup_s + 60 + 3 * extract_s)
    cmd = [*ctx.prefix, *ctx.sitrep, "ingest", str(root / INPUT_DIR), "--db", str(db), "--batch-size", "1"]
    run = _proc.watch(cmd, output=None, startup_s=total, doc_s=total, total_s=total, env=ctx.env())
    ctx.wall["ingest"] += run.seconds
    stored, failed = _stored_ids(db), _failed_ids(run.stderr)
    _proc.remove(root)
    return run, stored, failed


def _ingest_counts(stderr: str, ids: list[str], batch: list[FuzzInput]) -> dict[int, int]:
    """Outcomes per input: named ones, then the summary's skipped and updated articles (which it
    does not name: a repeated text is one article, stored under the id of its last version),
    given to inputs sharing a text with another first, then in order."""
    counts, _ = attribute(ids, batch)
    summary = _SUMMARY.search(stderr)
    named = sum(line.startswith("  skipped ") for line in stderr.splitlines())  # counted among the ids
    dedup = int(summary.group(2)) + int(summary.group(3)) - named if summary else 0
    shared = _shared(batch)
    for first_pass in (True, False):
        for inp in batch:
            room = inp.docs - counts[inp.index]
            give = max(0, min(dedup, room, shared[inp.index] if first_pass else room))
            counts[inp.index] += give
            dedup -= give
    return counts


def _shared(batch: list[FuzzInput]) -> dict[int, int]:
    """How many of each input's texts appear more than once in the batch (ingest keeps one of them)."""
    norms = {inp.index: [" ".join(text.split()) for text in _doc_texts(inp)] for inp in batch}
    seen: dict[str, int] = {}
    for texts in norms.values():
        for norm in texts:
            seen[norm] = seen.get(norm, 0) + 1
    return {index: sum(seen[n] > 1 for n in texts) for index, texts in norms.items()}


def _suspicion(inp: FuzzInput, hint: dict[int, Verdict] | None) -> int:
    """Lower is more suspect: crashed in extract, then had a clean result (it reached the store)."""
    h = (hint or {}).get(inp.index)
    if h is None:
        return 2
    return 0 if (h.crash or h.hang) else 1 if h.clean else 2


def _doc_texts(inp: FuzzInput) -> list[str]:
    """Each document's text as ingest keys it, near enough: a record's "text" (numbers read as
    strings, so a 5,000-digit one does not stop the parse), else the file's content."""
    out: list[str] = []
    for f in inp.files:
        if not f.path.lower().endswith((".jsonl", ".ndjson")):
            out.append(f.data.decode("utf-8", "replace"))
            continue
        for line in f.data.split(b"\n"):
            try:
                item = json.loads(line, parse_int=str, parse_float=str, parse_constant=str)
            except (ValueError, RecursionError):
                continue
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                out.append(item["text"])
    return out


def library_batch(ctx: Context, batch: list[FuzzInput]) -> dict[int, Verdict]:
    """``sitrep.extract_many`` on the batch's texts (ids ``fzNNNNN/t<k>``), resumed after a failure."""
    verdicts = {inp.index: _verdict(inp, "library") for inp in batch}
    items = [{"id": f"{inp.folder}/t{k}", "text": text} for inp in batch for k, text in enumerate(inp.texts)]
    owner_of = {it["id"]: int(it["id"][2:7]) for it in items}
    while items:
        root = ctx.folder("library")
        root.mkdir(parents=True)
        (root / "texts.json").write_text(json.dumps(items, ensure_ascii=True), encoding="ascii")
        cmd = [*ctx.prefix, sys.executable, str(WORKER), str(root / "texts.json")]
        run = _proc.watch(cmd, output=None, startup_s=ctx.budget.startup_s, doc_s=ctx.budget.doc_s,
                          total_s=ctx.budget.startup_s + ctx.budget.doc_s * (len(items) + 1), env=ctx.env())
        ctx.wall["library"] += run.seconds
        _proc.remove(root)
        done, previous = 0, 0.0
        for t, line in run.lines:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            index = owner_of.get(rec.get("id"))
            if index is None:
                continue
            v = verdicts[index]
            if "crash" in rec:
                v.crash = v.crash or rec["crash"]
                previous, done = t, done + 1
                continue
            v.got += 1
            v.invalid += "invalid" in rec
            v.seconds = max(v.seconds, t - previous if previous else 0.0)
            previous, done = t, done + 1
        reason, _ = _stop_reason(run, frozenset({0}), "library", batch)
        if not (run.hung or reason):
            break
        at = min(done, len(items) - 1)  # results come in order: the first without one stopped the run
        v = verdicts[owner_of[items[at]["id"]]]
        v.crash, v.hang = v.crash or reason, v.hang or (run.hung and not reason)
        items = items[at + 1:]
    return verdicts


# ── batches and the whole run ──────────────────────────────────────────────────────────────────

def batches(inputs: list[FuzzInput], *, size: int = 100, max_docs: int = 250) -> list[list[FuzzInput]]:
    """Inputs grouped for runs: slow ones alone, permission ones together, the rest by ``size`` inputs."""
    slow = [[inp] for inp in inputs if inp.slow]
    perms = [inp for inp in inputs if not inp.slow and inp.cls == "permissions"]
    rest = [inp for inp in inputs if not inp.slow and inp.cls != "permissions"]
    out: list[list[FuzzInput]] = []
    for group in (rest, perms):
        current: list[FuzzInput] = []
        for inp in group:
            if current and (len(current) >= size or sum(i.docs for i in current) + inp.docs > max_docs):
                out.append(current)
                current = []
            current.append(inp)
        if current:
            out.append(current)
    return out + slow


def run_batch(ctx: Context, batch: list[FuzzInput], commands: tuple[str, ...] = COMMANDS) -> list[Verdict]:
    """Every command on one batch; inputs that need file modes are skipped where modes cannot bind."""
    skip = [] if ctx.modes_bind else [inp for inp in batch if inp.needs_permissions]
    batch = [inp for inp in batch if inp not in skip]
    out: list[Verdict] = []
    for inp in skip:
        for cmd in commands:
            v = _verdict(inp, cmd)
            v.skipped = "running as root without setpriv: file modes do not bind"
            out.append(v)
    if not batch:
        return out
    ext: dict[int, Verdict] = {}
    extract_s = None
    if "extract" in commands:
        ext = extract_batch(ctx, batch)
        out.extend(ext.values())
        extract_s = ctx.wall["extract"]
    if "ingest" in commands:
        hung = [inp for inp in batch if ext.get(inp.index) and ext[inp.index].hang]
        rest = [inp for inp in batch if inp not in hung]
        if rest:
            out.extend(ingest_batch(ctx, rest, ext, extract_s).values())
        for inp in hung:  # alone, so a second hang costs one budget, not the batch's
            out.extend(ingest_batch(ctx, [inp], ext).values())
    if "library" in commands:
        out.extend(library_batch(ctx, [inp for inp in batch if inp.texts]).values())
        out.extend(_verdict(inp, "library") for inp in batch if not inp.texts)
    return out


@dataclass
class Result:
    """A whole run: one Verdict per input and command, and each command's wall time (seconds, summed
    over batches: with several jobs the run itself takes less)."""

    verdicts: list[Verdict]
    wall: dict[str, float]
    skipped_permissions: bool = False


def run_all(inputs: list[FuzzInput], *, jobs: int = 1, budget: Budget | None = None,
            commands: tuple[str, ...] = COMMANDS, batch_size: int = 100, src: str | None = None,
            progress: Callable[[int, int], None] | None = None) -> Result:
    """Run ``commands`` on every input, ``jobs`` batches at a time.

    Args:
        inputs: from ``inputs.sample`` or ``inputs.stratified``.
        jobs: batches run at once (each is one sitrep process at a time).
        budget: per-document and start-up time limits.
        commands: any of extract, ingest, library.
        batch_size: inputs per run (slow inputs run alone).
        src: a sitrep source folder to run instead of the installed one (a snapshot's ``src``).
        progress: called with (batches done, batches) after each batch.
    """
    groups = batches(inputs, size=batch_size)
    prefix = _proc.privilege_prefix()
    exits = documented_exits(child_env(src))
    wall = dict.fromkeys(COMMANDS, 0.0)
    with tempfile.TemporaryDirectory(prefix="sitrep-fuzz-") as tmp:

        def one(n: int) -> tuple[list[Verdict], dict[str, float]]:
            ctx = Context(Path(tmp) / f"b{n}", budget or Budget(), prefix or (), modes_bind=prefix is not None,
                          src=src, exits=exits)
            return run_batch(ctx, groups[n], commands), ctx.wall

        verdicts: list[Verdict] = []
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for done, (result, spent) in enumerate(pool.map(one, range(len(groups))), 1):
                verdicts.extend(result)
                for cmd, seconds in spent.items():
                    wall[cmd] += seconds
                if progress:
                    progress(done, len(groups))
    verdicts.sort(key=lambda v: (v.index, COMMANDS.index(v.command)))
    return Result(verdicts, wall, skipped_permissions=prefix is None)
