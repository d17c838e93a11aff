"""Extraction quality against the hand-made gold annotations in tests/gold/.

Run with `-s` to see the tables. The tuning part is what the rules were written
against; the held-out part (four of the six articles of the listing page, never looked
at while writing rules) is the honest estimate for unseen articles.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kg.evaluation import HELD_OUT, evaluate

from conftest import REPO

GOLD = REPO / "tests" / "gold"


@pytest.fixture(scope="module")
def reports():
    result = evaluate(REPO / "sources", GOLD)
    for part, report in result.items():
        print("\n" + report.text(part))
    return result


def test_gold_covers_every_source_and_quotes_are_exact():
    for path in sorted(GOLD.glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        text = (REPO / "sources" / path.stem / "article.txt").read_text(encoding="utf-8")
        ids = {e["id"] for e in gold["entities"]}
        for e in gold["entities"]:
            if "quote" in e:
                assert e["quote"] in text, (path.name, e["id"])
        for s, _, _ in gold["relations"]:
            assert s in ids, (path.name, s)
    assert {p.stem for p in GOLD.glob("*.yaml")} == {p.name for p in (REPO / "sources").iterdir() if p.is_dir()}
    assert set(HELD_OUT) <= {p.stem for p in GOLD.glob("*.yaml")}


def test_entities_of_the_six_classes(reports):
    main = reports["tuning"].main_entities()
    assert main.precision >= 0.90, f"precision {main.precision:.2f}"
    assert main.recall >= 0.85, f"recall {main.recall:.2f}"


def test_relations(reports):
    assert reports["tuning"].relations.f1 >= 0.75, f"relation F1 {reports['tuning'].relations.f1:.2f}"


def test_held_out_figures_are_reported(reports):
    held = reports["held-out"]
    assert held.main_entities().gold > 0 and held.relations.gold > 0
