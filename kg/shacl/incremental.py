"""Validation of a build's merged graph, incremental across builds.

The results of the last validation of a build are kept in ``cache/validation.json``
with the store generation they describe. After an incremental build,
:func:`kg.buildstore.read_changes` gives the subjects whose triples changed in the
merged graph since then. A core check's result for a focus node depends only on the
node's own triples (its types, its values) and on the types of its values, so only the
changed subjects and the nodes pointing at them are checked again; the others keep
their results. SPARQL-based constraints are checked again for the focus nodes the
changed triples can reach through the query's own patterns (:mod:`kg.shacl.footprint`);
one whose query cannot be followed that way runs over the whole graph. A change of the
shapes, of the engine, or of the class hierarchy, or changes not all known (a full
reload of the stores), mean a full run.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pyoxigraph as ox

from kg import buildstore
from kg.shacl.compile import Shapes
from kg.shacl import footprint
from kg.shacl.evaluate import Raw, evaluate

__all__ = ["validate_build", "affected"]

CACHE = "validation.json"
_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")


def _engine_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _hierarchy(store: ox.Store) -> str:
    lines = sorted(f"{q.subject} {q.object}" for q in store.quads_for_pattern(None, _SUBCLASS, None,
                                                                           ox.DefaultGraph()))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def affected(store: ox.Store, subjects: set[str], batch: int = 2000) -> set[str]:
    """The subjects, and every node with a triple pointing at one of them."""
    found = set(subjects)
    ordered = sorted(subjects)
    for i in range(0, len(ordered), batch):
        values = " ".join(ordered[i:i + batch])
        found.update(str(r["x"]) for r in store.query(
            f"SELECT DISTINCT ?x WHERE {{ VALUES ?t {{ {values} }} ?x ?p ?t }}"))
    return found


def _triples(lines: list[str]) -> list[ox.Triple]:
    return list(ox.parse("\n".join(lines) + "\n", format=ox.RdfFormat.N_TRIPLES)) if lines else []


def _sparql_focus(shapes: Shapes, store: ox.Store, added: list[str], removed: list[str],
                  core_focus: set[str]) -> dict[str, set[str]]:
    """For each SPARQL-based constraint that can be followed, the focus nodes to check again."""
    gained, lost = _triples(added), _triples(removed)
    changed = gained + lost
    out = {}
    for check in shapes.sparql:
        branches = check.branches()
        shape = next(s for s in shapes.node_shapes if s.node == check.node_shape)
        targets = {text for text, _ in shape.sparql_targets}
        if branches is None or (targets and check.select not in targets):
            continue  # run over the whole graph: its focus nodes come from other queries
        found = footprint.affected(branches, store, changed, lost)
        if found is None:
            continue
        if shape.classes:  # the focus nodes of a class target change with types: the core set covers those
            found |= core_focus
        out[check.key] = found
    return out


def validate_build(out_dir: Path, shapes: Shapes, shapes_bytes: bytes, store: ox.Store) -> tuple[list[Raw], dict]:
    """The raw results for the build in ``out_dir`` (its merged store), and how they were found."""
    cache_path = out_dir / "cache" / CACHE
    key = hashlib.sha256(shapes_bytes + shapes.digest.encode() + _engine_digest().encode()).hexdigest()
    hierarchy = _hierarchy(store)
    try:
        cache = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cache = {}
    generation, subjects, added, removed = buildstore.read_changes(out_dir, cache.get("generation", -1),
                                                                   triples=True)
    sparql_targets_core = any(s.sparql_targets for s in shapes.node_shapes
                              if any(c.node_shape == s.node for c in shapes.checks))
    incremental = (cache.get("key") == key and cache.get("hierarchy") == hierarchy and subjects is not None
                   and not sparql_targets_core and not any(s.startswith("_:") for s in subjects))
    info = {"mode": "full", "focus": None}

    def cached(rows, drop):
        return [Raw(r[0], r[1], r[2], r[3], tuple(r[4]) if r[4] else None) for r in rows if not drop(r)]

    if incremental:
        focus = affected(store, subjects)
        core = cached(cache["core"], lambda r: r[1] in focus) + evaluate(shapes, store, focus=focus, sparql=False)
        restricted = _sparql_focus(shapes, store, added, removed, focus)
        keep = cached(cache.get("sparql", []), lambda r: r[0] not in restricted or r[1] in restricted[r[0]])
        sparql = keep + evaluate(shapes, store, core=False, sparql_focus=restricted)
        info = {"mode": "incremental", "focus": len(focus), "changed_subjects": len(subjects),
                "sparql_focus": {c.key.rsplit("#", 1)[-1].rstrip(">"): len(restricted[c.key]) if c.key in restricted
                                 else "all" for c in shapes.sparql}}
    else:
        core = evaluate(shapes, store, sparql=False)
        sparql = evaluate(shapes, store, core=False)
    data = {"key": key, "hierarchy": hierarchy, "generation": generation,
            "core": [[r.check, r.focus, r.value, r.path, r.messages] for r in core],
            "sparql": [[r.check, r.focus, r.value, r.path, r.messages] for r in sparql]}
    tmp = cache_path.with_name(f".{CACHE}.tmp-{os.getpid()}")
    try:
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, cache_path)
    except OSError:  # a read-only build folder: validate without caching
        tmp.unlink(missing_ok=True)
    return core + sparql, info
