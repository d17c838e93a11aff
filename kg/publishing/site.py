"""``kg publish``: the built graph as a static linked-data site.

Layout of the site (the site's root stands for the base IRI, ``https://example.org/kg/`` by
default, so each IRI path is a file path):

- ``id/<class>/<slug>.html|.ttl|.jsonld|.nt``: one page and three RDF documents per entity
  (and per evidence node, quantity and article); ``concept/…`` for SKOS concepts and
  ``graph/<source>`` for the named graphs, likewise;
- ``index.html``, ``class/<Class>.html``, ``timeline.html``, ``network.html``,
  ``search.html`` (client-side search over ``search-index.js``), ``sparql.html`` (the
  query form of ``kg serve``), ``ontology.html`` (+ RDF), ``dataset.html`` (+ VoID/DCAT
  as ``dataset.ttl``, ``.jsonld``, ``.nt``), ``context.jsonld``;
- ``dumps/kg.ttl.gz`` (merged graph), ``kg.trig.gz`` and ``kg.nq.gz`` (one named graph per
  source), ``kg.jsonld.gz`` (merged graph, compact, with the published context), gzip with
  mtime 0.

Every href is relative, every IRI in the RDF is built from the base, nothing is loaded
from another host, and the same build gives the same bytes. The site is written to a
temporary folder and renamed into place; an existing folder is replaced only if an
earlier ``kg publish`` wrote it (it holds ``.kg-site``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pyoxigraph as ox

from kg.publishing import network, ontodoc, pages, views
from kg.publishing.model import DATA_BASE, PublishError, SiteGraph
from kg.publishing.rdfdocs import context, describe, gzip_bytes, to_jsonld, to_ntriples, to_turtle
from kg.publishing.void import VOID_PREFIXES, DatasetInfo, dataset_context, void_triples

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "publish"
MARKER = ".kg-site"
STATIC = ("site.css", "search.js", "network.js", "sparql.js")
RDF_FILES = {"ttl": "Turtle", "jsonld": "JSON-LD", "nt": "N-Triples"}


@dataclass
class PublishResult:
    site_dir: Path
    base_iri: str
    documents: int = 0
    pages: int = 0
    files: int = 0
    triples: int = 0
    quads: int = 0
    dumps: dict[str, str] = field(default_factory=dict)

    def text(self) -> str:
        return (f"{self.documents} resources, {self.pages} HTML pages, {self.files} files; "
                f"{self.triples} triples, {self.quads} quads under {self.base_iri} -> {self.site_dir}")


def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=jinja2.select_autoescape(
        ["html"]), undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


class _Files:
    """The site's files in memory, keyed by their path in the site."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def add(self, path: str, data: bytes | str):
        if path in self.files:
            raise PublishError(path, "two resources map to the same file")
        self.files[path] = data.encode() if isinstance(data, str) else data

    def write(self, site_dir: Path):
        site_dir = site_dir.resolve()
        if site_dir.exists() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
            raise PublishError(site_dir, f"exists and was not written by kg publish (no {MARKER}): not replacing it")
        tmp, old = site_dir.with_name(f".{site_dir.name}.tmp-{os.getpid()}"), site_dir.with_name(f".{site_dir.name}.old")
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            for path, data in sorted(self.files.items()):
                target = tmp / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            shutil.rmtree(old, ignore_errors=True)
            if site_dir.exists():
                os.replace(site_dir, old)
            os.replace(tmp, site_dir)
        except OSError as err:
            shutil.rmtree(tmp, ignore_errors=True)
            raise PublishError(site_dir, f"cannot write the site: {err.strerror or err}") from None
        shutil.rmtree(old, ignore_errors=True)


def _dumps(g, files: _Files) -> list[dict]:
    specs = [("ttl", "Turtle, merged graph", "text/turtle", lambda: to_turtle(g.triples, g.prefixes), len(g.triples)),
             ("trig", "TriG, one named graph per source", "application/trig", lambda: _dataset(g, "TRIG"), len(g.quads)),
             ("nq", "N-Quads, one named graph per source", "application/n-quads", lambda: _dataset(g, "N_QUADS"),
              len(g.quads)),
             ("jsonld", "JSON-LD, merged graph", "application/ld+json", lambda: to_jsonld(g.triples, g.prefixes),
              len(g.triples))]
    dumps = []
    for fmt, title, media, make, count in specs:
        data = gzip_bytes(make())
        path = f"dumps/kg.{fmt}.gz"
        files.add(path, data)
        dumps.append({"format": fmt, "title": title, "media": media, "path": path, "bytes": len(data),
                      "sha256": hashlib.sha256(data).hexdigest(), "count": count,
                      "unit": "triples" if fmt in ("ttl", "jsonld") else "quads"})
    return dumps


