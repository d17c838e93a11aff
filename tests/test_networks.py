"""Actor networks (issue 4): built with SPARQL from the corpus graph, exported for Gephi.

Checks the acceptance bar: node counts equal the SPARQL rows, every edge traces back
to facts and to kg:Article sources, GEXF validates against the 1.3 grammar and reads in
networkx and graphology-gexf (Gephi Lite), GraphML/JSON/CSV round trips, filters, CLI.
The GEXF grammar and Node harness are those of tests/test_export_formats.py.
"""

from __future__ import annotations

import csv
import json
import math

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.networks.metrics
from kg.cli import cli
from kg.namespaces import DCTERMS, KG, KGC, KGR, PROV, RDF
from kg.networks import (ACTOR_TYPES, EVENT_TYPES, FORMATS, NETWORKS, NetworkError, add_metrics,
                         build_network, date_span, export_network)
from kg.networks.build import _precise
from kg.queries import load_query, run_query
from kg.stats import open_store

from conftest import REPO
from test_export_formats import (  # noqa: F401  (fixtures: the shared GEXF grammar and Node harness)
    assert_valid_gexf, gexf_schema, graphology_dir, read_with_graphology)

QUERIES = REPO / "kg" / "queries_network"
LIST_KEYS = ("dates", "sources", "evidence", "events", "act_types")


# ---------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def store(built_corpus):
    return open_store(built_corpus.out_dir)


@pytest.fixture(scope="module")
def networks(store):
    return {name: add_metrics(build_network(store, name)) for name in NETWORKS}


@pytest.fixture(scope="module")
def exported(built_corpus, tmp_path_factory):
    """Every network in every format, written once with export_network."""
    out = tmp_path_factory.mktemp("networks")
    return {(name, fmt): export_network(built_corpus.out_dir, name, fmt, out / f"{name}.{fmt}")
            for name in NETWORKS for fmt in FORMATS}


def rows(store, name):
    return run_query(store, load_query(QUERIES / f"{name}.rq", QUERIES)).as_dicts()


def objects(store, subject, predicate):
    return {q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)}


def article_ids(store):
    """source id -> Article IRI, for every kg:Article (no SPARQL: triple patterns)."""
    ids = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(RDF + "type"), ox.NamedNode(KG + "Article")):
        for identifier in objects(store, quad.subject, DCTERMS + "identifier"):
            ids[identifier.value] = quad.subject
    return ids


def iri(node_id):
    return ox.NamedNode(node_id if node_id.startswith("http") else KGR + node_id)


# ---------------------------------------------------------------- the SPARQL

@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_network_queries_have_headers_and_return_their_columns(path, store):
    info = load_query(path, QUERIES)  # ROBOT-style header, parses
    result = run_query(store, info)  # raises if the columns differ from the header
    assert result.rows and info.example.startswith("kg query kg/queries_network/")


# ---------------------------------------------------------------- counts agree with SPARQL

def test_actor_nodes_are_the_actors_query_rows(store, networks):
    actors = rows(store, "actors")
    assert len({r["actor"] for r in actors}) == len(actors)  # one row per actor
    for name in ("actors", "co-mention"):
        G = networks[name]
        assert G.number_of_nodes() == len(actors), name
        for actor_type in ACTOR_TYPES:
            expected = sum(r["type"] == actor_type for r in actors)
            assert sum(t == actor_type for _, t in G.nodes(data="type")) == expected, (name, actor_type)
        assert {d["iri"] for _, d in G.nodes(data=True)} == {r["actor"] for r in actors}


def test_actors_events_nodes_are_actors_and_foreground_events(store, networks):
    G = networks["actors-events"]
    events = [r for r in rows(store, "events") if not r["background"]]
    assert sum(b == 1 for _, b in G.nodes(data="bipartite")) == len(events)
    assert sum(b == 0 for _, b in G.nodes(data="bipartite")) == len(rows(store, "actors"))
    assert nx.is_bipartite(G)
    for u, v in G.edges:
        assert {G.nodes[u]["bipartite"], G.nodes[v]["bipartite"]} == {0, 1}


# ---------------------------------------------------------------- every edge traces back

