"""Clean an article's text for extraction while keeping offsets into the stored text.

The stored text is never edited. Cleaning builds a second string and, for each of its
characters, the offset of the character it came from, so that any span found in the
clean text maps back to the exact quote in the stored text.

What is removed: markdown link and bold markup (``[AFP](#)`` → ``AFP``), bare ``<url>``
lines and "Original url:" footers, blog footers ("No comments:", "Post a Comment"),
"Related article:" lines, photo credits, listing noise ("Viewing results 1 - 6 of 21"),
currency-ticker lines (``• KGS/USD = 0.01144 0%``), emoji and info symbols, and any
paragraph that repeats an earlier one word for word (a scraping duplicate). What is
normalised: Unicode (NFKC, which turns non-breaking spaces into spaces), curly quotes and
apostrophes to straight ones, dashes to ``-``, runs of spaces to one.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

NOISE_LINE = re.compile(
    r"""^\s*(?:
        [•*·-]?\s*[A-Z]{3}/[A-Z]{3}\s*=.*          # currency ticker
      | Viewing\ results\ \d+\s*-\s*\d+\ of\ \d+   # listing header
      | No\ comments:? | Post\ a\ Comment | Leave\ a\ (?:comment|reply)
      | Original\ url:? | <https?://[^>]*>         # footers with the address
      | \**Related\ articles?:?\**.*
      | \(Photo:[^)]*\) | Photo:.*
      | Share\ this(?:\ article)?:? | Read\ more:?.*
    )\s*$""",
    re.X | re.I,
)
# A heading over a page's list of links, and the titles under it (short, no full stop at the end)
LINKS_HEADING = re.compile(r"^\s*(?:Related(?:\s+(?:topics|stories|articles|news))?|Recommended|More\s+on\s+this\s+story|"
                           r"Read\s+(?:also|more)|See\s+also|You\s+may\s+also\s+(?:like|be\s+interested\s+in))\s*:?\s*$",
                           re.I)
LINK_TITLE = re.compile(r"^\s*[^\n]{1,140}?(?<![.!?\"'])\s*$")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
CHAR_MAP = {
    "‘": "'", "’": "'", "ʼ": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "–": "-", "—": "-", "‑": "-", "−": "-",
}


@dataclass(frozen=True)
class CleanText:
    """The clean text and, per character, its offset in the stored text."""

    text: str
    offsets: tuple[int, ...]

    def to_stored(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span ``[start, end)`` to the stored text."""
        if end <= start:
            raise ValueError("empty span")
        return self.offsets[start], self.offsets[end - 1] + 1


def _drop_markup(chars: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Characters of a line that survive markup removal, with their positions."""
    line = "".join(c for _, c in chars)
    keep = [True] * len(line)
    for match in MARKDOWN_LINK.finditer(line):
        s, e = match.span()
        ts, te = match.span(1)
        for i in range(s, e):
            keep[i] = ts <= i < te
    heading = re.match(r"\s*#{1,6}\s", line)
    for i in range(heading.end() if heading else 0):
        keep[i] = False
    for match in re.finditer(r"\*\*|__", line):
        for i in range(*match.span()):
            keep[i] = False
    return [pc for pc, k in zip(chars, keep) if k]


def _char(ch: str) -> str:
    """What one stored character becomes: straight quotes, plain spaces, no emoji."""
    ch = CHAR_MAP.get(ch, ch)
    if unicodedata.category(ch) in ("So", "Cn", "Co", "Cs") or ch in "\ufe0f\u200d\u200b\u2139":
        return ""  # emoji, the info sign, symbols, private use: not text for extraction
    if unicodedata.category(ch).startswith(("Z", "C")):
        return " "
    return ch


def _normalise(chars: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for pos, ch in chars:
        for norm in "".join(_char(n) for n in unicodedata.normalize("NFKC", _char(ch))):
            if norm == " " and (not out or out[-1][1] == " "):
                continue
            out.append((pos, norm))
    while out and out[-1][1] in " •·":
        out.pop()
    while out and out[0][1] in " •·":  # leading spaces and bullets
        out.pop(0)
    return out


def _clean_line(chars: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Remove markup and normalise until nothing changes, so that cleaning is idempotent."""
    for _ in range(20):  # each round only removes or simplifies characters
        cleaned = _normalise(_drop_markup(chars))
        if cleaned == chars:
            break
        chars = cleaned
    return chars


def clean(stored: str) -> CleanText:
    """Clean ``stored`` into paragraphs separated by newlines.

    >>> c = clean("**Bold** news [AFP](#)\\n\\nNo comments:\\n")
    >>> c.text
    'Bold news AFP'
    >>> c.to_stored(0, 4)
    (2, 6)
    """
    chars: list[tuple[int, str]] = []
    seen: set[str] = set()
    line_start = 0
    links = False  # in a list of links under "Related topics", "Recommended:"
    for line in stored.split("\n"):
        base = line_start
        line_start += len(line) + 1
        if LINKS_HEADING.match(line):
            links = True
            continue
        if links and (not line.strip() or LINK_TITLE.match(line)):
            continue
        links = False
        if not line.strip() or NOISE_LINE.match(line):
            continue
        kept = _clean_line([(base + i, c) for i, c in enumerate(line)])
        text = "".join(c for _, c in kept)
        if not kept or NOISE_LINE.match(text):
            continue
        key = text.casefold()
        if key in seen:
            continue  # a paragraph repeated word for word
        seen.add(key)
        if chars:
            chars.append((base - 1, "\n"))  # the line break before this paragraph
        chars.extend(kept)
    return CleanText("".join(c for _, c in chars), tuple(p for p, _ in chars))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of a clean text."""
    spans, pos = [], 0
    for para in text.split("\n"):
        spans.append((pos, pos + len(para)))
        pos += len(para) + 1
    return spans


ABBREVIATIONS = re.compile(r"(?:\b(?:St|Mr|Mrs|Ms|Dr|Gen|Col|Lt|Sgt|Jr|Sr|No|vs|etc|Inc|Ltd|Co|U\.S|U\.K|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$")
SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|[.!?][\"')\]]*$")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a clean text (paragraph breaks end sentences).

    >>> t = 'Mr. Li met St. Petersburg officials. They agreed.'
    >>> [t[s:e] for s, e in sentences(t)]
    ['Mr. Li met St. Petersburg officials.', 'They agreed.']
    """
    spans: list[tuple[int, int]] = []
    for p_start, p_end in paragraphs(text):
        para = text[p_start:p_end]
        start = 0
        for match in SENTENCE_END.finditer(para):
            end = match.start() + len(match.group(0).rstrip())
            if ABBREVIATIONS.search(para[start:match.start() + 1]):
                continue
            if para[start:end].strip():
                spans.append((p_start + start, p_start + end))
            start = match.end()
        if para[start:].strip():
            spans.append((p_start + start, p_end))
    return spans


def sentence_index(spans: list[tuple[int, int]]):
    """A function from a clean offset to the index of its sentence."""
    starts = [s for s, _ in spans]
    return lambda pos: max(0, bisect_right(starts, pos) - 1)
