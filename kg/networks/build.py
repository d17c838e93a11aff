"""Build the networks from SPARQL over the knowledge graph (see :mod:`kg.networks`).

Every fact comes from the ``.rq`` files in ``kg/queries_network/``, run over the union
of the named graphs; this module only joins their rows into networkx graphs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from importlib import resources
from itertools import combinations, permutations

import networkx as nx

from kg.errors import KgError
from kg.namespaces import ACTOR_CLASSES, KGC, KGR, XSD

__all__ = ["NETWORKS", "ACTOR_TYPES", "EVENT_TYPES", "NetworkError", "build_network", "date_span"]

NETWORKS = ("actors", "actors-events", "co-mention")
ACTOR_TYPES = ACTOR_CLASSES
EVENT_TYPES = ("Incident", "Note", "CommunicativeAct", "Meeting", "Law")
ACT_VERBS = {
    "protest-note": "sent a protest note to",
    "clarification-request-note": "sent a note requesting clarification to",
    "official-statement": "made a statement to",
    "expression-of-concern": "expressed concern to",
    "appeal-or-demand": "urged",
    "summons": "summoned",
    "reply-or-acknowledgement": "replied to",
    "call-for-investigation": "called for an investigation by",
    "agreement-signed": "signed an agreement with",
    "criticism": "criticised",
    "directive": "directed",
}
AFFILIATION_VERBS = {
    ("Official", "agency"): "holds a post in",
    ("Agency", "state"): "is an agency of",
    ("Agency", "parent"): "is part of",
    ("Official", "state"): "is an official of",
    ("Person", "state"): "is a national of",
}
# role -> (the actor is the edge's source?, verb)
ROLE_VERBS = {
    "sender": (True, "sent"),
    "participant": (True, "took part in"),
    "agencyInvolved": (True, "was involved in"),
    "state": (True, "enacted"),
    "recipient": (False, "was addressed to"),
    "nationalsAffected": (False, "affected nationals of"),
}
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class NetworkError(KgError):
    """A network cannot be built or written as asked (unknown name, bad filter...)."""


# ---------------------------------------------------------------- dates

def date_span(text: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a full or partial ISO date.

    >>> date_span("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    match = _DATE.fullmatch(text.strip()) if isinstance(text, str) else None
    try:
        if match is None:
            raise ValueError("use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(p) if p else None for p in match.groups())
        first = dt.date(year, month or 1, day or 1)
    except ValueError as err:
        raise NetworkError(None, f"bad date {text!r}: {err}") from None
    if day is not None:
        return first, first
    if month is not None:
        return first, first.replace(day=calendar.monthrange(year, month)[1])
    return first, dt.date(year, 12, 31)


def _date_key(text: str):
    first, last = date_span(text)
    return first, last, text


def _precise(dates) -> list[str]:
    """Drop dates implied by a more precise one; sorted by when they start."""
    dates = set(dates)
    return sorted((d for d in dates if not any(e.startswith(d + "-") for e in dates)), key=_date_key)


def _window(since, until):
    if since is None and until is None:
        return None
    low = date_span(since)[0] if since is not None else dt.date.min
    high = date_span(until)[1] if until is not None else dt.date.max
    if low > high:
        raise NetworkError(None, f"--since {since} is after --until {until}")
    return low, high


def _in_window(dates, window) -> list[str]:
    if window is None:
        return list(dates)
    return [d for d in dates if date_span(d)[0] <= window[1] and date_span(d)[1] >= window[0]]


def _date_attrs(dates) -> dict:
    dates = sorted(set(dates), key=_date_key)
    if not dates:
        return {}
    last = max(dates, key=lambda d: (date_span(d)[1], date_span(d)[0], d))
    return {"dates": dates, "first_date": dates[0], "last_date": last}


# ---------------------------------------------------------------- SPARQL

def _select(store, name: str) -> list[dict]:
    """Run ``queries_network/<name>.rq`` over the union of the named graphs."""
    text = resources.files("kg").joinpath("queries_network", f"{name}.rq").read_text(encoding="utf-8")
    solutions = store.query(text, use_default_graph_as_union=True)
    variables = [v.value for v in solutions.variables]
    return [{v: _python(row[v]) for v in variables} for row in solutions]


def _python(term):
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value == XSD + "integer":
        return int(term.value)
    if datatype is not None and datatype.value == XSD + "boolean":
        return term.value in ("true", "1")
    return term.value


def _node_id(iri: str) -> str:
    """``https://example.org/kg/id/state/russia`` -> ``state/russia``."""
    return iri[len(KGR):] if iri.startswith(KGR) else iri


