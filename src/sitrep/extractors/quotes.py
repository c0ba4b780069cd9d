"""Extract stage: quotes (direct, partial and indirect) with their cue and canonical speaker.

Reads the quoted stretches the ``sitrep_quote_marks`` component marks, the people and titles of
``sitrep_people`` and the dependency parse; never changes the Doc.

* direct: a whole quoted statement ("“...,” Blinken said", "declaring, “...”", a quote-only
  paragraph after "He said:", a transcript turn "PENCE: ...");
* partial: a quoted fragment inside a clause ('said a proposal was “full of non-starters”');
* indirect: the complement clause of a reporting verb ("Blinken said that ...").

The speaker is the cue verb's subject (climbing from "adding" or "declaring" to the verb they
hang on); a pronoun resolves to the last person (he, she) or organisation (it, they) named outside
quotes; a quote without a cue of its own continues the previous quote's speaker when it shares its
sentence or directly follows it ('“...,” he said. “...”'). A short fragment with no cue at all is a
scare quote (“safe zone”) and is not reported.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.extractors.context import doc_context, doc_text
from sitrep.extractors.speakers import ORG_LABELS, Speaker, SpeakerContext, source_name
from sitrep.parse.components.quote_marks import Quoted, content, find_quoted
from sitrep.resources import lexicon_set, thresholds
from sitrep.types import Quote

logger = logging.getLogger(__name__)

MARKS_KEY = "quote_marks"
_MARK_CHARS = set('"“”„«»‟')
_TRIM_END = set(',;: \t\n\u00a0"“”„«»‟')
_SENT_END = {".", "!", "?"}
_REPORTED = {"ccomp", "dobj", "xcomp", "dative"}
_CLAUSE_END = set(",.!?…—–-")
_REOPEN = re.compile(r"(\n\s*)[\"“„«‟]")   # a mark re-opening a quote that runs over paragraphs
_DASH_SIGNATURE = re.compile(r"[\s\u00a0]*[―—–][\s\u00a0]*([A-Z][\w.’'-]*(?:[ \u00a0][A-Z][\w.’'-]*){0,5}[.,]?)[\s\u00a0]*$")
_TRANSCRIPT = re.compile(r"[\"“]?\s*((?:[A-Z][A-Z.'’-]*\s){0,3}[A-Z][A-Z.'’-]+):\s+")


@dataclass(slots=True)
class _Found:
    """One attributed quote, before it becomes a contract record."""

    start: int
    end: int
    kind: str
    cue: Token | None
    speaker: Speaker
    para: int
    parts: tuple[tuple[int, int], ...] = ()
    own_cue: bool = True

    def __post_init__(self) -> None:
        if not self.parts:
            self.parts = ((self.start, self.end),)


# -- cue search ------------------------------------------------------------------------------

def _tokens(doc: Doc, start: int, end: int) -> Span:
    span = doc.char_span(start, end, alignment_mode="contract") if end > start else None
    return span if span is not None else doc[0:0]


def _cue_after(ctx: SpeakerContext, q: Quoted, nxt: Quoted | None, limit: int) -> Token | None:
    """A reporting verb right after a quote's closing mark: '“...,” Blinken said' / '“...” said X'."""
    if q.close is None:
        return None
    text = ctx.text
    last = q.close - 1
    while last > q.start and text[last] in "’‘'":   # a nested quote closes first: '...people,’”'
        last -= 1
    # only a quote that ends its clause takes a cue after it ('“...,” he said'; not '“safe zone” into which')
    if text[last] not in _CLAUSE_END and text[q.close + 1:q.close + 2] != ",":
        return None
    # the sentence ended inside the marks: only a bare attribution may follow ('“...great.” Rep. Cole said.')
    ended = text[last] == "." and text[last - 2:last + 1] != "..."
    hi = nxt.open if nxt is not None else len(text)
    region = _tokens(ctx.doc, q.close + 1, hi)
    for n, tok in enumerate(region):
        if n > limit or "\n" in tok.text or tok.text in _MARK_CHARS \
                or (tok.text in _SENT_END and not _abbreviation(text, tok.idx)):
            break
        if ctx.is_cue(tok):
            if ended and any(c.dep_ in _REPORTED for c in tok.children):
                return None     # '“... .” He said the army would ...': a new statement, not a cue
            return tok
        if tok.lower_ == "according" and tok.i + 1 < len(ctx.doc) and ctx.doc[tok.i + 1].lower_ == "to":
            return tok
    return None


