"""Extract stage: date expressions in an article, resolved against its publication date.

``find_dates`` scans plain text with regular rules (month and weekday names, relative phrases and
the other word lists live in ``data/lexicons/en/date_*``); ``date_for`` picks the date of the
incident described in a span of a parsed Doc. Precision follows ACLED's ``time_precision``:
1 the exact day, 2 within a week, 3 within a month (or coarser).
"""

from __future__ import annotations

import calendar
import logging
import re
import weakref
from datetime import date, timedelta
from functools import cache, lru_cache

from spacy.tokens import Doc

from sitrep.extractors.doctext import doc_text
from sitrep.resources import load_lexicon, load_table, thresholds
from sitrep.types import DateRef

logger = logging.getLogger(__name__)

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"  # "6:30" is a time, "March 8:" a heading
_YEAR = r"(?:19|20)\d\d(?!\d)"
_DASH = r"\s*(?:-|–|—|\band\b|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*"
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "night": 1, "week": 7, "month": 30, "year": 365}
_VAGUE_COUNTS = {"few": 3, "several": 3, "couple of": 2, "couple": 2}


# --------------------------------------------------------------------------------------- lexicons
@cache
def _months() -> dict[str, int]:
    return {row["name"]: int(row["month"]) for row in load_table("date_months")}


def is_month_name(word: str) -> bool:
    """Whether ``word`` names a month as dates are read here: a name or newswire abbreviation, as
    written or in capitals, with an optional period ("Feb.", "FEB", "February")."""
    word = word.rstrip(".")
    return word in _months() or word.isupper() and word.title() in _months()


@cache
def _weekdays() -> dict[str, int]:
    return {row["name"]: int(row["weekday"]) for row in load_table("date_weekdays")}


@cache
def _holidays() -> dict[str, tuple[int, int]]:
    return {r["phrase"].lower().replace("'", "’"): (int(r["month"]), int(r["day"])) for r in load_table("date_holidays")}


@cache
def _anaphoric() -> dict[str, int]:
    return {r["phrase"].lower(): int(r["offset"]) for r in load_table("date_anaphoric")}


@cache
def _relative() -> dict[str, tuple[str, int]]:
    return {r["phrase"].lower(): (r["unit"], int(r["offset"])) for r in load_table("date_relative")}


def _full_names(table: dict[str, int]) -> set[str]:
    """The longest name of each value: the full name ("September"), the others being abbreviations."""
    longest: dict[int, str] = {}
    for name, value in table.items():
        if len(name) > len(longest.get(value, "")):
            longest[value] = name
    return set(longest.values())


def _names(table: dict[str, int], abbrev: str) -> str:
    """Alternation of the names in ``table``, as written or in capitals; abbreviations are followed
    by the pattern ``abbrev``."""
    full = _full_names(table)
    alts = []
    for name in sorted(table, key=len, reverse=True):
        for form in sorted({name, name.upper()}):
            alts.append(re.escape(form) + ("" if name in full else abbrev))
    return "(?:" + "|".join(alts) + ")"


