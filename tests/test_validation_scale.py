"""Issue 6: validation that scales gives pySHACL's results; builds that scale give the same bytes.

The fast validation engine (SPARQL on Oxigraph, :mod:`kg.shacl`) must report exactly
what pySHACL reports over the whole graph: the same (focus, path, severity, message)
on the corpus, on a synthetic corpus, on copies of it broken on purpose, and after
an incremental build and an incremental validation. The streaming build must write
what one whole-graph serialisation writes, in parallel as serially.
"""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.bench.corpus import generate
from kg.bench.run import change_one_article
from kg.build import OUTPUTS, build
from kg.namespaces import DCTERMS, KG, KGG, KGR, PREFIXES, RDF, RDFS, XSD
from kg.project import Project
from kg.queries import list_queries, load_query, run_query
from kg.stats import open_store
from kg.validation import validate

from conftest import REPO, copy_project

SHAPES = REPO / "ontology" / "shapes.ttl"
NAMES = [*OUTPUTS, "manifest.json"]


def keys(result) -> set[tuple]:
    return {(f.focus, f.path, f.severity, f.message) for f in result.results}


def assert_same_as_pyshacl(data) -> set[tuple]:
    fast = validate(data, SHAPES, engine="oxigraph")
    slow = validate(data, SHAPES, engine="pyshacl")
    assert fast.info["engine"] == "oxigraph" and slow.info["engine"] == "pyshacl"
    assert keys(fast) == keys(slow)
    assert fast.text == slow.text
    assert fast.conforms == slow.conforms
    return keys(fast)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Project:
    """A built synthetic corpus of 30 articles."""
    root = tmp_path_factory.mktemp("synthetic") / "p"
    generate(root / "sources", 30, seed=3)
    shutil.copytree(REPO / "ontology", root / "ontology")
    shutil.copytree(REPO / "queries", root / "queries")
    project = Project.at(root)
    build(project)
    return project


