"""Hostile text in the graph: safe IRIs, escaped labels, dumps that every parser reads."""

from __future__ import annotations

import shutil
import subprocess

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli

HOSTILE = 'Ali "the <b>boss</b>" {x} \\ Ахмед \u202eevil\u202c 🙂\u2028next\x07bell'


@pytest.fixture
def hostile_build(tiny_project):
    folder = tiny_project.sources_dir / "police-raid-in-kazan"
    quote = "officers of Russia's National Guard raided a hostel"
    item = {"subject": "person/ali-the-boss", "type": "Person", "label": HOSTILE, "predicate": "role",
            "object": HOSTILE, "kind": "string", "quote": quote}
    (folder / "curation.yaml").write_text(yaml.safe_dump({"add": [item]}, allow_unicode=True), encoding="utf-8")
    build(tiny_project)
    return tiny_project


def count_rdflib(path, fmt):
    if fmt in ("trig", "nquads"):
        dataset = rdflib.Dataset()
        dataset.parse(path, format=fmt)
        return sum(1 for _ in dataset.quads((None, None, None, None)))
    graph = rdflib.Graph()
    graph.parse(path, format=fmt)
    return len(graph)


def test_dumps_reparse_with_equal_counts_in_three_parsers(hostile_build):
    out = hostile_build.out_dir
    quads = sum(1 for _ in ox.parse(path=str(out / "graph.nq")))
    triples = sum(1 for _ in ox.parse(path=str(out / "graph.ttl")))
    assert sum(1 for _ in ox.parse(path=str(out / "graph.trig"))) == quads
    assert sum(1 for _ in ox.parse(path=str(out / "graph.jsonld"))) == triples
    assert count_rdflib(out / "graph.ttl", "turtle") == triples
    assert count_rdflib(out / "graph.nq", "nquads") == quads
    if shutil.which("rapper") is None:
        pytest.skip("Debian's raptor (rapper) is not installed")
    for name, syntax, expected in (("graph.ttl", "turtle", triples), ("graph.nq", "nquads", quads),
                                   ("graph.trig", "trig", quads)):
        run = subprocess.run(["rapper", "-i", syntax, "-c", str(out / name)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert f"returned {expected} " in run.stderr, (name, run.stderr)


def test_the_hostile_label_survives_exactly(hostile_build):
    store = ox.Store.read_only(str(hostile_build.out_dir / "store"))
    labels = {r["l"].value for r in store.query(
        "SELECT ?l WHERE { GRAPH ?g { <https://example.org/kg/id/person/ali-the-boss> "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l } }")}
    assert labels == {HOSTILE}


@pytest.mark.parametrize("subject", ["person/<script>", "person/a b", "../etc/passwd", "person/ä"])
def test_unsafe_iri_paths_are_refused(tiny_project, subject):
    folder = tiny_project.sources_dir / "police-raid-in-kazan"
    (folder / "curation.yaml").write_text(
        f"add:\n  - {{subject: {subject!r}, type: Person, label: X, predicate: role, object: y, kind: string,"
        f" quote: 'raided a hostel'}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(tiny_project.root), "build"])
    assert result.exit_code == 2 and "is not an IRI path" in result.output


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13", "June 2025"])
def test_ill_typed_dates_are_refused(tiny_project, value):
    folder = tiny_project.sources_dir / "police-raid-in-kazan"
    (folder / "curation.yaml").write_text(
        f"add:\n  - {{subject: incident/x, type: Incident, label: X, predicate: date, object: {value!r},"
        f" kind: date, quote: 'raided a hostel'}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(tiny_project.root), "build"])
    assert result.exit_code == 2 and "curation.yaml" in result.output
