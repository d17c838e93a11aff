"""``kg publish``: the static site, its links, its RDF documents, dumps, VoID/DCAT and ontology page."""

from __future__ import annotations

import filecmp
import gzip
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.errors import KgError
from kg.publishing.site import MARKER, publish
from kg.stats import open_store, stats

from conftest import TINY, copy_project

BASE = "https://example.org/kg/"
OTHER_BASE = "https://data.example.net/kg/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"


@pytest.fixture(scope="module")
def tiny_built(tmp_path_factory):
    project = copy_project(TINY / "sources", tmp_path_factory.mktemp("publish") / "tiny")
    build(project)
    return project


@pytest.fixture(scope="module")
def tiny_site(tiny_built):
    site = tiny_built.root / "site"
    return site, publish(tiny_built.out_dir, site, queries_dir=tiny_built.queries_dir)


@pytest.fixture(scope="module")
def corpus_site(built_corpus):
    site = built_corpus.root / "site"
    return site, publish(built_corpus.out_dir, site, queries_dir=built_corpus.queries_dir)


class Links:
    """Every href/src of a page (HTML and inline SVG), and its element ids (parsed with lxml)."""

    def __init__(self, text: str):
        tree = lxml.html.document_fromstring(text)
        self.links: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            if element.get("id"):
                self.ids.add(element.get("id"))
            for name in ("href", "src"):
                if element.get(name) is not None:
                    self.links.append((element.tag, name, element.get(name)))


def parse_page(path: Path) -> Links:
    return Links(path.read_text(encoding="utf-8"))


def broken_links(site: Path) -> list[str]:
    """Every relative href/src of every page that does not resolve to a file (or to an id in it)."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    pages = {p.relative_to(site).as_posix(): parse_page(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in sorted(pages.items()):
        for tag, attr, url in parsed.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path))) \
                if parts.path else page
            if target not in files:
                broken.append(f"{page}: {attr}={url}")
            elif parts.fragment and target in pages and parts.fragment not in pages[target].ids:
                broken.append(f"{page}: {attr}={url} (no such anchor)")
    return broken


def subjects_under(out_dir: Path, prefix: str) -> set[str]:
    store = open_store(out_dir)
    return {q.subject.value for q in store if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(prefix)}


def read_dump(path: Path, fmt) -> list:
    with gzip.open(path, "rb") as handle:
        return list(ox.parse(handle, format=fmt))


# ------------------------------------------------------------------ pages and links

@pytest.mark.parametrize("which", ["tiny_site", "corpus_site"])
def test_no_broken_internal_link(which, request):
    """Acceptance: a crawl of every HTML page finds every relative href/src (and #anchor)."""
    site, result = request.getfixturevalue(which)
    assert result.pages == len(list(site.rglob("*.html"))) > 20
    assert broken_links(site) == []


def test_link_checker_finds_a_broken_link(tiny_site, tmp_path):
    site, _ = tiny_site
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/missing.html">x</a><a href="#nowhere">y</a>'
                                         '<img src="https://example.net/x.png">')
    assert broken_links(tmp_path) == ["index.html: href=a/missing.html", "index.html: href=#nowhere (no such anchor)"]


def test_every_entity_has_html_turtle_and_jsonld(tiny_site, tiny_built):
    site, _ = tiny_site
    iris = subjects_under(tiny_built.out_dir, BASE + "id/")
    assert len(iris) > 50
    for iri in sorted(iris):
        stem = site / iri[len(BASE):]
        for ext in (".html", ".ttl", ".jsonld", ".nt"):
            assert stem.with_name(stem.name + ext).is_file(), f"{iri}{ext}"
        ttl = {q.triple for q in ox.parse(path=str(stem.with_name(stem.name + ".ttl")), format=ox.RdfFormat.TURTLE)}
        jsonld = {q.triple for q in ox.parse(path=str(stem.with_name(stem.name + ".jsonld")), format=ox.RdfFormat.JSON_LD)}
        assert ttl == jsonld and any(t.subject == ox.NamedNode(iri) for t in ttl), iri


