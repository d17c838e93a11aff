"""``kg why``: why a fact is in the graph: its quote, source, rule, version and curation."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespaces import KGR
from kg.stats import open_store

FIND = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?name WHERE { ?e rdfs:label|skos:altLabel ?l FILTER(LCASE(STR(?l)) = LCASE(STR(?name))) } ORDER BY ?e
"""


def resolve_entity(store: ox.Store, name: str) -> ox.NamedNode:
    """An entity by IRI, IRI path (``person/maria-zakharova``) or label."""
    if name.startswith(("http://", "https://")):
        return ox.NamedNode(name)
    candidates = [ox.NamedNode(KGR + name)] if "/" in name and " " not in name else []
    if candidates and any(store.quads_for_pattern(candidates[0], None, None, None)):
        return candidates[0]
    found = [r["e"] for r in store.query(FIND, substitutions={ox.Variable("name"): ox.Literal(name)},
                                         use_default_graph_as_union=True)]
    if not found:
        raise QueryError(None, f"no entity is called {name!r}")
    if len(found) > 1:
        raise QueryError(None, f"{name!r} names {len(found)} entities: " + ", ".join(e.value for e in found))
    return found[0]


def why(out_dir: Path, entity: str, predicate: str | None = None, obj: str | None = None) -> list[dict]:
    """Every fact about ``entity`` (optionally one predicate / object) with its provenance."""
    store = open_store(out_dir)
    node = resolve_entity(store, entity)
    query = resources.files("kg").joinpath("sparql/why.rq").read_text(encoding="utf-8")
    rows = [{k: (r[k].value if r[k] is not None else None) for k in
             ("predicate", "object", "quote", "source", "start", "end", "rule", "version", "curated",
              "note", "modality", "inferred")}
            for r in store.query(query, substitutions={ox.Variable("entity"): node},
                                 use_default_graph_as_union=True)]
    if predicate:
        rows = [r for r in rows if r["predicate"] == predicate]
    if obj:
        rows = [r for r in rows if obj.casefold() in (r["object"] or "").casefold()]
    if not rows:
        raise QueryError(None, f"no fact about {node.value}" + (f" with {predicate}" if predicate else ""))
    return rows
