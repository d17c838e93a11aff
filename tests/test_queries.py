"""The named queries: a meta-test over every ``queries/*.rq`` (STYLE habit 8), the
column contract of the named queries, parameter binding (and injection attempts),
error reporting, and the three output formats.

Queries run on ``tests/fixtures/tiny.trig``, a hand-written two-source graph; see its
header for what each part of it exercises.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import QueryError
from kg.queries import (
    QueryResult, bind_parameters, format_result, list_queries, load_query, load_store, run_query,
)

REPO = Path(__file__).resolve().parents[1]
QUERIES = REPO / "queries"
FIXTURE = REPO / "tests" / "fixtures" / "tiny.trig"
QUERY_FILES = sorted(QUERIES.glob("*.rq"), key=lambda p: p.stem)
KG = "https://example.org/kg/ontology#"
KGR = "https://example.org/kg/id/"

CONTRACT = {
    "officials": ("official", "post", "agency", "state"),
    "agencies": ("agency", "state", "parent"),
    "notes": ("note", "date", "sender", "recipient", "about"),
    "incidents": ("incident", "date", "place", "detained", "killed", "sources"),
    "laws": ("law", "state", "date", "summary"),
    "meetings": ("meeting", "date", "participants"),
    "timeline": ("date", "event", "type", "sources"),
    "actors": ("actor", "type", "state", "articles"),
    "evidence": ("fact", "source", "quote"),
    "notes-thread": ("note", "date", "act", "act_type", "sender", "recipient", "position"),
    "acts-by-state": ("state", "year", "act_type", "acts"),
}

INJECTIONS = [
    'x" } ; DROP ALL ; #',
    "> } UNION { ?s ?p ?o",
    'x" } UNION { ?s ?p ?o } #',
    "x\\u0022 } UNION { ?s ?p ?o } #",
    "x'} UNION {?s ?p ?o}",
    "https://example.org/x> } UNION { ?s ?p ?o } #",
    "Maria Zakharova\n} UNION { ?s ?p ?o }",
    "true\") || true || (\"",
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return load_store(FIXTURE)


@pytest.fixture(scope="module")
def store_with_ontology() -> ox.Store:
    """The fixture plus ontology and concept schemes in ``kgg:ontology``, as ``kg build`` writes them."""
    s = load_store(FIXTURE)
    graph = ox.NamedNode("https://example.org/kg/graph/ontology")
    for name in ("kg.ttl", "concepts.ttl"):
        s.load(path=str(REPO / "ontology" / name), format=ox.RdfFormat.TURTLE, to_graph=graph)
    return s


def run(store, name, **params):
    return run_query(store, load_query(name, QUERIES), params)


def rows(store, name, **params) -> list[dict]:
    return run(store, name, **params).as_dicts()


# ---------------------------------------------------------------- meta-test over every .rq

def test_there_are_the_named_queries_and_at_least_ten_more():
    names = {q.name for q in list_queries(QUERIES)}
    assert set(CONTRACT) <= names
    assert len(names - set(CONTRACT)) >= 10
    assert len(QUERY_FILES) == len(names)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_has_header_and_parses(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# # ")
    info = load_query(path, QUERIES)
    assert info.name == path.stem
    assert info.title and info.question
    assert info.columns
    assert info.example.startswith(f"kg query {info.name}")
    assert re.search(r"^# Parameters: ", info.text, re.M), "header must say its Parameters, even (none)"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("graph", ["store", "store_with_ontology"])
def test_query_runs_on_fixture_with_header_columns(path, graph, request):
    s = request.getfixturevalue(graph)
    info = load_query(path, QUERIES)
    result = run_query(s, info, {})
    assert result.columns == info.columns
    assert result.rows, f"{info.name} returns nothing on the fixture: the fixture should exercise it"
    assert all(len(r) == len(info.columns) for r in result.rows)
    assert run_query(s, info, {}).rows == result.rows  # deterministic
    assert len(set(result.rows)) == len(result.rows), "duplicate rows: a label read from two graphs?"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_orders_by_every_column(path):
    info = load_query(path, QUERIES)
    text = re.sub(r"(?m)^\s*#.*$", "", info.text)
    tail = text[text.rindex("ORDER BY"):]
    assert "}" not in tail, "the last ORDER BY must be the outer query's"
    ordered = set(re.findall(r"\?(\w+)", tail))
    assert set(info.columns) <= ordered, f"ORDER BY misses {set(info.columns) - ordered}"


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_shows_labels_not_iris(path, store):
    for row in run_query(store, load_query(path, QUERIES), {}).rows:
        for cell in row:
            assert not (isinstance(cell, str) and "example.org/kg/" in cell), cell


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_example_runs(path, store):
    info = load_query(path, QUERIES)
    words = shlex.split(info.example)
    assert words[:3] == ["kg", "query", info.name]
    params = {}
    for i, word in enumerate(words[3:], start=3):
        if word == "--param":
            key, _, value = words[i + 1].partition("=")
            params[key] = value
    assert set(params) <= set(info.parameters)
    assert run_query(store, info, params).rows


@pytest.mark.parametrize("name,columns", CONTRACT.items())
def test_contract_columns(name, columns, store):
    assert load_query(name, QUERIES).columns == columns
    assert run(store, name).columns == columns


def test_list_queries_reads_headers():
    infos = {q.name: q for q in list_queries(QUERIES)}
    assert infos["officials"].title == "Officials"
    assert infos["officials"].parameters == {}
    assert list(infos["evidence"].parameters) == ["entity"]
    assert list(infos["timeline"].parameters) == ["include_background"]
    assert [q.name for q in list_queries(QUERIES)] == sorted(infos)


# ---------------------------------------------------------------- what the queries answer

def test_incidents_keep_each_sources_count(store):
    raid = next(r for r in rows(store, "incidents") if r["incident"] == "Strogino dormitory raid")
    assert raid == {
        "incident": "Strogino dormitory raid", "date": "2025-06-08", "place": "Strogino",
        "detained": "approximately 60; more than 140", "killed": "1", "sources": 2,
    }
    undated = next(r for r in rows(store, "incidents") if r["incident"] == "Mass inspections of foreign workers")
    assert undated["date"] is None and undated["sources"] == 1


def test_meeting_participants_are_sorted_labels(store):
    meeting = next(r for r in rows(store, "meetings") if r["date"] == "2026-01-26")
    assert meeting["participants"] == (
        "Akhror Burkhanov; Maria Zakharova; Ministry of Foreign Affairs of Russia; "
        "Ministry of Foreign Affairs of Uzbekistan; Russia; Uzbekistan")


def test_timeline_leaves_out_background_unless_asked(store):
    default = rows(store, "timeline")
    events = {r["event"] for r in default}
    assert "Crocus City Hall attack" not in events
    assert "Lavrov's visit to Uzbekistan" not in events  # its date evidence has no modality
    assert "Strogino dormitory raid" in events
    dates = [r["date"] for r in default]
    assert dates == sorted(dates)
    with_background = {r["event"] for r in rows(store, "timeline", include_background="true")}
    assert with_background - events == {"Crocus City Hall attack", "Lavrov's visit to Uzbekistan"}
    assert rows(store, "timeline", include_background="false") == default
    assert rows(store, "timeline", include_background="TRUE") == rows(store, "timeline", include_background="true")


def test_acts_by_state_tells_protest_from_concern(store):
    table = {(r["state"], r["act_type"]): r for r in rows(store, "acts-by-state")}
    assert table[("Uzbekistan", "protest-note")]["acts"] == 1
    assert [t for s, t in table if s == "Kyrgyzstan"] == ["expression-of-concern"]
    # the reply has two senders, an official and an agency of Russia: counted once
    assert table[("Russia", "reply-or-acknowledgement")] == {
        "state": "Russia", "year": "2025", "act_type": "reply-or-acknowledgement", "acts": 1}


def test_acts_by_state_uses_concept_labels_when_loaded(store_with_ontology):
    types = {r["act_type"] for r in rows(store_with_ontology, "acts-by-state")}
    assert "protest note" in types and "expression of concern" in types


def test_protests_by_state_counts_only_protests(store):
    assert rows(store, "protests-by-state") == [
        {"state": "Uzbekistan", "protests": 1, "first": "2025-06-10", "last": "2025-06-10"}]


def test_notes_thread_follows_replies_transitively(store):
    thread = rows(store, "notes-thread", note="Uzbek protest note over the Strogino raid")
    assert [(r["position"], r["act"]) for r in thread] == [
        (0, "Uzbek protest note over the Strogino raid"),
        (1, "Russian MFA says it is studying the Uzbek note"),
        (2, "Uzbekistan calls for a transparent review of the raids"),
    ]
    assert thread[1]["sender"] == "Maria Zakharova; Ministry of Foreign Affairs of Russia"
    by_iri = rows(store, "notes-thread", note=KGR + "note/uzbekistan-to-russia-2025-06")
    assert by_iri == thread
    all_notes = rows(store, "notes-thread")
    assert {r["note"] for r in all_notes} == {
        "Uzbek protest note over the Strogino raid", "Uzbek note requesting clarification on the register"}


def test_notes_without_reply(store):
    assert [r["note"] for r in rows(store, "notes-without-reply")] == [
        "Uzbek note requesting clarification on the register"]


def test_laws_date_falls_back_from_in_force_to_adopted_to_deadline(store):
    dates = {(r["law"], r["date"]) for r in rows(store, "laws")}
    assert ("Deadline to legalise stay", "2025-09-10") in dates
    assert ("Migrant Code", None) in dates
    assert ("Register of Controlled Persons", "2025-02-05") in dates
    assert ("Register of Controlled Persons", "2024") in dates  # source B's in-force year


def test_conflicting_counts_name_their_sources(store):
    assert rows(store, "conflicting-counts") == [
        {"incident": "Strogino dormitory raid", "property": "detained", "count": "approximately 60",
         "sources": "Uzbekistan protests Moscow dormitory raid"},
        {"incident": "Strogino dormitory raid", "property": "detained", "count": "more than 140",
         "sources": "Central Asian states react to raids in Russia"},
    ]


def test_single_source_facts_leave_out_facts_two_sources_support(store):
    facts = {r["fact"] for r in rows(store, "single-source-facts")}
    assert "Strogino dormitory raid date 2025-06-08" not in facts
    assert "Strogino dormitory raid detained approximately 60" in facts


def test_actors_count_articles_and_map_states(store):
    actors = {r["actor"]: r for r in rows(store, "actors")}
    assert actors["Uzbekistan"] == {"actor": "Uzbekistan", "type": "State", "state": "Uzbekistan", "articles": 2}
    assert actors["Maria Zakharova"]["state"] == "Russia"
    assert actors["Valentina Chupik"]["state"] is None


def test_measures_filter_by_state(store):
    assert {r["law"] for r in rows(store, "measures", state="Russia")} == {
        "Deadline to legalise stay", "Migrant Code", "Register of Controlled Persons"}
    assert rows(store, "measures", state="Kyrgyzstan") == []
    register = next(r for r in rows(store, "measures") if r["law"] == "Register of Controlled Persons")
    assert register["in_force"] == "2024; 2025-02-05" and register["sources"] == 2


# ---------------------------------------------------------------- parameters

def test_evidence_entity_by_label_alt_label_or_iri(store):
    by_label = rows(store, "evidence", entity="Maria Zakharova")
    assert by_label and all("Maria Zakharova" in r["fact"] for r in by_label)
    assert rows(store, "evidence", entity="maria zakharova") == by_label
    assert rows(store, "evidence", entity="Zakharova") == by_label  # skos:altLabel
    assert rows(store, "evidence", entity=KGR + "official/maria-zakharova") == by_label
    assert len(rows(store, "evidence")) > len(by_label)  # default: every entity
    assert rows(store, "evidence", entity="Nobody At All") == []


def test_iri_parameter_binds_as_named_node_and_anything_else_as_literal():
    text = "SELECT ?x WHERE { VALUES ?param_e { UNDEF } BIND(?param_e AS ?x) }"
    assert "{ <https://example.org/a> }" in bind_parameters(text, {"e": ""}, {"e": "https://example.org/a"})
    assert '{ "https://example.org/a b" }' in bind_parameters(text, {"e": ""}, {"e": "https://example.org/a b"})
    assert '{ "ftp://example.org/a" }' in bind_parameters(text, {"e": ""}, {"e": "ftp://example.org/a"})
    assert bind_parameters(text, {"e": ""}, {}) == text


def test_parameter_works_with_sparql_text(store):
    text = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
            "SELECT ?label WHERE { VALUES ?param_name { UNDEF } ?x rdfs:label ?label . "
            "FILTER(STR(?label) = STR(?param_name)) }")
    assert run_query(store, text, {"name": "Moscow"}).rows == [("Moscow",)]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_is_bound_as_a_harmless_literal(payload, store):
    info = load_query("evidence", QUERIES)
    size = len(store)
    bound = bind_parameters(info.text, info.parameters, {"entity": payload})
    # only the placeholder changed, into one literal that round-trips to the payload
    before, after = info.text.split("{ UNDEF }")
    assert bound.startswith(before) and bound.endswith(after)
    literal = bound[len(before):len(bound) - len(after)]
    solutions = ox.Store().query(f"SELECT ?v WHERE {{ VALUES ?v {literal} }}")
    assert [s["v"].value for s in solutions] == [payload]
    assert run_query(store, info, {"entity": payload}).rows == []
    assert len(store) == size


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_cannot_switch_a_flag_on(payload, store):
    assert rows(store, "timeline", include_background=payload) == rows(store, "timeline")


def test_unknown_parameter_is_refused(store):
    with pytest.raises(QueryError, match="unknown parameter colour; this query takes: entity"):
        run(store, "evidence", colour="red")
    with pytest.raises(QueryError, match="this query takes: none"):
        run(store, "officials", entity="Russia")


# ---------------------------------------------------------------- errors

def write_query(folder: Path, name: str, body: str, params: str = "(none)", columns: str = "?x") -> Path:
    path = folder / f"{name}.rq"
    path.write_text(
        f"# # Broken\n# Question: Does it parse?\n# Columns: {columns}\n# Parameters: {params}\n"
        f"# Example: kg query {name}\n\n{body}", encoding="utf-8")
    return path


def test_malformed_query_reports_file_and_line(tmp_path):
    path = write_query(tmp_path, "broken", "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTER(?o = )\n}\n")
    with pytest.raises(QueryError) as err:
        load_query("broken", tmp_path)
    assert err.value.line == 9
    assert err.value.path == str(path)
    assert f"{path}:9:" in err.value.message


def test_missing_header_is_reported(tmp_path):
    (tmp_path / "bare.rq").write_text("SELECT ?x WHERE { ?x ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError) as err:
        load_query("bare", tmp_path)
    assert err.value.line == 1
    (tmp_path / "bare.rq").write_text("# # Bare\nSELECT ?x WHERE { ?x ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="lacks Question, Columns, Example"):
        load_query("bare", tmp_path)


def test_undeclared_or_unplaced_parameters_are_reported(tmp_path):
    write_query(tmp_path, "undeclared", "SELECT ?x WHERE {\n  ?x ?p ?param_who .\n}\n")
    with pytest.raises(QueryError, match=r"\?param_who is not declared") as err:
        load_query("undeclared", tmp_path)
    assert err.value.line == 8
    write_query(tmp_path, "unplaced", "SELECT ?x WHERE { ?x ?p ?o }\n", params="who (a name)")
    with pytest.raises(QueryError, match=r"no 'VALUES \?param_who \{ UNDEF \}' placeholder"):
        load_query("unplaced", tmp_path)


def test_columns_that_differ_from_the_header_are_reported(tmp_path, store):
    write_query(tmp_path, "liar", "SELECT ?y WHERE { BIND(1 AS ?y) }\n", columns="?x")
    with pytest.raises(QueryError, match="returns columns y but its header says x"):
        run_query(store, load_query("liar", tmp_path), {})


def test_unknown_query_name_lists_the_known_ones():
    with pytest.raises(QueryError) as err:
        load_query("no-such-query", QUERIES)
    assert "unknown query 'no-such-query'" in err.value.message
    assert "officials" in err.value.message and "timeline" in err.value.message


def test_query_file_by_path_and_missing_path(tmp_path):
    assert load_query(QUERIES / "officials.rq", QUERIES).name == "officials"
    with pytest.raises(QueryError, match="no such query file"):
        load_query(tmp_path / "missing.rq", QUERIES)


def test_load_store_missing_file(tmp_path):
    with pytest.raises(QueryError, match="run `kg build` first"):
        load_store(tmp_path / "graph.nq")


# ---------------------------------------------------------------- output formats

RESULT = QueryResult(
    columns=("name", "count", "flag", "note"),
    rows=[("Ташкент", 3, True, None), ('Comma, "quoted"', 12, False, "two\nlines")],
)


def test_format_table():
    assert format_result(RESULT, "table") == (
        "name             count  flag   note\n"
        "---------------  -----  -----  ---------\n"
        "Ташкент          3      true\n"
        'Comma, "quoted"  12     false  two lines\n'
    )


def test_format_csv():
    assert format_result(RESULT, "csv") == (
        "name,count,flag,note\n"
        "Ташкент,3,true,\n"
        '"Comma, ""quoted""",12,false,"two\nlines"\n'
    )


