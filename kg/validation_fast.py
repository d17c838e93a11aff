"""The fast path of :func:`kg.validation.validate`: SPARQL on Oxigraph (:mod:`kg.shacl`).

The data is loaded into an in-memory Oxigraph store as one graph (the union of its
graphs), except a build's own ``graph.nq``: while the build's stores are those of that
file (``cache/stores.json`` records its stamp), its merged store is used as it is and
the validation is incremental (:mod:`kg.shacl.incremental`). The results become the
report graph pySHACL would write (same shapes, components, severities, values, paths
and messages) and the same :class:`~kg.validation.Finding` lines.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg import buildstore
from kg.errors import KgError
from kg.namespaces import KG, PREFIXES, PROV
from kg.shacl import Raw, Shapes, evaluate, to_rdflib
from kg.shacl.incremental import validate_build

__all__ = ["validate_fast", "open_data"]

_OX_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".trig": ox.RdfFormat.TRIG, ".ttl": ox.RdfFormat.TURTLE,
               ".nt": ox.RdfFormat.N_TRIPLES}
_LABEL, _TYPE = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(RDF.type))
_MENTIONS, _DERIVED = ox.NamedNode(KG + "mentions"), ox.NamedNode(PROV + "wasDerivedFrom")
_EVIDENCE, _ARTICLE = ox.NamedNode(KG + "Evidence"), ox.NamedNode(KG + "Article")
_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
_ROLES = (ox.NamedNode(str(RDF.subject)), ox.NamedNode(str(RDF.object)))
_DEFAULT = ox.DefaultGraph()


def _build_dir(path: Path) -> Path | None:
    """The build folder when ``path`` is a build's graph.nq that its stores still match."""
    out_dir = path.resolve().parent
    if path.name != "graph.nq" or not (out_dir / "merged").is_dir():
        return None
    state = buildstore.load_state(out_dir)
    return out_dir if state and state.get("stamp") == buildstore.nq_stamp(out_dir) else None


def open_data(data) -> tuple[ox.Store, Path | None]:
    """An Oxigraph store whose default graph is the union of ``data``'s graphs."""
    from kg.validation import _FORMATS, _union

    if isinstance(data, Graph):
        store = ox.Store()
        text = _union(data).serialize(format="nt", encoding="utf-8")
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT)
                          for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
        return store, None
    path = Path(data)
    if not path.is_file():
        raise KgError(path, "graph file not found")
    if path.suffix not in _FORMATS:
        raise KgError(path, f"cannot read a {path.suffix or 'suffix-less'} file: use {', '.join(_FORMATS)}")
    out_dir = _build_dir(path)
    if out_dir is not None:
        return ox.Store.read_only(str(out_dir / "merged")), out_dir
    store = ox.Store()
    try:
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, _DEFAULT)
                          for q in ox.parse(path=str(path), format=_OX_FORMATS[path.suffix]))
    except (SyntaxError, ValueError) as e:
        reason = " ".join(str(e).split())
        line = re.search(r"line (\d+)|^(\d+):", reason)
        raise KgError(path, f"cannot read the graph: {reason[:200]}",
                      int(line.group(1) or line.group(2)) if line else None) from e
    return store, None


def validate_fast(data, shapes_path: Path, shapes_graph: Graph, shapes: Shapes):
    from kg.build import build_lock
    from kg.validation import make_result

    store, out_dir = open_data(data)
    if out_dir is not None:
        try:
            lock = build_lock(out_dir, shared=True)
            lock.__enter__()
        except OSError:
            lock = nullcontext()
        try:
            raws, info = validate_build(out_dir, shapes, shapes_path.read_bytes(), store)
        finally:
            lock.__exit__(None, None, None)
    else:
        raws, info = evaluate(shapes, store), {"mode": "full", "focus": None}
    report, nodes = report_graph(raws, shapes)
    findings = sorted(_findings(report, nodes, store, shapes_graph), key=lambda f: f.sort_key())
    conforms = not any(report.value(r, SH.resultSeverity) == SH.Violation for r in nodes)
    result = make_result(conforms, report, findings, shapes_graph)
    result.info = {"engine": "oxigraph", **info}
    return result


def _term(nt: str):
    if nt.startswith("_:"):
        return ox.BlankNode(nt[2:])
    return next(iter(ox.parse(f"{nt} <urn:p> <urn:o> .", format=ox.RdfFormat.N_TRIPLES))).subject \
        if nt.startswith("<") else next(iter(ox.parse(f"<urn:s> <urn:p> {nt} .",
                                                      format=ox.RdfFormat.N_TRIPLES))).object


