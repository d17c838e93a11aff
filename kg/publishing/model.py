"""The built graph as the site sees it: rebased IRIs, documents, labels and evidence.

Every IRI under ``https://example.org/kg/`` is rewritten to the publishing base, term by
term (never by text replacement in serialized RDF). A resource under the base whose IRI
has no fragment is a *document* of the site: ``<base>id/official/x`` is published at
``id/official/x.html`` (and ``.ttl``, ``.jsonld``, ``.nt``), so that the IRI path is the
file path and ``kg serve`` can map one to the other. Hash IRIs (``ontology#Official``)
point into their document (``ontology.html#Official``).

Terms are N-Triples strings (:mod:`kg.publishing.terms`) and each triple is one tuple
``(s, p, o)`` shared by every index that holds it, so that the graph of 10,000 articles
fits in a few hundred MB and forked page writers can share it.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import DCTERMS, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from kg.publishing.terms import parts, rebase_term, split_nquad, value

DATA_BASE = "https://example.org/kg/"
SAFE_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%-]+(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)*$")
UNQUOTED = re.compile(r"^[A-Za-z0-9_.~/-]*$")  # what urllib's quote() leaves as it is
SPECIAL_DOCUMENTS = ("ontology", "dataset")  # documents written by their own page builders
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
TYPE = f"<{RDF}type>"
LABEL_PREDICATES = tuple(f"<{p}>" for p in (RDFS + "label", SKOS + "prefLabel", DCTERMS + "title"))
DATES = {XSD + "date", XSD + "gYearMonth", XSD + "gYear"}


class PublishError(KgError):
    """The site cannot be published, served or pushed as asked."""


def check_base(base_iri: str) -> str:
    """``base_iri`` as an absolute http(s) IRI ending in ``/``.

    >>> check_base("https://data.example.net/kg")
    'https://data.example.net/kg/'
    """
    parts_ = urlsplit(base_iri)
    if parts_.scheme not in ("http", "https") or not parts_.netloc or parts_.query or parts_.fragment:
        raise PublishError(None, f"--base-iri {base_iri!r} is not an absolute http(s) IRI without query or fragment")
    return base_iri if base_iri.endswith("/") else base_iri + "/"


def prefixes_for(base: str) -> dict[str, str]:
    """The project's prefixes with its own namespaces moved under ``base``."""
    return {name: (base + iri[len(DATA_BASE):] if iri.startswith(DATA_BASE) else iri)
            for name, iri in PREFIXES.items()}


def rebase(term, base: str):
    """``term`` (a pyoxigraph term) with the project's namespace moved to ``base``.

    >>> rebase(ox.NamedNode("https://example.org/kg/id/state/russia"), "https://data.example.net/")
    <NamedNode value=https://data.example.net/id/state/russia>
    """
    if isinstance(term, ox.NamedNode) and term.value.startswith(DATA_BASE) and base != DATA_BASE:
        return ox.NamedNode(base + term.value[len(DATA_BASE):])
    return term


def format_date(text: str) -> str:
    """An ISO date, year-month or year in words.

    >>> format_date("2025-03-06"), format_date("2025-03"), format_date("2025")
    ('6 March 2025', 'March 2025', '2025')
    """
    pieces = text.split("-")
    try:
        if len(pieces) == 3:
            return f"{int(pieces[2])} {MONTHS[int(pieces[1]) - 1]} {pieces[0]}"
        if len(pieces) == 2:
            return f"{MONTHS[int(pieces[1]) - 1]} {pieces[0]}"
    except (ValueError, IndexError):
        pass
    return text


def read_quads(out_dir: Path):
    """The quads of a build as N-Triples strings, read from ``graph.nq`` (what its store was loaded from)."""
    path = Path(out_dir) / "graph.nq"
    if not (Path(out_dir) / "store").is_dir() or not path.is_file():
        raise PublishError(Path(out_dir) / "store", "no built graph here: run `kg build` first")

    def quads():
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip() and not line.startswith("#"):
                    yield split_nquad(line)

    return quads()


