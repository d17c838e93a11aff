"""``kg serve``: content negotiation on entity IRIs, path safety, and the read-only SPARQL endpoint."""

from __future__ import annotations

import csv
import http.client
import io
import json
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.errors import KgError
from kg.publishing.server import serve
from kg.publishing.site import publish
from kg.stats import open_store

from conftest import TINY, copy_project

BASE = "https://example.org/kg/"
NOTE = "id/note/kyrgyzstan-to-russia-2025-03"
PREFIXES = "PREFIX kg: <https://example.org/kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
LABELS = PREFIXES + "SELECT DISTINCT ?e ?label WHERE { ?e a kg:State ; rdfs:label ?label } ORDER BY ?label"
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_project(TINY / "sources", tmp_path_factory.mktemp("serve") / "tiny")
    build(project)
    publish(project.out_dir, project.root / "site", queries_dir=project.queries_dir)
    return project


@pytest.fixture(scope="module")
def server(project):
    with serve(project.root / "site", port=0, timeout=1.0, quiet=True) as running:
        yield running


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, accept: str | None = None, follow: bool = True, data: bytes | None = None,
        content_type: str | None = None):
    """(status, headers, body) of a request; HTTP errors are answers, not exceptions."""
    headers = {k: v for k, v in (("Accept", accept), ("Content-Type", content_type)) if v}
    request = urllib.request.Request(url, data=data, headers=headers)
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def raw_get(server, path: str) -> int:
    """The status of a request whose path is sent exactly as written (no client-side normalisation)."""
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    status = conn.getresponse().status
    conn.close()
    return status


def sparql(server, query: str, accept: str | None = None, method: str = "GET", **params):
    if method == "GET":
        qs = urllib.parse.urlencode({"query": query, **params})
        return get(f"{server.url}sparql?{qs}", accept)
    if method == "FORM":
        body = urllib.parse.urlencode({"query": query, **params}).encode()
        return get(f"{server.url}sparql", accept, data=body, content_type="application/x-www-form-urlencoded")
    return get(f"{server.url}sparql", accept, data=query.encode(), content_type="application/sparql-query")


# ------------------------------------------------------------------ content negotiation

@pytest.mark.parametrize("accept,media,ext", [
    ("text/turtle", "text/turtle", ".ttl"),
    ("application/ld+json", "application/ld+json", ".jsonld"),
    ("application/n-triples", "application/n-triples", ".nt"),
    ("text/html", "text/html", ".html"),
    ("text/html;q=0.5, text/turtle;q=0.9", "text/turtle", ".ttl"),
    ("application/ld+json;q=0.2, application/n-triples;q=0.3, */*;q=0.1", "application/n-triples", ".nt"),
    ("text/*", "text/html", ".html"),
    ("*/*", "text/html", ".html"),
    (None, "text/html", ".html"),
    ("text/html;q=0, text/turtle;q=0.1", "text/turtle", ".ttl"),
])
def test_entity_iri_negotiates_with_303(server, accept, media, ext):
    status, headers, _ = get(server.url + NOTE, accept, follow=False)
    assert status == 303 and headers["Location"] == f"/{NOTE}{ext}" and headers["Vary"] == "Accept"
    status, headers, body = get(server.url + NOTE, accept)
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    if media != "text/html":
        fmt = ox.RdfFormat.from_media_type(media)
        assert any(q.subject == ox.NamedNode(BASE + NOTE) for q in ox.parse(body, format=fmt))


def test_unknown_entity_is_404_and_unacceptable_type_is_406(server):
    assert get(server.url + "id/state/atlantis", "text/turtle")[0] == 404
    status, headers, body = get(server.url + NOTE, "image/png")
    assert status == 406 and b"text/turtle" in body and headers["Vary"] == "Accept"


def test_hash_namespace_document_is_answered_directly(server):
    status, headers, body = get(server.url + "ontology", "text/turtle", follow=False)
    assert status == 200 and headers["Content-Location"] == "/ontology.ttl" and headers["Vary"] == "Accept"
    assert b"owl:Class" in body


