"""One page per entity: its facts in words, each with the quotes it comes from.

The page context holds only what the template shows (texts, relative hrefs), so the
template stays free of graph logic. Each page also embeds a schema.org description in
JSON-LD (https://schema.org/docs/gs.html, "Using microdata / JSON-LD") for search engines.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from kg.namespaces import DCTERMS, PROV, RDF, SCHEMA, SKOS
from kg.publishing.words import EVIDENCE_PREDICATES, HEADING_PREDICATES, inverse_phrase, phrase

ORDER = ("sender", "recipient", "date", "actType", "channel", "about", "inReplyTo", "place", "participant",
         "agencyInvolved", "nationalsAffected", "detained", "killed", "deported", "post", "role", "agency",
         "parent", "state", "partOf", "adopted", "inForce", "deadline", "summary", "claimant", "claimText",
         "value", "maxValue", "qualifier", "publisher", "modality")
SCHEMA_TYPES = {
    "State": "Country", "Agency": "GovernmentOrganization", "Official": "Person", "Person": "Person",
    "Place": "Place", "Incident": "Event", "Meeting": "Event", "CommunicativeAct": "CommunicateAction",
    "Note": "Message", "Law": "Legislation", "Claim": "Claim", "Article": "NewsArticle",
    "Quantity": "QuantitativeValue", "Evidence": "Quotation",
}
# schema.org property for a kg property, by the entity's kg class ("*" for every class)
SCHEMA_PROPS = {
    "*": {"state": "areaServed", "date": "startDate", "place": "location", "about": "about"},
    "Official": {"post": "jobTitle", "agency": "worksFor", "state": "nationality"},
    "Person": {"role": "jobTitle", "state": "nationality"},
    "Agency": {"parent": "parentOrganization"},
    "Place": {"partOf": "containedInPlace", "state": "containedInPlace"},
    "Meeting": {"participant": "attendee"},
    "Incident": {"agencyInvolved": "contributor"},
    "CommunicativeAct": {"sender": "agent", "recipient": "recipient", "date": "startTime"},
    "Note": {"sender": "sender", "recipient": "recipient", "date": "dateSent"},
    "Law": {"adopted": "legislationDate", "inForce": "legislationDateOfApplicability", "state": "legislationJurisdiction",
            "summary": "abstract"},
    "Claim": {"claimant": "author", "claimText": "text"},
    "Quantity": {"value": "value", "maxValue": "maxValue"},
    "Evidence": {"quote": "text"},
}


def _order(g, predicate) -> tuple:
    local = predicate.value[len(g.ns["kg"]):] if predicate.value.startswith(g.ns["kg"]) else None
    return (ORDER.index(local) if local in ORDER else len(ORDER), predicate.value)


def evidence_view(g, ev, page: str) -> dict:
    article = g.article(ev.article) if ev.article else {"title": "", "publisher": "", "issued": "", "url": ""}
    return {"quote": ev.quote, "title": article["title"], "publisher": article["publisher"],
            "issued": article["issued"], "url": article["url"],
            "article_href": g.href(ev.article, page) if ev.article else None,
            "href": g.href(ev.iri, page), "rule": ev.rule, "version": ev.version, "curated": ev.curated, "note": ev.note,
            "modality": g.label(ev.modality) if ev.modality else "", "inferred": ev.inferred}


def fact_words(g, s, p, o, page: str) -> dict:
    """A statement as a sentence: subject, predicate in words, object."""
    return {"subject": g.link(s, page), "phrase": phrase(p.value, g.ns["kg"], _label_or_none(g, p)),
            "object": g.link(o, page)}


def _label_or_none(g, node):
    label = g.label(node)
    return None if label == g.compact(node.value) else label


def _facts(g, node, page) -> list[dict]:
    groups: dict = {}
    for p, o in g.out.get(node, ()):
        if p.value in HEADING_PREDICATES or (g.is_evidence(node) and p.value in EVIDENCE_PREDICATES):
            continue
        group = groups.setdefault(p, {"phrase": phrase(p.value, g.ns["kg"], _label_or_none(g, p)),
                                      "predicate": g.link(p, page), "entries": []})
        evidence = g.evidence_for(node, p, o)
        group["entries"].append({"object": g.link(o, page), "sources": len({e.article for e in evidence}),
                                "evidence": [evidence_view(g, e, page) for e in evidence]})
    return [groups[p] for p in sorted(groups, key=lambda p: _order(g, p))]


def _parties(g, act, predicate, page) -> list[dict]:
    return [g.link(o, page) for o in g.values(act, g.ns["kg"] + predicate)]


def _incoming(g, node, page) -> list[dict]:
    groups: dict = {}
    for s, p in g.inc.get(node, ()):
        if g.is_evidence(s) or p.value in (g.ns["kg"] + "mentions", RDF + "type"):
            continue
        group = groups.setdefault(p, {"phrase": inverse_phrase(p.value, g.ns["kg"], _label_or_none(g, p)),
                                      "entries": []})
        local = p.value[len(g.ns["kg"]):] if p.value.startswith(g.ns["kg"]) else ""
        extra = []
        if local == "sender" and g.values(s, g.ns["kg"] + "recipient"):
            extra = [("to", _parties(g, s, "recipient", page))]
        elif local == "recipient":
            extra = [("from", _parties(g, s, "sender", page))]
        date = g.value(s, g.ns["kg"] + "date")
        evidence = g.evidence_for(s, p, node)
        group["entries"].append({"subject": g.link(s, page), "extra": extra, "date": g.label(date) if date else "",
                                "evidence": [evidence_view(g, e, page) for e in evidence]})
    for group in groups.values():
        group["entries"].sort(key=lambda v: (v["date"] == "", v["subject"]["text"]))
    return [groups[p] for p in sorted(groups, key=lambda p: _order(g, p))]


def _article_facts(g, node, page) -> list[dict]:
    """For an article: every fact it states, in the order of the text."""
    rows = []
    for e in g.by_article.get(node, ()):
        if e.predicate.value == RDF + "type":
            continue
        rows.append({"fact": fact_words(g, e.subject, e.predicate, e.object, page), "evidence": evidence_view(g, e, page)})
    return rows


def schema_org(g, node, page: str) -> str:
    """The entity in schema.org terms, as JSON text safe to embed in a ``<script>``."""
    cls = g.local_class(node)
    doc = {"@context": "https://schema.org", "@id": node.value, "@type": SCHEMA_TYPES.get(cls, "Thing"),
           "name": g.label(node), "url": g.base + g.target(node)}
    alt = sorted({o.value for o in g.values(node, SKOS + "altLabel")})
    if alt:
        doc["alternateName"] = alt
    if cls == "Article":
        doc.update(headline=g.label(node), datePublished=getattr(g.value(node, DCTERMS + "issued"), "value", None),
                   url=getattr(g.value(node, SCHEMA + "url"), "value", None) or doc["url"])
        publisher = g.value(node, g.ns["kg"] + "publisher")
        if publisher:
            doc["publisher"] = {"@type": "Organization", "name": publisher.value}
        doc["mentions"] = [{"@id": o.value, "name": g.label(o)} for o in g.values(node, g.ns["kg"] + "mentions")]
    props = {**SCHEMA_PROPS["*"], **SCHEMA_PROPS.get(cls, {})}
    for p, o in g.out.get(node, ()):
        local = p.value[len(g.ns["kg"]):] if p.value.startswith(g.ns["kg"]) else None
        if local in props:
            value = o.value if isinstance(o, ox.Literal) else {"@id": o.value, "name": g.label(o)}
            doc.setdefault(props[local], []).append(value)
    if cls == "Evidence" and g.value(node, PROV + "wasDerivedFrom"):
        doc["isBasedOn"] = {"@id": g.value(node, PROV + "wasDerivedFrom").value}
    doc = {k: (v[0] if isinstance(v, list) and len(v) == 1 and k not in ("mentions", "alternateName") else v)
           for k, v in doc.items() if v not in (None, [])}
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).replace("</", "<\\/")


def entity_context(g, node, files: dict[str, str], turtle: str, jsonld: str) -> dict:
    """Everything ``entity.html`` shows about ``node``; ``files`` maps format to site path."""
    page = g.target(node)
    cls = g.local_class(node)
    types = []
    for t in g.types.get(node, ()):
        evidence = g.evidence_for(node, ox.NamedNode(RDF + "type"), t)
        types.append({"link": g.link(t, page),
                      "index": g.relative(f"class/{cls}.html", page) if t == g.kg(cls or "") else None,
                      "evidence": [evidence_view(g, e, page) for e in evidence]})
    ctx = {
        "page": page, "root": g.relative("index.html", page).removesuffix("index.html"),
        "iri": node.value, "label": g.label(node), "cls": cls, "types": types,
        "class_label": g.label(g.kg(cls)) if cls else "",
        "alt_labels": sorted({o.value for o in g.values(node, SKOS + "altLabel")}),
        "facts": _facts(g, node, page), "incoming": _incoming(g, node, page),
        "mentioned_in": [{"link": g.link(s, page), **{k: v for k, v in g.article(s).items() if k != "node"}}
                         for s, p in g.inc.get(node, ()) if p.value == g.ns["kg"] + "mentions"],
        "files": {fmt: g.relative(path, page) for fmt, path in files.items()},
        "turtle": turtle, "jsonld": jsonld, "schema_org": schema_org(g, node, page),
        "article_facts": _article_facts(g, node, page) if cls == "Article" else [],
        "statement": None, "evidence": None, "graph": None,
    }
    if g.is_evidence(node):
        ev = g.evidence_by_iri.get(node)
        if ev:
            ctx["statement"] = fact_words(g, ev.subject, ev.predicate, ev.object, page)
            ctx["evidence"] = evidence_view(g, ev, page)
    if node in g.graphs:
        ctx["label"] = f"Named graph {g.compact(node.value)}"
        source = ox.NamedNode(g.ns["kgr"] + "source/" + node.value[len(g.ns["kgg"]):])
        ctx["graph"] = {"quads": g.graph_counts().get(node, 0), "source": g.link(source, page) if source in g.out else None,
                        "ontology": g.relative("ontology.html", page) if node.value == g.ns["kgg"] + "ontology" else None}
    return ctx
