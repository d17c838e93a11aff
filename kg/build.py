"""``kg build``: from ``sources/`` to the knowledge graph in ``build/``.

Outputs (all sorted, so the same inputs give the same bytes):

- ``graph.nq`` (N-Quads) and ``graph.trig`` (TriG): one named graph per source, plus
  ``kgg:ontology`` with the ontology and concept schemes;
- ``graph.ttl`` (Turtle) and ``graph.jsonld`` (JSON-LD): the merged graph;
- ``store/``: an Oxigraph store of the same quads, for ``kg query``;
- ``manifest.json``: sources, their content hashes and counts;
- ``cache/``: each source's extraction, reused while its text, metadata, curation
  file and the extractor version are unchanged (incremental builds).

Each output is written to a temporary file and renamed into place, so a build that is
killed or fails leaves the previous outputs whole; a lock file serialises builds.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.curation import apply_curation, load_curation
from kg.errors import BuildError
from kg.extraction import EXTRACTOR_VERSION, extract
from kg.graph import canonical_entities, source_quads
from kg.namespaces import KGG, PREFIXES
from kg.project import Project
from kg.sources import Source, load_sources

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


@contextmanager
def build_lock(out_dir: Path):
    """Hold an exclusive lock on ``out_dir`` so that two builds never interleave."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def atomic_write(path: Path, data: bytes):
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise BuildError(path, f"cannot write: {err.strerror or err}") from None


def extractor_fingerprint() -> str:
    """A hash of the code and data extraction depends on: a change invalidates the cache."""
    root = Path(__file__).parent
    files = sorted([*root.glob("extraction/*.py"), root / "cleaning.py", root / "curation.py",
                    root / "data" / "gazetteer.yaml"])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _extract_one(source: Source) -> dict:
    extraction = extract(source)
    curation = load_curation(source.curation_path)
    return apply_curation(extraction, curation, source.text, source.curation_path)


def extract_all(project: Project, sources: list[Source], jobs: int | None = None,
                progress=None) -> tuple[dict[str, dict], list[str], list[str]]:
    """Each source's curated extraction, from the cache where still valid."""
    cache_dir = project.cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    results, todo, reused = {}, [], []
    fingerprint = extractor_fingerprint()
    for source in sources:
        cached = cache_dir / f"{source.id}.json"
        if cached.is_file():
            try:
                data = json.loads(cached.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if data.get("digest") == source.digest and data.get("fingerprint") == fingerprint:
                results[source.id] = data
                reused.append(source.id)
                continue
        todo.append(source)
    jobs = jobs or os.cpu_count() or 1
    if len(todo) >= PARALLEL_FROM and jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            done = pool.map(_extract_one, todo, chunksize=max(1, len(todo) // (jobs * 4)))
            fresh = list(_progress(done, len(todo), progress))
    else:
        fresh = list(_progress(map(_extract_one, todo), len(todo), progress))
    for source, data in zip(todo, fresh):
        data = {**data, "digest": source.digest, "fingerprint": fingerprint}
        atomic_write(cache_dir / f"{source.id}.json",
                     json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode())
        results[source.id] = data
    return results, [s.id for s in todo], reused


def _progress(iterable, total, progress):
    for i, item in enumerate(iterable, 1):
        if progress:
            progress(i, total)
        yield item


def vocabulary_quads(project: Project) -> list[ox.Quad]:
    """The ontology and concept schemes, in the named graph ``kgg:ontology``."""
    graph = ox.NamedNode(KGG + "ontology")
    quads = []
    for path in (project.ontology_file, project.concepts_file):
        if path.is_file():
            try:
                for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                    quads.append(ox.Quad(t.subject, t.predicate, t.object, graph))
            except SyntaxError as err:
                raise BuildError(path, f"Turtle syntax error: {err}") from None
    return quads


def _sort_key(q: ox.Quad):
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


def build(project: Project, jobs: int | None = None, progress=None) -> BuildResult:
    """Build the knowledge graph of ``project`` into ``project.out_dir``."""
    with build_lock(project.out_dir):
        sources = load_sources(project.sources_dir)
        if not sources:
            raise BuildError(project.sources_dir, "no sources to build from")
        extractions, extracted, reused = extract_all(project, sources, jobs, progress)
        result = BuildResult(project.out_dir, len(sources), extracted, reused)
        canon = canonical_entities(extractions)
        quads: set[ox.Quad] = set()
        for source in sources:
            ext = extractions[source.id]
            if not ext["facts"]:
                result.warnings.append(f"{source.folder}: no facts found in this article")
            quads |= source_quads(source, ext, canon)
        quads.update(vocabulary_quads(project))
        ordered = sorted(quads, key=_sort_key)
        triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in ordered},
                         key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        result.quads, result.triples = len(ordered), len(triples)
        for name, fmt in OUTPUTS.items():
            data = ordered if fmt.supports_datasets and name != "graph.jsonld" else triples
            atomic_write(project.out_dir / name, ox.serialize(data, format=fmt, prefixes=PREFIXES
                                                              if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE) else None))
        write_store(project.out_dir, ordered)
        manifest = {
            "extractor": EXTRACTOR_VERSION,
            "quads": result.quads, "triples": result.triples,
            "sources": {s.id: {"digest": s.digest, "title": s.title,
                               "facts": len(extractions[s.id]["facts"]),
                               "entities": len(extractions[s.id]["entities"])} for s in sources},
        }
        atomic_write(project.out_dir / "manifest.json",
                     (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode())
        return result


def write_store(out_dir: Path, quads: list[ox.Quad]):
    """Replace ``out_dir/store`` with an Oxigraph store of ``quads``, never half-written."""
    final, tmp, old = out_dir / "store", out_dir / f".store.tmp-{os.getpid()}", out_dir / ".store.old"
    shutil.rmtree(tmp, ignore_errors=True)
    store = ox.Store(str(tmp))
    store.bulk_extend(quads)
    store.flush()
    del store
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)
