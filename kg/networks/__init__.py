"""Actor networks built from the knowledge graph, for Gephi and for networkx.

The graph is the only source: every node and edge comes from the SPARQL files in
``kg/queries_network/`` run over the built store (the union of the named graphs); no
article is read again. Three networks (see ``docs/networks.md`` for the full model):

* ``actors`` (``nx.DiGraph``): every State, Agency, Official and Person; an edge
  ``u -> v`` for what the articles report between them. Notes and acts give
  sender -> recipient edges named after the act type ("urged", "sent a protest note
  to", ...); a meeting gives "met" in both directions between each pair of
  participants (of different states, when several states took part: a state, its
  agencies and its officials are one delegation); an incident gives agencyInvolved -> nationalsAffected "detained
  nationals of"; affiliations give "holds a post in" (official -> agency), "is an
  agency of" (agency -> state), "is part of" (agency -> parent), "is an official of"
  (official -> state, only for officials without an agency) and "is a national of"
  (person -> state). All relations between ``u`` and ``v`` share one edge: ``relation``
  (and ``label``) joins them with "; ", ``kind`` their kinds (act, meeting, incident,
  affiliation).
* ``actors-events`` (``nx.DiGraph``, ``bipartite`` 0 actors / 1 events): actors and
  the incidents, notes, acts, meetings and laws; edges point from the actor that acts
  (sent, took part in, was involved in, enacted) and to the actor acted on (was
  addressed to, affected nationals of).
* ``co-mention`` (``nx.Graph``): actors, linked once per article mentioning both.

Edges carry ``weight`` = ``articles`` (distinct supporting articles), ``sources`` (their
source ids), ``evidence`` (the kg:Evidence IRIs; not for co-mention), ``events`` and
``dates``. A two-ended edge (sender and recipient, two participants) is supported by
the articles that give evidence for both ends, or by the articles of either end when
no article gives both. Nodes carry ``label``, ``type``, ``state``, ``iri``, ``articles``
(articles mentioning them) and ``dates``.

Dates are ISO, full or partial (``2025-06-08``, ``2025-06``, ``2025``), as precise as
the graph: within one event a partial date implied by a more precise one is dropped
(``2025-06`` beside ``2025-06-11``). A partial date covers its whole month or year:
``--since 2025-06-15`` keeps an event dated ``2025-06``. Event dates are kg:date (for
a Law: kg:adopted and kg:inForce); a node's dates are those of its events (co-mention:
the issue dates of its articles).

Filters: ``types`` keeps nodes of those types (for ``actors``, event types choose the
events that make edges); ``since``/``until`` keep events (articles for co-mention) with
a date in the range and the actors that take part in them (undated ones are dropped);
``min_weight`` drops lighter edges but never nodes; events whose every modality
evidence is ``kgc:modality/background`` are left out unless ``include_background``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.networks.build import ACTOR_TYPES, EVENT_TYPES, NETWORKS, NetworkError, build_network, date_span
from kg.networks.metrics import PALETTE, add_metrics

__all__ = ["NETWORKS", "FORMATS", "ACTOR_TYPES", "EVENT_TYPES", "PALETTE", "NetworkError",
           "Export", "build_network", "add_metrics", "export_network", "date_span"]

FORMATS = ("gexf", "graphml", "json", "csv")


@dataclass(frozen=True)
class Export:
    """What :func:`export_network` wrote: the graph and the file(s)."""

    graph: nx.Graph
    paths: tuple[Path, ...]


def export_network(out_dir, name: str, fmt: str = "gexf", out_path=None, **filters) -> Export:
    """Build network ``name`` from the build in ``out_dir``, add metrics, write it.

    ``fmt`` is one of :data:`FORMATS`; ``out_path`` defaults to
    ``<out_dir>/networks/<name>.<fmt>`` (CSV: ``<name>-nodes.csv`` and
    ``<name>-edges.csv``). ``filters`` are those of :func:`build_network`.
    """
    from kg.export import write_csv, write_gexf, write_graphml, write_json
    from kg.stats import open_store

    writers = {"gexf": write_gexf, "graphml": write_graphml, "json": write_json, "csv": write_csv}
    if fmt not in writers:
        raise NetworkError(None, f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    G = add_metrics(build_network(open_store(out_dir), name, **filters))
    path = Path(out_path) if out_path else Path(out_dir) / "networks" / f"{name}.{fmt}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        written = writers[fmt](G, path)
    except ValueError as err:
        raise NetworkError(path, str(err)) from None
    except OSError as err:
        raise NetworkError(path, f"cannot write: {err.strerror or err}") from None
    return Export(graph=G, paths=tuple(written) if fmt == "csv" else (path,))
