"""Routing of queries between the named-graph store and the merged store (kg.buildstore)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.buildstore import BuildStore, uses_graph_keyword

EX = "urn:x:"


@pytest.mark.parametrize("query, expected", [
    ("SELECT * { GRAPH ?g { ?s ?p ?o } }", True),
    ("select * {graph<urn:g>{?s ?p ?o}}", True),
    ("SELECT * FROM NAMED <urn:g> { GRAPH <urn:g> { ?s ?p ?o } }", True),
    ("SELECT * { ?s <urn:x#graph> ?o . GRAPH ?g { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p 'it''s' . GRAPH ?g { } }", True),
    ("SELECT ?graph { ?graph a ?c }", False),
    ("# every evidence node of the graph\nSELECT * { ?s ?p ?o }", False),
    ("SELECT * { ?s kgg:graph \"a graph\" }", False),
    ("PREFIX graph: <urn:x#>\nSELECT * { ?s graph:p ?o }", False),
    ('SELECT * { ?s ?p """GRAPH\n""" }', False),
    ("SELECT * { ?s <urn:graph> ?o FILTER(?o < 3) }", False),
])
def test_graph_keyword(query, expected):
    assert uses_graph_keyword(query) is expected


WORDS = st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=40)


@given(comment=WORDS, graph=st.booleans())
def test_comments_never_decide(comment, graph):
    body = "SELECT * { GRAPH ?g { ?s ?p ?o } }" if graph else "SELECT * { ?s ?p ?o }"
    assert uses_graph_keyword(f"# {comment}\n{body}\n# {comment}") is graph


@given(text=WORDS)
def test_strings_never_decide(text):
    literal = text.replace("\\", "\\\\").replace('"', '\\"')
    assert not uses_graph_keyword(f'SELECT * {{ ?s ?p "{literal}" }}')


def test_union_queries_run_on_the_merged_graph():
    s, p = ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p")
    graphs, merged = ox.Store(), ox.Store()
    graphs.add(ox.Quad(s, p, ox.Literal("named"), ox.NamedNode(EX + "g")))
    merged.add(ox.Quad(s, p, ox.Literal("merged"), ox.DefaultGraph()))
    store = BuildStore(graphs, merged)

    def value(query):
        return [row[0].value for row in store.query(query, use_default_graph_as_union=True)]

    # a comment that says "graph" must not send the query to the slower union of named graphs
    assert value("# one graph\nSELECT ?o { ?s ?p ?o }") == ["merged"]
    assert value("SELECT ?o { GRAPH ?g { ?s ?p ?o } }") == ["named"]
    assert [row[0].value for row in store.query("SELECT ?o { ?s ?p ?o }")] == []  # no union asked: default graph
