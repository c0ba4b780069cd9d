"""Resources: every rule file under sitrep/data loads and is well formed."""

from __future__ import annotations

import typing

import pytest

from sitrep.errors import ResourceError
from sitrep.resources import (DATA_DIR, LEXICON_REF, lexicon_set, load_groups, load_lexicon, load_patterns, load_table,
                              thresholds, word_group)
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
    patterns = load_patterns(path.stem)
    assert patterns and all(p["label"] and p["pattern"] for p in patterns)


def test_resources_rule_files_are_found():
    # the tests above are parametrized by these globs: an empty glob would run (and check) nothing
    assert LEXICONS and TABLES and PATTERNS


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
    ("figure_cues", "role", {"noun", "verb", "mod", "either", "clause", "of", "held"}),
    ("scope_cues", "scope", _allowed(Scope)),
    ("event_type_rules", "sub_event_type", set(SUB_EVENT_TYPES) | {"-", ""}),
])
def test_resources_table_values_are_contract_values(table, column, allowed):
    values = {row[column] for row in load_table(table)}
    assert values <= allowed, f"{table}.{column}: {sorted(values - allowed)} not in the contract"


GROUPED = sorted(p for p in TABLES if p.read_text(encoding="utf-8").count("\tgroups\n"))


@pytest.mark.parametrize("path", GROUPED, ids=lambda p: p.name)
def test_resources_every_grouped_lexicon_has_groups(path):
    groups = load_groups(path.stem, path.parent.name)
    assert groups and all(words for words in groups.values())


@pytest.mark.parametrize("name, group, word", [
    ("pronouns", "one_person", "himself"),
    ("determiners", "definite", "those"),
    ("prepositions", "instrument", "using"),
])
def test_resources_word_group(name, group, word):
    assert word in word_group(name, group)


def test_resources_lexicon_set_is_the_lexicon():
    assert lexicon_set("honorifics") == frozenset(load_lexicon("honorifics"))


def _words_in(path):
    for item in load_patterns(path.stem):
        for token in item["pattern"] if isinstance(item["pattern"], list) else ():
            for spec in token.values():
                if isinstance(spec, dict):
                    yield from (w for v in spec.values() for w in (v if isinstance(v, list) else [v]))


@pytest.mark.parametrize("path", PATTERNS, ids=lambda p: p.name)
def test_resources_pattern_lexicon_references_are_expanded(path):
    assert not [w for w in _words_in(path) if isinstance(w, str) and w.startswith(LEXICON_REF)]


@pytest.mark.parametrize("line, expected", [
    ('{"label": "W", "pattern": [{"LEMMA": {"IN": "@honorifics"}}]}', load_lexicon("honorifics")),
    ('{"label": "W", "pattern": [{"LOWER": {"IN": ["sir", "@casualty_claim_verbs", "x"]}}]}',
     ("sir", *load_lexicon("casualty_claim_verbs"), "x")),
])
def test_resources_pattern_names_a_lexicon(tmp_path, monkeypatch, line, expected):
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns" / "refs_test.jsonl").write_text(line + "\n", encoding="utf-8")
    monkeypatch.setattr("sitrep.resources.DATA_DIR", tmp_path)
    (token,) = load_patterns.__wrapped__("refs_test")[0]["pattern"]
    (spec,) = token.values()
    assert tuple(spec["IN"]) == expected


def test_resources_pattern_naming_no_lexicon_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns" / "bad_ref.jsonl").write_text(
        '{"label": "W", "pattern": [{"LEMMA": {"IN": "@no_such_words"}}]}\n', encoding="utf-8")
    monkeypatch.setattr("sitrep.resources.DATA_DIR", tmp_path)
    with pytest.raises(ResourceError, match="bad_ref.jsonl:1: '@no_such_words' names no lexicon"):
        load_patterns.__wrapped__("bad_ref")


def test_resources_pattern_ids_name_one_rule():
    """Patterns may share an id (alternatives of one rule, as in spaCy's span ruler), but only under
    one label, a trigger and its cue of the same words ("Grenade", "GRENADE"), or BLOCK labels."""
    for path in PATTERNS:
        labels: dict[str, set[str]] = {}
        for item in load_patterns(path.stem):
            labels.setdefault(item.get("id", ""), set()).add(item["label"])
        clashes = {i: sorted(ls) for i, ls in labels.items() if len({lb.lower() for lb in ls}) > 1
                   and not all(lb.split(":", 1)[0] == "BLOCK" for lb in ls)}
        assert not clashes, f"{path.name}: ids shared by different rules: {clashes}"
