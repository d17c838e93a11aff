"""``kg publish``: the built graph as a static linked-data site.

Layout of the site (the site's root stands for the base IRI, ``https://example.org/kg/`` by
default, so each IRI path is a file path):

- ``id/<class>/<slug>.html|.ttl|.jsonld|.nt``: one page and three RDF documents per entity
  (and per evidence node, quantity and article); ``concept/…`` for SKOS concepts and
  ``graph/<source>`` for the named graphs, likewise. An evidence node's page is lighter
  (the fact, its quote and source, its Turtle; ``evidence.html``): there are ten times
  more of them than of anything else;
- ``index.html``, ``class/<Class>.html``, ``timeline.html``, ``network.html``,
  ``search.html`` (client-side search over ``search-index.js``), ``sparql.html`` (the
  query form of ``kg serve``), ``ontology.html`` (+ RDF), ``dataset.html`` (+ VoID/DCAT
  as ``dataset.ttl``, ``.jsonld``, ``.nt``), ``context.jsonld``;
- ``dumps/kg.ttl.gz`` (merged graph), ``kg.trig.gz`` and ``kg.nq.gz`` (one named graph per
  source), ``kg.jsonld.gz`` (merged graph, compact, with the published context), gzip with
  mtime 0.

The graph is the build's ``graph.nq`` (:mod:`kg.publishing.model`). Every href is
relative, every IRI in the RDF is built from the base, nothing is loaded from another
host, and the same build gives the same bytes. Files are written as they
are made (:mod:`kg.publishing.writer`) into a temporary folder renamed into place at the
end; an existing folder is replaced only if an earlier ``kg publish`` wrote it (it holds
``.kg-site``). Pages and dump pieces are made on every core (:mod:`kg.publishing.parallel`);
the output does not depend on how many.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from kg.publishing import network, ontodoc, pages, parallel, views
from kg.publishing.dumps import Dumps
from kg.publishing.model import DATA_BASE, PublishError, SiteGraph, check_base, read_quads
from kg.publishing.rdfdocs import context
from kg.publishing.render import Job, plan, rdf_files
from kg.publishing.void import VOID_PREFIXES, DatasetInfo, dataset_context, void_triples
from kg.publishing.writer import MARKER, SiteWriter, Staging

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "publish"
STATIC = ("site.css", "search.js", "network.js", "sparql.js")
PAGE_TEMPLATES = ("entity.html", "evidence.html", "facts.html", "incoming.html", "class.html", "timeline.html",
                  "network.html", "ontology.html")


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
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=jinja2.select_autoescape(
        ["html"]), undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False)  # templates do not change during a publish: no stat() per include
    env.filters["link"] = pages.link_html
    env.filters["evidence"] = pages.evidence_html
    return env


def _queries(queries_dir: Path | None, writer: SiteWriter, base: str) -> list[dict]:
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
        writer.write(f"queries/{path.name}", text)
        out.append({"name": path.stem, "title": title or path.stem, "question": question, "text": text,
                    "href": f"queries/{path.name}"})
    return out


# ------------------------------------------------------------------ overview pages (tasks too)

def class_page(job: Job, cls: str):
    ctx = views.class_index_context(job.g, cls)
    job.writer.write_text(ctx["page"], job.env.get_template("class.html").generate(**ctx))
    return ("pages", 1)


def timeline_page(job: Job):
    job.render("timeline.html", views.timeline_context(job.g))
    return ("pages", 1)


def network_page(job: Job):
    job.render("network.html", {"page": "network.html", "root": "", **network.network_context(job.g)})
    return ("pages", 1)


def search_pages(job: Job):
    job.writer.write("search-index.js", views.search_index(job.g))
    job.render("search.html", {"page": "search.html", "root": ""})
    return ("pages", 1)


def ontology_page(job: Job, classes: dict[str, int]):
    g = job.g
    ontology = f"<{g.ns['kgg']}ontology>"
    rdf_files(job, "ontology", sorted(g.graph_triples.get(ontology, ())))
    job.render("ontology.html", ontodoc.ontology_context(g, classes))
    return ("pages", 1)


def publish(out_dir: Path, site_dir: Path, base_iri: str = DATA_BASE, info: DatasetInfo | None = None,
            queries_dir: Path | None = None, workers: int | None = None) -> PublishResult:
    """Write the static site of the build in ``out_dir`` to ``site_dir``, with IRIs under ``base_iri``.

    ``workers``: processes making pages (default: one per available core); the site is the same for any number.
    """
    quads = read_quads(Path(out_dir))  # checks that there is a build before anything is written
    base_iri = check_base(base_iri)
    staging = Staging(site_dir)
    try:
        result = _publish(SiteGraph(quads, base_iri), staging, info or DatasetInfo(), queries_dir,
                          workers or parallel.available_workers())
    except OSError as err:
        staging.discard()
        raise PublishError(staging.site_dir, f"cannot write the site: {err.strerror or err}") from None
    except BaseException:
        staging.discard()
        raise
    staging.commit(result.files)
    return result


def _publish(g: SiteGraph, staging: Staging, info: DatasetInfo, queries_dir, workers: int) -> PublishResult:
    writer = SiteWriter(staging.tmp)
    job = Job(g, environment(), writer)
    for name in PAGE_TEMPLATES:
        job.env.get_template(name)  # compiled once, before the workers are forked
    result = PublishResult(staging.site_dir, g.base, triples=g.triples, quads=g.quads, documents=len(g.documents))
    classes = {c: len(g.instances(c)) for c in sorted({g.local_class(s) for s in g.subjects} - {None})}
    overview = [(class_page, (c["cls"],)) for c in views.classes_with_counts(g)]
    overview += [(timeline_page, ()), (network_page, ()), (search_pages, ()), (ontology_page, (classes,))]
    tasks, counts = plan(job)
    dumps = Dumps(g, writer, {"ttl": counts["ttl"], "jsonld": counts["jsonld"], "trig": counts["graphs"],
                              "nq": counts["graphs"]})

    def on_result(index: int, outcome: tuple):
        if outcome[0] == "pages":
            result.pages += outcome[1]
        elif outcome[0] == "graphs":
            _, number, nq, trig, written = outcome
            dumps.add("nq", number, nq)
            dumps.add("trig", number, trig)
            result.pages += written
        else:
            _, fmt, number, data = outcome
            dumps.add(fmt, number, data)

    try:
        workers_files = parallel.run(job, overview + tasks, on_result, workers)
        described = dumps.close()
    except BaseException:
        dumps.abort()
        raise
    result.dumps = {d["format"]: d["path"] for d in described}
    entities = [n for n in g.documents if g.documents[n].startswith("id/")]
    counts = {"triples": g.triples, "quads": g.quads, "entities": len(entities), "classes": classes,
              "graphs": len(g.graphs)}
    writer.write("context.jsonld", json.dumps({"@context": context({**g.prefixes, **VOID_PREFIXES})},
                                              indent=1, sort_keys=True) + "\n")
    void = void_triples(g, info, counts, described)
    void_paths, _, _ = rdf_files(job, "dataset", void, {**g.prefixes, **VOID_PREFIXES})
    job.render("dataset.html", dataset_context(g, info, counts, described, void_paths))
    queries = _queries(queries_dir, writer, g.base)
    job.render("sparql.html", {"page": "sparql.html", "root": "", "queries": queries, "endpoint": g.base + "sparql"})
    job.render("index.html", {**views.home_context(g, counts, described, queries), "info": info})
    result.pages += 3
    for name in STATIC:
        writer.write(f"static/{name}", (TEMPLATES / "static" / name).read_bytes())
    writer.write(MARKER, json.dumps({"base": g.base, "generator": "kg publish"}, sort_keys=True) + "\n")
    result.files = writer.count + workers_files
    return result
