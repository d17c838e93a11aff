"""Writing the build's outputs from the per-source packs (:mod:`kg.packs`), streaming.

``graph.nq`` and ``graph.trig`` are the packs' blocks in graph order. ``graph.ttl`` and
``graph.jsonld`` are the merged graph: the shared lines of every pack, merged and
deduplicated, serialised in the gaps between the packs' own blocks (cached by their
content in ``cache/gaps/``), which are copied as they are. Every file is written under
a temporary name, flushed to disk and renamed; a pair of files whose bytes would not
change is left alone (see :func:`write_outputs`).
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.buildscan import file_stat
from kg.errors import BuildError
from kg.namespaces import KGG, PREFIXES
from kg.packs import (TRIG_HEADER, TTL_HEADER, Pack, copy_section, read_section, serialize_body,
                      split_graph_suffix)
from kg.project import Project

__all__ = ["AtomicFile", "Commits", "Ontology", "Outputs",
           "ontology_graph", "vocabulary_quads", "write_outputs"]

ONTOLOGY = "ontology"


class AtomicFile:
    """A file written under a temporary name, flushed to disk, then renamed into place.

    ``durable=False`` skips the flush to disk (``fsync``) for the build's cache files:
    they are checked when read (JSON that must parse and name the digest and fingerprint
    it was made for), so the torn or empty file a power cut may leave is only a cache
    miss. The rename still makes a killed build leave the old file or the new one.

    With ``commits`` (a :class:`Commits`), the flush to disk and the rename happen in
    one of its threads, so that several files' flushes overlap each other and the work
    that follows; :meth:`Commits.wait` waits for them and raises what failed.
    """

    def __init__(self, path: Path, durable: bool = True, commits: "Commits | None" = None):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        self.handle = None
        self.durable = durable
        self.commits = commits

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
        if kind is None and self.commits is not None:
            try:
                self.handle.flush()
            except OSError:
                pass  # _commit flushes again and reports it
            self.commits.submit(self._commit)
            return
        if kind is None:
            self._commit()
            return
        self.handle.close()
        self.tmp.unlink(missing_ok=True)

    def _commit(self):
        """Flush to disk, close, rename into place (the temporary file goes if anything fails)."""
        try:
            try:
                self.handle.flush()
                if self.durable:
                    os.fsync(self.handle.fileno())
            finally:
                self.handle.close()
            os.replace(self.tmp, self.path)
        except OSError as err:
            self.tmp.unlink(missing_ok=True)
            raise BuildError(self.path, f"cannot write: {err.strerror or err}") from None


class Commits:
    """The commits of :class:`AtomicFile` (flush to disk, rename), run in threads."""

    def __init__(self, threads: int = 4):
        self.pool = ThreadPoolExecutor(max_workers=threads)
        self.futures = []

    def submit(self, commit):
        self.futures.append(self.pool.submit(commit))

    def wait(self):
        """Wait for every commit; raise the first error."""
        try:
            for future in self.futures:
                future.result()
        finally:
            for future in self.futures:
                future.exception()  # wait for all, even after a failure
            self.pool.shutdown()


@dataclass
class Outputs:
    quads: int
    triples: int
    graphs: dict[str, tuple[str, Pack | bytes]]  # graph IRI -> (key, its pack or N-Quads)
    written: list[str] = field(default_factory=list)  # the files written (the others had these bytes)


@dataclass
class Ontology:
    """The named graph ``kgg:ontology``, serialised: N-Quads, TriG without its prefix header."""

    nq: bytes
    trig: bytes
    quads: int

    @classmethod
    def of(cls, quads: list[ox.Quad]) -> "Ontology":
        return cls(ox.serialize(quads, format=ox.RdfFormat.N_QUADS),
                   ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)[len(TRIG_HEADER):], len(quads))


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


ONTOLOGY_CACHE = "ontology.bin"


def ontology_graph(project: Project, cache_dir: Path, code: str) -> Ontology:
    """``kgg:ontology`` serialised, from the cache while the ontology files and ``code`` are unchanged.

    The cache file is one JSON header line (key, lengths, quads) and the N-Quads and
    TriG bytes; anything else in it is a cache miss.
    """
    digest = hashlib.sha256(code.encode())
    for path in (project.ontology_file, project.concepts_file):
        try:
            digest.update(b"\0" + hashlib.sha256(path.read_bytes()).digest())
        except OSError:  # missing (or no file): vocabulary_quads skips it too
            digest.update(b"\0-")
    key = digest.hexdigest()
    cached = cache_dir / ONTOLOGY_CACHE
    try:
        with open(cached, "rb") as handle:
            header, body = json.loads(handle.readline()), handle.read()
        if header["key"] == key and len(body) == header["nq"] + header["trig"]:
            return Ontology(body[:header["nq"]], body[header["nq"]:], header["quads"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    ontology = Ontology.of(sorted(vocabulary_quads(project),
                                  key=lambda q: (str(q.subject), str(q.predicate), str(q.object))))
    header = {"key": key, "nq": len(ontology.nq), "trig": len(ontology.trig), "quads": ontology.quads}
    with AtomicFile(cached, durable=False) as out:
        out.write(json.dumps(header).encode() + b"\n" + ontology.nq + ontology.trig)
    return ontology


DATASET = ("graph.nq", "graph.trig")
MERGED = ("graph.ttl", "graph.jsonld")
RECORD = "outputs.json"


def write_outputs(out_dir: Path, cache_dir: Path, ids: list[str], packs: dict[str, Pack],
                  ontology: Ontology, code: str = "") -> Outputs:
    """Write graph.nq, graph.trig, graph.ttl and graph.jsonld from the packs, streaming.

    A pair of files whose bytes would not change is not written again: each pair's
    signature (what it is assembled from: the digests of the packs' sections it takes,
    the ontology's, and ``code``, a fingerprint of the code that assembles it) is kept
    in ``cache/outputs.json`` with the files' stat after the last write; equal
    signatures and stats mean equal bytes. Packs without digests always count as changed.
    """
    record = _load_record(cache_dir)
    onto = hashlib.sha256(ontology.nq + b"\0" + ontology.trig).hexdigest()
    signatures = _signatures(ids, packs, onto, code)
    quads = sum(packs[sid].quads for sid in ids) + ontology.quads
    new_record, written = {}, []
    commits = Commits()  # the four files' flushes to disk overlap
    try:
        if _unchanged(out_dir, record, "dataset", signatures[0], DATASET):
            new_record["dataset"] = record["dataset"]
        else:
            _write_dataset(out_dir, ids, packs, ontology, commits)
            written += DATASET
        if _unchanged(out_dir, record, "merged", signatures[1], MERGED) and isinstance(record.get("triples"), int):
            new_record["merged"], triples = record["merged"], record["triples"]
        else:
            triples = _write_merged(out_dir, cache_dir, ids, packs, ontology.nq, commits)
            written += MERGED
    finally:
        commits.wait()
    if written:
        for part, names, signature in (("dataset", DATASET, signatures[0]), ("merged", MERGED, signatures[1])):
            if names[0] in written:
                new_record[part] = _entry(out_dir, signature, names)
        new_record["triples"] = triples
        tmp = cache_dir / f".{RECORD}.tmp-{os.getpid()}"
        tmp.write_text(json.dumps(new_record, sort_keys=True), encoding="utf-8")
        os.replace(tmp, cache_dir / RECORD)  # after the outputs: a record never vouches for files not there

    graphs = {f"{KGG}{sid}": (packs[sid].key, packs[sid]) for sid in ids}
    graphs[KGG + ONTOLOGY] = (hashlib.sha256(ontology.nq).hexdigest(), ontology.nq)
    return Outputs(quads, triples, graphs, written)


def _signatures(ids: list[str], packs: dict[str, Pack], onto: str, code: str) -> tuple[str | None, str | None]:
    if not all(packs[sid].digests for sid in ids):
        return None, None
    dataset, merged = hashlib.sha256(f"{code}\0{onto}".encode()), hashlib.sha256(f"{code}\0{onto}".encode())
    for sid in ids:
        digests = packs[sid].digests
        dataset.update(f"\0{sid}\0{digests['nq']}\0{digests['trig']}".encode())
        merged.update(json.dumps([sid, [[p.decode(), n] for p, n in packs[sid].own],
                                  sorted(digests.items())]).encode())
    return dataset.hexdigest(), merged.hexdigest()


def _entry(out_dir: Path, signature: str | None, names) -> dict:
    return {"signature": signature, "stats": [file_stat(out_dir / name) for name in names]}


def _unchanged(out_dir: Path, record: dict, part: str, signature: str | None, names) -> bool:
    entry = record.get(part)
    return (signature is not None and isinstance(entry, dict) and entry.get("signature") == signature
            and entry.get("stats") == [file_stat(out_dir / name) for name in names] and None not in entry["stats"])


def _load_record(cache_dir: Path) -> dict:
    try:
        record = json.loads((cache_dir / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _write_dataset(out_dir: Path, ids: list[str], packs: dict[str, Pack], ontology: Ontology, commits: Commits):
    onto_iri = f"<{KGG}{ONTOLOGY}>"
    order = sorted([(f"<{KGG}{sid}>", sid) for sid in ids] + [(onto_iri, None)])
    with (AtomicFile(out_dir / "graph.nq", commits=commits) as nq,
          AtomicFile(out_dir / "graph.trig", commits=commits) as trig):
        if ontology.quads or packs:
            trig.write(TRIG_HEADER)
        for _, sid in order:
            if sid is None:
                nq.write(ontology.nq)
                trig.write(ontology.trig)
            else:
                nq.copy(packs[sid], "nq")
                trig.copy(packs[sid], "trig")


def _write_merged(out_dir: Path, cache_dir: Path, ids: list[str], packs: dict[str, Pack], onto_nq: bytes,
                  commits: Commits) -> int:
    """Write graph.ttl and graph.jsonld; the number of triples of the merged graph."""
    # The merged graph: the shared lines of every pack, merged and deduplicated, and
    # the own blocks in their places. An own prefix that some shared line also has
    # (a curated fact about another source's evidence node) loses its block to the
    # shared part, which keeps the merge exact.
    onto_suffix = f" <{KGG}{ONTOLOGY}> .\n".encode()
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

    with (AtomicFile(out_dir / "graph.ttl", commits=commits) as ttl,
          AtomicFile(out_dir / "graph.jsonld", commits=commits) as jsonld):
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
    return triples


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