def _sentence_start(ctx: SpeakerContext, q: Quoted, prev: Quoted | None) -> int:
    """Char where the sentence holding a quote's opening mark starts (or the previous quote ends)."""
    text = ctx.text
    lo = max(text.rfind("\n", 0, q.open) + 1, (prev.close + 1) if prev and prev.close is not None else 0)
    i = q.open - 1
    while i > lo:
        if text[i] in _SENT_END and text[i + 1].isspace() and not _abbreviation(text, i):
            return i + 1
        i -= 1
    return lo


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the '.' at ``dot`` ends an abbreviation ("Gen.", "Mr.", "U.S.") rather than a sentence."""
    if text[dot] != ".":
        return False
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot]
    return bool(word) and word[0].isupper() and (len(word.replace(".", "")) <= 3)


def _cue_before(ctx: SpeakerContext, q: Quoted, prev: Quoted | None, limit: int) -> Token | None:
    """The last reporting verb between the sentence start and a quote's opening mark."""
    region = _tokens(ctx.doc, _sentence_start(ctx, q, prev), q.open)
    toks = list(region)[-limit:]
    for tok in reversed(toks):
        if ctx.is_cue(tok):
            return tok
        if tok.lower_ == "according" and tok.i + 1 < len(ctx.doc) and ctx.doc[tok.i + 1].lower_ == "to":
            return tok
    for tok in reversed(toks):   # "in a statement", "in remarks": the statement's own verb is elsewhere
        if tok.lemma_.lower() in ctx.nouns and tok.head.pos_ == "VERB" and ctx.is_cue(tok.head):
            return tok.head
    return None


def _cue_previous_paragraph(ctx: SpeakerContext, q: Quoted) -> Token | None:
    """'Caddell continued:' ending the paragraph before a quote that opens its own paragraph."""
    text = ctx.text
    para_start = text.rfind("\n", 0, q.open) + 1
    if text[para_start:q.open].strip():
        return None
    prev_end = para_start - 1
    while prev_end > 0 and text[prev_end - 1].isspace():
        prev_end -= 1
    if prev_end <= 0 or text[prev_end - 1] != ":":
        return None
    prev_start = text.rfind("\n", 0, prev_end) + 1
    for tok in reversed(list(_tokens(ctx.doc, prev_start, prev_end))):
        if ctx.is_cue(tok):
            return tok
    return None


def _introduces(ctx: SpeakerContext, cue: Token, q: Quoted) -> bool:
    """Whether the cue stands right before the opening mark ('saying, "...', 'yelled "...')."""
    between = ctx.text[cue.idx + len(cue.text):q.open]
    return len(between) <= 3 and not any(c.isalnum() for c in between)


def _cue_first(ctx: SpeakerContext, cue: Token) -> bool:
    """Whether the cue opens its clause, the speaker after it ('said Chief Marta Olsen.')."""
    i = cue.i - 1
    return i < 0 or ctx.doc[i].is_punct or "\n" in ctx.doc[i].text


def _cue_previous_sentence(ctx: SpeakerContext, q: Quoted) -> Token | None:
    """A cue closing the sentence before a quote that opens a sentence ('..., police said. “...”')."""
    text = ctx.text
    i = q.open - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i <= 0 or text[i] != "." or _abbreviation(text, i):
        return None
    lo = max(text.rfind("\n", 0, i) + 1, i - 80)
    toks = list(_tokens(ctx.doc, lo, i))[-7:]
    for tok in reversed(toks):
        if tok.text in _MARK_CHARS or (tok.text in _SENT_END and not _abbreviation(text, tok.idx)):
            return None
        if ctx.is_cue(tok):
            return tok
    return None


