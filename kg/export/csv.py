"""Write a networkx graph as two CSV files for Gephi's spreadsheet import.

Target: Gephi's Data Laboratory -> Import Spreadsheet, which reads a nodes table whose
``Id`` and ``Label`` columns it recognises and an edges table with ``Source``,
``Target``, ``Type`` and ``Weight``; every other column becomes an attribute (Gephi
guesses its type in the import wizard). CSV dialect: RFC 4180 quoting, comma-separated,
UTF-8 without BOM, but ``\\n`` line ends.

``path`` names the pair: its ``.csv`` suffix, if any, is replaced, so ``out/actors.csv``
(or ``out/actors``) gives ``out/actors-nodes.csv`` and ``out/actors-edges.csv``.

* nodes: ``Id,Label,<node attributes sorted by name>``, rows sorted by id string;
* edges: ``Source,Target,Type,Weight[,Label],<edge attributes sorted by name>``, rows
  sorted by (source, target, key) strings with the ends of an undirected edge ordered
  first; ``Type`` is ``Directed`` or ``Undirected``; a missing weight is written as
  ``1`` (Gephi's and networkx's default); ``Label`` appears when an edge has a label.
* Values: lists and tuples joined with ``"|"`` (items holding ``"|"`` cannot be told
  apart afterwards), bool as ``true``/``false``, floats in shortest round-trip form,
  dates as ISO strings, ``None`` as an empty cell. NaN and infinite floats raise
  ``ValueError``; so does an attribute whose name clashes with a fixed column.
* Strings are written as they are (no XML here); fields with commas, quotes or line
  breaks are quoted.

Not supported: Gephi's time columns (``Interval``, ``Timeset``): use the GEXF export
for time. Cells are not defused against spreadsheet formula injection (a label that
starts with ``=`` stays as it is), which matters only when the files are opened in a
spreadsheet program rather than Gephi. The two files are written to temporary files
next to the targets and moved into place with ``os.replace`` only when both are
complete; each file is replaced atomically, the pair is not.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import secrets
from pathlib import Path

__all__ = ["write_csv"]

LIST_SEPARATOR = "|"
NODE_COLUMNS = ("Id", "Label")
EDGE_COLUMNS = ("Source", "Target", "Type", "Weight")


def write_csv(G, path) -> tuple[Path, Path]:
    """Write ``G`` to ``<stem>-nodes.csv`` and ``<stem>-edges.csv`` beside ``path``.

    Returns the two paths written (nodes, edges).

    >>> import networkx as nx, pathlib, tempfile
    >>> G = nx.DiGraph(); G.add_edge("a", "b", weight=2, dates=["2025-06", "2025"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     nodes, edges = write_csv(G, pathlib.Path(d) / "g.csv")
    ...     edges.name, edges.read_text().splitlines()
    ('g-edges.csv', ['Source,Target,Type,Weight,dates', 'a,b,Directed,2,2025-06|2025'])
    """
    path = Path(path)
    base = path.with_suffix("") if path.suffix.lower() == ".csv" else path
    nodes_path = base.with_name(base.name + "-nodes.csv")
    edges_path = base.with_name(base.name + "-edges.csv")
    _write_atomically([(nodes_path, _nodes_table(G)), (edges_path, _edges_table(G))])
    return nodes_path, edges_path


def _nodes_table(G) -> bytes:
    rows = sorted(((str(n), d) for n, d in G.nodes(data=True)), key=lambda row: row[0])
    for (a, _), (b, _) in zip(rows, rows[1:]):
        if a == b:
            raise ValueError(f"two nodes have the same CSV id {a!r}")
    attrs = _attribute_names((d for _, d in rows), {"label"}, NODE_COLUMNS, "node")
    table = [[*NODE_COLUMNS, *attrs]]
    for nid, data in rows:
        cells = [_cell(data.get(name), nid) for name in ("label", *attrs)]
        table.append([nid, *cells])
    return _csv_bytes(table)


def _edges_table(G) -> bytes:
    if G.is_multigraph():
        triples = G.edges(keys=True, data=True)
    else:
        triples = ((u, v, "", d) for u, v, d in G.edges(data=True))
    rows = []
    for u, v, k, data in triples:
        source, target = str(u), str(v)
        if not G.is_directed() and target < source:
            source, target = target, source
        rows.append((source, target, str(k), data))
    rows.sort(key=lambda row: row[:3])
    kind = "Directed" if G.is_directed() else "Undirected"
    labelled = any(row[3].get("label") is not None for row in rows)
    fixed = EDGE_COLUMNS + (("Label",) if labelled else ())
    attrs = _attribute_names((r[3] for r in rows), {"label", "weight"}, fixed, "edge")
    table = [[*fixed, *attrs]]
    for source, target, _, data in rows:
        what = f"edge {source}->{target}"
        weight = data.get("weight")
        row = [source, target, kind, _cell(1 if weight is None else weight, what)]
        if labelled:
            row.append(_cell(data.get("label"), what))
        table.append(row + [_cell(data.get(a), what) for a in attrs])
    return _csv_bytes(table)


def _attribute_names(records, handled, fixed, cls) -> list[str]:
    names = {k for data in records for k, v in data.items() if v is not None} - handled
    names = sorted(names, key=str)
    reserved = {c.casefold() for c in fixed} | {"id"}
    for name in names:
        if str(name).casefold() in reserved:
            raise ValueError(f"{cls} attribute {name!r} clashes with Gephi's column {name!r}")
    return names


def _cell(value, what) -> str:
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{what}: {value!r} cannot be written to CSV")
        return repr(value)
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_cell(item, what) for item in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int)):
        return str(value)
    raise ValueError(f"{what}: cannot write {type(value).__name__} to CSV")


def _csv_bytes(table) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(table)
    return buffer.getvalue().encode("utf-8")


def _write_atomically(files: list[tuple[Path, bytes]]) -> None:
    temps = []
    try:
        for path, data in files:
            tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
            temps.append(tmp)
            with open(tmp, "xb") as fh:  # "x": never clobber; mode follows the umask
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for (path, _), tmp in zip(files, temps):
            os.replace(tmp, path)
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        raise
