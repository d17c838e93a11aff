"""Which focus nodes a change can affect, for a SHACL-SPARQL constraint.

A constraint's results for ``$this = f`` come from solutions whose triples are joined to
``f`` through the query's triple patterns (those of ``FILTER EXISTS`` included). So a
changed triple matters to ``f`` only if it matches some pattern and the patterns
between that pattern and ``$this`` lead, in the data, from the matched terms to ``f``.
:func:`affected` follows exactly those paths, shortest first, in the graph after the
change and through the removed triples (which were in the graph before it): a superset
of the focus nodes whose results can differ. It gives up (returns None, and the
constraint runs over the whole graph) on what it cannot follow: property paths,
``GRAPH``, subqueries and aggregates, patterns not connected to ``$this``, blank nodes,
or a change that reaches more than ``limit`` nodes.
"""

from __future__ import annotations

from collections import defaultdict, deque

import pyoxigraph as ox
from rdflib import Literal, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery

__all__ = ["patterns", "affected"]

_PASS = {"SelectQuery", "Project", "Distinct", "Reduced", "Slice", "OrderBy", "Extend"}


class _GiveUp(Exception):
    pass


def _exists_graphs(expr, found: list):
    """The graph patterns of the EXISTS and NOT EXISTS inside an expression."""
    if isinstance(expr, list | tuple):
        for item in expr:
            _exists_graphs(item, found)
    elif hasattr(expr, "name") and hasattr(expr, "values"):
        if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            found.append(expr.graph)
        else:
            for value in expr.values():
                _exists_graphs(value, found)


def _triples(triples) -> list[tuple]:
    for t in triples:
        if not all(isinstance(x, Variable | URIRef | Literal) for x in t):
            raise _GiveUp("a property path or a blank node in a pattern")
    return [tuple(t) for t in triples]


def _branches(node) -> list[list[tuple]]:
    """The sets of triple patterns that one solution matches together (one per UNION
    branch, with and without each OPTIONAL and each EXISTS pattern)."""
    name = getattr(node, "name", None)
    if name == "BGP":
        return [_triples(node.triples)]
    if name in _PASS:
        if name == "Extend" and _has_exists(node.expr):
            raise _GiveUp("EXISTS in BIND")
        return _branches(node.p)
    if name == "Join":
        return [a + b for a in _branches(node.p1) for b in _branches(node.p2)]
    if name == "LeftJoin":
        if _has_exists(node.get("expr")):
            raise _GiveUp("EXISTS in OPTIONAL")
        left = _branches(node.p1)
        return left + [a + b for a in left for b in _branches(node.p2)]
    if name == "Union":
        return _branches(node.p1) + _branches(node.p2)
    if name == "Filter":
        base = _branches(node.p)
        graphs: list = []
        _exists_graphs(node.expr, graphs)
        out = list(base)
        for graph in graphs:
            out += [a + e for a in base for e in _branches(graph)]
        return out
    if name == "GroupGraphPatternSub":  # an EXISTS pattern, as the parser leaves it
        triples = []
        for part in node.part:
            if part.name == "TriplesBlock":
                flat = list(part.triples)[0] if len(part.triples) == 1 else [x for t in part.triples for x in t]
                triples += _triples([flat[i:i + 3] for i in range(0, len(flat), 3)])
            elif part.name == "Filter" and not _has_exists(part.expr):
                continue
            else:
                raise _GiveUp(part.name)
        return [triples]
    raise _GiveUp(str(name))


def _has_exists(expr) -> bool:
    found: list = []
    _exists_graphs(expr, found)
    return bool(found)


def patterns(select: str) -> list[list[tuple]] | None:
    """The branches of triple patterns of a SELECT query (see :func:`_branches`), or None
    when some branch is not all connected to ``$this``."""
    try:
        branches = _branches(prepareQuery(select).algebra)
    except _GiveUp:
        return None
    except Exception:  # noqa: BLE001 - a query rdflib cannot read is simply not analysed
        return None
    this = Variable("this")
    for branch in branches:
        links = defaultdict(set)
        for triple in branch:
            variables = [t for t in triple if isinstance(t, Variable)]
            for v in variables:
                links[v].update(variables)
        seen, todo = {this}, [this]
        while todo:
            for nxt in links[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        if this not in links or any(isinstance(t, Variable) and t not in seen for triple in branch for t in triple):
            return None
    return branches


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype))) if term.datatype else ox.Literal(str(term))
    raise _GiveUp("blank node")


def affected(branches: list[list[tuple]], store: ox.Store, changed: list[ox.Triple], removed: list[ox.Triple],
             limit: int = 50_000) -> set[str] | None:
    """The ``$this`` values (N-Triples) whose results the ``changed`` triples can affect.

    ``changed`` are the triples added or removed; ``removed`` those removed, which the
    walk also follows (the graph before the change had them).
    """
    this = Variable("this")
    old = defaultdict(list)
    for t in removed:
        old[("s", t.subject)].append(t)
        old[("o", t.object)].append(t)
    result: set = set()
    try:
        for branch in branches:
            distance = _distances(branch)
            for triple in branch:
                for t in changed:
                    binding = _match(triple, t)
                    if binding is None:
                        continue
                    order = {triple[0]: 0, triple[2]: 1, triple[1]: 2}  # prefer a subject to start from
                    var = min(binding, key=lambda v: (distance[v], order.get(v, 3)))
                    values = {binding[var]}
                    while var != this:  # towards $this, one pattern of this branch at a time
                        pattern, nxt = next((tp, u) for tp in branch if var in tp for u in tp
                                            if isinstance(u, Variable) and distance.get(u) == distance[var] - 1)
                        values = _step(store, old, pattern, var, values, nxt, limit)
                        var = nxt
                    result.update(values)
                    if len(result) > limit:
                        return None
    except _GiveUp:
        return None
    if any(isinstance(v, ox.BlankNode) for v in result):
        return None
    return {str(v) for v in result if not isinstance(v, ox.Literal)}


def _distances(branch) -> dict:
    this = Variable("this")
    distance = {this: 0}
    queue = deque([this])
    while queue:
        var = queue.popleft()
        for triple in branch:
            if var in triple:
                for t in triple:
                    if isinstance(t, Variable) and t not in distance:
                        distance[t] = distance[var] + 1
                        queue.append(t)
    return distance


def _step(store, old, pattern, var, values, target, limit) -> set:
    """The values of ``target`` in matches of ``pattern`` with ``var`` among ``values``,
    in the graph now and among the removed triples."""
    s, p, o = pattern
    at, to = (s, p, o).index(var), (s, p, o).index(target)
    out = set()
    for value in values:
        if (at == 0 and isinstance(value, ox.Literal)) or (at == 1 and not isinstance(value, ox.NamedNode)):
            continue
        args = [None if isinstance(t, Variable) else _ox(t) for t in (s, p, o)]
        args[at] = value
        for q in store.quads_for_pattern(*args, ox.DefaultGraph()):
            out.add((q.subject, q.predicate, q.object)[to])
        for t in old.get(("s", value) if at == 0 else ("o", value) if at == 2 else (None, None), ()):
            binding = _match(pattern, t)
            if binding is not None and binding.get(var) == value:
                out.add((t.subject, t.predicate, t.object)[to])
        if len(out) > limit:
            raise _GiveUp("too many")
    return out


def _match(pattern, t: ox.Triple) -> dict | None:
    binding = {}
    for term, value in zip(pattern, (t.subject, t.predicate, t.object)):
        if isinstance(term, Variable):
            if term in binding and binding[term] != value:
                return None
            binding[term] = value
        elif _ox(term) != value:
            return None
    return binding


