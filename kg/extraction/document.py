"""The working state of extraction over one article: its text, entities and facts.

Finders share one :class:`Doc`: actors found first become :class:`Mention`\\ s that the
event finders read (who is the subject of "urged", which state a raid happened in).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from kg.cleaning import paragraphs, sentence_index, sentences
from kg.extraction.discourse import article_date_spans, headline_spans
from kg.extraction.model import Entity, Fact


@dataclass
class Mention:
    """An actor or place named at a span of the clean text.

    ``role`` refines what a state mention stands for: ``nationals`` ("Uzbek citizens"),
    ``government`` ("the Uzbek side", "Tashkent" as a metonym), ``place`` (a capital
    or city as a location), ``pair`` (one half of "Uzbek-Russian"), or empty for a plain
    adjective ("Uzbek Foreign Ministry").
    ``implied`` marks an agency only implied by a post ("Deputy Foreign Minister").
    """

    start: int
    end: int
    key: str
    type: str
    role: str = ""
    implied: bool = False


@dataclass
class Doc:
    text: str
    ref: dt.date
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    title: str = ""

    def __post_init__(self):
        self.sentences = sentences(self.text)
        self.sentence_of = sentence_index(self.sentences)
        self.paragraphs = paragraphs(self.text)
        self._para_starts = [s for s, _ in self.paragraphs]
        self.article_dates = article_date_spans(self.text, self.paragraphs)  # datelines: the article's date
        self.headlines = headline_spans(self.text, self.paragraphs, self.title)
        self.home: str | None = None  # the article's home state, once its states are known

    def in_headline(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.headlines)

    def is_article_date(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.article_dates)

    def add_entity(self, key: str, type_: str, label: str, span: tuple[int, int], rule: str,
                   alias: str | None = None, modality: str | None = None) -> Entity:
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity(key, type_, label, rule=rule, modality=modality)
        if alias:
            entity.aliases.add(alias)
        if span not in entity.spans:
            entity.spans.append(span)
        return entity

    def mention(self, start: int, end: int, key: str, type_: str, label: str, rule: str, role: str = "",
                implied: bool = False):
        self.add_entity(key, type_, label, (start, end), rule, alias=self.text[start:end])
        if not any(m.start == start and m.end == end and m.key == key for m in self.mentions):
            self.mentions.append(Mention(start, end, key, type_, role, implied))

    def add_fact(self, subject: str, predicate: str, obj: str, kind: str, span: tuple[int, int],
                 rule: str, modality: str | None = None, inferred: str | None = None):
        fact = Fact(subject, predicate, obj, kind, span[0], span[1], rule,
                    modality=modality, inferred=inferred)
        if not any(f.subject == subject and f.predicate == predicate and f.object == obj
                   for f in self.facts):
            self.facts.append(fact)

    def drop_facts(self, subject: str, predicate: str):
        """Forget what was read about ``subject``'s ``predicate`` (a coarser date, a wider place)."""
        self.facts = [f for f in self.facts if not (f.subject == subject and f.predicate == predicate)]

    def refine_date(self, subject: str, predicate: str, value: str) -> bool:
        """Replace a date by a more precise one it contains ("2025-11" by "2025-11-11")."""
        old = self.objects(subject, predicate)
        if len(old) == 1 and len(value) > len(old[0]) and value.startswith(old[0]):
            self.drop_facts(subject, predicate)
            return True
        return False

    def has_fact(self, subject: str, predicate: str) -> bool:
        return any(f.subject == subject and f.predicate == predicate for f in self.facts)

    def objects(self, subject: str, predicate: str) -> list[str]:
        return [f.object for f in self.facts if f.subject == subject and f.predicate == predicate]

    def state_of(self, key: str | None) -> str | None:
        """The state slug an actor or place belongs to ("state/russia" → "russia")."""
        if not key:
            return None
        if key.startswith("state/"):
            return key.split("/", 1)[1]
        for obj in self.objects(key, "state"):
            return obj.split("/", 1)[1]
        for parent in self.objects(key, "partOf"):
            return self.state_of(parent)
        return None

    def mentions_in(self, start: int, end: int, types: tuple[str, ...] | None = None) -> list[Mention]:
        return sorted(
            (m for m in self.mentions if start <= m.start and m.end <= end
             and (types is None or m.type in types) and m.role != "place"),
            key=lambda m: m.start,
        )

    def places_in(self, start: int, end: int) -> list[Mention]:
        return sorted((m for m in self.mentions if start <= m.start < end and m.type == "Place"),
                      key=lambda m: m.start)

    def sentence_span(self, pos: int) -> tuple[int, int]:
        return self.sentences[self.sentence_of(pos)]

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect_right(self._para_starts, pos) - 1)

    def finditer(self, pattern: re.Pattern, start: int = 0, end: int | None = None):
        end = len(self.text) if end is None else end
        yield from pattern.finditer(self.text, start, end)
