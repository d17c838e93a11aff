"""The command line: every command documented, with an example; errors as one line."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.diagram import diagram

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_commands_have_help_with_an_example(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output, f"kg {name} --help has no example"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_commands_are_documented_in_the_readme(name):
    assert re.search(rf"`kg {re.escape(name)}\b", README), f"README does not mention kg {name}"


def test_readme_diagram_is_generated_from_the_ontology():
    assert "```mermaid\n" + diagram(REPO / "ontology" / "kg.ttl") + "```" in README


def test_build_then_stats_through_the_cli(tiny_project):
    runner = CliRunner()
    result = runner.invoke(cli, ["--root", str(tiny_project.root), "build"])
    assert result.exit_code == 0, result.output
    assert "2 sources" in result.output
    result = runner.invoke(cli, ["--root", str(tiny_project.root), "stats"])
    assert result.exit_code == 0 and "police-raid-in-kazan" in result.output


@pytest.mark.parametrize("breakage, expected", [
    (lambda src: (src / "article.txt").write_text(""), "article.txt: the article is empty"),
    (lambda src: (src / "article.txt").write_bytes(b"\x00\x01binary"), "binary file"),
    (lambda src: (src / "article.txt").write_bytes("Москва".encode("cp1251")), "not UTF-8"),
    (lambda src: (src / "meta.yaml").unlink(), "metadata file is missing"),
    (lambda src: (src / "meta.yaml").write_text("title: x\npublished: 2025-02-30\n"), "not a real day"),
    (lambda src: (src / "meta.yaml").write_text("title: x\npublished: 2999-01-01\n"), "in the future"),
    (lambda src: (src / "meta.yaml").write_text("title: [x\n"), "YAML syntax error"),
    (lambda src: (src / "meta.yaml").write_text("title: x\npublished: 2025-01-01\ncolour: red\n"), "unknown key 'colour'"),
    (lambda src: (src / "curation.yaml").write_text("reject: [\n"), "curation.yaml"),
    (lambda src: (src / "curation.yaml").write_text("a: &a [x]\nb: *a\n"), "aliases"),
    (lambda src: (src / "curation.yaml").write_text("frobnicate: []\n"), "unknown key 'frobnicate'"),
    (lambda src: (src / "curation.yaml").write_text(
        "add:\n - {subject: state/russia, predicate: state, object: state/russia, quote: not in the text}\n"),
     "quote is not in the article"),
])
def test_bad_input_is_one_line_and_exit_2_and_keeps_outputs(tiny_project, breakage, expected):
    runner = CliRunner()
    assert runner.invoke(cli, ["--root", str(tiny_project.root), "build", "--quiet"]).exit_code == 0
    before = (tiny_project.out_dir / "graph.nq").read_bytes()
    breakage(tiny_project.sources_dir / "police-raid-in-kazan")
    result = runner.invoke(cli, ["--root", str(tiny_project.root), "build", "--quiet"])
    assert result.exit_code == 2
    assert expected in result.output
    assert "police-raid-in-kazan" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert (tiny_project.out_dir / "graph.nq").read_bytes() == before


def test_bad_source_folder_name_is_refused(tiny_project):
    (tiny_project.sources_dir / "Bad Name..").mkdir()
    result = CliRunner().invoke(cli, ["--root", str(tiny_project.root), "build"])
    assert result.exit_code == 2 and "Bad Name.." in result.output and "lowercase" in result.output


def test_an_article_with_no_facts_is_a_warning(tiny_project):
    folder = tiny_project.sources_dir / "weather"
    folder.mkdir()
    (folder / "article.txt").write_text("It rained all day and nobody minded.\n")
    (folder / "meta.yaml").write_text("title: Weather\npublished: 2025-01-01\n")
    result = CliRunner().invoke(cli, ["--root", str(tiny_project.root), "build"])
    assert result.exit_code == 0
    assert "Warning:" in result.output and "weather" in result.output


def test_validate_exit_codes(tiny_project, tmp_path):
    runner = CliRunner()
    root = ["--root", str(tiny_project.root)]
    assert runner.invoke(cli, [*root, "build", "--quiet"]).exit_code == 0
    ok = runner.invoke(cli, [*root, "validate"])
    assert ok.exit_code == 0, ok.output
    assert "0 violations" in ok.output
    broken = runner.invoke(cli, [*root, "validate", str(REPO / "tests" / "shapes" / "agency-001.ttl")])
    assert broken.exit_code == 1 and "Violation" in broken.output
    bad_shapes = tmp_path / "shapes.ttl"
    bad_shapes.write_text("this is not turtle")
    assert runner.invoke(cli, [*root, "validate", "--shapes", str(bad_shapes)]).exit_code == 2
