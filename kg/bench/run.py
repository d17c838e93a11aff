"""``kg bench``: the real pipeline, timed on a synthetic corpus (or a copy of a real one).

For each size the bench generates the corpus (:mod:`kg.bench.corpus`) in a work folder
with this project's ontology and queries, then runs and times, each stage in its own
child process so that its peak memory is its own (``resource.getrusage``, the process
and its children):

- ``build``: ``kg build`` from scratch (its steps: ``scan``, ``extract``, ``graphs``,
  ``outputs``, ``store``...), with articles per second;
- ``validate``: ``kg validate`` (SPARQL on Oxigraph, no cache yet);
- ``queries``: every named query through :func:`kg.queries.run_query` on the build's
  store, and the same SPARQL text on plain pyoxigraph over the same data, interleaved,
  median of ``repeats`` runs: ``ratio`` is kg's time over pyoxigraph's on the same
  store files (``build/merged``, what kg's overhead costs), ``ratio_to_memory_store``
  over an in-memory pyoxigraph store loaded from ``graph.ttl`` (what the on-disk
  RocksDB store costs besides);
- ``export_actors`` and ``publish``: :func:`kg.networks.export_network` and
  :func:`kg.publishing.site.publish`, when those modules are there, each stopped after
  ``stage_timeout`` seconds (then reported as not finished);
- ``incremental``: one article gains a sentence, then ``kg build`` and ``kg validate``
  again (what they re-extracted and re-checked, and, with ``check_identical``, whether
  the outputs equal a full build's byte for byte);
- ``pyshacl``: the baseline, pySHACL over the whole graph (``validate(engine="pyshacl")``),
  last, so that its memory does not count as the pipeline's.

With several sizes, ``growth`` gives each stage's exponent: log(t2/t1) / log(n2/n1)
between the smallest and the largest size (1.0 is linear).

The stages time the library's work, not Python's start: the bench imports the modules
the stages use before it forks them (:func:`preload`), so a full build and an
incremental one are timed alike; and it flushes the disk writes of each stage before the
next one starts (``os.sync``): after ``publish`` has written 900,000 files, their write-back
would otherwise slow down the incremental build that follows.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import platform
import resource
import shutil
import statistics
import time
import traceback
from pathlib import Path

from kg.bench.report import growth

__all__ = ["run_bench", "bench_corpus", "peak_mb"]


def peak_mb() -> float:
    """The peak resident memory of this process and of its finished children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def preload():
    """Import what the stages use, once, in the parent: no child's time counts imports."""
    import gc

    import kg.build  # noqa: F401
    import kg.validation  # noqa: F401

    gc.freeze()  # what the parent holds is not the children's garbage to trace (nor to copy on write)


def _child(conn, func, args):
    try:
        start = time.perf_counter()
        result = func(*args)
        result = {**result, "seconds": round(time.perf_counter() - start, 3), "peak_mb": peak_mb()}
        conn.send(("ok", result))
    except BaseException as err:  # a stage that fails is reported, not fatal to the bench
        conn.send(("error", f"{type(err).__name__}: {err}\n{traceback.format_exc(limit=5)}"))
    finally:
        conn.close()


def in_child(func, *args, timeout: float | None = None) -> dict:
    """Run ``func(*args)`` (returning a dict) in a forked child; add its seconds and peak memory."""
    os.sync()  # the writes of the stage before are flushed now, not during (and at the cost of) this one
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, func, args))
    proc.start()
    child.close()
    if not parent.poll(timeout):
        proc.kill()
        proc.join()
        return {"error": f"did not finish in {timeout:.0f} s", "seconds": None}
    try:
        status, payload = parent.recv()
    except EOFError:
        status, payload = "error", f"the child died (exit code {proc.exitcode})"
    proc.join()
    return payload if status == "ok" else {"error": payload.strip().splitlines()[0], "detail": payload,
                                           "seconds": None}


# ---------------------------------------------------------------- the stages


def _project(root: Path):
    from kg.project import Project

    return Project.at(root)


