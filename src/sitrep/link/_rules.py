"""Link stage: loads data/link.toml, the merge and series rules."""

from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from sitrep.errors import ResourceError
from sitrep.resources import data_path


@cache
def link_rules() -> dict[str, Any]:
    """The parsed ``data/link.toml``.

    Raises:
        ResourceError: the file is missing, malformed or lacks a section.
    """
    path = data_path("link.toml")
    try:
        rules = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ResourceError(f"link rules at {path} cannot be read: {err}") from err
    for section, keys in {"events": ("max_days", "max_km", "max_geo_precision",
                                      "compatible_sub_event_types"),
                          "series": ("about_tolerance",)}.items():
        missing = [k for k in keys if k not in rules.get(section, {})]
        if missing:
            raise ResourceError(f"{path}: [{section}] lacks {', '.join(missing)}")
    return rules
