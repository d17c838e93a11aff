"""Extraction: from one article's text to entities and facts with exact quotes.

Offline and deterministic: regular language patterns over the cleaned text, a
gazetteer of countries and kinds of institutions (``kg/data/gazetteer.yaml``), and no
list of this corpus's people, incidents or laws.

The steps: ``cleaning`` (markup out, offsets kept); ``discourse`` (headline, dateline,
the article's home state); ``actors`` (states, agencies) and ``places``, with the general
knowledge of ``lexicon``; ``people`` (officials, persons); then ``events`` walks the
sentences with ``incidents``, ``meetings``, ``acts`` (notes and other acts; their words in
``acts_language``, parties of passive and double-object sentences in ``acts_parties``,
dates and newsworthiness in ``acts_context``, links and output in ``acts_links``) and
``laws``, all reading who does what through ``subjects`` and when through ``dates``.

>>> from kg.sources import Source
>>> from pathlib import Path
>>> src = Source("demo", Path("."), "Russian Foreign Ministry spokeswoman Maria Zakharova spoke.", {"title": "t", "published": "2025-06-12"})
>>> result = extract(src)
>>> sorted(e["key"] for e in result["entities"])
['agency/russia/ministry-of-foreign-affairs', 'person/maria-zakharova', 'state/russia']
"""

from __future__ import annotations

import re

from kg.cleaning import clean
from kg.extraction.actors import find_agencies, find_states_and_places, gazetteer, link_parents
from kg.extraction.discourse import home_state, without_furniture
from kg.extraction.document import Doc
from kg.extraction.events import EventFinder
from kg.extraction.local_bodies import find_courts, find_local_departments
from kg.extraction.model import EXTRACTOR_VERSION, Fact
from kg.extraction.people import find_people
from kg.sources import Source

__all__ = ["extract", "EXTRACTOR_VERSION"]


def extract(source: Source) -> dict:
    """Extract entities and facts from one source.

    Returns ``{"entities": [...], "facts": [...]}`` (JSON-ready, sorted), with every
    span and quote pointing into the source's stored text.
    """
    cleaned = clean(source.text)
    text, furniture = without_furniture(cleaned.text)
    doc = Doc(text, source.reference_date, title=str(source.meta.get("title", "")))
    find_states_and_places(doc)
    doc.home = home_state(doc, gazetteer(), furniture)
    find_agencies(doc)
    find_courts(doc)
    find_local_departments(doc)
    find_people(doc)
    link_parents(doc)
    EventFinder(doc, _background_start(source.text, cleaned)).run()

    def stored(span):
        start, end = cleaned.to_stored(*span)
        return start, end, source.text[start:end]

    entities = []
    for entity in doc.entities.values():
        data = entity.to_json()
        data["spans"] = sorted({stored(s)[:2] for s in entity.spans if s[1] > s[0]})
        written = {source.text[s:e] for s, e in data["spans"]} | set(entity.aliases)
        data["aliases"] = sorted(written - {entity.label})
        entities.append(data)
    facts = []
    for fact in doc.facts:
        start, end, quote = stored((fact.start, fact.end))
        facts.append(Fact(**{**fact.__dict__, "start": start, "end": end, "quote": quote}).to_json())
    entities.sort(key=lambda e: e["key"])
    facts.sort(key=lambda f: (f["subject"], f["predicate"], f["object"], f["start"]))
    return {"version": EXTRACTOR_VERSION, "entities": entities, "facts": facts}


def _background_start(stored: str, cleaned) -> int:
    """Where an article's background box begins: a paragraph opening with the ℹ symbol."""
    m = re.search(r"(?m)^\s*ℹ", stored)
    if not m:
        return len(cleaned.text) + 1
    for i, pos in enumerate(cleaned.offsets):
        if pos >= m.start():
            return i
    return len(cleaned.text) + 1
