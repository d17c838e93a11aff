"""Security: no outbound request from the endpoint, no local file read, size limits."""

from __future__ import annotations

import socket
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.errors import SourceError
from kg.publishing.server import serve
from kg.publishing.site import publish
from kg.sources import MAX_TEXT_BYTES, load_sources

from conftest import TINY, copy_project


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(TINY / "sources", tmp_path_factory.mktemp("sec") / "tiny")
    build(project)
    publish(project.out_dir, project.root / "site", queries_dir=project.queries_dir)
    return project.root / "site"


class Watcher:
    """A listener on a local port that records every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stop = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <http://127.0.0.1:{port}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "LOAD <http://127.0.0.1:{port}/data.ttl>",
    "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
])
def test_the_endpoint_never_makes_an_outbound_request(site, template):
    watcher = Watcher()
    try:
        query = template.format(port=watcher.port)
        with serve(site, port=0, timeout=2.0, quiet=True) as server:
            url = server.url + "sparql?" + urllib.parse.urlencode({"query": query})
            with pytest.raises(urllib.error.HTTPError) as err:
                urllib.request.urlopen(url, timeout=10)
            assert err.value.code in (400, 403)
    finally:
        watcher.close()
    assert watcher.connections == 0


def test_file_urls_in_from_are_refused(site):
    query = "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"
    with serve(site, port=0, timeout=2.0, quiet=True) as server:
        url = server.url + "sparql?" + urllib.parse.urlencode({"query": query})
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url, timeout=10)
        assert err.value.code in (400, 403)
        assert b"root:" not in err.value.read()


def test_an_oversized_article_is_refused_with_the_documented_limit(tiny_project):
    folder = tiny_project.sources_dir / "police-raid-in-kazan"
    with open(folder / "article.txt", "w", encoding="utf-8") as handle:
        line = "Police raided a hostel in Kazan and detained migrants. " * 20 + "\n"
        while handle.tell() < 50_000_000:
            handle.write(line)
    with pytest.raises(SourceError, match=f"the limit is {MAX_TEXT_BYTES:,}"):
        load_sources(tiny_project.sources_dir)


def test_two_sources_with_the_same_text_are_refused(tiny_project):
    original = tiny_project.sources_dir / "police-raid-in-kazan"
    twin = tiny_project.sources_dir / "police-raid-in-kazan-again"
    twin.mkdir()
    (twin / "article.txt").write_bytes((original / "article.txt").read_bytes())
    (twin / "meta.yaml").write_text("title: Again\npublished: 2025-03-06\n")
    result = CliRunner().invoke(cli, ["--root", str(tiny_project.root), "build"])
    assert result.exit_code == 2
    assert "police-raid-in-kazan-again" in result.output and "police-raid-in-kazan'" in result.output


@pytest.mark.parametrize("name, content", [
    ("remote.jsonld", '{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://x/a", "http://x/p": "v"}'),
    ("entity.rdf", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                   '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
                   'rdf:about="http://x/a"><rdf:value>&x;</rdf:value></rdf:Description></rdf:RDF>'),
])
def test_validate_refuses_formats_that_could_fetch_or_read_files(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "root:" not in result.output
