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
serialised once into its pack, and the outputs are the packs' sections in order (a
merge of the small shared part in the merged graph). An incremental build re-reads
only the sources whose files changed (by their stat, then their digest), re-extracts
only those whose digest changed, and updates the stores in place.

Each output is written to a temporary file and renamed into place, so a build that is
killed or fails leaves the previous outputs whole; a lock file serialises builds.
"""

from __future__ import annotations

import bisect
import fcntl
import hashlib
import json
import os
import re
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import buildstore
from kg.curation import apply_curation, load_curation
from kg.errors import BuildError, SourceError
from kg.extraction import EXTRACTOR_VERSION, extract
from kg.graph import canonical_entities
from kg.namespaces import KGG, PREFIXES
from kg.packs import (TRIG_HEADER, TTL_HEADER, Pack, copy_section, read_header, read_section, serialize_body,
                      split_graph_suffix, subject_of, write_pack)
from kg.project import Project
from kg.sources import CURATION_NAME, META_NAME, TEXT_NAMES, Source, load_source, load_sources

OUTPUTS = {"graph.nq": ox.RdfFormat.N_QUADS, "graph.trig": ox.RdfFormat.TRIG,
           "graph.ttl": ox.RdfFormat.TURTLE, "graph.jsonld": ox.RdfFormat.JSON_LD}
PARALLEL_FROM = 8  # sources; below this a process pool costs more than it saves
INDEX = "index.json"
ONTOLOGY = "ontology"


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


def atomic_write(path: Path, data: bytes):
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with AtomicFile(path) as out:
        out.write(data)


class AtomicFile:
    """A file written under a temporary name, flushed to disk, then renamed into place."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        self.handle = None

    def __enter__(self):
        try:
            self.handle = open(self.tmp, "wb", buffering=1 << 20)
        except OSError as err:
            raise BuildError(self.path, f"cannot write: {err.strerror or err}") from None
        return self

    def write(self, data: bytes):
        try:
            self.handle.write(data)
        except OSError as err:
            raise BuildError(self.path, f"cannot write: {err.strerror or err}") from None

    def copy(self, pack: Pack, section: str):
        try:
            copy_section(pack, section, self.handle)
        except OSError as err:
            raise BuildError(self.path, f"cannot write: {err.strerror or err}") from None

    def __exit__(self, kind, value, tb):
        try:
            if kind is None:
                self.handle.flush()
                os.fsync(self.handle.fileno())
            self.handle.close()
            if kind is None:
                os.replace(self.tmp, self.path)
        except OSError as err:
            self.tmp.unlink(missing_ok=True)
            raise BuildError(self.path, f"cannot write: {err.strerror or err}") from None
        finally:
            if kind is not None:
                self.tmp.unlink(missing_ok=True)


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
    """A hash of the code that turns extractions into quads and packs."""
    root = Path(__file__).parent
    return _code_fingerprint([root / "graph.py", root / "namespaces.py", root / "packs.py", Path(__file__)])


def _extract_one(source: Source) -> dict:
    extraction = extract(source)
    curation = load_curation(source.curation_path)
    return apply_curation(extraction, curation, source.text, source.curation_path)


def _run(function, items, jobs, progress):
    """``map`` over a process pool when there is enough work for one, with progress."""
    jobs = jobs or os.cpu_count() or 1
    if len(items) >= PARALLEL_FROM and jobs > 1:
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
                 json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode())
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


def vocabulary_quads(project: Project) -> list[ox.Quad]:
    """The ontology and concept schemes, in the named graph ``kgg:ontology``."""
    graph = ox.NamedNode(KGG + ONTOLOGY)
    quads = []
    for path in (project.ontology_file, project.concepts_file):
        if path.is_file():
            try:
                for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                    quads.append(ox.Quad(t.subject, t.predicate, t.object, graph))
            except SyntaxError as err:
                raise BuildError(path, f"Turtle syntax error: {err}") from None
    return quads


# ---------------------------------------------------------------- finding what changed