def test_static_files_and_dumps(server):
    status, headers, body = get(server.url)
    assert status == 200 and b"Browse by kind" in body
    status, headers, _ = get(server.url + "dumps/kg.nq.gz")
    assert status == 200 and headers["Content-Type"] == "application/gzip"
    assert get(server.url + "static/site.css")[1]["Content-Type"].startswith("text/css")
    assert get(server.url + ".well-known/void", "text/turtle")[0] == 200


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/id/../../../etc/passwd", "/id/..%2f..%2f..%2fetc%2fpasswd",
    "/%2e%2e/%2e%2e/etc/passwd", "/id%2fstate%2frussia.html", "/id/state/russia.html%00.png",
    "/.kg-site", "/id/..\\..\\etc\\passwd", "/%2E%2E%5C%2E%2E%5Cetc%5Cpasswd",
])
def test_paths_never_leave_the_site(server, path):
    assert raw_get(server, path) in (400, 404)


def test_curl_negotiates_too(server):
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    out = subprocess.run(["curl", "-sL", "-o", "/dev/null", "-w", "%{http_code} %{content_type}",
                          "-H", "Accept: text/turtle", server.url + NOTE], capture_output=True, text=True, timeout=30)
    assert out.stdout.split(";")[0] == "200 text/turtle"


# ------------------------------------------------------------------ SPARQL protocol

@pytest.mark.parametrize("accept,media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
    (None, "application/sparql-results+json"),
])
@pytest.mark.parametrize("method", ["GET", "FORM", "POST"])
def test_select_in_every_result_format(server, accept, media, method):
    status, headers, body = sparql(server, LABELS, accept, method)
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == media
    if media.endswith("json"):
        labels = [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]
    elif media.endswith("xml"):
        ns = "{http://www.w3.org/2005/sparql-results#}"
        labels = [r.find(f"{ns}binding[@name='label']/{ns}literal").text for r in ET.fromstring(body).iter(f"{ns}result")]
    elif media == "text/csv":
        labels = [row["label"] for row in csv.DictReader(io.StringIO(body.decode()))]
    else:
        labels = [line.split("\t")[1].strip('"') for line in body.decode().splitlines()[1:]]
    assert labels == ["Kyrgyzstan", "Russia"]


def test_ask_and_construct(server):
    status, headers, body = sparql(server, PREFIXES + "ASK { ?s a kg:Note }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    construct = PREFIXES + "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a kg:State ; rdfs:label ?l }"
    for accept in ("text/turtle", "application/n-triples", "application/ld+json"):
        status, headers, body = sparql(server, construct, accept)
        assert status == 200 and headers["Content-Type"].split(";")[0] == accept
        assert len(list(ox.parse(body, format=ox.RdfFormat.from_media_type(accept)))) == 2
    status, _, body = sparql(server, f"DESCRIBE <{BASE}{NOTE}>", "text/turtle")
    assert status == 200 and b"recipient" in body


def test_protocol_errors(server):
    status, _, body = sparql(server, "SELECT * WHERE { ?s ?p }")
    assert status == 400 and b"malformed query" in body
    status, _, body = get(server.url + "sparql", data=b"SELECT * {}", content_type="text/plain")
    assert status == 415
    status, _, body = sparql(server, PREFIXES + "CONSTRUCT WHERE { ?s a kg:State }", "text/csv")
    assert status == 406
    status, _, body = sparql(server, LABELS, "image/png")
    assert status == 406
    assert get(f"{server.url}sparql?query=ASK%7B%7D&query=ASK%7B%7D")[0] == 400
    status, _, body = sparql(server, "SELECT * WHERE { ?s ?p ?o } # " + "x" * 70_000, method="POST")
    assert status == 413


@pytest.mark.parametrize("how,query,words", [
    ("update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", b"read-only"),
    ("query", "DELETE WHERE { ?s ?p ?o }", b"read-only"),
    ("query", "LOAD <http://example.net/data.ttl>", b"read-only"),
    ("query", "SELECT * WHERE { SERVICE <http://example.net/sparql> { ?s ?p ?o } }", b"SERVICE"),
    ("query", "SELECT * WHERE { SERVICE SILENT <http://example.net/sparql> { ?s ?p ?o } }", b"SERVICE"),
    ("query", r"SELECT * WHERE { \u0053ERVICE <http://example.net/sparql> { ?s ?p ?o } }", b"SERVICE"),
    ("query", "SELECT * FROM <http://example.net/data.ttl> WHERE { ?s ?p ?o }", b"FROM"),
    ("query", "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", b"FROM"),
    ("sparql-update", "CLEAR ALL", b"read-only"),
])
def test_updates_service_and_outside_graphs_are_refused_before_the_store(server, monkeypatch, how, query, words):
    calls = []
    monkeypatch.setattr(server.engine, "run", lambda *a, **k: calls.append(a) or b"")
    if how == "sparql-update":
        status, _, body = get(server.url + "sparql", data=query.encode(), content_type="application/sparql-update")
    elif how == "update":
        body = urllib.parse.urlencode({"update": query}).encode()
        status, _, body = get(server.url + "sparql", data=body, content_type="application/x-www-form-urlencoded")
    else:
        status, _, body = sparql(server, query, method="FORM")
    assert status == 403 and words in body
    assert calls == []


