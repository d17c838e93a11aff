"""The compressed dumps of the whole graph, written in pieces as the workers make them.

- ``dumps/kg.nq.gz`` and ``kg.trig.gz``: one named graph per source, graphs in IRI order
  and each graph's triples sorted, so they are the graphs' pieces one after another;
- ``dumps/kg.ttl.gz``: the merged graph, subjects in order, in pieces of whole subjects
  (pyoxigraph's Turtle of a run of subjects is the same bytes alone or in a longer run);
- ``dumps/kg.jsonld.gz``: the merged graph, compact, node objects in the order of their
  ``@id``, indented as one ``json.dumps`` of the whole document would be.

A piece is made by a worker and numbered; the parent writes the pieces of each dump in
number order into a gzip stream (mtime 0, no name), so no dump is ever held whole.
"""

from __future__ import annotations

from kg.publishing.rdfdocs import Compactor, jsonld_head, jsonld_tail, trig_header, turtle_header
from kg.publishing.writer import GzipDump, SiteWriter

FORMATS = [("ttl", "Turtle, merged graph", "text/turtle", "triples"),
           ("trig", "TriG, one named graph per source", "application/trig", "quads"),
           ("nq", "N-Quads, one named graph per source", "application/n-quads", "quads"),
           ("jsonld", "JSON-LD, merged graph", "application/ld+json", "triples")]
PIECE = 20_000  # statements in a piece: big enough to amortise a task, small enough to bound memory


def pieces(sizes: list[int], budget: int = PIECE) -> list[tuple[int, int]]:
    """``(start, end)`` runs of ``sizes`` holding about ``budget`` in total each.

    >>> pieces([5, 5, 5, 20, 1], 10)
    [(0, 2), (2, 4), (4, 5)]
    """
    runs, start, total = [], 0, 0
    for i, n in enumerate(sizes):
        total += n
        if total >= budget:
            runs.append((start, i + 1))
            start, total = i + 1, 0
    if start < len(sizes):
        runs.append((start, len(sizes)))
    return runs


def jsonld_groups(g, compact: Compactor) -> list[tuple[str, list[str]]]:
    """The subjects grouped by the ``@id`` they compact to, in ``@id`` order (one node object each)."""
    groups: dict[str, list[str]] = {}
    for s in g.subjects:
        groups.setdefault(compact.node(s), []).append(s)
    return sorted(groups.items())


class Dumps:
    """The four gzip dumps being written: pieces arrive in any order and go out in number order."""

    def __init__(self, g, writer: SiteWriter, pieces_per_format: dict[str, int]):
        self.g = g
        self.files: dict[str, GzipDump] = {fmt: writer.gzip(f"dumps/kg.{fmt}.gz") for fmt, *_ in FORMATS}
        self.expected = dict(pieces_per_format)
        self.next = {fmt: 0 for fmt in self.files}
        self.waiting: dict[str, dict[int, bytes]] = {fmt: {} for fmt in self.files}
        self.started = {fmt: False for fmt in self.files}
        self.heads = {"ttl": turtle_header(g.prefixes), "trig": trig_header(g.prefixes),
                      "jsonld": jsonld_head(g.prefixes).encode(), "nq": b""}

    def add(self, fmt: str, number: int, data: bytes):
        self.waiting[fmt][number] = data
        while self.next[fmt] in self.waiting[fmt]:
            piece = self.waiting[fmt].pop(self.next[fmt])
            if (piece or fmt == "jsonld") and not self.started[fmt]:
                self.files[fmt].add(self.heads[fmt])  # pyoxigraph writes no prefixes for an empty graph
                self.started[fmt] = True
            self.files[fmt].add(piece)
            self.next[fmt] += 1

    def close(self) -> list[dict]:
        """Finish every dump; their descriptions for the VoID, the dataset page and the home page."""
        for fmt in self.files:
            if self.next[fmt] != self.expected[fmt]:
                raise RuntimeError(f"dump {fmt}: {self.next[fmt]} of {self.expected[fmt]} pieces written")
        self.add("jsonld", self.expected["jsonld"], jsonld_tail(self.g.triples == 0).encode())
        out = []
        for fmt, title, media, unit in FORMATS:
            size, sha256 = self.files[fmt].close()
            out.append({"format": fmt, "title": title, "media": media, "path": f"dumps/kg.{fmt}.gz", "bytes": size,
                        "sha256": sha256, "count": self.g.triples if unit == "triples" else self.g.quads,
                        "unit": unit})
        return out

    def abort(self):
        for dump in self.files.values():
            dump.handle.close()


__all__ = ["Dumps", "FORMATS", "jsonld_groups", "pieces"]