@cache
def _rx() -> dict[str, re.Pattern[str]]:
    mon = _names(_months(), r"\.?")  # month patterns always take a day or year, so "Jan 6" is safe
    mon_full = "(?:" + "|".join(sorted(_full_names(_months()), key=len, reverse=True)) + ")"
    # "Sun." and "Wed." stand for weekdays only before a date ("Sun. May 4"): "The Sun." is a paper
    wd = _names(_weekdays(), r"\.(?=,?\s*\(?(?:" + mon + r")\s*\d)")
    rel = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_relative(), key=len, reverse=True))
    future = "|".join(re.escape(w) for w in load_lexicon("date_future_cues"))
    open_periods = "|".join(re.escape(w) for w in load_lexicon("date_open_periods"))
    b = r"(?<![\w/.-])"
    return {
        "iso": re.compile(b + r"(?P<y>" + _YEAR + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
        "num": re.compile(b + r"(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)/(?P<y>" + _YEAR + r")"),
        "drange": re.compile(b + r"(?P<d1>" + _DAY + r")" + _DASH + r"(?P<d2>" + _DAY + r")\s+(?:of\s+)?"
                             r"(?P<mon>" + mon + r")(?:,?\s+(?P<y>" + _YEAR + r"))?"),
        "mrange": re.compile(b + r"(?P<mon>" + mon + r")\s+(?P<d1>" + _DAY + r")" + _DASH
                             + r"(?P<d2>" + _DAY + r")(?:,?\s+(?P<y>" + _YEAR + r"))?"),
        "dmy": re.compile(b + r"(?:the\s+)?(?P<d>" + _DAY + r")\s+(?:of\s+)?(?P<mon>" + mon + r")"
                          r"(?:,?\s+(?P<y>" + _YEAR + r"))?"),
        "mdy": re.compile(b + r"(?P<mon>" + mon + r")\s+(?P<d>" + _DAY + r")(?:,?\s+(?P<y>" + _YEAR + r"))?"),
        "my": re.compile(b + r"(?P<mon>" + mon + r"),?\s+(?P<y>" + _YEAR + r")"),
        "month": re.compile(r"(?i:\b(?:in|since|during|until|through|by|of|from|before|after|"
                            r"early|late|mid|last|this)\b[\s-]+(?:(?:early|late|mid)[\s-]+)?)"
                            r"(?P<mon>" + mon_full + r")\b(?!\s*\d)"),
        "year": re.compile(r"(?i:\b(?:in|since|during|until|through|by|of|from|before|after|"
                           r"early|late|mid)\b[\s-]+(?:(?:early|late|mid)[\s-]+)?)"
                           r"(?P<y>" + _YEAR + r")(?![\d/-]|\s*(?:people|persons|troops|soldiers))"),
        "weekday": re.compile(r"(?:(?P<mod>(?i:last|next|this\s+past|this\s+coming|this|early|late))\s+)?"
                              r"\b(?P<wd>" + wd + r")(?:\s+(?P<part>(?i:morning|afternoon|evening|night|"
                              r"overnight|night's)))?(?!\w)"),
        "ago": re.compile(r"(?i)\b(?P<n>\d+|an?|a\s+few|a\s+couple\s+of|several|[a-z]+(?:-[a-z]+)?)\s+"
                          r"(?P<unit>days?|nights?|weeks?|months?|years?)\s+ago\b"),
        "anaphor": re.compile(r"(?i)\b(?P<ana>" + "|".join(
            re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_anaphoric(), key=len, reverse=True)) + r")\b"),
        "holiday": re.compile(r"(?i)\b(?P<hol>" + "|".join(
            re.escape(p).replace("’", "['’]").replace(r"\ ", r"\s+")
            for p in sorted(_holidays(), key=len, reverse=True)) + r")(?!\w)"),
        "rel": re.compile(r"(?<!USA )(?i:\b(?P<rel>" + rel + r")\b)"),
        "window": re.compile(r"(?i)\b(?:(?:in|over|during|within|for|throughout)\s+)?the\s+"
                             r"(?:past|last|previous|preceding)\s+(?:(?P<n>\d+|couple\s+of|[a-z]+(?:-[a-z]+)?)\s+)?"
                             r"(?P<unit>hours?|days?|nights?|weeks?|months?|years?)\b"),
        "since_unknown": re.compile(r"(?i)\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|onset|"
                                    r"eruption)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:" + open_periods + r")\b"),
        # "since October 7", "since the ceasefire (October 11)", "since the attack on Monday"
        "since_pre": re.compile(r"(?i)\bsince\s+(?:(?:early|late|mid)[\s-]+|the\s+[\w-]+(?:\s+[\w-]+){0,3}?"
                                r"\s*(?:\(|,|\bon\b|\bin\b|\bof\b)\s*)?$"),
        "since_gap": re.compile(r"\s*(?:,|\(|\bon\b|\bin\b|\bof\b)?\s*"),
        "range_pre": re.compile(r"(?i)\b(?:between|from)\s+(?:the\s+\w+\s+of\s+)?$"),
        "link": re.compile(_DASH + r"$"),
        "future": re.compile(r"(?i)\b(?:" + future + r")\b(?!\s+to\b)"),  # "due to", "expected to" are not
    }


