"""Counts with their qualifiers: "around 60", "more than 140", "five or six", "about 160,000".

>>> parse_count("more than 140")
Count(value=140, max_value=None, qualifier='more than')
>>> parse_count("five or six")
Count(value=5, max_value=6, qualifier='range')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a dozen": 12, "dozens": 24, "hundreds": 200,  # at least
}
QUALIFIERS = {
    "around": "approximately", "about": "approximately", "roughly": "approximately",
    "approximately": "approximately", "some": "approximately", "nearly": "approximately",
    "almost": "approximately", "an estimated": "approximately",
    "more than": "more than", "over": "more than", "upwards of": "more than",
    "at least": "at least", "up to": "up to", "fewer than": "fewer than",
    "less than": "fewer than", "under": "fewer than",
}
NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s*(?:million|thousand))?|" + "|".join(
    sorted((re.escape(w) for w in WORDS), key=len, reverse=True)) + ")"
QUALIFIER = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
COUNT_RE = re.compile(
    rf"\b(?:(?P<qual>{QUALIFIER})\s+)?(?P<low>{NUMBER})(?:\s*(?:or|to|-|–)\s*(?P<high>{NUMBER}))?\b",
    re.I,
)


@dataclass(frozen=True)
class Count:
    value: int
    max_value: int | None
    qualifier: str


def number(text: str) -> int | None:
    """The integer a numeral or number word stands for."""
    text = text.lower().strip()
    if text in WORDS:
        return WORDS[text]
    scale = 1
    for word, factor in (("million", 1_000_000), ("thousand", 1_000)):
        if text.endswith(word):
            text, scale = text[: -len(word)].strip(), factor
    try:
        return int(round(float(text.replace(",", "")) * scale))
    except ValueError:
        return None


def parse_count(text: str) -> Count | None:
    """The first count in ``text``, or None."""
    m = COUNT_RE.search(text)
    if not m:
        return None
    low = number(m.group("low"))
    if low is None:
        return None
    high = number(m.group("high")) if m.group("high") else None
    if high is not None and high > low:
        return Count(low, high, "range")
    qual = QUALIFIERS.get((m.group("qual") or "").lower(), "exactly")
    if m.group("low").lower() in ("dozens", "hundreds"):
        qual = "at least"  # "dozens": two dozen or more
    return Count(low, None, qual)
