"""Development runner: JSONL articles in (path argument), contract JSONL out, via sitrep.extract_many.

Used with the evaluation harness while the CLI is being built:
    python ../shared/eval/score.py SET.jsonl --run ".venv/bin/python scripts/dev_extract.py"
"""

import json
import sys

from sitrep import extract_many


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as fh:
        items = [json.loads(line) for line in fh if line.strip()]
    for result in extract_many(items):
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