# ---------------------------------------------------------------- building

def build_network(store, name: str, types=None, since=None, until=None, min_weight: int = 1,
                  include_background: bool = False) -> nx.Graph:
    """Build network ``name`` (one of :data:`NETWORKS`) from a pyoxigraph store.

    Returns an ``nx.DiGraph`` (``actors``, ``actors-events``) or ``nx.Graph``
    (``co-mention``) with sorted nodes and edges and no metrics (see
    :func:`add_metrics`). Raises :class:`NetworkError` for a bad name or filter.
    """
    if name not in NETWORKS:
        raise NetworkError(None, f"unknown network {name!r}; choose one of: {', '.join(NETWORKS)}")
    if not isinstance(min_weight, int) or min_weight < 1:
        raise NetworkError(None, f"minimum weight must be a whole number >= 1, not {min_weight!r}")
    actor_types, event_types = _types(types, name)
    window = _window(since, until)
    if name == "co-mention":
        G = _co_mention(store, actor_types, window)
    else:
        actors = _actors(store, actor_types)
        events = _events(store, event_types, window, include_background)
        roles = _roles(store, events, actors)
        make = _actors_network if name == "actors" else _actors_events_network
        G = make(store, actors, events, roles, window)
    G.remove_edges_from([(u, v) for u, v, w in G.edges(data="weight") if w < min_weight])
    G.graph.update({"network": name, "types": _canonical(types), "since": since,
                    "until": until, "min_weight": min_weight if min_weight > 1 else None,
                    "include_background": include_background or None})
    G.graph = {k: v for k, v in G.graph.items() if v is not None}
    return G


def _canonical(types) -> list[str] | None:
    """The type names as the ontology spells them, sorted; unknown names raise."""
    if not types:
        return None
    known = {t.casefold(): t for t in ACTOR_TYPES + EVENT_TYPES}
    for item in types:
        if item.casefold() not in known:
            raise NetworkError(None, f"unknown type {item!r}; choose from: {', '.join(ACTOR_TYPES + EVENT_TYPES)}")
    return sorted({known[item.casefold()] for item in types})


def _types(types, name):
    chosen = set(_canonical(types) or ())
    if not chosen:
        return set(ACTOR_TYPES), set(EVENT_TYPES)
    actor_types = chosen & set(ACTOR_TYPES) or set(ACTOR_TYPES)
    event_types = chosen & set(EVENT_TYPES)
    if event_types and name == "co-mention":
        raise NetworkError(None, f"co-mention has actors only; {', '.join(sorted(event_types))} is an event type")
    return actor_types, event_types or set(EVENT_TYPES)


def _actors(store, actor_types) -> dict[str, dict]:
    rows = _select(store, "actors")
    labels = {r["actor"]: r["label"] for r in rows}
    nodes = {}
    for r in rows:
        if r["type"] in actor_types:
            state = r["state"]
            nodes[r["actor"]] = {
                "label": r["label"] or _node_id(r["actor"]), "type": r["type"],
                "state": (labels.get(state) or _node_id(state)) if state else None,
                "iri": r["actor"], "articles": r["articles"],
            }
    return nodes


