"""The site builder's hand-written RDF and JSON text: N-Triples terms and JSON-LD, against pyoxigraph and json."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.publishing.model import PublishError, SiteGraph
from kg.publishing.rdfdocs import dumps, to_jsonld, to_ntriples
from kg.publishing.terms import literal, parts, split_nquad, value

BASE = "https://example.org/kg/"
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
LANGS = st.sampled_from([None, "en", "ru", "ky-Cyrl"])
DATATYPES = st.sampled_from([None, "http://www.w3.org/2001/XMLSchema#string", "http://www.w3.org/2001/XMLSchema#date",
                             "https://example.org/kg/ontology#code"])


@settings(max_examples=300, deadline=None)
@given(TEXT, LANGS, DATATYPES)
def test_literals_are_written_and_read_as_pyoxigraph_does(text, lang, datatype):
    term = ox.Literal(text, language=lang) if lang else ox.Literal(
        text, datatype=ox.NamedNode(datatype) if datatype else None)
    mine = literal(text, datatype=None if lang else datatype, lang=lang)
    assert mine == str(term)
    assert parts(mine) == (text, lang.lower() if lang else None, term.datatype.value if not lang else None)
    assert value(mine) == text


@settings(max_examples=200, deadline=None)
@given(TEXT, st.booleans())
def test_nquads_lines_split_into_their_terms(text, in_graph):
    quad = ox.Quad(ox.NamedNode(BASE + "id/x"), ox.NamedNode(BASE + "ontology#p"), ox.Literal(text),
                   ox.NamedNode(BASE + "graph/g") if in_graph else ox.DefaultGraph())
    line = ox.serialize([quad], format=ox.RdfFormat.N_QUADS).decode()
    s, p, o, g = split_nquad(line)
    assert (s, p, o) == (str(quad.subject), str(quad.predicate), str(quad.object))
    assert g == (str(quad.graph_name) if in_graph else "")


JSON = st.recursive(TEXT, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(JSON, st.booleans())
def test_indented_json_is_what_json_dumps_writes(obj, sort_keys):
    assert dumps(obj, sort_keys=sort_keys) == json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=sort_keys)


def test_documents_parse_back_to_their_triples():
    triples = [(f"<{BASE}id/a>", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", f"<{BASE}ontology#Note>"),
               (f"<{BASE}id/a>", "<http://www.w3.org/2000/01/rdf-schema#label>", literal('say "hi"\n', lang="en")),
               (f"<{BASE}id/a>", f"<{BASE}ontology#date>",
                literal("2025-03-06", "http://www.w3.org/2001/XMLSchema#date")),
               ("_:b1", f"<{BASE}ontology#about>", f"<{BASE}id/a>")]
    expected = {" ".join(t) for t in triples}
    nt = to_ntriples(triples)
    assert {str(t) for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)} == expected
    doc = to_jsonld(triples, {"kg": BASE + "ontology#", "kgr": BASE + "id/"})
    parsed = list(ox.parse(doc, format=ox.RdfFormat.JSON_LD))
    assert len(parsed) == 4 and {str(q.triple) for q in parsed if not isinstance(q.subject, ox.BlankNode)} == {
        t for t in expected if not t.startswith("_:")}


def test_two_resources_for_one_file_are_refused():
    """``id/x%41`` and ``id/xA`` would both be published as ``id/xA.html``."""
    quads = [(f"<{BASE}id/x%41>", "<http://www.w3.org/2000/01/rdf-schema#label>", '"one"', f"<{BASE}graph/g>"),
             (f"<{BASE}id/xA>", "<http://www.w3.org/2000/01/rdf-schema#label>", '"two"', f"<{BASE}graph/g>")]
    with pytest.raises(PublishError, match="same file"):
        SiteGraph(quads)


def test_the_graph_is_rebased_term_by_term():
    quads = [(f"<{BASE}id/a>", f"<{BASE}ontology#quote>", f'"see {BASE}id/a"', f"<{BASE}graph/g>")]
    g = SiteGraph(quads, "https://data.example.net/")
    assert g.out["<https://data.example.net/id/a>"] == [
        ("<https://data.example.net/id/a>", "<https://data.example.net/ontology#quote>", f'"see {BASE}id/a"')]
    assert g.graphs == ["<https://data.example.net/graph/g>"] and g.quads == g.triples == 1
