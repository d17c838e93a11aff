"""The shapes, tested by the Turtle cases in tests/shapes/ (STYLE habits 8 and 9).

Each ``tests/shapes/<shape>-NNN.ttl`` holds a data snippet and, on ``<urn:test:case>``,
the results it must give, in a small test vocabulary (``urn:test:``)::

    <urn:test:case> a t:Case ;
        t:expect [ t:shape kgsh:IncidentShape ;   # the NodeShape that reports it
                   t:focus <incident/x> ; t:path kg:date ;   # t:path if the result has one
                   t:severity sh:Violation ;
                   t:component sh:MinCountConstraintComponent ;
                   t:constraint kgsh:SomeSparqlConstraint ] .  # for SPARQL results only

A fixture must give exactly its expected results, no more. ``valid-NNN.ttl`` expects
none. The meta-tests make sure no shape goes untested: pySHACL accepts a misspelled
constraint or target class silently, so only a fixture that must fail proves a shape
works (FIELD-NOTES).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH

from kg.validation import validate

ROOT = Path(__file__).resolve().parent.parent
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_FILE = ROOT / "ontology" / "kg.ttl"
FIXTURES = sorted((ROOT / "tests" / "shapes").glob("*.ttl"))
SHACL_VOCABULARY = Path(pyshacl.__file__).parent / "assets" / "shacl.ttl"

T = Namespace("urn:test:")
CASE = URIRef("urn:test:case")
KG = Namespace("https://example.org/kg/ontology#")
SHAPES = Graph().parse(SHAPES_FILE)

# Predicates a shapes file may use besides SHACL's own.
OTHER_PREDICATES = {RDF.type, RDF.first, RDF.rest, RDFS.label, RDFS.comment}
# Namespaces whose properties shapes may constrain besides kg:.
OTHER_PATH_NAMESPACES = (str(RDF), str(RDFS), "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/")


def node_shape(shapes: Graph, shape) -> URIRef:
    """The NodeShape a result's source shape is, or holds it as a property shape."""
    if (shape, RDF.type, SH.NodeShape) in shapes:
        return shape
    parents = set(shapes.subjects(SH.property, shape))
    assert len(parents) == 1, f"property shape {shape} belongs to {len(parents)} node shapes"
    return parents.pop()


def expected_results(data: Graph) -> set[tuple]:
    return {
        (
            data.value(e, T.shape), data.value(e, T.focus), data.value(e, T.path),
            data.value(e, T.severity), data.value(e, T.component), data.value(e, T.constraint),
        )
        for e in data.objects(CASE, T.expect)
    }


def actual_results(report: Graph, shapes: Graph) -> set[tuple]:
    return {
        (
            node_shape(shapes, report.value(r, SH.sourceShape)), report.value(r, SH.focusNode),
            report.value(r, SH.resultPath), report.value(r, SH.resultSeverity),
            report.value(r, SH.sourceConstraintComponent), report.value(r, SH.sourceConstraint),
        )
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def kebab(shape: URIRef) -> str:
    """kgsh:EvidenceConsistencyShape -> evidence-consistency (the fixture name prefix)."""
    name = str(shape).rsplit("#", 1)[-1].removesuffix("Shape")
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def all_expectations() -> list[tuple[Path, tuple]]:
    return [(path, e) for path in FIXTURES for e in expected_results(Graph().parse(path))]


# ---------------------------------------------------------------- the fixtures


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixture(fixture: Path):
    data = Graph().parse(fixture)
    assert (CASE, RDF.type, T.Case) in data, "a fixture describes itself on <urn:test:case>"
    expected = expected_results(data)
    result = validate(fixture, SHAPES_FILE)
    assert actual_results(result.report_graph, result.shapes_graph) == expected
    assert result.conforms == all(e[3] != SH.Violation for e in expected)
    if fixture.stem.startswith("valid-"):
        assert result.results == [] and result.text == "0 violations, 0 warnings"
    else:
        assert expected, "a failing fixture expects at least one result"


def test_fixture_names():
    """``<shape>-NNN.ttl``: a failing fixture is named after a shape it expects to fail."""
    for path in FIXTURES:
        prefix, number = path.stem.rsplit("-", 1)
        assert re.fullmatch(r"\d{3}", number), path.name
        shapes = {kebab(e[0]) for e in expected_results(Graph().parse(path))}
        assert prefix == "valid" and not shapes or prefix in shapes, path.name


# ---------------------------------------------------------------- every shape is proven


def test_every_node_shape_has_a_failing_fixture():
    tested = {e[0] for _, e in all_expectations()}
    untested = set(SHAPES.subjects(RDF.type, SH.NodeShape)) - tested
    assert not untested, f"shapes without a failing fixture: {sorted(untested)}"


def test_every_sparql_constraint_has_a_failing_fixture():
    tested = {e[5] for _, e in all_expectations()}
    untested = set(SHAPES.objects(None, SH.sparql)) - tested
    assert not untested, f"SPARQL constraints without a failing fixture: {sorted(untested)}"


def test_shapes_and_constraints_have_messages():
    shapes = set(SHAPES.subjects(RDF.type, SH.NodeShape)) | set(SHAPES.objects(None, SH.property))
    shapes |= set(SHAPES.objects(None, SH.sparql))
    silent = [s for s in shapes if SHAPES.value(s, SH.message) is None]
    assert not silent, f"shapes without sh:message: {silent}"


# ---------------------------------------------------------------- typos pySHACL would accept


def unknown_classes(shapes: Graph, ontology: Graph) -> set:
    """Targets and sh:class values that are not classes of the ontology."""
    named = {o for p in (SH.targetClass, SH["class"]) for o in shapes.objects(None, p)}
    return {c for c in named if (c, RDF.type, OWL.Class) not in ontology}


def unknown_shacl_terms(shapes: Graph, vocabulary: Graph) -> set:
    """sh: terms that SHACL does not define, and predicates outside SHACL not allowed."""
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef)}
    unknown = {t for t in used if str(t).startswith(str(SH)) and (t, None, None) not in vocabulary}
    others = {p for p in shapes.predicates() if not str(p).startswith(str(SH))} - OTHER_PREDICATES
    return unknown | others


