"""``kg serve``: the published site on 127.0.0.1, with content negotiation and a SPARQL endpoint.

Entity IRIs follow "Cool URIs for the Semantic Web" (https://www.w3.org/TR/cooluris/):
a slash IRI such as ``/id/official/x`` names a thing, not a document, so the server
answers ``303 See Other`` to the document in the format the ``Accept`` header prefers
(``x.html``, ``x.ttl``, ``x.jsonld``, ``x.nt``; q-values honoured, ``Vary: Accept``, 406 if
none is acceptable). The hash namespace ``/ontology`` is a document and is answered
directly, with ``Content-Location``. Documents are served as they are. Requests with
``..`` segments, encoded slashes or backslashes, or hidden files get 404, and every path
is checked to resolve inside the site folder.

``/sparql`` is the read-only SPARQL 1.1 Protocol endpoint (see :mod:`kg.publishing.sparql`
for what it refuses, and :mod:`kg.publishing.engine` for the limits). Built on the standard
library's :class:`http.server.ThreadingHTTPServer`.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from kg.publishing.conneg import negotiate
from kg.publishing.engine import QueryEngine, QueryFailed, QueryTimeout, ResultTooLarge
from kg.publishing.model import PublishError
from kg.publishing.sparql import QueryRefused, check_query, result_type

DOCUMENT_TYPES = {"text/html": ".html", "text/turtle": ".ttl", "application/ld+json": ".jsonld",
                  "application/n-triples": ".nt", "application/json": ".jsonld", "text/plain": ".nt"}
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".ttl": "text/turtle; charset=utf-8",
                 ".jsonld": "application/ld+json", ".nt": "application/n-triples",
                 ".trig": "application/trig", ".nq": "application/n-quads", ".gz": "application/gzip",
                 ".json": "application/json", ".rq": "application/sparql-query; charset=utf-8",
                 ".svg": "image/svg+xml", ".png": "image/png", ".txt": "text/plain; charset=utf-8"}
HASH_DOCUMENTS = {"ontology"}
TEXT_TYPES = ("text/", "application/sparql-results+json", "application/sparql-results+xml", "application/ld+json",
              "application/n-triples", "application/json")


class SiteServer(ThreadingHTTPServer):
    """The HTTP server of one published site; ``start()``/``stop()`` run it in a thread."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, site_dir: Path, host: str, port: int, engine: QueryEngine, base: str,
                 graphs: set[str], max_request_bytes: int, quiet: bool):
        self.site_dir = site_dir
        self.engine, self.base, self.graphs = engine, base, graphs
        self.max_request_bytes, self.quiet = max_request_bytes, quiet
        self._thread: threading.Thread | None = None
        super().__init__((host, port), Handler)

    def handle_error(self, request, client_address):
        """A client that went away mid-answer is not an error of the server."""
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> "SiteServer":
        self._thread = threading.Thread(target=self.serve_forever, name="kg-serve", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._thread is not None:
            self.shutdown()
            self._thread.join(10)
        self.server_close()
        self.engine.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"

    # ------------------------------------------------------------------ plumbing

    def log_message(self, format, *args):
        if not self.server.quiet:
            super().log_message(format, *args)

    def send(self, status: int, body: bytes = b"", content_type: str = "text/plain; charset=utf-8",
             headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def error(self, status: int, message: str, headers: dict | None = None):
        self.send(status, (message.rstrip() + "\n").encode(), headers=headers)

    def do_GET(self):
        self.route()

    def do_HEAD(self):
        self.route()

    def do_POST(self):
        path = urlsplit(self.path).path
        if path == "/sparql":
            return self.sparql()
        self.error(405, "only GET and HEAD here; POST queries to /sparql", {"Allow": "GET, HEAD"})

    def do_PUT(self):
        self.error(405, "this server is read-only", {"Allow": "GET, HEAD, POST"})

    do_DELETE = do_PATCH = do_PUT

    # ------------------------------------------------------------------ files and negotiation

    def local_path(self, raw: str) -> str | None:
        """The site-relative path for a request path, or None if it must not be served."""
        lowered = raw.lower()
        if "%2f" in lowered or "%5c" in lowered or "\\" in raw or "%00" in lowered:
            return None
        path = unquote(raw)
        segments = path.split("/")[1:]
        if any(s in (".", "..") or (s.startswith(".") and s != ".well-known") or "\0" in s for s in segments):
            return None
        return "/".join(segments)

    def file(self, rel: str) -> Path | None:
        root = self.server.site_dir
        target = (root / rel).resolve()
        if not target.is_relative_to(root) or not target.is_file():
            return None
        return target

    def route(self):
        parts = urlsplit(self.path)
        rel = self.local_path(parts.path)
        if rel is None:
            return self.error(404, "not found")
        if rel == "sparql":
            return self.sparql()
        if rel == ".well-known/void":
            return self.redirect("/dataset")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        found = self.file(rel)
        if found is not None:
            return self.static(found)
        if self.file(rel + ".html") is not None:
            return self.negotiate(rel)
        self.error(404, f"not found: /{rel}")

    def static(self, path: Path):
        data = path.read_bytes()
        suffix = path.suffix
        self.send(200, data, CONTENT_TYPES.get(suffix, "application/octet-stream"))

    def redirect(self, location: str):
        self.send(303, f"See Other: {location}\n".encode(), headers={"Location": location, "Vary": "Accept"})

    def negotiate(self, rel: str):
        offers = [m for m, ext in DOCUMENT_TYPES.items() if self.file(rel + ext) is not None]
        chosen = negotiate(self.headers.get("Accept"), offers)
        if chosen is None:
            listing = ", ".join(m for m in offers if m not in ("application/json", "text/plain"))
            return self.error(406, f"/{rel} is available as {listing}", {"Vary": "Accept"})
        ext = DOCUMENT_TYPES[chosen]
        if rel in HASH_DOCUMENTS:
            data = self.file(rel + ext).read_bytes()
            return self.send(200, data, CONTENT_TYPES[ext], {"Vary": "Accept", "Content-Location": f"/{rel}{ext}"})
        self.redirect(f"/{rel}{ext}")

    # ------------------------------------------------------------------ SPARQL

    def read_body(self) -> bytes | None:
        length = self.headers.get("Content-Length")
        if length is None:
            self.error(411, "a POST needs a Content-Length")
            return None
        try:
            size = int(length)
        except ValueError:
            self.error(400, "bad Content-Length")
            return None
        if size > self.server.max_request_bytes:
            if size <= 16 * self.server.max_request_bytes:  # read it, so the client sees the answer, not a reset
                remaining = size
                while remaining > 0:
                    chunk = self.rfile.read(min(remaining, 65536))
                    if not chunk:
                        break
                    remaining -= len(chunk)
            self.close_connection = True
            self.error(413, f"request larger than {self.server.max_request_bytes} bytes")
            return None
        return self.rfile.read(size)

    def sparql(self):
        parts = urlsplit(self.path)
        if len(parts.query) > self.server.max_request_bytes:
            return self.error(413, f"request larger than {self.server.max_request_bytes} bytes")
        params = parse_qs(parts.query, keep_blank_values=True)
        if self.command == "POST":
            body = self.read_body()
            if body is None:
                return
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if content_type == "application/x-www-form-urlencoded":
                try:
                    form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
                except UnicodeDecodeError:
                    return self.error(400, "the form is not UTF-8")
                for key, values in form.items():
                    params.setdefault(key, []).extend(values)
            elif content_type == "application/sparql-query":
                try:
                    params.setdefault("query", []).append(body.decode("utf-8"))
                except UnicodeDecodeError:
                    return self.error(400, "the query is not UTF-8")
            elif content_type == "application/sparql-update":
                return self.error(403, "SPARQL Update is not allowed: this endpoint is read-only")
            else:
                return self.error(415, "send application/sparql-query or application/x-www-form-urlencoded")
        if "update" in params:
            return self.error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        queries = params.get("query", [])
        if not queries:
            return self.describe_service()
        if len(queries) > 1:
            return self.error(400, "more than one query parameter")
        query = queries[0]
        if len(query.encode()) > self.server.max_request_bytes:
            return self.error(413, f"query larger than {self.server.max_request_bytes} bytes")
        defaults, named = params.get("default-graph-uri", []), params.get("named-graph-uri", [])
        try:
            form, dataset = check_query(query, self.server.graphs, defaults, named)
        except QueryRefused as refused:
            return self.error(refused.status, refused.message)
        fmt = (params.get("format") or [None])[0]
        media = result_type(form, self.headers.get("Accept"), fmt)
        if media is None:
            return self.error(406, "no acceptable result format; "
                                   + ("SELECT and ASK give application/sparql-results+json, +xml, text/csv, "
                                      "text/tab-separated-values" if form in ("SELECT", "ASK") else
                                      "CONSTRUCT and DESCRIBE give text/turtle, application/n-triples, "
                                      "application/ld+json, application/rdf+xml"), {"Vary": "Accept"})
        run_as = media
        if media == "text/html":
            run_as = "application/sparql-results+json" if form in ("SELECT", "ASK") else "text/turtle"
        try:
            body = self.server.engine.run(query, run_as, union=not (defaults or named or dataset),
                                          default_graphs=defaults, named_graphs=named)
        except QueryTimeout as err:
            return self.error(503, f"query stopped: {err}")
        except ResultTooLarge as err:
            return self.error(500, f"query stopped: {err}")
        except QueryFailed as err:
            return self.error(400 if err.syntax else 500, f"{'malformed query' if err.syntax else 'query failed'}: {err}")
        if media == "text/html":
            body = self.results_page(query, form, body)
        content_type = media + ("; charset=utf-8" if media.startswith(TEXT_TYPES) else "")
        self.send(200, body, content_type, {"Vary": "Accept"})

    def results_page(self, query: str, form: str, body: bytes) -> bytes:
        from kg.publishing.site import environment

        ctx = {"page": "sparql", "root": "", "query": query, "boolean": None, "rdf": None, "rows": [], "variables": []}
        if form in ("SELECT", "ASK"):
            data = json.loads(body)
            if "boolean" in data:
                ctx["boolean"] = data["boolean"]
            else:
                ctx["variables"] = data["head"]["vars"]
                for binding in data["results"]["bindings"]:
                    ctx["rows"].append([self.cell(binding.get(v)) for v in ctx["variables"]])
        else:
            ctx["rdf"] = body.decode("utf-8")
        return environment().get_template("results.html").render(**ctx).encode()

    def cell(self, term: dict | None) -> dict:
        if term is None:
            return {"text": "", "href": None}
        value = term["value"]
        if term["type"] == "uri":
            rel = value[len(self.server.base):] if value.startswith(self.server.base) else None
            if rel and "#" not in rel and self.file(rel + ".html") is not None:
                return {"text": value, "href": rel + ".html", "iri": value}
            return {"text": value, "href": None}
        if term["type"] == "bnode":
            return {"text": f"_:{value}", "href": None}
        return {"text": value, "href": None}

    def describe_service(self):
        """Without a query: the form for a browser, a SPARQL service description for others."""
        chosen = negotiate(self.headers.get("Accept"), ["text/html", "text/turtle"])
        if chosen == "text/html":
            return self.static(self.server.site_dir / "sparql.html")
        endpoint = self.server.base + "sparql"
        sd = "http://www.w3.org/ns/sparql-service-description#"
        formats = "http://www.w3.org/ns/formats/"
        body = (f"@prefix sd: <{sd}> .\n@prefix formats: <{formats}> .\n\n<{endpoint}> a sd:Service ;\n"
                f"  sd:endpoint <{endpoint}> ;\n  sd:supportedLanguage sd:SPARQL11Query ;\n"
                f"  sd:feature sd:UnionDefaultGraph ;\n"
                f"  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,"
                f" formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:JSON-LD, formats:RDF_XML .\n")
        self.send(200, body.encode(), "text/turtle; charset=utf-8", {"Vary": "Accept"})


def serve(site_dir: Path, port: int = 8000, host: str = "127.0.0.1", timeout: float = 10.0,
          max_result_bytes: int = 10_000_000, max_request_bytes: int = 65_536, store_dir: Path | None = None,
          workers: int = 2, quiet: bool = False) -> SiteServer:
    """A server for the site ``kg publish`` wrote to ``site_dir`` (not started: call ``start()``
    or ``serve_forever()``). Queries run on the site's N-Quads dump, or on the Oxigraph store
    ``store_dir`` of a build published with the default base IRI.
    """
    site_dir = Path(site_dir).resolve()
    marker = site_dir / ".kg-site"
    if not marker.is_file():
        raise PublishError(site_dir, "no published site here: run `kg publish` first")
    try:
        base = json.loads(marker.read_text(encoding="utf-8"))["base"]
    except (ValueError, KeyError):
        raise PublishError(marker, "unreadable site marker: publish again") from None
    dump = site_dir / "dumps" / "kg.nq.gz"
    graphs = _graph_names(dump)
    source, kind = (Path(store_dir), "store") if store_dir else (dump, "dump")
    engine = QueryEngine(source, kind=kind, timeout=timeout, max_bytes=max_result_bytes, workers=workers)
    try:
        engine.wait_ready()
        return SiteServer(site_dir, host, port, engine, base, graphs, max_request_bytes, quiet)
    except (QueryFailed, OSError) as err:
        engine.close()
        raise PublishError(site_dir, f"cannot serve: {err}") from None


def _graph_names(dump: Path) -> set[str]:
    import gzip

    import pyoxigraph as ox

    if not dump.is_file():
        raise PublishError(dump, "the site has no N-Quads dump: publish again")
    with gzip.open(dump, "rb") as handle:
        return {q.graph_name.value for q in ox.parse(handle, format=ox.RdfFormat.N_QUADS)
                if isinstance(q.graph_name, ox.NamedNode)}


__all__ = ["SiteServer", "serve"]