# ------------------------------------------------------------------------------------ resolution
@lru_cache(maxsize=1024)  # also logs an unreadable date once, not once per call
def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        logger.warning("unreadable publication date %r: relative dates stay unresolved", published)
        return None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _mid(a: date, b: date) -> date:
    return a + timedelta(days=(b - a).days // 2)


class _Ctx:
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
            self._years = [(m.start(), int(m.group())) for m in re.finditer(r"(?<![\d/-])" + _YEAR, self.text)]
        return self._years

    @property
    def us_order(self) -> bool:
        """Whether ambiguous numeric dates read month first: the text writes "June 6" at least as
        often as "6 June"."""
        if self._us is None:
            rx = _rx()
            self._us = len(rx["mdy"].findall(self.text)) >= len(rx["dmy"].findall(self.text))
        return self._us

    def future(self, start: int) -> bool:
        """Whether the clause just before ``start`` speaks of the future (will, next, scheduled...)."""
        left = self.text[max(0, start - 40):start]
        left = re.split(r"[.;!?,\n]|\b(?:and|but|said|says|after|when)\b", left)[-1]  # this clause only
        return bool(_rx()["future"].search(left))

    def year_for(self, start: int, month: int, day: int) -> date | None:
        """A year-less month/day: the publication year, a year back if that lands after publication
        (past-tense reports), a year on if it lands before it in a future-tense clause. A date only
        weeks after publication stays: it is a schedule ("due in court March 22"), not last year's."""
        if self.pub is not None:
            got = _safe(self.pub.year, month, day)
            if got is None:  # 29 February of a common year
                got = _safe(self.pub.year - 1, month, day)
            if got is None:
                return None
            if got > self.pub and re.search(r"\bsince\b", self.text[max(0, start - 40):start].lower()):
                # "Since the ceasefire (October 11)": a start in the past, never a schedule
                return _safe(got.year - 1, month, day) or got
            if self.future(start):
                return _safe(got.year + 1, month, day) or got if got < self.pub else got
            if (got - self.pub).days > thresholds()["dates"]["schedule_days"]:
                got = _safe(got.year - 1, month, day) or got
            return got
        if not self.years:
            return None
        # nearest explicit year in the text, preferring the one before the expression
        before = [y for off, y in self.years if off <= start]
        year = before[-1] if before else self.years[0][1]
        return _safe(year, month, day)


def _point(ctx: _Ctx, start: int, end: int, d: date | None, precision: int = 1,
           lo: date | None = None, hi: date | None = None, kind: str = "point") -> DateRef:
    iso = lambda x: x.isoformat() if x else None  # noqa: E731
    return DateRef(start=start, end=end, text=ctx.text[start:end], date=iso(d), precision=precision,
                   period_start=iso(lo if lo or hi else d), period_end=iso(hi if lo or hi else d), kind=kind)


def _span_precision(lo: date, hi: date) -> int:
    days = (hi - lo).days
    return 1 if days == 0 else 2 if days <= 7 else 3


def _explicit(ctx: _Ctx, name: str, m: re.Match[str]) -> DateRef | None:
    g = m.groupdict()
    months = _months()
    s, e = m.start(), m.end()
    if name == "iso":
        d = _safe(int(g["y"]), int(g["m"]), int(g["d"]))
        return _point(ctx, s, e, d) if d else None
    if name == "num":
        a, b_, y = int(g["a"]), int(g["b"]), int(g["y"])
        month, day = (a, b_) if (a <= 12 and (b_ > 12 or ctx.us_order)) else (b_, a)
        d = _safe(y, month, day)
        return _point(ctx, s, e, d) if d else None
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
        d = _safe(int(g["y"]), mon, day) if g.get("y") else ctx.year_for(s, mon, day)
        return _point(ctx, s, e, d) if d else None
    if name in ("drange", "mrange"):
        d1, d2 = (int(re.match(r"\d+", g[k]).group()) for k in ("d1", "d2"))
        lo = _safe(int(g["y"]), mon, d1) if g.get("y") else ctx.year_for(s, mon, d1)
        hi = _safe(lo.year, mon, d2) if lo else None
        if not lo or not hi or hi < lo:
            return None
        return _point(ctx, s, e, lo, _span_precision(lo, hi), lo, hi, "range")
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
        return _point(ctx, s, e, _mid(lo, hi), 3, lo, hi)
    return None


def _weekday(ctx: _Ctx, m: re.Match[str]) -> DateRef | None:
    wd = _weekdays().get(m["wd"].rstrip(".")) or _weekdays().get(m["wd"].rstrip(".").title())
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
    return _point(ctx, s, m.end(), d)


def _relative_ref(ctx: _Ctx, m: re.Match[str]) -> DateRef | None:
    unit, off = _relative()[re.sub(r"\s+", " ", m["rel"].lower())]
    s, e, p = m.start(), m.end(), ctx.pub
    if p is None:
        return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=1 if unit == "day" else 3)
    if unit == "day":
        return _point(ctx, s, e, p + timedelta(days=off))
    if unit in ("week", "week_so_far"):
        monday = p - timedelta(days=p.weekday()) + timedelta(weeks=off)
        hi = max(monday, min(p, p - timedelta(days=1))) if unit == "week_so_far" else monday + timedelta(days=6)
        return _point(ctx, s, e, _mid(monday, hi), 2, monday, hi)
    if unit == "weekend":
        if off < 0 and p.weekday() < 5:
            off += 1  # "last weekend" told on a weekday is the weekend just past
        sat = p - timedelta(days=(p.weekday() - 5) % 7) + timedelta(weeks=off)
        return _point(ctx, s, e, sat, 2, sat, sat + timedelta(days=1))
    if unit in ("month", "month_so_far"):
        y, mo = divmod(p.year * 12 + p.month - 1 + off, 12)
        lo = date(y, mo + 1, 1)
        hi = p if unit == "month_so_far" else _month_end(y, mo + 1)
        return _point(ctx, s, e, _mid(lo, hi), 3, lo, hi)
    y = p.year + off  # year, year_so_far: no single date
    hi = p if unit == "year_so_far" else date(y, 12, 31)
    return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=3,
                   period_start=date(y, 1, 1).isoformat(), period_end=hi.isoformat(), kind="point")


