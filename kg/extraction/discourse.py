"""What an article is as a whole: its headline, its dateline, its home state.

News articles open with a headline in Title Case ("Kyrgyzstan Summons Russian Envoy Over
Detention"), where capitalised words are not names, and with a dateline ("BISHKEK,
March 14, 2025 —", "MOSCOW, April 22. /TASS/.", "ASTANA. KAZINFORM -") or a date line
under the byline ("December 5, 2025, 11:42"). The dates there are the article's own,
not dates of the events it reports.

The home state is the state an article is written from or about: the state of its
dateline city, else the state the text names most as an actor (its institutions, its
people, its government), not as a place ("in Russia", "from Russia" do not count).
Institutions and officials the text leaves unqualified ("the Foreign Ministry",
"President Shavkat Mirziyoyev", "the embassy in Moscow") belong to it when nothing
closer says otherwise.

A web page's pointers elsewhere ("Read also: How Kyrgyz migrants can check the register",
"Contacts for the press: ...") are blanked before anything is read: they state no facts.
They still say whom the outlet writes for, so they count towards the home state.
"""

from __future__ import annotations

import re
from collections import Counter

from kg.extraction.dates import MONTH_RE, YEAR_RE
from kg.extraction.lexicon import country_word

CITY = r"(?:[A-Z]{2}\.?\s+[A-Z][A-Z'-]{2,}|[A-Z][A-Z'-]{2,}(?:[ -][A-Z][A-Z'-]{2,})?)"  # "ST PETERSBURG", "MOSCOW"
DATELINE = re.compile(rf"^(?P<city>{CITY})(?:\s*\([^)\n]{{1,40}}\))?(?:[,.]\s*[^\n]{{0,40}}?)?"
                      r"(?:\s+-{1,2}\s+|\s*/[A-Z][\w-]*/\.?\s+)")
# "(Berlin, June 17, 2026) – Russian authorities should ...": a rights group's release
PAREN_DATELINE = re.compile(rf"^\((?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?),\s+(?:{MONTH_RE}\s+\d{{1,2}},?\s+{YEAR_RE}|"
                            rf"\d{{1,2}}\s+{MONTH_RE},?\s+{YEAR_RE})\)\s*[–—-]+\s*")
DATE_LINE = re.compile(
    rf"^(?:By\s+[^\n]{{1,60}}?[,|]\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    rf"(?:{MONTH_RE}\s+\d{{1,2}},?\s+{YEAR_RE}|\d{{1,2}}\s+{MONTH_RE},?\s+{YEAR_RE}|{YEAR_RE}-\d{{2}}-\d{{2}})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4})?)?\s*$")
SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as",
               "over", "after", "amid", "into", "vs", "is", "are", "its", "their", "not"}
PLACE_PREPOSITION = re.compile(r"\b(?:in|to|from|into|across|throughout|at|for|inside|within|outside|via|"
                               r"toward|towards|leave|leaving|entered|entering|enter)\s+(?:the\s+)?$", re.I)


# Lines of a web page that point elsewhere: "Read also: How to check the register", "Contacts for the press: ..."
FURNITURE_LABEL = (r"(?:read\s+(?:also|more)(?:\s+on\s+[\w.-]+)?|see\s+also|related(?:\s+stories)?|"
                   r"contacts?\s+for\s+(?:the\s+)?(?:press|media)|press\s+contacts?|media\s+contacts?)[ \t]*:")
FURNITURE = re.compile(rf"(?im)^[ \t]*{FURNITURE_LABEL}"  # a bare "Read also:" takes the title on the next line
                       rf"(?:[ \t]*\n[ \t]*(?!{FURNITURE_LABEL})(?=\S)[^\n]*|[^\n]*)$")


def without_furniture(text: str) -> tuple[str, str]:
    """``text`` with the page's pointers elsewhere blanked out (spaces, so that offsets stay):
    "Read also: ..." and the title on the line after a bare "Read also:", press contacts; and
    the lines blanked."""
    removed = []

    def blank(m):
        removed.append(m.group(0))
        return re.sub(r"[^\n]", " ", m.group(0))
    return FURNITURE.sub(blank, text), "\n".join(removed)


