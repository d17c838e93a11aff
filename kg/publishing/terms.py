"""RDF terms as their N-Triples text, the one form the site builder holds them in.

A term is the string N-Triples writes for it (https://www.w3.org/TR/n-triples/, section
2.3): ``<iri>``, ``_:label`` or ``"lexical"`` with ``@lang`` or ``^^<datatype>``, which is
also what ``str()`` of a pyoxigraph term gives. Plain strings hash once and compare
fast, a repeated term is one shared object, and a triple's N-Triples line is the three
terms joined, so no document is serialised twice. Turtle still goes through pyoxigraph.

>>> t = literal("say \\"hi\\"\\n", lang="en")
>>> t, value(t), language(t)
('"say \\\\"hi\\\\"\\\\n"@en', 'say "hi"\\n', 'en')
>>> value(iri_term("https://example.org/kg/id/x"))
'https://example.org/kg/id/x'
"""

from __future__ import annotations

import re

from kg.namespaces import XSD

# A literal's parts: lexical form (escaped), language tag, datatype IRI.
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?', re.S)
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))', re.S)
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
# What N-Triples must escape inside a string literal (section 2.3: STRING_LITERAL_QUOTE).
_NEEDS_ESCAPE = re.compile(r'["\\\n\r\t\b\f\x00-\x1f\x7f]')
XSD_STRING = XSD + "string"


def _unescape(match: re.Match) -> str:
    if match.group(3) is not None:
        return _ECHARS.get(match.group(3), match.group(3))
    return chr(int(match.group(1) or match.group(2), 16))


def _escape(text: str) -> str:
    def one(m: re.Match) -> str:
        c = m.group(0)
        return {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
                "\f": "\\f"}.get(c) or f"\\u{ord(c):04X}"
    return _NEEDS_ESCAPE.sub(one, text)


def is_iri(term: str) -> bool:
    return term[:1] == "<"


def is_literal(term: str) -> bool:
    return term[:1] == '"'


def iri_term(iri: str) -> str:
    return f"<{iri}>"


def literal(text: str, datatype: str | None = None, lang: str | None = None) -> str:
    """The N-Triples form of a literal (``xsd:string`` is left implicit, as N-Triples canonical form does)."""
    body = f'"{_escape(text)}"'
    if lang:
        return f"{body}@{lang.lower()}"  # as pyoxigraph writes tags
    return body if datatype in (None, XSD_STRING) else f"{body}^^<{datatype}>"


def parts(term: str) -> tuple[str, str | None, str | None]:
    """``(lexical value, language, datatype IRI)`` of a literal term, unescaped."""
    if "\\" not in term and term[:1] == '"':
        # Without escapes the lexical form holds no quote: the last one closes it.
        end = term.rfind('"')
        rest = term[end + 1:]
        if end > 0 and (not rest or rest[0] == "@" or rest[:3] == "^^<"):
            if not rest:
                return term[1:end], None, XSD_STRING
            return (term[1:end], rest[1:], None) if rest[0] == "@" else (term[1:end], None, rest[3:-1])
    m = _LITERAL.fullmatch(term)
    if m is None:
        raise ValueError(f"not an N-Triples literal: {term!r}")
    text = m.group(1)
    if "\\" in text:
        text = _ESCAPE.sub(_unescape, text)
    return text, m.group(2), m.group(3) or (None if m.group(2) else XSD_STRING)


def value(term: str) -> str:
    """What pyoxigraph's ``.value`` gives: the IRI, the blank node's label or the literal's text."""
    if term[:1] == "<":
        return term[1:-1]
    if term[:2] == "_:":
        return term[2:]
    return parts(term)[0]


def language(term: str) -> str | None:
    return parts(term)[1] if term[:1] == '"' else None


def datatype(term: str) -> str | None:
    return parts(term)[2] if term[:1] == '"' else None


def split_nquad(line: str) -> tuple[str, str, str, str]:
    """A line of N-Quads as ``(subject, predicate, object, graph)``; graph is ``""`` for the default graph.

    Subjects, predicates and graph names hold no spaces; only the object (a literal) may.

    >>> split_nquad('<s> <p> "a b" <g> .')
    ('<s>', '<p>', '"a b"', '<g>')
    """
    s, p, rest = line.rstrip("\r\n").split(" ", 2)
    rest = rest[:-2] if rest.endswith(" .") else rest.rstrip(" .")
    if rest[:1] == '"':
        end = _LITERAL.match(rest).end()
        return s, p, rest[:end], rest[end + 1:]
    o, _, g = rest.partition(" ")
    return s, p, o, g


def rebase_term(term: str, old: str, new: str) -> str:
    """``term`` with an IRI under ``old`` moved under ``new`` (literals and blank nodes unchanged)."""
    if term[:1] == "<" and term.startswith(old, 1):
        return "<" + new + term[1 + len(old):]
    return term


__all__ = ["datatype", "is_iri", "is_literal", "iri_term", "language", "literal", "parts", "rebase_term",
           "split_nquad", "value"]
