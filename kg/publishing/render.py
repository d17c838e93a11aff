"""The site's per-resource files and the dumps' pieces: the tasks :mod:`kg.publishing.parallel` runs.

Each resource (entity, evidence node, quantity, article, named graph) gets ``.ttl``,
``.jsonld`` and ``.nt`` documents and an HTML page. Its N-Triples are its triples'
terms joined; Turtle is pyoxigraph's, parsed from those N-Triples; JSON-LD is written by
:mod:`kg.publishing.rdfdocs`. Each file is written as soon as it is made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import jinja2
import pyoxigraph as ox

from kg.publishing import pages
from kg.publishing.dumps import jsonld_groups, pieces
from kg.publishing.model import SiteGraph
from kg.publishing.rdfdocs import (Compactor, describe, jsonld_node, jsonld_piece, to_jsonld, to_ntriples, to_turtle,
                                   trig_header, turtle_header)
from kg.publishing.writer import SiteWriter


@dataclass
class Job:
    """What every task needs: the graph, the templates and the writer of the site being made."""

    g: SiteGraph
    env: jinja2.Environment
    writer: SiteWriter
    compact: Compactor = field(init=False)  # one per process, remembering what it compacted
    groups: list = field(init=False, default_factory=list)  # subjects by JSON-LD @id, for the JSON-LD dump
    heads: dict = field(init=False)  # length of the prefix lines to cut off the dumps' pieces

    def __post_init__(self):
        self.compact = Compactor(self.g.prefixes)
        self.heads = {"ttl": len(turtle_header(self.g.prefixes)), "trig": len(trig_header(self.g.prefixes))}

    def render(self, template: str, ctx: dict):
        self.writer.write(ctx["page"], self.env.get_template(template).render(**ctx))


def rdf_files(job: Job, stem: str, triples, prefixes=None) -> tuple[dict[str, str], bytes, bytes]:
    """Write ``stem``.ttl, .jsonld and .nt; return their paths, the Turtle and the JSON-LD."""
    compact = job.compact if prefixes is None else None
    prefixes = prefixes or job.g.prefixes
    nt = to_ntriples(triples)
    ttl = to_turtle(triples, prefixes, nt)
    jsonld = to_jsonld(triples, prefixes, compact)
    paths = {fmt: f"{stem}.{fmt}" for fmt in ("ttl", "jsonld", "nt")}
    job.writer.write(paths["ttl"], ttl)
    job.writer.write(paths["jsonld"], jsonld)
    job.writer.write(paths["nt"], nt)
    return paths, ttl, jsonld


def write_document(job: Job, node: str, triples=None):
    g = job.g
    paths, ttl, jsonld = rdf_files(job, g.documents[node], describe(g, node) if triples is None else triples)
    if node in g.evidence_by_iri:
        job.render("evidence.html", pages.evidence_context(g, node, paths, turtle=ttl.decode()))
    else:
        job.render("entity.html", pages.entity_context(g, node, paths, turtle=ttl.decode(), jsonld=jsonld.decode()))


# ------------------------------------------------------------------ tasks

def documents_task(job: Job, nodes: list[str]):
    for node in nodes:
        write_document(job, node)
    return ("pages", len(nodes))


def graphs_task(job: Job, number: int, start: int, end: int):
    """Graphs ``start:end`` in IRI order: their documents, and their piece of the N-Quads and TriG dumps."""
    g = job.g
    nq, trig, written = [], [], 0
    for graph in g.graph_order[start:end]:
        triples = sorted(g.graph_triples[graph])
        suffix = f" {graph} .\n" if graph else " .\n"
        text = "".join(f"{s} {p} {o}{suffix}" for s, p, o in triples).encode()
        nq.append(text)
        quads = ox.parse(text, format=ox.RdfFormat.N_QUADS)
        trig.append(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=g.prefixes)[job.heads["trig"]:])
        if graph in g.documents:
            write_document(job, graph, triples)
            written += 1
    return ("graphs", number, b"".join(nq), b"".join(trig), written)


def turtle_task(job: Job, number: int, start: int, end: int):
    """Subjects ``start:end``: their piece of the merged graph's Turtle dump."""
    g = job.g
    triples = [t for s in g.subjects[start:end] for t in g.out[s]]
    data = to_turtle(triples, g.prefixes)[job.heads["ttl"]:] if triples else b""
    return ("dump", "ttl", number, data)


def jsonld_task(job: Job, number: int, start: int, end: int):
    """Node objects ``start:end`` (in ``@id`` order) of the merged graph's JSON-LD dump."""
    g = job.g
    text = []
    for i, (_, subjects) in enumerate(job.groups[start:end]):
        node = jsonld_node([t for s in subjects for t in g.out[s]], job.compact)
        text.append(jsonld_piece(node, start + i == 0))
    return ("dump", "jsonld", number, "".join(text).encode())


def plan(job: Job) -> tuple[list, dict[str, int]]:
    """The tasks for every resource and every dump piece, the heaviest first; and how many pieces each dump has.

    The named graphs' documents are written with their graphs' dump pieces.
    """
    g = job.g
    job.groups = jsonld_groups(g, job.compact)
    graph_runs = pieces([g.graph_counts[x] for x in g.graph_order])
    ttl_runs = pieces([len(g.out[s]) for s in g.subjects])
    jsonld_runs = pieces([sum(len(g.out[s]) for s in subjects) for _, subjects in job.groups])
    dump_tasks = ([(graphs_task, (n, a, b)) for n, (a, b) in enumerate(graph_runs)]
                  + [(turtle_task, (n, a, b)) for n, (a, b) in enumerate(ttl_runs)]
                  + [(jsonld_task, (n, a, b)) for n, (a, b) in enumerate(jsonld_runs)])
    # A page costs about what its document holds: its statements, those pointing to it, their evidence.
    nodes = [n for n in g.documents if n not in g.graph_counts]
    cost = [1 + len(g.out.get(n, ())) + 2 * len(g.inc.get(n, ())) for n in nodes]
    runs = sorted(pieces(cost, 2_000), key=lambda run: -sum(cost[run[0]:run[1]]))
    doc_tasks = [(documents_task, (nodes[a:b],)) for a, b in runs]
    counts = {"graphs": len(graph_runs), "ttl": len(ttl_runs), "jsonld": len(jsonld_runs)}
    # Dump pieces interleaved with pages, so the parent compresses while the workers render.
    tasks, step = [], max(1, len(doc_tasks) // max(1, len(dump_tasks)))
    for i, task in enumerate(dump_tasks):
        tasks.append(task)
        tasks.extend(doc_tasks[i * step:(i + 1) * step])
    tasks.extend(doc_tasks[len(dump_tasks) * step:])
    return tasks, counts


__all__ = ["Job", "documents_task", "plan", "rdf_files", "write_document"]