def _dataset(g, fmt: str) -> bytes:
    return ox.serialize(g.quads, format=getattr(ox.RdfFormat, fmt), prefixes=g.prefixes if fmt == "TRIG" else None)


def _rdf_files(g, files: _Files, stem: str, triples, prefixes=None) -> dict[str, str]:
    prefixes = prefixes or g.prefixes
    paths = {fmt: f"{stem}.{fmt}" for fmt in RDF_FILES}
    files.add(paths["ttl"], to_turtle(triples, prefixes))
    files.add(paths["jsonld"], to_jsonld(triples, prefixes))
    files.add(paths["nt"], to_ntriples(triples))
    return paths


def _queries(queries_dir: Path | None, files: _Files, base: str) -> list[dict]:
    """The project's named queries, copied into ``queries/`` as examples for the query form.

    IRIs under the project's namespace (``<https://example.org/kg/...>`` tokens) move to ``base``.
    """
    out = []
    queries_dir = Path(queries_dir) if queries_dir else None
    for path in sorted(queries_dir.glob("*.rq")) if queries_dir and queries_dir.is_dir() else []:
        text = re.sub(r"<" + re.escape(DATA_BASE) + r"([^<>\s]*)>", lambda m: f"<{base}{m.group(1)}>",
                      path.read_text(encoding="utf-8"))
        title = question = ""
        for line in text.splitlines():
            if line.startswith("# # ") and not title:
                title = line[4:].strip()
            elif line.lower().startswith("# question:") and not question:
                question = line.split(":", 1)[1].strip()
        files.add(f"queries/{path.name}", text)
        out.append({"name": path.stem, "title": title or path.stem, "question": question, "text": text,
                    "href": f"queries/{path.name}"})
    return out


def publish(out_dir: Path, site_dir: Path, base_iri: str = DATA_BASE, info: DatasetInfo | None = None,
            queries_dir: Path | None = None) -> PublishResult:
    """Write the static site of the build in ``out_dir`` to ``site_dir``, with IRIs under ``base_iri``."""
    g = SiteGraph.from_build(Path(out_dir), base_iri)
    info = info or DatasetInfo()
    env = environment()
    files = _Files()
    result = PublishResult(Path(site_dir).resolve(), g.base, triples=len(g.triples), quads=len(g.quads))

    def render(template: str, ctx: dict):
        files.add(ctx["page"], env.get_template(template).render(**ctx))
        result.pages += 1

    dumps = _dumps(g, files)
    result.dumps = {d["format"]: d["path"] for d in dumps}
    classes = {c: len(g.instances(c)) for c in sorted({g.local_class(s) for s in g.out} - {None})}
    entities = [n for n in g.documents if g.documents[n].startswith("id/")]
    counts = {"triples": len(g.triples), "quads": len(g.quads), "entities": len(entities), "classes": classes,
              "graphs": len(g.graphs)}
    files.add("context.jsonld", json.dumps({"@context": context({**g.prefixes, **VOID_PREFIXES})},
                                           indent=1, sort_keys=True) + "\n")
    for node, stem in g.documents.items():
        triples = describe(g, node)
        paths = _rdf_files(g, files, stem, triples)
        ctx = pages.entity_context(g, node, paths, turtle=files.files[paths["ttl"]].decode(),
                                   jsonld=files.files[paths["jsonld"]].decode())
        render("entity.html", ctx)
    result.documents = len(g.documents)
    for c in views.classes_with_counts(g):
        render("class.html", views.class_index_context(g, c["cls"]))
    render("timeline.html", views.timeline_context(g))
    render("network.html", {"page": "network.html", "root": "", **network.network_context(g)})
    files.add("search-index.js", views.search_index(g))
    render("search.html", {"page": "search.html", "root": ""})
    ontology = g.ns["kgg"] + "ontology"
    _rdf_files(g, files, "ontology", [ox.Triple(q.subject, q.predicate, q.object) for q in g.quads
                                      if q.graph_name == ox.NamedNode(ontology)])  # g.quads are sorted
    render("ontology.html", ontodoc.ontology_context(g, classes))
    void = void_triples(g, info, counts, dumps)
    void_prefixes = {**g.prefixes, **VOID_PREFIXES}
    void_paths = _rdf_files(g, files, "dataset", void, void_prefixes)
    render("dataset.html", dataset_context(g, info, counts, dumps, void_paths))
    queries = _queries(queries_dir, files, g.base)
    render("sparql.html", {"page": "sparql.html", "root": "", "queries": queries, "endpoint": g.base + "sparql"})
    render("index.html", {**views.home_context(g, counts, dumps, queries), "info": info})
    for name in STATIC:
        files.add(f"static/{name}", (TEMPLATES / "static" / name).read_bytes())
    files.add(MARKER, json.dumps({"base": g.base, "generator": "kg publish"}, sort_keys=True) + "\n")
    result.files = len(files.files)
    files.write(Path(site_dir))
    return result
