"""The site's overview pages: home, one index per class, the timeline and the search index."""

from __future__ import annotations

import json

from kg.namespaces import DCTERMS, ENTITY_CLASSES, SKOS
from kg.publishing.terms import value

MAIN_CLASSES = (*ENTITY_CLASSES, "Article")
TECHNICAL_CLASSES = ("Quantity", "Evidence")
SUMMARY_WORDS = {"post": "post", "role": "role", "agency": "works in", "state": "state", "sender": "from",
                 "recipient": "to", "participant": "with", "place": "in", "date": "date", "adopted": "adopted",
                 "issued": "published", "publisher": "by"}
DATE_PROPERTIES = {"date": "", "adopted": "adopted", "inForce": "in force", "deadline": "deadline"}


def classes_with_counts(g) -> list[dict]:
    """Each kg class with instances: local name, label, count and whether it is for specialists."""
    out = []
    for cls in (*MAIN_CLASSES, *TECHNICAL_CLASSES):
        n = len([e for e in g.instances(cls) if e in g.documents])
        if n:
            out.append({"cls": cls, "label": g.label(g.kg(cls)), "count": n, "technical": cls in TECHNICAL_CLASSES,
                        "href": f"class/{cls}.html"})
    return out


def _summary(g, node, page) -> list[dict]:
    """A few key facts for an index row: date, sender → recipient, place, state, post."""
    kg = g.ns["kg"]
    wanted = {f"<{DCTERMS + local if local == 'issued' else kg + local}>": local for local in SUMMARY_WORDS}
    found: dict[str, list] = {}
    for _, p, o in g.out.get(node, ()):  # one pass: index pages list 200,000 evidence nodes at 10,000 articles
        if p in wanted:
            found.setdefault(wanted[p], []).append(o)
    return [{"name": words, "terms": [g.link(v, page) for v in found[local]]}
            for local, words in SUMMARY_WORDS.items() if local in found]


def class_index_context(g, cls: str) -> dict:
    """The index of a class; its rows are made one at a time as the page is written (Evidence has 200,000)."""
    page = f"class/{cls}.html"
    nodes = sorted((n for n in g.instances(cls) if n in g.documents), key=lambda n: (g.label(n).casefold(), value(n)))
    mentions = "<" + g.ns["kg"] + "mentions>"

    def rows():
        for node in nodes:
            yield {"link": g.link(node, page), "alt": sorted({value(o) for o in g.values(node, SKOS + "altLabel")}),
                   "summary": _summary(g, node, page),
                   "sources": sum(1 for t in g.inc.get(node, ()) if t[1] == mentions)}

    return {"page": page, "root": "../", "cls": cls, "label": g.label(g.kg(cls)), "rows": rows(), "count": len(nodes),
            "definition": _definition(g, g.kg(cls)), "ontology_href": f"../ontology.html#{cls}"}


def _definition(g, node) -> str:
    found = g.values(node, SKOS + "definition")
    return value(found[0]) if found else ""


def timeline_context(g) -> dict:
    """Every dated event, oldest first, grouped by year; undated events at the end."""
    page = "timeline.html"
    kg = g.ns["kg"]
    entries, undated = [], []
    for cls in ("Incident", "Note", "CommunicativeAct", "Meeting", "Law"):
        for node in g.instances(cls):
            if node not in g.documents:
                continue
            dated = False
            for local, what in DATE_PROPERTIES.items():
                for d in g.values(node, kg + local):
                    dated = True
                    entries.append({"date": value(d), "when": g.label(d), "what": what, "cls": cls,
                                    "cls_label": g.label(g.kg(cls)),
                                    "link": g.link(node, page), "summary": _summary(g, node, page),
                                    "sources": g.sources_of(node, g.kg(local), d)})
            if not dated:
                undated.append({"cls": cls, "cls_label": g.label(g.kg(cls)), "link": g.link(node, page),
                                "summary": _summary(g, node, page)})
    entries.sort(key=lambda e: (e["date"], e["cls"], e["link"]["text"]))
    years: dict = {}
    for e in entries:
        years.setdefault(e["date"][:4], []).append(e)
    undated.sort(key=lambda e: (e["cls"], e["link"]["text"]))
    return {"page": page, "root": "", "years": sorted(years.items()), "undated": undated,
            "classes": sorted({(e["cls"], e["cls_label"]) for e in entries + undated})}


def search_index(g) -> str:
    """``search-index.js``: labels, other names, class and page of every entity, for the search box."""
    rows = []
    for cls in MAIN_CLASSES:
        for node in g.instances(cls):
            if node in g.documents:
                alt = sorted({value(o) for o in g.values(node, SKOS + "altLabel")})
                rows.append([g.label(node), g.label(g.kg(cls)), g.documents[node] + ".html", alt])
    rows.sort(key=lambda r: (r[0].casefold(), r[2]))
    return "window.KG_SEARCH = " + json.dumps(rows, ensure_ascii=False, indent=0) + ";\n"


def home_context(g, counts: dict, dumps: list[dict], queries: list[dict]) -> dict:
    page = "index.html"
    articles = []
    for node in g.instances("Article"):
        if node in g.documents:
            issued = g.value(node, DCTERMS + "issued")
            articles.append({"link": g.link(node, page), **{k: v for k, v in g.article(node).items() if k != "node"},
                             "facts": len(g.by_article.get(node, ())), "date": value(issued) if issued else ""})
    articles.sort(key=lambda a: (a["date"] == "", a["date"], a["link"]["text"]))
    return {"page": page, "root": "", "classes": classes_with_counts(g), "articles": articles,
            "counts": counts, "dumps": dumps, "queries": queries}
