"""No evaluation text in the project: test sentences, fixtures and comments are the team's own words.

The development sets under ``../shared/eval`` measure sitrep. A test sentence, fixture or code
comment copied from them would tune the rules to the very text they are scored on (and the sets'
licences forbid copying). Every run of eight consecutive words (lower-cased, punctuation stripped)
in the tests' string literals, the fixture files, the docstrings and comments of ``src/sitrep`` and
the ``#`` comments of its data files is looked up among the eight-word runs of every record's text.
The eval folder is the team's, not the package's: without it (a user's checkout) the test skips.
"""

from __future__ import annotations

import ast
import html
import io
import json
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
SRC = ROOT / "src" / "sitrep"
RUN = 8

# A text with the line of each of its words: [(word, line)].
Words = list[tuple[str, int]]


def _norm(token: str) -> str:
    return re.sub(r"[\W_]+", "", token.lower())


def _words(text: str, first_line: int = 1) -> Words:
    """The normalised words of ``text``, each with its line (``text`` starting at ``first_line``)."""
    return [(w, first_line + n) for n, line in enumerate(text.split("\n"))
            for w in map(_norm, line.split()) if w]


def _shingles(words: list[str]) -> Iterator[int]:
    for i in range(len(words) - RUN + 1):
        yield hash(" ".join(words[i:i + RUN]))


def _json_strings(value: object) -> Iterator[str]:
    """Every string inside a parsed JSON value (record texts, titles, gold evidence and notes)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def _eval_texts(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield from _json_strings(json.loads(line))
        elif path.suffix == ".json":
            yield from _json_strings(json.loads(path.read_text(encoding="utf-8")))
        elif path.suffix == ".txt":
            yield path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def eval_runs() -> set[int]:
    """Hashes of every eight-word run of the evaluation records' texts."""
    if not EVAL.is_dir():
        pytest.skip(f"no evaluation data at {EVAL} (only the team's checkout has it)")
    runs: set[int] = set()
    for text in _eval_texts(EVAL):
        runs.update(_shingles([w for w, _ in _words(text)]))
    return runs


def _string_literals(source: str) -> Iterator[Words]:
    """Each string of a Python file as Python builds it: adjacent literals and ``+`` joined.

    Read with ``tokenize`` rather than ``ast`` so that each word keeps its own line where a
    sentence is split over several literals.
    """
    group: Words = []
    joinable = False        # only newlines, comments or a '+' since the last literal
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING:
            if not joinable and group:
                yield group
                group = []
            group += _literal_words(tok)
            joinable = True
        elif tok.type in (tokenize.NL, tokenize.COMMENT) or (tok.type == tokenize.OP and tok.string == "+"):
            continue
        else:
            joinable = False
    if group:
        yield group


def _literal_words(tok: tokenize.TokenInfo) -> Words:
    try:
        value = ast.literal_eval(tok.string)
    except (ValueError, SyntaxError):    # an f-string: its text with the {fields} left in
        value = re.sub(r"^[A-Za-z]*('''|\"\"\"|'|\")|('''|\"\"\"|'|\")$", "", tok.string)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if "\n" not in tok.string:      # an escaped \n is not a new source line
        return [(w, tok.start[0]) for w, _ in _words(value)]
    return _words(value, tok.start[0])


def _comments(path: Path) -> Iterator[Words]:
    """A Python file's comment blocks (consecutive comment lines joined) and docstrings."""
    source = path.read_text(encoding="utf-8")
    block: Words = []
    last = -1
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type != tokenize.COMMENT:
            continue
        if tok.start[0] != last + 1 and block:
            yield block
            block = []
        block += _words(tok.string.lstrip("#:"), tok.start[0])
        last = tok.start[0]
    if block:
        yield block
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                yield _words(first.value.value, first.lineno)


def _hash_comments(path: Path) -> Iterator[Words]:
    """The text after ``#`` on each line of a data file, consecutive lines joined."""
    block: Words = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if "#" in line:
            block += _words(line.split("#", 1)[1], n)
        elif block:
            yield block
            block = []
    if block:
        yield block


def _fixture_text(path: Path) -> Iterator[Words]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".json", ".jsonl"):
        for n, line in enumerate(text.splitlines(), 1):
            try:
                strings = list(_json_strings(json.loads(line)))
            except ValueError:  # the fixtures include broken lines on purpose
                strings = [line]
            for s in strings:
                yield [(w, n) for w, _ in _words(s)]
    else:
        if path.suffix in (".html", ".htm"):
            text = html.unescape(re.sub(r"<[^>]*>", " ", text))
        yield _words(text)


def _copied(units: Iterator[tuple[Path, Words]], runs: set[int]) -> list[str]:
    """``file:line: the eight words`` for each stretch of a unit that is also in the eval records."""
    found = []
    for path, words in units:
        plain = [w for w, _ in words]
        i = 0
        while i <= len(words) - RUN:
            if hash(" ".join(plain[i:i + RUN])) in runs:
                found.append(f"{path.relative_to(ROOT)}:{words[i][1]}: {' '.join(plain[i:i + RUN])}")
                i += RUN     # one report per copied stretch
            else:
                i += 1
    return found


def _test_units() -> Iterator[tuple[Path, Words]]:
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for words in _string_literals(path.read_text(encoding="utf-8")):
            yield path, words


def _fixture_units() -> Iterator[tuple[Path, Words]]:
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*")):
        if path.is_file():
            for words in _fixture_text(path):
                yield path, words


def _source_units() -> Iterator[tuple[Path, Words]]:
    for path in sorted(SRC.rglob("*.py")):
        for words in _comments(path):
            yield path, words
    for path in sorted((SRC / "data").rglob("*")):
        if path.suffix in (".txt", ".tsv", ".toml", ".jsonl"):
            for words in _hash_comments(path):
                yield path, words
        elif path.suffix == ".md":
            yield path, _words(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("units", [_test_units, _fixture_units, _source_units],
                         ids=["test strings", "fixtures", "src comments"])
def test_no_copied_text(eval_runs, units):
    copied = _copied(units(), eval_runs)
    assert not copied, "text copied from ../shared/eval; write your own:\n" + "\n".join(copied)


def test_no_copied_text_finds_a_copied_sentence(eval_runs):
    """The check itself works: words of an eval record, split over two literals, are reported."""
    record = next(t for t in _eval_texts(EVAL) if len(t.split()) > 3 * RUN)
    words = record.split()[RUN:3 * RUN]
    source = f"x = (\n    {' '.join(words[:RUN // 2])!r}\n    {' ' + ' '.join(words[RUN // 2:])!r}\n)\n"
    probe = ROOT / "tests" / "probe.py"
    found = _copied(((probe, w) for w in _string_literals(source)), eval_runs)
    assert found and found[0].startswith("tests/probe.py:2: ")
    assert _copied(iter([(probe, _words("our own words " * RUN))]), eval_runs) == []