def stage_generate(root: Path, articles: int, seed: int, template: Path) -> dict:
    from kg.bench.corpus import generate

    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name in ("ontology", "queries"):
        if (template / name).is_dir():
            shutil.copytree(template / name, root / name)
    paths = generate(root / "sources", articles, seed)
    size = sum((p / "article.txt").stat().st_size for p in paths)
    return {"articles": len(paths), "text_bytes": size}


def stage_build(root: Path, jobs: int | None = None) -> dict:
    from kg.build import build

    result = build(_project(root), jobs=jobs)
    return {"sources": result.sources, "extracted": len(result.extracted), "reused": len(result.reused),
            "graphs_written": len(result.graphs_written), "quads": result.quads, "triples": result.triples,
            "store": result.store, "steps": {k: round(v, 3) for k, v in result.timings.items()},
            "warnings": len(result.warnings)}


def stage_validate(root: Path, engine: str = "auto") -> dict:
    from kg.validation import validate

    project = _project(root)
    result = validate(project.out_dir / "graph.nq", project.shapes_file, engine=engine)
    return {"conforms": result.conforms, "violations": result.count("Violation"),
            "warnings": result.count("Warning"), "findings": len(result.results), **result.info,
            "finding_keys": sorted({(f.focus, f.path, f.severity, f.message) for f in result.results})}


QUICK_SECONDS, QUICK_ROUNDS = 0.05, 25


