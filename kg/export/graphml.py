"""Write a networkx graph as GraphML, through networkx's own GraphML writer.

Spec: GraphML 1.0 (http://graphml.graphdrawing.org/specification.html), as written by
``networkx.write_graphml`` (``<key attr.type>`` = ``boolean``, ``long``, ``double`` or
``string``). Before handing the graph to networkx this module:

* copies it with nodes sorted by id string, edges by (source, target, key) strings (the
  ends of an undirected edge ordered first) and data keys sorted, so equal graphs give
  byte-identical files whatever their insertion order;
* joins list and tuple values into one string with ``"|"`` (``["2025-06-08", "2025"]``
  -> ``"2025-06-08|2025"``): GraphML has no list type. Items holding ``"|"`` cannot be
  told apart afterwards;
* writes ``datetime.date`` values as ISO strings and numpy scalars as Python scalars;
  bool stays ``boolean``, int ``long``, float ``double`` (a key mixing int and float
  becomes ``double``);
* removes XML-illegal characters (C0 controls other than tab, LF and CR, lone
  surrogates, U+FFFE, U+FFFF) from every string, key and node id;
* drops ``None`` values, and rejects NaN and infinite floats with ``ValueError``.

Not supported: nested graphs, hyperedges, ports, yFiles extensions, dict values.
The file goes to a temporary file next to ``path`` and then ``os.replace`` moves it
into place, so ``path`` is never half-written.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import secrets
from pathlib import Path

import networkx as nx

__all__ = ["write_graphml"]

LIST_SEPARATOR = "|"
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def write_graphml(G, path) -> None:
    """Write ``G`` (a networkx graph) to ``path`` as GraphML.

    >>> import networkx as nx, pathlib, tempfile
    >>> G = nx.DiGraph(); G.add_node("a", dates=["2025-06", "2025"], articles=3)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_graphml(G, pathlib.Path(d) / "g.graphml")
    ...     nx.read_graphml(pathlib.Path(d) / "g.graphml").nodes["a"]
    {'articles': 3, 'dates': '2025-06|2025'}
    """
    buffer = io.BytesIO()
    nx.write_graphml(_sorted_copy(G), buffer, encoding="utf-8", infer_numeric_types=True)
    _write_atomically(Path(path), buffer.getvalue())


def _sorted_copy(G):
    H = G.__class__()
    H.graph.update(_clean(G.graph, "graph"))
    nodes = sorted(((_text(n), n, d) for n, d in G.nodes(data=True)), key=lambda t: t[0])
    for (a, _, _), (b, _, _) in zip(nodes, nodes[1:]):
        if a == b:
            raise ValueError(f"two nodes have the same GraphML id {a!r}")
    for nid, _, data in nodes:
        H.add_node(nid, **_clean(data, f"node {nid!r}"))
    if G.is_multigraph():
        triples = G.edges(keys=True, data=True)
    else:
        triples = ((u, v, None, d) for u, v, d in G.edges(data=True))
    edges = []
    for u, v, k, data in triples:
        source, target = _text(u), _text(v)
        if not G.is_directed() and target < source:
            source, target = target, source
        edges.append((source, target, "" if k is None else _text(k), data))
    for source, target, key, data in sorted(edges, key=lambda e: e[:3]):
        clean = _clean(data, f"edge {source}->{target}")
        if G.is_multigraph():
            H.add_edge(source, target, key=key, **clean)
        else:
            H.add_edge(source, target, **clean)
    return H


def _clean(data, owner) -> dict:
    out = {}
    for key in sorted(data, key=str):
        if data[key] is not None:
            out[_text(key)] = _value(data[key], f"{owner}, {key!r}")
    return out


def _value(value, what):
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, (list, tuple)):
        items = [_value(item, what) for item in value]
        return LIST_SEPARATOR.join(_item(i) for i in items)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{what}: {value!r} cannot be written to GraphML")
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, (bool, int, float)):
        return value
    raise ValueError(f"{what}: cannot write {type(value).__name__} to GraphML")


def _item(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _text(value) -> str:
    """Return ``str(value)`` without the characters XML 1.0 cannot carry."""
    return _ILLEGAL_XML.sub("", str(value))


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(tmp, "xb") as fh:  # "x": never clobber; mode follows the umask
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
