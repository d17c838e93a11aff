"""kg.validation: the report as data and as text, its verdict, and its errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH

from kg.errors import KgError, ShapeLoadError
from kg.validation import Finding, validate

ROOT = Path(__file__).resolve().parent.parent
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"

PREFIXES = """\
@base <https://example.org/kg/id/> .
@prefix kg:      <https://example.org/kg/ontology#> .
@prefix mod:     <https://example.org/kg/concept/modality/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

ARTICLE = """
<source/russia-responds-to-uzbekistans-concerns-over> a kg:Article ;
    dcterms:title "Russia Responds to Uzbekistan’s Concerns Over Police Treatment of Migrants" ;
    dcterms:issued "2025-06"^^xsd:gYearMonth .
"""

# The raid is dated after the article that reports it; Russia has no name; the meeting
# has one participant (a warning).
MIXED = ARTICLE + """
<incident/raid-strogino-2025-07> a kg:Incident ;
    rdfs:label "Raid in Strogino, Moscow" ;
    kg:date "2025-07-01"^^xsd:date .
<evidence/russia-responds-to-uzbekistans-concerns-over/a1> a kg:Evidence ;
    rdf:subject <incident/raid-strogino-2025-07> ; rdf:predicate rdf:type ; rdf:object kg:Incident ;
    kg:quote "police raided a dormitory in Strogino" ; kg:start 100 ; kg:end 137 ;
    prov:wasDerivedFrom <source/russia-responds-to-uzbekistans-concerns-over> .
<state/russia> a kg:State .
<meeting/2025-06-20-russia> a kg:Meeting ;
    rdfs:label "Anti-migrant rally" ;
    kg:date "2025-06-20"^^xsd:date ;
    kg:participant <state/russia> .
"""