def _window(ctx: _Ctx, m: re.Match[str]) -> DateRef | None:
    n = _count(m["n"] or "1")
    if n is None:
        return None
    s, e = m.start(), m.end()
    days = max(1, round(n * _UNIT_DAYS[m["unit"].lower().rstrip("s")]))
    lo = ctx.pub - timedelta(days=days) if ctx.pub else None
    hi = ctx.pub
    return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=_span_precision(lo, hi) if lo else 3,
                   period_start=lo.isoformat() if lo else None, period_end=hi.isoformat() if hi else None,
                   kind="window")


def _ago(ctx: _Ctx, m: re.Match[str]) -> DateRef | None:
    """"two days ago", "a week ago": a day, week or month before publication."""
    n = _count(m["n"])
    if n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    s, e = m.start(), m.end()
    if ctx.pub is None or unit == "year":
        return DateRef(start=s, end=e, text=ctx.text[s:e], date=None, precision=3)
    if unit == "month":
        y, mo = divmod(ctx.pub.year * 12 + ctx.pub.month - 1 - n, 12)
        return _point(ctx, s, e, _safe(y, mo + 1, min(ctx.pub.day, 28)), 3)
    days = n * (7 if unit == "week" else 1)
    vague = not m["n"].isdigit() and _number_word(m["n"].lower()) is None and m["n"].lower() not in ("a", "an")
    return _point(ctx, s, e, ctx.pub - timedelta(days=days), 2 if unit == "week" or vague else 1)


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


