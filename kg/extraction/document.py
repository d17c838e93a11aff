"""The working state of extraction over one article: its text, entities and facts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kg.cleaning import sentence_index, sentences
from kg.extraction.model import Entity, Fact


@dataclass
class Mention:
    """An actor or place named at a span of the clean text."""

    start: int
    end: int
    key: str
    type: str
    role: str = ""  # "place" or "government" for capitals; "nationals" for demonyms


@dataclass
class Doc:
    text: str
    ref: dt.date
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def __post_init__(self):
        self.sentences = sentences(self.text)
        self.sentence_of = sentence_index(self.sentences)

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

    def mention(self, start: int, end: int, key: str, type_: str, label: str, rule: str, role: str = ""):
        self.add_entity(key, type_, label, (start, end), rule, alias=self.text[start:end])
        if not any(m.start == start and m.end == end and m.key == key for m in self.mentions):
            self.mentions.append(Mention(start, end, key, type_, role))

    def add_fact(self, subject: str, predicate: str, obj: str, kind: str, span: tuple[int, int],
                 rule: str, modality: str | None = None, inferred: str | None = None):
        fact = Fact(subject, predicate, obj, kind, span[0], span[1], rule,
                    modality=modality, inferred=inferred)
        if not any(f.subject == subject and f.predicate == predicate and f.object == obj
                   for f in self.facts):
            self.facts.append(fact)

    def has_fact(self, subject: str, predicate: str) -> bool:
        return any(f.subject == subject and f.predicate == predicate for f in self.facts)

    def mentions_in(self, start: int, end: int, types: tuple[str, ...] | None = None) -> list[Mention]:
        return sorted(
            (m for m in self.mentions if start <= m.start and m.end <= end
             and (types is None or m.type in types) and m.role != "place"),
            key=lambda m: m.start,
        )

    def sentence_span(self, pos: int) -> tuple[int, int]:
        return self.sentences[self.sentence_of(pos)]

    def finditer(self, pattern: re.Pattern, start: int = 0, end: int | None = None):
        end = len(self.text) if end is None else end
        for m in pattern.finditer(self.text, start, end):
            yield m