def _events(store, event_types, window, include_background) -> dict[str, dict]:
    events = {}
    for r in _select(store, "events"):
        if r["type"] not in event_types or (r["background"] and not include_background):
            continue
        dates = _in_window(_precise((r["dates"] or "").split()), window)
        if window is not None and not dates:
            continue
        act_types = sorted(t[len(KGC) + len("act/"):] if t.startswith(KGC + "act/") else t
                           for t in (r["actTypes"] or "").split())
        events[r["event"]] = {
            "label": r["label"] or _node_id(r["event"]), "type": r["type"], "iri": r["event"],
            "articles": r["articles"], "dates": dates, "act_types": act_types or None,
            "background": bool(r["background"]),
        }
    return events


def _roles(store, events, actors) -> dict[str, dict[str, dict[str, set]]]:
    """event -> role -> actor -> {(source id, evidence IRI)} for kept events and actors."""
    roles: dict = {}
    for r in _select(store, "event-actors"):
        if r["event"] in events and r["actor"] in actors:
            support = roles.setdefault(r["event"], {}).setdefault(r["role"], {})
            support.setdefault(r["actor"], set()).add((r["source"], r["evidence"]))
    return roles


def _pair(a: set, b: set) -> set:
    """Support of a two-ended edge: the articles giving both ends, else either end."""
    shared = {s for s, _ in a} & {s for s, _ in b}
    return {x for x in a | b if x[0] in shared} if shared else a | b


class _Edges:
    """Accumulates relations, support, events and dates per (u, v)."""

    def __init__(self):
        self.edges: dict = {}

    def add(self, u, v, relation, support, event=None, kind=None):
        edge = self.edges.setdefault((u, v), {"relations": set(), "kinds": set(), "support": set(),
                                              "events": {}})
        edge["relations"].add(relation)
        if kind:
            edge["kinds"].add(kind)
        edge["support"] |= support
        if event is not None:
            edge["events"][event["iri"]] = event

    def add_to(self, G, facts=True):
        """Add the edges whose ends are nodes of ``G``; ``facts``: with relation,
        label, evidence and events (co-mention edges have none of these)."""
        for (u, v), edge in sorted(self.edges.items()):
            if not (G.has_node(_node_id(u)) and G.has_node(_node_id(v))):
                continue
            sources = sorted({s for s, _ in edge["support"]})
            attrs = {"weight": len(sources), "articles": len(sources), "sources": sources}
            if facts:
                relation = "; ".join(sorted(edge["relations"]))
                attrs.update(relation=relation, label=relation,
                             evidence=sorted(e for _, e in edge["support"]))
                if edge["kinds"]:
                    attrs["kind"] = "; ".join(sorted(edge["kinds"]))
                if edge["events"]:
                    attrs["events"] = sorted(_node_id(e) for e in edge["events"])
            attrs.update(_date_attrs(d for e in edge["events"].values() for d in e["dates"]))
            G.add_edge(_node_id(u), _node_id(v), **attrs)


def _add_nodes(G, nodes: dict, dates: dict, window, **extra):
    """Add ``nodes`` (IRI -> attrs) sorted by id; with a date window, only those in
    ``dates`` (IRI -> dates in the window): the others have nothing in the range."""
    for iri in sorted(nodes, key=_node_id):
        if window is not None and iri not in dates:
            continue
        attrs = {k: v for k, v in nodes[iri].items() if v is not None and k != "dates"}
        G.add_node(_node_id(iri), **attrs, **_date_attrs(dates.get(iri, ())), **extra)


def _actor_dates(events, roles) -> dict[str, set]:
    dates: dict = {}
    for iri, by_role in roles.items():
        for actors in by_role.values():
            for actor in actors:
                dates.setdefault(actor, set()).update(events[iri]["dates"])
    return dates