def _reported_before(ctx: SpeakerContext, q: Quoted, last: "_Found | None") -> Token | None:
    """The reporting verb of the sentence right before a quote that opens a sentence, when that
    sentence reports someone's words in its own voice ('X said the clinic had run out of fuel. “...”'),
    after the last quote: whose words the quote goes on with."""
    text = ctx.text
    i = q.open - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i <= 0 or text[i] not in _SENT_END or _abbreviation(text, i):
        return None
    lo = text.rfind("\n", 0, i) + 1
    if last is not None:
        lo = max(lo, last.end + 1)
    j = i - 1
    while j > lo:
        if text[j] in _SENT_END and text[j + 1].isspace() and not _abbreviation(text, j):
            lo = j + 1
            break
        j -= 1
    if any(c in _MARK_CHARS for c in text[lo:i]):
        return None
    for tok in _tokens(ctx.doc, lo, i):
        if ctx.is_cue(tok) and tok.pos_ == "VERB" and tok.dep_ in ("ROOT", "conj") \
                and any(c.dep_ == "ccomp" and c.i > tok.i for c in tok.children):
            speaker = ctx.speaker_of(tok)
            if speaker.name is not None and speaker.kind == "person":
                return tok
    return None


def _kind(ctx: SpeakerContext, q: Quoted, before: Token | None, words: int) -> str:
    """direct for a whole statement, partial for a fragment set in the writer's own clause."""
    text = ctx.text
    i = q.open - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0 or text[i] in "\n,:.!?—–(" or (before is not None and before.idx + len(before.text) == i + 1):
        return "direct"
    prev_word = text[text.rfind(" ", 0, i) + 1:i + 1].lower()
    ends_sentence = text[q.end - 1:q.end] in _SENT_END or text[q.close + 1:q.close + 2] in _SENT_END \
        if q.close is not None else True
    if prev_word == "that" and ends_sentence and words >= 6 and text[q.start].isupper():
        return "direct"
    return "partial"


def _transcript(ctx: SpeakerContext) -> list[tuple[int, int, str]]:
    """Transcript turns: paragraphs opening with an upper-case speaker label ("PENCE: Well, ...").

    A turn runs on over the following paragraphs that carry no label of their own when the
    transcript is itself quoted paragraph by paragraph (each opening with a mark); a stage direction
    ("(CROSSTALK)") or a blank-label paragraph ends it.
    """
    text, out = ctx.text, []
    start, open_turn = 0, None
    for line in text.split("\n"):
        m = _TRANSCRIPT.match(line)
        body = line.lstrip()
        if m and len(m.group(1).replace(".", "")) >= 3 and m.group(1).strip() not in ctx.labels:
            open_turn = [start + m.end(), start + len(line), m.group(1).strip(), body[:1] in _MARK_CHARS]
            out.append(open_turn)
        elif body and open_turn is not None:
            mark = body[:1] in _MARK_CHARS
            if open_turn[3] and mark and body[1:2].isalnum():
                open_turn[1] = start + len(line)
            else:
                open_turn = None
        start += len(line) + 1
    turns = []
    for lo, hi, label, _ in out:
        while hi > lo and text[hi - 1] in _TRIM_END:
            hi -= 1
        if hi > lo:
            turns.append((lo, hi, label))
    return turns


def _dash_speaker(ctx: SpeakerContext, q: Quoted) -> Speaker | None:
    """A pull quote signed after a dash on its line: '“...” ― Sonya Herridge'."""
    if q.close is None:
        return None
    text = ctx.text
    eol = text.find("\n", q.close)
    m = _DASH_SIGNATURE.match(text, q.close + 1, eol if eol >= 0 else len(text))
    if m is None:
        return None
    name = m.group(1).strip().rstrip(".,")
    span = ctx.doc.char_span(m.start(1), m.start(1) + len(name), alignment_mode="expand")
    ent = next((e for e in span.ents), None) if span is not None else None
    if ent is not None and ent.label_ != "PERSON":
        return Speaker(source_name(ent.text), None, "organization" if ent.label_ in ORG_LABELS else "unknown")
    full = ctx.people.name(name)
    return Speaker(full, ctx.people.titles.get(full), "person")


