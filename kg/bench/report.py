"""The figures of :mod:`kg.bench.run`: each stage's growth between sizes, and the printed table."""

from __future__ import annotations

import math

__all__ = ["STAGES", "growth", "format_table"]

STAGES = ("generate", "build", "validate", "queries", "export_actors", "publish", "incremental", "pyshacl")


def growth(runs: list[dict]) -> dict:
    """Each stage's exponent between the smallest and the largest run (1.0: linear)."""
    runs = sorted((r for r in runs if r.get("articles")), key=lambda r: r["articles"])
    if len(runs) < 2:
        return {}
    small, large = runs[0], runs[-1]
    factor = math.log(large["articles"] / small["articles"])
    out = {}
    for name in STAGES:
        a, b = _seconds(small, name), _seconds(large, name)
        if a and b and a > 0:
            out[name] = round(math.log(b / a) / factor, 2)
    for name in small["stages"].get("build", {}).get("steps", {}):
        a = small["stages"]["build"]["steps"].get(name)
        b = large["stages"].get("build", {}).get("steps", {}).get(name)
        if a and b and a > 0.01:
            out[f"build.{name}"] = round(math.log(b / a) / factor, 2)
    return out


def _seconds(run: dict, name: str) -> float | None:
    stage = run["stages"].get(name, {})
    if name == "incremental":
        return stage.get("build", {}).get("seconds")
    if name == "queries":
        return sum(q["kg_seconds"] for q in stage.get("queries", {}).values()) or None
    return stage.get("seconds")



def _fmt(x, digits=2) -> str:
    if x is None:
        return "-"
    return f"{x:.{digits}f}" if isinstance(x, float) else str(x)


def format_table(report: dict) -> str:
    lines = []
    for run in report["runs"]:
        s = run["stages"]
        lines.append(f"\n{run['articles']} articles: {_fmt(run['triples'])} triples, {_fmt(run['quads'])} quads, "
                     f"{_fmt(run['articles_per_second'], 1)} articles/s (build), peak {_fmt(run['peak_mb'], 0)} MiB")
        lines.append(f"  {'stage':<28}{'seconds':>10}{'peak MiB':>10}  notes")
        for name in STAGES:
            st = s.get(name)
            if st is None:
                continue
            note = st.get("error", "")
            if name == "build" and not note:
                note = ", ".join(f"{k} {v:.1f}" for k, v in st.get("steps", {}).items())
            elif name in ("validate", "pyshacl") and not note:
                note = (f"{st.get('violations')} violations, {st.get('warnings')} warnings"
                        + (f", {st['mode']}" if st.get("mode") else "")
                        + ("" if "same_findings_as_fast_path" not in st
                           else f", same findings as fast path: {st['same_findings_as_fast_path']}"))
            elif name in ("export_actors", "publish") and not note:
                note = "not available" if st.get("available") is False else ", ".join(
                    f"{k} {v}" for k, v in st.items() if k in ("nodes", "edges", "pages", "files"))
            elif name == "queries" and not note:
                note = (f"{len(st.get('queries', {}))} queries, max {_fmt(run['query_seconds_max'], 3)} s, "
                        f"max ratio {_fmt(run['query_ratio_max'])} (same store), "
                        f"{_fmt(run['query_ratio_to_memory_store_max'])} (in-memory store)")
            lines.append(f"  {name:<28}{_fmt(st.get('seconds')):>10}{_fmt(st.get('peak_mb'), 0):>10}  {note}")
            if name == "incremental" and not note:
                b, v = st.get("build", {}), st.get("validate", {})
                lines.append(f"  {'  build after 1 change':<28}{_fmt(b.get('seconds')):>10}"
                             f"{_fmt(b.get('peak_mb'), 0):>10}  extracted {b.get('extracted')}, graphs "
                             f"{b.get('graphs_written')}, store {b.get('store')}, "
                             f"{_fmt(st.get('build_share_of_full'), 3)} of a full build"
                             + (f", identical to full: {st['identical_to_full_build']}"
                                if "identical_to_full_build" in st else ""))
                lines.append(f"  {'  validate after 1 change':<28}{_fmt(v.get('seconds')):>10}"
                             f"{_fmt(v.get('peak_mb'), 0):>10}  {v.get('mode')}, {v.get('focus')} focus nodes")
        queries = s.get("queries", {}).get("queries", {})
        if queries:
            lines.append(f"  {'query':<28}{'kg s':>10}{'oxigraph s':>12}{'ratio':>8}{'in-mem s':>10}"
                         f"{'ratio':>8}{'rows':>9}")
            for name, q in queries.items():
                lines.append(f"  {name:<28}{q['kg_seconds']:>10.4f}{q['pyoxigraph_seconds']:>12.4f}"
                             f"{_fmt(q['ratio']):>8}{q['pyoxigraph_memory_seconds']:>10.4f}"
                             f"{_fmt(q['ratio_to_memory_store']):>8}{q['rows']:>9}")
    if report.get("growth"):
        lines.append("\ngrowth exponent (1.0 = linear): " + ", ".join(
            f"{k} {v}" for k, v in report["growth"].items()))
    if report.get("corpus"):
        c = report["corpus"]
        inc = c["incremental"]
        lines.append(f"\ncorpus {c['sources']} (medians of {c['rounds']} rounds): full build "
                     f"{_fmt(c.get('full_seconds_median'), 3)} s; after one changed source "
                     f"{_fmt(c.get('incremental_seconds_median'), 3)} s ({_fmt(c.get('build_share_of_full'), 3)} "
                     f"of full), identical to a full build: {inc.get('identical_to_full_build')}")
    return "\n".join(lines).lstrip("\n")

