"""RDF documents of the site: what each entity's Turtle/JSON-LD holds, and a JSON-LD writer.

pyoxigraph writes JSON-LD in expanded form only, so this module writes the compact
form with the project's prefixes as ``@context`` (JSON-LD 1.1, section 4.1.5 "Compact
IRIs"). The same context is published as ``context.jsonld``; documents carry it inline so
that they parse without fetching anything.

>>> import pyoxigraph as ox
>>> t = ox.Triple(ox.NamedNode("https://example.org/kg/id/state/russia"),
...               ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Russia"))
>>> doc = to_jsonld([t], {"kgr": "https://example.org/kg/id/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
>>> [q.triple for q in ox.parse(doc, format=ox.RdfFormat.JSON_LD)] == [t]
True
"""

from __future__ import annotations

import gzip
import io
import json

import pyoxigraph as ox

from kg.namespaces import RDF, XSD

TYPE = RDF + "type"


def context(prefixes: dict[str, str]) -> dict:
    return {name: prefixes[name] for name in sorted(prefixes)}


def _compact(iri: str, prefixes: dict[str, str]) -> str:
    best = None
    for name, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(best[1])):
            best = (name, ns)
    if best is None:
        return iri
    local = iri[len(best[1]):]
    return iri if local.startswith("//") else f"{best[0]}:{local}"


def _node_ref(term, prefixes) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return _compact(term.value, prefixes)


def _value(term, prefixes):
    if isinstance(term, ox.Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype is None or term.datatype.value == XSD + "string":
            return term.value
        return {"@value": term.value, "@type": _compact(term.datatype.value, prefixes)}
    return {"@id": _node_ref(term, prefixes)}


def _nodes(triples, prefixes) -> list[dict]:
    nodes: dict[str, dict] = {}
    for t in triples:
        key = _node_ref(t.subject, prefixes)
        node = nodes.setdefault(key, {"@id": key})
        if t.predicate.value == TYPE and not isinstance(t.object, ox.Literal):
            node.setdefault("@type", []).append(_node_ref(t.object, prefixes))
        else:
            node.setdefault(_compact(t.predicate.value, prefixes), []).append(_value(t.object, prefixes))
    out = []
    for key in sorted(nodes):
        node = nodes[key]
        ordered = {"@id": node.pop("@id")}
        for prop in sorted(node):
            ordered[prop] = sorted(node[prop], key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
        out.append(ordered)
    return out


def to_jsonld(triples, prefixes: dict[str, str]) -> bytes:
    """Triples as a compact JSON-LD document with ``prefixes`` as its ``@context``."""
    doc = {"@context": context(prefixes), "@graph": _nodes(triples, prefixes)}
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode()


def to_turtle(triples, prefixes: dict[str, str]) -> bytes:
    """Turtle of ``triples`` in the order given (callers sort them)."""
    return ox.serialize(list(triples), format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def to_ntriples(triples) -> bytes:
    return ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)


def gzip_bytes(data: bytes) -> bytes:
    """``data`` gzip-compressed with no name and mtime 0, so the same input gives the same bytes."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as handle:
        handle.write(data)
    return buffer.getvalue()


def describe(g, node) -> list[ox.Triple]:
    """What ``node``'s own Turtle and JSON-LD hold.

    Its statements, the statements that point to it (except evidence pointers), and the
    evidence nodes of its statements with all their fields, so that each fact travels
    with its sources and quotes; its own statements come first. A named graph's document
    holds that graph's triples.
    """
    if node in g.graphs:
        return [ox.Triple(q.subject, q.predicate, q.object) for q in g.quads if q.graph_name == node]
    triples = {ox.Triple(node, p, o) for p, o in g.out.get(node, ())}
    for s, p in g.inc.get(node, ()):
        if not g.is_evidence(s):
            triples.add(ox.Triple(s, p, node))
    for p, o in g.out.get(node, ()):
        for ev in g.evidence_for(node, p, o):
            triples.update(ox.Triple(ev.iri, ep, eo) for ep, eo in g.out.get(ev.iri, ()))
    return sorted(triples, key=lambda t: (t.subject != node, str(t.subject), str(t.predicate), str(t.object)))
