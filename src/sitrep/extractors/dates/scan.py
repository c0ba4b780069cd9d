"""Extract stage, dates: every date expression of a plain text, in text order.

Patterns are run only in windows around their trigger words (``grammar.trigger_words``), the
longest kinds first; then a weekday joins the date after it, anaphors ("the next day") take the
date before them, and "since X" / "between X and Y" become periods.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sitrep.extractors.dates.grammar import FAMILY, REACH, YEAR, anaphor_offsets, patterns, trigger_words
from sitrep.extractors.dates.resolve import (
    Anchor, build_ref, explicit_ref, parse_published, point_ref, span_precision, with_year,
)
from sitrep.resources import thresholds
from sitrep.types import DateRef

_ORDER = ("iso", "num", "drange", "mrange", "dmy", "mdy", "my", "holiday", "rel", "anaphor", "ago", "window", "weekday",
          "month", "year")


def find_dates(text: str, published: str | None) -> list[DateRef]:
    """Every date expression in ``text``, in text order, resolved against ``published``.

    Args:
        text: plain article text.
        published: the publication date (YYYY-MM-DD) that relative and year-less dates resolve
            against; without it they resolve against explicit years in the text, or stay None.

    Returns:
        DateRefs with ``kind`` "point" (a day, week or month), "range" ("between February 6 and 7",
        "from 19 February to 23 March"), "since" ("since October 7"; an unknown start for "since the
        start of the war") or "window" ("in the past 24 hours"). Past-tense expressions never land
        after publication.
    """
    rx = patterns()
    pub = parse_published(published)
    if pub is None:  # no publication date: the article's own date line anchors relative dates
        own = article_date(text)
        pub = date.fromisoformat(own.date) if own is not None and own.date else None
    ctx = Anchor(text=text, pub=pub)
    taken = bytearray(len(text) + 1)
    found: list[DateRef] = []
    weekdays: set[int] = set()
    anaphors: set[int] = set()
    windows = _windows(text)
    for name in ("since_unknown", *_ORDER):
        for lo, hi in windows.get(FAMILY[name], ()):
            for m in rx[name].finditer(text, lo, hi):
                ref = build_ref(ctx, name, m)
                if ref is not None and not any(taken[ref.start:ref.end]):
                    taken[ref.start:ref.end] = b"\x01" * (ref.end - ref.start)
                    found.append(ref)
                    if name == "weekday":
                        weekdays.add(ref.start)
                    elif name == "anaphor":
                        anaphors.add(ref.start)
    found.sort(key=lambda r: r.start)
    if anaphors:
        found = _anaphors(found, anaphors)
    return _combine(ctx, _merge_weekdays(text, found, weekdays))


def article_date(text: str) -> DateRef | None:
    """The article's own date, where its text states one: an opening "On 6 June 2025, ...", a
    dateline "KYIV, June 6, 2025 (Reuters) -", or a date line of its own under the headline.

    Only full dates (with a year) count, so the answer never depends on a publication date.
    """
    limits = thresholds()["dates"]
    head = text[:limits["article_header_chars"]]
    ctx = Anchor(text=head, pub=None)
    rx = patterns()
    for name in ("iso", "dmy", "mdy"):
        for m in rx[name].finditer(head):
            if name != "iso" and not m["y"]:
                continue
            line_start = head.rfind("\n", 0, m.start()) + 1
            line_end = head.find("\n", m.end())
            line = head[line_start:line_end if line_end >= 0 else len(head)]
            opening = m.start() < limits["article_date_chars"] and "." not in head[:m.start()].replace(
                m.group(), "")
            if opening or len(line.strip()) <= limits["date_line_chars"]:
                ref = explicit_ref(ctx, name, m)
                if ref is not None and ref.date:
                    return ref
    return None


def _anaphors(refs: list[DateRef], anaphors: set[int]) -> list[DateRef]:
    """Date "the next day", "the same day"... from the exact date told before them."""
    out: list[DateRef] = []
    last: date | None = None
    for ref in refs:
        if ref.start in anaphors:
            if last is not None:
                d = last + timedelta(days=anaphor_offsets()[re.sub(r"\s+", " ", ref.text.lower())])
                ref = DateRef(start=ref.start, end=ref.end, text=ref.text, date=d.isoformat(), precision=1,
                              period_start=d.isoformat(), period_end=d.isoformat())
                last = d
        elif ref.kind == "point" and ref.precision == 1 and ref.date:
            last = date.fromisoformat(ref.date)
        out.append(ref)
    return out



def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Merged character windows around trigger words, per pattern family."""
    names, words = trigger_words()
    spans: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    for m in _TOKEN.finditer(text):
        w = m.group()
        if w[0].isdigit():
            fams: tuple[str, ...] = ("year",) if len(w) == 4 and w[:2] in ("19", "20") else ()
        else:
            fams = names.get(w) or words.get(w.lower(), ())
        for fam in fams:
            back, fwd = REACH[fam]
            lo, hi = max(0, m.start() - back), min(n, m.end() + fwd)
            lst = spans.setdefault(fam, [])
            if lst and lo <= lst[-1][1]:
                lst[-1] = (lst[-1][0], max(hi, lst[-1][1]))
            else:
                lst.append((lo, hi))
    return spans



def _merge_weekdays(text: str, refs: list[DateRef], weekdays: set[int]) -> list[DateRef]:
    """A weekday followed by its explicit date ("Wednesday (Feb. 19)", "Friday, June 6") is one date."""
    out: list[DateRef] = []
    for ref in refs:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "point" and ref.kind == "point" and ref.precision == 1
                and prev.start in weekdays and _GAP_WEEKDAY.fullmatch(text, prev.end, ref.start)):
            out[-1] = DateRef(start=prev.start, end=ref.end, text=text[prev.start:ref.end], date=ref.date,
                              precision=1, period_start=ref.period_start, period_end=ref.period_end)
            continue
        out.append(ref)
    return out