def test_entity_turtle_carries_facts_with_their_evidence(tiny_site):
    site, _ = tiny_site
    note = ox.NamedNode(BASE + "id/note/kyrgyzstan-to-russia-2025-03")
    triples = [q.triple for q in ox.parse(path=str(site / "id/note/kyrgyzstan-to-russia-2025-03.ttl"),
                                          format=ox.RdfFormat.TURTLE)]
    recipients = [t.object for t in triples if t.subject == note and t.predicate.value.endswith("#recipient")]
    assert ox.NamedNode(BASE + "id/person/ivan-petrov") in recipients
    evidence = {t.subject for t in triples if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"}
    quotes = [t.object.value for t in triples if t.subject in evidence and t.predicate.value.endswith("#quote")]
    assert any("handed a note of protest" in q for q in quotes)


def test_entity_page_shows_facts_in_words_with_quotes_and_sources(tiny_site):
    site, _ = tiny_site
    html = (site / "id/note/kyrgyzstan-to-russia-2025-03.html").read_text(encoding="utf-8")
    assert "<dt>sent to</dt>" in html and "<dt>sent by</dt>" in html and "<dt>date</dt>" in html
    assert '<a href="../person/ivan-petrov.html"' in html
    assert "<blockquote>On March 6, the Kyrgyz Foreign Ministry handed a note of protest" in html
    assert '<a class="source" href="../source/kyrgyz-note-on-kazan-raid.html">Bishkek Protests Kazan Raid</a>' in html
    assert "year inferred from the article" in html  # kg:inferred of the date's evidence
    assert 'href="kyrgyzstan-to-russia-2025-03.ttl"' in html and 'href="kyrgyzstan-to-russia-2025-03.jsonld"' in html
    official = (site / "id/person/nurlan-bekov.html").read_text(encoding="utf-8")
    assert "<dt>sent</dt>" in official and "Mentioned in" in official  # incoming links


def test_entity_page_embeds_schema_org(tiny_site):
    site, _ = tiny_site
    html = (site / "id/note/kyrgyzstan-to-russia-2025-03.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Message"
    assert data["@id"] == BASE + "id/note/kyrgyzstan-to-russia-2025-03"
    recipients = data["recipient"] if isinstance(data["recipient"], list) else [data["recipient"]]
    assert "Ivan Petrov" in {r["name"] for r in recipients} and data["dateSent"] == "2025-03-06"


def test_article_page_lists_what_it_states(tiny_site):
    html = (tiny_site[0] / "id/source/police-raid-in-kazan.html").read_text(encoding="utf-8")
    assert "What this article states" in html and "people detained" in html


def test_site_loads_nothing_from_other_hosts(tiny_site):
    site, _ = tiny_site
    for page in site.rglob("*.html"):
        for tag, attr, url in parse_page(page).links:
            if tag in ("script", "img", "link", "iframe", "source", "video", "audio") or attr == "src":
                assert not urlsplit(url).scheme and not url.startswith("//"), f"{page}: {url}"


def test_overview_pages(tiny_site):
    site, _ = tiny_site
    index = (site / "index.html").read_text(encoding="utf-8")
    for href in ("timeline.html", "network.html", "ontology.html", "dataset.html", "sparql.html", "class/Official.html"):
        assert f'href="{href}"' in index
    timeline = (site / "timeline.html").read_text(encoding="utf-8")
    assert '<time datetime="2025-03-03">3 March 2025</time>' in timeline
    network = (site / "network.html").read_text(encoding="utf-8")
    assert 'href="id/state/kyrgyzstan.html"' in network and 'class="edge act"' in network
    search = (site / "search-index.js").read_text(encoding="utf-8")
    rows = json.loads(search.removeprefix("window.KG_SEARCH = ").rstrip().rstrip(";"))
    assert ["Nurlan Bekov", "Official", "id/person/nurlan-bekov.html", []] in rows
    official = (site / "class/Official.html").read_text(encoding="utf-8")
    assert "Nurlan Bekov" in official and "Aida Temirova" in official


# ------------------------------------------------------------------ dumps, VoID, ontology

@pytest.mark.parametrize("which,project", [("tiny_site", "tiny_built"), ("corpus_site", "built_corpus")])
def test_dumps_parse_to_the_counts_of_kg_stats(which, project, request):
    """Acceptance: every dump parses with pyoxigraph to the triples/quads `kg stats` reports."""
    site, _ = request.getfixturevalue(which)
    expected = stats(request.getfixturevalue(project).out_dir)
    assert len(read_dump(site / "dumps/kg.ttl.gz", ox.RdfFormat.TURTLE)) == expected.triples
    assert len({q.triple for q in read_dump(site / "dumps/kg.jsonld.gz", ox.RdfFormat.JSON_LD)}) == expected.triples
    assert len(read_dump(site / "dumps/kg.trig.gz", ox.RdfFormat.TRIG)) == expected.quads
    assert len(read_dump(site / "dumps/kg.nq.gz", ox.RdfFormat.N_QUADS)) == expected.quads
    graphs = {q.graph_name.value.removeprefix(BASE + "graph/") for q in read_dump(site / "dumps/kg.trig.gz", ox.RdfFormat.TRIG)}
    assert graphs == set(expected.graphs)


def test_dumps_are_deterministic_gzip(tiny_site):
    site, _ = tiny_site
    for dump in sorted((site / "dumps").iterdir()):
        data = dump.read_bytes()
        assert data[:2] == b"\x1f\x8b" and data[4:8] == b"\0\0\0\0", dump.name  # mtime 0
        assert data[3] & 0x08 == 0, dump.name  # no file name stored


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ between two folders, or are in one only."""
    def walk(cmp, where=""):
        for name in cmp.diff_files + cmp.left_only + cmp.right_only:
            yield where + name
        for name, sub in cmp.subdirs.items():
            yield from walk(sub, where + name + "/")
    return list(walk(filecmp.dircmp(left, right)))


def test_two_publishes_are_byte_identical(tiny_built, tiny_site, tmp_path):
    site, _ = tiny_site
    again = tmp_path / "again"
    publish(tiny_built.out_dir, again, queries_dir=tiny_built.queries_dir)
    assert differences(site, again) == []


@pytest.mark.parametrize("workers", [1, 3])
def test_the_site_does_not_depend_on_the_number_of_workers(built_corpus, corpus_site, workers, tmp_path):
    """Pages and dump pieces made in forked workers, in any order, give the bytes of a serial publish."""
    site, result = corpus_site
    other = publish(built_corpus.out_dir, tmp_path / "site", queries_dir=built_corpus.queries_dir, workers=workers)
    assert differences(site, tmp_path / "site") == []
    assert (other.pages, other.files) == (result.pages, result.files)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize("error,expected", [(OSError(28, "No space left on device"), "No space left on device"),
                                            (ValueError("a bug"), "a bug")])
def test_a_failed_publish_leaves_the_previous_site_whole(tiny_built, tmp_path, monkeypatch, workers, error, expected):
    """A failure half-way (here: in one page, in the parent or a forked helper) leaves the old site as it was,
    and no temporary folder."""
    site = tmp_path / "site"
    publish(tiny_built.out_dir, site, workers=workers)
    (site / "index.html").write_text("the previous site")
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    from kg.publishing import pages

    real = pages.entity_context

    def failing(g, node, *args, **kwargs):
        if "nurlan-bekov" in node:
            raise error
        return real(g, node, *args, **kwargs)

    monkeypatch.setattr(pages, "entity_context", failing)
    with pytest.raises((KgError, type(error)), match=expected):
        publish(tiny_built.out_dir, site, workers=workers)
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_killed_publishes_are_removed(tiny_built, tmp_path):
    """A publish killed half-way leaves its temporary folder: the next one removes it (in the background),
    but not the folder of a publish still at work."""
    import subprocess
    import time

    dead = subprocess.Popen(["true"])
    dead.wait()
    working = subprocess.Popen(["sleep", "60"])
    try:
        leftovers = [tmp_path / f".site.tmp-{dead.pid}", tmp_path / f".site.old-{dead.pid}"]
        busy = tmp_path / f".site.tmp-{working.pid}"
        for folder in (*leftovers, busy):
            folder.mkdir()
            (folder / "index.html").write_text("half a site")
        publish(tiny_built.out_dir, tmp_path / "site")
        for _ in range(100):
            if not any(folder.exists() for folder in leftovers):
                break
            time.sleep(0.1)
        assert sorted(p.name for p in tmp_path.iterdir()) == [busy.name, "site"]
    finally:
        working.kill()
        working.wait()


def test_dumps_are_the_whole_graph_serialised_at_once(tiny_site, tiny_built):
    """The dumps, written in pieces, are the bytes pyoxigraph writes for the whole sorted graph in one go."""
    site, _ = tiny_site
    quads = sorted(open_store(tiny_built.out_dir), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate),
                                                                   str(q.object)))
    triples = sorted({q.triple for q in quads}, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = {name: iri for name, iri in json.loads((site / "context.jsonld").read_text())["@context"].items()
                if name in ("kg", "kgc", "kgr", "kgg", "rdf", "rdfs", "xsd", "owl", "skos", "prov", "dcterms", "schema")}

    def unzip(name):
        with gzip.open(site / "dumps" / name) as handle:
            return handle.read()

    from kg.namespaces import PREFIXES

    assert unzip("kg.nq.gz") == ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert unzip("kg.trig.gz") == ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    assert unzip("kg.ttl.gz") == ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    text = unzip("kg.jsonld.gz").decode()
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
    assert json.loads(text)["@context"] == prefixes
    assert {q.triple for q in ox.parse(text, format=ox.RdfFormat.JSON_LD)} == set(triples)


def test_evidence_pages_show_the_fact_and_its_quote(tiny_site):
    site, _ = tiny_site
    pages = sorted((site / "id/evidence").rglob("*.html"))
    assert len(pages) > 50
    html = next(p for p in pages if "handed a note of protest" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8")
    assert "<h2>The fact</h2>" in html and '<a href="../../note/kyrgyzstan-to-russia-2025-03.html"' in html
    assert '<a class="source" href="../../source/kyrgyz-note-on-kazan-raid.html">' in html
    assert "<summary>Turtle</summary>" in html and "The quote is characters" in html


def test_jsonld_context_is_published(tiny_site):
    site, _ = tiny_site
    published = json.loads((site / "context.jsonld").read_text())["@context"]
    with gzip.open(site / "dumps/kg.jsonld.gz") as handle:
        inline = json.load(handle)["@context"]
    assert inline.items() <= published.items() and inline["kgr"] == BASE + "id/"


def test_void_and_dcat_describe_the_dataset(tiny_site, tiny_built):
    site, _ = tiny_site
    expected = stats(tiny_built.out_dir)
    void = ox.Store()
    void.load(path=str(site / "dataset.ttl"), format=ox.RdfFormat.TURTLE)
    ds = ox.NamedNode(BASE + "dataset")

    def objects(s, p):
        return sorted((q.object for q in void.quads_for_pattern(s, ox.NamedNode(p), None)), key=str)

    assert objects(ds, VOID + "triples")[0].value == str(expected.triples)
    assert objects(ds, "http://purl.org/dc/terms/license")
    assert objects(ds, "http://purl.org/dc/terms/title")
    assert objects(ds, VOID + "sparqlEndpoint") == [ox.NamedNode(BASE + "sparql")]
    assert {o.value for o in objects(ds, VOID + "dataDump")} == {BASE + f"dumps/kg.{f}.gz" for f in ("ttl", "trig", "nq", "jsonld")}
    assert ox.NamedNode("https://news.example/kazan-raid") in objects(ds, "http://purl.org/dc/terms/source")
    partitions = {objects(p, VOID + "class")[0].value.removeprefix(BASE + "ontology#"): int(objects(p, VOID + "entities")[0].value)
                  for p in objects(ds, VOID + "classPartition")}
    assert partitions == expected.classes
    for dist in objects(ds, DCAT + "distribution"):
        urls = objects(dist, DCAT + "downloadURL")
        if urls:
            size = int(objects(dist, DCAT + "byteSize")[0].value)
            assert (site / urls[0].value[len(BASE):]).stat().st_size == size


def test_ontology_page_documents_every_term(tiny_site, tiny_built):
    site, _ = tiny_site
    html = (site / "ontology.html").read_text(encoding="utf-8")
    ids = parse_page(site / "ontology.html").ids
    onto = [q for q in open_store(tiny_built.out_dir) if q.graph_name == ox.NamedNode(BASE + "graph/ontology")]
    owl = "http://www.w3.org/2002/07/owl#"
    terms = {q.subject.value for q in onto if q.predicate.value.endswith("#type")
             and q.object.value in (owl + "Class", owl + "ObjectProperty", owl + "DatatypeProperty")}
    assert len(terms) > 40
    for iri in terms:
        assert iri.rsplit("#", 1)[1] in ids, iri
    definitions = [q.object.value for q in onto if q.predicate.value.endswith("core#definition")]
    assert all(d.replace('"', "&#34;").replace("'", "&#39;") in html for d in definitions[:50])
    assert "CAMEO 114" in html and "protest_note" in html  # concept mappings and codes


# ------------------------------------------------------------------ base IRI, safety, CLI

def test_base_iri_rewrites_every_term(tiny_built, tmp_path):
    site = tmp_path / "site"
    result = publish(tiny_built.out_dir, site, OTHER_BASE.rstrip("/"))
    assert result.base_iri == OTHER_BASE
    quads = read_dump(site / "dumps/kg.nq.gz", ox.RdfFormat.N_QUADS)
    assert len(quads) == stats(tiny_built.out_dir).quads
    terms = [t for q in quads for t in (q.subject, q.predicate, q.object, q.graph_name) if isinstance(t, ox.NamedNode)]
    assert not any(t.value.startswith(BASE) for t in terms)
    assert ox.NamedNode(OTHER_BASE + "id/state/russia") in terms
    assert (site / "id/state/russia.ttl").is_file() and broken_links(site) == []
    for path in site.rglob("*"):
        if path.suffix in (".ttl", ".nt", ".jsonld", ".html"):
            assert BASE not in path.read_text(encoding="utf-8"), path


def test_bad_base_iri_is_refused(tiny_built, tmp_path):
    with pytest.raises(KgError, match="base-iri"):
        publish(tiny_built.out_dir, tmp_path / "site", "not an iri")


def test_publish_never_replaces_a_folder_it_did_not_write(tiny_built, tmp_path):
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    with pytest.raises(KgError, match="not written by kg publish"):
        publish(tiny_built.out_dir, precious)
    assert (precious / "thesis.txt").read_text() == "keep me"
    site = tmp_path / "site"
    publish(tiny_built.out_dir, site)
    (site / "stale.html").write_text("old")
    publish(tiny_built.out_dir, site)
    assert (site / MARKER).is_file() and not (site / "stale.html").exists()


def test_cli_publish_matches_the_library(tiny_built, tmp_path):
    result = CliRunner().invoke(cli, ["--root", str(tiny_built.root), "publish", "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    expected = publish(tiny_built.out_dir, tmp_path / "s2", queries_dir=tiny_built.queries_dir)
    assert result.output.strip() == expected.text().replace(str(tmp_path / "s2"), str(tmp_path / "s"))


def test_cli_publish_without_a_build_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "publish"])
    assert result.exit_code == 2 and "run `kg build` first" in result.output
