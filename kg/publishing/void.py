"""The dataset described in VoID (https://www.w3.org/TR/void/) and DCAT 3 (https://www.w3.org/TR/vocab-dcat-3/).

The description is the resource ``<base>dataset``, published as ``dataset.ttl`` (and
``.jsonld``, ``.nt``, ``.html``): title, licence, publisher, sources, counts of triples
and of entities per class (``void:classPartition``), one subset per named graph, the dumps
(``void:dataDump``, ``dcat:distribution`` with media type, size and checksum) and the
SPARQL endpoint (``void:sparqlEndpoint``, a ``dcat:DataService``). Its triples are kept
out of the dumps, so the dumps hold exactly the built graph.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import DCTERMS, RDF, RDFS, SCHEMA, XSD
from kg.publishing.terms import iri_term, literal, value

VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
SD = "http://www.w3.org/ns/sparql-service-description#"
SPDX = "http://spdx.org/rdf/terms#"
IANA = "http://www.iana.org/assignments/media-types/"
VOID_PREFIXES = {"void": VOID, "dcat": DCAT, "foaf": FOAF, "sd": SD, "spdx": SPDX}


@dataclass(frozen=True)
class DatasetInfo:
    """What the dataset description says about who publishes the data and under what terms."""

    title: str = "kg: Central Asian labour migrants in Russia, as news articles report them"
    description: str = ("A knowledge graph of states, agencies, officials, incidents, diplomatic notes, meetings "
                        "and laws, extracted from news articles. Every fact links to the article and the exact "
                        "quote it comes from.")
    license: str = "https://creativecommons.org/licenses/by/4.0/"
    publisher: str = "The kg project"
    keywords: tuple[str, ...] = ("labour migration", "Central Asia", "Russia", "diplomacy", "news")


def _lit(text, datatype: str | None = None) -> str:
    return literal(str(text), datatype)


def void_triples(g, info: DatasetInfo, counts: dict, dumps: list[dict]) -> list[tuple]:
    """The VoID/DCAT description as N-Triples terms; ``counts`` has ``triples``, ``entities`` and ``classes``."""
    base, N = g.base, iri_term
    ds = N(base + "dataset")
    out: list[tuple] = []

    def add(s, p, o):
        out.append((s, N(p), o))

    for cls in (VOID + "Dataset", DCAT + "Dataset"):
        add(ds, RDF + "type", N(cls))
    add(ds, RDFS + "label", _lit(info.title))
    add(ds, DCTERMS + "title", _lit(info.title))
    add(ds, DCTERMS + "description", _lit(info.description))
    add(ds, DCTERMS + "license", N(info.license))
    for word in info.keywords:
        add(ds, DCAT + "keyword", _lit(word))
    publisher = N(base + "dataset#publisher")
    add(ds, DCTERMS + "publisher", publisher)
    add(publisher, RDF + "type", N(FOAF + "Organization"))
    add(publisher, FOAF + "name", _lit(info.publisher))
    add(ds, DCAT + "landingPage", N(base))
    add(ds, FOAF + "homepage", N(base))
    add(ds, DCTERMS + "conformsTo", N(g.ns["kg"].rstrip("#")))
    for article in g.instances("Article"):
        add(ds, DCTERMS + "source", article)
        url = g.value(article, SCHEMA + "url")
        if url is not None:
            add(ds, DCTERMS + "source", N(value(url)))
    add(ds, VOID + "triples", _lit(counts["triples"], XSD + "integer"))
    add(ds, VOID + "entities", _lit(counts["entities"], XSD + "integer"))
    add(ds, VOID + "distinctSubjects", _lit(len(g.out), XSD + "integer"))
    add(ds, VOID + "properties", _lit(g.predicates, XSD + "integer"))
    add(ds, VOID + "classes", _lit(len(counts["classes"]), XSD + "integer"))
    add(ds, VOID + "uriSpace", _lit(base + "id/"))
    for ns in sorted({g.ns["kg"], g.ns["kgc"], "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#",
                      DCTERMS, SCHEMA}):
        add(ds, VOID + "vocabulary", N(ns))
    for cls, n in sorted(counts["classes"].items()):
        part = N(f"{base}dataset#class-{cls}")
        add(ds, VOID + "classPartition", part)
        add(part, VOID + "class", g.kg(cls))
        add(part, VOID + "entities", _lit(n, XSD + "integer"))
    for graph in g.graphs:
        n = g.graph_counts[graph]
        name = value(graph)[len(g.ns["kgg"]):]
        subset = N(f"{base}dataset#graph-{name}")
        add(ds, VOID + "subset", subset)
        add(subset, RDF + "type", N(VOID + "Dataset"))
        add(subset, SD + "name", graph)
        add(subset, VOID + "triples", _lit(n, XSD + "integer"))
        source = N(g.ns["kgr"] + "source/" + name)
        if source in g.out:
            add(subset, DCTERMS + "source", source)
    for dump in dumps:
        url = N(base + dump["path"])
        add(ds, VOID + "dataDump", url)
        dist = N(f"{base}dataset#dump-{dump['format']}")
        add(ds, DCAT + "distribution", dist)
        add(dist, RDF + "type", N(DCAT + "Distribution"))
        add(dist, DCTERMS + "title", _lit(dump["title"]))
        add(dist, DCAT + "downloadURL", url)
        add(dist, DCAT + "mediaType", N(IANA + dump["media"]))
        add(dist, DCAT + "compressFormat", N(IANA + "application/gzip"))
        add(dist, DCAT + "byteSize", _lit(dump["bytes"], XSD + "nonNegativeInteger"))
        add(dist, DCTERMS + "license", N(info.license))
        checksum = N(f"{base}dataset#sha256-{dump['format']}")
        add(dist, SPDX + "checksum", checksum)
        add(checksum, SPDX + "algorithm", N(SPDX + "checksumAlgorithm_sha256"))
        add(checksum, SPDX + "checksumValue", _lit(dump["sha256"], XSD + "hexBinary"))
    endpoint = N(base + "sparql")
    add(ds, VOID + "sparqlEndpoint", endpoint)
    service = N(base + "dataset#sparql")
    add(service, RDF + "type", N(DCAT + "DataService"))
    add(service, DCAT + "endpointURL", endpoint)
    add(service, DCAT + "servesDataset", ds)
    add(service, DCTERMS + "conformsTo", N("https://www.w3.org/TR/sparql11-protocol/"))
    add(ds, DCAT + "distribution", service)
    return sorted(set(out))


def dataset_context(g, info: DatasetInfo, counts: dict, dumps: list[dict], files: dict[str, str]) -> dict:
    """What ``dataset.html`` shows: the same facts as the VoID, in words."""
    page = "dataset.html"
    graphs = [{"link": g.link(graph, page), "iri": value(graph), "quads": g.graph_counts[graph]} for graph in g.graphs]
    classes = [{"cls": c, "label": g.label(g.kg(c)), "count": n, "href": f"class/{c}.html"}
               for c, n in sorted(counts["classes"].items())]
    return {"page": page, "root": "", "info": info, "counts": counts, "dumps": dumps, "graphs": graphs,
            "classes": classes, "files": files, "iri": g.base + "dataset", "endpoint": g.base + "sparql"}