def quads(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def write(path: Path, data) -> Path:
    path.write_bytes(ox.serialize(sorted(data, key=str), format=ox.RdfFormat.N_QUADS))
    return path


def iri(local: str) -> ox.NamedNode:
    return ox.NamedNode(local)


def first(data, predicate: str, cls: str | None = None):
    """The first quad (in sort order) with this predicate, about an instance of ``cls``."""
    typed = {q.subject for q in data if q.predicate.value == RDF + "type" and cls and q.object.value == KG + cls}
    return sorted((q for q in data if q.predicate.value == predicate and (cls is None or q.subject in typed)),
                  key=str)[0]


# ---------------------------------------------------------------- the fast path equals pySHACL


def test_same_results_as_pyshacl_on_the_corpus(built_corpus):
    assert_same_as_pyshacl(built_corpus.out_dir / "graph.nq")


def test_same_results_as_pyshacl_on_a_synthetic_corpus(synthetic):
    found = assert_same_as_pyshacl(synthetic.out_dir / "graph.nq")
    assert found, "the synthetic corpus has some findings (undated events at least)"


def test_same_results_as_pyshacl_on_broken_copies(synthetic, tmp_path):
    """Each copy breaks the graph in several ways; each way must be reported, as pySHACL does."""
    data = quads(synthetic.out_dir / "graph.nq")
    label = first(data, RDFS + "label", "State")
    date = first(data, KG + "date", "Incident")
    end = first(data, KG + "end")
    issued = first(data, DCTERMS + "issued")
    state = first(data, KG + "state", "Agency")
    other = ox.NamedNode(KGG + "other-source")
    xsd = lambda t: ox.NamedNode(XSD + t)  # noqa: E731
    copies = {
        # a label removed from every graph; a second label; a date later than the article
        "labels-and-dates": [q for q in data if (q.subject, q.predicate) != (label.subject, label.predicate)] + [
            ox.Quad(date.subject, date.predicate, ox.Literal("2999-01-01", datatype=xsd("date")), date.graph_name),
            ox.Quad(end.subject, ox.NamedNode(RDFS + "label"), ox.Literal("a name"), end.graph_name),
            ox.Quad(end.subject, ox.NamedNode(RDFS + "label"), ox.Literal("another name"), end.graph_name),
        ],
        # a quote whose offsets do not match; an impossible day; an article with two dates
        "offsets-and-types": [q for q in data if q != end] + [
            ox.Quad(end.subject, end.predicate, ox.Literal(str(int(end.object.value) + 3), datatype=xsd("integer")),
                    end.graph_name),
            ox.Quad(date.subject, date.predicate, ox.Literal("2025-02-30", datatype=xsd("date")), date.graph_name),
            ox.Quad(issued.subject, issued.predicate, ox.Literal("2020", datatype=xsd("gYear")), issued.graph_name),
            ox.Quad(end.subject, ox.NamedNode(KG + "start"), ox.Literal("abc"), end.graph_name),
        ],
        # the agency's state moved to another source's graph (fine: the union has it), a state
        # that is no State, a fact dropped while its evidence stays
        "cross-source": [q for q in data if q != state and (q.subject, q.predicate, q.object) != (
            date.subject, date.predicate, date.object)] + [
            ox.Quad(state.subject, state.predicate, state.object, other),
            ox.Quad(state.subject, state.predicate, date.subject, other),
        ],
    }
    for name, mutated in copies.items():
        found = assert_same_as_pyshacl(write(tmp_path / f"{name}.nq", mutated))
        assert found != keys(validate(synthetic.out_dir / "graph.nq", SHAPES)), name


def test_same_results_as_pyshacl_after_incremental_build_and_validation(tmp_path):
    """Validate, change one article, rebuild and validate again: the incremental result is
    the full one (pySHACL over the whole graph)."""
    root = tmp_path / "p"
    generate(root / "sources", 24, seed=5)
    shutil.copytree(REPO / "ontology", root / "ontology")
    project = Project.at(root)
    build(project)
    first_run = validate(project.out_dir / "graph.nq", SHAPES)
    assert first_run.info["mode"] == "full"
    changed = change_one_article(project.sources_dir)
    result = build(project)
    assert result.extracted == [changed] and result.store == "incremental"
    second = validate(project.out_dir / "graph.nq", SHAPES)
    assert second.info["mode"] == "incremental"
    assert second.info["focus"] < 200, "only what the changed article touches is checked again"
    assert "all" not in second.info["sparql_focus"].values(), "SPARQL constraints are incremental too"
    copy = tmp_path / "copy.nq"
    shutil.copyfile(project.out_dir / "graph.nq", copy)  # not a build's graph: validated from scratch
    assert keys(second) == assert_same_as_pyshacl(copy)
    assert second.text == validate(copy, SHAPES).text
    # an article now dated before what it reports: SPARQL-based violations appear, incrementally
    folder = sorted(project.sources_dir.iterdir())[3]
    text = folder / "article.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nOn March 3, 2024, police raided a hostel in Kazan, "
                    "detaining 12 Uzbek citizens.\n", encoding="utf-8")
    meta = (folder / "meta.yaml").read_text(encoding="utf-8")
    (folder / "meta.yaml").write_text(re.sub(r"published: .*", "published: '2020-01-01'", meta), encoding="utf-8")
    build(project)
    third = validate(project.out_dir / "graph.nq", SHAPES)
    assert third.info["mode"] == "incremental"
    shutil.copyfile(project.out_dir / "graph.nq", copy)
    assert keys(third) == assert_same_as_pyshacl(copy)
    assert any("is after the article" in k[3] for k in keys(third) - keys(second))


# ---------------------------------------------------------------- builds at scale


def outputs(project: Project) -> dict[str, bytes]:
    return {name: (project.out_dir / name).read_bytes() for name in NAMES}


def test_serial_and_parallel_extraction_give_identical_outputs(tmp_path):
    generate(tmp_path / "sources", 20, seed=11)
    serial = copy_project(tmp_path / "sources", tmp_path / "serial")
    parallel = copy_project(tmp_path / "sources", tmp_path / "parallel")
    one = build(serial, jobs=1)
    two = build(parallel, jobs=2)
    assert len(one.extracted) == len(two.extracted) == 20
    assert outputs(serial) == outputs(parallel)


