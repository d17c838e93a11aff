"""Pictures of the networks without Gephi: ``kg plot actors``, ``kg plot timeline``.

Drawn with matplotlib's object-oriented API (``matplotlib.figure.Figure`` on the Agg
canvas): no pyplot, no global state, no display. PNGs carry no "Software" metadata,
so the same graph and the same matplotlib give the same bytes.

* A network (``actors``, ``actors-events``, ``co-mention``) is drawn from
  :func:`kg.networks.build_network` with a seeded layout: nodes coloured by type (the
  legend) and sized by degree, every node labelled, edges widened by their number of
  articles; affiliation edges (holds a post in, is an agency of...) are dashed and
  pale so that what actors did stands out. Nodes without edges are left out of the
  picture and counted in the caption.
* The timeline draws the events of the ``actors-events`` network, one row each,
  sorted by date: a dot for a day, a bar over the month or the year for a partial date
  (a paler bar for a year), coloured by event type. Undated events are counted in the
  caption.

Not supported: interactive output, edge labels (too many to read; open the GEXF in
Gephi for those), other file types than those matplotlib infers from the suffix.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from pathlib import Path

import networkx as nx
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kg.networks import NETWORKS, PALETTE, NetworkError, add_metrics, build_network, date_span

__all__ = ["PLOTS", "plot", "plot_network", "plot_timeline"]

PLOTS = (*NETWORKS, "timeline")
DPI = 150
MIN_DISTANCE = 1.0  # between nodes, in layout units (a component of n nodes spans about 2 sqrt(n))
TITLES = {"actors": "Who acts on whom", "actors-events": "Actors and the events they take part in",
          "co-mention": "Actors mentioned in the same articles"}


def plot(out_dir, what: str, out_path=None, **filters) -> Path:
    """Draw ``what`` (one of :data:`PLOTS`) from the build in ``out_dir`` to a PNG.

    ``out_path`` defaults to ``<out_dir>/networks/<what>.png``; ``filters`` are those of
    :func:`kg.networks.build_network`. Returns the path written.
    """
    from kg.stats import open_store

    if what not in PLOTS:
        raise NetworkError(None, f"cannot plot {what!r}; choose one of: {', '.join(PLOTS)}")
    store = open_store(out_dir)
    path = Path(out_path) if out_path else Path(out_dir) / "networks" / f"{what}.png"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if what == "timeline":
            return plot_timeline(build_network(store, "actors-events", **filters), path)
        return plot_network(add_metrics(build_network(store, what, **filters)), path)
    except OSError as err:
        raise NetworkError(path, f"cannot write: {err.strerror or err}") from None
    except ValueError as err:  # matplotlib: unknown image format
        raise NetworkError(path, str(err)) from None


def plot_network(G, path, title: str | None = None) -> Path:
    """Draw network ``G`` (with :func:`kg.networks.add_metrics` attributes) to ``path``."""
    drawn = G.subgraph(sorted(n for n in G if G.degree(n) > 0))
    left_out = G.number_of_nodes() - drawn.number_of_nodes()
    width = min(26.0, 13.0 + 0.12 * drawn.number_of_nodes())
    fig = Figure(figsize=(width, width * 0.72), dpi=DPI)
    ax = fig.add_axes((0.01, 0.05, 0.84, 0.88))
    ax.set_axis_off()
    name = G.graph.get("network", "")
    fig.suptitle(title or TITLES.get(name, name), fontsize=17, fontweight="bold")
    caption = (f"{drawn.number_of_nodes()} nodes, {drawn.number_of_edges()} edges"
               f"{_filters_text(G)}; edge width = number of articles; node size = degree.")
    if left_out:
        caption += f" {left_out} nodes without edges are not drawn."
    fig.text(0.5, 0.015, caption, ha="center", fontsize=10, color="#444444")
    if drawn.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "No edges in this selection.", ha="center", va="center", fontsize=14)
        return _save(fig, path)
    pos, sizes = _layout(drawn), _sizes(drawn)
    largest = max(w for _, _, w in drawn.edges(data="weight", default=1))
    for dashed in (True, False):
        edges = [(u, v) for u, v, k in drawn.edges(data="kind", default="") if (k == "affiliation") == dashed]
        widths = [0.8 + 2.7 * drawn.edges[e].get("weight", 1) / largest for e in edges]
        arrows = {"arrows": True, "arrowsize": 12, "arrowstyle": "-|>", "node_size": list(sizes.values()),
                  "connectionstyle": "arc3,rad=0.08"} if drawn.is_directed() else {}
        artists = nx.draw_networkx_edges(
            drawn, pos, edgelist=edges, ax=ax, width=widths, alpha=0.45 if dashed else 0.75,
            edge_color="#9a9a9a" if dashed else "#555555", style="dashed" if dashed else "solid", **arrows)
        for artist in artists if isinstance(artists, list) else [artists]:
            artist.set_zorder(1)
    nodes = nx.draw_networkx_nodes(drawn, pos, ax=ax, node_size=list(sizes.values()), linewidths=0.8,
                                   node_color=[PALETTE.get(t, "#777777") for _, t in drawn.nodes(data="type")],
                                   edgecolors="#333333")
    nodes.set_zorder(2)
    labels = {node: ax.annotate(textwrap.fill(str(drawn.nodes[node].get("label", node)), 24), pos[node],
                                xytext=(0, 0), zorder=3, textcoords="offset points", fontsize=8.5,
                                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
              for node in drawn}
    ax.margins(0.06)
    ax.autoscale_view()  # final limits before measuring labels in pixels
    _place_labels(fig, ax, labels, pos, sizes)
    types = sorted({t for _, t in drawn.nodes(data="type")}, key=list(PALETTE).index)
    handles = [Patch(facecolor=PALETTE[t], edgecolor="#333333", label=t) for t in types]
    if any(k == "affiliation" for _, _, k in drawn.edges(data="kind")):
        handles += [Line2D([], [], color="#555555", label="what the articles report"),
                    Line2D([], [], color="#9a9a9a", linestyle="dashed", label="affiliation")]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.855, 0.93), fontsize=10,
               title="type", title_fontsize=10)
    return _save(fig, path)


def plot_timeline(G, path, title: str | None = None) -> Path:
    """Draw the events of ``G`` (an ``actors-events`` network) on a time axis."""
    events = [(n, d) for n, d in G.nodes(data=True) if d.get("bipartite") == 1]
    dated = sorted(((n, d) for n, d in events if d.get("dates")),
                   key=lambda e: (date_span(e[1]["first_date"]), e[1].get("label", e[0])), reverse=True)
    undated = len(events) - len(dated)
    fig = Figure(figsize=(15, 2.6 + 0.34 * max(len(dated), 3)), dpi=DPI)
    ax = fig.add_axes((0.42, 0.9 / fig.get_figheight(), 0.55, 1 - 2.0 / fig.get_figheight()))
    fig.suptitle(title or "Timeline of events", fontsize=17, fontweight="bold")
    caption = f"{len(dated)} dated events{_filters_text(G)}: a dot is a day, a bar a month, a pale bar a year."
    if undated:
        caption += f" {undated} undated events are not shown."
    fig.text(0.5, 0.2 / fig.get_figheight(), caption, ha="center", fontsize=10, color="#444444")
    if not dated:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No dated events in this selection.", ha="center", va="center", fontsize=14)
        return _save(fig, path)
    for row, (_, data) in enumerate(dated):
        color = PALETTE.get(data.get("type"), "#777777")
        ax.axhline(row, color="#eeeeee", linewidth=0.8, zorder=0)
        for text in data["dates"]:
            first, last = date_span(text)
            if first == last:
                ax.plot([first], [row], "o", color=color, markersize=8, markeredgecolor="#333333", zorder=3)
            else:
                ax.barh(row, last + dt.timedelta(days=1) - first, left=first, height=0.55, color=color,
                        alpha=0.35 if len(text) == 4 else 0.9, edgecolor="#333333", linewidth=0.6, zorder=2)
    ax.set_yticks(range(len(dated)))
    ax.set_yticklabels([textwrap.shorten(str(d.get("label", n)), 85, placeholder="…") for n, d in dated],
                       fontsize=9)
    ax.set_ylim(-0.7, len(dated) - 0.3)
    ax.xaxis.grid(True, color="#dddddd")
    ax.tick_params(axis="x", labelsize=10)
    ax.xaxis.set_major_formatter(_month_formatter(ax))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    types = sorted({d.get("type") for _, d in dated}, key=list(PALETTE).index)
    ax.legend(handles=[Patch(facecolor=PALETTE[t], edgecolor="#333333", label=t) for t in types],
              loc="lower left", fontsize=10, title="type", title_fontsize=10)
    return _save(fig, path)


def _place_labels(fig, ax, labels, pos, sizes) -> None:
    """Put each label below its node, or else above, right or left of it: the first
    spot that overlaps no label placed before and no other node (biggest nodes
    first); where every spot overlaps, the one that overlaps least."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    renderer = FigureCanvasAgg(fig).get_renderer()
    scale = fig.dpi / 72  # points -> pixels
    discs = {}
    for n in labels:
        centre, diameter = ax.transData.transform(pos[n]), math.sqrt(sizes[n]) * scale
        discs[n] = Bbox.from_bounds(*(centre - diameter / 2), diameter, diameter)
    placed: list = []

    def overlap(box, node) -> float:
        others = placed + [d for n, d in discs.items() if n != node]
        return sum(i.width * i.height for i in (Bbox.intersection(box, o) for o in others) if i is not None)

    for node in sorted(labels, key=lambda n: (-sizes[n], str(n))):
        gap = math.sqrt(sizes[node]) / 2 + 3
        label, best = labels[node], None
        for spot in (((0, -gap), "center", "top"), ((0, gap), "center", "bottom"),
                     ((gap, 0), "left", "center"), ((-gap, 0), "right", "center")):
            label.xyann = spot[0]
            label.set(ha=spot[1], va=spot[2])
            cost = overlap(label.get_window_extent(renderer), node)
            if best is None or cost < best[0]:
                best = (cost, spot)
            if cost == 0:
                break
        (offset, ha, va) = best[1]
        label.xyann = offset
        label.set(ha=ha, va=va)
        placed.append(label.get_window_extent(renderer))


