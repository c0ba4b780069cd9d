"""Extract stage, dates: the grammar of date expressions.

The names (months, weekdays, holidays), relative phrases and other word lists live in
``data/lexicons/en/date_*``; this module turns them into the regular expressions ``scan`` runs, and
says which trigger words open a window of text where each pattern can match.
"""

from __future__ import annotations

import re
from functools import cache

from sitrep.resources import load_lexicon, load_table

_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"  # "6:30" is a time, "March 8:" a heading
YEAR = r"(?:19|20)\d\d(?!\d)"
_DASH = r"\s*(?:-|–|—|\band\b|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*"
@cache
def month_numbers() -> dict[str, int]:
    return {row["name"]: int(row["month"]) for row in load_table("date_months")}


def is_month_name(word: str) -> bool:
    """Whether ``word`` names a month as dates are read here: a name or newswire abbreviation, as
    written or in capitals, with an optional period ("Feb.", "FEB", "February")."""
    word = word.rstrip(".")
    return word in month_numbers() or word.isupper() and word.title() in month_numbers()


@cache
def weekday_numbers() -> dict[str, int]:
    return {row["name"]: int(row["weekday"]) for row in load_table("date_weekdays")}


@cache
def holiday_dates() -> dict[str, tuple[int, int]]:
    return {r["phrase"].lower().replace("'", "’"): (int(r["month"]), int(r["day"])) for r in load_table("date_holidays")}


@cache
def anaphor_offsets() -> dict[str, int]:
    return {r["phrase"].lower(): int(r["offset"]) for r in load_table("date_anaphoric")}


@cache
def relative_units() -> dict[str, tuple[str, int]]:
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


