"""Named SPARQL queries: documented ``.rq`` files, checked, run and rendered.

Each ``queries/<name>.rq`` is a SPARQL 1.1 SELECT query with a ROBOT-style header
(see ontodev/robot ``docs/``)::

    # # Officials
    # Question: Which officials appear, with their posts, agencies and states?
    # Columns: ?official ?post ?agency ?state
    # Parameters: (none)
    # Example: kg query officials

A header line that starts with ``#`` and no ``Key:`` continues the previous field; the
header ends at the first line that is not a comment or is an empty ``#``.
``Parameters`` is ``(none)`` or a comma-separated list of ``name (description)``.

Parameters are never pasted into the SPARQL text as the user typed them. A query
declares each one as a placeholder, ``VALUES ?param_<name> { UNDEF }`` (one solution
in which the variable is unbound, so the query also runs without the parameter), and
:func:`run_query` replaces ``UNDEF`` with the N-Triples form of a pyoxigraph term:
a ``NamedNode`` for a value that is an http(s) IRI pyoxigraph accepts, otherwise a
plain ``Literal``, which pyoxigraph escapes. pyoxigraph's ``substitutions=`` argument
is not used because it only binds variables of the SELECT projection (SEP-0007), and
parameters are not result columns.

Queries run over the union of the named graphs (``use_default_graph_as_union``).
Columns joined with ``"; "`` are sorted by an ``ORDER BY`` in a sub-select that feeds
``GROUP_CONCAT``: SPARQL does not promise that order, pyoxigraph keeps it, and the
tests check it.

Not supported: ASK, CONSTRUCT and DESCRIBE queries; parameters with several values.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery

from kg.errors import QueryError

__all__ = [
    "QueryInfo", "QueryResult", "FORMATS",
    "list_queries", "load_query", "run_query", "bind_parameters", "format_result", "load_store",
]

FORMATS = ("table", "csv", "json")
HEADER_KEYS = {"question", "columns", "parameters", "example"}
REQUIRED_KEYS = ("question", "columns", "example")
PLACEHOLDER = re.compile(r"VALUES\s+\?param_([A-Za-z_][A-Za-z0-9_]*)\s*\{\s*UNDEF\s*\}")
PARAM_VAR = re.compile(r"[?$]param_([A-Za-z_][A-Za-z0-9_]*)")
PARAM_NAME = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\((.*)\))?$", re.S)
ERROR_AT = re.compile(r"error at (\d+):(\d+)")
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}
FLOAT_TYPES = {XSD + "decimal", XSD + "double", XSD + "float"}


@dataclass(frozen=True)
class QueryInfo:
    """A named query: its header fields, its file and its SPARQL text.

    ``parameters`` maps each parameter name to its description.
    """

    name: str
    title: str
    question: str
    columns: tuple[str, ...]
    parameters: dict[str, str]
    example: str
    path: Path
    text: str = field(repr=False)


@dataclass(frozen=True)
class QueryResult:
    """Rows of a SELECT query: ``str``, ``int``, ``float``, ``bool`` or ``None`` cells."""

    columns: tuple[str, ...]
    rows: list[tuple]

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]


# ---------------------------------------------------------------- reading files

def _parse_header(path: Path, text: str) -> dict:
    lines = text.splitlines()
    if not lines or not lines[0].startswith("# # ") or not lines[0][4:].strip():
        raise QueryError(path, "the first line must be the title: '# # <Title>'", line=1)
    fields: dict[str, str] = {"title": lines[0][4:].strip()}
    key = None
    for lineno, line in enumerate(lines[1:], start=2):
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if not body:
            break
        m = re.match(r"^([A-Za-z]+):\s*(.*)$", body)
        if m and m.group(1).lower() in HEADER_KEYS:
            key = m.group(1).lower()
            if key in fields:
                raise QueryError(path, f"header field '{m.group(1)}' appears twice", line=lineno)
            fields[key] = m.group(2).strip()
        elif key and body:
            fields[key] = f"{fields[key]} {body}"
    missing = [k.capitalize() for k in REQUIRED_KEYS if not fields.get(k)]
    if missing:
        raise QueryError(path, f"header lacks {', '.join(missing)}: a query starts with '# # Title', "
                         "'# Question:', '# Columns:', '# Parameters:' and '# Example:' lines")
    return fields


def _split_parameters(path: Path, spec: str) -> dict[str, str]:
    if spec.strip().lower() in ("", "(none)", "none"):
        return {}
    parts, depth, current = [], 0, ""
    for ch in spec:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    params = {}
    for part in parts:
        m = PARAM_NAME.match(part.strip())
        if not m:
            raise QueryError(path, f"cannot read parameter {part.strip()!r}: use 'name (description)'")
        params[m.group(1)] = (m.group(2) or "").strip()
    return params


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _check_placeholders(path: Path, text: str, params: dict[str, str]) -> None:
    code = "\n".join(re.sub(r"(^|\s)#.*$", r"\1", ln) for ln in text.splitlines())
    found: dict[str, int] = {}
    for m in PLACEHOLDER.finditer(code):
        if m.group(1) in found:
            raise QueryError(path, f"parameter '{m.group(1)}' has two placeholders", line=_line_of(code, m.start()))
        found[m.group(1)] = m.start()
    for m in PARAM_VAR.finditer(code):
        if m.group(1) not in params:
            raise QueryError(path, f"?param_{m.group(1)} is not declared in the header's Parameters",
                             line=_line_of(code, m.start()))
    for name in params:
        if name not in found:
            raise QueryError(path, f"parameter '{name}' has no 'VALUES ?param_{name} {{ UNDEF }}' placeholder")


def _read(path: Path) -> QueryInfo:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(path, f"cannot read query: {exc}") from exc
    fields = _parse_header(path, text)
    columns = tuple(c.lstrip("?$") for c in fields["columns"].split())
    if not columns or any(not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", c) for c in columns):
        raise QueryError(path, f"Columns must list SPARQL variables: {fields['columns']!r}")
    return QueryInfo(
        name=path.stem, title=fields["title"], question=fields["question"], columns=columns,
        parameters=_split_parameters(path, fields.get("parameters", "")),
        example=fields["example"], path=path, text=text,
    )


def list_queries(queries_dir) -> list[QueryInfo]:
    """Every ``*.rq`` file in ``queries_dir`` with its header, sorted by name.

    Only the headers are read; :func:`load_query` also checks the SPARQL.
    """
    queries_dir = Path(queries_dir)
    if not queries_dir.is_dir():
        raise QueryError(queries_dir, "no queries folder here")
    return [_read(p) for p in sorted(queries_dir.glob("*.rq"), key=lambda p: p.stem)]


def load_query(name_or_path, queries_dir) -> QueryInfo:
    """Load a query by name (``officials``) or path, and check that its SPARQL parses.

    Raises :class:`QueryError` for an unknown name (listing the known ones), a
    malformed header, an undeclared parameter, or a syntax error (with its line).
    The query is parsed with rdflib's SPARQL grammar, not executed.
    """
    candidate = Path(name_or_path)
    if candidate.suffix == ".rq" or candidate.is_file():
        path = candidate
        if not path.is_file():
            raise QueryError(path, "no such query file")
    else:
        path = Path(queries_dir) / f"{name_or_path}.rq"
        if not path.is_file():
            known = ", ".join(q.name for q in list_queries(queries_dir)) or "(none)"
            raise QueryError(queries_dir, f"unknown query {str(name_or_path)!r}; known queries: {known}")
    info = _read(path)
    try:
        parseQuery(info.text)
    except ParseException as exc:
        raise QueryError(path, f"SPARQL syntax error: {exc.msg} (column {exc.col})", line=exc.lineno) from exc
    _check_placeholders(path, info.text, info.parameters)
    return info


# ---------------------------------------------------------------- running

def _term(value: str):
    """An http(s) IRI that pyoxigraph accepts becomes a NamedNode, anything else a Literal."""
    if re.match(r"^https?://", value):
        try:
            return ox.NamedNode(value)
        except ValueError:
            pass
    return ox.Literal(value)


def bind_parameters(text: str, declared, params: dict[str, str], path=None) -> str:
    """The SPARQL text with each given parameter's ``UNDEF`` replaced by a safe term."""
    unknown = sorted(set(params) - set(declared))
    if unknown:
        allowed = ", ".join(sorted(declared)) or "none"
        raise QueryError(path, f"unknown parameter {', '.join(unknown)}; this query takes: {allowed}")

    def substitute(m: re.Match) -> str:
        name = m.group(1)
        if name not in params:
            return m.group(0)
        if not isinstance(params[name], str):
            raise QueryError(path, f"parameter {name} must be a string")
        return f"VALUES ?param_{name} {{ {_term(params[name])} }}"

    return PLACEHOLDER.sub(substitute, text)


