"""Faults: a killed build, two builds at once, a full disk, the order sources are read in."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.build
import kg.sources
from kg.build import OUTPUTS, build
from kg.cli import cli
from kg.project import Project

from conftest import REPO, copy_project

NAMES = [*OUTPUTS, "manifest.json"]


def snapshot(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in NAMES if (out / n).exists()}


def run_build(root: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", "--root", str(root), "build", "--quiet"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigkill_at_any_moment_leaves_whole_outputs(tmp_path):
    project = copy_project(REPO / "sources", tmp_path / "p")
    build(project)
    old = snapshot(project.out_dir)
    article = project.sources_dir / "russification-creates-migration" / "article.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nTajikistan urged Russia to respect migrants.\n",
                       encoding="utf-8")
    reference = copy_project(project.sources_dir, tmp_path / "ref")
    build(reference)
    new = snapshot(reference.out_dir)
    assert new != old
    for delay in (0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6):
        proc = run_build(project.root)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for name, data in snapshot(project.out_dir).items():
            assert data in (old[name], new[name]), f"{name} is half-written after a kill at {delay}s"
    assert run_build(project.root).wait() == 0
    assert snapshot(project.out_dir) == new


def test_two_builds_at_once_are_serialised(tmp_path):
    project = copy_project(REPO / "sources", tmp_path / "p")
    procs = [run_build(project.root) for _ in range(3)]
    assert [p.wait() for p in procs] == [0, 0, 0]
    reference = copy_project(REPO / "sources", tmp_path / "ref")
    build(reference)
    assert snapshot(project.out_dir) == snapshot(reference.out_dir)
    assert not [p for p in project.out_dir.iterdir() if ".tmp-" in p.name]


def test_a_full_disk_is_a_clear_error(tiny_project, monkeypatch):
    real_replace = os.replace

    def full(src, dst):
        if str(dst).endswith("graph.ttl"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst)

    monkeypatch.setattr(kg.build.os, "replace", full)
    result = CliRunner().invoke(cli, ["--root", str(tiny_project.root), "build"])
    assert result.exit_code == 2
    assert "graph.ttl: cannot write: No space left on device" in result.output
    assert not [p for p in tiny_project.out_dir.iterdir() if ".tmp-" in p.name]


def test_the_order_sources_are_read_in_does_not_matter(tmp_path, monkeypatch):
    first = copy_project(REPO / "sources", tmp_path / "a")
    build(first)
    second = copy_project(REPO / "sources", tmp_path / "b")
    real_iterdir = Path.iterdir

    def shuffled(self):
        items = list(real_iterdir(self))
        random.Random(7).shuffle(items)
        return iter(items)

    monkeypatch.setattr(Path, "iterdir", shuffled)
    build(second)
    assert snapshot(first.out_dir) == snapshot(second.out_dir)
