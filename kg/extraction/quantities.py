"""Counts with their qualifiers ("around 60", "more than 140", "five or six", "about 160,000")
and what they count in a clause: people detained, killed or deported.

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


# People "taken to police stations", "delivered to the district police department", "took 183 workers to police stations"
TO_POLICE = (r"(?:taken|delivered|brought|handed\s+over)\s+to\s+(?:the\s+)?(?:\w+\s+)?police\b|"
             r"(?:taken|delivered|brought)\s+(?:in\s+)?for\s+(?:verification|identification|questioning|checks?)\b|"
             r"took(?=\s+(?:[\w,]+\s+){0,4}?to\s+(?:the\s+)?(?:\w+\s+)?police\b)")
# "19 Kazakh citizens from the Turkistan region who had flown from Shymkent ... were held": the subject's count
RELATIVE_GAP = re.compile(r"\s+(?:[A-Za-z-]+\s+){0,2}(?:citizens|nationals|migrants|workers|people|foreigners|men|"
                          r"women|drivers|students)\s[^.;]*\bwho\s[^.;]*\s(?:were|was|had\s+been)\s+")
# between a whole ("of the 40 Tajik migrants") and its verb ("detained"); between a part and the whole's verb
WHOLE_GAP = r"\s+(?:[A-Z][a-z]+\s+)?(?:(?:citizens|nationals|migrants|workers|people|foreigners|men|passengers)\s+)?"
PART_OF = re.compile(rf"\s+of\s+(?:the|these|those)\s+(?:[A-Z][a-z]+\s+)?(?:\d[\d,]*{WHOLE_GAP})?")
NOT_PEOPLE_AFTER = re.compile(r"-?\s*(?:year|%|percent|per\s+cent|days?\b|weeks?\b|months?\b|hours?\b|minutes?\b|"
                              r"times\b|(?:[A-Z][a-z]+\s+)?(?:trucks?|lorries|cars?|vehicles?|buses|documents?|"
                              r"passports?|floors?|storeys?|kilomet(?:re|er)s?\b|km\b))")  # ages, shares, durations, things
# "nine citizens of the Republic of Kazakhstan were sentenced to administrative expulsion": the subject's count
SUBJECT_GAP = re.compile(r"\s+(?:[\w-]+\s+){1,8}?(?:were|was|had\s+been|have\s+been)\s+(?:[\w-]+\s+){0,4}")
COUNT_VERBS = ((f"detain|detention|arrest|held|(?<=were\\s)kept|{TO_POLICE}", "detained"), ("kill|died|dead", "killed"),
               ("deport|expel|expulsion", "deported"))


def counts_by_verb(text: str) -> dict[str, str]:
    """Counts of people detained, killed, deported. A count right after a verb belongs to it
    ("the expulsion of 26"); another one to the next verb after it ("47 people were detained
    and 15 were later deported"); a verb coordinated with a counted one shares its count
    ("five or six people were detained and later deported"). Ages and parts ("a
    27-year-old", "including 86 Uzbeks") are no counts; in "41 of the detainees were expelled"
    the count is of the expelled."""
    counts = [(m.start(), m.end(), parse_count(m.group(0))) for m in COUNT_RE.finditer(text)
              if not NOT_PEOPLE_AFTER.match(text[m.end():m.end() + 9])
              and not re.fullmatch(r"(?:19|20)\d\d", m.group(0).strip())  # a year (a dateline's) is no count
              and not re.match(r"(?:\s+of)?\s+other\b", text[m.end():m.end() + 10])  # "with dozens of other detainees"
              and not re.search(r"\b(?:including|among\s+them|of\s+whom)\s+$", text[max(0, m.start() - 14):m.start()])]
    counts = [c for c in counts if c[2]]
    # "ordered 11 of the 27 to be expelled": the 27 are the whole, counted only by a word right after it
    wholes = {c[0] for c in counts if any(re.fullmatch(r"\s+of\s+(?:the|these|those)\s+", text[o[1]:c[0]]) for o in counts)}
    verbs = sorted((m.start(), m.end(), predicate) for verb, predicate in COUNT_VERBS
                   for m in re.finditer(rf"\b(?:{verb})\w*", text, re.I))
    found: dict[str, str] = {}
    per_verb: dict[int, tuple] = {}
    for start, end, count in counts:
        before = next((v for v in verbs if re.fullmatch(r"\s+(?:of\s+)?", text[v[1]:start] or "x")), None)
        after = next((v for v in verbs if v[0] >= end and (v[0] - end <= 60 or v[0] - end <= 160 and (
                          RELATIVE_GAP.fullmatch(text[end:v[0]]) or SUBJECT_GAP.fullmatch(text[end:v[0]])))
                      and not any(end <= c[0] < v[0] and c[0] not in wholes for c in counts)
                      and not (start in wholes and not re.fullmatch(WHOLE_GAP, text[end:v[0]]))
                      and not PART_OF.fullmatch(text[end:v[0]])), None)  # "41 of the (Tajik) detainees"
        verb = before or after
        if verb and verb[0] not in per_verb:
            per_verb[verb[0]] = (verb, count)
    for start, end, predicate in verbs:
        if start not in per_verb:  # "detained and later deported": the same people
            prev = [pv for pv in per_verb.values() if pv[0][1] <= start and
                    re.fullmatch(r"\s+and\s+(?:\w+\s+)?", text[pv[0][1]:start])]
            if prev:
                per_verb[start] = ((start, end, predicate), prev[-1][1])
    for (start, _, predicate), count in sorted(per_verb.values(), key=lambda x: x[0][0]):
        found.setdefault(predicate, f"{count.value}|{count.max_value or ''}|{count.qualifier}")
    return found


def count_near(text: str, pos: int, end: int, dates) -> bool:
    """A count right before or after a verb: "18,000 Uzbek citizens were deported", "Russia deported
    1,240 citizens" (not "those who were deported", not a date's numbers)."""
    for m in COUNT_RE.finditer(text):
        if any(a <= m.start() < b for a, b in dates) or not parse_count(m.group(0)) \
                or re.search(r"\bthe\s+(?:other\s+)?$", text[max(0, m.start() - 10):m.start()]):
            continue  # "The other four were expelled": people of an incident already told
        if 0 <= pos - m.end() <= 60 or 0 <= m.start() - end <= 3:
            return True
    return False


def people_count(text: str, anyone: bool = False):
    people = r"people|nationals|migrants|citizens|foreigners" + (r"|of\s+them|workers|students" if anyone else "")
    return re.search(rf"{COUNT_RE.pattern}\s+(?:\w+\s+){{0,3}}(?:{people})", text, re.I)
