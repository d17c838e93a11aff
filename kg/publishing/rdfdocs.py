"""RDF documents of the site: what each entity's Turtle/JSON-LD holds, and their writers.

Triples are ``(s, p, o)`` tuples of N-Triples terms (:mod:`kg.publishing.terms`), so
N-Triples is the terms joined. Turtle goes through pyoxigraph. pyoxigraph writes
JSON-LD in expanded form only, so this module writes the compact form with the
project's prefixes as ``@context`` (JSON-LD 1.1, section 4.1.5 "Compact IRIs"). The same
context is published as ``context.jsonld``; documents carry it inline so that they
parse without fetching anything. The JSON-LD writer works one subject at a time, so
that the dump of the whole graph is written in pieces, never held whole.

>>> t = ("<https://example.org/kg/id/state/russia>", "<http://www.w3.org/2000/01/rdf-schema#label>", '"Russia"')
>>> doc = to_jsonld([t], {"kgr": "https://example.org/kg/id/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
>>> [str(q.triple) for q in ox.parse(doc, format=ox.RdfFormat.JSON_LD)] == [" ".join(t)]
True
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

import pyoxigraph as ox

from kg.namespaces import RDF
from kg.publishing.terms import XSD_STRING, parts

TYPE = f"<{RDF}type>"


def context(prefixes: dict[str, str]) -> dict:
    return {name: prefixes[name] for name in sorted(prefixes)}


class Compactor:
    """IRIs as compact IRIs (``kgr:state/russia``) under a fixed set of prefixes, and terms as
    JSON-LD values, remembered: a page repeats the same few terms, a dump each term many times."""

    LIMIT = 200_000  # remembered terms: a bound on memory, not a cache policy

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes
        self.head = json.dumps({"@context": context(prefixes)}, ensure_ascii=False, indent=1)[:-2] + ',\n "@graph": ['
        self.known: dict[str, str] = {}
        self.values: dict[str, tuple[str, str]] = {}
        self.nodes: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        found = self.known.get(iri)
        if found is None:
            if len(self.known) > self.LIMIT:
                self.known.clear()
            found = self.known[iri] = self._compact(iri)
        return found

    def _compact(self, iri: str) -> str:
        best = None
        for name, ns in self.prefixes.items():
            if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(best[1])):
                best = (name, ns)
        if best is None:
            return iri
        local = iri[len(best[1]):]
        return iri if local.startswith("//") else f"{best[0]}:{local}"

    def node(self, term: str) -> str:
        """The ``@id`` of an IRI or blank node term."""
        found = self.nodes.get(term)
        if found is None:
            if len(self.nodes) > self.LIMIT:
                self.nodes.clear()
            found = self.nodes[term] = term if term[:2] == "_:" else self(term[1:-1])
        return found

    def value(self, term: str) -> tuple[str, str]:
        """A JSON-LD value of ``term`` as ``(its JSON with sorted keys, to sort by; its JSON as written)``.

        Written at the depth of a property's values in a node of ``@graph`` (keys at five spaces).
        """
        found = self.values.get(term)
        if found is None:
            found = self._value(term)
            if len(term) < 100:  # not quotes: each is in a few documents only, and long
                if len(self.values) > self.LIMIT:
                    self.values.clear()
                self.values[term] = found
        return found

    def _value(self, term: str) -> tuple[str, str]:
        if term[:1] != '"':
            ref = encode_basestring(self.node(term))
            return '{"@id": ' + ref + "}", '{\n     "@id": ' + ref + "\n    }"
        text, lang, dt = parts(term)
        text = encode_basestring(text)
        if lang:
            lang = encode_basestring(lang)
            return ('{"@language": ' + lang + ', "@value": ' + text + "}",
                    '{\n     "@value": ' + text + ',\n     "@language": ' + lang + "\n    }")
        if dt == XSD_STRING:
            return text, text
        dt = encode_basestring(self(dt))
        return ('{"@type": ' + dt + ', "@value": ' + text + "}",
                '{\n     "@value": ' + text + ',\n     "@type": ' + dt + "\n    }")


def _first(pair):
    return pair[0]


def jsonld_node(triples, compact: Compactor) -> str:
    """The JSON-LD node object of one subject's triples, properties and values sorted, as JSON text.

    The text is what ``json.dumps(document, ensure_ascii=False, indent=1)`` writes for the
    node inside the document's ``@graph`` array, written directly: json's indenting encoder
    is pure Python, and the slowest part of a page.
    """
    props: dict[str, list] = {}
    key = None
    for s, p, o in triples:
        if key is None:
            key = compact.node(s)
        if p == TYPE and o[:1] != '"':
            ref = encode_basestring(compact.node(o))
            props.setdefault("@type", []).append((ref, ref))
        else:
            props.setdefault(compact(p[1:-1]), []).append(compact.value(o))
    out = ['{\n   "@id": ', encode_basestring(key)]
    for prop in sorted(props):
        values = sorted(props[prop], key=_first)  # stable: equal values keep the order of the triples
        out.append(",\n   " + encode_basestring(prop) + ": [\n    " + ",\n    ".join(v for _, v in values) + "\n   ]")
    out.append("\n  }")
    return "".join(out)


def jsonld_nodes(triples, compact: Compactor) -> list[tuple[str, str]]:
    """``(key, node text)`` for each subject of ``triples``, sorted by key (the compact IRI)."""
    by_subject: dict[str, list] = {}
    for t in triples:
        by_subject.setdefault(compact.node(t[0]), []).append(t)
    return [(key, jsonld_node(by_subject[key], compact)) for key in sorted(by_subject)]


def jsonld_head(prefixes: dict[str, str]) -> str:
    """The text before the first node of a JSON-LD document with ``prefixes`` as context."""
    return Compactor(prefixes).head


def dumps(obj, pad: str = "", sort_keys: bool = False) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=1)`` of strings, lists and dicts, starting at indentation ``pad``.

    The same text, five times faster: json's C encoder does not indent, and its Python one is slow.

    >>> doc = {"@id": "x", "p": ["a", {"@value": "1", "@type": "xsd:integer"}], "q": [], "r": {}}
    >>> dumps(doc) == json.dumps(doc, ensure_ascii=False, indent=1)
    True
    """
    if isinstance(obj, str):
        return encode_basestring(obj)
    inner = pad + " "
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = sorted(obj.items()) if sort_keys else obj.items()
        return ("{\n" + ",\n".join(f"{inner}{encode_basestring(k)}: {dumps(v, inner, sort_keys)}" for k, v in items)
                + "\n" + pad + "}")
    if isinstance(obj, list):
        if not obj:
            return "[]"
        return "[\n" + ",\n".join(inner + dumps(v, inner, sort_keys) for v in obj) + "\n" + pad + "]"
    return json.dumps(obj, ensure_ascii=False)


