"""Incremental builds: the stores updated in place, unchanged outputs left alone, same bytes as a full build."""

from __future__ import annotations

import shutil

import pyoxigraph as ox

import kg.build
from kg import buildstore
from kg.build import OUTPUTS, build
from kg.project import Project

from conftest import copy_project

NAMES = [*OUTPUTS, "manifest.json"]
FACT = "\nOn March 3, 2024, police raided a hostel in Kazan, detaining 12 Uzbek citizens.\n"
NO_FACT = "\nThe weather in the city was mild that week.\n"


def append(project: Project, index: int, text: str) -> str:
    folder = sorted(p for p in project.sources_dir.iterdir() if p.is_dir())[index]
    article = folder / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + text, encoding="utf-8")
    return folder.name


def stamps(project: Project) -> dict:
    return {n: (s.st_ino, s.st_mtime_ns) for n in OUTPUTS for s in [(project.out_dir / n).stat()]}


def contents(project: Project) -> tuple:
    """The named-graph store's quads and the merged store's triples."""
    named = ox.Store.read_only(str(project.out_dir / "store"))
    merged = ox.Store.read_only(str(project.out_dir / "merged"))
    return set(named), set(merged)


def full_build_of(project: Project, where) -> Project:
    """A fresh full build of the same sources, for comparison."""
    reference = copy_project(project.sources_dir, where)
    result = build(reference)
    assert result.store == "full"
    return reference


def same_as_full(project: Project, where):
    reference = full_build_of(project, where)
    for name in NAMES:
        assert (project.out_dir / name).read_bytes() == (reference.out_dir / name).read_bytes(), name
    assert contents(project) == contents(reference)


def test_stores_updated_in_place_equal_a_full_build(corpus_project, tmp_path):
    build(corpus_project)
    changed = append(corpus_project, 3, FACT)
    result = build(corpus_project)
    assert result.extracted == [changed] and result.store == "incremental"
    same_as_full(corpus_project, tmp_path / "ref1")
    # a source removed and another added, in one build
    removed = sorted(corpus_project.sources_dir.iterdir())[0]
    shutil.rmtree(removed)
    added = corpus_project.sources_dir / "a-new-article"
    added.mkdir()
    (added / "article.txt").write_text("Tajikistan's Foreign Ministry urged Russia to respect migrants.\n" + FACT)
    (added / "meta.yaml").write_text("title: A new article\npublished: 2025-04-01\n")
    result = build(corpus_project)
    assert result.extracted == ["a-new-article"] and result.store == "incremental"
    same_as_full(corpus_project, tmp_path / "ref2")
    generation, subjects = buildstore.read_changes(corpus_project.out_dir, 1)
    assert generation == 3 and subjects, "the changed subjects are logged for incremental validation"


def test_outputs_whose_bytes_would_not_change_are_left_alone(corpus_project, tmp_path, monkeypatch):
    build(corpus_project)
    before = stamps(corpus_project)
    opened = []
    real_get = buildstore.StoreOpener.get
    monkeypatch.setattr(buildstore.StoreOpener, "get", lambda self: opened.append(1) or real_get(self))
    # an edit that gives the same graph: nothing but the manifest (the source's digest) changes
    changed = append(corpus_project, 5, NO_FACT)
    result = build(corpus_project)
    assert result.extracted == [changed]
    assert stamps(corpus_project) == before and not opened
    same_as_full(corpus_project, tmp_path / "ref1")
    # an output changed or removed behind the build's back is written again
    (corpus_project.out_dir / "graph.nq").write_bytes(b"")
    (corpus_project.out_dir / "graph.jsonld").unlink()
    build(corpus_project)
    same_as_full(corpus_project, tmp_path / "ref2")
    # a real change rewrites them, and the stores are opened
    append(corpus_project, 5, FACT)
    build(corpus_project)
    assert all(stamps(corpus_project)[n] != before[n] for n in OUTPUTS) and opened
    same_as_full(corpus_project, tmp_path / "ref3")


def test_no_change_is_a_quick_no_op(corpus_project, monkeypatch):
    project = corpus_project
    build(project)
    before = stamps(project), (project.out_dir / "manifest.json").stat().st_mtime_ns
    monkeypatch.setattr(buildstore.StoreOpener, "get", lambda self: (_ for _ in ()).throw(AssertionError("opened")))
    result = build(project)
    assert result.extracted == [] and result.graphs_written == []
    assert (stamps(project), (project.out_dir / "manifest.json").stat().st_mtime_ns) == before


def test_the_stores_are_closed_before_a_process_pool_forks():
    calls = []
    items = list(range(kg.build.PARALLEL_FROM))
    assert kg.build._run(abs, items, 2, None, lambda: calls.append("closed")) == items
    assert calls == ["closed"]
    assert kg.build._run(abs, items[:1], 2, None, lambda: calls.append("again")) == items[:1]
    assert calls == ["closed"], "no pool, nothing to close"


def test_a_failed_store_update_falls_back_to_a_full_reload(corpus_project, tmp_path, monkeypatch):
    build(corpus_project)
    append(corpus_project, 2, FACT)

    def broken(self):
        raise OSError("cannot open")

    monkeypatch.setattr(buildstore.StoreOpener, "get", broken)
    result = build(corpus_project)
    assert result.store == "full"
    monkeypatch.undo()
    same_as_full(corpus_project, tmp_path / "ref")