def test_format_json():
    text = format_result(RESULT, "json")
    assert "Ташкент" in text  # ensure_ascii=False
    assert json.loads(text) == [
        {"name": "Ташкент", "count": 3, "flag": True, "note": None},
        {"name": 'Comma, "quoted"', "count": 12, "flag": False, "note": "two\nlines"},
    ]


def test_formats_of_a_real_result_agree(store):
    result = run(store, "officials")
    table = format_result(result, "table").splitlines()
    assert table[0].split() == list(result.columns)
    assert len(table) == len(result.rows) + 2
    assert format_result(result, "csv").splitlines()[0] == ",".join(result.columns)
    assert json.loads(format_result(result, "json")) == result.as_dicts()
    empty = QueryResult(columns=("a", "bb"), rows=[])
    assert format_result(empty, "table") == "a  bb\n-  --\n"
    assert format_result(empty, "json") == "[]\n"
    with pytest.raises(QueryError, match="unknown format 'xml'"):
        format_result(result, "xml")


# ---------------------------------------------------------------- concepts the queries rely on

def test_concepts_used_by_queries_and_fixture_exist():
    g = rdflib.Graph().parse(REPO / "ontology" / "concepts.ttl")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    concepts = {str(c) for c in g.subjects(rdflib.RDF.type, skos.Concept)}
    used = set()
    for path in [*QUERY_FILES, FIXTURE]:
        text = path.read_text(encoding="utf-8")
        for prefix, local in re.findall(r"\b(act|modality|channel):([a-z-]+)", text):
            used.add(f"https://example.org/kg/concept/{prefix}/{local}")
    assert used and used <= concepts, used - concepts
    for scheme, count in (("ActTypes", 11), ("Channels", 6), ("Modalities", 6)):
        members = set(g.subjects(skos.inScheme, rdflib.URIRef(KG + scheme)))
        assert len(members) == count
        for concept in members:
            for prop in (skos.prefLabel, skos.definition, skos.notation):
                assert g.value(concept, prop) is not None, (concept, prop)
    for act_type in g.subjects(skos.inScheme, rdflib.URIRef(KG + "ActTypes")):
        targets = {str(t) for p in (skos.closeMatch, skos.broadMatch, skos.narrowMatch, skos.relatedMatch)
                   for t in g.objects(act_type, p)}
        assert any("/cameo/" in t for t in targets), act_type
        assert any("/plover/" in t for t in targets) or g.value(act_type, skos.editorialNote), act_type
