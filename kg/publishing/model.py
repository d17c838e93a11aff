"""The built graph as the site sees it: rebased IRIs, documents, labels and evidence.

Every IRI under ``https://example.org/kg/`` is rewritten to the publishing base, term by
term (never by text replacement in serialized RDF). A resource under the base whose IRI
has no fragment is a *document* of the site: ``<base>id/official/x`` is published at
``id/official/x.html`` (and ``.ttl``, ``.jsonld``, ``.nt``), so that the IRI path is the
file path and ``kg serve`` can map one to the other. Hash IRIs (``ontology#Official``)
point into their document (``ontology.html#Official``).
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import DCTERMS, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

DATA_BASE = "https://example.org/kg/"
SAFE_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%-]+(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*$")
SPECIAL_DOCUMENTS = ("ontology", "dataset")  # documents written by their own page builders
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
TYPE = ox.NamedNode(RDF + "type")
EVENT_CLASSES = ("Incident", "Note", "CommunicativeAct", "Meeting", "Law")


class PublishError(KgError):
    """The site cannot be published, served or pushed as asked."""


def check_base(base_iri: str) -> str:
    """``base_iri`` as an absolute http(s) IRI ending in ``/``.

    >>> check_base("https://data.example.net/kg")
    'https://data.example.net/kg/'
    """
    parts = urlsplit(base_iri)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise PublishError(None, f"--base-iri {base_iri!r} is not an absolute http(s) IRI without query or fragment")
    return base_iri if base_iri.endswith("/") else base_iri + "/"


def prefixes_for(base: str) -> dict[str, str]:
    """The project's prefixes with its own namespaces moved under ``base``."""
    return {name: (base + iri[len(DATA_BASE):] if iri.startswith(DATA_BASE) else iri)
            for name, iri in PREFIXES.items()}


def rebase(term, base: str):
    """``term`` with the project's namespace ``https://example.org/kg/`` moved to ``base``.

    >>> rebase(ox.NamedNode("https://example.org/kg/id/state/russia"), "https://data.example.net/")
    <NamedNode value=https://data.example.net/id/state/russia>
    """
    if isinstance(term, ox.NamedNode) and term.value.startswith(DATA_BASE) and base != DATA_BASE:
        return ox.NamedNode(base + term.value[len(DATA_BASE):])
    return term


def format_date(value: str) -> str:
    """An ISO date, year-month or year in words.

    >>> format_date("2025-03-06"), format_date("2025-03"), format_date("2025")
    ('6 March 2025', 'March 2025', '2025')
    """
    parts = value.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return value


@dataclass(frozen=True)
class Evidence:
    """One kg:Evidence node: a fact as one article states it."""

    iri: ox.NamedNode
    subject: ox.NamedNode
    predicate: ox.NamedNode
    object: object
    quote: str
    article: ox.NamedNode | None
    rule: str
    curated: bool
    note: str
    modality: ox.NamedNode | None
    inferred: str
    start: int
    version: str = ""


