"""What the sentences after an incident tell of it, once it was told.

A court's orders for its people ("By Monday the District Court had ordered 17 Kazakh
citizens expelled") are counts of it, not another incident; "41 of the detainees were
expelled" counts some of its people; a sentence that goes on describing it adds its
agencies, counts, nationals and a more precise date ("The raid took place on November 11");
"Most of them were from Kyrgyzstan" says who its people were. Used by
:mod:`kg.extraction.incidents`.
"""

from __future__ import annotations

import re

from kg.extraction.actors import gazetteer
from kg.extraction.incident_language import ORDERED, PARTITIVE, PARTITIVE_COUNT, PEOPLE, REPORTED_ON, TALLY
from kg.extraction.quantities import counts_by_verb
from kg.extraction.scenes import lies_within, scenes
from kg.extraction.subjects import groups

__all__ = ["BREAKDOWN", "agencies_and_counts", "breakdown", "court_orders", "elaborate", "nationals", "partitive"]


def court_orders(finder, s, start, end, hits) -> bool:
    """"By Monday the District Court had ordered 17 Kazakh citizens expelled": what a court ordered
    for the people of the incident told before is a count of it, not another incident."""
    doc = finder.doc
    courts = [m for m in doc.mentions_in(start, end, ("Agency",)) if doc.entities[m.key].rule == "agency-court"]
    after = [h for h in hits if courts and h[1].start() + start > courts[0].end]  # ("after the raid, the court ...")
    prev = finder.previous
    if not courts and prev is not None and ORDERED.search(doc.text[start:end]) and any(  # "The City Court has heard
            doc.entities[m.key].rule == "agency-court" for m in doc.mentions_in(*prev.span, ("Agency",))):  # the cases.
        after = hits  # By Friday, 58 had been ordered to be expelled"
    if not after or any(h[0] != "deportation" for h in after):
        return False
    if TALLY.search(doc.text[start:end]):
        return False  # "Since the beginning of the year, courts have ordered 1,900 expelled": a tally, no incident's
    rec = next((r for r in reversed(finder.incidents) if not r.umbrella and not r.in_passing
                and s.index - max(r.sentences) <= 8), None)
    if rec is None:
        return False
    for predicate, value in counts_by_verb(doc.text[start:end]).items():
        if predicate == "deported":
            doc.add_fact(rec.key, predicate, value, "quantity", s.span, "incident-count-deported")
    doc.entities[rec.key].spans.append((start, end))
    rec.sentences.append(s.index)
    finder.event_sentences.add(s.index)
    return True


def partitive(finder, s, start, end) -> bool:
    """"41 of the detainees were expelled", "Of the 63, 21 were deported": the people of the
    incident told before, and what else happened to them (a count of it, not a new incident)."""
    doc = finder.doc
    if not PARTITIVE.search(doc.text[start:end]):
        return False
    rec = next((r for r in reversed(finder.incidents) if not r.umbrella and not r.in_passing
                and s.index - max(r.sentences) <= 12), None)
    if rec is None:
        return False
    if any(p.key != rec.place and not (rec.place and (lies_within(doc, p.key, rec.place)
                                                        or lies_within(doc, rec.place, p.key)))
           for p in scenes(doc, start, end)):
        return False  # "... 90 of them in Novosibirsk": somewhere else, another incident
    known = doc.objects(rec.key, "date")
    if any(known and d.value[:7] != known[0][:7] for d in s.dates_in(start, end)):
        return False  # "30,000 of them were deported in 2025": another time
    doc.entities[rec.key].spans.append((start, end))
    rec.sentences.append(s.index)
    text = doc.text[start:end]
    for d in s.dates_in(start, end):  # "On the night of June 3, one of the detained": a day is no count
        text = text[:d.start - start] + " " * (d.end - d.start) + text[d.end - start:]
    counts = counts_by_verb(text)  # what happened to some of them; but "N of the detainees" are no new detainees
    counts.pop("detained", None)
    unmasked = counts_by_verb(PARTITIVE_COUNT.sub(lambda m: " " * len(m.group(0)), text))
    if "detained" in unmasked:  # "About 6,500 were detained and 1,900 of them expelled"
        counts["detained"] = unmasked["detained"]
    for predicate, value in counts.items():
        doc.add_fact(rec.key, predicate, value, "quantity", s.span, f"incident-count-{predicate}")
    for state_key in nationals(finder, s, start, end):
        doc.add_fact(rec.key, "nationalsAffected", state_key, "entity", s.span, "incident-nationals")
    finder.event_sentences.add(s.index)
    return True


