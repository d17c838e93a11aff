"""Read a SHACL shapes graph into checks that :mod:`kg.shacl.evaluate` runs as SPARQL.

The subset is the one ``ontology/shapes.ttl`` uses (https://www.w3.org/TR/shacl/):
node shapes with ``sh:targetClass`` or SHACL-AF SPARQL targets (``sh:target`` of type
``sh:SPARQLTarget``), property shapes with an IRI ``sh:path`` and the constraint
components ``minCount``, ``maxCount``, ``datatype``, ``class``, ``nodeKind``, ``in``,
``minLength``, ``minInclusive``, ``pattern`` (+ ``flags``), ``or`` (of shapes using
those value components), ``lessThan``, ``lessThanOrEquals``, ``disjoint``, and
SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select``). Anything else, or a value
pySHACL would refuse, raises :class:`Unsupported`, and the caller validates with
pySHACL instead, so that an unknown shape is never silently skipped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

__all__ = ["Unsupported", "Check", "SparqlCheck", "NodeShape", "Shapes", "compile_shapes"]


class Unsupported(Exception):
    """The shapes use SHACL this engine does not implement (pySHACL is used instead)."""


VALUE_KINDS = {SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.minLength, SH.minInclusive, SH.pattern, SH["or"]}
NODE_KINDS = {SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral, SH.IRIOrLiteral}
COMPONENTS = {
    SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent, SH["class"]: SH.ClassConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH["in"]: SH.InConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent, SH["or"]: SH.OrConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent, SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
}
SHAPE_NOISE = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.message, SH.severity, SH.order,
               SH.group}
PROPERTY_KEYS = set(COMPONENTS) | SHAPE_NOISE | {SH.path, SH.flags}
NODE_KEYS = SHAPE_NOISE | {SH.targetClass, SH.target, SH.property, SH.sparql}
ALTERNATIVE_KEYS = VALUE_KINDS - {SH["or"]} | {RDF.type, RDFS.comment, SH.flags}
# pySHACL refuses some SPARQL and pre-binds some variables: leave those queries to it.
_HELPER = SPARQLQueryHelper
FORBIDDEN_SPARQL = [_HELPER.has_minus_regex, _HELPER.has_values_regex, _HELPER.has_service_regex,
                    _HELPER.has_nested_select_regex, _HELPER.bind_path_regex, _HELPER.bind_sg_regex,
                    _HELPER.bind_cs_regex]
DEFAULT_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}


@dataclass
class Check:
    """One constraint component of one property shape."""

    key: str  # stable across parses of the same shapes: names the check in caches
    node_shape: URIRef | BNode
    shape: URIRef | BNode  # the property shape (sh:sourceShape)
    path: URIRef
    kind: URIRef  # the constraint parameter: SH.minCount, SH.datatype, ...
    value: object  # its value (a list of alternatives for sh:or, a set for sh:in)
    severity: URIRef
    messages: list[Literal]
    flags: str = ""

    @property
    def component(self) -> URIRef:
        return COMPONENTS[self.kind]


@dataclass
class SparqlCheck:
    """A SHACL-SPARQL constraint of a node shape."""

    key: str
    node_shape: URIRef | BNode
    constraint: URIRef | BNode
    select: str  # with its PREFIX declarations, as run on Oxigraph (see hoist_exists)
    plan: "ExistsPlan | None"
    severity: URIRef
    messages: list[Literal]  # the node shape's
    constraint_messages: list[Literal]
    prefixes: str = ""
    text: str = ""  # the sh:select as written
    _branches: object = None

    def branches(self):
        """Its triple patterns, by branch (:func:`kg.shacl.footprint.patterns`), or None."""
        if self._branches is None:
            from kg.shacl.footprint import patterns

            self._branches = patterns(self.prefixes + self.text) or False
        return self._branches or None

    def restricted(self, values: str) -> tuple[str, "ExistsPlan | None"]:
        """The query (and plan) with ``$this`` limited to ``values`` (N-Triples terms)."""
        return (self.prefixes + restrict(self.text, values),
                exists_plan(self.prefixes, self.text, values))


@dataclass
class NodeShape:
    node: URIRef | BNode
    classes: set[URIRef] = field(default_factory=set)
    sparql_targets: list[tuple] = field(default_factory=list)  # (SELECT with prefixes, ExistsPlan | None)


@dataclass
class Shapes:
    graph: Graph
    node_shapes: list[NodeShape]
    checks: list[Check]
    sparql: list[SparqlCheck]
    digest: str


def _one(g: Graph, node, pred, kind=None):
    values = list(g.objects(node, pred))
    if len(values) != 1:
        raise Unsupported(f"{pred} must have exactly one value")
    if kind is not None and not isinstance(values[0], kind):
        raise Unsupported(f"{pred} has a value of the wrong kind")
    return values[0]


def _signature(g: Graph, node, depth=0) -> str:
    """A stable description of a node: its IRI, or its properties for a blank node."""
    if not isinstance(node, BNode) or depth > 200:
        return node.n3()
    parts = sorted(f"{p.n3()} {_signature(g, o, depth + 1)}" for p, o in g.predicate_objects(node))
    return "[" + "; ".join(parts) + "]"


def _severity(g: Graph, shape) -> URIRef:
    values = list(g.objects(shape, SH.severity))
    if len(values) > 1:
        raise Unsupported("several severities")
    return values[0] if values else SH.Violation


def _prefixes(g: Graph, node) -> str:
    prefixes = dict(DEFAULT_PREFIXES)
    for holder in g.objects(node, SH.prefixes):
        for declaration in g.objects(holder, SH.declare):
            prefix = _one(g, declaration, SH.prefix, Literal)
            namespace = _one(g, declaration, SH.namespace, Literal)
            prefixes[str(prefix)] = str(namespace)
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())


def _select(g: Graph, node) -> str:
    select = _one(g, node, SH.select, Literal)
    if not isinstance(select.value, str):
        raise Unsupported("sh:select must be a string")
    text = str(select)
    rebinds = _HELPER.has_as_var_regex.search(text)
    if (any(rx.search(text) for rx in FORBIDDEN_SPARQL) or not _HELPER.bind_this_regex.search(text)
            or (rebinds and rebinds.group(1) == "this")):
        raise Unsupported("SPARQL this engine leaves to pySHACL")
    if list(g.objects(node, SH.deactivated)):
        raise Unsupported("sh:deactivated")
    return _prefixes(g, node), text


def _plan(g: Graph, node) -> tuple[str, ExistsPlan | None]:
    prefixes, text = _select(g, node)
    return prefixes + hoist_exists(text), exists_plan(prefixes, text)


_EXISTS = re.compile(r"FILTER\s*(?:NOT\s+)?EXISTS\s*\{", re.I)


def _skip(text: str, i: int) -> int:
    """The index after the string, IRI or comment starting at ``text[i]`` (or i + 1)."""
    c = text[i]
    if c == "<":
        end = text.find(">", i)
        if end != -1 and not re.search(r"[\s{}]", text[i:end]):
            return end + 1
    elif c == "#":
        end = text.find("\n", i)
        return len(text) if end == -1 else end
    elif c in "\"'":
        quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
        j = i + len(quote)
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote, j):
                return j + len(quote)
            j += 1
        return len(text)
    return i + 1


def _split_exists(select: str):
    """(head up to ``WHERE {``, the group without its top-level EXISTS filters, those filters)."""
    m = re.search(r"\bWHERE\s*\{", select, re.I)
    if not m:
        return None
    start = m.end()
    depth, i, cuts, close = 1, start, [], None
    while i < len(select):
        c = select[i]
        if c in "<#\"'":
            i = _skip(select, i)
            continue
        if depth == 1 and c in "Ff":
            e = _EXISTS.match(select, i)
            if e:
                j, inner = e.end(), 1
                while j < len(select) and inner:
                    if select[j] in "<#\"'":
                        j = _skip(select, j)
                        continue
                    inner += {"{": 1, "}": -1}.get(select[j], 0)
                    j += 1
                cuts.append((i, j))
                i = j
                continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                close = i
                break
        i += 1
    if not cuts or close is None or select[close + 1:].strip():
        return None
    rest, kept, last = [], [], start
    for a, b in cuts:
        rest.append(select[last:a])
        kept.append(select[a:b])
        last = b
    rest.append(select[last:close])
    return select[:start], "".join(rest), kept


def restrict(select: str, values: str) -> str:
    """The query with ``VALUES ?this { values }`` first in its group (innermost after hoisting)."""
    parts = _split_exists(select)
    if parts is not None:
        head, rest, kept = parts
        return (head + f" {{ SELECT * WHERE {{ VALUES ?this {{ {values} }} " + rest + " } }\n"
                + "\n".join(kept) + "\n}")
    m = re.search(r"\bWHERE\s*\{", select, re.I)
    return select[:m.end()] + f" VALUES ?this {{ {values} }} " + select[m.end():]


def hoist_exists(select: str) -> str:
    """The query with its top-level FILTER (NOT) EXISTS moved after the rest of the group.

    Filters apply to the whole group whatever their place, so this changes no result;
    but Oxigraph evaluates an EXISTS filter before a cheap comparison beside it, once
    per solution of the group (8 s instead of 0.15 s for ReportedBeforeItHappened on
    200 articles). Wrapping the rest in ``{ SELECT * WHERE { ... } }`` makes the cheap
    filters run first. A query this cannot read is returned unchanged.
    """
    parts = _split_exists(select)
    if parts is None:
        return select
    head, rest, kept = parts
    return head + " { SELECT * WHERE { " + rest + " } }\n" + "\n".join(kept) + "\n}"


_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")
_PROJECTION = re.compile(r"^\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?((?:[?$][A-Za-z_][A-Za-z0-9_]*\s*)+|\*)\s*WHERE\s*\{$",
                         re.I)


@dataclass
class ExistsPlan:
    """A SPARQL-constraint query taken apart to evaluate its EXISTS filters in one batch.

    ``inner`` selects the solutions of the group without its top-level EXISTS filters;
    each filter is (negated, the pattern inside its braces, its variables). The
    evaluator checks the filters for all solutions at once, with a VALUES block of the
    solutions at the start of the pattern's group, which binds them as SPARQL's
    substitution of EXISTS does (so only for a flat pattern: no nested group).
    """

    inner: str
    filters: list[tuple[bool, str, list[str]]]
    projection: list[str] | None  # None: SELECT *
    distinct: bool


def exists_plan(prefixes: str, select: str, values: str | None = None) -> ExistsPlan | None:
    parts = _split_exists(select)
    if parts is None:
        return None
    head, rest, kept = parts
    m = _PROJECTION.match(re.sub(r"#[^\n]*", "", head))
    if not m:
        return None
    filters = []
    for text in kept:
        body = text[text.index("{") + 1:text.rindex("}")]
        if "{" in body or "}" in body:
            return None
        names = sorted({v for v in _VARIABLE.findall(body)})
        filters.append((bool(re.match(r"FILTER\s*NOT", text, re.I)), body, names))
    projection = None if m.group(2).strip() == "*" else [v[1:] for v in m.group(2).split()]
    first = f" VALUES ?this {{ {values} }} " if values is not None else ""
    return ExistsPlan(prefixes + "SELECT * WHERE {" + first + rest + "}", filters, projection, bool(m.group(1)))


def _value_param(g: Graph, holder, kind):
    if kind == SH["in"]:
        items = list(Collection(g, _one(g, holder, kind)))
        return set(items)
    value = _one(g, holder, kind)
    if kind in (SH.datatype, SH["class"]) and not isinstance(value, URIRef):
        raise Unsupported(f"{kind} must be an IRI")
    if kind == SH.nodeKind and value not in NODE_KINDS:
        raise Unsupported("unknown sh:nodeKind")
    if kind == SH.minLength and not (isinstance(value, Literal) and isinstance(value.value, int) and value.value >= 0):
        raise Unsupported("sh:minLength must be a non-negative integer")
    if kind == SH.pattern and not (isinstance(value, Literal) and isinstance(value.value, str)):
        raise Unsupported("sh:pattern must be a string")
    if kind == SH.minInclusive and not isinstance(value, Literal):
        raise Unsupported("sh:minInclusive must be a literal")
    return value


def _flags(g: Graph, holder) -> str:
    flags = list(g.objects(holder, SH.flags))
    return str(flags[0]).lower() if flags else ""


def _alternative(g: Graph, node) -> list[tuple]:
    """One shape of an sh:or: its value constraints as (kind, value, flags)."""
    predicates = set(g.predicates(node))
    if predicates - ALTERNATIVE_KEYS or not predicates & VALUE_KINDS:
        raise Unsupported("an sh:or alternative this engine does not evaluate")
    return [(kind, _value_param(g, node, kind), _flags(g, node)) for kind in sorted(predicates & VALUE_KINDS)]


def compile_shapes(g: Graph) -> Shapes:
    """The checks of a shapes graph; :class:`Unsupported` for what pySHACL must run."""
    property_shapes = set(g.objects(None, SH.property)) | set(g.subjects(RDF.type, SH.PropertyShape))
    node_nodes = (set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(SH.targetClass, None))
                  | set(g.subjects(SH.target, None)) | set(g.subjects(SH.property, None))
                  | set(g.subjects(SH.sparql, None)))
    for other in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.node, SH.qualifiedValueShape,
                  SH.closed, SH["and"], SH["not"], SH.xone, SH.rule, SH.shapesGraph):
        if any(True for _ in g.subjects(other, None)):
            raise Unsupported(f"{other} is not implemented here")
    node_shapes, checks, sparql = [], [], []
    for node in sorted(node_nodes, key=lambda n: _signature(g, n)):
        if node in property_shapes or set(g.predicates(node)) - NODE_KEYS:
            raise Unsupported(f"node shape {node} uses what this engine does not evaluate")
        if (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g:
            raise Unsupported("implicit class targets")
        if list(g.objects(node, SH.deactivated)):
            raise Unsupported("sh:deactivated")
        shape = NodeShape(node)
        for cls in g.objects(node, SH.targetClass):
            if not isinstance(cls, URIRef):
                raise Unsupported("sh:targetClass must be an IRI")
            shape.classes.add(cls)
        for target in g.objects(node, SH.target):
            if (target, RDF.type, SH.SPARQLTarget) not in g:
                raise Unsupported("a target that is not a SPARQL target")
            shape.sparql_targets.append(_plan(g, target))
        severity = _severity(g, node)
        messages = list(g.objects(node, SH.message))
        for constraint in g.objects(node, SH.sparql):
            sparql.append(SparqlCheck(_signature(g, node) + " " + _signature(g, constraint), node, constraint,
                                      *_plan(g, constraint), severity, messages,
                                      list(g.objects(constraint, SH.message)), *_select(g, constraint)))
        for prop in g.objects(node, SH.property):
            if len(set(g.subjects(SH.property, prop))) != 1 or set(g.predicates(prop)) - PROPERTY_KEYS:
                raise Unsupported(f"property shape {prop} uses what this engine does not evaluate")
            if list(g.objects(prop, SH.deactivated)):
                raise Unsupported("sh:deactivated")
            path = _one(g, prop, SH.path)
            if not isinstance(path, URIRef):
                raise Unsupported("only IRI paths")
            prop_messages = list(g.objects(prop, SH.message))
            if not prop_messages:
                raise Unsupported("pySHACL writes generic messages for shapes without sh:message")
            prop_severity = _severity(g, prop)
            for kind in sorted(set(g.predicates(prop)) & set(COMPONENTS)):
                if kind in (SH.minCount, SH.maxCount):
                    value = _one(g, prop, kind, Literal)
                    if not isinstance(value.value, int) or value.value < 0:
                        raise Unsupported(f"{kind} must be a non-negative integer")
                    value = value.value
                elif kind in (SH.lessThan, SH.lessThanOrEquals, SH.disjoint):
                    value = _one(g, prop, kind, URIRef)
                elif kind == SH["or"]:
                    items = list(Collection(g, _one(g, prop, kind)))
                    if not items:
                        raise Unsupported("empty sh:or")
                    value = [_alternative(g, item) for item in items]
                else:
                    value = _value_param(g, prop, kind)
                checks.append(Check(f"{_signature(g, node)} {_signature(g, prop)} {kind.n3()}", node, prop, path,
                                    kind, value, prop_severity, prop_messages, _flags(g, prop)))
        node_shapes.append(shape)
    digest = hashlib.sha256("\n".join(sorted(c.key for c in checks) + sorted(s.key for s in sparql)).encode())
    return Shapes(g, node_shapes, checks, sparql, digest.hexdigest())