def write(tmp_path: Path, body: str, name: str = "data.ttl") -> Path:
    path = tmp_path / name
    path.write_text(PREFIXES + body, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the report as text


def test_report_text_is_one_sorted_line_per_finding_and_a_summary(tmp_path):
    result = validate(write(tmp_path, MIXED), SHAPES_FILE)
    assert result.text.splitlines() == [
        'Violation: Incident "Raid in Strogino, Moscow" — kg:date: Date 2025-07-01 is after the article'
        " that reports it (russia-responds-to-uzbekistans-concerns-over, published 2025-06): nothing can be"
        " reported before it happens (source: russia-responds-to-uzbekistans-concerns-over)",
        'Violation: State "russia" — rdfs:label: State needs exactly one name (rdfs:label) in plain text;'
        " other names belong in skos:altLabel",
        'Warning: Meeting "Anti-migrant rally" — kg:participant: Meeting has fewer than two participants:'
        " the articles do not say who met whom",
        "2 violations, 1 warning",
    ]


def test_findings_sort_by_severity_then_label_then_path_then_message():
    def finding(severity, label, path="", message="m"):
        return Finding(severity, f"urn:{label}", label, "State", path, message, None, ())

    shuffled = [finding("Warning", "A"), finding("Violation", "B", "kg:z"), finding("Violation", "B", "kg:a"),
                finding("Info", "A"), finding("Violation", "B", "kg:a", "a"), finding("Violation", "A")]
    ordered = sorted(shuffled, key=Finding.sort_key)
    assert [(f.severity, f.focus_label, f.path, f.message) for f in ordered] == [
        ("Violation", "A", "", "m"), ("Violation", "B", "kg:a", "a"), ("Violation", "B", "kg:a", "m"),
        ("Violation", "B", "kg:z", "m"), ("Warning", "A", "", "m"), ("Info", "A", "", "m"),
    ]


def test_the_text_does_not_depend_on_the_order_of_the_data(tmp_path):
    """The same triples in reverse order give the same text."""
    lines = Graph().parse(write(tmp_path, MIXED)).serialize(format="nt").strip().splitlines()
    forward, backward = tmp_path / "forward.nt", tmp_path / "backward.nt"
    forward.write_text("\n".join(lines) + "\n", encoding="utf-8")
    backward.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    assert validate(forward, SHAPES_FILE).text == validate(backward, SHAPES_FILE).text


def test_a_line_without_path_class_or_source():
    finding = Finding("Violation", "urn:x", "x", "", "", "Something is wrong", None, ())
    assert finding.line == 'Violation: "x" — Something is wrong'


# ---------------------------------------------------------------- the report as data


def test_finding_fields(tmp_path):
    result = validate(write(tmp_path, MIXED), SHAPES_FILE)
    raid = result.results[0]
    assert raid == Finding(
        severity="Violation",
        focus="https://example.org/kg/id/incident/raid-strogino-2025-07",
        focus_label="Raid in Strogino, Moscow",
        focus_class="Incident",
        path="kg:date",
        message=raid.message,
        value="2025-07-01",
        sources=("russia-responds-to-uzbekistans-concerns-over",),
    )
    assert result.count("Violation") == 2 and result.count("Warning") == 1
    assert (None, RDF.type, SH.ValidationReport) in result.report_graph
    assert len(set(result.report_graph.subjects(RDF.type, SH.ValidationResult))) == 3


def test_label_falls_back_to_the_last_segment_of_the_iri(tmp_path):
    result = validate(write(tmp_path, "<official/akhror-burkhanov> a kg:Official ; kg:post 7 ."), SHAPES_FILE)
    assert {f.focus_label for f in result.results} == {"akhror-burkhanov"}


def test_sources_come_from_evidence_mentions_and_derivation(tmp_path):
    body = ARTICLE + """
<source/russification-creates-migration> a kg:Article ;
    dcterms:title "Russification Creates Migration" ; dcterms:issued "2025-06-12"^^xsd:date ;
    kg:mentions <incident/raid-strogino> .
<incident/raid-strogino> a kg:Incident ; rdfs:label "Raid in Strogino, Moscow" .
<evidence/russia-responds-to-uzbekistans-concerns-over/e1> a kg:Evidence ;
    rdf:subject <incident/raid-strogino> ; rdf:predicate rdf:type ; rdf:object kg:Incident ;
    kg:quote "police raided a dormitory in Strogino" ; kg:start 100 ; kg:end 137 ;
    kg:modality mod:rumoured ;
    prov:wasDerivedFrom <source/russia-responds-to-uzbekistans-concerns-over> .
<source/undated> a kg:Article ; dcterms:title "Undated" .
"""
    sources = {f.focus_label: f.sources for f in validate(write(tmp_path, body), SHAPES_FILE).results}
    assert sources == {
        # the incident: by its evidence and by the other article's kg:mentions
        "Raid in Strogino, Moscow": ("russia-responds-to-uzbekistans-concerns-over", "russification-creates-migration"),
        # an evidence node: the article it derives from
        "e1": ("russia-responds-to-uzbekistans-concerns-over",),
        # an article: itself
        "undated": ("undated",),
    }


# ---------------------------------------------------------------- the verdict


def test_a_violation_breaks_conformance(tmp_path):
    result = validate(write(tmp_path, "<state/russia> a kg:State ."), SHAPES_FILE)
    assert result.conforms is False
    assert result.text.endswith("1 violation, 0 warnings")


def test_warnings_alone_do_not_break_conformance(tmp_path):
    result = validate(write(tmp_path, '<official/x> a kg:Official ; rdfs:label "Akhror Burkhanov" .'), SHAPES_FILE)
    assert result.conforms is True
    assert [f.severity for f in result.results] == ["Warning"]
    assert result.text.endswith("0 violations, 1 warning")


def test_an_empty_graph_conforms():
    result = validate(Graph(), SHAPES_FILE)
    assert (result.conforms, result.results, result.text) == (True, [], "0 violations, 0 warnings")


# ---------------------------------------------------------------- the data: the union of the named graphs

# The agency's type and name are in one source's graph and its state in another's:
# only the union satisfies AgencyShape.
TRIG = """
<https://example.org/kg/graph/a> {
    <agency/uzbekistan/embassy-in-russia> a kg:Agency ; rdfs:label "Embassy of Uzbekistan in Moscow" .
}
<https://example.org/kg/graph/b> {
    <agency/uzbekistan/embassy-in-russia> kg:state <state/uzbekistan> .
    <state/uzbekistan> a kg:State ; rdfs:label "Uzbekistan" .
}
"""


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own TriG parser
def test_named_graphs_are_validated_as_one_union(tmp_path):
    trig = write(tmp_path, TRIG, "graph.trig")
    assert validate(trig, SHAPES_FILE).conforms is True
    dataset = Dataset().parse(trig, format="trig")
    nquads = tmp_path / "graph.nq"
    dataset.serialize(nquads, format="nquads")
    assert validate(nquads, SHAPES_FILE).conforms is True
    assert validate(dataset, SHAPES_FILE).conforms is True
    # Graph b alone lacks the agency's type, graph a alone its state.
    graph_a = dataset.graph(URIRef("https://example.org/kg/graph/a"))
    assert validate(graph_a, SHAPES_FILE).conforms is False


def test_validate_leaves_the_given_graph_alone(tmp_path):
    graph = Graph().parse(write(tmp_path, MIXED))
    before = len(graph)
    validate(graph, SHAPES_FILE)
    assert len(graph) == before


# ---------------------------------------------------------------- errors


def test_broken_shapes_raise_shape_load_error_with_the_line(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n\n<urn:s> a sh:NodeShape ;\n  sh:property [\n")
    with pytest.raises(ShapeLoadError) as raised:
        validate(Graph(), shapes)
    assert raised.value.path == str(shapes)
    assert raised.value.line is not None and raised.value.reason.startswith("not valid Turtle")


def test_shapes_that_are_not_valid_shacl_raise_shape_load_error(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        '<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:minCount "one" ] .\n'
    )
    with pytest.raises(ShapeLoadError, match="minCount.*https://www.w3.org/TR/shacl/"):
        validate(Graph().parse(data="<urn:x> a <urn:C> .", format="turtle"), shapes)


def test_a_sparql_constraint_that_cannot_run_raises_shape_load_error(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        '<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:sparql [ sh:message "m" ;\n'
        '  sh:select "SELECT $this WHERE { $this <urn:p> ?x . VALUES ?x { 1 } }" ] .\n'
    )
    with pytest.raises(ShapeLoadError, match="VALUES"):
        validate(Graph().parse(data="<urn:x> a <urn:C> .", format="turtle"), shapes)


def test_missing_shapes_raise_shape_load_error(tmp_path):
    with pytest.raises(ShapeLoadError, match="not found"):
        validate(Graph(), tmp_path / "nowhere.ttl")


def test_an_unreadable_graph_raises_kg_error_not_shape_load_error(tmp_path):
    bad = tmp_path / "graph.nq"
    bad.write_text('<urn:a> <urn:b> "unterminated .\n')
    with pytest.raises(KgError) as raised:
        validate(bad, SHAPES_FILE)
    assert not isinstance(raised.value, ShapeLoadError)
    assert raised.value.reason.startswith("cannot read the graph")
    with pytest.raises(KgError, match="not found"):
        validate(tmp_path / "missing.nq", SHAPES_FILE)
    with pytest.raises(KgError, match="use .nq, .trig, .ttl, .nt"):
        validate(write(tmp_path, "{}", "graph.jsonld"), SHAPES_FILE)
