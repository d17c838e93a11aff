"""``kg diff OLD NEW``: what changed between two builds, grouped by entity.

Evidence nodes are grouped under the entity their fact is about, so a changed quote
shows up beside the entity it supports. Labels make the output readable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BuildError
from kg.namespaces import RDF, RDFS


@dataclass
class Change:
    entity: str
    label: str
    added: list[str]
    removed: list[str]


def _load(path: Path) -> set[ox.Triple]:
    path = Path(path)
    if path.is_dir():
        path = path / "graph.nq"
    if not path.is_file():
        raise BuildError(path, "no built graph here")
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path))}


def _owner(triples: set[ox.Triple]) -> dict:
    subject_of = {t.subject: t.object for t in triples if t.predicate.value == RDF + "subject"}
    return lambda node: subject_of.get(node, node)


def diff(old: Path, new: Path) -> list[Change]:
    """Triples added and removed from ``old`` to ``new``, grouped by entity."""
    before, after = _load(old), _load(new)
    labels = {t.subject: t.object.value for t in before | after if t.predicate.value == RDFS + "label"}
    owner_old, owner_new = _owner(before), _owner(after)

    def show(t: ox.Triple) -> str:
        obj = labels.get(t.object, str(t.object)) if isinstance(t.object, ox.NamedNode) else str(t.object)
        return f"{t.subject} {t.predicate} {obj}"

    groups: dict = defaultdict(lambda: ([], []))
    for t in after - before:
        groups[owner_new(t.subject)][0].append(show(t))
    for t in before - after:
        groups[owner_old(t.subject)][1].append(show(t))
    return [Change(str(node.value), labels.get(node, str(node.value)), sorted(a), sorted(r))
            for node, (a, r) in sorted(groups.items(), key=lambda kv: str(kv[0]))]
