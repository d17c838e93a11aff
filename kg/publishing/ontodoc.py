"""The ontology's documentation page, generated from the ``kgg:ontology`` graph.

Every class and property of ``ontology/kg.ttl`` with its label, definition and mappings
(subclass/subproperty of, domain, range, SKOS matches), and every concept scheme of
``ontology/concepts.ttl`` with its concepts, codes and CAMEO/PLOVER mappings, in the way
pyLODE and Widoco document an OWL ontology (one anchor per term: ``ontology.html#Official``).
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import DCTERMS, OWL, RDF, RDFS, SKOS

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
    rest = term.value[len(g.ns["kgc"]):] if term.value.startswith(g.ns["kgc"]) else None
    if rest and link["href"] is None:
        for prefix, name in SCHEMES.items():
            if rest.startswith(prefix):
                link["text"] = name + rest[len(prefix):]
    elif link["href"] is None and link["external"]:
        link["text"] = g.compact(term.value)
    return link


def _text(g, node, predicate) -> str:
    values = g.values(node, predicate)
    english = [v for v in values if getattr(v, "language", None) in (None, "en")]
    return (english or values)[0].value if values else ""


def _term(g, node, instances: dict) -> dict:
    local = node.value.rsplit("#", 1)[-1]
    relations = []
    for predicate, words in TERM_RELATIONS:
        values = g.values(node, predicate)
        if values:
            relations.append({"words": words, "terms": [_link(g, v) for v in values]})
    return {"id": local, "iri": node.value, "compact": g.compact(node.value), "label": g.label(node),
            "definition": _text(g, node, SKOS + "definition"), "note": _text(g, node, SKOS + "editorialNote"),
            "relations": relations, "count": instances.get(local, 0),
            "index": f"class/{local}.html" if instances.get(local) else None}


def _of_type(g, cls: str, namespace: str) -> list:
    return sorted((s for s, p in g.inc.get(_node(cls), ())
                   if p.value == RDF + "type" and s.value.startswith(namespace)), key=lambda n: n.value.casefold())


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def ontology_context(g, instances: dict[str, int]) -> dict:
    """Everything ``ontology.html`` shows; ``instances`` counts the entities per class."""
    kg = g.ns["kg"]
    ontology = _node(kg.rstrip("#"))
    classes = [_term(g, c, instances) for c in _of_type(g, OWL + "Class", kg)]
    for term in classes:
        term["subclasses"] = [_link(g, s) for s, p in g.inc.get(_node(term["iri"]), ())
                              if p.value == RDFS + "subClassOf"]
        term["properties"] = sorted({(_link(g, s)["text"], s.value.rsplit("#", 1)[-1]) for s, p in
                                     g.inc.get(_node(term["iri"]), ()) if p.value == RDFS + "domain"})
    object_props = [_term(g, p, instances) for p in _of_type(g, OWL + "ObjectProperty", kg)]
    data_props = [_term(g, p, instances) for p in _of_type(g, OWL + "DatatypeProperty", kg)]
    schemes = []
    for scheme in _of_type(g, SKOS + "ConceptScheme", kg):
        concepts = sorted((s for s, p in g.inc.get(scheme, ()) if p.value == SKOS + "inScheme"),
                          key=lambda c: g.label(c).casefold())
        entry = _term(g, scheme, instances)
        entry["scope"] = _text(g, scheme, SKOS + "note")
        entry["concepts"] = []
        for c in concepts:
            row = _term(g, c, instances)
            row.update(link=_link(g, c), notation=_text(g, c, SKOS + "notation"),
                       alt=sorted({v.value for v in g.values(c, SKOS + "altLabel")}),
                       used=len([s for s, p in g.inc.get(c, ()) if not g.is_evidence(s)]))
            entry["concepts"].append(row)
        schemes.append(entry)
    return {
        "page": PAGE, "root": "", "iri": ontology.value,
        "title": _text(g, ontology, DCTERMS + "title") or g.label(ontology),
        "description": _text(g, ontology, DCTERMS + "description"),
        "license": [_link(g, v) for v in g.values(ontology, DCTERMS + "license")],
        "version": _text(g, ontology, OWL + "versionInfo"),
        "classes": classes, "object_properties": object_props, "datatype_properties": data_props,
        "schemes": schemes,
        "files": {"Turtle": "ontology.ttl", "JSON-LD": "ontology.jsonld", "N-Triples": "ontology.nt"},
    }
