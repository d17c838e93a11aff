"""The build's Oxigraph stores: one named graph per source, and their merge.

``build/store`` holds the quads of ``graph.nq``, one named graph per source, as it
always has. ``build/merged`` holds the merged graph of ``graph.ttl`` in its default
graph: the union of the named graphs *as a set of triples*, which is what SPARQL calls
the RDF merge. Oxigraph's ``use_default_graph_as_union`` matches a pattern once per
graph that holds the triple, so an entity named in 10,000 articles matches
``?x rdfs:label ?l`` 10,000 times and a query joining three such patterns grows with
the cube of the corpus (``kg bench`` shows it). :class:`BuildStore`, what
:func:`kg.stats.open_store` returns, answers such union queries from the merged store
and everything else from the named graphs.

A build brings both up to date in place when few sources changed: each changed
source's named graph is replaced in one SPARQL update (a transaction), and the merged
graph loses the triples no graph holds any more and gains the new ones. The subjects
of those triples are appended to ``cache/changes.jsonl`` for incremental validation
(:mod:`kg.shacl`). Otherwise, or when anything does not add up, both stores are
rebuilt from ``graph.nq`` and ``graph.ttl`` in temporary folders and renamed into
place. ``cache/stores.json`` records what the stores hold (each graph's pack key) and
the ``graph.nq`` they were made with.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox

__all__ = ["BuildStore", "open_build_store", "update_stores", "replace_store", "load_state", "read_changes",
           "INCREMENTAL_LIMIT"]

STATE = "stores.json"
CHANGES = "changes.jsonl"
INCREMENTAL_LIMIT = 500  # graphs; more changed graphs are cheaper to reload in bulk
_GRAPH_KEYWORD = re.compile(r"\bGRAPH\b", re.IGNORECASE)


class BuildStore:
    """The named-graph store of a build, with union queries answered by the merged graph.

    Everything but :meth:`query` goes to the named-graph store. A query asking for the
    union of the graphs as its default graph (``use_default_graph_as_union=True``,
    without ``default_graph``) and using no ``GRAPH`` clause runs on the merged graph,
    where each triple is there once. Results are the same as on the union, up to
    duplicate rows that SPARQL's set semantics does not have.
    """

    def __init__(self, graphs: ox.Store, merged: ox.Store | None = None):
        self.graphs = graphs
        self.merged = merged

    def query(self, query, **options):
        if (self.merged is not None and options.get("use_default_graph_as_union")
                and "default_graph" not in options and not _GRAPH_KEYWORD.search(str(query))):
            options = {k: v for k, v in options.items() if k not in ("use_default_graph_as_union", "named_graphs")}
            return self.merged.query(query, **options)
        return self.graphs.query(query, **options)

    def __getattr__(self, name):
        return getattr(self.graphs, name)

    def __iter__(self):
        return iter(self.graphs)

    def __len__(self):
        return len(self.graphs)

    def __contains__(self, quad):
        return quad in self.graphs


def open_build_store(out_dir: Path) -> BuildStore | ox.Store:
    graphs = ox.Store.read_only(str(out_dir / "store"))
    merged_dir = out_dir / "merged"
    if not (merged_dir.is_dir() and _state_matches(out_dir)):
        return graphs
    return BuildStore(graphs, ox.Store.read_only(str(merged_dir)))


def load_state(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / "cache" / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def nq_stamp(out_dir: Path) -> list | None:
    try:
        st = (out_dir / "graph.nq").stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def _state_matches(out_dir: Path) -> bool:
    """Do the stores hold what graph.nq holds (the build that wrote it finished)?"""
    state = load_state(out_dir)
    return bool(state) and state.get("stamp") == nq_stamp(out_dir)


def read_changes(out_dir: Path, since: int, triples: bool = False):
    """The store generation and the subjects (N-Triples) changed after generation ``since``.

    ``None`` for the subjects when they are not all known (a full reload happened or
    the log is missing), so that everything must be checked again. With ``triples``,
    also the N-Triples lines added and removed, in order: ``(generation, subjects,
    added, removed)``.
    """
    result = _read_changes(out_dir, since)
    return result if triples else result[:2]


def _read_changes(out_dir: Path, since: int):
    state = load_state(out_dir)
    generation = state.get("generation", 0)
    if not state or state.get("full_generation", generation) > since or since > generation:
        return generation, None, None, None
    subjects: set[str] = set()
    added: list[str] = []
    removed: list[str] = []
    seen = set()
    try:
        with open(out_dir / "cache" / CHANGES, encoding="utf-8") as handle:
            for line in handle:
                entry = json.loads(line)
                if entry["generation"] > since:
                    subjects.update(entry["subjects"])
                    added += entry.get("added", [])
                    removed += entry.get("removed", [])
                    seen.add(entry["generation"])
    except (OSError, ValueError, KeyError):
        return generation, None, None, None
    if seen != set(range(since + 1, generation + 1)):
        return generation, None, None, None
    return generation, subjects, added, removed


def replace_store(final: Path, fill):
    """Replace the store at ``final`` with a new one ``fill(store)`` fills, never half-written."""
    out_dir = final.parent
    tmp, old = out_dir / f".{final.name}.tmp-{os.getpid()}", out_dir / f".{final.name}.old"
    shutil.rmtree(tmp, ignore_errors=True)
    store = ox.Store(str(tmp))
    fill(store)
    store.flush()
    del store
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old, ignore_errors=True)


CHUNKS = {ox.RdfFormat.N_QUADS: 48 << 20, ox.RdfFormat.TURTLE: 12 << 20}  # bytes per bulk load


def chunked_load(store: ox.Store, path: Path, fmt: ox.RdfFormat, chunk: int | None = None):
    """Bulk-load a file the build wrote, a few tens of MB at a time.

    One ``bulk_load`` of the 10,000-article graph.nq (2.7M quads) peaks at 1.7 GB;
    48 MB chunks (12 MB of the denser Turtle) keep it near 300 MB for the same time. N-Quads is cut at line ends;
    Turtle from Oxigraph's writer at the start of a statement (a line that is neither
    a continuation, which starts with a tab, nor a prefix), each chunk after the first
    given the prefix lines again. (The writer escapes line breaks inside literals.)
    """
    chunk = chunk or CHUNKS[fmt]
    with open(path, "rb") as handle:
        header = b""
        if fmt == ox.RdfFormat.TURTLE:
            while True:
                at = handle.tell()
                line = handle.readline()
                if not line.startswith(b"@prefix"):
                    handle.seek(at)
                    break
                header += line
        while True:
            data = handle.read(chunk)
            if not data:
                break
            rest = [handle.readline()]
            if fmt == ox.RdfFormat.TURTLE:
                while rest[-1]:
                    at = handle.tell()
                    line = handle.readline()
                    if line and not line.startswith(b"\t"):
                        handle.seek(at)
                        break
                    rest.append(line)
            store.bulk_load(header + data + b"".join(rest), format=fmt)


def _nq_of(content) -> bytes:
    from kg.packs import read_section

    return content if isinstance(content, bytes) else read_section(content, "nq")


def _triples(nq: bytes, graph: str) -> set[bytes]:
    suffix = f" <{graph}> .\n".encode()
    return {line[: -len(suffix)] + b" .\n" for line in nq.splitlines(keepends=True)}


def update_stores(out_dir: Path, graphs: dict, previous: dict | None) -> str:
    """Bring ``store/`` and ``merged/`` up to date with ``graphs``; say how ("full", ...).

    ``graphs`` maps each graph IRI to (key, pack or N-Quads bytes); ``previous`` maps
    the graphs that changed since the last build to (their old key, their old
    N-Quads), or is None when those are not known.
    """
    cache = out_dir / "cache"
    state = load_state(out_dir)
    current = state.get("graphs", {}) if state else {}
    changed = sorted(g for g in set(graphs) | set(current)
                     if (graphs[g][0] if g in graphs else None) != current.get(g))
    usable = (state and previous is not None and (out_dir / "store").is_dir() and (out_dir / "merged").is_dir()
              and len(changed) <= INCREMENTAL_LIMIT
              and all(g not in current or (g in previous and previous[g][0] == current[g]) for g in changed))
    how = "full"
    if usable:
        try:
            subjects, added, removed = _update_in_place(out_dir, graphs, previous, changed)
            how = "incremental" if changed else "unchanged"
        except (OSError, SyntaxError, ValueError, RuntimeError, _Mismatch):
            usable = False
    generation = state.get("generation", 0) + 1 if state else 1
    if not usable:
        replace_store(out_dir / "store", lambda s: chunked_load(s, out_dir / "graph.nq", ox.RdfFormat.N_QUADS))
        replace_store(out_dir / "merged", lambda s: chunked_load(s, out_dir / "graph.ttl", ox.RdfFormat.TURTLE))
        (cache / CHANGES).unlink(missing_ok=True)
        full_generation = generation
    else:
        full_generation = state.get("full_generation", 0)
        with open(cache / CHANGES, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"generation": generation, "subjects": sorted(subjects),
                                     "added": added, "removed": removed}) + "\n")
    new_state = {"generation": generation, "full_generation": full_generation, "stamp": nq_stamp(out_dir),
                 "graphs": {g: key for g, (key, _) in graphs.items()}}
    tmp = cache / f".{STATE}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(new_state, sort_keys=True), encoding="utf-8")
    os.replace(tmp, cache / STATE)
    return how


class _Mismatch(Exception):
    pass


def _update_in_place(out_dir: Path, graphs: dict, previous: dict, changed: list[str]) -> set[str]:
    """Replace the changed named graphs and patch the merged graph.

    Returns the subjects of the triples the merged graph gained or lost, and those
    triples (N-Triples lines, gained then lost).
    """
    if not changed:
        return set(), [], []
    named = ox.Store(str(out_dir / "store"))
    merged = ox.Store(str(out_dir / "merged"))
    old, new, parts = set(), set(), []
    for g in changed:
        parts.append(f"DROP SILENT GRAPH <{g}>")
        if g in previous:
            old |= _triples(previous[g][1], g)
        if g in graphs:
            nq = _nq_of(graphs[g][1])
            triples = _triples(nq, g)
            new |= triples
            if b"_:" in nq:
                raise _Mismatch("blank nodes")
            parts.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{b''.join(sorted(triples)).decode()}}} }}")
    if any(b"_:" in t for t in old):
        raise _Mismatch("blank nodes")
    added_before = [t for t in ox.parse(b"".join(new - old), format=ox.RdfFormat.N_TRIPLES)]
    added = [t for t in added_before if ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) not in merged]
    named.update(" ;\n".join(parts))
    for g in changed:
        expected = len(_triples(_nq_of(graphs[g][1]), g)) if g in graphs else 0
        if sum(1 for _ in named.quads_for_pattern(None, None, None, ox.NamedNode(g))) != expected:
            raise _Mismatch(g)
    removed = [t for t in ox.parse(b"".join(old - new), format=ox.RdfFormat.N_TRIPLES)
               if next(named.quads_for_pattern(t.subject, t.predicate, t.object, None), None) is None]
    edits = []
    if removed:
        edits.append("DELETE DATA {\n" + "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in removed) + "}")
    if added:
        edits.append("INSERT DATA {\n" + "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in added) + "}")
    if edits:
        merged.update(" ;\n".join(edits))
    # no flush: the write-ahead log holds the transactions, and a flush costs 20 ms a store
    lines = lambda ts: [f"{t.subject} {t.predicate} {t.object} ." for t in ts]  # noqa: E731
    return {str(t.subject) for t in removed} | {str(t.subject) for t in added}, lines(added), lines(removed)