class Evidence:
    """One kg:Evidence node: a fact as one article states it (literal fields as N-Triples terms)."""

    __slots__ = ("iri", "subject", "predicate", "object", "quote", "article", "rule", "curated", "note",
                 "modality", "inferred", "start", "version")

    def __init__(self, iri: str, fields: dict[str, str], kg: str):
        self.iri = iri
        self.subject, self.predicate, self.object = (fields[f"<{RDF}{k}>"] for k in ("subject", "predicate", "object"))
        self.article = fields.get(f"<{PROV}wasDerivedFrom>")
        self.modality = fields.get(f"<{kg}modality>")
        self.quote, self.rule, self.note, self.inferred, self.version = (
            fields.get(f"<{kg}{k}>") for k in ("quote", "rule", "curationNote", "inferred", "extractorVersion"))
        curated, start = fields.get(f"<{kg}curated>"), fields.get(f"<{kg}start>")
        self.curated = curated is not None and value(curated) in ("true", "1")
        self.start = int(value(start)) if start is not None else 0

    def text(self, field: str) -> str:
        term = getattr(self, field)
        return value(term) if term is not None else ""


class SiteGraph:
    """The quads of a build, rebased, with the indexes the pages need.

    ``out[s]`` and ``inc[o]`` hold triples ``(s, p, o)`` sorted; ``inc`` leaves out
    literals and the evidence nodes' own statements (no page lists those as incoming).
    ``graph_triples[g]`` holds each named graph's triples, unsorted.
    """

    def __init__(self, quads, base: str = DATA_BASE):
        self.base = check_base(base)
        self.prefixes = prefixes_for(self.base)
        self.ns = {k: self.prefixes[k] for k in ("kg", "kgc", "kgr", "kgg")}
        triples = self._load(quads)
        self.triples = len(triples)
        self.graphs = sorted(g for g in self.graph_triples if g.startswith("<"))
        # N-Quads order: pyoxigraph's str() of the default graph is "DEFAULT", after every "<iri>"
        self.graph_order = self.graphs + [g for g in self.graph_triples if not g.startswith("<")]
        self.graph_counts = {g: len(ts) for g, ts in self.graph_triples.items()}
        self.out: dict[str, list] = defaultdict(list)
        for t in triples:
            self.out[t[0]].append(t)
        del triples
        for ts in self.out.values():
            ts.sort()
        self.subjects = sorted(self.out)
        self.predicates = len({t[1] for ts in self.out.values() for t in ts})
        self.typed: dict[str, list] = defaultdict(list)  # class -> instances, sorted
        for s in self.subjects:
            for t in self.out[s]:
                if t[1] == TYPE:
                    self.typed[t[2]].append(s)
        evidence = self.evidence_nodes = set(self.typed.get(self.kg("Evidence"), ()))
        self.inc: dict[str, list] = defaultdict(list)
        for s in self.subjects:
            if s not in evidence:
                for t in self.out[s]:
                    if t[2][:1] != '"':
                        self.inc[t[2]].append(t)
        for ts in self.inc.values():
            ts.sort()
        self._labels: dict[str, str] = {}
        self._relative: dict[tuple, str] = {}
        self._articles: dict[str, dict] = {}
        self.evidence = self._index_evidence(sorted(evidence))
        self.evidence_by_iri = {e.iri: e for evs in self.evidence.values() for e in evs}
        self.by_article: dict = defaultdict(list)
        for e in sorted(self.evidence_by_iri.values(), key=lambda e: (e.start, value(e.iri))):
            self.by_article[e.article].append(e)
        self.documents = self._documents()

    def _load(self, quads) -> dict[tuple, tuple]:
        """Read the quads: one string per distinct term, one tuple per distinct triple; return the triples.

        Written out flat, since it runs once per quad (2.7 million at 10,000 articles).
        """
        known: dict[str, str] = {}
        get = known.get
        triples: dict[tuple, tuple] = {}
        unique = triples.setdefault
        self.graph_triples = graphs = {}
        base, last, members, n = self.base, None, None, 0
        for s, p, o, g in quads:
            s = get(s) or known.setdefault(s, rebase_term(s, DATA_BASE, base))
            p = get(p) or known.setdefault(p, rebase_term(p, DATA_BASE, base))
            o = get(o) or known.setdefault(o, rebase_term(o, DATA_BASE, base))
            if g != last:  # graph.nq holds each graph's quads together
                last = g
                g = get(g) or known.setdefault(g, rebase_term(g, DATA_BASE, base))
                members = graphs.setdefault(g, [])
            t = (s, p, o)
            members.append(unique(t, t))
            n += 1
        self.quads = n
        return triples

    @classmethod
    def from_build(cls, out_dir: Path, base: str = DATA_BASE) -> "SiteGraph":
        check_base(base)
        return cls(read_quads(out_dir), base)

    # ------------------------------------------------------------------ terms and IRIs

    def kg(self, local: str) -> str:
        return f"<{self.ns['kg']}{local}>"

    def types(self, node: str) -> list[str]:
        return [t[2] for t in self.out.get(node, ()) if t[1] == TYPE]

    def local_class(self, node: str) -> str | None:
        """The kg class of ``node`` (its local name), the first in sort order."""
        prefix = "<" + self.ns["kg"]
        for t in self.out.get(node, ()):
            if t[1] == TYPE and t[2].startswith(prefix):
                return t[2][len(prefix):-1]
        return None

    def values(self, node: str, predicate: str) -> list[str]:
        """The objects of ``node`` for a predicate IRI, sorted."""
        p = f"<{predicate}>"
        return [t[2] for t in self.out.get(node, ()) if t[1] == p]

    def value(self, node: str, predicate: str, default=None):
        found = self.values(node, predicate)
        return found[0] if found else default

    def compact(self, iri: str) -> str:
        """``kg:Official`` for the IRI of a known namespace, else the IRI."""
        best = max(((n, ns) for n, ns in self.prefixes.items() if iri.startswith(ns)), key=lambda x: len(x[1]),
                   default=None)
        return f"{best[0]}:{iri[len(best[1]):]}" if best else iri

    # ------------------------------------------------------------------ documents and links

    def _documents(self) -> dict[str, str]:
        """Every IRI with its own page: subjects under the base, and the named graphs."""
        docs, stems = {}, {}
        start = "<" + self.base
        for node in [*self.subjects, *self.graphs]:
            if node.startswith(start) and node not in docs:
                rest = node[len(start):-1]
                if "#" in rest or "?" in rest or rest in SPECIAL_DOCUMENTS or not SAFE_PATH.match(rest):
                    continue
                segments = unquote(rest).split("/")
                if any(s in ("", ".", "..") or "\\" in s or "\0" in s for s in segments):
                    continue
                stem = unquote(rest)
                if stem in stems:
                    raise PublishError(stem, f"two resources map to the same file: {stems[stem]} and {node}")
                docs[node], stems[stem] = stem, node
        return dict(sorted(docs.items(), key=lambda kv: kv[1]))

    def target(self, node: str) -> str | None:
        """The site path (with extension and fragment) where ``node`` is described, or None."""
        stem = self.documents.get(node)
        if stem is not None:
            return stem + ".html"
        if node.startswith("<" + self.base):
            doc, _, fragment = node[len(self.base) + 1:-1].partition("#")
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

    def href_to(self, target: str, from_page: str) -> str:
        """:meth:`relative`, remembering the way from each folder to each folder (pages share few)."""
        path, _, fragment = target.partition("#")
        folder, _, name = path.rpartition("/")
        key = (folder, from_page.rpartition("/")[0])
        way = self._relative.get(key)
        if way is None:
            way = self.relative(f"{folder}/x" if folder else "x", from_page)[:-1]
            self._relative[key] = way
        rel = way + (name if UNQUOTED.match(name) else quote(name))
        return rel + (f"#{fragment}" if fragment else "")

    def href(self, node: str, from_page: str) -> str | None:
        target = self.target(node)
        return self.href_to(target, from_page) if target else None

    # ------------------------------------------------------------------ labels

    def label(self, term: str) -> str:
        """What a reader sees for ``term``: its label, a date in words, or a short IRI."""
        if term[:1] == '"':
            text, _, dt = parts(term)
            if dt in DATES:
                return format_date(text)
            if dt == XSD + "boolean":
                return "yes" if text in ("true", "1") else "no"
            return text
        found = self._labels.get(term)
        if found is None:
            found = self._labels[term] = self._label(term)
        return found

    def _label(self, term: str) -> str:
        if term[:1] != "<":
            return term
        ts = self.out.get(term, ())
        for predicate in LABEL_PREDICATES:
            found = [t[2] for t in ts if t[1] == predicate]
            if found:
                english = [f for f in found if f[:1] != '"' or parts(f)[1] in (None, "en")]
                return value((english or found)[0])
        return self.compact(term[1:-1])

    def link(self, term: str, from_page: str) -> dict:
        """A term as the templates show it: text, href (relative or external) and IRI."""
        if term[:1] == "<":
            href = self.href(term, from_page)
            iri = term[1:-1]
            external = None
            if href is None and not iri.startswith(self.base) and iri.startswith(("http://", "https://")):
                external = iri
            return {"text": self.label(term), "href": href, "external": external, "iri": iri,
                    "cls": self.local_class(term)}
        if term[:1] == '"' and term.endswith(f"^^<{XSD}anyURI>"):
            return {"text": value(term), "href": None, "external": value(term), "iri": None, "cls": None}
        return {"text": self.label(term), "href": None, "external": None, "iri": None, "cls": None}

    # ------------------------------------------------------------------ evidence

    def _index_evidence(self, nodes: list[str]) -> dict[tuple, list[Evidence]]:
        index: dict[tuple, list[Evidence]] = defaultdict(list)
        needed = tuple(f"<{RDF}{k}>" for k in ("subject", "predicate", "object"))
        for node in nodes:
            fields = {p: o for _, p, o in self.out[node]}  # the last in sort order wins a repeated field
            if any(k not in fields for k in needed):
                continue
            ev = Evidence(node, fields, self.ns["kg"])
            index[(ev.subject, ev.predicate, ev.object)].append(ev)
        for evs in index.values():
            evs.sort(key=lambda e: (self.label(e.article) if e.article else "", e.start, value(e.iri)))
        return dict(index)

    def evidence_for(self, s: str, p: str, o: str) -> list[Evidence]:
        return self.evidence.get((s, p, o), [])

    def sources_of(self, s: str, p: str, o: str) -> int:
        """How many distinct articles state the fact."""
        return len({e.article for e in self.evidence_for(s, p, o)})

    def instances(self, local_class: str) -> list[str]:
        return self.typed.get(self.kg(local_class), [])

    def is_evidence(self, node: str) -> bool:
        return node in self.evidence_nodes

    def article(self, node: str) -> dict:
        """The fields of an article a quote is cited with (the same dict each time: do not change it)."""
        found = self._articles.get(node)
        if found is None:
            issued = self.value(node, DCTERMS + "issued")
            found = self._articles[node] = {
                "node": node, "title": self.label(node),
                "publisher": value(self.value(node, self.ns["kg"] + "publisher", '""')),
                "issued": self.label(issued) if issued else "",
                "url": value(self.value(node, SCHEMA + "url", '""'))}
        return found


__all__ = ["DATA_BASE", "Evidence", "PublishError", "SiteGraph", "check_base", "format_date", "prefixes_for",
           "read_quads", "rebase"]