def unknown_paths(shapes: Graph, ontology: Graph) -> set:
    """Property paths naming a kg: property the ontology does not define."""
    paths = {p for p in shapes.objects(None, SH.path) if isinstance(p, URIRef)}
    return {
        p for p in paths
        if not str(p).startswith(OTHER_PATH_NAMESPACES) and (p, RDFS.label, None) not in ontology
    }


def test_target_and_value_classes_exist_in_the_ontology():
    assert unknown_classes(SHAPES, Graph().parse(ONTOLOGY_FILE)) == set()


def test_shapes_use_only_real_shacl_terms():
    assert unknown_shacl_terms(SHAPES, Graph().parse(SHACL_VOCABULARY)) == set()


def test_paths_exist_in_the_ontology():
    assert unknown_paths(SHAPES, Graph().parse(ONTOLOGY_FILE)) == set()


def test_the_typo_checks_catch_typos():
    """The three checks above would fail on a misspelled term, class or property."""
    typo = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kg: <https://example.org/kg/ontology#> .
        kg:S a sh:NodeShape ; sh:targetClass kg:Incidnet ;
            sh:property [ sh:path kg:dat ; sh:minCunt 1 ] .
        """, format="turtle")
    assert unknown_classes(typo, Graph().parse(ONTOLOGY_FILE)) == {KG.Incidnet}
    assert unknown_shacl_terms(typo, Graph().parse(SHACL_VOCABULARY)) == {URIRef(f"{SH}minCunt")}
    assert unknown_paths(typo, Graph().parse(ONTOLOGY_FILE)) == {KG.dat}


# ---------------------------------------------------------------- the SPARQL runs on Oxigraph too


def sparql_prefixes(shapes: Graph) -> str:
    return "".join(
        f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
        for d in shapes.objects(None, SH.declare)
    )


def oxigraph_focus_nodes(query: str, fixture: Path) -> set[URIRef]:
    """The ?this of a constraint or target query run over the whole fixture in Oxigraph."""
    store = pyoxigraph.Store()
    store.load(path=str(fixture), format=pyoxigraph.RdfFormat.TURTLE)
    return {URIRef(s["this"].value) for s in store.query(sparql_prefixes(SHAPES) + query)}


@pytest.mark.parametrize("constraint", sorted(set(SHAPES.objects(None, SH.sparql))), ids=kebab)
def test_sparql_constraint_runs_on_oxigraph(constraint):
    """With $this unbound, a constraint's query finds the same focus nodes in one pass."""
    query = str(SHAPES.value(constraint, SH.select))
    for fixture in {p for p, e in all_expectations() if e[5] == constraint}:
        expected = {e[1] for e in expected_results(Graph().parse(fixture)) if e[5] == constraint}
        assert oxigraph_focus_nodes(query, fixture) == expected, fixture.name


@pytest.mark.parametrize("shape", sorted(set(SHAPES.subjects(SH.target, None))), ids=kebab)
def test_sparql_targets_pick_exactly_the_failing_nodes(shape):
    """A shape whose SPARQL targets are its constraints targets only the nodes that fail."""
    queries = [str(SHAPES.value(t, SH.select)) for t in SHAPES.objects(shape, SH.target)]
    for fixture in FIXTURES:
        expected = {e[1] for e in expected_results(Graph().parse(fixture)) if e[0] == shape}
        found = set().union(*(oxigraph_focus_nodes(q, fixture) for q in queries))
        assert found == expected, fixture.name
