"""Fuzz inputs: the corpus of 10,200 bad and hostile inputs of issue 13, deterministic from a seed.

Input ``i`` of seed ``s`` is built from its own generator (``Random("sitrep-fuzz:s:i")``), so any
one input, or any sample, is rebuilt alone and identically (``build(13, 4711)``). Classes and how
many inputs each gets (``QUOTAS``), each made of kinds (``_*_kinds.py``):

- binary: file signatures, random bytes, NUL-laden and control-laden text, non-document suffixes
- truncated: UTF-8 cut inside a character, HTML and JSON Lines cut short
- encoding: UTF-16/32 with and without BOM, legacy and mixed encodings, invalid UTF-8, lone
  surrogates written into JSON as ``\\ud800``, BOM and declared-charset mismatches
- html: bad charsets, control characters after ``</script>``, unclosed tags, deep nesting, huge
  attributes, entities, long titles and metadata, odd structure, mutated pages, pages in JSON Lines
- repetition: runs of one character, one-line paragraphs, repeated sentences, long articles (one
  line or not), blank-line runs, long tokens, number lists; 3% of them at the sizes the issue names
- json: nesting, huge or non-finite ids and values, duplicate keys, wrong types, bad dates, NUL
  bytes, CR/CRLF/mixed line endings, BOMs, non-objects, many records, long strings, escapes
- numbers: absurd counts ("99999999999999999999 people were killed", 400 nines, "10^20 killed")
- names: Rich markup and shell characters, newlines, non-ASCII and non-UTF-8 names, long paths
- permissions: unreadable files and folders, dangling symlinks, loops, FIFOs, /dev/zero
- empty: empty files, whitespace of every kind, HTML without text, empty records
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from functools import cache

from ._bytes_kinds import BINARY, EMPTY, ENCODING, TRUNCATED
from ._json_kinds import JSON
from ._markup_kinds import HTML, NUMBERS, REPETITION
from ._model import Draft, FuzzFile, FuzzInput, derive_texts, folder_name
from ._path_kinds import NAMES, PERMISSIONS

DEFAULT_SEED = 13
Builder = Callable[[random.Random, str], Draft]

QUOTAS: dict[str, int] = {
    "binary": 1200, "truncated": 1000, "encoding": 1400, "html": 1600, "repetition": 900,
    "json": 1800, "numbers": 1000, "names": 700, "permissions": 200, "empty": 400,
}
KINDS: dict[str, dict[str, Builder]] = {
    "binary": BINARY, "truncated": TRUNCATED, "encoding": ENCODING, "html": HTML, "repetition": REPETITION,
    "json": JSON, "numbers": NUMBERS, "names": NAMES, "permissions": PERMISSIONS, "empty": EMPTY,
}
TOTAL = sum(QUOTAS.values())


@cache
def classes(seed: int) -> tuple[str, ...]:
    """The class of every input of the corpus, in index order (the quotas, shuffled by the seed)."""
    order = [cls for cls, n in QUOTAS.items() for _ in range(n)]
    random.Random(f"sitrep-fuzz-classes:{seed}").shuffle(order)
    return tuple(order)


def build(seed: int, index: int) -> FuzzInput:
    """Input ``index`` of the corpus of ``seed``."""
    cls = classes(seed)[index]
    rng = random.Random(f"sitrep-fuzz:{seed}:{index}")
    kinds = KINDS[cls]
    draft = kinds[rng.choice(sorted(kinds))](rng, folder_name(index))
    texts = draft.texts if draft.texts is not None else derive_texts(draft.files, slow=draft.slow)
    return FuzzInput(
        index=index, cls=cls, kind=draft.kind, description=draft.description, files=tuple(draft.files),
        docs=draft.docs, unmarked=draft.unmarked, reported_ok=draft.reported_ok, whole_ok=draft.whole_ok,
        extra_ok=draft.extra_ok, slow=draft.slow, needs_permissions=draft.needs_permissions, texts=tuple(texts),
    )


def corpus(seed: int = DEFAULT_SEED) -> Iterator[FuzzInput]:
    """Every input, in index order, built as it is reached."""
    for index in range(TOTAL):
        yield build(seed, index)


def sample(seed: int = DEFAULT_SEED, n: int | None = None, *, fast_only: bool = False) -> list[FuzzInput]:
    """``n`` inputs drawn uniformly (so in the quotas' proportions), in index order; all if n is None.

    Args:
        seed: the corpus.
        n: how many; None for the whole corpus.
        fast_only: leave out the slow (size) inputs; the sample is then drawn from the rest.
    """
    order = list(range(TOTAL))
    if n is not None and n < TOTAL:
        random.Random(f"sitrep-fuzz-sample:{seed}").shuffle(order)
    picked: list[FuzzInput] = []
    for index in order:
        if n is not None and len(picked) >= n:
            break
        inp = build(seed, index)
        if not (fast_only and inp.slow):
            picked.append(inp)
    return sorted(picked, key=lambda i: i.index)


def stratified(seed: int = DEFAULT_SEED, per_class: int = 30) -> list[FuzzInput]:
    """``per_class`` fast inputs of every class (CI's sample: each class is tried alike)."""
    counts = dict.fromkeys(QUOTAS, 0)
    picked: list[FuzzInput] = []
    order = list(range(TOTAL))
    random.Random(f"sitrep-fuzz-ci:{seed}").shuffle(order)
    for index in order:
        cls = classes(seed)[index]
        if counts[cls] >= per_class:
            continue
        inp = build(seed, index)
        if not inp.slow:
            counts[cls] += 1
            picked.append(inp)
        if len(picked) == per_class * len(QUOTAS):
            break
    return sorted(picked, key=lambda i: i.index)


#: The repros issue 13 lists, as (kind, a part of the description): CI runs the first fast input
#: of each besides its sample, so each is tried on every run.
REPROS = (("html/bad-charset", "'undefined'"), ("html/control-bare-after-script", ""),
          ("json/huge-or-non-finite-id", "(5000 characters)"), ("json/nested-line", "'['"),
          ("encoding/lone-surrogate-text", ""), ("numbers/nines", ""), ("names/odd-characters", "no[/x]"),
          ("json/nul-raw-in-text", ""), ("json/line-endings-cr", ""), ("encoding/jsonl-utf-16-le-bom", ""),
          ("encoding/jsonl-utf-32-be-bom", ""), ("permissions/unreadable-folder", ""), ("empty/whitespace", ""))


def repros(seed: int = DEFAULT_SEED) -> list[FuzzInput]:
    """The first fast input of each of REPROS."""
    found: dict[tuple[str, str], FuzzInput] = {}
    for inp in corpus(seed):
        for kind, part in REPROS:
            if (kind, part) not in found and inp.kind == kind and part in inp.description and not inp.slow:
                found[(kind, part)] = inp
        if len(found) == len(REPROS):
            break
    return sorted(found.values(), key=lambda i: i.index)


__all__ = ["DEFAULT_SEED", "KINDS", "QUOTAS", "REPROS", "TOTAL", "FuzzFile", "FuzzInput", "build", "classes",
           "corpus", "repros", "sample", "stratified"]
