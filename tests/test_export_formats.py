"""Tests for kg.export: GEXF 1.3, GraphML, node-link JSON and Gephi CSV writers.

The GEXF 1.3 grammar is copied verbatim into ``tests/schemas/gexf-1.3``;
tests that need it skip when it is absent. The Gephi Lite test needs ``node`` and
``npm`` and installs graphology into a cache outside the repository.
"""

from __future__ import annotations

import csv
import datetime as dt
import inspect
import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

import kg.export
from kg.export import write_csv, write_gexf, write_graphml, write_json

REPO = Path(__file__).resolve().parents[1]
# The grammar is kept in the repository (CC BY 4.0, attribution in its README)
SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "gexf-1.3"
READ_GEXF_JS = Path(__file__).resolve().parent / "js" / "read_gexf.cjs"
GEXF = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"
NODE_JS_PACKAGES = ("graphology@0.26.0", "graphology-gexf@0.13.2")

HOSTILE = (
    'Quote " apostrophe \' <tag> & &amp; 🚀 👩🏽‍⚖️ שלום عربي \u202eRLO\u202c '
    "ctl\x00\x07\x0b\x1b tab\tnl\ncr\r LS\u2028PS\u2029NEL\x85 nonchar\ufffe end"
)

NODES = [
    ("agency:ice", dict(
        label="ICE", type="Agency", state="CA", iri="https://example.org/kg/agency/ice",
        articles=12, degree=3, pagerank=0.4125, community=0, verified=True,
        dates=["2025-06-08", "2025-06", "2025-06-10"], first_date="2025-06-01",
        viz_color="#1f77b4", viz_size=12.5, viz_x=-10.25, viz_y=3.0,
    )),
    ("person:bass", dict(
        label="Karen Bass", type="Person", state="CA", iri="https://example.org/kg/person/bass",
        articles=7, degree=2, pagerank=0.25, community=1, verified=False,
        dates=["2025"], first_date="2025", viz_color="#FF7F0E", viz_size=8.0, viz_x=4.5,
        viz_y=-7.75,
    )),
    ("org:chirla", dict(
        label="CHIRLA", type="Organization", state=None, iri="https://example.org/kg/org/chirla",
        articles=2, degree=1, pagerank=0.125, community=1, verified=False,
        dates=["2025-06-09"], first_date="2025-06-09", viz_color="#2ca02c", viz_size=4.0,
        viz_x=0.0, viz_y=0.0,
        aliases=["a, b", 'say "x"', "back\\slash", " pad ", "", "[x]", "plain"],
    )),
    ("place:la", dict(
        label='Los Angeles "LA" <&>', type="Place", state="CA",
        iri="https://example.org/kg/place/la", articles=30, degree=2, pagerank=0.2125,
        community=0, verified=True, dates=["2024-02", "2025-06-08"], first_date="2024-02",
        viz_color="#d62728", viz_size=20.0, viz_x=1e-05, viz_y=123456.5,
    )),
]
EDGES = [
    ("person:bass", "agency:ice", dict(relation="criticizes", weight=3, articles=3,
                                       dates=["2025-06-08", "2025-06-09"])),
    ("agency:ice", "place:la", dict(relation="raided", weight=5, articles=5,
                                    dates=["2025-06"])),
    ("org:chirla", "agency:ice", dict(relation="sued", weight=1, articles=1,
                                      dates=["2025-06-09"])),
    ("person:bass", "place:la", dict(relation="mayor_of", weight=2, articles=2, dates=["2025"])),
]


def build_graph(directed=True, reverse=False, **graph_attrs):
    """The test graph; ``reverse`` inserts nodes, edges and data keys in reverse order."""
    G = nx.DiGraph(**graph_attrs) if directed else nx.Graph(**graph_attrs)
    order = reversed if reverse else iter
    for node, data in order(NODES):
        G.add_node(node, **{k: data[k] for k in order(list(data))})
    for u, v, data in order(EDGES):
        if reverse and not directed:
            u, v = v, u
        G.add_edge(u, v, **{k: data[k] for k in order(list(data))})
    return G


def files_of(writer, G, path):
    """Write ``G`` with ``writer`` and return {file name: bytes} of what it wrote."""
    writer(G, path)
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir())}


WRITERS = {"gexf": write_gexf, "graphml": write_graphml, "json": write_json, "csv": write_csv}


