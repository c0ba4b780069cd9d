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


@cache
def load_patterns(topic: str) -> tuple[dict[str, Any], ...]:
    """Span-ruler patterns of ``data/patterns/<topic>.jsonl``: ``{"label", "pattern", "id"?}`` a line.

    Raises:
        ResourceError: the file is missing or a line is not a valid pattern.
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
        out.append(item)
    return tuple(out)


@cache
def thresholds() -> dict[str, Any]:
    """The calibrated numbers of ``data/thresholds.toml``."""
    path = data_path("thresholds.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ResourceError(f"cannot read {path}: {err}") from err