def _month_formatter(ax):
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=5, maxticks=12)
    ax.xaxis.set_major_locator(locator)
    return ConciseDateFormatter(locator)


def _sizes(G) -> dict:
    """Marker areas (points^2) from ``viz_size``, in node order."""
    return {n: (d.get("viz_size") or 10) * 22 for n, d in G.nodes(data=True)}


def _layout(G) -> dict:
    """Lay out each connected component on its own (Kamada-Kawai: deterministic, no
    seed needed; a seeded spring layout past 300 nodes), scaled by the square root of
    its size; the largest on top, the others in rows under it, as wide as it is. The
    axes do not keep the aspect ratio, so the largest component fills the width."""
    components = sorted(nx.connected_components(G.to_undirected(as_view=True)),
                        key=lambda c: (-len(c), min(map(str, c))))
    pos: dict = {}
    left = right = top = x = y = row_height = 0.0
    for i, nodes in enumerate(components):
        sub = G.subgraph(sorted(nodes, key=str)).to_undirected(as_view=True)
        radius = max(1.0, math.sqrt(len(nodes)))
        if len(nodes) == 1:
            local = {next(iter(nodes)): (0.0, 0.0)}
        elif len(nodes) <= 300:
            local = _spread(nx.kamada_kawai_layout(sub, scale=radius), MIN_DISTANCE)
        else:
            local = nx.spring_layout(sub, seed=42, scale=radius)
        if i == 0:
            xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
            left, right, top = min(xs), max(xs), min(ys) - 1.0
            x, y, centre = left, top, (0.0, 0.0)
        else:
            if x + 2 * radius > right and x > left:
                x, y, row_height = left, y - row_height - 0.6, 0.0
            centre = (x + radius, y - radius)
            x += 2 * radius + 0.6
            row_height = max(row_height, 2 * radius)
        pos.update({n: (centre[0] + px, centre[1] + py) for n, (px, py) in local.items()})
    return pos


