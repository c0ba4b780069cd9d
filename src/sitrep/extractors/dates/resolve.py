"""Extract stage, dates: pure resolvers, from one matched expression to a dated DateRef.

An ``Anchor`` holds what year-less and relative expressions resolve against (the publication date,
the explicit years of the text); each resolver reads one regular-expression match.
"""

from __future__ import annotations

import calendar
import logging
import re
from datetime import date, timedelta
from functools import cache, lru_cache

from sitrep.extractors.dates.grammar import (
    YEAR, holiday_dates, month_numbers, patterns, relative_units, weekday_numbers,
)
from sitrep.resources import thresholds
from sitrep.types import DateRef

logger = logging.getLogger(__name__)

_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "night": 1, "week": 7, "month": 30, "year": 365}
_VAGUE_COUNTS = {"few": 3, "several": 3, "couple of": 2, "couple": 2}


@lru_cache(maxsize=1024)  # also logs an unreadable date once, not once per call
def parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        logger.warning("unreadable publication date %r: relative dates stay unresolved", published)
        return None


def safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _mid(a: date, b: date) -> date:
    return a + timedelta(days=(b - a).days // 2)


class Anchor:
    """What year-less and relative expressions resolve against."""

    __slots__ = ("text", "pub", "_years", "_us")

    def __init__(self, text: str, pub: date | None) -> None:
        self.text, self.pub = text, pub
        self._years: list[tuple[int, int]] | None = None
        self._us: bool | None = None

    @property
    def years(self) -> list[tuple[int, int]]:
        """(offset, year) of every explicit year in the text: the anchor where there is no pub date."""
        if self._years is None:
            self._years = [(m.start(), int(m.group())) for m in re.finditer(r"(?<![\d/-])" + YEAR, self.text)]
        return self._years

    @property
    def us_order(self) -> bool:
        """Whether ambiguous numeric dates read month first: the text writes "June 6" at least as
        often as "6 June"."""
        if self._us is None:
            rx = patterns()
            self._us = len(rx["mdy"].findall(self.text)) >= len(rx["dmy"].findall(self.text))
        return self._us

    def future(self, start: int) -> bool:
        """Whether the clause just before ``start`` speaks of the future (will, next, scheduled...)."""
        left = self.text[max(0, start - 40):start]
        left = re.split(r"[.;!?,\n]|\b(?:and|but|said|says|after|when)\b", left)[-1]  # this clause only
        return bool(patterns()["future"].search(left))

    def year_for(self, start: int, month: int, day: int) -> date | None:
        """A year-less month/day: the publication year, a year back if that lands after publication
        (past-tense reports), a year on if it lands before it in a future-tense clause. A date only
        weeks after publication stays: it is a schedule ("due in court March 22"), not last year's."""
        if self.pub is not None:
            got = safe_date(self.pub.year, month, day)
            if got is None:  # 29 February of a common year
                got = safe_date(self.pub.year - 1, month, day)
            if got is None:
                return None
            if got > self.pub and re.search(r"\bsince\b", self.text[max(0, start - 40):start].lower()):
                # "Since the ceasefire (October 11)": a start in the past, never a schedule
                return safe_date(got.year - 1, month, day) or got
            if self.future(start):
                return safe_date(got.year + 1, month, day) or got if got < self.pub else got
            if (got - self.pub).days > thresholds()["dates"]["schedule_days"]:
                got = safe_date(got.year - 1, month, day) or got
            return got
        if not self.years:
            return None
        # nearest explicit year in the text, preferring the one before the expression
        before = [y for off, y in self.years if off <= start]
        year = before[-1] if before else self.years[0][1]
        return safe_date(year, month, day)


def point_ref(ctx: Anchor, start: int, end: int, d: date | None, precision: int = 1,
           lo: date | None = None, hi: date | None = None, kind: str = "point") -> DateRef:
    iso = lambda x: x.isoformat() if x else None  # noqa: E731
    return DateRef(start=start, end=end, text=ctx.text[start:end], date=iso(d), precision=precision,
                   period_start=iso(lo if lo or hi else d), period_end=iso(hi if lo or hi else d), kind=kind)


def span_precision(lo: date, hi: date) -> int:
    days = (hi - lo).days
    return 1 if days == 0 else 2 if days <= 7 else 3


def explicit_ref(ctx: Anchor, name: str, m: re.Match[str]) -> DateRef | None:
    g = m.groupdict()
    months = month_numbers()
    s, e = m.start(), m.end()
    if name == "iso":
        d = safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return point_ref(ctx, s, e, d) if d else None
    if name == "num":
        a, b_, y = int(g["a"]), int(g["b"]), int(g["y"])
        month, day = (a, b_) if (a <= 12 and (b_ > 12 or ctx.us_order)) else (b_, a)
        d = safe_date(y, month, day)
        return point_ref(ctx, s, e, d) if d else None
    if name == "year":
        y = int(g["y"])
        s = m.start("y")
        return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=3,
                       period_start=date(y, 1, 1).isoformat(), period_end=date(y, 12, 31).isoformat())
    mon = months.get(g["mon"].rstrip(".")) or months.get(g["mon"].rstrip(".").title())
    if mon is None:
        return None
    if name in ("dmy", "mdy"):
        day = int(re.match(r"\d+", g["d"]).group())
        d = safe_date(int(g["y"]), mon, day) if g.get("y") else ctx.year_for(s, mon, day)
        return point_ref(ctx, s, e, d) if d else None
    if name in ("drange", "mrange"):
        d1, d2 = (int(re.match(r"\d+", g[k]).group()) for k in ("d1", "d2"))
        lo = safe_date(int(g["y"]), mon, d1) if g.get("y") else ctx.year_for(s, mon, d1)
        hi = safe_date(lo.year, mon, d2) if lo else None
        if not lo or not hi or hi < lo:
            return None
        return point_ref(ctx, s, e, lo, span_precision(lo, hi), lo, hi, "range")
    if name in ("my", "month"):
        if g.get("y"):
            y = int(g["y"])
        else:
            first = ctx.year_for(s, mon, 1)
            if first is None:
                return None
            y = first.year
        lo, hi = date(y, mon, 1), _month_end(y, mon)
        s = m.start("mon")
        return point_ref(ctx, s, e, _mid(lo, hi), 3, lo, hi)
    return None


