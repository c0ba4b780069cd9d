"""Parse stage: a tokenizer that stays linear on text with very long runs of non-space characters.

spaCy's tokenizer strips prefixes and suffixes from a run of non-space characters one at a time,
each step copying the rest of the run, so a run of n characters costs n² (32,000 "&" took over two
minutes). No word of an article is that long: a run over ``max_run`` characters (a pasted
blob, a line of symbols) is cut into tokens of ``max_run`` characters without the tokenizer, and
the text around it is tokenized as usual. Text without such a run goes through spaCy's tokenizer
untouched, so ordinary articles tokenize exactly as before.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc


class LongRunTokenizer:
    """Wraps a spaCy tokenizer; see the module docstring."""

    def __init__(self, tokenizer: Tokenizer, max_run: int):
        self.tokenizer = tokenizer
        self.max_run = max_run
        self.vocab = tokenizer.vocab
        self._long_run = re.compile(r"\S{%d,}" % (max_run + 1))

    def __call__(self, text: str) -> Doc:
        if self._long_run.search(text) is None:
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        for run in self._long_run.finditer(text):
            self._tokenize_into(text[pos:run.start()], words, spaces)
            for i in range(run.start(), run.end(), self.max_run):
                words.append(text[i:min(i + self.max_run, run.end())])
                spaces.append(False)
            pos = run.end()
        self._tokenize_into(text[pos:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _tokenize_into(self, piece: str, words: list[str], spaces: list[bool]) -> None:
        for tok in self.tokenizer(piece) if piece else ():
            words.append(tok.text)
            spaces.append(bool(tok.whitespace_))

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        # Everything else (rules, special cases, serialisation) is the wrapped tokenizer's.
        if name == "tokenizer":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)
