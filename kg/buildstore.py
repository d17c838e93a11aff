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
source's named graph loses the triples it no longer has and gains its new ones in one
SPARQL update (a transaction), and the merged graph loses the triples no graph holds
any more and gains the new ones. The subjects of those triples are appended to
``cache/changes.jsonl`` for incremental validation
(:mod:`kg.shacl`). Otherwise, or when anything does not add up, both stores are
rebuilt from ``graph.nq`` and ``graph.ttl`` in temporary folders and renamed into
place. ``cache/stores.json`` records what the stores hold (each graph's pack key) and
the ``graph.nq`` they were made with.

Opening a RocksDB store read-write costs 20 to 70 ms even when it is small: RocksDB
writes and syncs a new manifest and options file and starts some fifteen threads per
column family to open its table files, while pyoxigraph has released the GIL.
:class:`StoreOpener` opens both stores in two threads at once (about 40 ms, 25 of them
CPU, against 70 one after the other), and the build starts it as soon as it knows that
sources changed, so that the opening overlaps building the graphs and writing the
outputs. When no quad changes, the stores are not opened at all.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from pathlib import Path

import pyoxigraph as ox

__all__ = ["BuildStore", "StoreOpener", "open_build_store", "uses_graph_keyword", "update_stores", "replace_store",
           "load_state", "read_changes", "can_update_in_place", "INCREMENTAL_LIMIT"]

STATE = "stores.json"
CHANGES = "changes.jsonl"
INCREMENTAL_LIMIT = 500  # graphs; more changed graphs are cheaper to reload in bulk
# The keyword GRAPH, skipping what can hold the word without being it: comments (a
# query's comment may well say "graph"), strings, IRIs, variables and prefixed names.
_SPARQL_TOKEN = re.compile("|".join([
    r"#[^\n]*",  # a comment
    r'"""[\s\S]*?"""', r"'''[\s\S]*?'''",  # long strings
    r'"(?:[^"\\\n]|\\.)*"', r"'(?:[^'\\\n]|\\.)*'",  # strings
    r'<[^<>"{}|^`\\\s]*>',  # an IRI
    r"[?$]\w+", r"[\w-]*:[\w.-]*", r"[\w-]+",  # a variable, a prefixed name, a word
]))


def uses_graph_keyword(query: str) -> bool:
    """Does the SPARQL text use the keyword GRAPH (not in a comment, string or name)?"""
    return any(token.upper() == "GRAPH" for token in _SPARQL_TOKEN.findall(query))


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
                and "default_graph" not in options and not uses_graph_keyword(str(query))):
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
    # Compacting the files of the bulk loads into one sorted run halves the time of the
    # queries over the store at 10,000 articles (measured), for a few seconds once.
    store.optimize()
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


class StoreOpener:
    """``store/`` and ``merged/`` of ``out_dir``, opened read-write in two threads at once.

    Opening starts at once, or with ``start=False`` at :meth:`start` or :meth:`get`;
    :meth:`get` waits for both (raising what opening raised); :meth:`close` closes them.
    """

    def __init__(self, out_dir: Path, start: bool = True):
        self._stores: dict[str, ox.Store | BaseException] = {}
        self._threads = [threading.Thread(target=self._open, args=(out_dir / name, name), daemon=True)
                         for name in ("store", "merged")]
        self._started = False
        if start:
            self.start()

    def start(self):
        if not self._started:
            self._started = True
            for thread in self._threads:
                thread.start()

    def _open(self, path: Path, name: str):
        try:
            self._stores[name] = ox.Store(str(path))
        except BaseException as err:  # noqa: BLE001 - re-raised by get(), in the build's thread
            self._stores[name] = err

    def get(self) -> tuple[ox.Store, ox.Store]:
        self.start()
        for thread in self._threads:
            thread.join()
        for value in self._stores.values():
            if isinstance(value, BaseException):
                raise value
        return self._stores["store"], self._stores["merged"]

    def close(self):
        """Wait for the threads and close what they opened (the last reference goes)."""
        if self._started:
            for thread in self._threads:
                thread.join()
        self._stores.clear()


