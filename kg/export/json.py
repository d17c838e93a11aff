"""Write a networkx graph as node-link JSON.

Format: the node-link layout of ``networkx.node_link_data(G, edges="edges")`` (the
shape d3 and graphology-style tools load): ``{"directed", "multigraph", "graph",
"nodes": [{"id", ...}], "edges": [{"source", "target", ["key",] ...}]}``, read back
with ``networkx.node_link_graph(data, edges="edges")``. JSON itself is RFC 8259.

* Nodes are sorted by id string, edges by (source, target, key) strings (the ends of
  an undirected edge ordered first); object keys are sorted, indent 2, UTF-8 without
  ASCII escaping, one trailing newline: equal graphs give byte-identical files.
* Lists stay lists (tuples become lists); node ids keep their JSON type (int or str).
* ``datetime.date`` values are written as ISO strings, numpy scalars as numbers.
  ``None`` is written as ``null``.
* NaN and infinite floats raise ``ValueError`` (they are not JSON). A node attribute
  named ``id``, or an edge attribute named ``source``, ``target`` (or ``key`` in a
  multigraph), would be overwritten by the layout and raises ``ValueError``.

Not supported: values JSON has no type for (sets, custom objects raise ``TypeError``).
The file goes to a temporary file next to ``path`` and then ``os.replace`` moves it
into place, so ``path`` is never half-written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path

import networkx as nx

__all__ = ["write_json"]


def write_json(G, path) -> None:
    """Write ``G`` (a networkx graph) to ``path`` as node-link JSON.

    >>> import json, networkx as nx, pathlib, tempfile
    >>> G = nx.DiGraph(); G.add_edge("a", "b", dates=["2025-06"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_json(G, pathlib.Path(d) / "g.json")
    ...     json.loads((pathlib.Path(d) / "g.json").read_text())["edges"]
    [{'dates': ['2025-06'], 'source': 'a', 'target': 'b'}]
    """
    _check_reserved(G)
    data = nx.node_link_data(G, edges="edges")
    data["nodes"].sort(key=lambda node: _order(node["id"]))
    if not G.is_directed():
        for edge in data["edges"]:
            if _order(edge["target"]) < _order(edge["source"]):
                edge["source"], edge["target"] = edge["target"], edge["source"]
    data["edges"].sort(key=lambda e: [_order(e.get(k)) for k in ("source", "target", "key")])
    text = json.dumps(
        data, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False, default=_default
    )
    _write_atomically(Path(path), (text + "\n").encode("utf-8"))


def _order(value) -> tuple[str, str]:
    """Sort key for ids of any type: the id string, then the type name (1 before "1")."""
    return str(value), type(value).__name__


def _check_reserved(G) -> None:
    for n, data in G.nodes(data=True):
        if "id" in data:
            raise ValueError(f"node {n!r}: attribute 'id' clashes with the node-link id")
    edge_reserved = {"source", "target", "key"} if G.is_multigraph() else {"source", "target"}
    for u, v, data in G.edges(data=True):
        clash = edge_reserved & data.keys()
        if clash:
            raise ValueError(f"edge {u!r}->{v!r}: attributes {sorted(clash)} clash with node-link")


def _default(value):
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return value.item()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON: {value!r}")


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
