"""Shared fixtures: copies of projects in temporary folders, and their builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.build import build
from kg.project import Project

REPO = Path(__file__).resolve().parents[1]
TINY = REPO / "tests" / "fixtures" / "tiny"


def copy_project(src_sources: Path, dest: Path) -> Project:
    """A project at ``dest`` with the given sources and this repository's ontology and queries."""
    shutil.copytree(src_sources, dest / "sources")
    shutil.copytree(REPO / "ontology", dest / "ontology")
    if (REPO / "queries").is_dir():
        shutil.copytree(REPO / "queries", dest / "queries")
    return Project.at(dest)


@pytest.fixture
def tiny_project(tmp_path) -> Project:
    """Two made-up articles about one raid (not from the corpus)."""
    return copy_project(TINY / "sources", tmp_path / "tiny")


@pytest.fixture
def corpus_project(tmp_path) -> Project:
    """A copy of this repository's sources/."""
    return copy_project(REPO / "sources", tmp_path / "corpus")


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory) -> Project:
    """The corpus, built once per test session."""
    project = copy_project(REPO / "sources", tmp_path_factory.mktemp("built") / "corpus")
    build(project)
    return project
