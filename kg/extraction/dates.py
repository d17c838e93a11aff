"""Find dates in English news text and normalise them to xsd:date, gYearMonth or gYear.

A date without a year ("On January 26", "June 8") takes the year that puts it on or
before the article's reference date (the last day it can have been written), unless the
sentence speaks of the future ("starting June 30", "will", "deadline", "until"), where
the next occurrence is taken. "On Wednesday" is the last such weekday on or before the
reference date ("last Wednesday" on a Wednesday: the week before). "Last year", "this
year", "earlier this week", "last month", "next month", seasons ("summer 2024" → 2024),
"over the weekend" (its month), "since the beginning of the year" and "between January
and October" (the year), "that same month" (the month of the previous date in the
article) and "the next day", "two days later" (after the previous day told, not a section
heading's: "Khimki, 29 October" heads what follows) are resolved the same way, and so are "yesterday", "today" and "tomorrow" (from the article's date). Every
resolved value says how it was inferred, when it was. "Over the past
year" is a period up to now, not a date, and is left alone. Unsupported: ranges
("between May and June"), fiscal or religious calendars.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|"
            r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
YEAR_RE = r"(?:19|20)\d{2}"

# A weekday right before a date is part of it ("Wednesday, March 12"), not a date of its own.
WEEKDAY_BEFORE = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?)?"

PATTERNS = [
    ("mdy", re.compile(rf"\b{WEEKDAY_BEFORE}(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                       rf"(?P<year>{YEAR_RE})\b")),
    ("dmy", re.compile(rf"\b{WEEKDAY_BEFORE}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH_RE}),?\s+"
                       rf"(?P<year>{YEAR_RE})\b")),
    ("iso", re.compile(rf"\b(?P<year>{YEAR_RE})-(?P<month>\d{{2}})-(?P<day>\d{{2}})\b")),
    # 12.03.2025: day first, as the region's sites (and Russia's, and Europe's) write it.
    ("dotted", re.compile(rf"(?<![\w.])(?P<day>\d{{1,2}})\.(?P<month>\d{{1,2}})\.(?P<year>{YEAR_RE})(?![\d]|\.\d)")),
    # 12/03/2025 is March 12 in Europe and December 3 in the US: only read when one order is impossible.
    ("slashed", re.compile(rf"(?<![\w/])(?P<first>\d{{1,2}})/(?P<second>\d{{1,2}})/(?P<year>{YEAR_RE})(?![\d/])")),
    ("my", re.compile(rf"\b(?P<month>{MONTH_RE})\s+(?:of\s+)?(?P<year>{YEAR_RE})\b")),
    ("md", re.compile(rf"\b{WEEKDAY_BEFORE}(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                      rf"(?!\s*,?\s*(?:{YEAR_RE}|\d))")),
    ("dm", re.compile(rf"\b{WEEKDAY_BEFORE}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTH_RE})\b"
                      rf"(?!,?\s+{YEAR_RE})")),
    ("season", re.compile(rf"\b(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<year>{YEAR_RE})\b", re.I)),
    ("y", re.compile(rf"(?<![\d,.$-])\b(?P<year>{YEAR_RE})\b(?![\d%]|[,.]\d|\s*(?:people|migrants|foreign|citizens|km|years))")),
    ("m", re.compile(r"\b(?:(?i:in|since|from|by|until|of|last|this|early|late|mid)\s+(?:(?i:mid|early|late)-)?|"
                     r"(?i:mid|early|late)-)(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s+\d)")),
    ("range", re.compile(rf"\bbetween\s+(?P<month>{MONTH_RE})\s+and\s+(?P<month2>{MONTH_RE})(?:,?\s+(?P<year>{YEAR_RE}))?\b")),
    ("quarter", re.compile(rf"\b(?:in\s+)?the\s+(?:first|second|third|fourth|1st|2nd|3rd|4th|last)\s+quarter\s+of\s+"
                           rf"(?:(?P<rel>the|this|last)\s+year|(?P<year>{YEAR_RE}))\b", re.I)),
    ("yearstart", re.compile(r"\b(?:since|from)\s+the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+year\b", re.I)),
    ("weekend", re.compile(r"\b(?:over|at|during|on)\s+the\s+(?:past\s+|last\s+)?weekend\b|\blast\s+weekend\b", re.I)),
    ("weekday", re.compile(r"\b(?:on\s+)?(?P<last>(?i:last|this\s+past|past)\s+)?"
                           r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")),
    ("lastyear", re.compile(r"\b(?<!past )(?P<rel>last|this|next)\s+year\b", re.I)),
    ("week", re.compile(r"\b(?:earlier\s+|later\s+)?(?P<rel>this|last|next)\s+(?P<unit>week|month)\b", re.I)),
    ("deictic", re.compile(r"\b(?P<word>(?:the\s+day\s+(?:before|after)\s+)?(?:yesterday|tomorrow)|today)(?:'s)?\b", re.I)),
    ("samemonth", re.compile(r"\b(?:that|the)\s+same\s+month\b", re.I)),
    ("dayslater", re.compile(r"\b(?:(?:on\s+)?the\s+(?:next|following)\s+day|the\s+day\s+after|(?P<n>a|one|two|three|four|"
                             r"five|six)\s+days?\s+later|the\s+same\s+(?:day|morning|afternoon|evening|night)|(?:later\s+)?that\s+(?:same\s+)?"
                             r"(?:day|morning|afternoon|evening|night))\b", re.I)),
    ("daysbefore", re.compile(r"\b(?:(?:on\s+)?the\s+(?:previous|preceding)\s+day|the\s+day\s+before(?!\s+(?:the|a|an|his|her|its|their)\b)|"
                              r"(?P<n>a|one|two|three|four|five|six)\s+days?\s+(?:earlier|before(?!\s+\w)))\b", re.I)),
]
DAYS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
FUTURE_CUES = re.compile(
    r"\b(?:will|shall|starting|start(?:s)?\s+on|from\s+next|deadline|until|by\s+(?:the\s+)?(?:end|date)|"
    r"ahead\s+of|before\s+the|due|scheduled|planned|must|upcoming|extended|agreed\s+to\s+hold|plans?\s+to|"
    r"(?:is|are)\s+expected\s+(?:in|to|for|at))\b", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date found in text: its clean-text span, ISO value and how it was inferred."""

    start: int
    end: int
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY
    inferred: str | None = None

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.value)]

    @property
    def earliest(self) -> dt.date:
        parts = [int(p) for p in self.value.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def find_dates(text: str, ref: dt.date, offset: int = 0, previous: str | None = None,
               previous_day: str | None = None) -> list[DateMention]:
    """All dates in ``text`` (one sentence), resolved against the reference date ``ref``
    (``previous``: the last date before it; ``previous_day``: the last full date).

    >>> [d.value for d in find_dates("On January 26, they met.", dt.date(2026, 1, 31))]
    ['2026-01-26']
    >>> [d.value for d in find_dates("Starting June 30, Russia will act.", dt.date(2025, 4, 30))]
    ['2025-06-30']
    """
    future = bool(FUTURE_CUES.search(text))
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if re.search(r"\b(?:born|b\.)\s+(?:in\s+|on\s+)?$", text[max(0, m.start() - 12):m.start()]):
                continue  # "Hamroev, born 1998": a birth, not the day of anything told
            if kind == "daysbefore":  # "said on Tuesday that it had sent a note the previous day": this sentence's day
                told = [d.value for d in found if d.start < offset + m.start() and len(d.value) == 10]
                mention = _resolve(kind, m, ref, future, told[-1] if len(set(told)) == 1 else None)
            elif kind == "dayslater":
                mention = _resolve(kind, m, ref, future, previous_day)
            else:
                mention = _resolve(kind, m, ref, future, previous)
            if mention is None:
                continue
            value, inferred = mention
            taken.append(m.span())
            found.append(DateMention(offset + m.start(), offset + m.end(), value, inferred))
    return sorted(found, key=lambda d: d.start)


def _resolve(kind, m, ref: dt.date, future: bool, previous: str | None):
    g = m.groupdict()
    if kind == "slashed":
        first, second, year = int(g["first"]), int(g["second"]), int(g["year"])
        orders = {(m, d) for m, d in ((first, second), (second, first)) if _valid(year, m, d)}
        if len(orders) != 1:  # both readings possible (or neither): leave it
            return None
        (month, day), = orders
        return f"{year:04d}-{month:02d}-{day:02d}", None
    if kind in ("mdy", "dmy", "iso", "dotted"):
        month = int(g["month"]) if kind in ("iso", "dotted") else _month(g["month"])
        year, day = int(g["year"]), int(g["day"])
        return (f"{year:04d}-{month:02d}-{day:02d}", None) if _valid(year, month, day) else None
    if kind == "my":
        return f"{int(g['year']):04d}-{_month(g['month']):02d}", None
    if kind in ("md", "dm"):
        month, day = _month(g["month"]), int(g["day"])
        years = range(ref.year, ref.year + 9) if future else range(ref.year, ref.year - 9, -1)
        for year in years:  # the latest real day on or before the article; in the future, this year's
            if _valid(year, month, day) and (future or dt.date(year, month, day) <= ref):
                return f"{year:04d}-{month:02d}-{day:02d}", f"year inferred from the article's date ({ref.isoformat()})"
        return None
    if kind == "m":
        month = _month(g["month"])
        ahead = future or m.group(0).lower().startswith(("by", "until"))  # "by May": a deadline
        year = ref.year if month <= ref.month or ahead else ref.year - 1
        return f"{year:04d}-{month:02d}", f"year inferred from the article's date ({ref.isoformat()})"
    if kind == "season":
        return g["year"], f"season ({g['season']}) given as its year"
    if kind == "y":
        return g["year"], None
    if kind == "range":  # "between January and October": within one year, given or the article's
        year = int(g["year"]) if g["year"] else ref.year if _month(g["month2"]) <= ref.month else ref.year - 1
        return str(year), None if g["year"] else f"months of the article's year ({ref.isoformat()})"
    if kind == "quarter":  # a quarter is given as its year
        if g["year"]:
            return g["year"], "a quarter given as its year"
        return str(ref.year - (g["rel"].lower() == "last")), f"a quarter of {g['rel']} year, given as its year"
    if kind == "yearstart":
        return str(ref.year), f"'{m.group(0)}': the article's year ({ref.isoformat()})"
    if kind == "weekend":  # the Saturday and Sunday before the article: their month
        saturday = ref - dt.timedelta(days=(ref.weekday() - 5) % 7 or 7)
        return saturday.isoformat()[:7], f"'{m.group(0)}': the month of the weekend before {ref.isoformat()}"
    if kind == "weekday":
        back = (ref.weekday() - WEEKDAYS[g["weekday"].lower()]) % 7 or (7 if g["last"] else 0)  # "last Wednesday",
        day = ref - dt.timedelta(days=back)  # said on a Wednesday, is the week before
        return day.isoformat(), f"the {g['weekday']} on or before the article's date ({ref.isoformat()})"
    if kind == "lastyear":
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return str(ref.year + shift), f"{g['rel']} year, from the article's date ({ref.isoformat()})"
    if kind == "week":
        unit, rel = g["unit"].lower(), g["rel"].lower()
        if rel == "this":
            return ref.isoformat()[:7], f"'{m.group(0)}': the month of the article's date ({ref.isoformat()})"
        if rel == "next":
            day = ref + dt.timedelta(days=7) if unit == "week" else (ref.replace(day=28) + dt.timedelta(days=4))
            return day.isoformat()[:7], f"'{m.group(0)}': the {unit} after the article's date ({ref.isoformat()})"
        day = ref - dt.timedelta(days=7) if unit == "week" else (ref.replace(day=1) - dt.timedelta(days=1))
        return day.isoformat()[:7], f"'{m.group(0)}': the {unit} before the article's date ({ref.isoformat()})"
    if kind == "deictic":  # "during yesterday's meeting", "Today, at a briefing": from the article's date
        word = re.sub(r"\s+", " ", g["word"].lower())  # ("the day before yesterday": two days before)
        shift = {"yesterday": -1, "today": 0, "tomorrow": 1, "the day before yesterday": -2,
                 "the day after tomorrow": 2}[word]
        day = ref + dt.timedelta(days=shift)
        return day.isoformat(), f"'{word}' in an article of {ref.isoformat()}"
    if kind == "samemonth" and previous:
        return previous[:7], "the month of the date mentioned before it"
    if kind in ("dayslater", "daysbefore") and previous and len(previous) == 10:  # "the next day": after the day told before
        said = m.group(0).lower()
        n = 0 if "same" in said or re.match(r"(?:later\s+)?that\b", said) else DAYS[m.group("n").lower()] if m.group("n") else 1
        if kind == "daysbefore":
            day = dt.date.fromisoformat(previous) - dt.timedelta(days=n)
            return day.isoformat(), f"'{m.group(0)}': {n} day(s) before the date mentioned before it ({previous})"
        day = dt.date.fromisoformat(previous) + dt.timedelta(days=n)
        if day <= ref:
            return day.isoformat(), f"'{m.group(0)}': {n} day(s) after the date mentioned before it ({previous})"
    return None
