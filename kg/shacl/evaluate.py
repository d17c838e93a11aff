"""Run compiled checks over the default graph of an Oxigraph store, as pySHACL would.

Each check becomes one SPARQL query over the whole graph (FIELD-NOTES: pySHACL runs a
SPARQL constraint once per focus node; one query over the graph is hundreds of times
faster). Counting constraints are exact in SPARQL. For value constraints SPARQL only
sorts out the values that surely pass (a plain string for ``xsd:string``, a canonical
integer for ``xsd:integer``, an instance of the class for ``sh:class``...); every
other value is judged in Python with pySHACL's own rules on the rdflib term (which
normalises literals as rdflib does), so an odd literal gets exactly pySHACL's verdict.
SPARQL-based constraints run once with ``$this`` unbound and their rows are read the
way pySHACL reads them, messages included.

``focus`` restricts the core checks to some focus nodes (incremental validation);
SPARQL-based constraints always run over the whole graph.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.shacl.compile import Check, Shapes, SparqlCheck, Unsupported

__all__ = ["Raw", "evaluate", "to_rdflib", "subclass_closure"]

_TYPE = ox.NamedNode(str(RDF.type))
_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_XSD_STRING = str(XSD.string)
_INTEGER = r'"^-?(0|[1-9][0-9]{0,17})$"'


@dataclass(frozen=True)
class Raw:
    """One validation result: the check (by key), its focus node, value, path, messages.

    Terms are N-Triples strings. ``path`` and ``messages`` are set for SPARQL-based
    results only (core results take the property shape's path and messages).
    """

    check: str
    focus: str
    value: str | None = None
    path: str | None = None
    messages: tuple[str, ...] | None = None


def to_rdflib(term):
    """An rdflib term equal to what rdflib's parser would make of this Oxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    logger = logging.getLogger("rdflib.term")
    level, logger.level = logger.level, logging.CRITICAL  # ill-typed literals are judged, not logged
    try:
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    finally:
        logger.level = level


def subclass_closure(store: ox.Store):
    """For each class IRI, itself and every class below it (rdfs:subClassOf*, data graph)."""
    below: dict[str, set[str]] = defaultdict(set)
    for q in store.quads_for_pattern(None, ox.NamedNode(_SUBCLASS), None, ox.DefaultGraph()):
        below[str(q.object)].add(str(q.subject))
    closure: dict[str, set[str]] = {}

    def of(cls: str) -> set[str]:
        if cls not in closure:
            seen, todo = {cls}, [cls]
            while todo:
                for sub in below.get(todo.pop(), ()):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            closure[cls] = seen
        return closure[cls]

    return of


def _values(terms) -> str:
    return " ".join(sorted(terms))


class _Run:
    def __init__(self, shapes: Shapes, store: ox.Store, focus: set[str] | None, core: bool, sparql: bool,
                 sparql_focus: dict | None = None):
        self.shapes, self.store, self.focus = shapes, store, focus
        self.sparql_focus = sparql_focus or {}
        self.do_core, self.do_sparql = core, sparql
        self.closure = subclass_closure(store)
        self.types: dict[str, set[str]] = {}
        self.targets = {s.node: s for s in shapes.node_shapes}
        self._sparql_foci: dict = {}
        self._rows: dict = {}
        self._lock = threading.Lock()
        self._locks: dict = {}

    def query(self, text: str):
        return self.store.query(text)

    def rows(self, text: str, plan=None) -> tuple[list[str], list[dict]]:
        """A SELECT's variables and rows (dicts of bound terms), run once per text."""
        with self._lock:
            lock = self._locks.setdefault(text, threading.Lock())
        with lock:  # one run per text; different texts run in parallel
            if text not in self._rows:
                rows = self._evaluate(plan) if plan is not None else None
                if rows is None:
                    solutions = self.store.query(text)
                    names = [v.value for v in solutions.variables]
                    rows = (names, [{n: row[n] for n in names if row[n] is not None} for row in solutions])
                self._rows[text] = rows
            return self._rows[text]

    def _evaluate(self, plan, limit: int = 5000):
        """Run a query taken apart by :func:`kg.shacl.compile.exists_plan` (None: cannot)."""
        solutions = self.store.query(f"{plan.inner} LIMIT {limit + 1}")
        names = [v.value for v in solutions.variables]
        rows = [{n: row[n] for n in names if row[n] is not None} for row in solutions]
        if len(rows) > limit or any(isinstance(t, ox.BlankNode) for row in rows for t in row.values()):
            return None
        prefixes = plan.inner[:plan.inner.index("SELECT * WHERE {")]
        for negated, body, variables in plan.filters:
            shared = [v for v in variables if v in names]
            if not rows:
                break
            if shared:
                values = " ".join("(" + " ".join(str(row[v]) if v in row else "UNDEF" for v in shared) + ")"
                                  for row in rows)
                text = (f"{prefixes}SELECT DISTINCT {' '.join('?' + v for v in shared)} WHERE {{ "
                        f"VALUES ({' '.join('?' + v for v in shared)}) {{ {values} }} {body} }}")
                if any(v not in row for row in rows for v in shared):
                    return None  # an unbound variable in a pattern: leave it to the query
                found = {tuple(str(r[v]) for v in shared) for r in self.query(text)}
                rows = [row for row in rows if (tuple(str(row[v]) for v in shared) in found) != negated]
            else:
                exists = bool(self.query(f"{prefixes}ASK {{ {body} }}"))
                rows = rows if exists != negated else []
        if plan.projection is not None:
            names = plan.projection
            rows = [{n: row[n] for n in names if n in row} for row in rows]
        if plan.distinct:
            unique = {}
            for row in rows:
                unique.setdefault(tuple(sorted((k, str(v)) for k, v in row.items())), row)
            rows = list(unique.values())
        return names, rows

    # ------------------------------------------------------------ focus nodes

    def focus_pattern(self, node_shape) -> str | None:
        """A SPARQL group binding ?f to the shape's focus nodes (None: it has none)."""
        shape = self.targets[node_shape]
        parts = []
        if shape.classes:
            classes = sorted(set().union(*(self.closure(str(c)) for c in shape.classes)))
            if len(classes) == 1 and not shape.sparql_targets:
                parts.append(f"?f a <{classes[0]}> .")
            else:
                values = _values(f"<{c}>" for c in classes)
                parts.append(f"{{ SELECT DISTINCT ?f WHERE {{ VALUES ?c {{ {values} }} ?f a ?c }} }}")
        if shape.sparql_targets:
            foci = self.sparql_foci(shape)
            if foci:
                if any(f.startswith("_:") for f in foci):
                    raise Unsupported("blank-node focus nodes of a SPARQL target")
                parts.append(f"{{ VALUES ?f {{ {_values(foci)} }} }}")
        if not parts:
            return None
        group = parts[0] if len(parts) == 1 else "{ SELECT DISTINCT ?f WHERE { " + " UNION ".join(
            p if p.startswith("{") else "{ " + p + " }" for p in parts) + " } }"
        if self.focus is not None:
            return f"VALUES ?f {{ {_values(self.focus)} }} {group}" if self.focus else None
        return group

    def sparql_foci(self, shape) -> set[str]:
        if shape.node not in self._sparql_foci:
            foci = set()
            for text, plan in shape.sparql_targets:
                foci.update(str(row["this"]) for row in self.rows(text, plan)[1] if "this" in row)
            self._sparql_foci[shape.node] = foci
        return self._sparql_foci[shape.node]

    def all_foci(self, node_shape) -> set[str]:
        """Every focus node of a shape, for filtering SPARQL-constraint rows."""
        shape = self.targets[node_shape]
        foci = set(self.sparql_foci(shape)) if shape.sparql_targets else set()
        if shape.classes:
            classes = set().union(*(self.closure(str(c)) for c in shape.classes))
            for c in classes:
                foci.update(str(q.subject) for q in self.store.quads_for_pattern(
                    None, _TYPE, ox.NamedNode(c), ox.DefaultGraph()))
        return foci

    def types_of(self, term) -> set[str]:
        key = str(term)
        if key not in self.types:
            if isinstance(term, ox.Literal):
                self.types[key] = set()
            else:
                self.types[key] = {str(q.object) for q in self.store.quads_for_pattern(
                    term, _TYPE, None, ox.DefaultGraph())}
        return self.types[key]

    # ------------------------------------------------------------ the queries, in parallel

    def run(self) -> list[Raw]:
        tasks = []
        groups: dict[tuple, list[Check]] = defaultdict(list)
        for check in self.shapes.checks if self.do_core else ():
            groups[(check.node_shape, check.path)].append(check)
        for check in self.shapes.sparql if self.do_sparql else ():  # the slowest first
            tasks.append(lambda c=check: self.sparql(c))
        for (node_shape, path), checks in groups.items():
            focus = self.focus_pattern(node_shape)
            if focus is None:
                continue
            counts = [c for c in checks if c.kind in (SH.minCount, SH.maxCount)]
            values = [c for c in checks if c.kind in (SH.datatype, SH["class"], SH.nodeKind, SH["in"],
                                                      SH.minLength, SH.minInclusive, SH.pattern, SH["or"])]
            if counts:
                tasks.append(lambda f=focus, p=path, c=counts: self.counts(f, p, c))
            if values:
                tasks.append(lambda f=focus, p=path, c=values: self.value_checks(f, p, c))
            for check in checks:
                if check.kind in (SH.lessThan, SH.lessThanOrEquals):
                    tasks.append(lambda f=focus, c=check: self.pairs(f, c))
                elif check.kind == SH.disjoint:
                    tasks.append(lambda f=focus, c=check: self.disjoint(f, c))
        workers = min(len(tasks), os.cpu_count() or 1) or 1
        with ThreadPoolExecutor(max_workers=workers) as pool:  # pyoxigraph queries release the GIL
            return [r for found in pool.map(lambda task: task(), tasks) for r in found]

    def counts(self, focus: str, path: URIRef, checks: list[Check]) -> list[Raw]:
        if len(checks) == 1 and checks[0].kind == SH.minCount and checks[0].value == 1:
            text = f"SELECT ?f (0 AS ?n) WHERE {{ {focus} FILTER NOT EXISTS {{ ?f <{path}> ?v }} }}"
        else:
            conditions = [f"?n {'<' if c.kind == SH.minCount else '>'} {c.value}" for c in checks]
            text = (f"SELECT ?f ?n WHERE {{ {{ SELECT ?f (COUNT(DISTINCT ?v) AS ?n) WHERE {{ "
                    f"{focus} OPTIONAL {{ ?f <{path}> ?v }} }} GROUP BY ?f }} FILTER ({' || '.join(conditions)}) }}")
        found = []
        for row in self.query(text):
            n = int(row["n"].value)
            for c in checks:
                if (n < c.value) if c.kind == SH.minCount else (n > c.value):
                    found.append(Raw(c.key, str(row["f"])))
        return found

    def value_checks(self, focus: str, path: URIRef, checks: list[Check]) -> list[Raw]:
        surely = " && ".join(_surely(c.kind, c.value, self.closure) for c in checks)
        text = f"SELECT DISTINCT ?f ?v WHERE {{ {focus} ?f <{path}> ?v FILTER (!({surely})) }}"
        verdicts: dict[tuple, bool] = {}
        found = []
        for row in self.query(text):
            v = row["v"]
            for c in checks:
                key = (c.key, str(v))
                if key not in verdicts:
                    verdicts[key] = _passes(c.kind, c.value, c.flags, v, self)
                if not verdicts[key]:
                    found.append(Raw(c.key, str(row["f"]), str(v)))
        return found

    def pairs(self, focus: str, check: Check) -> list[Raw]:
        op = "<" if check.kind == SH.lessThan else "<="
        surely = (f"isLiteral(?v) && isLiteral(?w) && DATATYPE(?v) = xsd:integer && DATATYPE(?w) = xsd:integer "
                  f"&& REGEX(STR(?v), {_INTEGER}) && REGEX(STR(?w), {_INTEGER}) && ?v {op} ?w")
        text = (f"PREFIX xsd: <{XSD}> SELECT DISTINCT ?f ?v ?w WHERE {{ {focus} "
                f"?f <{check.path}> ?v . ?f <{check.value}> ?w FILTER (!({surely})) }}")
        return [Raw(check.key, str(row["f"]), str(row["v"])) for row in self.query(text)
                if not _compare(to_rdflib(row["v"]), to_rdflib(row["w"]), check.kind == SH.lessThanOrEquals)]

    def disjoint(self, focus: str, check: Check) -> list[Raw]:
        text = f"SELECT DISTINCT ?f ?v WHERE {{ {focus} ?f <{check.path}> ?v . ?f <{check.value}> ?v }}"
        return [Raw(check.key, str(row["f"]), str(row["v"])) for row in self.query(text)]

    # ------------------------------------------------------------ SPARQL-based constraints

    def sparql(self, check: SparqlCheck) -> list[Raw]:
        shape = self.targets[check.node_shape]
        if not shape.classes and check.select in {text for text, _ in shape.sparql_targets}:
            foci = None  # the constraint is one of the shape's targets: its rows are all focus nodes
        else:
            foci = self.all_foci(check.node_shape)
            if not foci:
                return []
        seen, found = set(), []
        if check.key in self.sparql_focus:  # only these focus nodes (incremental validation)
            this = self.sparql_focus[check.key]
            if not this:
                return []
            names, rows = self.rows(*check.restricted(_values(this)))
        else:
            names, rows = self.rows(check.select, check.plan)
        if "failure" in names:
            raise Unsupported("?failure in a SPARQL constraint")
        for row in rows:
            this = row.get("this")
            if this is None or (foci is not None and str(this) not in foci):
                continue
            bound = dict(row)
            path, value = bound.pop("path", None), bound.pop("value", None)
            bound.pop("this", None)
            others = tuple(sorted((k, str(v)) for k, v in bound.items()))
            key = (str(this), str(path), str(value), others)
            if key in seen:
                continue
            seen.add(key)
            value = value if value is not None else this  # pySHACL: a node shape's value is the focus
            variables = {k: to_rdflib(v) for k, v in bound.items()}
            variables["this"] = to_rdflib(this)
            if path is not None:
                variables["path"] = to_rdflib(path)
            variables["value"] = to_rdflib(value)
            messages = [_format(str(m.value), variables) for m in check.messages]
            messages += [_format(str(m.value), variables) for m in check.constraint_messages
                         if m not in check.messages]
            found.append(Raw(check.key, str(this), str(value), None if path is None else str(path),
                             tuple(messages)))
        return found


def _format(message: str, variables: dict) -> str:
    for var, val in variables.items():
        message = re.sub("{{[?$]{}}}".format(var), str(val), message)
    return message


# ---------------------------------------------------------------- value constraints


def _surely(kind, value, closure) -> str:
    """A SPARQL expression over ?v true only for values that surely pass (false: ask Python)."""
    if kind == SH.datatype:
        if value == XSD.string:
            return f"(isLiteral(?v) && DATATYPE(?v) = <{XSD.string}>)"
        if value == XSD.integer:
            return f"(isLiteral(?v) && DATATYPE(?v) = <{XSD.integer}> && REGEX(STR(?v), {_INTEGER}))"
        if value == XSD.boolean:
            return f'(isLiteral(?v) && DATATYPE(?v) = <{XSD.boolean}> && STR(?v) IN ("true", "false"))'
        return "false"
    if kind == SH["class"]:
        classes = " ".join(f"<{c}>" for c in sorted(closure(str(value))))
        return f"EXISTS {{ VALUES ?cls {{ {classes} }} ?v a ?cls }}"
    if kind == SH.nodeKind:
        return {SH.IRI: "isIRI(?v)", SH.BlankNode: "isBlank(?v)", SH.Literal: "isLiteral(?v)",
                SH.BlankNodeOrIRI: "!isLiteral(?v)", SH.BlankNodeOrLiteral: "!isIRI(?v)",
                SH.IRIOrLiteral: "!isBlank(?v)"}[value]
    if kind == SH["in"]:
        iris = [v for v in value if isinstance(v, URIRef)]
        return "(" + " || ".join([f"sameTerm(?v, <{v}>)" for v in sorted(iris)] or ["false"]) + ")"
    if kind == SH.minLength:
        return (f"((isIRI(?v) || (isLiteral(?v) && DATATYPE(?v) = <{XSD.string}>)) "
                f"&& STRLEN(STR(?v)) >= {value.value})")
    if kind == SH.minInclusive:
        if value.datatype == XSD.integer and isinstance(value.value, int):
            return (f"(isLiteral(?v) && DATATYPE(?v) = <{XSD.integer}> && REGEX(STR(?v), {_INTEGER}) "
                    f"&& ?v >= {value.value})")
        return "false"
    if kind == SH["or"]:
        alternatives = ["(" + " && ".join(_surely(k, v, closure) for k, v, _ in alt) + ")" for alt in value]
        return "(" + " || ".join(alternatives) + ")"
    return "false"


def _passes(kind, value, flags, term, run: _Run) -> bool:
    """pySHACL's verdict for one value node (an Oxigraph term)."""
    v = to_rdflib(term)
    if kind == SH.datatype:
        return _datatype(v, value)
    if kind == SH["class"]:
        return not isinstance(v, Literal) and bool(run.types_of(term) & run.closure(str(value)))
    if kind == SH.nodeKind:
        if isinstance(v, BNode):
            return value in (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI)
        if isinstance(v, Literal):
            return value in (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral)
        return value in (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI)
    if kind == SH["in"]:
        return v in value
    if kind == SH.minLength:
        if value.value == 0:
            return True
        return not isinstance(v, BNode) and len(_string(v)) >= value.value
    if kind == SH.pattern:
        if isinstance(v, BNode):
            return False
        return bool(_regex(str(value.value) if len(value.value) > 1 else str(value), flags).search(_string(v)))
    if kind == SH.minInclusive:
        return _min_inclusive(v, value)
    if kind == SH["or"]:
        return any(all(_passes(k, val, fl, term, run) for k, val, fl in alt) for alt in value)
    raise Unsupported(str(kind))


_REGEXES: dict = {}


def _regex(pattern: str, flags: str):
    key = (pattern, flags)
    if key not in _REGEXES:
        _REGEXES[key] = re.compile(pattern, (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0))
    return _REGEXES[key]


def _string(v) -> str:
    """pySHACL's value_node_to_string."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
        return str(v.value)
    return str(v)


def _datatype(v, rule) -> bool:
    """pySHACL's DatatypeConstraintComponent for one value."""
    from datetime import date, datetime, time
    from decimal import Decimal

    from rdflib.namespace import RDFS

    if not isinstance(v, Literal):
        return False

    def actual(value) -> bool:
        checks = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
                  XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}
        return isinstance(value, checks[rule]) if rule in checks else True

    if v.datatype == rule:
        return False if getattr(v, "ill_typed", None) is True else actual(v.value)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and v.datatype:
        return True
    if v.datatype is None and v.language is None and rule == XSD.string:
        return actual(v.value)
    if rule == RDF.langString and v.language:
        return actual(v.value)
    return False


