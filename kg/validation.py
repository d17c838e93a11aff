"""Check a kg graph against the SHACL shapes and report what is wrong, for a journalist.

``validate(data, shapes_path)`` validates the *union* of the named graphs
(https://www.w3.org/TR/shacl/, with the SHACL-SPARQL constraints and targets of
pySHACL's advanced mode), because the graph model spreads one entity's facts over the
graphs of the sources that state them. No inference is run: the data carries the types
the shapes need.

Two engines give the same results. The default one (:mod:`kg.shacl`) runs each
constraint as one SPARQL query over the whole graph in Oxigraph; for a build's own
``graph.nq`` it uses the build's merged store and re-checks only what changed since the
last validation. pySHACL (``engine="pyshacl"``) runs over a plain rdflib Memory graph
(pySHACL over oxrdflib is slow and reports false violations, see FIELD-NOTES); it is
used whenever the shapes use SHACL the fast engine does not implement, and it is the
reference the fast engine is tested against (tests/test_validation_scale.py).

The result is data and text, like pySHACL's ``(conforms, report_graph, report_text)``:
``conforms`` is False only when there is an ``sh:Violation`` (warnings are worth a look
but do not fail validation), ``results`` holds one :class:`Finding` per problem with the
names a reader knows (the entity's label, the source articles), and ``text`` is one
line per finding, sorted, ending with a count.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
import pyshacl.errors
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import KgError, ShapeLoadError
from kg.namespaces import DCTERMS, KG, PREFIXES, PROV, SH

__all__ = ["Finding", "ValidationResult", "validate"]

_KG, _SH, _PROV = Namespace(KG), Namespace(SH), Namespace(PROV)
_DCTERMS = Namespace(DCTERMS)

# Most important first; unknown severities sort last.
SEVERITIES = ("Violation", "Warning", "Info")

# rdflib format names by file suffix. Only these: rdflib would fetch a remote JSON-LD
# @context itself (FIELD-NOTES), and a graph file should not reach the network.
_FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt"}


@dataclass(frozen=True)
class Finding:
    """One problem pySHACL found, in the words of the graph's reader.

    ``focus_class`` is the local name of the focus node's kg class ("Incident"),
    ``path`` a short name ("kg:date", "" for a whole-node problem), ``value`` the
    offending value as text (a literal's lexical form or an IRI), and ``sources`` the
    ids of the articles whose evidence or mentions concern the focus node.
    """

    severity: str
    focus: str
    focus_label: str
    focus_class: str
    path: str
    message: str
    value: str | None
    sources: tuple[str, ...]

    def sort_key(self) -> tuple:
        rank = SEVERITIES.index(self.severity) if self.severity in SEVERITIES else len(SEVERITIES)
        return (rank, self.focus_label, self.path, self.message, self.focus, self.value or "")

    @property
    def line(self) -> str:
        """``Violation: Incident "Raid in Strogino" — kg:date: <message> (source: <ids>)``."""
        what = f'{self.focus_class} "{self.focus_label}"' if self.focus_class else f'"{self.focus_label}"'
        where = f"{self.path}: " if self.path else ""
        source = f" (source: {', '.join(self.sources)})" if self.sources else ""
        return f"{self.severity}: {what} — {where}{self.message}{source}"


@dataclass
class ValidationResult:
    """What :func:`validate` returns: the verdict, pySHACL's report graph, and findings.

    ``shapes_graph`` is the graph the report's ``sh:sourceShape`` nodes belong to (its
    property shapes are blank nodes, meaningful only there).
    """

    conforms: bool
    report_graph: Graph
    results: list[Finding]
    text: str
    shapes_graph: Graph
    info: dict = field(default_factory=dict)  # which engine ran, and how (full or incremental)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.results if f.severity == severity)


def validate(data: str | Path | Graph, shapes_path: str | Path, *, engine: str = "auto") -> ValidationResult:
    """Validate ``data`` against the shapes in ``shapes_path``.

    ``data`` is a path to an N-Quads, TriG, Turtle or N-Triples file, or an rdflib
    Graph or Dataset; all its graphs are validated together, as one union graph.
    ``engine`` is ``"auto"`` (SPARQL on Oxigraph where the shapes allow, else pySHACL),
    ``"oxigraph"`` or ``"pyshacl"``. Raises :class:`ShapeLoadError` when the shapes
    cannot be read or are not valid SHACL, and :class:`KgError` when the data file
    cannot be read.

    >>> from rdflib import Graph
    >>> validate(Graph(), "ontology/shapes.ttl").text
    '0 violations, 0 warnings'
    """
    if engine not in ("auto", "oxigraph", "pyshacl"):
        raise ValueError(f"unknown engine {engine!r}")
    shapes = _load_shapes(Path(shapes_path))
    if engine != "pyshacl":
        from kg.shacl import Unsupported, compile_shapes
        from kg.validation_fast import validate_fast

        try:
            return validate_fast(data, Path(shapes_path), shapes, compile_shapes(shapes))
        except Unsupported:
            if engine == "oxigraph":
                raise
    return _validate_pyshacl(data, shapes_path, shapes)


def _validate_pyshacl(data, shapes_path, shapes: Graph) -> ValidationResult:
    union = _union(data)
    try:
        conforms, report, _ = pyshacl.validate(
            union, shacl_graph=shapes, inference="none", advanced=True,
            allow_warnings=True, allow_infos=True, inplace=True,
        )
    except (pyshacl.errors.ShapeLoadError, pyshacl.errors.ConstraintLoadError) as e:
        raise ShapeLoadError(shapes_path, f"{e.message} (see {e.link})") from e
    except pyshacl.errors.ReportableRuntimeError as e:
        raise ShapeLoadError(shapes_path, e.message) from e
    if isinstance(report, Exception):  # pySHACL returns, not raises, a constraint that cannot run
        raise ShapeLoadError(shapes_path, str(report))
    findings = sorted(_findings(report, union, shapes), key=Finding.sort_key)
    result = make_result(conforms, report, findings, shapes)
    result.info = {"engine": "pyshacl", "mode": "full"}
    return result


def make_result(conforms: bool, report: Graph, findings: list[Finding], shapes: Graph) -> ValidationResult:
    result = ValidationResult(conforms, report, findings, text="", shapes_graph=shapes)
    result.text = "\n".join([f.line for f in findings] + [_summary(result)])
    return result


def _load_shapes(path: Path) -> Graph:
    """Parse the shapes file, turning any parse failure into a ShapeLoadError."""
    if not path.is_file():
        raise ShapeLoadError(path, "shapes file not found")
    try:
        return Graph().parse(path, format=_FORMATS.get(path.suffix, "turtle"))
    except Exception as e:  # rdflib raises many exception types for bad syntax
        reason, line = _syntax_problem(e)
        raise ShapeLoadError(path, f"not valid Turtle: {reason}", line) from e


def _syntax_problem(e: Exception) -> tuple[str, int | None]:
    """A one-line reason and the 1-based line of an rdflib parse error, when it has one."""
    if hasattr(e, "_why") and hasattr(e, "lines"):  # the Turtle/TriG parser's BadSyntax
        return str(e._why), e.lines + 1
    reason = " ".join(str(e).split())
    return (reason[:200] + "...") if len(reason) > 200 else reason, None


def _union(data: str | Path | Graph) -> Graph:
    """Return a fresh Memory graph holding the triples of every graph of ``data``."""
    if not isinstance(data, Graph):
        path = Path(data)
        if not path.is_file():
            raise KgError(path, "graph file not found")
        if path.suffix not in _FORMATS:
            raise KgError(path, f"cannot read a {path.suffix or 'suffix-less'} file: use {', '.join(_FORMATS)}")
        dataset = Dataset()
        try:
            with warnings.catch_warnings():  # rdflib's own Dataset.parse uses a deprecated name
                warnings.simplefilter("ignore", DeprecationWarning)
                dataset.parse(path, format=_FORMATS[path.suffix])
        except Exception as e:  # rdflib raises many exception types for bad syntax
            reason, line = _syntax_problem(e)
            raise KgError(path, f"cannot read the graph: {reason}", line) from e
        data = dataset
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace)
    if hasattr(data, "quads"):  # a Dataset (or ConjunctiveGraph): every graph, default included
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        union += data
    return union


def _findings(report: Graph, data: Graph, shapes: Graph) -> set[Finding]:
    """Read pySHACL's validation results into Findings (identical ones merge)."""
    found = set()
    for r in report.subjects(RDF.type, _SH.ValidationResult):
        focus = report.value(r, _SH.focusNode)
        value = report.value(r, _SH.value)
        path = report.value(r, _SH.resultPath)
        severity = report.value(r, _SH.resultSeverity)
        found.add(Finding(
            severity=_local(severity) if severity is not None else "Violation",
            focus=str(focus),
            focus_label=_label(data, focus),
            focus_class=_kg_class(data, focus),
            path=_short(path) if isinstance(path, URIRef) else "",
            message=_message(report, r, shapes),
            value=None if value is None else str(value),
            sources=_sources(data, focus),
        ))
    return found