@pytest.fixture(scope="session")
def gexf_schema():
    lxml_etree = pytest.importorskip("lxml.etree")
    rng = SCHEMA_DIR / "gexf.rng"
    if not rng.exists():
        pytest.skip(f"GEXF 1.3 grammar not found at {rng} (tests/schemas/gexf-1.3)")
    return lxml_etree.RelaxNG(lxml_etree.parse(str(rng)))


def assert_valid_gexf(schema, path):
    from lxml import etree

    ok = schema.validate(etree.parse(str(path)))
    assert ok, f"{path.name} does not validate against gexf.rng:\n{schema.error_log}"


def gexf_tree(path):
    from lxml import etree

    return etree.parse(str(path)).getroot()


# --- GEXF: grammar -----------------------------------------------------------


@pytest.mark.parametrize(
    "graph",
    [
        pytest.param(lambda: build_graph(), id="directed-dynamic"),
        pytest.param(lambda: build_graph(directed=False), id="undirected"),
        pytest.param(lambda: build_graph(lastmodified="2025-06-12"), id="lastmodified"),
        pytest.param(nx.Graph, id="empty"),
        pytest.param(lambda: nx.path_graph(3, create_using=nx.DiGraph), id="static-int-ids"),
        pytest.param(lambda: nx.MultiDiGraph([(1, 2), (1, 2), (2, 1)]), id="multigraph"),
        pytest.param(lambda: nx.Graph([(HOSTILE, "b", {"label": HOSTILE})]), id="hostile"),
    ],
)
def test_gexf_validates_against_grammar(graph, gexf_schema, tmp_path):
    write_gexf(graph(), tmp_path / "g.gexf")
    assert_valid_gexf(gexf_schema, tmp_path / "g.gexf")


# --- GEXF: one test per networkx 1.3 writer defect ---------------------------


