"""``kg build``: from ``sources/`` to the knowledge graph in ``build/``.

Outputs (all sorted, so the same inputs give the same bytes):

- ``graph.nq`` (N-Quads) and ``graph.trig`` (TriG): one named graph per source, plus
  ``kgg:ontology`` with the ontology and concept schemes;
- ``graph.ttl`` (Turtle) and ``graph.jsonld`` (JSON-LD): the merged graph;
- ``store/``: an Oxigraph store of the same quads, and ``merged/``: one of the merged
  graph, which queries over the union of the graphs use (see :mod:`kg.buildstore`);
- ``manifest.json``: sources, their content hashes and counts;
- ``cache/``: each source's extraction and graph pack (:mod:`kg.packs`), reused while
  its text, metadata, curation file, the extractor and the canonical names of the
  entities it mentions are unchanged (incremental builds).

The build streams: no step holds the whole graph as Python objects. Sources are
extracted in parallel above :data:`PARALLEL_FROM` sources, each source's graph is
built and serialised once into its pack (in parallel too), and the outputs are the
packs' sections in order (:mod:`kg.outputs`; only the small shared part of the merged
graph is merged). An incremental build re-reads only the sources whose files changed
(by their stat, then their digest: :mod:`kg.buildscan`), re-extracts only those whose
digest changed, rebuilds only the packs whose graph changed, rewrites only the outputs
whose bytes change, and updates the stores in place (:mod:`kg.buildstore`), opening them
only when some graph's quads changed.

Each output is written to a temporary file and renamed into place, so a build that is
killed or fails leaves the previous outputs whole; a lock file serialises builds.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import buildstore
from kg.buildscan import INDEX, file_stats, load_index, refuse_duplicates, scan_sources
from kg.curation import apply_curation, load_curation
from kg.errors import BuildError
from kg.extraction import EXTRACTOR_VERSION, extract
from kg.graph import canonical_entities
from kg.namespaces import KGG
from kg.outputs import AtomicFile, ontology_graph, vocabulary_quads, write_outputs
from kg.packs import Pack, read_header, read_section, write_pack
from kg.project import Project
from kg.sources import Source, load_source, text_id

OUTPUTS = {"graph.nq": ox.RdfFormat.N_QUADS, "graph.trig": ox.RdfFormat.TRIG,
           "graph.ttl": ox.RdfFormat.TURTLE, "graph.jsonld": ox.RdfFormat.JSON_LD}
PARALLEL_FROM = 8  # sources; below this a process pool costs more than it saves


@dataclass
class BuildResult:
    out_dir: Path
    sources: int
    extracted: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    quads: int = 0
    triples: int = 0
    warnings: list[str] = field(default_factory=list)
    graphs_written: list[str] = field(default_factory=list)  # sources whose graph pack was (re)built
    store: str = ""  # how the stores were brought up to date: "full" or "incremental"
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step


@contextmanager
def build_lock(out_dir: Path, shared: bool = False):
    """Hold a lock on ``out_dir`` so that two builds never interleave (``shared``: a reader's)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write(path: Path, data: bytes, durable: bool = True):
    """Write ``data`` to ``path`` through a temporary file and a rename (see :class:`AtomicFile`)."""
    with AtomicFile(path, durable) as out:
        out.write(data)


def _code_fingerprint(files) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def extractor_fingerprint() -> str:
    """A hash of the code and data extraction depends on: a change invalidates the cache."""
    root = Path(__file__).parent
    return _code_fingerprint([*root.glob("extraction/*.py"), root / "cleaning.py", root / "curation.py",
                              root / "data" / "gazetteer.yaml"])


def graph_fingerprint() -> str:
    """A hash of the code that turns extractions into quads, packs and outputs (and of pyoxigraph's version)."""
    root = Path(__file__).parent
    code = _code_fingerprint([root / "graph.py", root / "namespaces.py", root / "packs.py", root / "outputs.py",
                              Path(__file__)])
    return hashlib.sha256(f"{code}\0{ox.__version__}".encode()).hexdigest()


def _extract_one(source: Source) -> dict:
    extraction = extract(source)
    curation = load_curation(source.curation_path)
    return apply_curation(extraction, curation, source.text, source.curation_path)


def _run(function, items, jobs, progress, before_pool=None):
    """``map`` over a process pool when there is enough work for one, with progress.

    ``before_pool`` runs before the pool forks (to stop threads the children must not inherit).
    """
    jobs = jobs or os.cpu_count() or 1
    if len(items) >= PARALLEL_FROM and jobs > 1:
        if before_pool is not None:
            before_pool()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(_progress(pool.map(function, items, chunksize=max(1, len(items) // (jobs * 8))),
                                  len(items), progress))
    return list(_progress(map(function, items), len(items), progress))


def _cached_extraction(cache_dir: Path, source_id: str, digest: str, fingerprint: str) -> dict | None:
    try:
        data = json.loads((cache_dir / f"{source_id}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if data.get("digest") == digest and data.get("fingerprint") == fingerprint else None


def _store_extraction(cache_dir: Path, source: Source, data: dict, fingerprint: str) -> dict:
    data = {**data, "digest": source.digest, "fingerprint": fingerprint}
    atomic_write(cache_dir / f"{source.id}.json",
                 json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode(), durable=False)
    return data


def extract_all(project: Project, sources: list[Source], jobs: int | None = None,
                progress=None) -> tuple[dict[str, dict], list[str], list[str]]:
    """Each source's curated extraction, from the cache where still valid."""
    cache_dir = project.cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = extractor_fingerprint()
    results, todo, reused = {}, [], []
    for source in sources:
        data = _cached_extraction(cache_dir, source.id, source.digest, fingerprint)
        if data is None:
            todo.append(source)
        else:
            results[source.id] = data
            reused.append(source.id)
    for source, data in zip(todo, _run(_extract_one, todo, jobs, progress)):
        results[source.id] = _store_extraction(cache_dir, source, data, fingerprint)
    return results, [s.id for s in todo], reused


def _progress(iterable, total, progress):
    for i, item in enumerate(iterable, 1):
        if progress:
            progress(i, total)
        yield item


def _write_if_changed(path: Path, data: bytes) -> bool:
    """:func:`atomic_write` unless the file already holds ``data``."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write(path, data)
    return True


# ---------------------------------------------------------------- the build


def _summary(data: dict) -> dict:
    return {"entities": [[e["key"], e["type"], e["label"]] for e in data["entities"]],
            "refs": sorted({f["object"] for f in data["facts"] if f["kind"] == "entity"}),
            "facts": len(data["facts"]), "n_entities": len(data["entities"])}


def _canon_signature(entry: dict, canon: dict) -> str:
    keys = sorted({e[0] for e in entry["entities"]} | set(entry["refs"]))
    return hashlib.sha256(json.dumps([[k, canon.get(k)] for k in keys]).encode()).hexdigest()


def _pack_job(job) -> Pack:
    path, key, source, extraction, canon = job
    return write_pack(path, key, source, extraction, canon)


def build(project: Project, jobs: int | None = None, progress=None) -> BuildResult:
    """Build the knowledge graph of ``project`` into ``project.out_dir``."""
    with build_lock(project.out_dir):
        opener = []  # the stores, when _build starts opening them ahead of their update
        try:
            return _build(project, jobs, progress, opener)
        finally:
            for stores in opener:
                stores.close()


def _build(project: Project, jobs, progress, opener: list) -> BuildResult:
    clock = _Clock()
    cache_dir = project.cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    index = load_index(cache_dir)
    fingerprint, graph_code = extractor_fingerprint(), graph_fingerprint()
    scan_started = time.time_ns()
    ids, loaded = scan_sources(project, index)
    if not ids:
        raise BuildError(project.sources_dir, "no sources to build from")
    clock.lap("scan")

    # Extraction: only sources whose digest or the extractor changed.
    old_index = index.get("sources", {})
    same_extractor = index.get("fingerprint") == fingerprint
    entries, todo, reused = {}, [], []
    for sid in ids:
        entry = old_index.get(sid) if same_extractor else None
        source = loaded.get(sid)
        if entry is not None and (source is None or entry["digest"] == source.digest):
            entries[sid] = dict(entry)
            reused.append(sid)
            continue
        if source is None:
            source = loaded[sid] = load_source(project.sources_dir / sid)
        cached = _cached_extraction(cache_dir, sid, source.digest, fingerprint)
        if cached is not None:
            entries[sid] = {"digest": source.digest, "title": source.title, **_summary(cached)}
            reused.append(sid)
        else:
            todo.append(source)
    extractions = {}
    for source, data in zip(todo, _run(_extract_one, todo, jobs, progress)):
        extractions[source.id] = _store_extraction(cache_dir, source, data, fingerprint)
        entries[source.id] = {"digest": source.digest, "title": source.title, **_summary(data)}
    for sid, source in loaded.items():
        entries[sid]["stat"] = file_stats(source.folder)
        entries[sid]["text_id"] = text_id(source.text)
    refuse_duplicates(project, ids, entries)
    clock.lap("extract")

    # Opening the stores costs RocksDB some 40 ms, in threads of its own (see
    # kg.buildstore): when few sources changed, start it now, so that it overlaps
    # building the graphs and writing the outputs (10 ms less than starting it once
    # the graphs are known to differ). If no quad changes after all, the stores are
    # closed at the end, unused.
    gone = [sid for sid in old_index if sid not in entries]
    changed = {s.id for s in todo} | {sid for sid in ids
                                      if old_index.get(sid, {}).get("digest") != entries[sid]["digest"]}
    if (changed or gone) and len(changed) + len(gone) < PARALLEL_FROM and buildstore.can_update_in_place(
            project.out_dir):
        opener.append(buildstore.StoreOpener(project.out_dir))

    def close_stores():  # before a process pool forks
        while opener:
            opener.pop().close()

    # Canonical names over all sources, then each source's graph pack.
    canon = canonical_entities({sid: {"entities": [{"key": k, "type": t, "label": l} for k, t, l in e["entities"]]}
                                for sid, e in entries.items()})
    packs: dict[str, Pack] = {}
    jobs_to_run = []
    for sid in ids:
        entry = entries[sid]
        key = hashlib.sha256("\0".join([entry["digest"], fingerprint, graph_code,
                                        _canon_signature(entry, canon)]).encode()).hexdigest()
        path = cache_dir / f"{sid}.pack"
        pack = read_header(path)
        if pack is not None and pack.key == key:
            packs[sid] = pack
            continue
        source = loaded.get(sid) or load_source(project.sources_dir / sid)
        extraction = extractions.get(sid) or _cached_extraction(cache_dir, sid, source.digest, fingerprint)
        if extraction is None:  # the extraction cache was removed behind our back
            extraction = _store_extraction(cache_dir, source, _extract_one(source), fingerprint)
        needed = {k: canon[k] for k in {e["key"] for e in extraction["entities"]} | {
            f["object"] for f in extraction["facts"] if f["kind"] == "entity"} if k in canon}
        jobs_to_run.append((path, key, source, extraction, needed))
    # What the stores hold of the graphs about to change, for updating them in place.
    previous = None
    if len(jobs_to_run) + len(gone) <= buildstore.INCREMENTAL_LIMIT:
        previous = {}
        for sid in [Path(j[0]).stem for j in jobs_to_run] + gone:
            old_pack = read_header(cache_dir / f"{sid}.pack")
            if old_pack is not None:
                previous[f"{KGG}{sid}"] = (old_pack.key, read_section(old_pack, "nq"))
    for job, pack in zip(jobs_to_run, _run(_pack_job, jobs_to_run, jobs, None, close_stores)):
        packs[Path(job[0]).stem] = pack
    for sid, pack in packs.items():
        entries[sid]["pack"] = pack.key
    result = BuildResult(project.out_dir, len(ids), [s.id for s in todo], reused,
                         graphs_written=sorted(Path(j[0]).stem for j in jobs_to_run))
    # The stores change only where some graph's N-Quads do (a changed article may give
    # the same graph): then they are needed, and opened now if not yet.
    needs_stores = previous is not None and bool(gone or any(
        f"{KGG}{sid}" not in previous or previous[f"{KGG}{sid}"][1] != read_section(packs[sid], "nq")
        for sid in result.graphs_written))
    if needs_stores and not opener and buildstore.can_update_in_place(project.out_dir):
        opener.append(buildstore.StoreOpener(project.out_dir))
    clock.lap("graphs")

    ontology = ontology_graph(project, cache_dir, graph_code)
    result.warnings = [f"{project.sources_dir / sid}: no facts found in this article"
                       for sid in ids if not entries[sid]["facts"]]
    outputs = write_outputs(project.out_dir, cache_dir, ids, packs, ontology, graph_code)
    result.quads, result.triples = outputs.quads, outputs.triples
    clock.lap("outputs")

    manifest = {
        "extractor": EXTRACTOR_VERSION,
        "quads": result.quads, "triples": result.triples,
        "sources": {sid: {"digest": entries[sid]["digest"], "title": entries[sid]["title"],
                          "facts": entries[sid]["facts"], "entities": entries[sid]["n_entities"]}
                    for sid in ids},
    }
    _write_if_changed(project.out_dir / "manifest.json",
                      (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode())
    clock.lap("manifest")

    result.store = buildstore.update_stores(project.out_dir, outputs.graphs, previous,
                                            opener[-1] if opener and needs_stores else None)
    clock.lap("store")
    for sid in gone:
        for suffix in (".pack", ".json"):
            (cache_dir / f"{sid}{suffix}").unlink(missing_ok=True)
    atomic_write(cache_dir / INDEX, json.dumps({"fingerprint": fingerprint, "scanned_ns": scan_started,
                                                "sources": entries}, sort_keys=True).encode(), durable=False)
    clock.lap("index")
    result.timings = clock.laps
    return result


class _Clock:
    def __init__(self):
        self.laps, self.last = {}, time.perf_counter()

    def lap(self, name):
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.last
        self.last = now


def write_store(out_dir: Path, quads):
    """Replace ``out_dir/store`` with an Oxigraph store of ``quads``, never half-written."""
    buildstore.replace_store(out_dir / "store", lambda store: store.bulk_extend(quads))


__all__ = ["OUTPUTS", "BuildResult", "build", "build_lock", "atomic_write", "extract_all",
           "extractor_fingerprint", "vocabulary_quads", "scan_sources", "write_store"]