def test_from_a_graph_of_this_dataset_is_allowed(server):
    query = (PREFIXES + f"SELECT ?label FROM <{BASE}graph/police-raid-in-kazan> WHERE "
             "{ ?s a kg:Article ; rdfs:label ?label }")
    status, _, body = sparql(server, query, "text/csv")
    assert status == 200 and body.decode().splitlines() == ["label", "Police Raid Migrant Hostel in Kazan"]
    status, _, _ = sparql(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/csv",
                          **{"default-graph-uri": "http://example.net/g"})
    assert status == 403


def test_a_query_past_the_time_limit_is_stopped(server):
    started = time.monotonic()
    status, headers, body = sparql(server, EXPLOSIVE, "application/sparql-results+json")
    assert status == 503 and b"longer than 1 s" in body
    assert time.monotonic() - started < 10
    status, _, _ = sparql(server, LABELS, "text/csv")  # the stopped worker was replaced
    assert status == 200


def test_a_result_past_the_size_limit_is_an_error_not_a_truncated_answer(project):
    with serve(project.root / "site", port=0, timeout=5.0, max_result_bytes=2000, quiet=True, workers=1) as small:
        status, _, body = sparql(small, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "text/csv")
        assert status == 500 and b"larger than 2000 bytes" in body
        assert sparql(small, LABELS, "text/csv")[0] == 200


def test_sparqlwrapper_gets_the_same_rows_as_the_store(server, project):
    SPARQLWrapper = pytest.importorskip("SPARQLWrapper")
    store = open_store(project.out_dir)
    query = LABELS
    for path in sorted(project.queries_dir.glob("*.rq")):  # a named query from queries/ with rows on the fixture
        text = path.read_text(encoding="utf-8")
        if list(store.query(text, use_default_graph_as_union=True)):
            query = text
            break
    client = SPARQLWrapper.SPARQLWrapper(server.url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(SPARQLWrapper.JSON)
    data = client.queryAndConvert()
    remote = sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in data["results"]["bindings"])
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    local = sorted(tuple(sorted((n, row[n].value) for n in names if row[n] is not None)) for row in solutions)
    assert remote == local and remote


def test_query_form_and_html_results(server):
    status, headers, body = get(server.url + "sparql", "text/html")
    assert status == 200 and b'<form class="sparql"' in body
    status, headers, body = sparql(server, LABELS, "text/html", format="html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b'<a href="id/state/russia.html"' in body
    status, headers, body = get(server.url + "sparql", "text/turtle")
    assert status == 200 and b"sd:Service" in body


def test_serve_needs_a_published_site(tmp_path):
    with pytest.raises(KgError, match="kg publish"):
        serve(tmp_path, port=0)


def test_cli_serve_starts_with_its_options_and_stops_on_ctrl_c(project, monkeypatch):
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.publishing.server import SiteServer

    seen = {}

    def interrupted(self, *args, **kwargs):
        seen.update(timeout=self.engine.timeout, max_bytes=self.engine.max_bytes, address=self.server_address)
        raise KeyboardInterrupt

    monkeypatch.setattr(SiteServer, "serve_forever", interrupted)
    result = CliRunner().invoke(cli, ["--root", str(project.root), "serve", "--port", "0", "--timeout", "1",
                                      "--max-result-bytes", "5000"])
    assert result.exit_code == 0, result.output
    assert "Serving" in result.output and "/sparql" in result.output
    assert seen["timeout"] == 1.0 and seen["max_bytes"] == 5000 and seen["address"][0] == "127.0.0.1"


def test_serve_can_query_the_builds_store(project):
    with serve(project.root / "site", port=0, store_dir=project.out_dir / "store", quiet=True, workers=1) as server:
        status, _, body = sparql(server, LABELS, "text/csv")
        assert status == 200 and body.decode().splitlines()[1:] == [f"{BASE}id/state/kyrgyzstan,Kyrgyzstan",
                                                                    f"{BASE}id/state/russia,Russia"]