@pytest.mark.parametrize("name", NETWORKS)
def test_every_edge_has_articles_that_exist(name, store, networks):
    articles = article_ids(store)
    G = networks[name]
    assert G.number_of_edges() > 0
    for u, v, data in G.edges(data=True):
        assert data["sources"] and set(data["sources"]) <= set(articles), (u, v)
        assert data["weight"] == data["articles"] == len(data["sources"])
        for evidence in data.get("evidence", ()):
            (derived,) = objects(store, ox.NamedNode(evidence), PROV + "wasDerivedFrom")
            assert derived in {articles[s] for s in data["sources"]}, (u, v, evidence)
        if name != "co-mention":
            sources_of_evidence = {s for s, a in articles.items()
                                   for e in data["evidence"]
                                   if a in objects(store, ox.NamedNode(e), PROV + "wasDerivedFrom")}
            assert sources_of_evidence == set(data["sources"])


def test_actor_edges_are_facts_of_the_graph(store, networks):
    """Each relation of the actors network is a fact: act sender/recipient, meeting
    participants, incident agency/nationals, or an affiliation property."""
    def has(s, p, o):
        return o in objects(store, s, KG + p)

    G = networks["actors"]
    kinds = set()
    for u, v, data in G.edges(data=True):
        kinds.update(data["kind"].split("; "))
        for kind in data["kind"].split("; "):
            events = [iri(e) for e in data.get("events", ())]
            if kind == "act":
                assert any(has(e, "sender", iri(u)) and has(e, "recipient", iri(v)) for e in events), (u, v)
            elif kind == "meeting":
                assert any(has(e, "participant", iri(u)) and has(e, "participant", iri(v)) for e in events)
            elif kind == "incident":
                assert any(has(e, "agencyInvolved", iri(u)) and has(e, "nationalsAffected", iri(v))
                           for e in events)
            else:
                assert kind == "affiliation"
                assert any(has(iri(u), p, iri(v)) for p in ("agency", "state", "parent")), (u, v)
        assert u != v
    assert {"act", "meeting", "affiliation"} <= kinds


def test_meetings_are_edges_in_both_directions(networks):
    G = networks["actors"]
    met = [(u, v) for u, v, r in G.edges(data="relation") if "met" in r.split("; ")]
    assert met
    for u, v in met:
        assert "met" in G.edges[v, u]["relation"].split("; ")


def test_met_joins_delegations_not_members_of_one(store, networks):
    """A meeting of several states links its participants across states only; a
    meeting within one state links them all."""
    G = networks["actors"]
    checked = 0
    for event in (r["event"] for r in rows(store, "events") if r["type"] == "Meeting" and not r["background"]):
        people = sorted(p.value[len(KGR):] for p in objects(store, ox.NamedNode(event), KG + "participant"))
        states = {G.nodes[p]["state"] for p in people if G.nodes[p].get("state")}
        for a in people:
            for b in people:
                if a == b:
                    continue
                same = G.nodes[a].get("state") is not None and G.nodes[a].get("state") == G.nodes[b].get("state")
                linked = G.has_edge(a, b) and event[len(KGR):] in G.edges[a, b].get("events", ())
                assert linked == (not (same and len(states) > 1)), (event, a, b)
                checked += same and len(states) > 1
    assert checked, "the corpus has a meeting of two delegations"


def test_officials_link_to_their_state_only_without_an_agency(networks):
    G = networks["actors"]
    for u, v, relation in G.edges(data="relation"):
        if "is an official of" in relation:
            assert not any("holds a post in" in G.edges[u, w]["relation"] for w in G.successors(u))


# ---------------------------------------------------------------- time

def test_partial_dates_cover_their_month_or_year():
    assert date_span("2025-06") == (date_span("2025-06-01")[0], date_span("2025-06-30")[1])
    assert date_span("2024") == (date_span("2024-01-01")[0], date_span("2024-12-31")[0])
    assert date_span("2024-02")[1].day == 29
    for bad in ("June 2025", "2025-13", "2025-02-30", "25"):
        with pytest.raises(NetworkError, match="bad date"):
            date_span(bad)


def test_a_partial_date_implied_by_a_precise_one_is_dropped():
    assert _precise(["2025-06", "2025-06-11", "2024"]) == ["2024", "2025-06-11"]
    assert _precise(["2025", "2025-06"]) == ["2025-06"]
    assert _precise(["2025-06", "2025-07-01"]) == ["2025-06", "2025-07-01"]


