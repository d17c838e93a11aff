"""What a person's name looks like in news text, and how a person is recorded.

A name is two or three capitalised words on one line ("Dauren Mukhametkali"); words that
open or close official phrases ("Foreign", "Ministry") are no part of one. One key per
human: an official and a person of the same name are one entity.
"""

from __future__ import annotations

import re

from kg.extraction.document import Doc
from kg.sources import slugify

NAME_WORD = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?"
NAME = rf"{NAME_WORD}(?:[^\S\n]+{NAME_WORD}){{1,2}}"  # on one line: a headline's last words and a dateline are no name
SURNAME_SHAPE = re.compile(
    r"(?:ov|ova|ev|eva|yev|yeva|in|ina|yn|sky|skiy|skaya|enko|uk|yan|ian|idze|shvili|"
    r"bekov|bayev|bayeva|zoda|zade|yoyev|ayev|aeva|ich|ovich|evna|ovna|ski|er|ov)$")
NOT_NAME = {
    "The", "A", "An", "In", "On", "At", "Since", "From", "During", "Following", "After",
    "Russian", "Uzbek", "Central", "Asian", "Foreign", "Ministry", "Affairs", "Deputy",
    "Prosecutor", "General", "Office", "Service", "State", "Federal", "National", "Guard",
    "President", "Prime", "Minister", "Ambassador", "Embassy", "Council", "Party",
    "Register", "Controlled", "Persons", "City", "Hall", "Telegram", "Kremlin", "Code",
    "Labor", "Labour", "Justice", "Health", "Education", "Interior", "Commissioner", "Chairman",
}


def credible(doc: Doc, name: str, start: int) -> bool:
    """Whether capitalised words are a name: in a Title Case headline ("Summons Russian Envoy
    Over Detention") only when the surname has a surname's shape or the body names it too."""
    if not doc.in_headline(start):
        return True
    surname = name.split()[-1]
    if SURNAME_SHAPE.search(surname) and len(name.split()) > 1:
        return True
    return any(not doc.in_headline(m.start()) for m in re.finditer(rf"\b{re.escape(surname)}\b", doc.text))


def trim_name(name: str) -> str:
    words = name.split()
    while words and words[-1] in NOT_NAME:
        words.pop()
    return " ".join(words)


def add_person(doc: Doc, type_: str, name: str, start: int, end: int, rule: str) -> str:
    """One key per human, whether an article calls them an official or not."""
    key = f"person/{slugify(name)}"
    existing = doc.entities.get(key)
    doc.mention(start, end, key, type_, name, rule)
    if existing is not None and type_ == "Official":
        existing.type = "Official"
    return key
