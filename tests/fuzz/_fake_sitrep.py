"""Fuzz harness tests: a stand-in for ``sitrep extract`` and ``sitrep ingest`` with known faults.

Usage: python _fake_sitrep.py extract IN --format jsonl -o OUT [...]
       python _fake_sitrep.py ingest IN --db DB [...]

Reads every .txt file under IN in sorted order, as sitrep does, and acts on a word in it: CRASH
raises, HANG sleeps, DROP is skipped silently, STOP ends the run with status 2 and a message naming
the document; any other file gets a result (extract: a JSON line; ingest: a row in ``articles``).
Lets the harness's tests check crash, hang, drop and stop handling without loading spaCy.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path


def main() -> None:
    command, folder = sys.argv[1], Path(sys.argv[2])
    target = Path(sys.argv[sys.argv.index("-o" if command == "extract" else "--db") + 1])
    files = sorted(folder.rglob("*.txt"))
    if command == "extract":
        with open(target, "w", encoding="utf-8") as out:
            for path in files:
                if _act(path, folder):
                    out.write(json.dumps({"id": _id(path, folder), "errors": []}) + "\n")
                    out.flush()
        print(f"sitrep: {len(files)} articles, 0 with errors", file=sys.stderr)
        return
    con = sqlite3.connect(target)
    con.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, doc_id TEXT)")
    stored = 0
    for path in files:
        if _act(path, folder):
            con.execute("INSERT INTO articles (doc_id) VALUES (?)", (_id(path, folder),))
            con.commit()
            stored += 1
    print(f"sitrep: {stored} stored, 0 updated, 0 skipped, 0 failed in 0.1s", file=sys.stderr)


def _id(path: Path, folder: Path) -> str:
    return path.relative_to(folder).with_suffix("").as_posix()


def _act(path: Path, folder: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    if "CRASH" in text:
        raise RuntimeError("boom")
    if "HANG" in text:
        time.sleep(60)
    if "STOP" in text:
        print(f"sitrep: cannot go on at {_id(path, folder)}", file=sys.stderr)
        sys.exit(2)
    return "DROP" not in text


if __name__ == "__main__":
    main()