_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_GAP_WEEKDAY = re.compile(r"\s*[,(]?\s*(?:the\s+)?")


def _combine(ctx: Anchor, refs: list[DateRef]) -> list[DateRef]:
    """Join "since X" into since-periods and "between/from X and/to Y" into ranges."""
    rx, text = patterns(), ctx.text
    hi_pub = ctx.pub.isoformat() if ctx.pub else None
    out: list[DateRef] = []
    i = 0
    while i < len(refs):
        ref = refs[i]
        nxt = refs[i + 1] if i + 1 < len(refs) else None
        if (ref.kind == "since" and ref.period_start is None and nxt is not None and nxt.kind == "point"
                and nxt.period_start and rx["since_gap"].fullmatch(text, ref.end, nxt.start)):
            # "since the start of the offensive on 3 May 2021": the start is told after all
            out.append(DateRef(start=ref.start, end=nxt.end, text=text[ref.start:nxt.end], date=None,
                               precision=nxt.precision, period_start=nxt.period_start, period_end=ref.period_end,
                               kind="since"))
            i += 2
            continue
        if ref.kind not in ("point", "range") or ref.period_start is None:
            out.append(ref)
            i += 1
            continue
        left = text[max(0, ref.start - 40):ref.start]
        pre = rx["range_pre"].search(left)
        if (ref.kind == "point" and nxt is not None and nxt.kind == "point" and nxt.period_end
                and rx["link"].fullmatch(text, ref.end, nxt.start)
                and (pre or not re.fullmatch(r"\s*and\s*", text[ref.end:nxt.start]))):
            lo, hi = date.fromisoformat(ref.period_start), date.fromisoformat(nxt.period_end)
            if not re.search(YEAR, ref.text) and re.search(YEAR, nxt.text):
                lo = with_year(ref, hi.year, hi) or lo
            if lo <= hi:
                s = ref.start - (len(pre.group()) if pre else 0)
                # a range of years ("from 2019 to 2021") has no single date, as its years have none
                first = lo if ref.date is not None and nxt.date is not None else None
                out.append(point_ref(ctx, s, nxt.end, first, max(ref.precision, span_precision(lo, hi)),
                                  lo, hi, "range"))
                i += 2
                continue
        if ref.kind == "range" and pre:
            s = ref.start - len(pre.group())
            ref = DateRef(start=s, end=ref.end, text=text[s:ref.end], date=ref.date, precision=ref.precision,
                          period_start=ref.period_start, period_end=ref.period_end, kind="range")
        since = rx["since_pre"].search(left)
        if since:
            s = ref.start - len(since.group())
            ref = DateRef(start=s, end=ref.end, text=text[s:ref.end], date=None, precision=ref.precision,
                          period_start=ref.period_start, period_end=hi_pub, kind="since")
        out.append(ref)
        i += 1
    return out
