"""``kg diagram``: a Mermaid class diagram generated from the ontology file.

Classes of the ``kg:`` namespace become boxes with their datatype properties;
object properties become arrows from their domain to their range; ``rdfs:subClassOf``
between kg classes becomes inheritance. Code hosts render Mermaid as it is.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import KG, OWL, RDF, RDFS

QUERY = f"""
PREFIX rdf: <{RDF}> PREFIX rdfs: <{RDFS}> PREFIX owl: <{OWL}>
SELECT ?kind ?a ?b ?name WHERE {{
  {{ ?a a owl:Class . BIND("class" AS ?kind) }}
  UNION {{ ?a rdfs:subClassOf ?b . ?b a owl:Class . BIND("sub" AS ?kind) }}
  UNION {{ ?p a owl:ObjectProperty ; rdfs:domain ?a ; rdfs:range ?b . BIND("obj" AS ?kind) BIND(?p AS ?name) }}
  UNION {{ ?p a owl:DatatypeProperty ; rdfs:domain ?a . BIND("data" AS ?kind) BIND(?p AS ?name) }}
}}
"""


def _local(term) -> str:
    return str(term.value).removeprefix(KG) if term is not None else ""


def diagram(ontology_file: Path) -> str:
    """The Mermaid ``classDiagram`` text of the ontology."""
    store = ox.Store()
    store.load(path=str(ontology_file), format=ox.RdfFormat.TURTLE)
    classes, attributes, lines = set(), {}, []
    rows = sorted(((r["kind"].value, _local(r["a"]), _local(r["b"]), _local(r["name"]))
                   for r in store.query(QUERY)
                   if str(r["a"].value).startswith(KG)
                   and (r["b"] is None or str(r["b"].value).startswith(KG))))
    for kind, a, b, name in rows:
        if kind == "class":
            classes.add(a)
        elif kind == "sub":
            lines.append(f"    {b} <|-- {a}")
        elif kind == "obj":
            lines.append(f"    {a} --> {b} : {name}")
        elif kind == "data":
            attributes.setdefault(a, []).append(name)
    out = ["classDiagram"]
    for cls in sorted(classes):
        attrs = attributes.get(cls, [])
        if attrs:
            out.append(f"    class {cls} {{")
            out += [f"        +{a}" for a in sorted(attrs)]
            out.append("    }")
        else:
            out.append(f"    class {cls}")
    return "\n".join(out + lines) + "\n"