def _across_delegations(participants, actors):
    """Ordered pairs of meeting participants that met: when they come from two or more
    states, only pairs from different states (a state, its agencies and its officials
    form one delegation); stateless participants meet everyone."""
    state = {p: actors[p]["state"] for p in participants}
    several = len({s for s in state.values() if s}) > 1
    return [(a, b) for a, b in permutations(participants, 2)
            if not (several and state[a] and state[a] == state[b])]


def _actors_network(store, actors, events, roles, window) -> nx.DiGraph:
    G = nx.DiGraph()
    _add_nodes(G, actors, _actor_dates(events, roles), window)
    edges = _Edges()
    for iri in sorted(roles):
        event, by_role = events[iri], roles[iri]
        kind = {"Note": "act", "CommunicativeAct": "act"}.get(event["type"], event["type"].lower())
        if event["type"] in ("Note", "CommunicativeAct"):
            pairs = [(s, r, "sender", "recipient") for s in by_role.get("sender", {})
                     for r in by_role.get("recipient", {})]
            verbs = [ACT_VERBS.get(t, t.replace("-", " ") + " to") for t in event["act_types"] or ()]
        elif event["type"] == "Meeting":
            pairs = [(a, b, "participant", "participant")
                     for a, b in _across_delegations(sorted(by_role.get("participant", {})), actors)]
            verbs = ["met"]
        elif event["type"] == "Incident":
            pairs = [(a, n, "agencyInvolved", "nationalsAffected")
                     for a in by_role.get("agencyInvolved", {}) for n in by_role.get("nationalsAffected", {})]
            verbs = ["detained nationals of"]
        else:
            continue
        for u, v, role_u, role_v in pairs:
            if u != v:
                support = _pair(by_role[role_u][u], by_role[role_v][v])
                for verb in verbs or ["addressed"]:
                    edges.add(u, v, verb, support, event, kind)
    rows = _select(store, "affiliations")
    has_agency = {r["subject"] for r in rows if r["property"] == "agency"}
    for r in rows:
        subject = actors.get(r["subject"])
        verb = AFFILIATION_VERBS.get((subject["type"], r["property"])) if subject else None
        if verb and not (verb == "is an official of" and r["subject"] in has_agency):
            edges.add(r["subject"], r["object"], verb, {(r["source"], r["evidence"])}, kind="affiliation")
    edges.add_to(G)
    return G


def _actors_events_network(store, actors, events, roles, window) -> nx.DiGraph:
    G = nx.DiGraph()
    _add_nodes(G, actors, _actor_dates(events, roles), window, bipartite=0)
    _add_nodes(G, events, {iri: e["dates"] for iri, e in events.items()}, window, bipartite=1)
    edges = _Edges()
    for iri in sorted(roles):
        for role, by_actor in roles[iri].items():
            outgoing, verb = ROLE_VERBS[role]
            for actor, support in by_actor.items():
                u, v = (actor, iri) if outgoing else (iri, actor)
                edges.add(u, v, verb, support, events[iri])
    edges.add_to(G)
    return G


def _co_mention(store, actor_types, window) -> nx.Graph:
    actors = _actors(store, actor_types)
    articles: dict = {}
    for r in _select(store, "mentions"):
        article = articles.setdefault(r["source"], {"dates": set(), "actors": set()})
        if r["issued"]:
            article["dates"].add(r["issued"])
        if r["actor"] in actors:
            article["actors"].add(r["actor"])
    dates: dict = {}
    edges = _Edges()
    for source, article in sorted(articles.items()):
        kept = _in_window(_precise(article["dates"]), window)
        if window is not None and not kept:
            continue
        for actor in article["actors"]:
            dates.setdefault(actor, set()).update(kept)
        for u, v in combinations(sorted(article["actors"], key=_node_id), 2):
            edges.add(u, v, "mentioned with", {(source, None)}, {"iri": source, "dates": kept})
    G = nx.Graph()
    _add_nodes(G, actors, dates, window)
    edges.add_to(G, facts=False)
    return G
