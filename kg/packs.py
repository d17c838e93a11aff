"""Per-source graph packs: one source's named graph, serialised once, reused by every build.

The build's outputs are all sorted, so each is a concatenation of pieces a source can
serialise on its own (``tests/test_validation_scale.py`` checks that the result equals
one whole-graph serialisation byte for byte):

- ``graph.nq`` and ``graph.trig`` are sorted by graph first: they are the sources'
  blocks in graph order (TriG: after one prefix header);
- ``graph.ttl`` and ``graph.jsonld`` hold the merged graph sorted by subject. The
  subjects only one source can have, its evidence nodes (``kgr:evidence/<id>/…``) and
  its article (``kgr:source/<id>``), are most of the triples and lie in two contiguous
  runs of the merged order, one per prefix: their Turtle and JSON-LD are serialised
  with the source ("own blocks"). Everything else (entities, quantities, the
  ontology) is "shared": merged over all sources and serialised in the gaps between
  own blocks.

A pack is ``cache/<source-id>.pack``: one JSON header line (its key, section lengths
and digests, own blocks and counts) and the sections. The key covers everything the
graph depends on (the source's digest, the extractor and this code, and the canonical
type and label of every entity the source refers to), so a pack is rebuilt only when
its graph would differ; the digests tell :mod:`kg.outputs` whether an output's bytes
would change.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.graph import graph_iri, source_quads
from kg.namespaces import KGR, PREFIXES

__all__ = ["Pack", "write_pack", "read_header", "read_section", "own_prefixes", "subject_of",
           "TTL_HEADER", "TRIG_HEADER", "serialize_body", "split_graph_suffix"]

_DUMMY = ox.Quad(ox.NamedNode("urn:x"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o"), ox.NamedNode("urn:g"))
TTL_HEADER = ox.serialize([ox.Triple(_DUMMY.subject, _DUMMY.predicate, _DUMMY.object)],
                          format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).split(b"<urn:x>")[0]
TRIG_HEADER = ox.serialize([_DUMMY], format=ox.RdfFormat.TRIG, prefixes=PREFIXES).split(b"<urn:g>")[0]


def _sort_key(q: ox.Quad):
    return (str(q.subject), str(q.predicate), str(q.object))


def own_prefixes(source_id: str) -> tuple[bytes, bytes]:
    """The subject prefixes only this source's graph has: its evidence nodes, its article."""
    return (f"<{KGR}evidence/{source_id}/".encode(), f"<{KGR}source/{source_id}> ".encode())


def subject_of(line: bytes) -> bytes:
    return line[:line.index(b" ")]


def split_graph_suffix(line: bytes, suffix: bytes) -> bytes:
    """An N-Quads line of a known graph as an N-Triples line."""
    return line[: -len(suffix)] + b" .\n"


def serialize_body(lines: list[bytes], fmt: ox.RdfFormat) -> bytes:
    """Sorted N-Triples lines as a Turtle body (no prefix header) or JSON-LD body (no brackets)."""
    if not lines:
        return b""
    triples = ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)
    if fmt == ox.RdfFormat.TURTLE:
        return ox.serialize(triples, format=fmt, prefixes=PREFIXES)[len(TTL_HEADER):]
    return ox.serialize(triples, format=fmt)[1:-1]


@dataclass
class Pack:
    """What the build needs to know of a pack without reading its sections."""

    path: Path
    key: str
    quads: int
    own: list[tuple[bytes, int]]  # (prefix, triples) of each own block
    shared: int
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (offset, length)
    digests: dict[str, str] = field(default_factory=dict)  # name -> its bytes' digest (see kg.outputs)


def write_pack(path: Path, key: str, source, extraction: dict, canon: dict) -> Pack:
    """Build one source's graph and write its pack to ``path`` (through a rename)."""
    quads = sorted(source_quads(source, extraction, canon), key=_sort_key)
    graph = graph_iri(source.id)
    nq = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)[len(TRIG_HEADER):]
    suffix = f" {graph} .\n".encode()
    prefixes = own_prefixes(source.id)
    own: list[list[bytes]] = [[] for _ in prefixes]
    shared: list[bytes] = []
    for line in nq.splitlines(keepends=True):
        triple = split_graph_suffix(line, suffix)
        for block, prefix in zip(own, prefixes):
            if triple.startswith(prefix):
                block.append(triple)
                break
        else:
            shared.append(triple)
    sections = [("nq", nq), ("trig", trig), ("shared", b"".join(shared))]
    for i, block in enumerate(own):
        sections.append((f"own{i}.ttl", serialize_body(block, ox.RdfFormat.TURTLE)))
        sections.append((f"own{i}.jsonld", serialize_body(block, ox.RdfFormat.JSON_LD)))
    header = {"key": key, "quads": len(quads), "shared": len(shared),
              "own": [[p.decode(), len(b)] for p, b in zip(prefixes, own)],
              "sections": [[name, len(data)] for name, data in sections],
              "digests": {name: hashlib.sha256(data).hexdigest()[:32] for name, data in sections}}
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as handle:
        handle.write(json.dumps(header).encode() + b"\n")
        for _, data in sections:
            handle.write(data)
    os.replace(tmp, path)
    return read_header(path)


def read_header(path: Path) -> Pack | None:
    """The pack's header, or None when the file is missing or not whole."""
    try:
        with open(path, "rb") as handle:
            header = json.loads(handle.readline())
            offset = handle.tell()
            size = os.fstat(handle.fileno()).st_size
    except (OSError, ValueError):
        return None
    sections = {}
    for name, length in header["sections"]:
        sections[name] = (offset, length)
        offset += length
    if offset != size:
        return None
    own = [(p.encode(), n) for p, n in header["own"]]
    return Pack(path, header["key"], header["quads"], own, header["shared"], sections, header.get("digests", {}))


def read_section(pack: Pack, name: str) -> bytes:
    offset, length = pack.sections[name]
    with open(pack.path, "rb") as handle:
        handle.seek(offset)
        return handle.read(length)


def copy_section(pack: Pack, name: str, out) -> int:
    """Append a section to the open binary file ``out``, in the kernel where it can."""
    offset, length = pack.sections[name]
    if not length:
        return 0
    out.flush()
    with open(pack.path, "rb") as src:
        done = 0
        try:
            while done < length:
                n = os.copy_file_range(src.fileno(), out.fileno(), length - done, offset + done)
                if n == 0:
                    break
                done += n
        except (AttributeError, OSError):
            pass
        if done < length:
            src.seek(offset + done)
            out.write(src.read(length - done))
    return length


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