def jsonld_piece(node: str, first: bool) -> str:
    """One node of the ``@graph`` array (from :func:`jsonld_node`), after the ones before it."""
    return ("\n  " if first else ",\n  ") + node


def jsonld_tail(empty: bool) -> str:
    return "]\n}\n" if empty else "\n ]\n}\n"


def to_jsonld(triples, prefixes: dict[str, str], compact: Compactor | None = None) -> bytes:
    """Triples as a compact JSON-LD document with ``prefixes`` as its ``@context`` (``compact``: for those prefixes)."""
    compact = compact or Compactor(prefixes)
    nodes = jsonld_nodes(triples, compact)
    text = [compact.head]
    text.extend(jsonld_piece(node, i == 0) for i, (_, node) in enumerate(nodes))
    text.append(jsonld_tail(not nodes))
    return "".join(text).encode()


def to_ntriples(triples) -> bytes:
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples).encode()


def to_turtle(triples, prefixes: dict[str, str], nt: bytes | None = None) -> bytes:
    """Turtle of ``triples`` in the order given (callers sort them); ``nt``: their N-Triples, if at hand."""
    nt = to_ntriples(triples) if nt is None else nt
    return ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def turtle_header(prefixes: dict[str, str]) -> bytes:
    """The ``@prefix`` lines pyoxigraph starts a Turtle document with, to cut off pieces written apart."""
    one = ox.serialize([ox.Triple(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"))],
                       format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return one.split(b"<urn:x>")[0]


def trig_header(prefixes: dict[str, str]) -> bytes:
    one = ox.serialize([ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"),
                                ox.NamedNode("urn:g"))], format=ox.RdfFormat.TRIG, prefixes=prefixes)
    return one.split(b"<urn:g>")[0]


def describe(g, node: str) -> list[tuple]:
    """What ``node``'s own Turtle and JSON-LD hold.

    Its statements, the statements that point to it (except evidence pointers), and the
    evidence nodes of its statements with all their fields, so that each fact travels
    with its sources and quotes; its own statements come first. A named graph's document
    holds that graph's triples.
    """
    if node in g.graph_counts:
        return sorted(g.graph_triples[node])
    own = g.out.get(node, [])
    triples = set(own)
    triples.update(g.inc.get(node, ()))
    for t in own:
        for ev in g.evidence_for(*t):
            triples.update(g.out.get(ev.iri, ()))
    return sorted(triples, key=lambda t: (t[0] != node, t))
