"""Fuzz harness, library run: ``sitrep.extract_many`` over texts, one report line per result.

Usage: python _libworker.py TEXTS.json   (a JSON list of {"id", "text"}; texts may hold lone
surrogates, written as \\udXXX escapes). Each result prints one ASCII JSON line: its id, and
"invalid" with the reason when its ``to_dict()`` is not valid JSON (NaN, Infinity, a lone surrogate
that UTF-8 cannot write). An exception from ``extract_many`` prints the text's id with "crash" (the
exception) and the stream starts again after that text, in the same process (the model stays loaded).
"""

from __future__ import annotations

import json
import sys


def _check(data: dict) -> str | None:
    try:
        json.dumps(data, allow_nan=False, ensure_ascii=False).encode("utf-8")
    except (ValueError, TypeError) as err:  # UnicodeEncodeError is a ValueError
        return f"{type(err).__name__}: {err}"[:300]
    return None


def _say(line: dict) -> None:
    sys.stdout.write(json.dumps(line, ensure_ascii=True) + "\n")
    sys.stdout.flush()


def main() -> None:
    import sitrep

    with open(sys.argv[1], encoding="ascii") as fh:
        items = json.load(fh)
    ids = [it["id"] for it in items]
    pos = 0  # the next text without a result: the one a failing stream was on
    while pos < len(items):
        try:
            for res in sitrep.extract_many(items[pos:], batch_size=1):
                line = {"id": res.id}
                problem = _check(res.to_dict())
                if problem:
                    line["invalid"] = problem
                _say(line)
                pos = ids.index(res.id, pos) + 1 if res.id in ids[pos:] else pos + 1
        except Exception as err:  # noqa: BLE001 - the library raised: that text's outcome is a crash
            _say({"id": ids[pos], "crash": f"{type(err).__name__}: {err}"[:300]})
            pos += 1


if __name__ == "__main__":
    main()