def _min_inclusive(v, m) -> bool:
    """pySHACL's MinInclusiveConstraintComponent for one value."""
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(v, Literal):
        return False
    v_is_string, m_is_string = isinstance(v.value, str), isinstance(m.value, str)
    if v_is_string != m_is_string:
        return False
    try:
        return compare_literal(v, m) >= 0
    except (TypeError, NotImplementedError):
        return False


def _compare(v, w, or_equal: bool) -> bool:
    """pySHACL's lessThan / lessThanOrEquals for one pair of values."""
    if isinstance(v, BNode) or isinstance(w, BNode):
        raise Unsupported("pySHACL refuses to compare blank nodes")

    def plain(x):
        if isinstance(x, URIRef):
            return str(x), True
        if isinstance(x, Literal) and isinstance(x.value, str):
            return x.value, True
        return x, False

    (a, a_str), (b, b_str) = plain(v), plain(w)
    if a_str != b_str:
        return False
    try:
        return bool(a <= b) if or_equal else bool(a < b)
    except TypeError:
        raise Unsupported("values pySHACL cannot compare") from None


def evaluate(shapes: Shapes, store: ox.Store, focus: set[str] | None = None, core: bool = True,
             sparql: bool = True, sparql_focus: dict[str, set[str]] | None = None) -> list[Raw]:
    """Every validation result of ``shapes`` over the default graph of ``store``.

    ``focus`` (N-Triples IRIs) limits the core checks to those focus nodes, and
    ``sparql_focus`` (check key: IRIs) some SPARQL-based constraints to theirs; ``core``
    and ``sparql`` choose which checks run.
    """
    restricted = [focus] if focus is not None else []
    restricted += list((sparql_focus or {}).values())
    if any(f.startswith("_:") for nodes in restricted for f in nodes):
        raise Unsupported("blank nodes cannot be named in a query")
    return _Run(shapes, store, focus, core, sparql, sparql_focus).run()
