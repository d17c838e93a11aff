"""One page per entity: its facts in words, each with the quotes it comes from.

The page context holds only what the template shows (texts, relative hrefs), so the
template stays free of graph logic. Each page also embeds a schema.org description in
JSON-LD (https://schema.org/docs/gs.html, "Using microdata / JSON-LD") for search engines.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from kg.namespaces import DCTERMS, PROV, RDF, SCHEMA, SKOS
from kg.publishing.rdfdocs import dumps
from kg.publishing.terms import value
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


def link_html(link: dict) -> Markup:
    """A link as HTML (the templates' ``|link`` filter): an anchor to its page or outside, else its text.

    >>> str(link_html({"text": "Russia", "href": "russia.html", "external": None, "iri": "https://x/r"}))
    '<a href="russia.html" title="https://x/r">Russia</a>'
    """
    text = escape(link["text"])
    if link["href"]:
        title = f' title="{escape(link["iri"])}"' if link["iri"] else ""
        return Markup(f'<a href="{escape(link["href"])}"{title}>{text}</a>')
    if link["external"]:
        return Markup(f'<a class="external" href="{escape(link["external"])}" rel="noopener">{text}</a>')
    if link["iri"]:
        return Markup(f'<span title="{escape(link["iri"])}">{text}</span>')
    return text


def evidence_html(e: dict) -> Markup:
    """A quote with its source and how it was found (the templates' ``|evidence`` filter; see :func:`evidence_view`).

    Written in Python rather than as a macro: a page of Russia cites 10,000 quotes.
    """
    x = escape
    source = x(e["title"])
    if e["article_href"]:
        source = f'<a class="source" href="{x(e["article_href"])}">{source}</a>'
    where = (f", {x(e['publisher'])}" if e["publisher"] else "") + (f", {x(e['issued'])}" if e["issued"] else "")
    if e["url"]:
        where += f' · <a class="external" href="{x(e["url"])}" rel="noopener">original article</a>'
    meta = ""
    if e["curated"]:
        meta += '<strong class="curated-mark">curated</strong>' + (f": {x(e['note'])}" if e["note"] else "") + " · "
    meta += (f"{x(e['modality'])} · " if e["modality"] else "") + (f"{x(e['inferred'])} · " if e["inferred"] else "")
    meta += f"rule <code>{x(e['rule'])}</code>" + (f" ({x(e['version'])})" if e["version"] else "")
    if e["href"]:
        meta += f' · <a href="{x(e["href"])}">evidence record</a>'
    return Markup(f'<figure class="evidence{" curated" if e["curated"] else ""}">\n'
                  f'  <blockquote>{x(e["quote"])}</blockquote>\n'
                  f'  <figcaption>— {source}{where}    <span class="meta">{meta}</span>\n  </figcaption>\n</figure>\n')


def _order(g, predicate: str) -> tuple:
    kg = "<" + g.ns["kg"]
    local = predicate[len(kg):-1] if predicate.startswith(kg) else None
    return (ORDER.index(local) if local in ORDER else len(ORDER), value(predicate))


NO_ARTICLE = {"title": "", "publisher": "", "issued": "", "url": ""}


def evidence_view(g, ev, page: str) -> dict:
    article = g.article(ev.article) if ev.article else NO_ARTICLE
    return {"quote": ev.text("quote"), "title": article["title"], "publisher": article["publisher"],
            "issued": article["issued"], "url": article["url"],
            "article_href": g.href(ev.article, page) if ev.article else None,
            "href": g.href(ev.iri, page), "rule": ev.text("rule"), "version": ev.text("version"),
            "curated": ev.curated, "note": ev.text("note"),
            "modality": g.label(ev.modality) if ev.modality else "", "inferred": ev.text("inferred")}


def fact_words(g, s, p, o, page: str) -> dict:
    """A statement as a sentence: subject, predicate in words, object."""
    return {"subject": g.link(s, page), "phrase": phrase(value(p), g.ns["kg"], _label_or_none(g, p)),
            "object": g.link(o, page)}


def _label_or_none(g, node):
    label = g.label(node)
    return None if label == g.compact(value(node)) else label


# An evidence node's fields its quote's figure shows (kg properties by local name).
FIGURE_FIELDS = ("quote", "rule", "extractorVersion", "modality", "curated", "curationNote", "inferred", "start", "end")


def _facts(g, node, page, skip: set[str] = frozenset()) -> list[dict]:
    groups: dict = {}
    evidence_node = g.is_evidence(node)
    for _, p, o in g.out.get(node, ()):
        iri = p[1:-1]
        if iri in HEADING_PREDICATES or (evidence_node and iri in EVIDENCE_PREDICATES) or iri in skip:
            continue
        group = groups.get(p)
        if group is None:
            group = groups[p] = {"phrase": phrase(iri, g.ns["kg"], _label_or_none(g, p)),
                                 "predicate": g.link(p, page), "entries": []}
        evidence = g.evidence_for(node, p, o)
        group["entries"].append({"object": g.link(o, page), "sources": len({e.article for e in evidence}),
                                "evidence": [evidence_view(g, e, page) for e in evidence]})
    return [groups[p] for p in sorted(groups, key=lambda p: _order(g, p))]


def _parties(g, act, predicate, page) -> list[dict]:
    return [g.link(o, page) for o in g.values(act, g.ns["kg"] + predicate)]


def _incoming(g, node, page) -> list[dict]:
    groups: dict = {}
    kg = "<" + g.ns["kg"]
    skip = (kg + "mentions>", f"<{RDF}type>")
    for s, p, _ in g.inc.get(node, ()):
        if p in skip or g.is_evidence(s):
            continue
        group = groups.get(p)
        if group is None:
            group = groups[p] = {"phrase": inverse_phrase(value(p), g.ns["kg"], _label_or_none(g, p)),
                                 "entries": []}
        local = p[len(kg):-1] if p.startswith(kg) else ""
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
        if e.predicate == f"<{RDF}type>":
            continue
        rows.append({"fact": fact_words(g, e.subject, e.predicate, e.object, page), "evidence": evidence_view(g, e, page)})
    return rows


def schema_org(g, node, page: str) -> str:
    """The entity in schema.org terms, as JSON text safe to embed in a ``<script>``."""
    cls = g.local_class(node)
    doc = {"@context": "https://schema.org", "@id": value(node), "@type": SCHEMA_TYPES.get(cls, "Thing"),
           "name": g.label(node), "url": g.base + g.target(node)}
    alt = sorted({value(o) for o in g.values(node, SKOS + "altLabel")})
    if alt:
        doc["alternateName"] = alt
    if cls == "Article":
        issued, url = g.value(node, DCTERMS + "issued"), g.value(node, SCHEMA + "url")
        doc.update(headline=g.label(node), datePublished=value(issued) if issued else None,
                   url=(value(url) if url else None) or doc["url"])
        publisher = g.value(node, g.ns["kg"] + "publisher")
        if publisher:
            doc["publisher"] = {"@type": "Organization", "name": value(publisher)}
        doc["mentions"] = [{"@id": value(o), "name": g.label(o)} for o in g.values(node, g.ns["kg"] + "mentions")]
    props = {**SCHEMA_PROPS["*"], **SCHEMA_PROPS.get(cls, {})}
    kg = "<" + g.ns["kg"]
    for _, p, o in g.out.get(node, ()):
        local = p[len(kg):-1] if p.startswith(kg) else None
        if local in props:
            v = value(o) if o[:1] == '"' else {"@id": value(o), "name": g.label(o)}
            doc.setdefault(props[local], []).append(v)
    source = g.value(node, PROV + "wasDerivedFrom")
    if cls == "Evidence" and source:
        doc["isBasedOn"] = {"@id": value(source)}
    doc = {k: (v[0] if isinstance(v, list) and len(v) == 1 and k not in ("mentions", "alternateName") else v)
           for k, v in doc.items() if v not in (None, [])}
    return dumps(doc, sort_keys=True).replace("</", "<\\/")


def entity_context(g, node, files: dict[str, str], turtle: str, jsonld: str) -> dict:
    """Everything ``entity.html`` shows about ``node``; ``files`` maps format to site path."""
    page = g.target(node)
    cls = g.local_class(node)
    types = []
    for t in g.types(node):
        evidence = g.evidence_for(node, f"<{RDF}type>", t)
        types.append({"link": g.link(t, page),
                      "index": g.href_to(f"class/{cls}.html", page) if t == g.kg(cls or "") else None,
                      "evidence": [evidence_view(g, e, page) for e in evidence]})
    mentions = "<" + g.ns["kg"] + "mentions>"
    ctx = {
        "page": page, "root": g.href_to("index.html", page).removesuffix("index.html"),
        "iri": value(node), "label": g.label(node), "cls": cls, "types": types,
        "class_label": g.label(g.kg(cls)) if cls else "",
        "alt_labels": sorted({value(o) for o in g.values(node, SKOS + "altLabel")}),
        "facts": _facts(g, node, page), "incoming": _incoming(g, node, page),
        "mentioned_in": [{"link": g.link(s, page), **{k: v for k, v in g.article(s).items() if k != "node"}}
                         for s, p, _ in g.inc.get(node, ()) if p == mentions],
        "files": {fmt: g.href_to(path, page) for fmt, path in files.items()},
        "turtle": turtle, "jsonld": jsonld, "schema_org": schema_org(g, node, page),
        "article_facts": _article_facts(g, node, page) if cls == "Article" else [],
        "statement": None, "evidence": None, "graph": None,
    }
    if g.is_evidence(node):
        ev = g.evidence_by_iri.get(node)
        if ev:
            ctx["statement"] = fact_words(g, ev.subject, ev.predicate, ev.object, page)
            ctx["evidence"] = evidence_view(g, ev, page)
    if node in g.graph_counts:
        name = value(node)[len(g.ns["kgg"]):]
        ctx["label"] = f"Named graph {g.compact(value(node))}"
        source = f"<{g.ns['kgr']}source/{name}>"
        ctx["graph"] = {"quads": g.graph_counts.get(node, 0),
                        "source": g.link(source, page) if source in g.out else None,
                        "ontology": g.href_to("ontology.html", page) if name == "ontology" else None}
    return ctx


def evidence_context(g, node, files: dict[str, str], turtle: str) -> dict:
    """What ``evidence.html`` shows about the evidence node ``node``: the fact, its quote, and any other fields."""
    page = g.target(node)
    ev = g.evidence_by_iri[node]
    kg = g.ns["kg"]
    start, end = g.value(node, kg + "start"), g.value(node, kg + "end")
    return {
        "page": page, "root": g.href_to("index.html", page).removesuffix("index.html"),
        "iri": value(node), "label": g.label(node), "class_label": g.label(g.kg("Evidence")),
        "class_href": g.href_to("class/Evidence.html", page),
        "statement": fact_words(g, ev.subject, ev.predicate, ev.object, page), "evidence": evidence_view(g, ev, page),
        "span": f"{value(start)}–{value(end)}" if start and end else "",
        "facts": _facts(g, node, page, {kg + f for f in FIGURE_FIELDS}), "incoming": _incoming(g, node, page),
        "files": {fmt: g.href_to(path, page) for fmt, path in files.items()},
        "turtle": turtle, "schema_org": schema_org(g, node, page),
    }
