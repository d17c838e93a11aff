"""What extraction produces: entities and facts, each with its quote's offsets.

Offsets here are into the clean text while extracting; :func:`kg.extraction.extract`
maps them to the stored text before returning, so every :class:`Fact` that leaves the
package points at the exact quote in the article as stored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Written on every fact's evidence: raise it when the rules change what is extracted (the build
# cache keys on the code itself, so this is for people reading the graph).
EXTRACTOR_VERSION = "kg-extract 0.85.0"


@dataclass
class Entity:
    """One real-world thing as one article mentions it; ``key`` is its IRI path."""

    key: str
    type: str
    label: str
    aliases: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)
    rule: str = ""
    modality: str | None = None

    def to_json(self) -> dict:
        return {
            "key": self.key, "type": self.type, "label": self.label,
            "aliases": sorted(self.aliases - {self.label}), "spans": sorted(self.spans),
            "rule": self.rule, "modality": self.modality,
        }


@dataclass(frozen=True)
class Fact:
    """One statement: subject key, ontology property, object, and where it was read.

    ``kind`` says what ``object`` is: ``entity`` (a key), ``string``, ``date``,
    ``integer``, ``concept`` (a concept path such as ``act/protest-note``) or
    ``quantity`` (``value|max|qualifier``).
    """

    subject: str
    predicate: str
    object: str
    kind: str
    start: int
    end: int
    rule: str
    quote: str = ""
    modality: str | None = None
    inferred: str | None = None
    curated: bool = False
    note: str | None = None

    def to_json(self) -> dict:
        return {k: v for k, v in asdict(self).items() if not (v is None or v is False or v == "")}

    @classmethod
    def from_json(cls, data: dict) -> "Fact":
        return cls(**data)