def test_xsi_namespace_is_correct_or_absent(tmp_path):
    write_gexf(build_graph(), tmp_path / "g.gexf")
    text = (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert "http://w3.org/2001/XMLSchema-instance" not in text
    if "XMLSchema-instance" in text:
        assert 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' in text
    assert "schemaLocation" not in text  # the RELAX NG grammar rejects it


def test_graph_element_has_no_empty_name(tmp_path):
    write_gexf(build_graph(name=""), tmp_path / "g.gexf")
    graph = gexf_tree(tmp_path / "g.gexf").find(f"{GEXF}graph")
    assert "name" not in graph.attrib
    assert 'name=""' not in (tmp_path / "g.gexf").read_text(encoding="utf-8")


def test_no_none_and_no_z(tmp_path):
    G = build_graph()
    G.add_node("ghost", label=None, state=None, pagerank=None, viz_x=None, viz_y=None,
               viz_size=None, viz_color=None, dates=None)
    write_gexf(G, tmp_path / "g.gexf")
    text = (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert "None" not in text and "nan" not in text.lower()
    for position in gexf_tree(tmp_path / "g.gexf").iter(f"{VIZ}position"):
        assert sorted(position.attrib) == ["x", "y"]


def test_numpy_scalars_get_gexf_types(tmp_path, gexf_schema):
    np = pytest.importorskip("numpy")
    G = nx.DiGraph()
    G.add_node("a", degree=np.int64(3), small=np.int8(1), pagerank=np.float64(0.5),
               score=np.float32(0.25), flag=np.bool_(True), viz_size=np.float32(2.0))
    write_gexf(G, tmp_path / "g.gexf")
    root = gexf_tree(tmp_path / "g.gexf")
    types = {a.get("title"): a.get("type") for a in root.iter(f"{GEXF}attribute")}
    assert types == {"degree": "integer", "small": "integer", "pagerank": "double",
                     "score": "double", "flag": "boolean"}
    assert 'type="int"' not in (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert_valid_gexf(gexf_schema, tmp_path / "g.gexf")


def test_timeformat_is_date_when_dated_and_absent_when_static(tmp_path):
    write_gexf(build_graph(), tmp_path / "dated.gexf")
    graph = gexf_tree(tmp_path / "dated.gexf").find(f"{GEXF}graph")
    assert graph.get("timeformat") == "date" and graph.get("mode") == "dynamic"
    write_gexf(nx.path_graph(3), tmp_path / "static.gexf")
    graph = gexf_tree(tmp_path / "static.gexf").find(f"{GEXF}graph")
    assert graph.get("timeformat") is None and graph.get("mode") is None


def test_list_attributes_are_liststring(tmp_path):
    write_gexf(build_graph(), tmp_path / "g.gexf")
    root = gexf_tree(tmp_path / "g.gexf")
    types = {(a.getparent().get("class"), a.get("title")): a.get("type")
             for a in root.iter(f"{GEXF}attribute")}
    assert types[("node", "dates")] == types[("edge", "dates")] == "liststring"
    node = root.find(f"{GEXF}graph/{GEXF}nodes/{GEXF}node[@id='agency:ice']")
    values = {v.get("for"): v.get("value") for v in node.iter(f"{GEXF}attvalue")}
    assert values["dates"] == "[2025-06-08, 2025-06, 2025-06-10]"
    chirla = root.find(f"{GEXF}graph/{GEXF}nodes/{GEXF}node[@id='org:chirla']")
    aliases = {v.get("for"): v.get("value") for v in chirla.iter(f"{GEXF}attvalue")}["aliases"]
    assert aliases == r'["a, b", "say \"x\"", "back\\slash", " pad ", "", "[x]", plain]'


def test_attribute_types_and_declarations(tmp_path):
    write_gexf(build_graph(), tmp_path / "g.gexf")
    root = gexf_tree(tmp_path / "g.gexf")
    node_types = {a.get("title"): a.get("type")
                  for a in root.find(f"{GEXF}graph/{GEXF}attributes[@class='node']")}
    assert node_types == {
        "aliases": "liststring", "articles": "integer", "community": "integer",
        "dates": "liststring", "degree": "integer", "first_date": "string",
        "iri": "string", "pagerank": "double", "state": "string", "type": "string",
        "verified": "boolean",
    }
    edge_types = {a.get("title"): a.get("type")
                  for a in root.find(f"{GEXF}graph/{GEXF}attributes[@class='edge']")}
    assert edge_types == {"articles": "integer", "dates": "liststring", "relation": "string"}


def test_mixed_int_float_is_double_and_big_int_is_long(tmp_path):
    G = nx.Graph()
    G.add_node(1, score=1, big=2**40)
    G.add_node(2, score=2.5, big=1)
    write_gexf(G, tmp_path / "g.gexf")
    types = {a.get("title"): a.get("type")
             for a in gexf_tree(tmp_path / "g.gexf").iter(f"{GEXF}attribute")}
    assert types == {"score": "double", "big": "long"}


# --- GEXF: time, viz, meta ---------------------------------------------------


@pytest.mark.parametrize(
    "dates, spells",
    [
        (["2025-06-08"], [("2025-06-08", "2025-06-08")]),
        (["2025-06"], [("2025-06-01", "2025-06-30")]),
        (["2024-02"], [("2024-02-01", "2024-02-29")]),
        (["2025"], [("2025-01-01", "2025-12-31")]),
        (["2025-06-09", "2025-06-08"],
         [("2025-06-08", "2025-06-08"), ("2025-06-09", "2025-06-09")]),
        (["2025-06-08", "2025-06", "2025-06-30", "2025-07-01", "2025-06-08"],
         [("2025-06-01", "2025-06-30"), ("2025-07-01", "2025-07-01")]),
        ([dt.date(2025, 6, 8)], [("2025-06-08", "2025-06-08")]),
    ],
)
def test_spells_for_full_month_and_year_dates(dates, spells, tmp_path, gexf_schema):
    G = nx.DiGraph()
    G.add_node("a", dates=dates)
    G.add_edge("a", "b", dates=dates)
    write_gexf(G, tmp_path / "g.gexf")
    root = gexf_tree(tmp_path / "g.gexf")
    for element in (root.find(f".//{GEXF}node[@id='a']"), root.find(f".//{GEXF}edge")):
        found = [(s.get("start"), s.get("end")) for s in element.iter(f"{GEXF}spell")]
        assert found == spells
    assert_valid_gexf(gexf_schema, tmp_path / "g.gexf")


@pytest.mark.parametrize("bad", ["2025-13", "2025-02-30", "June 2025", "25", "2025-6-8", 2025])
def test_bad_dates_raise(bad, tmp_path):
    G = nx.Graph()
    G.add_node("a", dates=[bad])
    with pytest.raises(ValueError, match="date"):
        write_gexf(G, tmp_path / "g.gexf")
    assert list(tmp_path.iterdir()) == []


def test_viz_elements(tmp_path):
    write_gexf(build_graph(), tmp_path / "g.gexf")
    node = gexf_tree(tmp_path / "g.gexf").find(f".//{GEXF}node[@id='person:bass']")
    assert dict(node.find(f"{VIZ}color").attrib) == {"r": "255", "g": "127", "b": "14"}
    assert node.find(f"{VIZ}size").get("value") == "8.0"
    assert dict(node.find(f"{VIZ}position").attrib) == {"x": "4.5", "y": "-7.75"}
    assert node.get("label") == "Karen Bass"
    titles = {a.get("title") for a in gexf_tree(tmp_path / "g.gexf").iter(f"{GEXF}attribute")}
    assert not titles & {"label", "viz_color", "viz_size", "viz_x", "viz_y", "weight"}


@pytest.mark.parametrize(
    "attrs",
    [
        {"viz_size": math.nan}, {"viz_size": -1.0}, {"viz_size": "big"},
        {"viz_x": math.inf, "viz_y": 0.0}, {"viz_x": 1.0, "viz_y": None},
        {"viz_x": None, "viz_y": 1.0},
        {"viz_x": 1.0, "viz_y": 1e39}, {"viz_color": "red"}, {"viz_color": "#12345"},
        {"pagerank": math.nan}, {"pagerank": -math.inf}, {"bad": {"a": 1}},
        {"mixed": [["nested"]]},
    ],
)
def test_unwritable_values_raise_and_leave_no_file(attrs, tmp_path):
    G = build_graph()
    nx.set_node_attributes(G, {"agency:ice": attrs})
    target = tmp_path / "g.gexf"
    target.write_text("old")
    with pytest.raises(ValueError):
        write_gexf(G, target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.gexf"]


def test_mixed_types_raise(tmp_path):
    G = nx.Graph()
    G.add_node(1, state="CA")
    G.add_node(2, state=6)
    with pytest.raises(ValueError, match="state"):
        write_gexf(G, tmp_path / "g.gexf")


def test_meta_has_no_volatile_date(tmp_path):
    write_gexf(build_graph(), tmp_path / "g.gexf")
    meta = gexf_tree(tmp_path / "g.gexf").find(f"{GEXF}meta")
    assert meta.get("lastmodifieddate") is None
    assert meta.findtext(f"{GEXF}creator") == "kg"
    assert dt.date.today().isoformat() not in (tmp_path / "g.gexf").read_text(encoding="utf-8")
    write_gexf(build_graph(lastmodified=dt.date(2025, 6, 12)), tmp_path / "m.gexf")
    meta = gexf_tree(tmp_path / "m.gexf").find(f"{GEXF}meta")
    assert meta.get("lastmodifieddate") == "2025-06-12"
    with pytest.raises(ValueError, match="lastmodified"):
        write_gexf(build_graph(lastmodified="12/06/2025"), tmp_path / "bad.gexf")


# --- round trips -------------------------------------------------------------

PLAIN_NODE_KEYS = ("type", "state", "iri", "articles", "degree", "pagerank", "community",
                   "verified", "first_date")


def assert_same_value(got, expected):
    assert got == expected and type(got) is type(expected), (got, expected)


def test_gexf_roundtrip_with_networkx(tmp_path):
    G = build_graph()
    write_gexf(G, tmp_path / "g.gexf")
    H = nx.read_gexf(tmp_path / "g.gexf")
    assert isinstance(H, nx.DiGraph) and not H.is_multigraph()
    assert sorted(H.nodes) == sorted(G.nodes)
    assert sorted(H.edges) == sorted(G.edges)
    for n, data in G.nodes(data=True):
        got = H.nodes[n]
        for key in PLAIN_NODE_KEYS:
            if data.get(key) is None:
                assert key not in got
            else:
                assert_same_value(got[key], data[key])
        assert got["label"] == data["label"]
        # networkx reads liststring back as the GEXF list text, not as a list
        assert got["dates"] == "[" + ", ".join(data["dates"]) + "]"
        assert got["viz"]["size"] == data["viz_size"]
        assert (got["viz"]["position"]["x"], got["viz"]["position"]["y"]) == (
            data["viz_x"], data["viz_y"])
        color = data["viz_color"]
        assert got["viz"]["color"] == {"r": int(color[1:3], 16), "g": int(color[3:5], 16),
                                       "b": int(color[5:7], 16), "a": 1.0}
        assert got["spells"]
    for u, v, data in G.edges(data=True):
        got = H.edges[u, v]
        assert_same_value(got["relation"], data["relation"])
        assert_same_value(got["articles"], data["articles"])
        assert got["weight"] == data["weight"] and isinstance(got["weight"], float)


def test_graphml_roundtrip(tmp_path):
    G = build_graph()
    write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml")
    assert isinstance(H, nx.DiGraph)
    assert sorted(H.nodes) == sorted(G.nodes) and sorted(H.edges) == sorted(G.edges)
    for n, data in G.nodes(data=True):
        expected = {k: ("|".join(v) if isinstance(v, list) else v)
                    for k, v in data.items() if v is not None}
        assert H.nodes[n] == expected
        for key, value in expected.items():
            assert_same_value(H.nodes[n][key], value)
    for u, v, data in G.edges(data=True):
        expected = {k: ("|".join(v) if isinstance(v, list) else v) for k, v in data.items()}
        assert H.edges[u, v] == expected
        for key, value in expected.items():
            assert_same_value(H.edges[u, v][key], value)


def test_graphml_mixed_int_float_becomes_double(tmp_path):
    G = nx.Graph()
    G.add_node("a", score=1)
    G.add_node("b", score=0.5)
    write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml")
    assert_same_value(H.nodes["a"]["score"], 1.0)


@pytest.mark.parametrize("directed", [True, False])
def test_json_roundtrip(directed, tmp_path):
    G = build_graph(directed=directed, lastmodified="2025-06-12")
    write_json(G, tmp_path / "g.json")
    text = (tmp_path / "g.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    H = nx.node_link_graph(json.loads(text), edges="edges")
    assert nx.utils.graphs_equal(G, H)
    assert H.nodes["agency:ice"]["dates"] == ["2025-06-08", "2025-06", "2025-06-10"]


def test_json_rejects_nan_and_clashing_keys(tmp_path):
    G = build_graph()
    G.nodes["agency:ice"]["pagerank"] = math.nan
    with pytest.raises(ValueError):
        write_json(G, tmp_path / "g.json")
    G = build_graph()
    G.nodes["agency:ice"]["id"] = "x"
    with pytest.raises(ValueError, match="id"):
        write_json(G, tmp_path / "g.json")
    assert list(tmp_path.iterdir()) == []


def test_csv_files_for_gephi_spreadsheet_import(tmp_path):
    G = build_graph()
    nodes_path, edges_path = write_csv(G, tmp_path / "actors.csv")
    assert (nodes_path.name, edges_path.name) == ("actors-nodes.csv", "actors-edges.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["actors-edges.csv", "actors-nodes.csv"]
    with nodes_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["Id", "Label", "aliases", "articles", "community", "dates", "degree",
                       "first_date", "iri", "pagerank", "state", "type", "verified",
                       "viz_color", "viz_size", "viz_x", "viz_y"]
    assert [r[0] for r in rows[1:]] == sorted(G.nodes)
    ice = dict(zip(rows[0], rows[1]))
    assert ice["Label"] == "ICE" and ice["dates"] == "2025-06-08|2025-06|2025-06-10"
    assert (ice["articles"], ice["pagerank"], ice["verified"]) == ("12", "0.4125", "true")
    chirla = dict(zip(rows[0], rows[2]))
    assert chirla["state"] == ""
    with edges_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["Source", "Target", "Type", "Weight", "articles", "dates", "relation"]
    assert [(r["Source"], r["Target"]) for r in rows] == sorted((u, v) for u, v in G.edges)
    assert {r["Type"] for r in rows} == {"Directed"}
    assert rows[0]["Weight"] == "5" and rows[0]["dates"] == "2025-06"
    # without a .csv suffix the name is used as the stem
    assert write_csv(G, tmp_path / "other")[0].name == "other-nodes.csv"


def test_csv_undirected_and_clash(tmp_path):
    nodes_path, edges_path = write_csv(build_graph(directed=False), tmp_path / "u.csv")
    assert "Undirected" in edges_path.read_text(encoding="utf-8")
    G = nx.DiGraph()
    G.add_edge("a", "b", Type="x")
    with pytest.raises(ValueError, match="Type"):
        write_csv(G, tmp_path / "clash.csv")


# --- determinism and atomicity ------------------------------------------------


@pytest.mark.parametrize("fmt", WRITERS)
@pytest.mark.parametrize("directed", [True, False])
def test_byte_identical_output(fmt, directed, tmp_path):
    writer = WRITERS[fmt]
    outputs = []
    for run, reverse in (("first", False), ("again", False), ("reordered", True)):
        (tmp_path / run).mkdir()
        G = build_graph(directed, reverse=reverse)
        outputs.append(files_of(writer, G, tmp_path / run / f"g.{fmt}"))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0] and all(outputs[0].values())


@pytest.mark.parametrize("fmt", WRITERS)
def test_failed_write_keeps_old_file_and_leaves_no_temp(fmt, tmp_path):
    writer = WRITERS[fmt]
    target = tmp_path / f"g.{fmt}"
    writer(build_graph(), target)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    G = build_graph()
    G.nodes["agency:ice"]["pagerank"] = math.inf
    with pytest.raises(ValueError):
        writer(G, target)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


# --- hostile text ------------------------------------------------------------


def gexf_clean(text):
    """What GEXF keeps of ``text``: no XML-illegal characters, line separators as LF."""
    text = "".join(c for c in text if c not in "\x00\x07\x0b\x1b\ufffe")
    return text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x85", "\n")


def gexf_label(text):
    """A GEXF label is an xsd:token: XML whitespace runs collapse to one space."""
    return re.sub("[ \t\n\r]+", " ", gexf_clean(text)).strip(" ")


def hostile_graph():
    G = nx.DiGraph()
    G.add_node(HOSTILE, label=HOSTILE, note=HOSTILE, tags=[HOSTILE, "ok"])
    G.add_node("plain", label="plain")
    G.add_edge(HOSTILE, "plain", relation=HOSTILE, label=HOSTILE, weight=1)
    return G


def test_hostile_text_gexf(tmp_path, gexf_schema):
    write_gexf(hostile_graph(), tmp_path / "g.gexf")
    assert_valid_gexf(gexf_schema, tmp_path / "g.gexf")
    H = nx.read_gexf(tmp_path / "g.gexf")
    clean = gexf_clean(HOSTILE)
    assert clean in H.nodes
    assert H.nodes[clean]["note"] == clean
    assert H.nodes[clean]["label"] == gexf_label(HOSTILE)
    assert H.edges[clean, "plain"]["relation"] == clean


def test_hostile_text_graphml(tmp_path):
    write_graphml(hostile_graph(), tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml")
    clean = "".join(c for c in HOSTILE if c not in "\x00\x07\x0b\x1b\ufffe")
    assert H.nodes[clean]["note"] == H.nodes[clean]["label"] == clean
    assert H.nodes[clean]["tags"] == clean + "|ok"
    assert H.edges[clean, "plain"]["relation"] == clean


def test_hostile_text_json_and_csv(tmp_path):
    write_json(hostile_graph(), tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert HOSTILE in {n["id"] for n in data["nodes"]}
    nodes_path, edges_path = write_csv(hostile_graph(), tmp_path / "g.csv")
    with nodes_path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["Id"] for r in rows} == {HOSTILE, "plain"}
    with edges_path.open(encoding="utf-8", newline="") as fh:
        (edge,) = csv.DictReader(fh)
    assert edge["relation"] == edge["Label"] == HOSTILE


def test_lone_surrogates_are_stripped_in_xml(tmp_path, gexf_schema):
    G = nx.Graph()
    G.add_node("a\ud800b", label="x\udfffy")
    write_gexf(G, tmp_path / "g.gexf")
    assert_valid_gexf(gexf_schema, tmp_path / "g.gexf")
    assert list(nx.read_gexf(tmp_path / "g.gexf").nodes(data="label")) == [("ab", "xy")]
    write_graphml(G, tmp_path / "g.graphml")
    assert list(nx.read_graphml(tmp_path / "g.graphml").nodes) == ["ab"]


def test_ids_colliding_after_cleaning_raise(tmp_path):
    G = nx.Graph()
    G.add_nodes_from(["a\x00b", "ab"])
    with pytest.raises(ValueError, match="same"):
        write_gexf(G, tmp_path / "g.gexf")
    with pytest.raises(ValueError, match="same"):
        write_graphml(G, tmp_path / "g.graphml")


# --- package surface ---------------------------------------------------------


def test_writers_share_signature_and_are_exported():
    assert sorted(kg.export.__all__) == ["write_csv", "write_gexf", "write_graphml", "write_json"]
    for name in kg.export.__all__:
        assert list(inspect.signature(getattr(kg.export, name)).parameters) == ["G", "path"]


# --- Gephi Lite (graphology-gexf) ---------------------------------------------


@pytest.fixture(scope="session")
def graphology_dir(tmp_path_factory):
    """A directory whose node_modules holds graphology and graphology-gexf (never in the repo)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed to run graphology-gexf (Gephi Lite's reader)")
    cache = Path(os.environ.get("KG_TEST_NODE_CACHE", Path.home() / ".cache" / "kg-test-node"))
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError:
        cache = tmp_path_factory.mktemp("kg-test-node")
    assert REPO not in cache.resolve().parents and cache.resolve() != REPO
    wanted = {spec.rsplit("@", 1)[0]: spec.rsplit("@", 1)[1] for spec in NODE_JS_PACKAGES}
    installed = {}
    for name in wanted:
        manifest = cache / "node_modules" / name / "package.json"
        if manifest.exists():
            installed[name] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    if installed != wanted:
        try:
            result = subprocess.run(
                [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund",
                 "--loglevel=error", *NODE_JS_PACKAGES],
                capture_output=True, text=True, timeout=300,
            )
        except subprocess.TimeoutExpired:
            pytest.skip("npm install of graphology-gexf timed out (no network?)")
        if result.returncode != 0:
            pytest.skip(f"npm install of graphology-gexf failed (no network?): "
                        f"{result.stderr.strip()[-500:]}")
    return cache


def read_with_graphology(graphology_dir, path):
    result = subprocess.run(
        [shutil.which("node"), str(READ_GEXF_JS), str(graphology_dir), str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"graphology-gexf rejected {path.name}: {result.stderr}"
    return json.loads(result.stdout)


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def test_gephi_lite_reads_gexf_strictly(graphology_dir, tmp_path):
    G = build_graph()
    write_gexf(G, tmp_path / "g.gexf")
    out = read_with_graphology(graphology_dir, tmp_path / "g.gexf")
    assert (out["type"], out["multi"]) == ("directed", False)
    assert (out["order"], out["size"]) == (G.number_of_nodes(), G.number_of_edges())
    nodes = {n["key"]: n["attributes"] for n in out["nodes"]}
    assert set(nodes) == set(G.nodes)
    for n, data in G.nodes(data=True):
        got = nodes[n]
        assert set(got) - {"label", "color", "size", "x", "y"} <= set(out["declared"]["node"])
        for key in ("articles", "degree", "community", "pagerank"):
            assert is_number(got[key]) and got[key] == data[key], key
        assert is_number(got["x"]) and is_number(got["y"]) and is_number(got["size"])
        viz = [data[k] for k in ("viz_x", "viz_y", "viz_size")]
        assert [got["x"], got["y"], got["size"]] == viz
        assert got["color"].startswith("rgb(")
        assert got["verified"] is data["verified"]
        assert got["label"] == data["label"]
        assert got["dates"] == data["dates"]
        assert got["first_date"] == data["first_date"]
    assert nodes["org:chirla"]["aliases"] == NODES[2][1]["aliases"]
    for edge in out["edges"]:
        data = G.edges[edge["source"], edge["target"]]
        got = edge["attributes"]
        assert edge["undirected"] is False
        assert is_number(got["weight"]) and got["weight"] == data["weight"]
        assert is_number(got["articles"]) and got["articles"] == data["articles"]
        assert got["dates"] == data["dates"] and got["relation"] == data["relation"]


def test_gephi_lite_reads_hostile_and_undirected(graphology_dir, tmp_path):
    write_gexf(hostile_graph(), tmp_path / "h.gexf")
    out = read_with_graphology(graphology_dir, tmp_path / "h.gexf")
    clean = gexf_clean(HOSTILE)
    (node,) = [n for n in out["nodes"] if n["key"] == clean]
    assert node["attributes"]["note"] == clean and node["attributes"]["tags"] == [clean, "ok"]
    assert node["attributes"]["label"] == gexf_label(HOSTILE)
    (edge,) = out["edges"]
    assert edge["source"] == clean and edge["attributes"]["relation"] == clean
    write_gexf(build_graph(directed=False), tmp_path / "u.gexf")
    out = read_with_graphology(graphology_dir, tmp_path / "u.gexf")
    assert out["type"] == "undirected" and out["size"] == len(EDGES)
