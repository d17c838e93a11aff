"""A bounded load test of `kg serve` on 127.0.0.1.

Builds and publishes the project (unless --site is given), starts the server in this
process, and runs N concurrent clients for S seconds. Each client picks, in a seeded
order, either a named query from queries/ (SPARQL GET, JSON results) or an entity page
(HTML, through the IRI's 303 redirect). Prints requests, failures, p50/p99 latency and
throughput. Traffic goes only to 127.0.0.1; the loop stops by itself.

Usage:
    python benchmarks/load.py [--root .] [--clients 16] [--seconds 30] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from kg.build import build
from kg.project import Project
from kg.publishing.server import serve
from kg.publishing.site import publish
from kg.queries import list_queries


def targets(project: Project, site: Path, base: str) -> list[tuple[str, str, str]]:
    """(kind, path-and-query, Accept) for every named query without parameters and every entity page."""
    out = []
    for info in list_queries(project.queries_dir):
        if info.parameters:
            continue
        text = info.path.read_text(encoding="utf-8")
        out.append(("query", "sparql?" + urllib.parse.urlencode({"query": text}), "application/sparql-results+json"))
    for page in sorted((site / "id").rglob("*.html")):
        iri_path = page.relative_to(site).with_suffix("").as_posix()
        if not iri_path.startswith(("id/evidence/", "id/quantity/")):
            out.append(("page", iri_path, "text/html"))
    return out


def client(url: str, work: list, deadline: float, seed: int, results: list, lock: threading.Lock):
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        kind, path, accept = rng.choice(work)
        start = time.perf_counter()
        ok = True
        try:
            request = urllib.request.Request(url + path, headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                ok = response.status == 200
        except (urllib.error.URLError, OSError):
            ok = False
        elapsed = time.perf_counter() - start
        with lock:
            results.append((kind, elapsed, ok))


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=".")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    project = Project.at(args.root)
    build(project)
    site = project.out_dir / "load-site"
    publish(project.out_dir, site, queries_dir=project.queries_dir)
    results: list = []
    lock = threading.Lock()
    with serve(site, port=0, timeout=10.0, quiet=True, workers=2) as server:
        work = targets(project, site, server.url)
        deadline = time.monotonic() + args.seconds
        threads = [threading.Thread(target=client, args=(server.url, work, deadline, i, results, lock))
                   for i in range(args.clients)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - began
    figures = {"clients": args.clients, "seconds": round(wall, 1), "requests": len(results),
               "failures": sum(1 for *_, ok in results if not ok),
               "throughput_rps": round(len(results) / wall, 1)}
    for kind in ("all", "query", "page"):
        times = sorted(e for k, e, _ in results if kind == "all" or k == kind)
        if times:
            figures[f"{kind}_p50_ms"] = round(statistics.median(times) * 1000, 1)
            figures[f"{kind}_p99_ms"] = round(times[min(len(times) - 1, int(len(times) * 0.99))] * 1000, 1)
    width = max(map(len, figures))
    for key, value in figures.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