def _spread(pos: dict, min_distance: float, rounds: int = 200) -> dict:
    """Push apart nodes closer than ``min_distance`` (half the overlap each way), a
    few rounds, keeping the layout's shape: hubs' neighbours otherwise pile up."""
    import numpy as np

    nodes = list(pos)
    xy = np.array([pos[n] for n in nodes], dtype=float)
    for _ in range(rounds):
        diff = xy[:, None, :] - xy[None, :, :]
        dist = np.hypot(diff[..., 0], diff[..., 1])
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(min_distance - dist, 0.0, None)
        if not overlap.any():
            break
        unit = diff / np.where(dist > 0, dist, 1.0)[..., None]
        xy += (unit * overlap[..., None] / 2).sum(axis=1)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, xy)}


def _filters_text(G) -> str:
    parts = []
    if G.graph.get("since") or G.graph.get("until"):
        parts.append(f"from {G.graph.get('since', '…')} to {G.graph.get('until', '…')}")
    if G.graph.get("types"):
        parts.append("types " + ", ".join(G.graph["types"]))
    if G.graph.get("min_weight"):
        parts.append(f"edges with at least {G.graph['min_weight']} articles")
    if G.graph.get("include_background"):
        parts.append("background events included")
    return f" ({'; '.join(parts)})" if parts else ""


def _save(fig, path) -> Path:
    path = Path(path)
    fig.savefig(path, dpi=DPI, metadata={"Software": None} if path.suffix.lower() == ".png" else None)
    return path