def can_update_in_place(out_dir: Path) -> bool:
    """Are there stores a build could update in place (for starting a :class:`StoreOpener`)?"""
    return ((out_dir / "cache" / STATE).is_file() and (out_dir / "store").is_dir()
            and (out_dir / "merged").is_dir())


def update_stores(out_dir: Path, graphs: dict, previous: dict | None, opener: StoreOpener | None = None) -> str:
    """Bring ``store/`` and ``merged/`` up to date with ``graphs``; say how ("full", ...).

    ``graphs`` maps each graph IRI to (key, pack or N-Quads bytes); ``previous`` maps
    the graphs that changed since the last build to (their old key, their old
    N-Quads), or is None when those are not known. ``opener``: the stores, already
    being opened; closed before this returns.
    """
    try:
        return _update_stores(out_dir, graphs, previous, opener)
    finally:
        if opener is not None:
            opener.close()


def _update_stores(out_dir: Path, graphs: dict, previous: dict | None, opener: StoreOpener | None) -> str:
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
        opener = opener or StoreOpener(out_dir, start=False)  # opened if some quads change
        try:
            subjects, added, removed = _update_in_place(graphs, previous, changed, opener)
            how = "incremental" if changed else "unchanged"
        except (OSError, SyntaxError, ValueError, RuntimeError, _Mismatch):
            usable = False
        finally:
            opener.close()  # before the folders may be replaced
    generation = state.get("generation", 0) + 1 if state else 1
    if not usable:
        if opener is not None:
            opener.close()  # the folders are about to be replaced
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


def _count(store: ox.Store, graph: str) -> int:
    """The quads of a named graph, counted by the store (ten times faster than iterating them)."""
    row = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")))
    return int(row["n"].value)


def _data(verb: str, graph: str, triples: set[bytes]) -> str:
    return f"{verb} DATA {{ GRAPH <{graph}> {{\n{b''.join(sorted(triples)).decode()}}} }}"


def _update_in_place(graphs: dict, previous: dict, changed: list[str],
                     opener: StoreOpener) -> tuple[set[str], list[str], list[str]]:
    """Update the changed named graphs and patch the merged graph.

    A changed graph the store held gets only the difference between its old and new
    triples (for a changed article, a few dozen of its thousand; often none), a new one
    is inserted whole, a removed one dropped. The stores are not opened when no quad
    changes. Returns the subjects of the triples the merged graph gained or lost, and
    those triples (N-Triples lines, gained then lost).
    """
    old, new, parts, sizes = set(), set(), [], {}
    for g in changed:
        before = _triples(previous[g][1], g) if g in previous else set()
        after = set()
        if g in graphs:
            nq = _nq_of(graphs[g][1])
            if b"_:" in nq:
                raise _Mismatch("blank nodes")
            after = _triples(nq, g)
        if g not in graphs or g not in previous:
            parts.append(f"DROP SILENT GRAPH <{g}>")  # removed; or new, and nothing of it may stay
            if after:
                parts.append(_data("INSERT", g, after))
        else:
            if before - after:
                parts.append(_data("DELETE", g, before - after))
            if after - before:
                parts.append(_data("INSERT", g, after - before))
        old |= before
        new |= after
        sizes[g] = len(after)
    if any(b"_:" in t for t in old):
        raise _Mismatch("blank nodes")
    if not parts:  # every changed graph has the quads it had: the stores hold them already
        return set(), [], []
    named, merged = opener.get()
    added_before = [t for t in ox.parse(b"".join(new - old), format=ox.RdfFormat.N_TRIPLES)]
    added = [t for t in added_before if ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) not in merged]
    named.update(" ;\n".join(parts))
    for g in changed:
        if _count(named, g) != sizes[g]:
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
