"""Running queries with a time limit and a result-size limit, in worker processes.

pyoxigraph has no query timeout and a running query cannot be interrupted from Python,
so each query runs in a worker process holding its own copy of the store (loaded from
the site's N-Quads dump, or opened read-only from a build's store). The worker runs the
query and serializes the whole result into memory, stopping if the result grows past
the size limit; only then does it send the bytes back. If no answer comes within the
time limit the worker is killed and replaced, and the caller gets
:class:`QueryTimeout`: a stopped query is always an error, never a truncated answer.
"""

from __future__ import annotations

import gzip
import multiprocessing
import queue
import threading
from pathlib import Path

RESULT_FORMATS = {
    "application/sparql-results+json": "JSON", "application/sparql-results+xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV",
}
RDF_FORMATS = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/ld+json": "JSON_LD",
               "application/rdf+xml": "RDF_XML"}
START_TIMEOUT = 120.0  # seconds for a worker to load the data


class QueryTimeout(Exception):
    """The query ran past the time limit and was stopped."""


class ResultTooLarge(Exception):
    """The result grew past the size limit and was dropped."""


class QueryFailed(Exception):
    """The store rejected or failed the query: ``syntax`` is True for a parse error."""

    def __init__(self, message: str, syntax: bool = False):
        super().__init__(message)
        self.syntax = syntax


class _Bounded:
    """A byte sink that refuses to grow past ``limit``."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size, self.exceeded = limit, [], 0, False

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.exceeded = True
            raise OverflowError("result too large")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass


def _load(source: str, kind: str):
    import pyoxigraph as ox

    if kind == "store":
        return ox.Store.read_only(source)
    store = ox.Store()
    with gzip.open(source, "rb") if source.endswith(".gz") else open(source, "rb") as handle:
        store.bulk_load(handle, format=ox.RdfFormat.N_QUADS)
    return store


def _execute(store, job: dict) -> tuple[str, object]:
    import pyoxigraph as ox

    options = {}
    if job["default_graphs"]:
        options["default_graph"] = [ox.NamedNode(g) for g in job["default_graphs"]]
    elif job["union"]:
        options["use_default_graph_as_union"] = True
    if job["named_graphs"]:
        options["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    try:
        result = store.query(job["query"], **options)
        sink = _Bounded(job["max_bytes"])
        media = job["media"]
        if isinstance(result, ox.QueryTriples):
            result.serialize(sink, format=getattr(ox.RdfFormat, RDF_FORMATS[media]))
        else:
            result.serialize(sink, format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[media]))
        return "ok", b"".join(sink.parts)
    except SyntaxError as err:
        return "syntax", str(err)
    except OverflowError:
        return "too-large", job["max_bytes"]
    except KeyError as err:
        return "error", f"no serializer for {err}"
    except Exception as err:  # the store's own errors (OSError, ValueError, ...)
        if "too large" in str(err):
            return "too-large", job["max_bytes"]
        return "error", f"{type(err).__name__}: {err}"


def _worker_main(conn, source: str, kind: str):
    try:
        store = _load(source, kind)
    except Exception as err:
        conn.send(("failed", f"cannot load {source}: {err}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(_execute(store, job))


class _Worker:
    def __init__(self, ctx, source: str, kind: str):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, source, kind), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self):
        if self.ready:
            return
        if not self.conn.poll(START_TIMEOUT):
            self.kill()
            raise QueryFailed("the query worker did not start in time")
        status, message = self.conn.recv()
        if status != "ready":
            self.kill()
            raise QueryFailed(message)
        self.ready = True

    def kill(self):
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryEngine:
    """A pool of query workers over one dataset.

    ``source`` is an N-Quads file (optionally gzip) or, with ``kind="store"``, an Oxigraph
    store folder. ``timeout`` is in seconds, ``max_bytes`` bounds a serialized result.
    """

    def __init__(self, source: Path, kind: str = "dump", timeout: float = 10.0, max_bytes: int = 10_000_000,
                 workers: int = 2):
        self.source, self.kind = str(source), kind
        self.timeout, self.max_bytes = timeout, max_bytes
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, workers)):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.source, self.kind)
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker):
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def wait_ready(self):
        """Block until every idle worker has loaded the data (raises :class:`QueryFailed` if one cannot)."""
        workers = []
        while not self._idle.empty():
            workers.append(self._idle.get())
        try:
            for w in workers:
                w.wait_ready()
        finally:
            for w in workers:
                self._idle.put(w)

    def run(self, query: str, media: str, union: bool = True, default_graphs=(), named_graphs=()) -> bytes:
        """The result of ``query`` serialized as ``media``, within the limits."""
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"every query worker stayed busy for {self.timeout:g} s") from None
        replace = False
        try:
            worker.wait_ready()
            worker.conn.send({"query": query, "media": media, "union": union, "max_bytes": self.max_bytes,
                              "default_graphs": list(default_graphs), "named_graphs": list(named_graphs)})
            if not worker.conn.poll(self.timeout):
                replace = True
                raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")
            status, payload = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            replace = True
            raise QueryFailed("the query worker stopped unexpectedly") from None
        except QueryFailed:
            replace = True
            raise
        finally:
            if replace:
                self._retire(worker)
                worker = None if self._closed else self._spawn()
            if worker is not None:
                self._idle.put(worker)
        if status == "ok":
            return payload
        if status == "too-large":
            raise ResultTooLarge(f"the result is larger than {payload} bytes: add a LIMIT or select fewer columns")
        raise QueryFailed(payload, syntax=status == "syntax")

    def close(self):
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