_XSD_STRING = ox.NamedNode(XSD + "string")
_LANG_STRING = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")


def _value(term):
    """A cell of a result as a Python value: numbers and booleans typed, the rest as text."""
    kind = type(term)
    if kind is ox.Literal:
        dtype = term.datatype
        if dtype == _XSD_STRING or dtype == _LANG_STRING:  # the common case first: most cells are text
            return term.value
        dtype = dtype.value
        try:
            if dtype in INTEGER_TYPES:
                return int(term.value)
            if dtype in FLOAT_TYPES:
                return float(term.value)
            if dtype == XSD + "boolean":
                return term.value in ("true", "1")
        except ValueError:
            return term.value
        return term.value
    if kind is ox.NamedNode:
        return term.value
    if term is None:
        return None
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    return str(term)


def run_query(store: ox.Store, query, params: dict[str, str] | None = None) -> QueryResult:
    """Run a SELECT query (a :class:`QueryInfo` or SPARQL text) over the union of graphs.

    ``params`` maps parameter names to strings; see the module docstring for how
    they are bound. For a QueryInfo the result columns must equal its header's.
    """
    params = dict(params or {})
    if isinstance(query, QueryInfo):
        text, declared, path = query.text, query.parameters, query.path
    else:
        text, path = str(query), None
        declared = {m.group(1): "" for m in PLACEHOLDER.finditer(text)}
    bound = bind_parameters(text, declared, params, path)
    try:
        solutions = store.query(bound, use_default_graph_as_union=True)
    except SyntaxError as exc:
        m = ERROR_AT.search(str(exc))
        raise QueryError(path, f"SPARQL syntax error: {exc}", line=int(m.group(1)) if m else None) from exc
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(path, "only SELECT queries can be named queries")
    variables = list(solutions.variables)
    columns = tuple(v.value for v in variables)
    try:
        rows = [tuple(map(_value, s)) for s in solutions]  # a solution iterates in variable order
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(path, f"query failed: {exc}") from exc
    if isinstance(query, QueryInfo) and columns != query.columns:
        raise QueryError(path, f"returns columns {' '.join(columns)} but its header says {' '.join(query.columns)}")
    return QueryResult(columns=columns, rows=rows)


def load_store(path) -> ox.Store:
    """An in-memory pyoxigraph Store bulk-loaded from an N-Quads (or TriG, ...) file."""
    path = Path(path)
    if not path.is_file():
        raise QueryError(path, "no such graph file (run `kg build` first)")
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.N_QUADS
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(path, f"cannot load graph: {exc}") from exc
    return store


# ---------------------------------------------------------------- rendering

def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a result as ``table`` (aligned plain text), ``csv`` or ``json``.

    >>> r = QueryResult(("state", "acts"), [("Uzbekistan", 3), ("Kyrgyzstan", None)])
    >>> print(format_result(r, "csv"), end="")
    state,acts
    Uzbekistan,3
    Kyrgyzstan,
    """
    if fmt == "json":
        return json.dumps(result.as_dicts(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
        return out.getvalue()
    if fmt == "table":
        cells = [list(result.columns)] + [
            [" ".join(_cell(v).split()) for v in row] for row in result.rows
        ]
        widths = [max(len(r[i]) for r in cells) for i in range(len(result.columns))]
        lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
        lines.insert(1, "  ".join("-" * w for w in widths))
        return "\n".join(lines) + "\n"
    raise QueryError(None, f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
