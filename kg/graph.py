"""Turn curated extractions into RDF quads: one named graph per source.

Every entity gets one IRI across all sources (its key under ``kgr:``), one canonical
``rdfs:label`` and one class, chosen over all sources so that no source's order can
change them: the most frequent label (ties: the longest, then the first in sort order)
and the most specific class (an Official stays an Official where another article only
calls them a person). Every fact gets an evidence node with its exact quote.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from pyoxigraph import Literal, NamedNode, Quad

from kg.extraction.quantities import Count
from kg.namespaces import DCTERMS, KG, KGC, KGG, KGR, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

TYPE_RANK = {"Official": 2, "Person": 1}
DATE_TYPES = {10: XSD + "date", 7: XSD + "gYearMonth", 4: XSD + "gYear"}
A = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")


def iri(key: str) -> NamedNode:
    return NamedNode(KGR + key)


def source_iri(source_id: str) -> NamedNode:
    return NamedNode(KGR + "source/" + source_id)


def graph_iri(source_id: str) -> NamedNode:
    return NamedNode(KGG + source_id)


def date_literal(value: str) -> Literal:
    return Literal(value, datatype=NamedNode(DATE_TYPES[len(value)]))


def quantity_label(count: Count) -> str:
    if count.qualifier == "range":
        return f"{count.value}-{count.max_value}"
    return str(count.value) if count.qualifier == "exactly" else f"{count.qualifier} {count.value}"


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]


def canonical_entities(extractions: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """For every key over all sources: its class and canonical label."""
    labels: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, Counter] = defaultdict(Counter)
    for ext in extractions.values():
        for e in ext["entities"]:
            labels[e["key"]][e["label"]] += 1
            types[e["key"]][e["type"]] += 1
    result = {}
    for key in labels:
        label = min(labels[key].items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]
        type_ = max(types[key], key=lambda t: (TYPE_RANK.get(t, 0), types[key][t], t))
        result[key] = (type_, label)
    return result


class GraphWriter:
    """Collects the quads of one source's named graph."""

    def __init__(self, source, canon: dict[str, tuple[str, str]]):
        self.source = source
        self.canon = canon
        self.graph = graph_iri(source.id)
        self.article = source_iri(source.id)
        self.quads: set[Quad] = set()

    def add(self, s, p, o):
        self.quads.add(Quad(s, NamedNode(p) if isinstance(p, str) else p, o, self.graph))

    def article_node(self):
        meta = self.source.meta
        self.add(self.article, A, NamedNode(KG + "Article"))
        self.add(self.article, LABEL, Literal(meta["title"]))
        self.add(self.article, DCTERMS + "title", Literal(meta["title"]))
        self.add(self.article, DCTERMS + "issued", date_literal(meta["published"]))
        self.add(self.article, DCTERMS + "identifier", Literal(self.source.id))
        if meta.get("publisher"):
            self.add(self.article, KG + "publisher", Literal(meta["publisher"]))
        if meta.get("url"):
            self.add(self.article, SCHEMA + "url", Literal(meta["url"], datatype=NamedNode(XSD + "anyURI")))
        if meta.get("published_inferred"):
            self.add(self.article, KG + "dateInference", Literal(meta["published_inferred"]))

    def entity(self, e: dict, version: str):
        node = iri(e["key"])
        type_, label = self.canon[e["key"]]
        self.add(node, A, NamedNode(KG + type_))
        self.add(node, LABEL, Literal(label))
        for alias in e.get("aliases", []):
            if alias != label:
                self.add(node, SKOS + "altLabel", Literal(alias))
        self.add(self.article, KG + "mentions", node)
        if e.get("spans"):
            start, end = e["spans"][0]
            self.evidence(node, A, NamedNode(KG + type_), start, end, e.get("rule") or "curation", version,
                          modality=e.get("modality"), curated=e.get("rule") == "curation")

    def fact(self, f: dict, version: str):
        subject = iri(f["subject"])
        predicate = NamedNode(KG + f["predicate"])
        obj = self.object_term(f)
        self.add(subject, predicate, obj)
        self.evidence(subject, predicate, obj, f["start"], f["end"], f["rule"], version,
                      modality=f.get("modality"), inferred=f.get("inferred"),
                      curated=f.get("curated", False), note=f.get("note"))

    def object_term(self, f: dict):
        kind, value = f["kind"], f["object"]
        if kind == "entity":
            return iri(value)
        if kind == "concept":
            return NamedNode(KGC + value)
        if kind == "date":
            return date_literal(value)
        if kind == "integer":
            return Literal(value, datatype=NamedNode(XSD + "integer"))
        if kind == "quantity":
            low, high, qualifier = value.split("|")
            count = Count(int(low), int(high) if high else None, qualifier)
            node = NamedNode(KGR + "quantity/" + _hash(f["subject"], f["predicate"], value))
            self.add(node, A, NamedNode(KG + "Quantity"))
            self.add(node, LABEL, Literal(quantity_label(count)))
            self.add(node, KG + "value", Literal(str(count.value), datatype=NamedNode(XSD + "integer")))
            if count.max_value is not None:
                self.add(node, KG + "maxValue", Literal(str(count.max_value), datatype=NamedNode(XSD + "integer")))
            self.add(node, KG + "qualifier", Literal(qualifier))
            return node
        return Literal(value)

    def evidence(self, s, p, o, start, end, rule, version, modality=None, inferred=None,
                 curated=False, note=None):
        node = NamedNode(f"{KGR}evidence/{self.source.id}/{_hash(str(s), str(p), str(o), str(start), str(end))}")
        integer = NamedNode(XSD + "integer")
        self.add(node, A, NamedNode(KG + "Evidence"))
        self.add(node, RDF + "subject", s)
        self.add(node, RDF + "predicate", p)
        self.add(node, RDF + "object", o)
        self.add(node, KG + "quote", Literal(self.source.text[start:end]))
        self.add(node, KG + "start", Literal(str(start), datatype=integer))
        self.add(node, KG + "end", Literal(str(end), datatype=integer))
        self.add(node, PROV + "wasDerivedFrom", self.article)
        self.add(node, KG + "rule", Literal(rule))
        self.add(node, KG + "extractorVersion", Literal(version))
        self.add(node, KG + "curated", Literal("true" if curated else "false", datatype=NamedNode(XSD + "boolean")))
        if modality:
            self.add(node, KG + "modality", NamedNode(KGC + "modality/" + modality))
        if inferred:
            self.add(node, KG + "inferred", Literal(inferred))
        if note:
            self.add(node, KG + "curationNote", Literal(note))


def source_quads(source, extraction: dict, canon: dict[str, tuple[str, str]]) -> set[Quad]:
    """All quads of one source's named graph."""
    writer = GraphWriter(source, canon)
    writer.article_node()
    version = extraction["version"]
    for e in extraction["entities"]:
        writer.entity(e, version)
    for f in extraction["facts"]:
        if f["kind"] == "entity" and f["object"] not in canon:
            continue  # an object no source describes would be a dangling IRI
        writer.fact(f, version)
    return writer.quads
