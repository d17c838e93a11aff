"""Network metrics and Gephi display attributes: :func:`add_metrics`."""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["PALETTE", "add_metrics"]

# Okabe-Ito colours (readable with colour-blindness), grey for laws.
PALETTE = {
    "State": "#0072B2", "Agency": "#E69F00", "Official": "#009E73", "Person": "#CC79A7",
    "Incident": "#D55E00", "Note": "#56B4E9", "CommunicativeAct": "#F0E442",
    "Meeting": "#000000", "Law": "#999999",
}
BETWEENNESS_EXACT_LIMIT = 5000  # nodes; above, k-sample approximation
BETWEENNESS_SAMPLES = 100
LAYOUT_SCALE = 1000.0


def add_metrics(G, seed: int = 42):
    """Add degree, weighted in/out degree, betweenness, PageRank, Louvain community and
    ``viz_*`` (colour by type, size by degree, a seeded spring layout) to every node.

    Betweenness is exact up to 5,000 nodes, else estimated from 100 sampled sources
    (seeded); it ignores weights (they count articles, not distances). Communities are
    numbered by size, largest first. Floats are rounded (6 decimals, positions 2) so
    the files do not change with the last bits of floating point. Returns ``G``.

    >>> G = add_metrics(nx.DiGraph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})]))
    >>> G.nodes["b"]["degree"], G.nodes["b"]["weighted_in_degree"], G.nodes["b"]["betweenness"]
    (2, 2, 0.5)
    """
    n = G.number_of_nodes()
    if n == 0:
        return G
    exact = n <= BETWEENNESS_EXACT_LIMIT
    betweenness = nx.betweenness_centrality(G, k=None if exact else BETWEENNESS_SAMPLES, seed=seed)
    pagerank = nx.pagerank(G, weight="weight")
    communities = nx.community.louvain_communities(G, weight="weight", seed=seed)
    community = {node: i for i, c in enumerate(sorted(communities, key=lambda c: (-len(c), min(map(str, c)))))
                 for node in c}
    degree = dict(G.degree())
    largest = max(degree.values()) or 1
    position = nx.spring_layout(G.to_undirected(as_view=True), seed=seed, scale=LAYOUT_SCALE,
                                iterations=50 if n <= BETWEENNESS_EXACT_LIMIT else 15)
    for node, data in G.nodes(data=True):
        data["degree"] = degree[node]
        if G.is_directed():
            data["weighted_in_degree"] = G.in_degree(node, weight="weight")
            data["weighted_out_degree"] = G.out_degree(node, weight="weight")
        else:
            data["weighted_degree"] = G.degree(node, weight="weight")
        data["betweenness"] = round(betweenness[node], 6)
        data["pagerank"] = round(pagerank[node], 6)
        data["community"] = community[node]
        data["viz_color"] = PALETTE.get(data.get("type"), "#777777")
        data["viz_size"] = round(10 + 30 * math.sqrt(degree[node] / largest), 2)
        data["viz_x"], data["viz_y"] = (round(float(c), 2) + 0.0 for c in position[node])
    G.graph["betweenness"] = "exact" if exact else f"approximate, k={BETWEENNESS_SAMPLES}, seed={seed}"
    return G
