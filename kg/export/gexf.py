"""Write a networkx graph as GEXF 1.3, the native format of Gephi and Gephi Lite.

Spec: GEXF 1.3 (``http://gexf.net/1.3``): RELAX NG grammar ``specs/1.3/gexf.rnc`` and the
1.3 Primer of https://github.com/gephi/gexf. Output validates against ``gexf.rng``, which
rejects networkx's ``write_gexf(version="1.3")`` (wrong ``xsi`` namespace, ``name=""``,
``z="None"``, type ``int``, ``timeformat="long"``; it also crashes on lists).

* Header: no ``xsi:schemaLocation`` (the grammar forbids it); ``<meta>`` has creator
  ``kg`` and ``lastmodifieddate`` only from ``G.graph["lastmodified"]``, never today.
  ``defaultedgetype`` follows ``G``; ``mode="dynamic" timeformat="date"`` if any dates.
* Columns (id = title = data key), typed over all nodes (resp. edges): bool ->
  ``boolean``, int -> ``integer`` (``long`` past 32 bits), float -> ``double`` (also int
  mixed with float), str -> ``string``, list/tuple -> ``liststring``. ISO dates stay
  ``string`` (GEXF has no date type). numpy scalars act as Python ones, dates become ISO
  strings, ``None`` is skipped; other types and mixtures raise ``ValueError``.
* Lists use the 1.3 syntax ``[a, b]``; items holding ``, ' " [ ] \\`` or edge spaces are
  double-quoted with ``\\`` and ``"`` backslash-escaped. Gephi and graphology-gexf
  (Gephi Lite) read lists back; networkx's reader returns the bracketed text.
* ``label`` -> the ``label`` XML attribute, an ``xsd:token`` (XML whitespace runs become
  one space); edge ``weight`` -> the ``weight`` XML attribute (read back as float);
  ``viz`` is ignored; node ``viz_color`` ("#rrggbb"), ``viz_size`` (>= 0), ``viz_x`` with
  ``viz_y`` -> ``<viz:color r g b>``, ``<viz:size>``, ``<viz:position x y>`` (no z).
* ``dates``, a list of full or partial ISO dates -> ``<spells>``, plus a ``liststring``
  attribute because Gephi Lite ignores spells. ``"2025-06-08"`` -> start = end = that
  day; ``"2025-06"`` -> 2025-06-01..2025-06-30; ``"2025"`` -> 2025-01-01..2025-12-31;
  overlaps are merged (the primer forbids them). Gephi takes a date as its midnight, so
  ``end="2025-06-30"`` leaves out that day's hours. ``first_date`` is written as given.
* Same graph, same bytes: nodes sorted by id string, edges by (source, target, key)
  with undirected ends ordered, columns by key; a fixed ``<?xml?>`` line.
* Strings lose XML-illegal characters (C0 controls but tab/LF/CR, lone surrogates,
  U+FFFE/FFFF); U+0085, U+2028, U+2029 become LF (graphology-gexf's parser turns them
  into spaces). Ids colliding after that, NaN and infinities raise ``ValueError``.

Not supported: hierarchy, phylogenics, dynamic attribute values, edge viz, shapes,
networkx ``viz`` dicts, file objects. Multigraph edges are written one per key without
ids (Gephi merges parallel edges by default). The file is written beside ``path`` and
moved into place with ``os.replace``: never half-written.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import os
import re
import secrets
from pathlib import Path

from lxml import etree

__all__ = ["write_gexf"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
NODE_RESERVED = frozenset({"label", "viz", "viz_color", "viz_size", "viz_x", "viz_y"})
EDGE_RESERVED = frozenset({"label", "viz", "weight"})

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPACE = re.compile("[ \t\n\r]+")
_LINE_SEPARATORS = str.maketrans({"\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
_LIST_QUOTE = re.compile(r"""[,'"\[\]\\]|^\s|\s$""")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_HEX_COLOR = re.compile(r"#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})")
_FLOAT32_MAX = 3.4028234663852886e38
_NUMERIC = {"integer", "long", "double"}


def write_gexf(G, path) -> None:
    """Write ``G`` (any networkx graph) to ``path`` (str or PathLike) as GEXF 1.3.

    Raises ``ValueError`` for what GEXF cannot hold (NaN, bad colour or date, mixed types).

    >>> import networkx as nx, pathlib, tempfile
    >>> G = nx.DiGraph(); G.add_edge("a", "b", weight=2, dates=["2025-06"])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_gexf(G, pathlib.Path(d) / "g.gexf")
    ...     sorted(nx.read_gexf(pathlib.Path(d) / "g.gexf").edges(data="spells"))
    [('a', 'b', [('2025-06-01', '2025-06-30')])]
    """
    xml = etree.tostring(_document(G), encoding="UTF-8", xml_declaration=False, pretty_print=True)
    _write_atomically(Path(path), XML_DECLARATION + xml)


def _document(G) -> etree._Element:
    nodes, edges = _sorted(G)
    node_spells = {nid: _spells(data.get("dates"), nid) for nid, data in nodes}
    edge_spells = [_spells(e[3].get("dates"), f"{e[0]}->{e[1]}") for e in edges]

    root = etree.Element(_q("gexf"), nsmap={None: GEXF_NS, "viz": VIZ_NS}, version="1.3")
    meta = etree.SubElement(root, _q("meta"))
    lastmodified = G.graph.get("lastmodified")
    if lastmodified is not None:
        meta.set("lastmodifieddate", _iso_day(lastmodified))
    etree.SubElement(meta, _q("creator")).text = "kg"

    graph = etree.SubElement(root, _q("graph"))
    graph.set("defaultedgetype", "directed" if G.is_directed() else "undirected")
    if any(node_spells.values()) or any(edge_spells):
        graph.set("mode", "dynamic")
        graph.set("timeformat", "date")

    node_columns = _columns((d for _, d in nodes), NODE_RESERVED, "node")
    edge_columns = _columns((e[3] for e in edges), EDGE_RESERVED, "edge")
    for cls, columns in (("node", node_columns), ("edge", edge_columns)):
        if columns:
            attributes = etree.SubElement(graph, _q("attributes"), {"class": cls})
            for key, kind in columns.items():
                etree.SubElement(attributes, _q("attribute"), id=key, title=key, type=kind)

    nodes_el = etree.SubElement(graph, _q("nodes"), count=str(len(nodes)))
    for nid, data in nodes:
        node = etree.SubElement(nodes_el, _q("node"), id=nid)
        _label(node, data)
        _attvalues(node, data, node_columns)
        _spell_elements(node, node_spells[nid])
        _viz(node, data, nid)

    edges_el = etree.SubElement(graph, _q("edges"), count=str(len(edges)))
    for (source, target, _key, data), spells in zip(edges, edge_spells):
        edge = etree.SubElement(edges_el, _q("edge"), source=source, target=target)
        if data.get("weight") is not None:
            edge.set("weight", _number(data["weight"], f"weight of edge {source}->{target}"))
        _label(edge, data)
        _attvalues(edge, data, edge_columns)
        _spell_elements(edge, spells)
    return root


def _q(tag: str) -> str:
    return f"{{{GEXF_NS}}}{tag}"


def _text(value) -> str:
    """Return ``str(value)`` without XML-illegal characters, line separators as LF."""
    return _ILLEGAL_XML.sub("", str(value)).translate(_LINE_SEPARATORS)


def _sorted(G) -> tuple[list[tuple[str, dict]], list[tuple[str, str, str, dict]]]:
    nodes = sorted(((_text(n), d) for n, d in G.nodes(data=True)), key=lambda t: t[0])
    for (a, _), (b, _) in zip(nodes, nodes[1:]):
        if a == b:
            raise ValueError(f"two nodes have the same GEXF id {a!r}")
    if G.is_multigraph():
        quads = G.edges(keys=True, data=True)
    else:
        quads = ((u, v, "", d) for u, v, d in G.edges(data=True))
    edges = []
    for u, v, k, d in quads:
        ends = (_text(u), _text(v))
        source, target = ends if G.is_directed() else sorted(ends)
        edges.append((source, target, _text(k), d))
    return nodes, sorted(edges, key=lambda e: e[:3])


def _plain(value):
    """numpy scalars -> Python scalars, dates -> ISO strings; other values unchanged."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    return value.isoformat() if isinstance(value, dt.date) else value


def _kind(value, key) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) and -(2**63) <= value < 2**63:
        return "integer" if -(2**31) <= value < 2**31 else "long"
    if isinstance(value, (float, str)):
        return "double" if isinstance(value, float) else "string"
    if isinstance(value, (list, tuple)):
        if all(_kind(item, key) in ("boolean", "integer", "long", "double", "string")
               for item in value):
            return "liststring"
    raise ValueError(f"attribute {key!r}: cannot write {value!r} to GEXF")


def _columns(records, reserved, cls) -> dict[str, str]:
    kinds: dict[str, set[str]] = {}
    for data in records:
        for key, value in data.items():
            if key not in reserved and value is not None:
                kinds.setdefault(_text(key), set()).add(_kind(value, key))
    columns = {}
    for key, found in sorted(kinds.items()):
        if len(found) == 1:
            columns[key] = found.pop()
        elif found <= _NUMERIC:
            columns[key] = "double" if "double" in found else "long"
        else:
            raise ValueError(f"{cls} attribute {key!r} mixes types {sorted(found)}")
    return columns


def _attvalues(element, data, columns) -> None:
    values = {_text(k): v for k, v in data.items() if v is not None}
    written = [(key, kind) for key, kind in columns.items() if key in values]
    if written:
        attvalues = etree.SubElement(element, _q("attvalues"))
    for key, kind in written:
        value = _format(values[key], kind, key)
        etree.SubElement(attvalues, _q("attvalue"), {"for": key, "value": value})


def _format(value, kind, key) -> str:
    value = _plain(value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("integer", "long"):
        return str(int(value))
    if kind == "double":
        return _number(value, f"attribute {key!r}", limit=math.inf)
    if kind == "liststring":
        return _gexf_list(value, key)
    return _text(value)


def _gexf_list(items, key) -> str:
    """Format a list in GEXF 1.3 list syntax.

    >>> _gexf_list(["2025-06-08", "2025", 'say "a, b"'], "dates")
    '[2025-06-08, 2025, "say \\\\"a, b\\\\""]'
    """
    pieces = []
    for item in items:
        text = _format(item, _kind(item, key), key)
        if not text or _LIST_QUOTE.search(text):
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        pieces.append(text)
    return "[" + ", ".join(pieces) + "]"


def _number(value, what, limit=_FLOAT32_MAX, minimum=-math.inf) -> str:
    value = _plain(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{what}: {value!r} is not a number")
    if not (math.isfinite(float(value)) and minimum <= float(value) and abs(value) <= limit):
        raise ValueError(f"{what}: {value!r} cannot be written to GEXF")
    return repr(float(value))


def _label(element, data) -> None:
    if data.get("label") is not None:
        element.set("label", _XML_SPACE.sub(" ", _text(data["label"])).strip(" "))


def _viz(node, data, nid) -> None:
    color = data.get("viz_color")
    if color is not None:
        match = _HEX_COLOR.fullmatch(color) if isinstance(color, str) else None
        if match is None:
            raise ValueError(f"node {nid!r}: viz_color {color!r} is not '#rrggbb'")
        r, g, b = (str(int(h, 16)) for h in match.groups())
        etree.SubElement(node, f"{{{VIZ_NS}}}color", r=r, g=g, b=b)
    if data.get("viz_size") is not None:
        size = _number(data["viz_size"], f"node {nid!r}: viz_size", minimum=0.0)
        etree.SubElement(node, f"{{{VIZ_NS}}}size", value=size)
    x, y = data.get("viz_x"), data.get("viz_y")
    if (x is None) != (y is None):
        raise ValueError(f"node {nid!r}: viz_x and viz_y must be given together")
    if x is not None:
        x, y = _number(x, f"node {nid!r}: viz_x"), _number(y, f"node {nid!r}: viz_y")
        etree.SubElement(node, f"{{{VIZ_NS}}}position", x=x, y=y)


def _date_span(text, owner) -> tuple[str, str]:
    """Return the first and last day covered by a full or partial ISO date.

    >>> _date_span("2024-02", "n")
    ('2024-02-01', '2024-02-29')
    """
    match = _DATE.fullmatch(text) if isinstance(text, str) else None
    try:
        if match is None:
            raise ValueError("not YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(p) if p else None for p in match.groups())
        first = dt.date(year, month or 1, day or 1)
        if day is not None:
            last = first
        elif month is not None:
            last = first.replace(day=calendar.monthrange(year, month)[1])
        else:
            last = dt.date(year, 12, 31)
    except ValueError as err:
        raise ValueError(f"{owner}: bad date {text!r} ({err})") from None
    return first.isoformat(), last.isoformat()


def _spells(dates, owner) -> list[tuple[str, str]]:
    if dates is None:
        return []
    if not isinstance(dates, (list, tuple)):
        raise ValueError(f"{owner}: 'dates' must be a list of ISO dates, not {dates!r}")
    merged: list[tuple[str, str]] = []
    for start, end in sorted(_date_span(_plain(d), owner) for d in dates):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _spell_elements(element, spells) -> None:
    if spells:
        container = etree.SubElement(element, _q("spells"))
    for start, end in spells:
        etree.SubElement(container, _q("spell"), start=start, end=end)


def _iso_day(value) -> str:
    owner = "G.graph['lastmodified']"
    day = value.date() if isinstance(value, dt.datetime) else value
    first, last = _date_span(_plain(day), owner)
    if first != last:
        raise ValueError(f"{owner}: {value!r} is not a YYYY-MM-DD date")
    return first


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
