"""Extract stage: the trigger and cue patterns of event typing, compiled and matched.

The patterns are spaCy span-ruler lines (``data/patterns/<topic>.jsonl``). spaCy's Matcher evaluates
every set-valued token pattern in Python at every token; with a few hundred patterns that cost more
than parsing the text, so the subset of its format these patterns use is matched here instead,
indexed by first word, at a few percent of the parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Span

from sitrep.errors import ResourceError
from sitrep.extractors.context import DocTokens, doc_tokens
from sitrep.resources import load_patterns

#: Pattern label that hides every other match it overlaps ("strike a deal", "hit a record");
#: ``BLOCK:<label>`` hides only matches of that label ("grenade launcher" is no Grenade).
BLOCK = "BLOCK"


@dataclass(frozen=True, slots=True)
class Match:
    """A pattern label matched over tokens ``start:end`` of the doc."""

    label: str
    start: int  # token offsets in the doc
    end: int


_GAP = re.compile(r"\{(\d*),(\d+)\}")
_TOKEN_KEYS = frozenset({"LEMMA", "LOWER", "POS", "ENT_TYPE", "ORTH", "OP"})


@dataclass(frozen=True, slots=True)
class _Tok:
    """One compiled token pattern. ``words`` match the lemma in any casing or the word as written
    (the tagger keeps the case of "UAVs" or "Shahed" as proper nouns and now and then lemmatises
    wrongly, "raped" as "rap"); ``lower`` matches the written word only."""

    words: frozenset[str] | None
    lower: frozenset[str] | None
    pos: str | None
    ent_type: str | None
    orth_not_in: frozenset[str] | None
    lo: int
    hi: int


def _values(spec: Any) -> frozenset[str]:
    items = [spec] if isinstance(spec, str) else spec["IN"]
    return frozenset(v.lower() for v in items)


def _compile_token(token: dict, where: str) -> _Tok:
    unknown = set(token) - _TOKEN_KEYS
    if unknown:
        raise ResourceError(f"{where}: token keys {sorted(unknown)} are not supported here")
    op = token.get("OP", "1")
    gap = _GAP.fullmatch(op)
    lo, hi = {"1": (1, 1), "?": (0, 1), "+": (1, 99), "*": (0, 99)}.get(op, (0, 0))
    if gap:
        lo, hi = int(gap.group(1) or 0), int(gap.group(2))
    elif op not in ("1", "?", "+", "*"):
        raise ResourceError(f"{where}: OP {op!r} is not supported")
    return _Tok(
        words=_values(token["LEMMA"]) if "LEMMA" in token else None,
        lower=_values(token["LOWER"]) if "LOWER" in token else None,
        pos=token.get("POS"), ent_type=token.get("ENT_TYPE"),
        orth_not_in=frozenset(token["ORTH"]["NOT_IN"]) if "ORTH" in token else None,
        lo=lo, hi=hi,
    )


@dataclass(frozen=True, slots=True)
class _Patterns:
    """The trigger and cue patterns, indexed by the words their first token can be."""

    by_word: dict[str, tuple[tuple[str, tuple[_Tok, ...]], ...]]
    anywhere: tuple[tuple[str, tuple[_Tok, ...]], ...]
    count: int


@cache
def compiled(topic: str) -> _Patterns:
    """``data/patterns/<topic>.jsonl`` compiled for the matcher below.

    spaCy's Matcher evaluates every set-valued token pattern in Python at every token; with a few
    hundred patterns that cost more than parsing the text. These patterns use a small subset of its
    format (LEMMA/LOWER sets, POS, ENT_TYPE, ORTH NOT_IN, OP ? + * {m,n}), so they are indexed by
    their first word and matched here, at a few percent of the parse.
    """
    by_word: dict[str, list] = {}
    anywhere = []
    items = load_patterns(topic)
    for n, item in enumerate(items, 1):
        toks = tuple(_compile_token(t, f"{topic}.jsonl:{n}") for t in item["pattern"])
        entry = (item["label"], toks)
        first = toks[0]
        keys = (first.words or frozenset()) | (first.lower or frozenset())
        if first.lo == 1 and first.hi == 1 and keys:
            for key in keys:
                by_word.setdefault(key, []).append(entry)
        else:
            anywhere.append(entry)
    return _Patterns({k: tuple(v) for k, v in by_word.items()}, tuple(anywhere), len(items))


def _token_ok(tok: _Tok, f: DocTokens, i: int) -> bool:
    if tok.words is not None and f.lemma[i] not in tok.words and f.lower[i] not in tok.words:
        return False
    if tok.lower is not None and f.lower[i] not in tok.lower:
        return False
    if tok.pos is not None and f.pos[i] != tok.pos:
        return False
    if tok.ent_type is not None and f.ent[i] != tok.ent_type:
        return False
    return tok.orth_not_in is None or f.orth[i] not in tok.orth_not_in


def _match_from(toks: tuple[_Tok, ...], k: int, i: int, f: DocTokens, n: int) -> int | None:
    """End of the shortest match of ``toks[k:]`` starting at token ``i``, or None."""
    if k == len(toks):
        return i
    tok = toks[k]
    count = 0
    while True:
        if count >= tok.lo:
            end = _match_from(toks, k + 1, i + count, f, n)
            if end is not None:
                return end
        if count >= tok.hi or i + count >= n or not _token_ok(tok, f, i + count):
            return None
        count += 1


def find(sent: Span, topic: str) -> list[Match]:
    """Every match of the topic's patterns in the sentence, less those a BLOCK pattern covers.

    Of overlapping matches with one label only the shortest is kept; the list is in text order.
    """
    pats = compiled(topic)
    f = doc_tokens(sent.doc)
    n = sent.end
    found = []
    for i in range(sent.start, n):
        cands = pats.by_word.get(f.lemma[i], ()) + pats.by_word.get(f.lower[i], ()) + pats.anywhere
        for label, toks in cands:
            end = _match_from(toks, 0, i, f, n)
            if end is not None and end > i:
                found.append(Match(label, i, end))
    found = list(dict.fromkeys(found))
    blocks = [m for m in found if m.label.split(":", 1)[0] == BLOCK]
    kept = [m for m in found if m.label.split(":", 1)[0] != BLOCK and not any(
        b.start < m.end and m.start < b.end and b.label in (BLOCK, f"{BLOCK}:{m.label}") for b in blocks
    )]
    # Of overlapping matches with one label keep the shortest: it names the trigger words
    # ("opened fire", not "opened fire at the"), and one is enough for the rules.
    kept.sort(key=lambda m: (m.end - m.start, m.start))
    out: list[Match] = []
    for m in kept:
        if not any(o.label == m.label and o.start < m.end and m.start < o.end for o in out):
            out.append(m)
    out.sort(key=lambda m: (m.start, m.end))
    return out