def _stat(path: Path) -> list | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _file_stats(folder: Path) -> list:
    text = next((folder / n for n in TEXT_NAMES if (folder / n).is_file()), None)
    return [text.name if text else None, _stat(text) if text else None, _stat(folder / META_NAME),
            _stat(folder / CURATION_NAME)]


def _load_index(cache_dir: Path) -> dict:
    try:
        index = json.loads((cache_dir / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"sources": {}}
    return index if isinstance(index.get("sources"), dict) else {"sources": {}}


def scan_sources(project: Project, index: dict) -> tuple[list[str], dict[str, Source]]:
    """Every source id in order, and the sources that must be read again.

    A source whose files have the stat they had when the index was written (inode,
    size, modification and change times) is not read; one whose stat changed is
    loaded and checked as :func:`kg.sources.load_sources` would; so is every source
    the index does not know. Files modified within a second of the last scan are read
    again, since their change could fall in the same clock tick (git's "racy" entries).
    """
    sources_dir = project.sources_dir
    if not sources_dir.is_dir():
        return [s.id for s in load_sources(sources_dir)], {}  # raises the usual error
    folders = sorted(p for p in sources_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    known = index.get("sources", {})
    racy_after = index.get("scanned_ns", 0) - 1_000_000_000
    ids, loaded = [], {}
    for folder in folders:
        entry = known.get(folder.name)
        stats = _file_stats(folder) if entry else None
        fresh = entry and entry.get("text_id") and stats == entry.get("stat") and all(
            s is None or s[2] < racy_after for s in stats[1:] if isinstance(s, list))
        if not fresh:
            loaded[folder.name] = load_source(folder)
        ids.append(folder.name)
    return ids, loaded


# ---------------------------------------------------------------- the build


def _summary(data: dict) -> dict:
    return {"entities": [[e["key"], e["type"], e["label"]] for e in data["entities"]],
            "refs": sorted({f["object"] for f in data["facts"] if f["kind"] == "entity"}),
            "facts": len(data["facts"]), "n_entities": len(data["entities"])}


def _text_id(text: str) -> str:
    """What :func:`kg.sources.load_sources` compares to refuse two sources with one text."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().casefold().encode()).hexdigest()


def _refuse_duplicates(project: Project, ids: list[str], entries: dict):
    seen: dict[str, str] = {}
    for sid in ids:
        text_id = entries[sid].get("text_id")
        if text_id is not None and text_id in seen:
            raise SourceError(project.sources_dir / sid,
                              f"holds the same text as source {seen[text_id]!r}: remove one of them")
        seen[text_id] = sid


def _canon_signature(entry: dict, canon: dict) -> str:
    keys = sorted({e[0] for e in entry["entities"]} | set(entry["refs"]))
    return hashlib.sha256(json.dumps([[k, canon.get(k)] for k in keys]).encode()).hexdigest()


def _pack_job(job) -> Pack:
    path, key, source, extraction, canon = job
    return write_pack(path, key, source, extraction, canon)


def build(project: Project, jobs: int | None = None, progress=None) -> BuildResult:
    """Build the knowledge graph of ``project`` into ``project.out_dir``."""
    with build_lock(project.out_dir):
        return _build(project, jobs, progress)


def _build(project: Project, jobs, progress) -> BuildResult:
    clock = _Clock()
    cache_dir = project.cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    index = _load_index(cache_dir)
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
        entries[sid]["stat"] = _file_stats(source.folder)
        entries[sid]["text_id"] = _text_id(source.text)
    _refuse_duplicates(project, ids, entries)
    clock.lap("extract")

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
    gone = [sid for sid in old_index if sid not in entries]
    previous = None
    if len(jobs_to_run) + len(gone) <= buildstore.INCREMENTAL_LIMIT:
        previous = {}
        for sid in [Path(j[0]).stem for j in jobs_to_run] + gone:
            old_pack = read_header(cache_dir / f"{sid}.pack")
            if old_pack is not None:
                previous[f"{KGG}{sid}"] = (old_pack.key, read_section(old_pack, "nq"))
    for job, pack in zip(jobs_to_run, _run(_pack_job, jobs_to_run, jobs, None)):
        packs[Path(job[0]).stem] = pack
    for sid, pack in packs.items():
        entries[sid]["pack"] = pack.key
    clock.lap("graphs")

    ontology = sorted(vocabulary_quads(project), key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
    result = BuildResult(project.out_dir, len(ids), [s.id for s in todo], reused,
                         graphs_written=sorted(Path(j[0]).stem for j in jobs_to_run))
    result.warnings = [f"{project.sources_dir / sid}: no facts found in this article"
                       for sid in ids if not entries[sid]["facts"]]
    outputs = _write_outputs(project.out_dir, cache_dir, ids, packs, ontology)
    result.quads, result.triples = outputs.quads, outputs.triples
    clock.lap("outputs")

    manifest = {
        "extractor": EXTRACTOR_VERSION,
        "quads": result.quads, "triples": result.triples,
        "sources": {sid: {"digest": entries[sid]["digest"], "title": entries[sid]["title"],
                          "facts": entries[sid]["facts"], "entities": entries[sid]["n_entities"]}
                    for sid in ids},
    }
    atomic_write(project.out_dir / "manifest.json",
                 (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode())
    clock.lap("manifest")

    result.store = buildstore.update_stores(project.out_dir, outputs.graphs, previous)
    clock.lap("store")
    for sid in gone:
        for suffix in (".pack", ".json"):
            (cache_dir / f"{sid}{suffix}").unlink(missing_ok=True)
    atomic_write(cache_dir / INDEX, json.dumps({"fingerprint": fingerprint, "scanned_ns": scan_started,
                                                "sources": entries}, sort_keys=True).encode())
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


# ---------------------------------------------------------------- writing the outputs


@dataclass
class _Outputs:
    quads: int
    triples: int
    graphs: dict[str, tuple[str, Pack | bytes]]  # graph IRI -> (key, its pack or N-Quads)


def _write_outputs(out_dir: Path, cache_dir: Path, ids: list[str], packs: dict[str, Pack],
                   ontology: list[ox.Quad]) -> _Outputs:
    """Write graph.nq, graph.trig, graph.ttl and graph.jsonld from the packs, streaming."""
    onto_nq = ox.serialize(ontology, format=ox.RdfFormat.N_QUADS)
    onto_trig = ox.serialize(ontology, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)[len(TRIG_HEADER):]
    onto_iri = f"<{KGG}{ONTOLOGY}>"
    order = sorted([(f"<{KGG}{sid}>", sid) for sid in ids] + [(onto_iri, None)])
    with AtomicFile(out_dir / "graph.nq") as nq, AtomicFile(out_dir / "graph.trig") as trig:
        if ontology or packs:
            trig.write(TRIG_HEADER)
        for _, sid in order:
            if sid is None:
                nq.write(onto_nq)
                trig.write(onto_trig)
            else:
                nq.copy(packs[sid], "nq")
                trig.copy(packs[sid], "trig")

    # The merged graph: the shared lines of every pack, merged and deduplicated, and
    # the own blocks in their places. An own prefix that some shared line also has
    # (a curated fact about another source's evidence node) loses its block to the
    # shared part, which keeps the merge exact.
    onto_suffix = f" {onto_iri} .\n".encode()
    shared = {split_graph_suffix(line, onto_suffix) for line in onto_nq.splitlines(keepends=True)}
    for sid in ids:
        shared.update(read_section(packs[sid], "shared").splitlines(keepends=True))
    ordered = sorted(shared)
    blocks = sorted((prefix, sid, i) for sid in ids for i, (prefix, n) in enumerate(packs[sid].own) if n)
    demoted = False
    for prefix, sid, i in blocks:
        at = bisect.bisect_left(ordered, prefix)
        if at < len(ordered) and ordered[at].startswith(prefix):
            demoted = True
    if demoted:
        blocks = _demote(blocks, packs, shared)
        ordered = sorted(shared)
    quads = sum(p.quads for p in packs.values()) + len(ontology)
    triples = len(ordered) + sum(packs[sid].own[i][1] for _, sid, i in blocks)

    gaps, at = [], 0
    for prefix, _, _ in blocks:
        end = bisect.bisect_left(ordered, prefix, at)
        gaps.append(ordered[at:end])
        at = end
    gaps.append(ordered[at:])
    gap_dir = cache_dir / "gaps"
    gap_dir.mkdir(exist_ok=True)
    used = set()
    bodies = {}
    for n, gap in enumerate(gaps):
        if gap:
            bodies[n] = _gap_bodies(gap_dir, gap, used)
    for stale in gap_dir.iterdir():
        if stale.name not in used:
            stale.unlink(missing_ok=True)

    with AtomicFile(out_dir / "graph.ttl") as ttl, AtomicFile(out_dir / "graph.jsonld") as jsonld:
        first = True
        if triples:
            ttl.write(TTL_HEADER)
        jsonld.write(b"[")

        def body(pack_or_bytes, name_ttl, name_jsonld):
            nonlocal first
            if isinstance(pack_or_bytes, tuple):
                ttl.write(pack_or_bytes[0])
                if pack_or_bytes[1]:
                    jsonld.write(pack_or_bytes[1] if first else b"," + pack_or_bytes[1])
                    first = False
                return
            ttl.copy(pack_or_bytes, name_ttl)
            if pack_or_bytes.sections[name_jsonld][1]:
                if not first:
                    jsonld.write(b",")
                jsonld.copy(pack_or_bytes, name_jsonld)
                first = False

        for n, (_, sid, i) in enumerate(blocks):
            if n in bodies:
                body(bodies[n], None, None)
            body(packs[sid], f"own{i}.ttl", f"own{i}.jsonld")
        if len(blocks) in bodies:
            body(bodies[len(blocks)], None, None)
        jsonld.write(b"]")

    graphs = {f"{KGG}{sid}": (packs[sid].key, packs[sid]) for sid in ids}
    graphs[KGG + ONTOLOGY] = (hashlib.sha256(onto_nq).hexdigest(), onto_nq)
    return _Outputs(quads, triples, graphs)


def _demote(blocks, packs, shared: set) -> list:
    """Move every own block whose prefix a shared line has into the shared lines."""
    kept = []
    prefixes = sorted(shared)
    for prefix, sid, i in blocks:
        at = bisect.bisect_left(prefixes, prefix)
        if at < len(prefixes) and prefixes[at].startswith(prefix):
            nq = read_section(packs[sid], "nq").splitlines(keepends=True)
            suffix = f" <{KGG}{sid}> .\n".encode()
            shared.update(t for t in (split_graph_suffix(line, suffix) for line in nq) if t.startswith(prefix))
        else:
            kept.append((prefix, sid, i))
    return kept


def _gap_bodies(gap_dir: Path, gap: list[bytes], used: set) -> tuple[bytes, bytes]:
    """The Turtle and JSON-LD bodies of a run of shared lines, cached by their content."""
    digest = hashlib.sha256(b"".join(gap)).hexdigest()[:40]
    names = (f"{digest}.ttl", f"{digest}.jsonld")
    used.update(names)
    try:
        return tuple((gap_dir / name).read_bytes() for name in names)
    except OSError:
        pass
    bodies = (serialize_body(gap, ox.RdfFormat.TURTLE), serialize_body(gap, ox.RdfFormat.JSON_LD))
    for name, data in zip(names, bodies):
        tmp = gap_dir / f".{name}.tmp-{os.getpid()}"
        tmp.write_bytes(data)
        os.replace(tmp, gap_dir / name)
    return bodies


def write_store(out_dir: Path, quads):
    """Replace ``out_dir/store`` with an Oxigraph store of ``quads``, never half-written."""
    buildstore.replace_store(out_dir / "store", lambda store: store.bulk_extend(quads))


__all__ = ["OUTPUTS", "BuildResult", "build", "build_lock", "atomic_write", "extract_all",
           "extractor_fingerprint", "vocabulary_quads", "scan_sources", "write_store"]