def report_graph(raws: list[Raw], shapes: Shapes) -> tuple[Graph, list]:
    """pySHACL's report graph for these results."""
    checks = {c.key: c for c in shapes.checks}
    sparql = {c.key: c for c in shapes.sparql}
    report = Graph()
    for prefix, namespace in PREFIXES.items():
        report.bind(prefix, namespace)
    report.bind("sh", str(SH))
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    nodes, terms = [], {}

    def rdf(nt):
        if nt not in terms:
            terms[nt] = to_rdflib(_term(nt))
        return terms[nt]

    violation = False
    for raw in raws:
        r = BNode()
        nodes.append(r)
        report.add((root, SH.result, r))
        report.add((r, RDF.type, SH.ValidationResult))
        report.add((r, SH.focusNode, rdf(raw.focus)))
        if raw.value is not None:
            report.add((r, SH.value, rdf(raw.value)))
        if raw.check in checks:
            c = checks[raw.check]
            severity = c.severity
            report.add((r, SH.sourceConstraintComponent, c.component))
            report.add((r, SH.sourceShape, c.shape))
            report.add((r, SH.resultPath, c.path))
            for m in c.messages:
                report.add((r, SH.resultMessage, m))
        else:
            c = sparql[raw.check]
            severity = c.severity
            report.add((r, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
            report.add((r, SH.sourceShape, c.node_shape))
            report.add((r, SH.sourceConstraint, c.constraint))
            if raw.path is not None:
                report.add((r, SH.resultPath, rdf(raw.path)))
            for m in raw.messages or ():
                report.add((r, SH.resultMessage, Literal(m)))
        report.add((r, SH.resultSeverity, severity))
        violation = violation or severity == SH.Violation
    report.add((root, SH.conforms, Literal(not violation)))
    return report, nodes


class _Describer:
    """Labels, classes and source articles of focus nodes, read from the store."""

    def __init__(self, store: ox.Store):
        self.store = store
        self.articles: dict = {}

    def objects(self, s, p):
        return [q.object for q in self.store.quads_for_pattern(s, p, None, _DEFAULT)]

    def label(self, node) -> str:
        from kg.validation import _last_segment

        labels = sorted(str(to_rdflib(o)) for o in self.objects(node, _LABEL) if isinstance(o, ox.Literal))
        return labels[0] if labels else _last_segment(to_rdflib(node))

    def kg_class(self, node) -> str:
        classes = sorted(o.value for o in self.objects(node, _TYPE)
                         if isinstance(o, ox.NamedNode) and o.value.startswith(KG))
        return classes[0][len(KG):] if classes else ""

    def is_article(self, node) -> bool:
        if node not in self.articles:
            self.articles[node] = ox.Quad(node, _TYPE, _ARTICLE, _DEFAULT) in self.store
        return self.articles[node]

    def sources(self, node) -> tuple[str, ...]:
        from kg.validation import _last_segment

        found = {q.subject for q in self.store.quads_for_pattern(None, _MENTIONS, node, _DEFAULT)}
        found.update(self.objects(node, _DERIVED))
        for role in _ROLES:
            for q in self.store.quads_for_pattern(None, role, node, _DEFAULT):
                if ox.Quad(q.subject, _TYPE, _EVIDENCE, _DEFAULT) in self.store:
                    found.update(self.objects(q.subject, _DERIVED))
        found.add(node)
        names = set()
        for article in found:
            if isinstance(article, ox.Literal) or not self.is_article(article):
                continue
            if isinstance(article, ox.NamedNode):
                names.add(_last_segment(URIRef(article.value)))
            else:
                titles = self.objects(article, _TITLE)
                names.add(str(to_rdflib(titles[0])) if titles else str(to_rdflib(article)))
        return tuple(sorted(names))


def _findings(report: Graph, nodes: list, store: ox.Store, shapes_graph: Graph) -> set:
    from kg.validation import Finding, _local, _message, _short

    describe = _Describer(store)
    described: dict = {}
    found = set()
    for r in nodes:
        focus = report.value(r, SH.focusNode)
        value = report.value(r, SH.value)
        path = report.value(r, SH.resultPath)
        severity = report.value(r, SH.resultSeverity)
        if focus not in described:
            node = ox.NamedNode(str(focus)) if isinstance(focus, URIRef) else (
                ox.BlankNode(str(focus)) if isinstance(focus, BNode) else None)
            described[focus] = (describe.label(node), describe.kg_class(node), describe.sources(node)) \
                if node is not None else (str(focus), "", ())
        label, cls, sources = described[focus]
        found.add(Finding(
            severity=_local(severity) if severity is not None else "Violation",
            focus=str(focus), focus_label=label, focus_class=cls,
            path=_short(path) if isinstance(path, URIRef) else "",
            message=_message(report, r, shapes_graph),
            value=None if value is None else str(value),
            sources=sources,
        ))
    return found
