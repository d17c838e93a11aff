"""The load benchmark runs, briefly, with no failed request (the full run is benchmarks/load.py)."""

from __future__ import annotations

import importlib.util

from conftest import REPO


def test_a_short_load_run_has_no_failures(tiny_project, capsys):
    spec = importlib.util.spec_from_file_location("load", REPO / "benchmarks" / "load.py")
    load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(load)
    figures = load.main(["--root", str(tiny_project.root), "--clients", "4", "--seconds", "2"])
    assert figures["requests"] > 0 and figures["failures"] == 0
    assert "all_p99_ms" in capsys.readouterr().out