def test_dates_are_event_dates_and_nodes_carry_their_events_dates(networks):
    G = networks["actors-events"]
    for u, v, data in G.edges(data=True):
        event = u if G.nodes[u]["bipartite"] == 1 else v
        assert data.get("dates") == G.nodes[event].get("dates")
        actor = v if event == u else u
        assert set(data.get("dates", ())) <= set(G.nodes[actor].get("dates", ()))
    for _, data in G.nodes(data=True):
        if data.get("dates"):
            assert data["first_date"] == data["dates"][0]
            assert date_span(data["last_date"])[1] == max(date_span(d)[1] for d in data["dates"])


def test_date_range_keeps_what_overlaps_it(store):
    G = build_network(store, "actors-events", since="2025-06-15", until="2025-06")
    low, high = date_span("2025-06-15")[0], date_span("2025-06")[1]
    assert any(b == 1 for _, b in G.nodes(data="bipartite"))
    for node, data in G.nodes(data=True):
        assert data["dates"], node  # undated events and actors without events are left out
        for d in data["dates"]:
            assert date_span(d)[0] <= high and date_span(d)[1] >= low, (node, d)
    assert "2025-06" in {d for _, ds in G.nodes(data="dates") for d in ds}  # a month overlapping the 15th
    assert G.graph["since"] == "2025-06-15"
    with pytest.raises(NetworkError, match="after"):
        build_network(store, "actors", since="2026", until="2025")


def test_co_mention_dates_are_article_dates(store, networks):
    G = networks["co-mention"]
    issued = {r["source"]: r["issued"] for r in rows(store, "mentions")}
    for u, v, data in G.edges(data=True):
        assert set(data["dates"]) <= {issued[s] for s in data["sources"]}


# ---------------------------------------------------------------- filters

def background_only_events(store):
    """Events whose every modality evidence is background, from triple patterns (no SPARQL)."""
    modalities: dict = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(KG + "modality"), None):
        for event in objects(store, quad.subject, RDF + "subject"):
            modalities.setdefault(event.value, set()).add(quad.object.value)
    return {e for e, found in modalities.items() if found == {KGC + "modality/background"}}


def test_background_events_only_when_asked(store):
    background = {r["event"] for r in rows(store, "events") if r["background"]}
    assert background, "the corpus has background-only events"
    assert background == background_only_events(store) & {r["event"] for r in rows(store, "events")}
    G = build_network(store, "actors-events")
    H = build_network(store, "actors-events", include_background=True)
    iris = {d.get("iri") for _, d in G.nodes(data=True)}
    assert not background & iris
    assert background <= {d.get("iri") for _, d in H.nodes(data=True)}
    assert all(H.nodes[n]["background"] for n in H if H.nodes[n].get("iri") in background)


def test_type_filter(store):
    G = build_network(store, "actors", types=["state", "Agency"])
    assert {t for _, t in G.nodes(data="type")} == {"State", "Agency"}
    H = build_network(store, "actors-events", types=["Meeting"])
    assert {t for _, t in H.nodes(data="type") if t in EVENT_TYPES} == {"Meeting"}
    notes = build_network(store, "actors", types=["Note"])
    assert {k for _, _, k in notes.edges(data="kind")} <= {"act", "affiliation", "act; affiliation"}
    with pytest.raises(NetworkError, match="unknown type"):
        build_network(store, "actors", types=["Country"])
    with pytest.raises(NetworkError, match="co-mention"):
        build_network(store, "co-mention", types=["Meeting"])


def test_min_weight_drops_edges_not_nodes(store, networks):
    G = build_network(store, "co-mention", min_weight=2)
    assert G.number_of_nodes() == networks["co-mention"].number_of_nodes()
    assert 0 < G.number_of_edges() < networks["co-mention"].number_of_edges()
    assert min(w for _, _, w in G.edges(data="weight")) >= 2
    with pytest.raises(NetworkError, match="minimum weight"):
        build_network(store, "actors", min_weight=0)


def test_unknown_network(store):
    with pytest.raises(NetworkError, match="unknown network 'people'.*actors, actors-events, co-mention"):
        build_network(store, "people")


# ---------------------------------------------------------------- metrics

