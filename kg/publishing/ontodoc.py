"""The ontology's documentation page, generated from the ``kgg:ontology`` graph.

Every class and property of ``ontology/kg.ttl`` with its label, definition and mappings
(subclass/subproperty of, domain, range, SKOS matches), and every concept scheme of
``ontology/concepts.ttl`` with its concepts, codes and CAMEO/PLOVER mappings, in the way
pyLODE and Widoco document an OWL ontology (one anchor per term: ``ontology.html#Official``).
"""

from __future__ import annotations

from kg.namespaces import DCTERMS, OWL, RDF, RDFS, SKOS
from kg.publishing.terms import iri_term, language, value

PAGE = "ontology.html"
TERM_RELATIONS = (
    (RDFS + "subClassOf", "subclass of"), (OWL + "equivalentClass", "same as"),
    (RDFS + "subPropertyOf", "subproperty of"), (RDFS + "domain", "used on"), (RDFS + "range", "values"),
    (SKOS + "exactMatch", "exact match"), (SKOS + "closeMatch", "close match"),
    (SKOS + "broadMatch", "broader match"), (SKOS + "narrowMatch", "narrower match"),
    (SKOS + "relatedMatch", "related match"), (SKOS + "broader", "broader concept"),
)
SCHEMES = {"cameo/": "CAMEO ", "plover/": "PLOVER "}


def _link(g, term) -> dict:
    link = g.link(term, PAGE)
    rest = value(term)[len(g.ns["kgc"]):] if term.startswith("<" + g.ns["kgc"]) else None
    if rest and link["href"] is None:
        for prefix, name in SCHEMES.items():
            if rest.startswith(prefix):
                link["text"] = name + rest[len(prefix):]
    elif link["href"] is None and link["external"]:
        link["text"] = g.compact(value(term))
    return link


def _text(g, node, predicate) -> str:
    values = g.values(node, predicate)
    english = [v for v in values if language(v) in (None, "en")]
    return value((english or values)[0]) if values else ""


def _term(g, node, instances: dict) -> dict:
    local = value(node).rsplit("#", 1)[-1]
    relations = []
    for predicate, words in TERM_RELATIONS:
        values = g.values(node, predicate)
        if values:
            relations.append({"words": words, "terms": [_link(g, v) for v in values]})
    return {"id": local, "iri": value(node), "compact": g.compact(value(node)), "label": g.label(node),
            "definition": _text(g, node, SKOS + "definition"), "note": _text(g, node, SKOS + "editorialNote"),
            "relations": relations, "count": instances.get(local, 0),
            "index": f"class/{local}.html" if instances.get(local) else None}


def _of_type(g, cls: str, namespace: str) -> list:
    return sorted((s for s, p, _ in g.inc.get(iri_term(cls), ())
                   if p == f"<{RDF}type>" and s.startswith("<" + namespace)), key=lambda n: value(n).casefold())


def _incoming(g, iri: str, predicate: str) -> list:
    return [s for s, p, _ in g.inc.get(iri_term(iri), ()) if p == f"<{predicate}>"]


def ontology_context(g, instances: dict[str, int]) -> dict:
    """Everything ``ontology.html`` shows; ``instances`` counts the entities per class."""
    kg = g.ns["kg"]
    ontology = iri_term(kg.rstrip("#"))
    classes = [_term(g, c, instances) for c in _of_type(g, OWL + "Class", kg)]
    for term in classes:
        term["subclasses"] = [_link(g, s) for s in _incoming(g, term["iri"], RDFS + "subClassOf")]
        term["properties"] = sorted({(_link(g, s)["text"], value(s).rsplit("#", 1)[-1])
                                     for s in _incoming(g, term["iri"], RDFS + "domain")})
    object_props = [_term(g, p, instances) for p in _of_type(g, OWL + "ObjectProperty", kg)]
    data_props = [_term(g, p, instances) for p in _of_type(g, OWL + "DatatypeProperty", kg)]
    schemes = []
    for scheme in _of_type(g, SKOS + "ConceptScheme", kg):
        concepts = sorted(_incoming(g, value(scheme), SKOS + "inScheme"), key=lambda c: g.label(c).casefold())
        entry = _term(g, scheme, instances)
        entry["scope"] = _text(g, scheme, SKOS + "note")
        entry["concepts"] = []
        for c in concepts:
            row = _term(g, c, instances)
            row.update(link=_link(g, c), notation=_text(g, c, SKOS + "notation"),
                       alt=sorted({value(v) for v in g.values(c, SKOS + "altLabel")}),
                       used=len(g.inc.get(c, ())))  # evidence nodes' pointers are not in g.inc
            entry["concepts"].append(row)
        schemes.append(entry)
    return {
        "page": PAGE, "root": "", "iri": value(ontology),
        "title": _text(g, ontology, DCTERMS + "title") or g.label(ontology),
        "description": _text(g, ontology, DCTERMS + "description"),
        "license": [_link(g, v) for v in g.values(ontology, DCTERMS + "license")],
        "version": _text(g, ontology, OWL + "versionInfo"),
        "classes": classes, "object_properties": object_props, "datatype_properties": data_props,
        "schemes": schemes,
        "files": {"Turtle": "ontology.ttl", "JSON-LD": "ontology.jsonld", "N-Triples": "ontology.nt"},
    }