def test_outputs_equal_one_whole_graph_serialisation(synthetic):
    """The outputs assembled from per-source packs are what serialising the sorted graph writes."""
    out = synthetic.out_dir
    data = quads(out / "graph.nq")
    ordered = sorted(data, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in data},
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    expected = {
        "graph.nq": ox.serialize(ordered, format=ox.RdfFormat.N_QUADS),
        "graph.trig": ox.serialize(ordered, format=ox.RdfFormat.TRIG, prefixes=PREFIXES),
        "graph.ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        "graph.jsonld": ox.serialize(triples, format=ox.RdfFormat.JSON_LD),
    }
    for name, data in expected.items():
        assert (out / name).read_bytes() == data, name


def test_a_curated_fact_about_another_sources_evidence_keeps_the_merge_exact(tiny_project):
    """A subject under another source's own prefix moves that source's block to the shared part."""
    build(tiny_project)
    evidence = next(q.subject.value for q in quads(tiny_project.out_dir / "graph.nq")
                    if q.subject.value.startswith(KGR + "evidence/kyrgyz-note-on-kazan-raid/"))
    key = evidence[len(KGR):]
    (tiny_project.sources_dir / "police-raid-in-kazan" / "curation.yaml").write_text(
        f"add:\n  - {{subject: {key}, type: Person, label: X, predicate: role, object: witness, kind: string,"
        f" quote: 'raided a hostel'}}\n", encoding="utf-8")
    build(tiny_project)
    out = tiny_project.out_dir
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads(out / "graph.nq")},
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    assert (out / "graph.ttl").read_bytes() == ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    assert (out / "graph.jsonld").read_bytes() == ox.serialize(triples, format=ox.RdfFormat.JSON_LD)


def test_incremental_build_of_a_synthetic_corpus_matches_a_full_one(synthetic, tmp_path):
    project = copy_project(synthetic.sources_dir, tmp_path / "inc")
    build(project)
    changed = change_one_article(project.sources_dir)
    result = build(project)
    assert result.extracted == [changed] and result.graphs_written == [changed]
    full = copy_project(project.sources_dir, tmp_path / "full")
    build(full)
    for name in NAMES:
        assert filecmp.cmp(project.out_dir / name, full.out_dir / name, shallow=False), name
    # the stores were patched in place, and hold what a fresh build's stores hold
    for store in ("store", "merged"):
        patched = {str(q) for q in ox.Store.read_only(str(project.out_dir / store))}
        fresh = {str(q) for q in ox.Store.read_only(str(full.out_dir / store))}
        assert patched == fresh, store


def test_union_queries_see_each_triple_once(synthetic):
    """Oxigraph's union default graph repeats a triple once per graph holding it; the build's
    store answers union queries from the merged graph, with SPARQL's set semantics."""
    store = open_store(synthetic.out_dir)
    query = f"SELECT ?l WHERE {{ <{KGR}state/russia> <{RDFS}label> ?l }}"
    assert len(list(store.query(query, use_default_graph_as_union=True))) == 1
    raw = ox.Store.read_only(str(synthetic.out_dir / "store"))
    assert len(list(raw.query(query, use_default_graph_as_union=True))) > 1


def test_named_queries_give_the_same_rows_on_the_merged_graph(built_corpus):
    """Every named query gives the same distinct rows on the merged graph as on the union.

    (On the 30-article synthetic corpus the union takes minutes: the repeats multiply.)
    """
    store = open_store(built_corpus.out_dir)
    raw = ox.Store.read_only(str(built_corpus.out_dir / "store"))
    for header in list_queries(built_corpus.queries_dir):
        info = load_query(header.name, built_corpus.queries_dir)
        bag = {tuple(r) for r in run_query(raw, info).rows}
        assert {tuple(r) for r in run_query(store, info).rows} == bag, info.name