@pytest.mark.parametrize("name", NETWORKS)
def test_metrics_on_every_node(name, networks):
    G = networks[name]
    keys = {"degree", "betweenness", "pagerank", "community", "viz_color", "viz_size", "viz_x", "viz_y"}
    keys |= {"weighted_in_degree", "weighted_out_degree"} if G.is_directed() else {"weighted_degree"}
    for node, data in G.nodes(data=True):
        assert keys <= set(data), node
        assert data["degree"] == G.degree(node)
        assert isinstance(data["degree"], int) and isinstance(data["pagerank"], float)
    assert math.isclose(sum(p for _, p in G.nodes(data="pagerank")), 1.0, abs_tol=1e-4)
    sizes = {}
    for _, c in G.nodes(data="community"):
        sizes[c] = sizes.get(c, 0) + 1
    assert sorted(sizes) == list(range(len(sizes))) and sizes[0] == max(sizes.values())


def test_large_graphs_get_sampled_betweenness_and_random_positions(monkeypatch):
    monkeypatch.setattr(kg.networks.metrics, "BETWEENNESS_BUDGET", 30 * 29 - 1)
    monkeypatch.setattr(kg.networks.metrics, "LAYOUT_LIMIT", 10)
    first = add_metrics(nx.path_graph(30))
    again = add_metrics(nx.path_graph(30))
    assert first.graph["betweenness"] == "approximate, k=29, seed=42"
    assert dict(first.nodes(data=True)) == dict(again.nodes(data=True))
    assert all(abs(d["viz_x"]) <= 1000 and abs(d["viz_y"]) <= 1000 for _, d in first.nodes(data=True))
    assert add_metrics(nx.path_graph(3)).graph["betweenness"] == "exact"


# ---------------------------------------------------------------- files

@pytest.mark.parametrize("name", NETWORKS)
def test_gexf_validates_against_the_grammar(name, exported, gexf_schema):
    (path,) = exported[name, "gexf"].paths
    assert_valid_gexf(gexf_schema, path)
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic" timeformat="date"' in text and "<spell " in text


def gexf_list(values):
    return "[" + ", ".join(values) + "]"


@pytest.mark.parametrize("name", NETWORKS)
def test_gexf_roundtrip_with_networkx(name, exported):
    result = exported[name, "gexf"]
    G, (path,) = result.graph, result.paths
    H = nx.read_gexf(path)
    assert H.is_directed() == G.is_directed()
    assert sorted(H.nodes) == sorted(G.nodes) and sorted(map(sorted, H.edges)) == sorted(map(sorted, G.edges))
    for node, data in G.nodes(data=True):
        got = H.nodes[node]
        for key, value in data.items():
            if key.startswith("viz_"):
                continue
            expected = gexf_list(value) if key in LIST_KEYS else value
            assert got[key] == expected and type(got[key]) is type(expected), (node, key)
        assert got["viz"]["size"] == data["viz_size"]
        assert (got["viz"]["position"]["x"], got["viz"]["position"]["y"]) == (data["viz_x"], data["viz_y"])
        assert bool(got.get("spells")) == bool(data.get("dates"))
    for u, v, data in G.edges(data=True):
        got = H.edges[u, v]
        for key, value in data.items():
            expected = gexf_list(value) if key in LIST_KEYS else value
            if key == "weight":
                assert got[key] == value and isinstance(got[key], float)
            else:
                assert got[key] == expected and type(got[key]) is type(expected), (u, v, key)


@pytest.mark.parametrize("name", NETWORKS)
def test_graphml_roundtrip(name, exported):
    result = exported[name, "graphml"]
    G, (path,) = result.graph, result.paths
    H = nx.read_graphml(path)
    assert sorted(H.nodes) == sorted(G.nodes) and H.number_of_edges() == G.number_of_edges()
    for node, data in G.nodes(data=True):
        expected = {k: "|".join(v) if isinstance(v, list) else v for k, v in data.items()}
        assert H.nodes[node] == expected
        assert all(type(H.nodes[node][k]) is type(v) for k, v in expected.items()), node
    for u, v, data in G.edges(data=True):
        expected = {k: "|".join(x) if isinstance(x, list) else x for k, x in data.items()}
        assert H.edges[u, v] == expected
        assert all(type(H.edges[u, v][k]) is type(x) for k, x in expected.items()), (u, v)


@pytest.mark.parametrize("name", NETWORKS)
def test_json_roundtrip(name, exported):
    result = exported[name, "json"]
    data = json.loads(result.paths[0].read_text(encoding="utf-8"))
    assert nx.utils.graphs_equal(result.graph, nx.node_link_graph(data, edges="edges"))


