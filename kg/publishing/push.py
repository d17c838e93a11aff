"""``kg push``: load the built graph into another triple store, one named graph at a time.

Uses the SPARQL 1.1 Graph Store HTTP Protocol (https://www.w3.org/TR/sparql11-http-rdf-update/):
one ``PUT <endpoint>?graph=<graph IRI>`` per named graph, with the graph's triples as
N-Triples, so each push replaces exactly the graphs the build holds and leaves the
store's other graphs alone. Works with Oxigraph (``/store``), Fuseki (``/<dataset>/data``),
GraphDB and others. Not supported: authentication, chunked uploads of very large graphs.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from kg.publishing.model import DATA_BASE, PublishError, check_base, rebase


def graph_url(endpoint: str, graph: str) -> str:
    """The Graph Store Protocol URL of ``graph`` at ``endpoint`` (indirect graph identification).

    >>> graph_url("http://127.0.0.1:7878/store", "https://example.org/kg/graph/a")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fexample.org%2Fkg%2Fgraph%2Fa'
    """
    parts = urlsplit(endpoint)
    query = (parts.query + "&" if parts.query else "") + "graph=" + quote(graph, safe="")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def put_graph(endpoint: str, graph: str, data: bytes, timeout: float = 60.0) -> int:
    """PUT ``data`` (N-Triples) as the graph ``graph``; the HTTP status."""
    request = urllib.request.Request(graph_url(endpoint, graph), data=data, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as err:
        detail = err.read(300).decode("utf-8", "replace").strip()
        raise PublishError(endpoint, f"PUT of graph <{graph}> failed: HTTP {err.code} {detail}") from None
    except (urllib.error.URLError, OSError) as err:
        raise PublishError(endpoint, f"cannot reach the store: {getattr(err, 'reason', err)}") from None


def push(out_dir: Path, endpoint: str, base_iri: str = DATA_BASE, timeout: float = 60.0,
         progress=None) -> list[tuple[str, int]]:
    """PUT every named graph of the build in ``out_dir`` to the Graph Store ``endpoint``.

    Returns (graph IRI, triples) for each graph, in IRI order. With ``base_iri`` the
    project's IRIs are rewritten as ``kg publish --base-iri`` does.
    """
    from kg.stats import open_store

    if urlsplit(endpoint).scheme not in ("http", "https"):
        raise PublishError(endpoint, "the endpoint must be an http(s) URL, such as http://127.0.0.1:7878/store")
    base = check_base(base_iri)
    store = open_store(Path(out_dir))
    pushed = []
    for name in sorted(store.named_graphs(), key=str):
        triples = sorted({ox.Triple(rebase(q.subject, base), rebase(q.predicate, base), rebase(q.object, base))
                          for q in store.quads_for_pattern(None, None, None, name)},
                         key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        graph = rebase(name, base).value
        put_graph(endpoint, graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), timeout)
        pushed.append((graph, len(triples)))
        if progress:
            progress(graph, len(triples))
    return pushed
