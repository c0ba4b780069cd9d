"""Resources: every rule file under sitrep/data loads and is well formed."""

from __future__ import annotations

import typing

import pytest

from sitrep.errors import ResourceError
from sitrep.resources import DATA_DIR, load_lexicon, load_patterns, load_table, thresholds
from sitrep.types import SUB_EVENT_TYPES, Category, Qualifier, Scope

LEXICONS = sorted(DATA_DIR.glob("lexicons/*/*.txt"))
TABLES = sorted(DATA_DIR.glob("lexicons/*/*.tsv"))
PATTERNS = sorted(DATA_DIR.glob("patterns/*.jsonl"))


@pytest.mark.parametrize("path", LEXICONS, ids=lambda p: p.name)
def test_resources_every_lexicon_loads_with_a_header(path):
    assert path.read_text(encoding="utf-8").startswith("#"), "a lexicon starts with a # header"
    assert load_lexicon(path.stem, path.parent.name)


@pytest.mark.parametrize("path", TABLES, ids=lambda p: p.name)
def test_resources_every_table_loads_with_a_header(path):
    assert path.read_text(encoding="utf-8").startswith("#"), "a table starts with a # header"
    rows = load_table(path.stem, path.parent.name)
    assert rows and all(next(iter(row.values())) for row in rows), "every row has its key column"


@pytest.mark.parametrize("path", PATTERNS, ids=lambda p: p.name)
def test_resources_every_pattern_file_loads(path):
    assert all(p["label"] and p["pattern"] for p in load_patterns(path.stem))


def test_resources_thresholds_load():
    assert thresholds()["input"]["max_chars"] > 0


def test_resources_missing_file_names_the_path():
    with pytest.raises(ResourceError, match="no_such_list"):
        load_lexicon("no_such_list")


def _allowed(literal) -> set[str]:
    return set(typing.get_args(literal))


@pytest.mark.parametrize("table, column, allowed", [
    ("qualifiers", "qualifier", _allowed(Qualifier)),
    ("vague_amounts", "qualifier", _allowed(Qualifier)),
    ("figure_cues", "category", _allowed(Category)),
    ("figure_cues", "role", {"noun", "verb", "mod", "either", "clause", "of"}),
    ("scope_cues", "scope", _allowed(Scope)),
    ("event_type_rules", "sub_event_type", set(SUB_EVENT_TYPES) | {"-", ""}),
])
def test_resources_table_values_are_contract_values(table, column, allowed):
    values = {row[column] for row in load_table(table)}
    assert values <= allowed, f"{table}.{column}: {sorted(values - allowed)} not in the contract"