def _speaker_from_label(ctx: SpeakerContext, label: str) -> Speaker:
    words = [w for w in label.replace(".", ". ").split() if w]
    name = " ".join(w.capitalize() for w in words if w.rstrip(".").lower() not in ctx.titles) or label.title()
    full = ctx.people.name(name)
    return Speaker(full, ctx.people.titles.get(full), "person")


def quoted_spans(doc: Doc) -> list[tuple[int, int]]:
    """The (start, end) offsets of every quoted stretch's content, computed once per Doc."""
    ctx = doc_context(doc)
    if ctx.quoted is None:
        ctx.quoted = [(q.start, q.end) for q in _quoted(doc, ctx.text)]
    return ctx.quoted


def _quoted(doc: Doc, text: str) -> list[Quoted]:
    """The doc's quotes: from the sitrep_quote_marks spans if present, else found in the text."""
    if MARKS_KEY not in doc.spans:
        return find_quoted(text)
    out = []
    for span in doc.spans[MARKS_KEY]:
        lo, hi = span.start_char, span.end_char
        o = next((i for i in range(lo, hi) if text[i] in _MARK_CHARS), None)
        if o is None:
            continue
        close = None
        if span.label_ == "closed":
            close = next((i for i in range(hi - 1, o, -1) if text[i] in _MARK_CHARS), None)
        s, e = content(text, o + 1, close if close is not None else hi)
        if e > s:
            out.append(Quoted(o, close, s, e))
    return out


def _is_title_of_work(ctx: SpeakerContext, q: Quoted) -> bool:
    """A short Title-Cased fragment after a possessive, preposition or article names a show or a book."""
    words = ctx.text[q.start:q.end].split()
    if not words or len(words) > 6:
        return False
    long_words = [w for w in words if sum(c.isalpha() for c in w) >= 4]
    if not long_words or not all(w[0].isupper() for w in long_words):
        return False
    before = ctx.text[max(0, q.open - 20):q.open].split()
    prev = before[-1].lower() if before else ""
    return prev.endswith(("'s", "’s")) or prev in lexicon_set("quote_title_leads")


def _governs(ctx: SpeakerContext, cue: Token, q: Quoted) -> bool:
    """Whether the cue verb is an ancestor of the quoted fragment in the parse."""
    span = ctx.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span.root
    for _ in range(20):
        if tok is cue or tok.i == cue.i:
            return True
        if tok.head is tok:
            return False
        tok = tok.head
    return False


def _inverted(ctx: SpeakerContext, q: Quoted, cue: Token) -> bool:
    """Whether the cue comes first after the closing mark ('“...,” said Caddell')."""
    between = ctx.text[q.close + 1:cue.idx] if q.close is not None else "x"
    return not any(c.isalnum() for c in between)