def words(lexicon: str) -> str:
    """Alternation of a lexicon's entries in file order (the first that fits is taken, so the order
    is the file's to set), a space in an entry standing for any run of spaces."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in load_lexicon(lexicon))


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    mon = _names(month_numbers(), r"\.?")  # month patterns always take a day or year, so "Jan 6" is safe
    mon_full = "(?:" + "|".join(sorted(_full_names(month_numbers()), key=len, reverse=True)) + ")"
    # "Sun." and "Wed." stand for weekdays only before a date ("Sun. May 4"): "The Sun." is a paper
    wd = _names(weekday_numbers(), r"\.(?=,?\s*\(?(?:" + mon + r")\s*\d)")
    rel = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(relative_units(), key=len, reverse=True))
    future = "|".join(re.escape(w) for w in load_lexicon("date_future_cues"))
    open_periods = "|".join(re.escape(w) for w in load_lexicon("date_open_periods"))
    period = words("date_period_openers")
    b = r"(?<![\w/.-])"
    return {
        "iso": re.compile(b + r"(?P<y>" + YEAR + r")-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])"),
        "num": re.compile(b + r"(?P<a>[01]?\d|[23]\d)/(?P<b>[0-3]?\d)/(?P<y>" + YEAR + r")"),
        "drange": re.compile(b + r"(?P<d1>" + _DAY + r")" + _DASH + r"(?P<d2>" + _DAY + r")\s+(?:of\s+)?"
                             r"(?P<mon>" + mon + r")(?:,?\s+(?P<y>" + YEAR + r"))?"),
        "mrange": re.compile(b + r"(?P<mon>" + mon + r")\s+(?P<d1>" + _DAY + r")" + _DASH
                             + r"(?P<d2>" + _DAY + r")(?:,?\s+(?P<y>" + YEAR + r"))?"),
        "dmy": re.compile(b + r"(?:the\s+)?(?P<d>" + _DAY + r")\s+(?:of\s+)?(?P<mon>" + mon + r")"
                          r"(?:,?\s+(?P<y>" + YEAR + r"))?"),
        "mdy": re.compile(b + r"(?P<mon>" + mon + r")\s+(?P<d>" + _DAY + r")(?:,?\s+(?P<y>" + YEAR + r"))?"),
        "my": re.compile(b + r"(?P<mon>" + mon + r"),?\s+(?P<y>" + YEAR + r")"),
        "month": re.compile(r"(?i:\b(?:" + period + "|" + words("date_month_openers") + r")\b[\s-]+"
                            r"(?:(?:early|late|mid)[\s-]+)?)(?P<mon>" + mon_full + r")\b(?!\s*\d)"),
        "year": re.compile(r"(?i:\b(?:" + period + r")\b[\s-]+(?:(?:early|late|mid)[\s-]+)?)"
                           r"(?P<y>" + YEAR + r")(?![\d/-]|\s*(?:" + words("date_year_counted_nouns") + "))"),
        "weekday": re.compile(r"(?:(?P<mod>(?i:last|next|this\s+past|this\s+coming|this|early|late))\s+)?"
                              r"\b(?P<wd>" + wd + r")(?:\s+(?P<part>(?i:" + words("date_day_parts") + r")))?(?!\w)"),
        "ago": re.compile(r"(?i)\b(?P<n>\d+|an?|a\s+few|a\s+couple\s+of|several|[a-z]+(?:-[a-z]+)?)\s+"
                          r"(?P<unit>days?|nights?|weeks?|months?|years?)\s+ago\b"),
        "anaphor": re.compile(r"(?i)\b(?P<ana>" + "|".join(
            re.escape(p).replace(r"\ ", r"\s+") for p in sorted(anaphor_offsets(), key=len, reverse=True)) + r")\b"),
        "holiday": re.compile(r"(?i)\b(?P<hol>" + "|".join(
            re.escape(p).replace("’", "['’]").replace(r"\ ", r"\s+")
            for p in sorted(holiday_dates(), key=len, reverse=True)) + r")(?!\w)"),
        "rel": re.compile(r"(?<!USA )(?i:\b(?P<rel>" + rel + r")\b)"),
        "window": re.compile(r"(?i)\b(?:(?:" + words("date_window_openers") + r")\s+)?the\s+"
                             r"(?:" + words("date_window_past") + r")\s+(?:(?P<n>\d+|couple\s+of|[a-z]+(?:-[a-z]+)?)\s+)?"
                             r"(?P<unit>hours?|days?|nights?|weeks?|months?|years?)\b"),
        "since_unknown": re.compile(r"(?i)\bsince\s+(?:the\s+)?(?:" + words("date_start_nouns") + r")\s+of\s+"
                                    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:" + open_periods + r")\b"),
        # "since October 7", "since the ceasefire (October 11)", "since the attack on Monday"
        "since_pre": re.compile(r"(?i)\bsince\s+(?:(?:early|late|mid)[\s-]+|the\s+[\w-]+(?:\s+[\w-]+){0,3}?"
                                r"\s*(?:\(|,|\bon\b|\bin\b|\bof\b)\s*)?$"),
        "since_gap": re.compile(r"\s*(?:,|\(|\bon\b|\bin\b|\bof\b)?\s*"),
        "range_pre": re.compile(r"(?i)\b(?:between|from)\s+(?:the\s+\w+\s+of\s+)?$"),
        "link": re.compile(_DASH + r"$"),
        "future": re.compile(r"(?i)\b(?:" + future + r")\b(?!\s+to\b)"),  # "due to", "expected to" are not
    }


#: pattern -> the trigger family whose words open a window for it
FAMILY = {"iso": "year", "num": "year", "year": "year", "drange": "month", "mrange": "month", "dmy": "month",
           "mdy": "month", "my": "month", "month": "month", "weekday": "weekday", "rel": "rel",
           "window": "window", "since_unknown": "since", "ago": "ago", "anaphor": "anaphor",
           "holiday": "holiday"}
#: characters before and after a trigger word that its patterns may span
REACH = {"year": (30, 12), "month": (45, 45), "weekday": (25, 70), "rel": (30, 20), "window": (60, 12),
          "since": (0, 120), "ago": (40, 4), "anaphor": (30, 12), "holiday": (20, 20)}
@cache
def trigger_words() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Words near which date expressions can occur -> their pattern families: names as written (or
    in capitals), other words lower-cased. Scanning only around them keeps ``find_dates`` cheap."""
    names: dict[str, tuple[str, ...]] = {}
    for table, fam in ((month_numbers(), "month"), (weekday_numbers(), "weekday")):
        for name in table:
            names[name] = names[name.upper()] = (fam,)
    words: dict[str, set[str]] = {}
    for phrase in relative_units():
        words.setdefault(phrase.split()[-1], set()).add("rel")
    for unit in ("hour", "day", "night", "week", "month", "year"):
        for form in (unit, unit + "s"):
            words.setdefault(form, set()).add("window")
    words["since"] = {"since"}
    words["ago"] = {"ago"}
    for phrase in holiday_dates():
        words.setdefault(re.findall(r"[a-z]+", phrase)[-1], set()).add("holiday")
    for phrase in anaphor_offsets():
        words.setdefault(phrase.split()[-1], set()).add("anaphor")
    return names, {w: tuple(sorted(f)) for w, f in words.items()}
