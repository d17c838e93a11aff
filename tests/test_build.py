"""The builder: outputs, determinism, incremental builds, atomic writes."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.build import OUTPUTS, build
from kg.project import Project
from kg.sources import load_sources

from conftest import REPO, copy_project


def output_bytes(project: Project) -> dict[str, bytes]:
    return {name: (project.out_dir / name).read_bytes() for name in [*OUTPUTS, "manifest.json"]}


def test_build_writes_every_output(tiny_project):
    result = build(tiny_project)
    for name in [*OUTPUTS, "manifest.json"]:
        assert (tiny_project.out_dir / name).stat().st_size > 0, name
    assert result.sources == 2 and result.quads > result.triples > 0
    dataset = ox.Dataset(ox.parse(path=str(tiny_project.out_dir / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    graphs = {str(q.graph_name.value) for q in dataset}
    assert graphs == {"https://example.org/kg/graph/police-raid-in-kazan",
                      "https://example.org/kg/graph/kyrgyz-note-on-kazan-raid",
                      "https://example.org/kg/graph/ontology"}


def test_every_dump_parses_to_the_same_triples(tiny_project):
    build(tiny_project)
    out = tiny_project.out_dir
    def triples(name):
        return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(out / name))}

    expected = triples("graph.nq")
    for name in ("graph.ttl", "graph.jsonld", "graph.trig"):
        assert triples(name) == expected, name


def test_two_builds_are_byte_identical(tiny_project, tmp_path):
    build(tiny_project)
    first = output_bytes(tiny_project)
    shutil.rmtree(tiny_project.out_dir)
    build(tiny_project)
    assert output_bytes(tiny_project) == first


def test_same_event_in_two_sources_gets_one_iri(tiny_project):
    build(tiny_project)
    store = ox.Store.read_only(str(tiny_project.out_dir / "store"))
    rows = list(store.query(
        "SELECT ?g WHERE { GRAPH ?g { ?i a <https://example.org/kg/ontology#Incident> } }"))
    assert len(rows) == 2 and len({r["g"] for r in rows}) == 2
    assert len({r["i"] for r in store.query(
        "SELECT DISTINCT ?i WHERE { GRAPH ?g { ?i a <https://example.org/kg/ontology#Incident> } }")}) == 1


def test_incremental_build_reuses_unchanged_sources_and_matches_full(corpus_project, tmp_path):
    build(corpus_project)
    changed = sorted(corpus_project.sources_dir.iterdir())[0]
    text = changed / "article.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nKyrgyzstan's Foreign Ministry urged Russia to act.\n",
                    encoding="utf-8")
    result = build(corpus_project)
    assert result.extracted == [changed.name]
    assert len(result.reused) == len(load_sources(corpus_project.sources_dir)) - 1
    incremental = output_bytes(corpus_project)
    full = Project.at(corpus_project.root, tmp_path / "full")
    build(full)
    assert output_bytes(full) == incremental


def test_adding_a_source_needs_no_code_change(tiny_project):
    build(tiny_project)
    before = (tiny_project.out_dir / "graph.nq").read_bytes()
    folder = tiny_project.sources_dir / "new-article"
    folder.mkdir()
    (folder / "article.txt").write_text("Tajikistan's Foreign Ministry urged Russia to respect migrants.\n")
    (folder / "meta.yaml").write_text("title: New article\npublished: 2025-04-01\n")
    result = build(tiny_project)
    assert result.extracted == ["new-article"]
    after = (tiny_project.out_dir / "graph.nq").read_text()
    assert after != before.decode() and "graph/new-article" in after


def test_builds_are_identical_across_hash_seeds(tiny_project, tmp_path):
    outs = []
    for seed in ("0", "12345"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "kg", "--root", str(tiny_project.root), "--out", str(out), "build",
                        "--quiet"], check=True, env=env, cwd=REPO)
        outs.append(out)
    for name in OUTPUTS:
        assert filecmp.cmp(outs[0] / name, outs[1] / name, shallow=False), name


def test_a_failed_build_leaves_previous_outputs_whole(tiny_project):
    build(tiny_project)
    before = output_bytes(tiny_project)
    (tiny_project.sources_dir / "police-raid-in-kazan" / "meta.yaml").write_text("title: [unclosed\n")
    with pytest.raises(Exception):
        build(tiny_project)
    assert output_bytes(tiny_project) == before
    assert not [p for p in tiny_project.out_dir.iterdir() if ".tmp-" in p.name]


def test_every_fact_quote_is_the_stored_text_at_its_offsets(built_corpus):
    store = ox.Store.read_only(str(built_corpus.out_dir / "store"))
    texts = {s.id: s.text for s in load_sources(built_corpus.sources_dir)}
    rows = list(store.query("""
        PREFIX kg: <https://example.org/kg/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?id ?quote ?start ?end WHERE { GRAPH ?g {
          ?e kg:quote ?quote ; kg:start ?start ; kg:end ?end ; prov:wasDerivedFrom ?a .
          ?a dcterms:identifier ?id } }"""))
    assert rows
    for r in rows:
        assert texts[r["id"].value][int(r["start"].value):int(r["end"].value)] == r["quote"].value