def _direct(ctx: SpeakerContext) -> list[_Found]:
    """Direct and partial quotes between marks, and transcript turns, with their speakers."""
    limits = thresholds()["quotes"]
    quoted = ctx.quoted
    turns = _transcript(ctx)
    turn_starts = [t[0] for t in turns]
    found: list[_Found] = []
    last: _Found | None = None
    for n, q in enumerate(quoted):
        if _frames_turns(q, turns, turn_starts):
            continue
        words = len(ctx.text[q.start:q.end].split())
        cues = _cues(ctx, n, words, limits)
        if cues is None:
            continue
        kind, cue, before = cues
        para = ctx.para_of(q.open)
        speaker, cue = _speaker_and_cue(ctx, q, kind, cue, before)
        inherited = False
        if speaker is None and kind == "direct":
            cue = _reported_before(ctx, q, last)
            if cue is not None:
                # 'Dana Ruiz, 29, said the clinic had run out of fuel. “We are working in the dark.”'
                speaker = ctx.speaker_of(cue)
        if speaker is None:
            if _goes_on(ctx, q, last, para, kind):
                # '“...,” he said. “...”' and a quote-only paragraph after one: the same speaker goes on
                speaker, cue, inherited = last.speaker, last.cue, True
            elif kind == "direct" and words >= limits["uncued_min_words"]:
                speaker = Speaker()
            else:
                continue    # a scare quote or a title: “safe zone”
        if kind == "partial" and words < limits["partial_min_words"] and cue is None:
            continue
        f = _Found(q.start, q.end, kind, cue, speaker, para, own_cue=not inherited)
        if _split_by_cue(last, f, inherited):
            # '“A,” he said. “B”': one statement split by its cue
            f = _Found(last.start, q.end, "direct", last.cue, last.speaker, para, last.parts + f.parts)
            found[-1] = f
        else:
            found.append(f)
        last = f
    for lo, hi, label in turns:
        found.append(_Found(lo, hi, "direct", None, _speaker_from_label(ctx, label), ctx.para_of(lo)))
    return found


def _frames_turns(q: Quoted, turns: list, turn_starts: list[int]) -> bool:
    """Whether the quote holds transcript turns or sits in one: the transcript's frame, reported
    turn by turn instead."""
    k = bisect.bisect_left(turn_starts, q.start)
    if k < len(turns) and turns[k][0] < q.end and (turns[k][1] > q.start):
        return True
    return k > 0 and turns[k - 1][0] <= q.start < turns[k - 1][1]


def _cues(ctx: SpeakerContext, n: int, words: int, limits: dict) -> tuple[str, Token | None, Token | None] | None:
    """(kind, cue after the quote, cue before it) of quote ``n``; None for the title of a work."""
    quoted = ctx.quoted
    q = quoted[n]
    prev = quoted[n - 1] if n else None
    nxt = quoted[n + 1] if n + 1 < len(quoted) else None
    cue = _cue_after(ctx, q, nxt, limits["cue_after_max_tokens"])
    before = _cue_before(ctx, q, prev, limits["cue_before_max_tokens"])
    kind = _kind(ctx, q, before, words)
    if kind == "partial" and _is_title_of_work(ctx, q):
        return None    # MSNBC's “Morning Joe”, an episode of “Face the Nation”
    if kind == "partial" and before is not None and words <= limits["governed_max_words"] \
            and not _governs(ctx, before, q):
        before = None   # a cue elsewhere in the sentence does not report this word: “quack” cures
    return kind, cue, before


def _speaker_and_cue(ctx: SpeakerContext, q: Quoted, kind: str, cue: Token | None,
                     before: Token | None) -> tuple[Speaker | None, Token | None]:
    """The quote's speaker and the cue it is read from: the cue after the quote, a dash signature,
    the cue of the sentence or paragraph before, or the cue before the quote; no speaker without one."""
    if cue is not None and before is not None and _introduces(ctx, before, q):
        cue = before    # 'saying, "Fill the bag," police said': the robber said it, police report it
    elif cue is not None and before is not None and before.lower_ != "according" and _governs(ctx, before, q) \
            and (cue.lower_ == "according" or kind == "partial" and cue.is_ancestor(before)):
        # a fragment's own reporting verb, not the one its clause hangs on ('Pressed on the memo in
        # which he wrote that “...”, Lind said she was worried')
        # 'X called the vote “a farce from start to finish”, according to the radio': X said it
        return ctx.speaker_of(before), before
    speaker = _dash_speaker(ctx, q) if cue is None else None
    if speaker is None and cue is None and before is None and kind == "direct":
        cue = _cue_previous_sentence(ctx, q)    # '..., Chief Dale Ross said. “At no time ...”'
        if cue is not None:
            speaker = ctx.speaker_of(cue, inverted=_cue_first(ctx, cue))
    if speaker is None:
        if cue is not None:
            speaker = ctx.speaker_of(cue, inverted=_inverted(ctx, q, cue))
        else:
            if kind == "direct":
                cue = _cue_previous_paragraph(ctx, q)
            cue = cue or before
            if cue is not None:
                speaker = ctx.speaker_of(cue)
    return speaker, cue


