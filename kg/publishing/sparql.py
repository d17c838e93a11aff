"""The read-only SPARQL 1.1 endpoint's rules: what a query may do, and in which format it is answered.

Follows the SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/): ``query`` by
GET, by POST form or by POST ``application/sparql-query``; ``default-graph-uri`` and
``named-graph-uri``; 400 for a malformed query, 415 for a wrong content type, 406 when no
result format is acceptable. On top of it, a query is refused *before* any store sees it
when it is an update (or LOAD), when it calls ``SERVICE``, or when ``FROM``/``FROM NAMED``
(or the protocol's graph parameters) name a graph that is not one of this dataset's named
graphs: Oxigraph and rdflib would otherwise fetch such IRIs over the network.

Two independent checks: rdflib's SPARQL parser (the parse tree is searched for
``ServiceGraphPattern`` and dataset clauses), and a tokenizer that drops strings,
comments and IRIs, after expanding ``\\u`` escapes as SPARQL 1.1 section 19.2 requires,
and looks for ``SERVICE`` and update keywords. A query must pass both.

Not supported: syntax rdflib's parser does not know (SPARQL 1.2 triple terms) is refused
as malformed even where Oxigraph would run it; the check itself runs in the request
thread, bounded only by the request-size limit.
"""

from __future__ import annotations

import re
import threading
from typing import NamedTuple

UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
RESULT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "text/html", "application/json", "application/xml"]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml", "text/html",
               "text/plain", "application/json"]
ALIASES = {"application/json": {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
                                "CONSTRUCT": "application/ld+json", "DESCRIBE": "application/ld+json"},
           "application/xml": {"SELECT": "application/sparql-results+xml", "ASK": "application/sparql-results+xml"},
           "text/plain": {"CONSTRUCT": "application/n-triples", "DESCRIBE": "application/n-triples"}}
FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "html": "text/html",
                "turtle": "text/turtle", "ttl": "text/turtle", "ntriples": "application/n-triples",
                "nt": "application/n-triples", "jsonld": "application/ld+json", "rdfxml": "application/rdf+xml"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEXEMES = re.compile(r'''
    (?P<long1>'{3}(?:[^'\\]|\\.|'(?!''))*'{3})
  | (?P<long2>"{3}(?:[^"\\]|\\.|"(?!""))*"{3})
  | (?P<str1>'(?:[^'\\\n\r]|\\.)*')
  | (?P<str2>"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n\r]*)
''', re.X | re.S)
_PARSER_LOCK = threading.Lock()  # pyparsing's packrat cache is not thread-safe


class Checked(NamedTuple):
    """A query the endpoint may run: its form, and whether it names its own dataset (FROM)."""

    form: str
    dataset: bool


class QueryRefused(Exception):
    """A request the endpoint will not run: ``status`` is the HTTP status, ``message`` says why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def expand_escapes(text: str) -> str:
    r"""SPARQL's codepoint escapes, applied before parsing (SPARQL 1.1, section 19.2).

    >>> expand_escapes(r"\u0053ERVICE")
    'SERVICE'
    """
    def replace(match):
        try:
            return chr(int(match.group(1) or match.group(2), 16))
        except ValueError:
            return match.group(0)

    return _ESCAPE.sub(replace, text)


def bare_words(query: str) -> set[str]:
    """The keywords of ``query`` outside strings, comments and IRIs, upper-cased.

    >>> sorted(bare_words('SELECT * WHERE { ?s ?p "SERVICE" } # LOAD'))
    ['SELECT', 'WHERE']
    """
    stripped = _LEXEMES.sub(" ", expand_escapes(query))
    return {w.upper() for w in re.findall(r"(?<![\w:?$.\-@])[A-Za-z_]+(?![\w:\-])", stripped)}


def _walk(node):
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value)


def check_query(query: str, graphs: set[str], default_graphs=(), named_graphs=()) -> Checked:
    """The form of ``query`` (SELECT, ASK, CONSTRUCT, DESCRIBE) if the endpoint may run it.

    ``graphs`` are the IRIs of the dataset's named graphs, the only ones ``FROM``,
    ``FROM NAMED`` and the protocol's graph parameters may name. Raises
    :class:`QueryRefused` otherwise.

    >>> check_query("SELECT * WHERE { ?s ?p ?o }", set())
    Checked(form='SELECT', dataset=False)
    >>> check_query("SELECT * WHERE { SERVICE <http://example.net/sparql> { ?s ?p ?o } }", set())
    Traceback (most recent call last):
    ...
    kg.publishing.sparql.QueryRefused: SERVICE is not allowed: this endpoint never queries other endpoints
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not query.strip():
        raise QueryRefused(400, "missing query: send it as the query parameter or as the request body")
    words = bare_words(query)
    with _PARSER_LOCK:
        try:
            tree = parseQuery(query)
        except ParseException as err:
            try:
                update = parseUpdate(query)
                if "request" not in update or not list(update["request"]):
                    raise ValueError("no operation")
            except Exception:
                if words & set(UPDATE_WORDS) and not words & set(FORMS.values()):
                    raise QueryRefused(403, "SPARQL Update is not allowed: this endpoint is read-only") from None
                raise QueryRefused(400, f"malformed query: {err}") from None
            raise QueryRefused(403, "SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is not allowed: "
                                    "this endpoint is read-only") from None
        except RecursionError:
            raise QueryRefused(400, "malformed query: nested too deeply") from None
        except Exception as err:  # rdflib raises other errors for some inputs (bad prefixes, bad IRIs)
            raise QueryRefused(400, f"malformed query: {err}") from None
        names = {getattr(n, "name", None) for n in _walk(tree)}
        if "ServiceGraphPattern" in names or "SERVICE" in words:
            raise QueryRefused(403, "SERVICE is not allowed: this endpoint never queries other endpoints")
        if words & set(UPDATE_WORDS):
            raise QueryRefused(403, f"{sorted(words & set(UPDATE_WORDS))[0]} is not allowed: this endpoint is read-only")
        asked = list(default_graphs) + list(named_graphs)
        if "DatasetClause" in names:
            try:
                algebra = translateQuery(tree).algebra
            except Exception as err:
                raise QueryRefused(400, f"malformed query: {err}") from None
            for clause in algebra.get("datasetClause") or ():
                asked.append(str(clause["named"] if "named" in clause else clause["default"]))
    outside = sorted(iri for iri in asked if iri not in graphs)
    if outside:
        raise QueryRefused(403, f"FROM <{outside[0]}> is not allowed: only this dataset's named graphs can be "
                                f"used ({len(graphs)} graphs, listed in the dataset description)")
    form = FORMS.get(getattr(tree[1], "name", ""), None)
    if form is None:
        raise QueryRefused(400, "malformed query: not a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    return Checked(form, "DatasetClause" in names)


def result_type(form: str, accept: str | None, format_param: str | None = None) -> str | None:
    """The media type to answer a ``form`` query with, from ``format=`` or the Accept header."""
    from kg.publishing.conneg import negotiate

    offers = RESULT_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES
    if format_param:
        media = FORMAT_PARAM.get(format_param.lower(), format_param.lower())
        chosen = media if media in offers else None
    else:
        chosen = negotiate(accept, offers)
    return ALIASES.get(chosen, {}).get(form, chosen) if chosen else None