# ----------------------------------------------------------------------------------- find_dates
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
    rx = _rx()
    pub = _parse_published(published)
    if pub is None:  # no publication date: the article's own date line anchors relative dates
        own = article_date(text)
        pub = date.fromisoformat(own.date) if own is not None and own.date else None
    ctx = _Ctx(text=text, pub=pub)
    taken = bytearray(len(text) + 1)
    found: list[DateRef] = []
    weekdays: set[int] = set()
    anaphors: set[int] = set()
    windows = _windows(text)
    for name in ("since_unknown", *_ORDER):
        for lo, hi in windows.get(_FAMILY[name], ()):
            for m in rx[name].finditer(text, lo, hi):
                ref = _build(ctx, name, m)
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
    ctx = _Ctx(text=head, pub=None)
    rx = _rx()
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
                ref = _explicit(ctx, name, m)
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
                d = last + timedelta(days=_anaphoric()[re.sub(r"\s+", " ", ref.text.lower())])
                ref = DateRef(start=ref.start, end=ref.end, text=ref.text, date=d.isoformat(), precision=1,
                              period_start=d.isoformat(), period_end=d.isoformat())
                last = d
        elif ref.kind == "point" and ref.precision == 1 and ref.date:
            last = date.fromisoformat(ref.date)
        out.append(ref)
    return out


def _build(ctx: _Ctx, name: str, m: re.Match[str]) -> DateRef | None:
    if name == "since_unknown":
        hi = ctx.pub.isoformat() if ctx.pub else None
        return DateRef(start=m.start(), end=m.end(), text=m.group(), date=None, precision=3,
                       period_start=None, period_end=hi, kind="since")
    if name == "rel":
        return _relative_ref(ctx, m)
    if name == "ago":
        return _ago(ctx, m)
    if name == "holiday":
        month, day = _holidays()[re.sub(r"\s+", " ", m["hol"].lower().replace("'", "’"))]
        d = ctx.year_for(m.start(), month, day)
        return _point(ctx, m.start(), m.end(), d) if d else None
    if name == "anaphor":  # dated in _anaphors, once every other date is known
        return DateRef(start=m.start(), end=m.end(), text=m.group(), date=None, precision=1)
    if name == "window":
        return _window(ctx, m)
    if name == "weekday":
        return _weekday(ctx, m)
    return _explicit(ctx, name, m)


#: pattern -> the trigger family whose words open a window for it
_FAMILY = {"iso": "year", "num": "year", "year": "year", "drange": "month", "mrange": "month", "dmy": "month",
           "mdy": "month", "my": "month", "month": "month", "weekday": "weekday", "rel": "rel",
           "window": "window", "since_unknown": "since", "ago": "ago", "anaphor": "anaphor",
           "holiday": "holiday"}
#: characters before and after a trigger word that its patterns may span
_REACH = {"year": (30, 12), "month": (45, 45), "weekday": (25, 70), "rel": (30, 20), "window": (60, 12),
          "since": (0, 120), "ago": (40, 4), "anaphor": (30, 12), "holiday": (20, 20)}
_TOKEN = re.compile(r"[A-Za-z]+|\d+")


@cache
def _triggers() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Words near which date expressions can occur -> their pattern families: names as written (or
    in capitals), other words lower-cased. Scanning only around them keeps ``find_dates`` cheap."""
    names: dict[str, tuple[str, ...]] = {}
    for table, fam in ((_months(), "month"), (_weekdays(), "weekday")):
        for name in table:
            names[name] = names[name.upper()] = (fam,)
    words: dict[str, set[str]] = {}
    for phrase in _relative():
        words.setdefault(phrase.split()[-1], set()).add("rel")
    for unit in ("hour", "day", "night", "week", "month", "year"):
        for form in (unit, unit + "s"):
            words.setdefault(form, set()).add("window")
    words["since"] = {"since"}
    words["ago"] = {"ago"}
    for phrase in _holidays():
        words.setdefault(re.findall(r"[a-z]+", phrase)[-1], set()).add("holiday")
    for phrase in _anaphoric():
        words.setdefault(phrase.split()[-1], set()).add("anaphor")
    return names, {w: tuple(sorted(f)) for w, f in words.items()}


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Merged character windows around trigger words, per pattern family."""
    names, words = _triggers()
    spans: dict[str, list[tuple[int, int]]] = {}
    n = len(text)
    for m in _TOKEN.finditer(text):
        w = m.group()
        if w[0].isdigit():
            fams: tuple[str, ...] = ("year",) if len(w) == 4 and w[:2] in ("19", "20") else ()
        else:
            fams = names.get(w) or words.get(w.lower(), ())
        for fam in fams:
            back, fwd = _REACH[fam]
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