def elaborate(finder, s, reach: int = 2):
    """A sentence that goes on about the incident of the sentence or two (``reach``) before it."""
    rec = finder.last_incident(s.index - 1)
    if rec is None or max(rec.sentences) < s.index - reach or rec.umbrella:
        return
    doc = finder.doc
    doc.entities[rec.key].spans.append(s.span)
    rec.sentences.append(s.index)
    if TALLY.search(s.text):  # "Since the beginning of the year, courts have ordered 2,870 expelled": not its count
        return
    agencies_and_counts(finder, rec.key, s.span[0], s.span[1], s)
    for state_key in ([] if "/attack-" in rec.key else nationals(finder, s, *s.span)):  # not an attack's perpetrators
        doc.add_fact(rec.key, "nationalsAffected", state_key, "entity", s.span, "incident-nationals")
    day = [d for d in s.dates if len(d.value) == 10 and not REPORTED_ON.search(doc.text[max(0, d.start - 40):d.start])]
    if len(day) == 1 and (not doc.has_fact(rec.key, "date") or doc.refine_date(rec.key, "date", day[0].value)):
        # "The raid took place on November 11"
        doc.add_fact(rec.key, "date", day[0].value, "date", s.span, "incident-date", inferred=day[0].inferred)


BREAKDOWN = re.compile(r"\b(?:[Oo]f\s+them|[Mm]ost\s+of\s+them|[Mm]ost\s+were|(?:[Tt]he\s+)?(?:others|rest)\s+(?:were|are)|"
                       r"[Aa]ll\s+of\s+them|[Tt]he\s+majority)\b")


def breakdown(finder, s):
    """"Most of them were from Kyrgyzstan, Uzbekistan and Tajikistan", "The others are citizens of
    Tajikistan": who the people of the incident just told were."""
    rec = finder.last_incident(s.index - 1)
    if rec is None or rec.umbrella or max(rec.sentences) < s.index - 1 or "/attack-" in rec.key \
            or finder.doc.paragraph_of(finder.doc.sentences[max(rec.sentences)][0]) != s.paragraph:
        return
    for state_key in nationals(finder, s, *s.span):
        finder.doc.add_fact(rec.key, "nationalsAffected", state_key, "entity", s.span, "incident-nationals")


def agencies_and_counts(finder, key, start, end, s):
    doc = finder.doc
    local = {a["key"] for a in gazetteer()["agency_types"] if a.get("local")}
    for m in doc.mentions_in(start, end, ("Agency",)):  # the forces that act on the ground, not diplomats
        source = re.search(r"\baccording\s+to\s+(?:the\s+)?(?:\w+'s\s+|\w+\s+)?$", doc.text[max(0, m.start - 30):m.start]) \
            or re.match(r"(?:'s)?\s+(?:\w+\s+)?(?:said|says|reported|announced|stated|told)\b", doc.text[m.end:m.end + 30])
        if not m.implied and m.key.split("/")[2] in local and not source:  # not the one reporting it
            doc.add_fact(key, "agencyInvolved", m.key, "entity", s.span, "incident-agency")
    text = doc.text[start:end]
    for d in s.dates_in(start, end):  # a year is not a count
        a, b = d.start - start, d.end - start
        text = text[:a] + " " * (b - a) + text[b:]
    for predicate, value in counts_by_verb(text).items():
        doc.add_fact(key, predicate, value, "quantity", s.span, f"incident-count-{predicate}")


def nationals(finder, s, start, end) -> list[str]:
    doc, text = finder.doc, finder.doc.text
    keys = [m.key for m in doc.mentions_in(start, end, ("State",)) if m.role == "nationals"]
    pronoun = re.search(rf"\b(its|their)\s+(?:own\s+)?{PEOPLE}\b", text[start:end])
    if pronoun:  # "its citizens": the citizens of the sentence's subject
        g = next(iter(groups(doc, s.span[0], start + pronoun.start())), None)
        if g:
            states = [doc.state_of(k) for k in g.actors()]
            keys += [f"state/{st}" for st in states if st]
    return list(dict.fromkeys(keys))