def _message(report: Graph, result, shapes: Graph) -> str:
    """The result's message; when the shape's own message came with a more specific one
    (pySHACL adds a node shape's message to its SPARQL constraints' results), the
    specific one."""
    messages = sorted(str(m) for m in report.objects(result, _SH.resultMessage))
    if len(messages) > 1:
        shape = report.value(result, _SH.sourceShape)
        generic = {str(m) for m in shapes.objects(shape, _SH.message)}
        messages = [m for m in messages if m not in generic] or messages
    return messages[0] if messages else "fails a shape"


def _label(data: Graph, node) -> str:
    labels = sorted(str(o) for o in data.objects(node, RDFS.label) if isinstance(o, Literal))
    return labels[0] if labels else _last_segment(node)


def _kg_class(data: Graph, node) -> str:
    classes = sorted(str(t) for t in data.objects(node, RDF.type) if str(t).startswith(KG))
    return classes[0][len(KG):] if classes else ""


def _sources(data: Graph, node) -> tuple[str, ...]:
    """Ids of the articles (kg:Article) whose evidence is about ``node`` (as subject or
    object), that mention it, that it derives from (evidence), or the article itself."""
    articles = set(data.subjects(_KG.mentions, node))
    articles.update(data.objects(node, _PROV.wasDerivedFrom))
    for role in (RDF.subject, RDF.object):
        for evidence in data.subjects(role, node):
            if (evidence, RDF.type, _KG.Evidence) in data:
                articles.update(data.objects(evidence, _PROV.wasDerivedFrom))
    articles.add(node)
    articles = {a for a in articles if (a, RDF.type, _KG.Article) in data}
    return tuple(sorted({_source_name(data, a) for a in articles}))


def _source_name(data: Graph, article) -> str:
    """An article's source id: the last segment of its IRI (``source/<source-id>``)."""
    if isinstance(article, URIRef):
        return _last_segment(article)
    title = data.value(article, _DCTERMS.title)
    return str(title) if title is not None else str(article)


def _short(iri: URIRef) -> str:
    """``kg:date`` for a known namespace, the IRI itself otherwise."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if str(iri).startswith(namespace):
            return f"{prefix}:{str(iri)[len(namespace):]}"
    return str(iri)


def _local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _last_segment(node) -> str:
    text = str(node).rstrip("/")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] if "#" in text or "/" in text else text


def _summary(result: ValidationResult) -> str:
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    parts = [n(result.count("Violation"), "violation"), n(result.count("Warning"), "warning")]
    if result.count("Info"):
        parts.append(n(result.count("Info"), "info"))
    return ", ".join(parts)
