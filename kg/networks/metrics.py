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
BETWEENNESS_BUDGET = 20_000_000  # nodes x edges for exact betweenness; above, k = budget / edges
BETWEENNESS_MIN_SAMPLES = 10
LAYOUT_LIMIT = 2000  # nodes for the spring layout; above, seeded random positions
LAYOUT_SCALE = 1000.0


def add_metrics(G, seed: int = 42):
    """Add degree, weighted in/out degree, betweenness, PageRank, Louvain community and
    ``viz_*`` (colour by type, size by degree, positions) to every node.

    Betweenness ignores weights (they count articles, not distances); it is exact
    while nodes x edges stays under 20 million (a few seconds), else estimated from
    k = 20 million / edges sampled sources with seed 42, so its cost stays bounded
    (about 4,000 nodes and 5,000 edges is still exact). Communities are numbered by
    size, largest first. Positions come from a seeded spring layout up to 2,000 nodes
    and are seeded random above (the spring layout takes minutes there; run Gephi's
    ForceAtlas 2). Floats are rounded (6 decimals, positions 2) so that files do not
    change with the last bits of floating point. Returns ``G``.

    >>> G = add_metrics(nx.DiGraph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})]))
    >>> G.nodes["b"]["degree"], G.nodes["b"]["weighted_in_degree"], G.nodes["b"]["betweenness"]
    (2, 2, 0.5)
    """
    n = G.number_of_nodes()
    if n == 0:
        return G
    m = G.number_of_edges()
    samples = None if n * m <= BETWEENNESS_BUDGET else max(BETWEENNESS_MIN_SAMPLES, min(n, BETWEENNESS_BUDGET // m))
    betweenness = nx.betweenness_centrality(G, k=samples, seed=seed)
    pagerank = nx.pagerank(G, weight="weight")
    communities = nx.community.louvain_communities(G, weight="weight", seed=seed)
    community = {node: i for i, c in enumerate(sorted(communities, key=lambda c: (-len(c), min(map(str, c)))))
                 for node in c}
    degree = dict(G.degree())
    largest = max(degree.values()) or 1
    if n <= LAYOUT_LIMIT:
        position = nx.spring_layout(G.to_undirected(as_view=True), seed=seed, scale=LAYOUT_SCALE)
    else:
        position = {v: 2 * LAYOUT_SCALE * (xy - 0.5) for v, xy in nx.random_layout(G, seed=seed).items()}
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
    G.graph["betweenness"] = "exact" if samples is None else f"approximate, k={samples}, seed={seed}"
    return G