_GAP_WEEKDAY = re.compile(r"\s*[,(]?\s*(?:the\s+)?")


def _with_year(ref: DateRef, year: int, before: date) -> date | None:
    """Re-resolve a year-less range start against the year its end states ("from 19 February to 23 March 2024")."""
    lo = date.fromisoformat(ref.period_start)
    got = _safe(year, lo.month, lo.day)
    if got is not None and got > before:
        got = _safe(year - 1, lo.month, lo.day)
    return got


def _combine(ctx: _Ctx, refs: list[DateRef]) -> list[DateRef]:
    """Join "since X" into since-periods and "between/from X and/to Y" into ranges."""
    rx, text = _rx(), ctx.text
    hi_pub = ctx.pub.isoformat() if ctx.pub else None
    out: list[DateRef] = []
    i = 0
    while i < len(refs):
        ref = refs[i]
        nxt = refs[i + 1] if i + 1 < len(refs) else None
        if (ref.kind == "since" and ref.period_start is None and nxt is not None and nxt.kind == "point"
                and nxt.period_start and rx["since_gap"].fullmatch(text, ref.end, nxt.start)):
            # "since the beginning of the aggression on October 7, 2023": the start is told after all
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
            if not re.search(_YEAR, ref.text) and re.search(_YEAR, nxt.text):
                lo = _with_year(ref, hi.year, hi) or lo
            if lo <= hi:
                s = ref.start - (len(pre.group()) if pre else 0)
                # a range of years ("from 2019 to 2021") has no single date, as its years have none
                first = lo if ref.date is not None and nxt.date is not None else None
                out.append(_point(ctx, s, nxt.end, first, max(ref.precision, _span_precision(lo, hi)),
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


# ------------------------------------------------------------------------------------- date_for
class _DocDates:
    """Per-Doc work for ``date_for``: the date expressions, which can date an incident, the article's date."""

    __slots__ = ("doc", "text", "refs", "incident", "article", "published", "_late")

    def __init__(self, doc: Doc) -> None:
        text, self.published = doc_text(doc), doc._.published
        self.text = text  # Doc.text joins its tokens on every access
        self.doc = weakref.proxy(doc)
        self.refs = find_dates(text, self.published)
        pub = _parse_published(self.published)
        # a dated day, week, month or range, not a byline date, and not after publication
        dated = [r.kind in ("point", "range") and r.date is not None
                 and (pub is None or date.fromisoformat(r.date) <= pub) for r in self.refs]
        head = thresholds()["dates"]["article_header_chars"]  # bylines and datelines sit at the top
        stamp = [r.start < head and _STAMP_AFTER.match(text, r.end) is not None
                 and _YEAR_RX.search(r.text) is not None for r in self.refs]
        self.incident = [ok and not st and not _NOT_INCIDENT.search(text[max(0, r.start - 30):r.start])
                         for r, ok, st in zip(self.refs, dated, stamp)]
        own = article_date(text)
        if own is None or (pub is not None and own.date > pub.isoformat()):
            # a year-less dateline ("KYIV, June 6 (Reuters) -"), resolved against publication
            limit = thresholds()["dates"]["article_date_chars"]
            own = next((r for r, ok in zip(self.refs, dated) if ok and r.start < limit
                        and "." not in text[:r.start] and "\n" not in text[:r.start].strip()), None)
        self.article = own
        self._late: dict[int, bool] = {}

    def role(self, i: int) -> int:
        """How ref ``i`` hangs in the parse: 0 from an incident word (shot, attack), 1 from another
        word, 2 from a follow-up verb (said, arrested, died). Parsed on demand, once."""
        got = self._late.get(i)
        if got is None:
            head = _attached_word(self.doc, self.refs[i])
            got = self._late[i] = 0 if head in _incident_words() else 2 if head in _late_verbs() else 1
        return got

    def sentence(self, i: int) -> int:
        """Index (token offset) of the sentence that ref ``i`` starts in."""
        span = self.doc.char_span(self.refs[i].start, self.refs[i].end, alignment_mode="expand")
        if span is None or not self.doc.has_annotation("SENT_START"):
            return 0
        return span[0].sent.start

    def late(self, i: int) -> bool:
        """Whether ref ``i`` hangs from a follow-up verb (said, arrested, died...)."""
        return self.role(i) == 2


_CACHE: weakref.WeakKeyDictionary[Doc, _DocDates] = weakref.WeakKeyDictionary()
#: after a full date: a dateline's "(February 13, 2014) –" or a timestamp's "12:04 AM" -- the
#: article's date, not an incident's
_STAMP_AFTER = re.compile(r"\s*\)\s*[–—-]|,?\s*\d{1,2}:\d\d\s*(?:[AaPp]\.?[Mm]\b|\d|[A-Z]{2,4}\b)")
_YEAR_RX = re.compile(_YEAR)
_NOT_INCIDENT = re.compile(r"(?i)\b(?:born|updated|published|posted|filed|last\s+modified|copyright|"
                           r"dated|as\s+of)\b[\s:,]*(?:on|in)?\s*$")


@cache
def _late_verbs() -> frozenset[str]:
    return frozenset(load_lexicon("date_late_verbs"))


@cache
def _passive_event_verbs() -> frozenset[str]:
    return frozenset(load_lexicon("date_passive_event_verbs"))


@cache
def _incident_words() -> frozenset[str]:
    return frozenset(load_lexicon("date_incident_words"))


def _attached_word(doc: Doc, ref: DateRef) -> str | None:
    """Lemma of the word a date expression hangs from in the dependency parse: the clause's verb,
    or an incident noun on the way ("a Saturday shooting", "the attack on Monday")."""
    if not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return None
    incident = _incident_words()
    tok = span.root
    for _ in range(6):
        outside = not span.start <= tok.i < span.end
        lemma = tok.lemma_.lower()
        if outside and tok.pos_ == "NOUN" and lemma in incident:
            return lemma
        if outside and tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound"):
            if lemma in _passive_event_verbs() and any(c.dep_ == "auxpass" for c in tok.children):
                return None  # "shots were reported Monday": the report is the event
            if lemma in _late_verbs() and tok.i >= span.end:
                # "... shot his father Wednesday evening, March 7, police said": the small parser
                # hangs a date closing the reported clause from the verb of saying after it
                told = [c for c in tok.children if c.dep_ == "ccomp" and c.i < span.start]
                if told:
                    tok = told[-1]
                    continue
            return lemma  # "an identifying militia" is no clause
        if tok.head is tok:
            return None
        tok = tok.head
    return None


def _doc_dates(doc: Doc) -> _DocDates:
    got = _CACHE.get(doc)
    if got is None or got.published != doc._.published:
        got = _CACHE[doc] = _DocDates(doc)
    return got


def _following_end(doc: Doc, end_char: int, limit: int) -> int:
    """End of the sentences after ``end_char`` (up to ``limit``) that may still tell the same incident."""
    n_max = thresholds()["dates"]["follow_sentences"]
    if n_max <= 0 or end_char >= limit or not doc.has_annotation("SENT_START"):
        return end_char
    span = doc.char_span(end_char, limit, alignment_mode="expand")
    if span is None:
        return end_char
    end, n = end_char, 0
    for sent in span.sents:
        if sent.end_char <= end_char:
            continue
        end, n = sent.end_char, n + 1
        if n >= n_max:
            break
    return min(end, limit)


def date_for(doc: Doc, start_char: int, end_char: int) -> tuple[str | None, int]:
    """The date of the incident described in ``doc.text[start_char:end_char]`` (a sentence or two).

    Tried in order, each among expressions that can date an incident (a day, week, month or range
    not after publication; not a byline's "updated on", a dateline or a timestamp):

    1. inside the span: in its first sentence that has one (an opening "On 6 June 2025, ..." frames
       the rest), an exact day before a week, one hanging from an incident word ("shot Saturday",
       "a Saturday shooting") before any other -- not one hanging from a follow-up verb;
    2. the nearest one before the span in the same paragraph;
    3. the first one in the few sentences after it, in the same paragraph ("... police said. The
       shooting happened Saturday night");
    4. one hanging from a follow-up verb ("was arrested Monday", "police said Monday"), inside the
       span, then after it, then before it in the same paragraph;
    5. a month alone ("in March"), inside the span, then before it;
    6. the article's own date: an opening full date, a dateline, a date line under the headline;
    7. the publication date, at precision 2.

    Args:
        doc: a parsed Doc; ``doc._.published`` (YYYY-MM-DD) anchors relative dates.
        start_char: start of the incident's text.
        end_char: end of the incident's text.

    Returns:
        ``(ISO date, time_precision)``; ``(None, 3)`` when nothing dates the incident.
    """
    dd = _doc_dates(doc)
    text, refs = dd.text, dd.refs
    para_start = text.rfind("\n", 0, start_char) + 1
    para_end = text.find("\n", end_char)
    para_end = len(text) if para_end < 0 else para_end
    follow_end = _following_end(doc, end_char, para_end)
    inside = [i for i, r in enumerate(refs) if dd.incident[i] and start_char <= r.start and r.end <= end_char]

    before = [i for i, r in enumerate(refs) if dd.incident[i] and para_start <= r.start and r.end <= start_char]
    after = [i for i, r in enumerate(refs) if dd.incident[i] and end_char <= r.start and r.end <= follow_end]
    def ok(i: int, late: bool, week: bool = True) -> bool:
        return dd.late(i) == late and (refs[i].precision <= 2) == week

    def by_rank(i: int) -> tuple[int, int, int, int]:
        # the first sentence of the span that has a date frames the incident ("On 6 June 2025, ...");
        # within it an exact day first, then one hanging from an incident word
        return dd.sentence(i), refs[i].precision, dd.role(i), refs[i].start

    tiers = (
        sorted((i for i in inside if ok(i, False)), key=by_rank),
        [i for i in reversed(before) if ok(i, False)],
        [i for i in after if ok(i, False)],
        sorted((i for i in inside if ok(i, True)), key=by_rank),
        [i for i in after if ok(i, True)],
        [i for i in reversed(before) if ok(i, True)],
        # a month alone ("in March") only where no day or week is told anywhere near
        sorted((i for i in inside if ok(i, False, False)), key=by_rank),
        [i for i in reversed(before) if ok(i, False, False)],
    )
    for tier in tiers:
        if tier:
            return _refined(dd, tier[0])
    if dd.article is not None:
        return dd.article.date, dd.article.precision
    pub = _parse_published(dd.published)
    if pub is not None:
        return pub.isoformat(), 2
    return None, 3


def _refined(dd: _DocDates, i: int) -> tuple[str | None, int]:
    """Ref ``i``'s date, or, for a week ("last week", "over the weekend"), the exact day a later
    sentence gives inside it ("... was shot last Thursday"): the incident told more precisely."""
    ref = dd.refs[i]
    if ref.precision == 2 and ref.period_start and ref.period_end:
        inside = [j for j in range(i + 1, len(dd.refs)) if dd.incident[j] and dd.refs[j].precision == 1
                  and dd.refs[j].date and ref.period_start <= dd.refs[j].date <= ref.period_end]
        # a day told of the incident itself first, else of what followed it ("was arrested Sunday")
        for j in sorted(inside, key=dd.late):
            return dd.refs[j].date, 1
    return ref.date, ref.precision


def doc_dates(doc: Doc) -> list[DateRef]:
    """Every date expression of ``doc`` (``find_dates`` over its text), computed once per Doc."""
    return _doc_dates(doc).refs
