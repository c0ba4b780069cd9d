"""Fuzz harness, processes: inputs written to disk, commands run under a watch, output lines read.

A command's output is watched while it runs: every complete line of its output file (or stdout)
is read with the time it appeared, so a document that takes longer than the per-document budget
is caught as a hang while the run goes on, and the process group is killed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ._model import FuzzInput

#: Run commands without the capabilities that let root read any file, so unreadable files are
#: unreadable (None where that is not needed or not possible).
_SETPRIV = ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")
_TRACEBACK = "Traceback (most recent call last)"
_POLL_S = 0.2


def privilege_prefix() -> tuple[str, ...] | None:
    """What to put before a command so file modes bind; None if modes cannot bind here (root, no setpriv)."""
    if os.geteuid() != 0:
        return ()
    return _SETPRIV if shutil.which("setpriv") else None


def sitrep_command() -> list[str]:
    """The installed ``sitrep`` script beside this Python, else ``python -m sitrep``."""
    script = Path(sys.executable).with_name("sitrep")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sitrep"]


# ── materialising ──────────────────────────────────────────────────────────────────────────────

def materialise(inputs: list[FuzzInput], root: Path) -> list[int]:
    """Write each input under ``root/fzNNNNN/``; return the indices of inputs that could not be written."""
    root.mkdir(parents=True)
    failed: list[int] = []
    modes: list[tuple[Path, int]] = []
    for inp in inputs:
        base = root / inp.folder
        try:
            base.mkdir()
            for f in inp.files:
                path = base / f.path
                _write_entry(path, f.kind, f.data, f.target)
                if f.mode is not None:
                    modes.append((path, f.mode))
        except OSError:
            failed.append(inp.index)
    # Deepest first, so a folder's files are in place before it is closed.
    for path, mode in sorted(modes, key=lambda pm: -len(pm[0].parts)):
        os.chmod(path, mode)
    return failed


def _write_entry(path: Path, kind: str, data: bytes, target: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "dir":
        path.mkdir(exist_ok=True)
    elif kind == "symlink":
        os.symlink(target, path)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_bytes(data)


def remove(root: Path) -> None:
    """Delete ``root`` even where inputs took away permissions."""
    if not root.exists():
        return
    for dirpath, dirnames, _ in os.walk(root, topdown=True):
        for name in dirnames:
            full = os.path.join(dirpath, name)
            if not os.path.islink(full):
                os.chmod(full, stat.S_IRWXU)
    shutil.rmtree(root, ignore_errors=True)


# ── running ────────────────────────────────────────────────────────────────────────────────────

@dataclass
class Run:
    """What one command did: its output lines with the seconds at which each appeared, and how it ended."""

    lines: list[tuple[float, bytes]] = field(default_factory=list)
    stdout: bytes = b""
    stderr: str = ""
    returncode: int | None = None
    hung: bool = False  # killed: a document overran the budget (or the run its total)
    seconds: float = 0.0

    @property
    def warnings(self) -> str:
        """Standard error before any traceback (where skipped files must be reported)."""
        at = self.stderr.find(_TRACEBACK)
        return self.stderr if at < 0 else self.stderr[:at]

    @property
    def traceback(self) -> str | None:
        """The traceback's last line (the exception), if standard error holds a Python traceback."""
        if _TRACEBACK not in self.stderr:
            return None
        return last_exception(self.stderr)


def last_exception(stderr: str) -> str:
    """The exception line closing a traceback: plain, or after the box of Rich's (Typer's) traceback."""
    tail = stderr[stderr.rfind(_TRACEBACK):]
    box_end = tail.rfind("╰")
    if box_end >= 0:
        after = tail[tail.find("\n", box_end) + 1:].strip().splitlines()
        return " ".join(line.strip() for line in after)[:300] or "traceback"
    lines = [line for line in tail.splitlines() if line.strip() and not line.startswith(" ")]
    return lines[-1][:300] if lines else "traceback"


def watch(cmd: list[str], *, output: Path | None, startup_s: float, doc_s: float, total_s: float,
          env: dict[str, str] | None = None, cwd: Path | None = None) -> Run:
    """Run ``cmd`` and read its output lines (``output``, else stdout) as they come.

    Killed (``hung``) when no new line comes for ``doc_s`` seconds (``startup_s + doc_s`` for the
    first), or after ``total_s`` in all.
    """
    run = Run()
    started = time.monotonic()
    err_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"sitrep-fuzz-{os.getpid()}-{time.monotonic_ns()}.err"
    with open(err_path, "wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err,
                                stdin=subprocess.DEVNULL, env=env, cwd=cwd, start_new_session=True)
        reader = _LineReader(output, proc)
        last = started
        while True:
            done = proc.poll() is not None
            new = reader.read(final=done)
            now = time.monotonic()
            if new:
                run.lines.extend((now - started, line) for line in new)
                last = now
            if done:
                break
            limit = doc_s + (startup_s if not run.lines else 0)
            if now - last > limit or now - started > total_s:
                run.hung = True
                _kill(proc)
                run.lines.extend((now - started, line) for line in reader.read(final=True))
                break
            time.sleep(_POLL_S)
        run.stdout = reader.stdout
        run.returncode = proc.wait()
    run.seconds = time.monotonic() - started
    run.stderr = err_path.read_bytes().decode("utf-8", "replace")
    err_path.unlink(missing_ok=True)
    return run


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class _LineReader:
    """Complete lines of a growing file, or of a process's stdout; stdout is drained either way
    (read without blocking, so a full pipe never stalls the process)."""

    def __init__(self, path: Path | None, proc: subprocess.Popen) -> None:
        self.path, self.proc, self.pos, self.buf, self.stdout = path, proc, 0, b"", b""
        os.set_blocking(proc.stdout.fileno(), False)

    def read(self, *, final: bool) -> list[bytes]:
        out = self._drain()
        chunk = out if self.path is None else self._file_chunk()
        self.buf += chunk
        *lines, self.buf = self.buf.split(b"\n")
        if final and self.buf:
            lines.append(self.buf)
            self.buf = b""
        return [line for line in lines if line.strip()]

    def _drain(self) -> bytes:
        try:
            data = self.proc.stdout.read() or b""
        except (BlockingIOError, ValueError):
            data = b""
        self.stdout += data
        return data

    def _file_chunk(self) -> bytes:
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.pos)
                data = fh.read()
        except OSError:
            return b""
        self.pos += len(data)
        return data


MARKER = re.compile(rb"fz(\d{5})/")