def _goes_on(ctx: SpeakerContext, q: Quoted, last: _Found | None, para: int, kind: str) -> bool:
    """Whether a quote without a speaker continues the last one: in its paragraph, or as a
    quote-only paragraph up to two paragraphs after it."""
    return last is not None and (last.para == para or (last.para >= para - 2 and kind == "direct"
                                                       and ctx.text[q.open - 1:q.open] in ("\n", "")))


def _split_by_cue(last: _Found | None, f: _Found, inherited: bool) -> bool:
    """Whether ``f`` is the second half of the last direct quote of its paragraph, split by its
    cue ('“A,” he said. “B”')."""
    cue = f.cue
    return (inherited or (cue is not None and last is not None and last.cue is not None and cue.i == last.cue.i)) \
        and last is not None and last.para == f.para and f.kind == "direct" == last.kind \
        and last.cue is not None and last.end <= last.cue.idx < f.start


def _fragment_clause(ctx: SpeakerContext, f: _Found) -> tuple[int, int] | None:
    """The reported clause around a partial quote: from after its cue verb to the closing mark."""
    if f.cue is None or f.cue.idx >= f.start or f.cue.lower_ == "according":
        return None
    text = ctx.text
    lo = f.cue.idx + len(f.cue.text)
    while lo < f.start and text[lo] in " ,:\t":
        lo += 1
    hi = f.end
    while hi < len(text) and text[hi] in _MARK_CHARS:
        hi += 1
    if "\n" in text[lo:hi] or lo >= f.start and hi <= f.end:
        return None
    return lo, hi


def _according_to(ctx: SpeakerContext, tok: Token, spans: list[tuple[int, int]],
                  starts: list[int]) -> _Found | None:
    """'..., according to Gaza's Ministry of Health.': the rest of the sentence, reported by the object."""
    doc, text = ctx.doc, ctx.text
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to" or ctx.inside_quote(tok.idx):
        return None
    obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    sent = tok.sent
    phrase_end = obj.right_edge.i + 1
    para_lo = text.rfind("\n", 0, tok.idx) + 1
    if tok.i > sent.start and doc[tok.i - 1].text == ",":     # "..., according to X."
        first = sent[0]
        while first.i < tok.i - 1 and (first.is_space or first.is_punct):
            first = doc[first.i + 1]
        lo, hi = max(first.idx, para_lo), doc[tok.i - 1].idx
    elif tok.i == sent.start or doc[tok.i - 1].is_space:       # "According to X, ..."
        if phrase_end >= sent.end or doc[phrase_end].text != ",":
            return None
        last = sent[-1]
        while last.i > phrase_end and (last.is_punct or last.is_space):
            last = doc[last.i - 1]
        lo, hi = doc[phrase_end + 1].idx, last.idx + len(last.text)
    else:
        return None
    while hi > lo and text[hi - 1] in " ,":
        hi -= 1
    if hi - lo < 10 or "\n" in text[lo:hi]:
        return None
    i = bisect.bisect_right(starts, hi) - 1
    if i >= 0 and spans[i][1] > lo and min(hi, spans[i][1]) - max(lo, spans[i][0]) >= 0.5 * (hi - lo):
        return None
    speaker = ctx.speaker_from(obj)
    if speaker.name is None:
        return None
    return _Found(lo, hi, "indirect", tok, speaker, ctx.para_of(lo))


