"""``kg push``: the graph, graph by graph, into a real Oxigraph server (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.errors import KgError
from kg.publishing.push import push
from kg.stats import open_store

from conftest import TINY, copy_project

SELECT = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?g ?s ?label WHERE { GRAPH ?g { ?s rdfs:label ?label } } ORDER BY ?g ?s ?label"""


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(TINY / "sources", tmp_path_factory.mktemp("push") / "tiny")
    build(project)
    return project


@pytest.fixture
def oxigraph(tmp_path):
    """A real `oxigraph serve` on 127.0.0.1 and a free port, with its data in tmp_path."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "oxigraph"),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=2).close()
                break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph serve did not start: {process.stderr.read().decode()[:500]}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def remote_select(url: str, query: str) -> list[tuple]:
    request = urllib.request.Request(url + "query", data=query.encode(), headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.load(response)
    names = data["head"]["vars"]
    return [tuple(b[n]["value"] if n in b else None for n in names) for b in data["results"]["bindings"]]


def local_select(out_dir: Path, query: str) -> list[tuple]:
    solutions = open_store(out_dir).query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [tuple(row[n].value if row[n] is not None else None for n in names) for row in solutions]


def test_push_puts_every_named_graph(project, oxigraph):
    pushed = push(project.out_dir, oxigraph + "store")
    store = open_store(project.out_dir)
    expected = Counter(q.graph_name.value for q in store)
    assert dict(pushed) == dict(expected) and [g for g, _ in pushed] == sorted(expected)
    assert remote_select(oxigraph, SELECT) == local_select(project.out_dir, SELECT)
    assert len(local_select(project.out_dir, SELECT)) > 10


def test_the_same_query_gives_the_same_rows_after_push(project, oxigraph):
    """A named query from queries/ (or a SELECT of our own) on Oxigraph and on the local graph."""
    push(project.out_dir, oxigraph + "store")
    queries = [SELECT]
    for path in sorted(project.queries_dir.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        if local_select(project.out_dir, text):
            queries.append(text)
    for query in queries[:4]:
        assert sorted(remote_select(oxigraph, query), key=str) == sorted(local_select(project.out_dir, query), key=str)


def test_push_twice_replaces_rather_than_adds(project, oxigraph):
    push(project.out_dir, oxigraph + "store")
    push(project.out_dir, oxigraph + "store")
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert remote_select(oxigraph, count) == local_select(project.out_dir, count)


def test_push_with_another_base_iri(project, oxigraph):
    pushed = push(project.out_dir, oxigraph + "store", "https://data.example.net/kg/")
    assert all(g.startswith("https://data.example.net/kg/graph/") for g, _ in pushed)
    rows = remote_select(oxigraph, "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?s), "
                                   "'https://example.org/kg/')) }")
    assert rows == []


def test_cli_push(project, oxigraph):
    result = CliRunner().invoke(cli, ["--root", str(project.root), "push", oxigraph + "store"])
    assert result.exit_code == 0, result.output
    assert "https://example.org/kg/graph/police-raid-in-kazan" in result.output
    assert result.output.strip().splitlines()[-1].startswith("3 graphs,")


def test_push_to_nowhere_is_a_clear_error(project):
    with pytest.raises(KgError, match="cannot reach the store"):
        push(project.out_dir, f"http://127.0.0.1:{free_port()}/store", timeout=5)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "push", "ftp://example.net/store"])
    assert result.exit_code == 2 and "http(s) URL" in result.output


def test_graph_url_keeps_the_endpoints_own_query():
    from kg.publishing.push import graph_url

    url = graph_url("http://127.0.0.1:3030/ds/data?x=1", "https://example.org/kg/graph/a b")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).query) == {
        "x": ["1"], "graph": ["https://example.org/kg/graph/a b"]}
