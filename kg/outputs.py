"""Writing the build's outputs from the per-source packs (:mod:`kg.packs`), streaming.

``graph.nq`` and ``graph.trig`` are the packs' blocks in graph order. ``graph.ttl`` and
``graph.jsonld`` are the merged graph: the shared lines of every pack, merged and
deduplicated, serialised in the gaps between the packs' own blocks (cached by their
content in ``cache/gaps/``), which are copied as they are. Every file is written under
a temporary name, flushed to disk and renamed.
"""

from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import BuildError
from kg.namespaces import KGG, PREFIXES
from kg.packs import (TRIG_HEADER, TTL_HEADER, Pack, copy_section, read_section, serialize_body,
                      split_graph_suffix)

__all__ = ["AtomicFile", "Outputs", "write_outputs"]

ONTOLOGY = "ontology"


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


@dataclass
class Outputs:
    quads: int
    triples: int
    graphs: dict[str, tuple[str, Pack | bytes]]  # graph IRI -> (key, its pack or N-Quads)


def write_outputs(out_dir: Path, cache_dir: Path, ids: list[str], packs: dict[str, Pack],
                   ontology: list[ox.Quad]) -> Outputs:
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
    return Outputs(quads, triples, graphs)


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