def _weekday(ctx: Anchor, m: re.Match[str]) -> DateRef | None:
    wd = weekday_numbers().get(m["wd"].rstrip(".")) or weekday_numbers().get(m["wd"].rstrip(".").title())
    mod = (m["mod"] or "").lower()
    if mod in ("early", "late"):
        mod = ""
    s = m.start("wd") if not mod else m.start()
    if ctx.pub is None or wd is None:
        return DateRef(start=s, end=m.end(), text=ctx.text[s:m.end()], date=None, precision=1)
    pw = ctx.pub.weekday()
    future = mod in ("next", "this coming") or (mod != "last" and ctx.future(m.start()))
    if future:
        delta = (wd - pw) % 7 or (7 if mod == "next" else 0)
        d = ctx.pub + timedelta(days=delta)
    else:
        delta = (pw - wd) % 7 or (7 if mod == "last" else 0)
        d = ctx.pub - timedelta(days=delta)
    return point_ref(ctx, s, m.end(), d)


def _relative_ref(ctx: Anchor, m: re.Match[str]) -> DateRef | None:
    unit, off = relative_units()[re.sub(r"\s+", " ", m["rel"].lower())]
    s, e, p = m.start(), m.end(), ctx.pub
    if p is None:
        return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=1 if unit == "day" else 3)
    if unit == "day":
        return point_ref(ctx, s, e, p + timedelta(days=off))
    if unit in ("week", "week_so_far"):
        monday = p - timedelta(days=p.weekday()) + timedelta(weeks=off)
        hi = max(monday, min(p, p - timedelta(days=1))) if unit == "week_so_far" else monday + timedelta(days=6)
        return point_ref(ctx, s, e, _mid(monday, hi), 2, monday, hi)
    if unit == "weekend":
        if off < 0 and p.weekday() < 5:
            off += 1  # "last weekend" told on a weekday is the weekend just past
        sat = p - timedelta(days=(p.weekday() - 5) % 7) + timedelta(weeks=off)
        return point_ref(ctx, s, e, sat, 2, sat, sat + timedelta(days=1))
    if unit in ("month", "month_so_far"):
        y, mo = divmod(p.year * 12 + p.month - 1 + off, 12)
        lo = date(y, mo + 1, 1)
        hi = p if unit == "month_so_far" else _month_end(y, mo + 1)
        return point_ref(ctx, s, e, _mid(lo, hi), 3, lo, hi)
    y = p.year + off  # year, year_so_far: no single date
    hi = p if unit == "year_so_far" else date(y, 12, 31)
    return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=3,
                   period_start=date(y, 1, 1).isoformat(), period_end=hi.isoformat(), kind="point")