def stage_queries(root: Path, repeats: int) -> dict:
    import pyoxigraph as ox

    from kg.queries import list_queries, load_query, run_query
    from kg.stats import open_store

    project = _project(root)
    store = open_store(project.out_dir)
    same = ox.Store.read_only(str(project.out_dir / "merged"))  # the same files, plain pyoxigraph
    memory = ox.Store()
    start = time.perf_counter()
    memory.bulk_load(path=str(project.out_dir / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    load = time.perf_counter() - start

    def timed(func):
        start = time.perf_counter()
        value = func()
        return time.perf_counter() - start, value

    queries = {}
    for header in list_queries(project.queries_dir):
        info = load_query(header.name, project.queries_dir)
        times = {"kg": [], "same": [], "memory": []}
        rounds = repeats
        for i in range(max(repeats, QUICK_ROUNDS)):  # interleaved, so that noise hits all three alike
            if i == 1 and sum(t[0] for t in times.values()) < QUICK_SECONDS:
                rounds = QUICK_ROUNDS  # a query of a few milliseconds: its median needs more runs than timer noise
            if i >= rounds or (i and sum(t[-1] for t in times.values()) > 3):
                break  # a slow query is timed once: repeating it would not change the picture
            seconds, result = timed(lambda: run_query(store, info))
            times["kg"].append(seconds)
            seconds, raw_rows = timed(lambda: [tuple(s) for s in same.query(info.text)])
            times["same"].append(seconds)
            seconds, memory_rows = timed(lambda: [tuple(s) for s in memory.query(info.text)])
            times["memory"].append(seconds)
        kg_s, raw_s, mem_s = (statistics.median(times[k]) for k in ("kg", "same", "memory"))
        queries[info.name] = {
            "kg_seconds": round(kg_s, 4), "pyoxigraph_seconds": round(raw_s, 4),
            "pyoxigraph_memory_seconds": round(mem_s, 4),
            "ratio": round(kg_s / raw_s, 3) if raw_s > 0 else None,
            "ratio_to_memory_store": round(kg_s / mem_s, 3) if mem_s > 0 else None,
            "runs": len(times["kg"]), "rows": len(result.rows), "pyoxigraph_rows": len(raw_rows), "pyoxigraph_memory_rows": len(memory_rows)}
    return {"queries": queries, "pyoxigraph_memory_load_seconds": round(load, 3), "repeats": repeats}


def stage_export_actors(root: Path) -> dict:
    try:
        from kg.networks import export_network
    except ImportError as err:
        return {"available": False, "why": str(err)}
    result = export_network(_project(root).out_dir, "actors", "gexf")
    return {"available": True, "nodes": result.graph.number_of_nodes(), "edges": result.graph.number_of_edges()}


def stage_publish(root: Path) -> dict:
    try:
        from kg.publishing.site import publish
    except ImportError as err:
        return {"available": False, "why": str(err)}
    project = _project(root)
    result = publish(project.out_dir, root / "site", queries_dir=project.queries_dir)
    return {"available": True, "pages": result.pages, "files": result.files}


def change_one_article(sources: Path) -> str:
    """Append one sentence to the middle article of ``sources``; return its id."""
    folders = sorted(p for p in sources.iterdir() if p.is_dir() and not p.name.startswith("."))
    folder = folders[len(folders) // 2]
    text = folder / ("article.txt" if (folder / "article.txt").is_file() else "article.md")
    text.write_text(text.read_text(encoding="utf-8").rstrip("\n")
                    + "\n\nRussia's Foreign Ministry said it would study the note.\n", encoding="utf-8")
    return folder.name


def stage_incremental(root: Path, check_identical: bool, full_seconds: float | None) -> dict:
    from kg.build import OUTPUTS

    changed = change_one_article(_project(root).sources_dir)
    build = in_child(stage_build, root)
    validate = in_child(stage_validate, root)  # its finding_keys are for the caller to compare, then drop
    report = {"changed": changed, "build": build, "validate": validate}
    if full_seconds and build.get("seconds"):
        report["build_share_of_full"] = round(build["seconds"] / full_seconds, 4)
    if check_identical:
        reference = root.parent / f"{root.name}-full"
        if reference.exists():
            shutil.rmtree(reference)
        shutil.copytree(root / "sources", reference / "sources")
        for name in ("ontology", "queries"):
            if (root / name).is_dir():
                shutil.copytree(root / name, reference / name)
        full = in_child(stage_build, reference)
        out, ref = _project(root).out_dir, _project(reference).out_dir
        names = [*OUTPUTS, "manifest.json"]
        report["identical_to_full_build"] = all(
            (out / n).read_bytes() == (ref / n).read_bytes() for n in names)
        report["full_build_seconds"] = full.get("seconds")
        if full.get("seconds"):
            report["build_share_of_full"] = round(build["seconds"] / full["seconds"], 4)
        shutil.rmtree(reference, ignore_errors=True)
    return report


# ---------------------------------------------------------------- a run


def bench_size(workdir: Path, articles: int, seed: int, template: Path, *, repeats: int = 3,
               baseline: bool = True, baseline_timeout: float = 3600, check_identical: bool | None = None,
               stage_timeout: float | None = None, say=print) -> dict:
    """Every stage on a corpus of ``articles`` generated articles; a dict of figures."""
    root = workdir / f"corpus-{articles}"
    stages: dict[str, dict] = {}

    def stage(name, func, *args, timeout=None):
        say(f"[{articles} articles] {name}...")
        stages[name] = in_child(func, *args, timeout=timeout)
        if stages[name].get("error"):
            say(f"  {name} failed: {stages[name]['error']}")
        return stages[name]

    stage("generate", stage_generate, root, articles, seed, template)
    build = stage("build", stage_build, root)
    validate = stage("validate", stage_validate, root)
    fast_keys = validate.pop("finding_keys", None)
    stage("queries", stage_queries, root, repeats)
    stage("export_actors", stage_export_actors, root, timeout=stage_timeout)
    stage("publish", stage_publish, root, timeout=stage_timeout)
    if check_identical is None:
        check_identical = articles <= 2000
    incremental = stage("incremental", stage_incremental, root, check_identical, build.get("seconds"))
    incremental_keys = incremental.get("validate", {}).pop("finding_keys", None)
    if baseline:  # on the graph as the incremental build left it, the last one validated
        base = stage("pyshacl", stage_validate, root, "pyshacl", timeout=baseline_timeout)
        keys = base.pop("finding_keys", None)
        if keys is not None and incremental_keys is not None:
            base["same_findings_as_fast_path"] = [list(k) for k in keys] == [list(k) for k in incremental_keys]
    stages["validate"]["findings_before_the_change"] = len(fast_keys or ())
    return summarise(articles, stages)


def summarise(articles: int, stages: dict) -> dict:
    build = stages.get("build", {})
    pipeline = [s for n, s in stages.items() if n not in ("pyshacl", "generate") and s.get("peak_mb")]
    queries = stages.get("queries", {}).get("queries", {})
    return {
        "articles": articles,
        "quads": build.get("quads"), "triples": build.get("triples"),
        "articles_per_second": round(articles / build["seconds"], 1) if build.get("seconds") else None,
        "peak_mb": max((s["peak_mb"] for s in pipeline), default=None),
        "stages": stages,
        "query_ratio": {name: q["ratio"] for name, q in queries.items()},
        "query_ratio_max": max((q["ratio"] for q in queries.values() if q["ratio"] is not None), default=None),
        "query_ratio_to_memory_store_max": max((q["ratio_to_memory_store"] for q in queries.values()
                                                if q["ratio_to_memory_store"] is not None), default=None),
        "query_seconds_max": max((q["kg_seconds"] for q in queries.values()), default=None),
    }


CORPUS_ROUNDS = 5


def bench_corpus(sources: Path, workdir: Path, template: Path, rounds: int = CORPUS_ROUNDS, say=print) -> dict:
    """Full build, then one changed source and an incremental build, on fresh copies of ``sources``.

    A build of ten articles takes a fraction of a second, so one run is mostly noise:
    the round is repeated and the share is the median incremental build over the
    median full build. The first round also checks the outputs against a full build.
    """
    root = workdir / "corpus-copy"
    fulls, incrementals, first = [], [], None
    for n in range(rounds):
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(sources, root / "sources")
        for name in ("ontology", "queries"):
            if (template / name).is_dir():
                shutil.copytree(template / name, root / name)
        say(f"[{sources}] round {n + 1} of {rounds}: full build, one changed source, incremental build...")
        full = in_child(stage_build, root)
        incremental = in_child(stage_incremental, root, n == 0, full.get("seconds"))
        incremental.get("validate", {}).pop("finding_keys", None)
        first = first or (full, incremental)
        fulls.append(full.get("seconds"))
        incrementals.append(incremental.get("build", {}).get("seconds"))
    report = {"sources": str(sources), "build": first[0], "incremental": first[1], "rounds": rounds,
              "full_seconds": fulls, "incremental_seconds": incrementals}
    if None not in fulls + incrementals:
        full_s, inc_s = statistics.median(fulls), statistics.median(incrementals)
        report.update(full_seconds_median=round(full_s, 3), incremental_seconds_median=round(inc_s, 3),
                      build_share_of_full=round(inc_s / full_s, 3))
    return report


def run_bench(sizes: list[int], workdir: Path, template: Path, *, seed: int = 42, repeats: int = 3,
              baseline: bool = True, baseline_timeout: float = 3600, stage_timeout: float | None = None,
              corpus: Path | None = None, keep: bool = False, say=print) -> dict:
    """The whole benchmark: every size, the real corpus if given, growth between sizes."""
    import pyoxigraph
    import pyshacl

    preload()
    workdir.mkdir(parents=True, exist_ok=True)
    report = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "pyoxigraph": getattr(pyoxigraph, "__version__", ""), "pyshacl": pyshacl.__version__},
        "seed": seed, "runs": [],
    }
    try:
        for n in sizes:
            report["runs"].append(bench_size(workdir, n, seed, template, repeats=repeats, baseline=baseline,
                                             baseline_timeout=baseline_timeout, stage_timeout=stage_timeout,
                                             say=say))
        if corpus is not None:
            report["corpus"] = bench_corpus(corpus, workdir, template, say=say)
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report["growth"] = growth(report["runs"])
    return report
