"""The actor network: who sent what to whom, who met whom, who works where.

Nodes are the actors (states, agencies, officials, persons); edges are acts from sender
to recipient, meetings between participants, and the membership links (official →
agency → state). Positions come from networkx's spring layout with a fixed seed and are
rounded, so the same graph gives the same SVG. The page draws it as inline SVG that
works without JavaScript (each node links to its page); ``network.js`` adds pan, zoom
and highlighting.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations

import networkx as nx

from kg.namespaces import ACTOR_CLASSES
from kg.publishing.terms import value

WIDTH, HEIGHT, MARGIN = 1000, 700, 90
MEMBERSHIP = {"agency": "works in", "parent": "part of", "state": "of"}


def actor_network(g) -> nx.MultiDiGraph:
    """The actors of ``g`` and the links between them, as a networkx graph."""
    net = nx.MultiDiGraph()
    actors = sorted({a for cls in ACTOR_CLASSES for a in g.instances(cls) if a in g.documents})
    for a in actors:
        net.add_node(value(a), label=g.label(a), cls=g.local_class(a), href=g.documents[a] + ".html")
    kg = g.ns["kg"]
    links: dict = defaultdict(list)
    for cls in ("Note", "CommunicativeAct"):
        for act in g.instances(cls):
            kinds = ", ".join(g.label(t) for t in g.values(act, kg + "actType")) or g.label(g.kg(cls))
            for s in g.values(act, kg + "sender"):
                for r in g.values(act, kg + "recipient"):
                    if value(s) in net and value(r) in net and s != r:
                        links[(value(s), value(r), "act")].append(f"{kinds}: {g.label(act)}")
    for meeting in g.instances("Meeting"):
        parts = [value(p) for p in g.values(meeting, kg + "participant") if value(p) in net]
        for a, b in combinations(sorted(parts), 2):
            links[(a, b, "met")].append(g.label(meeting))
    for a in actors:
        for local, words in MEMBERSHIP.items():
            for o in g.values(a, kg + local):
                if value(o) in net and o != a:
                    links[(value(a), value(o), "member")].append(words)
    for (s, o, kind), what in sorted(links.items()):
        net.add_edge(s, o, key=kind, kind=kind, count=len(what), what=sorted(set(what)))
    return net


def layout(net: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Node positions in the SVG's coordinates.

    Linked actors are placed by the Kamada-Kawai layout (deterministic: no random start),
    actors without links in a row along the bottom, so they do not squeeze the rest.
    """
    simple = nx.Graph()
    simple.add_nodes_from(sorted(net.nodes))
    simple.add_edges_from(sorted((s, o) for s, o in net.edges()))
    isolated = sorted(n for n in simple.nodes if simple.degree(n) == 0)
    linked = simple.subgraph(sorted(n for n in simple.nodes if simple.degree(n) > 0))
    bottom = HEIGHT - MARGIN if len(linked) else HEIGHT / 2
    pos = {}
    if len(linked) > 1:
        raw = nx.kamada_kawai_layout(linked)
        xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        height = (bottom - 50 if isolated else HEIGHT - MARGIN) - MARGIN
        pos = {n: (round(MARGIN + (p[0] - min(xs)) / span_x * (WIDTH - 2 * MARGIN), 1),
                   round(MARGIN + (p[1] - min(ys)) / span_y * height, 1)) for n, p in raw.items()}
    elif len(linked) == 1:
        pos = {next(iter(linked.nodes)): (WIDTH / 2, HEIGHT / 2)}
    step = (WIDTH - 2 * MARGIN) / max(len(isolated), 1)
    for i, n in enumerate(isolated):
        pos[n] = (round(MARGIN + step * (i + 0.5), 1), round(bottom, 1))
    return pos


def network_context(g) -> dict:
    """Nodes and edges ready for ``network.html``: positions, radii, titles, links."""
    net = actor_network(g)
    pos = layout(net)
    ids = {n: f"n{i}" for i, n in enumerate(sorted(net.nodes))}
    degree = dict(nx.Graph(net).degree())
    nodes = []
    for n in sorted(net.nodes, key=lambda n: (net.nodes[n]["cls"] != "State", net.nodes[n]["label"])):
        data = net.nodes[n]
        x, y = pos[n]
        nodes.append({"id": ids[n], "label": data["label"], "cls": data["cls"], "href": data["href"],
                      "x": x, "y": y, "r": round(5 + 2.2 * math.sqrt(degree.get(n, 0)), 1)})
        nodes[-1]["ty"] = round(y + nodes[-1]["r"] + 11, 1)
    radius = {node["id"]: node["r"] for node in nodes}
    edges = []
    for s, o, data in sorted(net.edges(data=True), key=lambda e: (e[2]["kind"], e[0], e[1])):
        (x1, y1), (x2, y2) = pos[s], pos[o]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        cut = radius[ids[o]] + (4 if data["kind"] == "act" else 0)
        x2c, y2c = x2 - (x2 - x1) / length * cut, y2 - (y2 - y1) / length * cut
        label_s, label_o = net.nodes[s]["label"], net.nodes[o]["label"]
        arrow = "—" if data["kind"] == "met" else "→"
        edges.append({"source": ids[s], "target": ids[o], "kind": data["kind"], "count": data["count"],
                      "x1": x1, "y1": y1, "x2": round(x2c, 1), "y2": round(y2c, 1),
                      "width": round(1 + math.log2(data["count"]), 1) if data["kind"] != "member" else 1,
                      "title": f"{label_s} {arrow} {label_o}: " + "; ".join(data["what"])})
    counts = {k: sum(1 for e in edges if e["kind"] == k) for k in ("act", "met", "member")}
    return {"nodes": nodes, "edges": edges, "width": WIDTH, "height": HEIGHT, "counts": counts}
