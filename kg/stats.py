"""``kg stats``: what the built graph holds: triples, quads per source, entities per class."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.buildstore import open_build_store
from kg.errors import BuildError
from kg.namespaces import KG, KGG

COUNTS = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
"""
CLASSES = f"""
SELECT ?cls (COUNT(DISTINCT ?e) AS ?n) WHERE {{
  GRAPH ?g {{ ?e a ?cls }} FILTER(?g != <{KGG}ontology> && STRSTARTS(STR(?cls), "{KG}"))
}} GROUP BY ?cls ORDER BY ?cls
"""


@dataclass
class Stats:
    triples: int
    quads: int
    graphs: dict[str, int]
    classes: dict[str, int]

    def text(self) -> str:
        lines = [f"triples (merged graph): {self.triples}", f"quads (all named graphs): {self.quads}",
                 "", "quads per graph:"]
        width = max(map(len, self.graphs), default=0)
        lines += [f"  {g:<{width}}  {n:>7}" for g, n in self.graphs.items()]
        lines += ["", "entities per class:"]
        lines += [f"  {c:<18}{n:>7}" for c, n in self.classes.items()]
        return "\n".join(lines)


def open_store(out_dir: Path) -> ox.Store:
    """The built Oxigraph store, read-only.

    Its queries over the union of the named graphs (``use_default_graph_as_union``)
    run on the build's merged graph, where each triple is there once (see
    :class:`kg.buildstore.BuildStore`); everything else sees the named graphs.
    """
    path = Path(out_dir) / "store"
    if not path.is_dir():
        raise BuildError(path, "no built graph here: run `kg build` first")
    return open_build_store(Path(out_dir))


def stats(out_dir: Path) -> Stats:
    """Count what the build in ``out_dir`` holds."""
    store = open_store(out_dir)
    graphs = {str(r["g"].value).removeprefix(KGG): int(r["n"].value) for r in store.query(COUNTS)}
    classes = {str(r["cls"].value).removeprefix(KG): int(r["n"].value) for r in store.query(CLASSES)}
    merged = getattr(store, "merged", None)
    if merged is not None:
        triples = len(merged)
    else:
        triples = int(next(iter(store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")))["n"].value)
    return Stats(triples=triples, quads=sum(graphs.values()), graphs=graphs, classes=classes)
