"""Tests that reading the store stays cheap: no spaCy where nothing is extracted (sitrep/__init__, serve/cli.py).

Each case runs in a fresh interpreter and lists the heavy packages it imported: ``import sitrep``
and the CLI's commands that only read a store (``--help``, ``events``, ``figures``, ``quotes``,
``series``, ``export``) must not load spaCy, and on an up-to-date store not Alembic either
(store/db.py reads the revision in plain SQL); ``--help`` needs no SQLAlchemy at all, and the web
app loads spaCy only when it extracts.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("spacy", "thinc", "alembic", "sqlalchemy", "trafilatura", "fastapi")

#: Prints which of the packages named in argv[1] (JSON) are loaded.
_REPORT = """
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[1])))
print("LOADED=" + json.dumps(loaded))
"""
#: Imports the module argv[2].
_IMPORT = "import importlib, json, sys\nimportlib.import_module(sys.argv[2])\n" + _REPORT
#: Runs the ``sitrep`` app on argv[2:] without exiting.
_RUN_CLI = "import json, sys\nfrom sitrep.serve.cli import app\napp(sys.argv[2:], standalone_mode=False)\n" + _REPORT


def _loaded(code: str, *args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", code, json.dumps(HEAVY), *args], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    [line] = [ln for ln in out.stdout.splitlines() if ln.startswith("LOADED=")]
    return json.loads(line.removeprefix("LOADED="))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    """A migrated SQLite store holding one article with an event, a figure and a quote."""
    from sitrep.store import connect, save_article
    from sitrep.types import Article, Event, Extraction, Figure, Place, Quote

    text = 'Shelling killed 4 people in Kherson on Monday, the governor said. "We heard it all night," said Ivan Petrenko.'
    first = text[:text.index(" \"")]
    q = text.index("We heard")
    kherson = Place("Kherson", "Ukraine", "UA", "Khersonska", 46.6354, 32.6169, 706448, 1)
    res = Extraction(
        id="k1", published="2024-05-06",
        events=[Event("Explosions/Remote violence", "Shelling/artillery/missile attack", 0, len(first), first,
                      date="2024-05-06", place=kherson, fatalities=4, reported_by="governor")],
        figures=[Figure(4, "killed", text.index("4"), text.index("4") + 1, first, place=kherson,
                        reported_by="governor", attribution="source")],
        quotes=[Quote("We heard it all night,", q, q + 22, speaker="Ivan Petrenko", speaker_type="person", cue="said")])
    path = tmp_path_factory.mktemp("imports") / "store.db"
    engine = connect(path)
    with engine.begin() as conn:
        save_article(conn, Article(id="k1", text=text, published="2024-05-06"), res)
    engine.dispose()
    return str(path)


@pytest.mark.parametrize("module, allowed", [
    ("sitrep", []),
    ("sitrep.store", []),
    ("sitrep.types", []),
    ("sitrep.serve.api", ["fastapi", "sqlalchemy"]),  # the web app: spaCy loads on the first /api/extract
])
def test_imports_package_loads_nothing_heavy(module, allowed):
    assert _loaded(_IMPORT, module) == allowed


@pytest.mark.parametrize("args, allowed", [
    (["--help"], []),
    (["events", "--help"], []),
    (["events"], ["sqlalchemy"]),
    (["events", "--explain", "1"], ["sqlalchemy"]),
    (["events", "--search", "kill", "--format", "json"], ["sqlalchemy"]),
    (["figures", "--format", "csv"], ["sqlalchemy"]),
    (["quotes"], ["sqlalchemy"]),
    (["series", "--format", "json"], ["sqlalchemy"]),
    (["export", "--format", "acled-csv"], ["sqlalchemy"]),
    (["export", "--format", "jsonl"], ["sqlalchemy"]),
])
def test_imports_cli_read_commands_load_no_spacy(store, args, allowed):
    db = [] if "--help" in args else ["--db", store]
    assert _loaded(_RUN_CLI, *args, *db) == allowed