class SiteGraph:
    """The quads of a build, rebased, with the indexes the pages need."""

    def __init__(self, quads, base: str = DATA_BASE):
        self.base = check_base(base)
        self.prefixes = prefixes_for(self.base)
        self.ns = {k: self.prefixes[k] for k in ("kg", "kgc", "kgr", "kgg")}
        rebased = {ox.Quad(self.rebase(q.subject), q.predicate if not isinstance(q.predicate, ox.NamedNode)
                           else self.rebase(q.predicate), self.rebase(q.object), self.rebase(q.graph_name))
                   for q in quads}
        self.quads = sorted(rebased, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads}
        self.triples = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        self.graphs = sorted({q.graph_name for q in self.quads if isinstance(q.graph_name, ox.NamedNode)},
                             key=str)
        self.out: dict = defaultdict(list)
        self.inc: dict = defaultdict(list)
        for t in self.triples:
            self.out[t.subject].append((t.predicate, t.object))
            self.inc[t.object].append((t.subject, t.predicate))
        self.types = {s: sorted((o for p, o in po if p == TYPE), key=str) for s, po in self.out.items()}
        self.evidence = self._index_evidence()
        self.evidence_by_iri = {e.iri: e for evs in self.evidence.values() for e in evs}
        self.by_article: dict = defaultdict(list)
        for e in sorted(self.evidence_by_iri.values(), key=lambda e: (e.start, e.iri.value)):
            self.by_article[e.article].append(e)
        self.documents = self._documents()

    @classmethod
    def from_build(cls, out_dir: Path, base: str = DATA_BASE) -> "SiteGraph":
        from kg.stats import open_store

        return cls(open_store(out_dir), base)

    # ------------------------------------------------------------------ terms and IRIs

    def rebase(self, term):
        return rebase(term, self.base)

    def kg(self, local: str) -> ox.NamedNode:
        return ox.NamedNode(self.ns["kg"] + local)

    def local_class(self, node) -> str | None:
        """The kg class of ``node`` (its local name), the first in sort order."""
        for t in self.types.get(node, ()):
            if t.value.startswith(self.ns["kg"]):
                return t.value[len(self.ns["kg"]):]
        return None

    def values(self, node, predicate: str) -> list:
        """The objects of ``node`` for a predicate IRI, sorted."""
        return sorted((o for p, o in self.out.get(node, ()) if p.value == predicate), key=str)

    def value(self, node, predicate: str, default=None):
        found = self.values(node, predicate)
        return found[0] if found else default

    def compact(self, iri: str) -> str:
        """``kg:Official`` for the IRI of a known namespace, else the IRI."""
        best = max(((n, ns) for n, ns in self.prefixes.items() if iri.startswith(ns)), key=lambda x: len(x[1]),
                   default=None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else iri

    # ------------------------------------------------------------------ documents and links

    def _documents(self) -> dict[ox.NamedNode, str]:
        """Every IRI with its own page: subjects under the base, and the named graphs."""
        docs = {}
        for node in [*self.out, *self.graphs]:
            if isinstance(node, ox.NamedNode) and node.value.startswith(self.base):
                rest = node.value[len(self.base):]
                if "#" in rest or "?" in rest or rest in SPECIAL_DOCUMENTS or not SAFE_PATH.match(rest):
                    continue
                segments = unquote(rest).split("/")
                if any(s in ("", ".", "..") or "\\" in s or "\0" in s for s in segments):
                    continue
                docs[node] = unquote(rest)
        return dict(sorted(docs.items(), key=lambda kv: kv[1]))

    def target(self, node) -> str | None:
        """The site path (with extension and fragment) where ``node`` is described, or None."""
        if not isinstance(node, ox.NamedNode):
            return None
        if node in self.documents:
            return self.documents[node] + ".html"
        if node.value.startswith(self.base):
            doc, _, fragment = node.value[len(self.base):].partition("#")
            if doc in SPECIAL_DOCUMENTS:
                return f"{doc}.html" + (f"#{fragment}" if fragment else "")
        return None

    @staticmethod
    def relative(target: str, from_page: str) -> str:
        """The relative href from the page ``from_page`` to the site path ``target``.

        >>> SiteGraph.relative("id/state/russia.html", "id/official/x.html")
        '../state/russia.html'
        """
        path, _, fragment = target.partition("#")
        rel = posixpath.relpath(path, posixpath.dirname(from_page) or ".")
        return quote(rel) + (f"#{fragment}" if fragment else "")

    def href(self, node, from_page: str) -> str | None:
        target = self.target(node)
        return self.relative(target, from_page) if target else None

    # ------------------------------------------------------------------ labels

    def label(self, term) -> str:
        """What a reader sees for ``term``: its label, a date in words, or a short IRI."""
        if isinstance(term, ox.Literal):
            dt = term.datatype.value if term.datatype else ""
            if dt in (XSD + "date", XSD + "gYearMonth", XSD + "gYear"):
                return format_date(term.value)
            if dt == XSD + "boolean":
                return "yes" if term.value in ("true", "1") else "no"
            return term.value
        if isinstance(term, ox.NamedNode):
            for predicate in (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title"):
                found = self.values(term, predicate)
                if found:
                    english = [f for f in found if getattr(f, "language", None) in (None, "en")]
                    return (english or found)[0].value
            return self.compact(term.value)
        return str(term)

    def link(self, term, from_page: str) -> dict:
        """A term as the templates show it: text, href (relative or external) and IRI."""
        if isinstance(term, ox.NamedNode):
            href = self.href(term, from_page)
            external = None
            if href is None and not term.value.startswith(self.base) and term.value.startswith(("http://", "https://")):
                external = term.value
            return {"text": self.label(term), "href": href, "external": external, "iri": term.value,
                    "cls": self.local_class(term)}
        if isinstance(term, ox.Literal) and term.datatype and term.datatype.value == XSD + "anyURI":
            return {"text": term.value, "href": None, "external": term.value, "iri": None, "cls": None}
        return {"text": self.label(term), "href": None, "external": None, "iri": None, "cls": None}

    # ------------------------------------------------------------------ evidence

    def _index_evidence(self) -> dict[tuple, list[Evidence]]:
        index: dict[tuple, list[Evidence]] = defaultdict(list)
        kg = self.ns["kg"]
        for node in sorted(self.instances("Evidence"), key=str):
            one = {p.value: o for p, o in self.out[node]}
            s, p, o = one.get(RDF + "subject"), one.get(RDF + "predicate"), one.get(RDF + "object")
            if s is None or p is None or o is None:
                continue
            start = one.get(kg + "start")
            ev = Evidence(
                iri=node, subject=s, predicate=p, object=o,
                quote=one[kg + "quote"].value if kg + "quote" in one else "",
                article=one.get(PROV + "wasDerivedFrom"),
                rule=one[kg + "rule"].value if kg + "rule" in one else "",
                curated=kg + "curated" in one and one[kg + "curated"].value in ("true", "1"),
                note=one[kg + "curationNote"].value if kg + "curationNote" in one else "",
                modality=one.get(kg + "modality"),
                inferred=one[kg + "inferred"].value if kg + "inferred" in one else "",
                start=int(start.value) if start is not None else 0,
                version=one[kg + "extractorVersion"].value if kg + "extractorVersion" in one else "")
            index[(s, p, o)].append(ev)
        for key in index:
            index[key].sort(key=lambda e: (self.label(e.article) if e.article else "", e.start, e.iri.value))
        return dict(index)

    def evidence_for(self, s, p, o) -> list[Evidence]:
        return self.evidence.get((s, p, o), [])

    def sources_of(self, s, p, o) -> int:
        """How many distinct articles state the fact."""
        return len({e.article for e in self.evidence_for(s, p, o)})

    def instances(self, local_class: str) -> list:
        cls = self.kg(local_class)
        return sorted((s for s, p in self.inc.get(cls, ()) if p == TYPE), key=str)

    def is_evidence(self, node) -> bool:
        return self.kg("Evidence") in self.types.get(node, ())

    def article(self, node) -> dict:
        """The fields of an article a quote is cited with."""
        return {"node": node, "title": self.label(node),
                "publisher": (self.value(node, self.ns["kg"] + "publisher") or ox.Literal("")).value,
                "issued": self.label(self.value(node, DCTERMS + "issued")) if self.value(node, DCTERMS + "issued") else "",
                "url": (self.value(node, SCHEMA + "url") or ox.Literal("")).value}

    def graph_counts(self) -> dict[ox.NamedNode, int]:
        counts: dict = defaultdict(int)
        for q in self.quads:
            counts[q.graph_name] += 1
        return dict(counts)


__all__ = ["DATA_BASE", "Evidence", "PublishError", "SiteGraph", "check_base", "format_date", "prefixes_for", "rebase"]
