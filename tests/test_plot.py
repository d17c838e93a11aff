"""Pictures without Gephi (issue 4): ``kg plot actors`` and ``kg plot timeline``."""

from __future__ import annotations

import struct

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.networks import add_metrics
from kg.plot import PLOTS, plot, plot_network, plot_timeline

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path):
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE), f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("what", PLOTS)
def test_plot_each_picture_of_the_corpus(what, built_corpus, tmp_path):
    path = plot(built_corpus.out_dir, what, tmp_path / f"{what}.png")
    width, height = png_size(path)
    assert width >= 1500 and height >= 1000
    data = path.read_bytes()
    assert b"matplotlib" not in data  # no Software metadata: same graph, same bytes


def test_plot_is_deterministic(built_corpus, tmp_path):
    first = plot(built_corpus.out_dir, "actors", tmp_path / "a.png").read_bytes()
    again = plot(built_corpus.out_dir, "actors", tmp_path / "b.png").read_bytes()
    assert first == again


def test_default_path_is_under_the_build(built_corpus):
    path = plot(built_corpus.out_dir, "timeline")
    assert path == built_corpus.out_dir / "networks" / "timeline.png" and path.stat().st_size > 0


def small_network():
    G = nx.DiGraph(network="actors")
    G.add_node("state/a", label="State A", type="State")
    G.add_node("agency/a/x", label="Agency X of A, with a rather long name", type="Agency")
    G.add_node("state/b", label="State B", type="State")
    G.add_node("state/c", label="Lonely", type="State")
    G.add_edge("agency/a/x", "state/a", weight=2, kind="affiliation")
    G.add_edge("agency/a/x", "state/b", weight=1, kind="act")
    return add_metrics(G)


def test_plot_network_from_a_graph(tmp_path):
    path = plot_network(small_network(), tmp_path / "small.png", title="Small")
    assert png_size(path)[0] > 1000
    empty = plot_network(add_metrics(nx.Graph(network="co-mention")), tmp_path / "empty.png")
    assert png_size(empty)[0] > 1000  # a picture that says there is nothing, not an error


def test_plot_timeline_from_a_graph(tmp_path):
    G = nx.DiGraph()
    G.add_node("note/x", label="Note X", type="Note", bipartite=1, dates=["2025-06"], first_date="2025-06")
    G.add_node("law/y", label="Law Y", type="Law", bipartite=1, dates=["2024", "2025-02-05"],
               first_date="2024")
    G.add_node("law/z", label="Undated law", type="Law", bipartite=1)
    G.add_node("state/a", label="A", type="State", bipartite=0, dates=["2025-06"])
    assert png_size(plot_timeline(G, tmp_path / "t.png"))[1] > 500
    assert png_size(plot_timeline(nx.DiGraph(), tmp_path / "none.png"))[0] > 1000


def test_cli_plot(built_corpus, tmp_path):
    out = tmp_path / "timeline.png"
    result = CliRunner().invoke(cli, ["--root", str(built_corpus.root), "plot", "timeline", "--out", str(out),
                                      "--since", "2025-06", "--until", "2025-06"])
    assert result.exit_code == 0, result.output
    assert f"timeline -> {out}" in result.output and png_size(out)


def test_cli_plot_unknown(built_corpus, tmp_path):
    result = CliRunner().invoke(cli, ["--root", str(built_corpus.root), "plot", "map",
                                      "--out", str(tmp_path / "m.png")])
    assert result.exit_code == 2 and "cannot plot 'map'" in result.output
    assert not list(tmp_path.iterdir())