@pytest.mark.parametrize("name", NETWORKS)
def test_csv_tables_for_gephi(name, exported):
    result = exported[name, "csv"]
    G = result.graph
    nodes_path, edges_path = result.paths
    with nodes_path.open(encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with edges_path.open(encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert [r["Id"] for r in nodes] == sorted(G.nodes)
    assert len(edges) == G.number_of_edges()
    assert {r["Type"] for r in edges} == {"Directed" if G.is_directed() else "Undirected"}
    for r in edges:
        assert int(r["Weight"]) == len(r["sources"].split("|"))


@pytest.mark.parametrize("name", NETWORKS)
def test_gephi_lite_reads_each_network(name, exported, graphology_dir):
    result = exported[name, "gexf"]
    G = result.graph
    out = read_with_graphology(graphology_dir, result.paths[0])
    assert (out["order"], out["size"]) == (G.number_of_nodes(), G.number_of_edges())
    assert out["type"] == ("directed" if G.is_directed() else "undirected")
    nodes = {n["key"]: n["attributes"] for n in out["nodes"]}
    for node, data in G.nodes(data=True):
        got = nodes[node]
        assert got["label"] == data["label"] and got["type"] == data["type"]
        for key in ("articles", "degree", "community", "pagerank", "betweenness"):
            assert got[key] == data[key], (node, key)
        assert got.get("dates") == data.get("dates")  # Gephi Lite ignores spells: plain ISO dates
    for edge in out["edges"]:
        data = G.edges[edge["source"], edge["target"]]
        assert edge["attributes"]["sources"] == data["sources"]
        assert edge["attributes"].get("dates") == data.get("dates")


def test_export_is_deterministic(built_corpus, tmp_path):
    for run in ("first", "again"):
        for fmt in ("gexf", "json"):
            export_network(built_corpus.out_dir, "actors", fmt, tmp_path / run / f"actors.{fmt}")
    for fmt in ("gexf", "json"):
        assert (tmp_path / "first" / f"actors.{fmt}").read_bytes() == (tmp_path / "again" / f"actors.{fmt}").read_bytes()


def test_default_path_is_under_the_build(built_corpus):
    result = export_network(built_corpus.out_dir, "co-mention", "csv")
    assert [p.relative_to(built_corpus.out_dir).as_posix() for p in result.paths] == [
        "networks/co-mention-nodes.csv", "networks/co-mention-edges.csv"]


# ---------------------------------------------------------------- the command line

def test_cli_export_equals_the_library(built_corpus, store, tmp_path):
    out = tmp_path / "actors.graphml"
    result = CliRunner().invoke(cli, ["--root", str(built_corpus.root), "export", "actors", "--format",
                                      "graphml", "--out", str(out), "--type", "State,Agency",
                                      "--type", "Official", "--since", "2025"])
    assert result.exit_code == 0, result.output
    expected = build_network(store, "actors", types=["State", "Agency", "Official"], since="2025")
    assert f"actors: {expected.number_of_nodes()} nodes, {expected.number_of_edges()} edges" in result.output
    H = nx.read_graphml(out)
    assert sorted(H.nodes) == sorted(expected.nodes) and sorted(H.edges) == sorted(expected.edges)
    assert H.graph["types"] == "Agency|Official|State" and H.graph["since"] == "2025"


@pytest.mark.parametrize("args, message", [
    (["export", "people"], "unknown network 'people'"),
    (["export", "actors", "--since", "June"], "bad date 'June'"),
    (["export", "actors", "--type", "Country"], "unknown type 'Country'"),
    (["plot", "actors", "--until", "2025-13"], "bad date '2025-13'"),
])
def test_cli_errors_are_one_line_and_exit_2(args, message, built_corpus, tmp_path):
    result = CliRunner().invoke(cli, ["--root", str(built_corpus.root), *args, "--out", str(tmp_path / "x")])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_export_without_a_build_says_so(tiny_project):
    result = CliRunner().invoke(cli, ["--root", str(tiny_project.root), "export", "actors"])
    assert result.exit_code == 2 and "kg build" in result.output


def test_tiny_project_networks(tiny_project):
    from kg.build import build

    build(tiny_project)
    G = export_network(tiny_project.out_dir, "actors-events", "json").graph
    assert any(b == 1 for _, b in G.nodes(data="bipartite")) and G.number_of_edges() > 0
    assert G.nodes and all(d["sources"] for _, _, d in G.edges(data=True))