def _window(ctx: Anchor, m: re.Match[str]) -> DateRef | None:
    n = _count(m["n"] or "1")
    if n is None:
        return None
    s, e = m.start(), m.end()
    days = max(1, round(n * _UNIT_DAYS[m["unit"].lower().rstrip("s")]))
    lo = ctx.pub - timedelta(days=days) if ctx.pub else None
    hi = ctx.pub
    return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=span_precision(lo, hi) if lo else 3,
                   period_start=lo.isoformat() if lo else None, period_end=hi.isoformat() if hi else None,
                   kind="window")


def _ago(ctx: Anchor, m: re.Match[str]) -> DateRef | None:
    """"two days ago", "a week ago": a day, week or month before publication."""
    n = _count(m["n"])
    if n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    s, e = m.start(), m.end()
    if ctx.pub is None:
        return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=3)
    if unit == "year":  # a year, no day: "three years ago" is within the year three before publication's
        year = ctx.pub.year - n
        return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=3,
                       period_start=f"{year:04d}-01-01", period_end=f"{year:04d}-12-31")
    if unit == "month":
        y, mo = divmod(ctx.pub.year * 12 + ctx.pub.month - 1 - n, 12)
        return point_ref(ctx, s, e, safe_date(y, mo + 1, min(ctx.pub.day, 28)), 3)
    days = n * (7 if unit == "week" else 1)
    vague = not m["n"].isdigit() and _number_word(m["n"].lower()) is None and m["n"].lower() not in ("a", "an")
    return point_ref(ctx, s, e, ctx.pub - timedelta(days=days), 2 if unit == "week" or vague else 1)


def _count(word: str) -> int | None:
    """A small count as written: "24", "two", "a", "a few", "several"; None past 1,000 (no date window)."""
    word = re.sub(r"\s+", " ", word.lower())
    if word.isdigit():
        return int(word) if int(word) <= 1000 else None
    if word in ("a", "an"):
        return 1
    if word in _VAGUE_COUNTS or word.startswith("a ") and word[2:] in _VAGUE_COUNTS:
        return _VAGUE_COUNTS[word if word in _VAGUE_COUNTS else word[2:]]
    n = _number_word(word)
    return n if n is not None and n <= 1000 else None


@cache
def _number_word(word: str) -> int | None:
    from text_to_num import text2num  # imported lazily: only windows spelt in words need it

    try:
        return int(text2num(word, "en"))
    except ValueError:
        return None


def build_ref(ctx: Anchor, name: str, m: re.Match[str]) -> DateRef | None:
    if name == "since_unknown":
        hi = ctx.pub.isoformat() if ctx.pub else None
        return DateRef(start=m.start(), end=m.end(), text=m.group(), date=None, precision=3,
                       period_start=None, period_end=hi, kind="since")
    if name == "rel":
        return _relative_ref(ctx, m)
    if name == "ago":
        return _ago(ctx, m)
    if name == "holiday":
        month, day = holiday_dates()[re.sub(r"\s+", " ", m["hol"].lower().replace("'", "’"))]
        d = ctx.year_for(m.start(), month, day)
        return point_ref(ctx, m.start(), m.end(), d) if d else None
    if name == "anaphor":  # dated in _anaphors, once every other date is known
        return DateRef(start=m.start(), end=m.end(), text=m.group(), date=None, precision=1)
    if name == "window":
        return _window(ctx, m)
    if name == "weekday":
        return _weekday(ctx, m)
    return explicit_ref(ctx, name, m)



def with_year(ref: DateRef, year: int, before: date) -> date | None:
    """Re-resolve a year-less range start against the year its end states ("from 19 February to 23 March 2024")."""
    lo = date.fromisoformat(ref.period_start)
    got = safe_date(year, lo.month, lo.day)
    if got is not None and got > before:
        got = safe_date(year - 1, lo.month, lo.day)
    return got

