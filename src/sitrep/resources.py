"""Resources: loads and validates the rule files under sitrep/data."""

from __future__ import annotations

import json
import logging
import tomllib
from functools import cache
from importlib import resources as _res
from pathlib import Path
from typing import Any

from sitrep.errors import ResourceError

logger = logging.getLogger(__name__)

DATA_DIR = Path(str(_res.files("sitrep") / "data"))


def data_path(*parts: str) -> Path:
    """Path of a file under sitrep/data."""
    return DATA_DIR.joinpath(*parts)


@cache
def load_lexicon(name: str, lang: str = "en") -> tuple[str, ...]:
    """Entries of ``data/lexicons/<lang>/<name>.txt``: one per line, ``#`` starts a comment.

    Raises:
        ResourceError: the file is missing or has no entries.
    """
    path = data_path("lexicons", lang, f"{name}.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ResourceError(f"lexicon {name!r} not found at {path}") from err
    entries = tuple(e for e in (line.split("#", 1)[0].strip() for line in lines) if e)
    if not entries:
        raise ResourceError(f"lexicon {name!r} at {path} has no entries")
    return entries


@cache
def lexicon_set(name: str, lang: str = "en") -> frozenset[str]:
    """The entries of ``load_lexicon(name)`` as a frozenset, for membership tests."""
    return frozenset(load_lexicon(name, lang))


@cache
def load_groups(name: str, lang: str = "en") -> dict[str, tuple[str, ...]]:
    """Word groups of a grouped lexicon ``data/lexicons/<lang>/<name>.tsv``, in file order.

    A grouped lexicon lists each word once (first column) with the groups it belongs to (column
    ``groups``, space-separated): one closed class, such as the pronouns, whose uses differ.

    Raises:
        ResourceError: the table is missing, malformed or has no ``groups`` column.
    """
    rows = load_table(name, lang)
    if "groups" not in rows[0]:
        raise ResourceError(f"grouped lexicon {name!r} needs a 'groups' column")
    groups: dict[str, list[str]] = {}
    for row in rows:
        word = next(iter(row.values()))
        for group in row["groups"].split():
            groups.setdefault(group, []).append(word)
    return {group: tuple(words) for group, words in groups.items()}


@cache
def word_group(name: str, group: str, lang: str = "en") -> frozenset[str]:
    """The words of one group of the grouped lexicon ``name`` (see load_groups).

    Raises:
        ResourceError: the lexicon has no such group.
    """
    groups = load_groups(name, lang)
    if group not in groups:
        raise ResourceError(f"grouped lexicon {name!r} has no group {group!r}; it has {sorted(groups)}")
    return frozenset(groups[group])


@cache
def load_table(name: str, lang: str = "en") -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated table ``data/lexicons/<lang>/<name>.tsv`` as dicts.

    The first line that is not a ``#`` comment names the columns.

    Raises:
        ResourceError: the file is missing, has no rows, or a row has the wrong number of columns.
    """
    path = data_path("lexicons", lang, f"{name}.tsv")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ResourceError(f"table {name!r} not found at {path}") from err
    header: list[str] | None = None
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            continue
        if len(cells) != len(header):
            raise ResourceError(f"{path}:{n}: {len(cells)} columns, expected {len(header)} ({header})")
        rows.append(dict(zip(header, cells)))
    if not rows:
        raise ResourceError(f"table {name!r} at {path} has no rows")
    return tuple(rows)


#: A word list inside a token pattern that names a lexicon: ``{"LEMMA": {"IN": "@hand_weapons"}}``
#: or, beside other words, ``{"LEMMA": {"IN": ["@hand_weapons", "machete"]}}``.
LEXICON_REF = "@"


def _expand_words(value: Any, where: str) -> Any:
    """A pattern's word list with each ``@name`` replaced by the entries of lexicon ``name``."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not any(isinstance(v, str) and v.startswith(LEXICON_REF) for v in items):
        return value
    out: list[Any] = []
    for v in items:
        if isinstance(v, str) and v.startswith(LEXICON_REF):
            try:
                out.extend(load_lexicon(v[len(LEXICON_REF):]))
            except ResourceError as err:
                raise ResourceError(f"{where}: {v!r} names no lexicon ({err})") from err
        else:
            out.append(v)
    return out


def _expand_refs(pattern: Any, where: str) -> Any:
    """A token pattern with its lexicon references (``IN``/``NOT_IN`` word lists) expanded."""
    if not isinstance(pattern, list):
        return pattern  # a phrase pattern: a plain string
    tokens = []
    for token in pattern:
        token = dict(token)
        for attr, spec in token.items():
            if isinstance(spec, dict):
                token[attr] = {op: _expand_words(v, where) if op in ("IN", "NOT_IN") else v
                               for op, v in spec.items()}
        tokens.append(token)
    return tokens


@cache
def load_patterns(topic: str) -> tuple[dict[str, Any], ...]:
    """Span-ruler patterns of ``data/patterns/<topic>.jsonl``: ``{"label", "pattern", "id"?}`` a line.

    A token's word list may name a lexicon instead of repeating it (``LEXICON_REF``); the names are
    expanded here, so every consumer (spaCy's rulers, the event matcher) sees plain word lists.

    Raises:
        ResourceError: the file is missing, a line is not a valid pattern or names no lexicon.
    """
    path = data_path("patterns", f"{topic}.jsonl")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ResourceError(f"patterns {topic!r} not found at {path}") from err
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            raise ResourceError(f"{path}:{n}: not JSON ({err})") from err
        if not isinstance(item, dict) or "label" not in item or "pattern" not in item:
            raise ResourceError(f"{path}:{n}: a pattern needs 'label' and 'pattern'")
        out.append({**item, "pattern": _expand_refs(item["pattern"], f"{path}:{n}")})
    return tuple(out)


@cache
def thresholds() -> dict[str, Any]:
    """The calibrated numbers of ``data/thresholds.toml``."""
    path = data_path("thresholds.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ResourceError(f"cannot read {path}: {err}") from err
