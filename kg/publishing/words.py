"""How facts read on the pages: each property in words, forwards and backwards.

A fact ``<note> kg:recipient <Russia>`` reads "sent to Russia" on the note's page and
"received: <note>" on Russia's. Properties missing here fall back to the ontology's
``rdfs:label`` (forwards) and "<label> of" (backwards).
"""

from __future__ import annotations

from kg.namespaces import DCTERMS, OWL, PROV, RDF, RDFS, SCHEMA, SKOS

# kg properties by local name: (forwards, backwards)
KG_PHRASES = {
    "sender": ("sent by", "sent"),
    "recipient": ("sent to", "received"),
    "date": ("date", None),
    "about": ("about", "the subject of"),
    "actType": ("kind of act", "acts of this kind"),
    "channel": ("through", "acts through this channel"),
    "inReplyTo": ("in reply to", "answered by"),
    "modality": ("reported as", "reported this way"),
    "state": ("of the state", "belonging to this state"),
    "agency": ("works in", "people working here"),
    "post": ("post", None),
    "role": ("role", None),
    "parent": ("part of", "includes"),
    "place": ("took place in", "what happened here"),
    "partOf": ("lies in", "includes"),
    "participant": ("taken part in by", "took part in"),
    "agencyInvolved": ("agency involved", "involved in"),
    "nationalsAffected": ("citizens affected", "its citizens were affected by"),
    "detained": ("people detained", "detained in"),
    "killed": ("people killed", "killed in"),
    "deported": ("people deported", "deported in"),
    "value": ("number", None),
    "maxValue": ("up to", None),
    "qualifier": ("how exact", None),
    "adopted": ("adopted", None),
    "inForce": ("in force from", None),
    "deadline": ("deadline", None),
    "summary": ("what it does", None),
    "claimant": ("claimed by", "claimed"),
    "claimText": ("claim", None),
    "mentions": ("mentions", "mentioned in"),
    "publisher": ("published by", None),
    "dateInference": ("date inferred", None),
    "quote": ("quote", None),
    "rule": ("found by rule", None),
    "curated": ("curated by a person", None),
    "curationNote": ("curation note", None),
    "inferred": ("inferred", None),
    "extractorVersion": ("extractor", None),
    "start": ("starts at character", None),
    "end": ("ends at character", None),
}

OTHER_PHRASES = {
    RDF + "type": ("is a", "instances"),
    RDF + "subject": ("statement about", "evidence about it"),
    RDF + "predicate": ("property", None),
    RDF + "object": ("value", "evidence pointing to it"),
    RDFS + "label": ("name", None),
    SKOS + "altLabel": ("also called", None),
    SKOS + "prefLabel": ("name", None),
    SKOS + "definition": ("definition", None),
    SKOS + "notation": ("code", None),
    SKOS + "note": ("note", None),
    SKOS + "editorialNote": ("how the mappings lose meaning", None),
    SKOS + "inScheme": ("in the scheme", "concepts"),
    SKOS + "topConceptOf": ("top concept of", "top concepts"),
    SKOS + "hasTopConcept": ("top concepts", None),
    SKOS + "broader": ("broader concept", "narrower concepts"),
    SKOS + "closeMatch": ("close match", None),
    SKOS + "broadMatch": ("broader match", None),
    SKOS + "narrowMatch": ("narrower match", None),
    SKOS + "relatedMatch": ("related match", None),
    SKOS + "exactMatch": ("exact match", None),
    DCTERMS + "title": ("title", None),
    DCTERMS + "issued": ("published on", None),
    DCTERMS + "identifier": ("identifier", None),
    DCTERMS + "description": ("description", None),
    DCTERMS + "license": ("licence", None),
    SCHEMA + "url": ("original article", None),
    PROV + "wasDerivedFrom": ("from the article", "facts it states"),
    OWL + "versionInfo": ("version", None),
}

# Shown in the page heading, not in the list of facts.
HEADING_PREDICATES = {RDF + "type", RDFS + "label", SKOS + "altLabel", SKOS + "prefLabel"}
# Shown once on the evidence's own page; elsewhere the quote stands for them.
EVIDENCE_PREDICATES = {RDF + "subject", RDF + "predicate", RDF + "object", PROV + "wasDerivedFrom"}


def phrase(predicate: str, kg_namespace: str, label: str | None = None) -> str:
    """``predicate`` in words, read from subject to object.

    >>> phrase("https://example.org/kg/ontology#recipient", "https://example.org/kg/ontology#")
    'sent to'
    """
    if predicate.startswith(kg_namespace) and predicate[len(kg_namespace):] in KG_PHRASES:
        return KG_PHRASES[predicate[len(kg_namespace):]][0]
    if predicate in OTHER_PHRASES:
        return OTHER_PHRASES[predicate][0]
    return label or predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def inverse_phrase(predicate: str, kg_namespace: str, label: str | None = None) -> str:
    """``predicate`` in words, read from object to subject.

    >>> inverse_phrase("https://example.org/kg/ontology#participant", "https://example.org/kg/ontology#")
    'took part in'
    """
    found = None
    if predicate.startswith(kg_namespace) and predicate[len(kg_namespace):] in KG_PHRASES:
        found = KG_PHRASES[predicate[len(kg_namespace):]][1]
    elif predicate in OTHER_PHRASES:
        found = OTHER_PHRASES[predicate][1]
    return found or f"{label or phrase(predicate, kg_namespace)} of"