def article_date_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of the clean text that date the article itself: datelines and date lines."""
    spans = []
    for i, (start, end) in enumerate(paragraphs[:10]):  # datelines and bylines come first (a release's
        para = text[start:end]  # after its photo and caption)
        m = (DATELINE.match(para) if i < 6 else None) or PAREN_DATELINE.match(para)
        if m:
            spans.append((start, start + m.end()))
        elif i < 6 and DATE_LINE.match(para):
            spans.append((start, end))
    return spans


def dateline_city(text: str, paragraphs: list[tuple[int, int]]) -> tuple[str, int, int] | None:
    """The city of the dateline, as written ("BISHKEK"), and its span."""
    for start, end in paragraphs[:6]:  # (not a release's "(Berlin, ...)": its office, not its story's home)
        m = DATELINE.match(text[start:end])
        if m:
            return m.group("city"), start + m.start("city"), start + m.end("city")
    return None


def is_headline(line: str) -> bool:
    """A line in Title Case without a final full stop: a headline, not a sentence.

    >>> is_headline("Kyrgyzstan Summons Russian Envoy Over Detention of Citizens")
    True
    >>> is_headline("Deputy Foreign Minister Almaz Imangaziev handed the Russian diplomat a note.")
    False
    """
    words = re.findall(r"[A-Za-z][\w'-]*", line)
    if len(words) < 3 or re.search(r"[.!]\s*$", line.strip()) and not line.strip().endswith("..."):
        return False
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised / len(content) >= 0.75


def headline_spans(text: str, paragraphs: list[tuple[int, int]], title: str = "") -> list[tuple[int, int]]:
    """The paragraphs before the body that are headlines: in Title Case, or the article's title
    (unless that is the first sentence of the body, ending with a full stop)."""
    def norm(line: str) -> str:
        return re.sub(r"\W+", " ", line).casefold().strip()
    spans = [(s, e) for s, e in paragraphs[:4] if is_headline(text[s:e]) or (
        title and norm(text[s:e]) == norm(title) and not text[s:e].rstrip().endswith("."))]  # not a lead sentence
    if spans and spans[0] == paragraphs[0] and len(paragraphs) > 2 and _is_dek(text, paragraphs[1], paragraphs[2]):
        spans.append(paragraphs[1])  # the standfirst under a headline sums up the body: its events are the body's
    return sorted(set(spans))


def _is_dek(text: str, dek: tuple[int, int], after: tuple[int, int]) -> bool:
    """One short sentence between the headline and a byline or date line."""
    words, next_words = text[dek[0]:dek[1]].split(), text[after[0]:after[1]].split()
    return len(words) <= 35 and len(re.findall(r"[.!?](?:\s|$)", text[dek[0]:dek[1]])) <= 1 and len(next_words) <= 8


def home_state(doc, gazetteer: dict, furniture: str = "") -> str | None:
    """The state the article is written from or about (see the module docstring); the page's
    pointers elsewhere (``furniture``: "Read also: how Kyrgyz migrants ...") are no facts, but
    they tell whom the outlet writes for, and count as mentions too."""
    city = dateline_city(doc.text, doc.paragraphs)
    if city:
        name = city[0].title()
        for table in ("capitals", "cities"):
            for known, key in gazetteer[table].items():
                if known.lower() == city[0].lower() or known == name:
                    return key
    votes: Counter[str] = Counter()
    first: dict[str, int] = {}
    for m in doc.mentions:
        if m.type != "State" or m.role == "place":
            continue
        if PLACE_PREPOSITION.search(doc.text[max(0, m.start - 20):m.start]):
            continue
        state = m.key.split("/", 1)[1]
        votes[state] += 1
        first.setdefault(state, m.start)
    for m in re.finditer(r"[A-Z][\w'-]*", furniture):
        state = country_word(m.group(0))
        if state:
            votes[state] += 1
            first.setdefault(state, len(doc.text) + m.start())
    if not votes:
        return None
    return max(votes, key=lambda k: (votes[k], -first[k]))