def _indirect(ctx: SpeakerContext, direct: list[_Found]) -> list[_Found]:
    """Complement clauses of reporting verbs outside quotes ("Blinken said that ..."), and sentences
    reported 'according to' someone."""
    limits = thresholds()["quotes"]
    spans = sorted((f.start, f.end) for f in direct if f.kind == "direct")
    starts = [s for s, _ in spans]
    out = []
    for tok in ctx.doc:
        if tok.lower_ == "according":
            found = _according_to(ctx, tok, spans, starts)
            if found is not None:
                out.append(found)
            continue
        if not ctx.is_cue(tok) or tok.pos_ != "VERB":
            continue
        comp = next((c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i), None)
        if comp is None:
            continue
        left, right = comp.left_edge, comp.right_edge
        for child in tok.children:   # "said she hopes ..., but she knows ...": the clause runs on
            if child.i > comp.i and child.dep_ in ("conj", "cc", "advcl", "ccomp") \
                    and "\n" not in ctx.text[right.idx:child.right_edge.idx]:
                right = max(right, child.right_edge, key=lambda t: t.i)
        while right.i > left.i and (right.is_punct or right.is_space):
            right = ctx.doc[right.i - 1]
        if right.i - left.i + 1 < limits["indirect_min_tokens"]:
            continue
        lo, hi = left.idx, right.idx + len(right.text)
        if "\n" in ctx.text[lo:hi] or ctx.inside_quote(tok.idx):
            continue
        i = bisect.bisect_right(starts, hi) - 1
        if i >= 0 and spans[i][1] > lo and min(hi, spans[i][1]) - max(lo, spans[i][0]) >= 0.5 * (hi - lo):
            continue    # the complement is a direct quote
        speaker = ctx.speaker_of(tok)
        if speaker.name is None:
            continue
        out.append(_Found(lo, hi, "indirect", tok, speaker, ctx.para_of(lo)))
    covered = [(f.start, f.end) for f in out]
    for f in direct:
        if f.kind != "partial" or not f.own_cue or any(lo < f.end and f.start < hi for lo, hi in covered):
            continue
        clause = _fragment_clause(ctx, f)
        if clause is not None and f.speaker.name is not None:
            # 'Clinton called half of Trump's supporters “deplorables”': the reported claim itself
            out.append(_Found(clause[0], clause[1], "indirect", f.cue, f.speaker, f.para))
    return out


def quote_records(doc: Doc) -> list[Quote]:
    """The quotes of ``doc`` (see ``extract_quotes``), worked out once per Doc and kept in its
    DocContext: the figures' attribution asks who said a number quoted."""
    ctx = doc_context(doc)
    if ctx.quotes is None:
        ctx.quotes = list(_extract_quotes(doc))
    return ctx.quotes


def extract_quotes(doc: Doc) -> Iterator[Quote]:
    """Yield the quotes of an annotated Doc in text order (see ``_extract_quotes``)."""
    yield from quote_records(doc)


def _extract_quotes(doc: Doc) -> Iterator[Quote]:
    """Yield the quotes of an annotated Doc in text order.

    Args:
        doc: a Doc parsed by sitrep's pipeline (quote marks, people and titles annotated).

    Yields:
        Quote records: ``direct`` and ``partial`` quotes (text without the marks) and ``indirect``
        reported speech, each with its cue verb and canonical speaker. ``start``/``end`` span the
        quote in the article; for a quote split by its cue ('“A,” he said. “B”') or running over
        paragraphs they span all of it, ``parts`` gives the exact span of each quoted piece, and
        ``text`` joins the pieces without the cue and the re-opening marks.
    """
    text = doc_text(doc)
    ctx = SpeakerContext(doc, _quoted(doc, text), text)
    found = _direct(ctx)
    found += _indirect(ctx, found)
    found.sort(key=lambda f: (f.start, f.end))
    for f in found:
        words = " ".join(_REOPEN.sub(r"\1", text[lo:hi]) for lo, hi in f.parts)
        yield Quote(
            text=words, start=f.start, end=f.end, kind=f.kind,  # type: ignore[arg-type]
            speaker=f.speaker.name, speaker_title=f.speaker.title,
            speaker_type=f.speaker.kind if f.speaker.name else "unknown",  # type: ignore[arg-type]
            cue=f.cue.text if f.cue is not None else None,
            parts=tuple((lo, hi) for lo, hi in f.parts),
        )
