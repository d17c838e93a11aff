"""Where an incident happened: the scene of a clause, and whether two mentions share one.

A clause's scenes are its places that are not inside an agency's name, a diplomat's
posting, an origin, a destination or an agency's jurisdiction. The place of an incident is
the first scene after its trigger, else the most specific one. A venue named in the
sentence before sets the scene of a detention told without a place ("... landed at
Sheremetyevo airport. Officers held them for 40 hours"). A second mention at the same
place, or inside or around it, in the same month is the same incident; "the detentions in
X" refers back however far.
"""

from __future__ import annotations

import re

# A place named as a diplomat's posting, an origin or a destination is not where an incident happened.
NOT_SCENE_BEFORE = re.compile(r"(?i:affaires|ambassador|envoy|consul|embassy|consulate|mission|representative|"
                              r"correspondent|general)\s+(?:to|in)\s+(?:the\s+)?$|"
                              r"\bnatives?\s+of\s+(?:the\s+)?(?:(?:city|town|village|district|region)\s+of\s+)?$|"
                              r"\bnatives?\s+of\s+the\s+[A-Z][\w-]*\s+and\s+$|"  # "natives of the Samarkand and X"
                              r"\b(?:returning|returned|flying|flew)\s+(?:home\s+)?(?:from|to)\s+$|\bback\s+to\s+$|"
                              r"\btravel(?:l)?(?:ing|ed)\s+(?:by\s+\w+\s+)?from\s+(?:[A-Z][\w-]+\s+to\s+)?$|"  # "travelling by bus
                              # from Semey to Barnaul": the way, not the scene
                              r"\b(?:arrived|arriving|came|landed)\s+(?:on\s+an?\s+(?:\w+\s+)?flight\s+)?from\s+$|"
                              r"\b(?:deported|expelled|sent|flown|flights?)\s+(?:\w+\s+){0,4}to\s+$|"
                              r"\b(?:deported|expelled|sent|flown|flights?)\s+(?:\w+\s+){0,4}to\s+[A-Z][\w-]+\s+and\s+$|"
                              r"\b(?:taken|delivered|brought)\s+to\s+the\s+police\s+(?:department|station)\s+of\s+(?:the\s+)?$|"
                              r"\b(?:worker|migrant|man|woman|citizen|resident|welder|builder|labou?rer|plasterer|driver|"
                              r"loader|porter|courier|vendor|trader|student)s?\s+from\s+(?:the\s+)?$|"  # an origin
                              r"\boutside\s+$|\bkilomet(?:re|er)s\s+(?:[a-z-]+\s+)?(?:of|from)\s+$|"  # "a warehouse outside Moscow"
                              r"(?i:directorate|department|office|administration|ministry)(?:\s+of\s+[A-Z][a-z]+)?"
                              r"\s+for\s+(?:the\s+)?"
                              r"(?:(?:St\.|[^,.;]){0,40}?\band\s+(?:the\s+)?)?$|"  # a jurisdiction ("for X and the Y region")
                              r"\bnatives?\s+of\b[^.;]*?\band\s+of\s+(?:the\s+(?:town|city|village)\s+of\s+)?$")
# "the Kaluga regional directorate of the Investigative Committee": the place names an institution's reach
INSTITUTION_AFTER = re.compile(r"\s+(?:regional\s+|city\s+|district\s+|region(?:al)?\s+)?(?:directorate|department|"
                               r"prosecutor'?s?\s+office|court|administration|capital)\b|-based\b", re.I)  # (an "Almaty-based
# lawyer"; "the Tatarstan capital" is another place)
DETAINED_THERE = re.compile(r"\b(?:citizens|nationals|migrants|workers|people|those|compatriots)\s+(?:who\s+were\s+)?"
                            r"(?:detained|held)\s+(?:in|at)\b|"
                            r"\b[Tt]he\s+detentions?\s+of\s+(?:[\w-]+\s+){0,3}?(?:in|at)\b")  # "the detention of Tajik
# citizens in Dolgoprudny", said in May, is April's
DEFINITE = re.compile(r"\b[Tt]he\s+(?:recent\s+)?(?:raids?|detentions?|deportations?|expulsions?|arrests?|check|operation)\b")


def scene_set(finder, s):
    """A sentence before, in the paragraph, that sets the scene for this one: a place, no event of its own
    ("The Kedr dormitory stands at the end of a road ... Some 280 men live here. Before dawn, riot police
    came in through both doors")."""
    for prev in reversed(finder.told[-2:]):
        if prev.paragraph != s.paragraph or prev.index in finder.event_sentences:
            return None
        if scenes(finder.doc, *prev.span):
            return prev
    return None


REGION_NAME = re.compile(r"(?i)\b(?:region|oblast|territory|krai|republic)$")


def scenes(doc, start: int, end: int) -> list:
    """Places of a clause where something can happen: not inside an agency's name ("the Uzbek
    Embassy in Moscow", "the Tatarstan Interior Ministry"), not a posting ("chargé d'affaires in
    Bishkek"), an origin ("a native of the Vose district") or a destination ("sent back to Istanbul")."""
    agencies = [(m.start, m.end) for m in doc.mentions_in(start, end, ("Agency",))]
    return [p for p in doc.places_in(start, end)
            if not any(a <= p.start and p.end <= b for a, b in agencies)
            and not any(0 <= a - p.end <= 1 for a, _ in agencies)
            and not NOT_SCENE_BEFORE.search(doc.text[max(0, p.start - 60):p.start])
            and not INSTITUTION_AFTER.match(doc.text, p.end)]


def lies_within(doc, place: str, other: str | None) -> bool:
    """Whether ``place`` lies within ``other`` (a district of a city, a venue in it)."""
    seen = set()
    while place and place not in seen:
        seen.add(place)
        if place == other and len(seen) > 1:
            return True
        parents = doc.objects(place, "partOf")
        place = parents[0] if parents else None
    return False


TOWNS = ("place-city", "place-capital", "place-town", "place-in-region", "place-near-city", "place-settlement")


def places_within(doc):
    """An incident at a venue or district is also in the town or city that contains it ("the Uyut
    hostel in the Dzerzhinsky district of Yaroslavl": all three), so that a query for the city finds
    it without following kg:partOf; not in a region, which partOf reaches."""
    for fact in [f for f in doc.facts if f.predicate == "place" and f.subject.startswith("incident/")]:
        place, seen = fact.object, {fact.object}
        while doc.entities[place].rule not in TOWNS:  # (not "the Borovsk district" a town is in)
            parents = [p for p in doc.objects(place, "partOf") if p not in seen]
            if not parents or doc.entities[parents[0]].rule == "place-region" or REGION_NAME.search(
                    doc.entities[parents[0]].label):
                break
            place = parents[0]
            seen.add(place)
            doc.add_fact(fact.subject, "place", place, "entity", (fact.start, fact.end), "incident-place-within")


def same_scene(finder, s, place: str, date: str | None, clause: str):
    """An incident already found at the same place, or at one inside or around it, in the
    same month: a second mention of it, unless the clause says it is another one."""
    if re.search(r"\b(?:another|second|similar|new|other)\b", clause, re.I):
        return None
    doc = finder.doc
    for rec in reversed(finder.incidents):
        if rec.umbrella or not rec.place or not (rec.place == place or lies_within(doc, place, rec.place)
                                                 or lies_within(doc, rec.place, place)):
            continue
        known = doc.objects(rec.key, "date")
        if date and known and not (date.startswith(known[0][:7]) or known[0].startswith(date[:7])) \
                and not DETAINED_THERE.search(clause):
            continue  # another month ("2026" and "2026-10-04" may be the same day told more or less precisely;
            # but "over the treatment of citizens detained in X" on June 2 refers back to May's raid)
        if not (date and known) and s.index - max(rec.sentences) > 8 and not DEFINITE.search(clause):
            continue  # (but "the detentions in X" refers back however far)
        return rec
    return None


def listed_with(doc, place: str, places) -> list[str]:
    """Places coordinated with the chosen one: "in Kazan and Rostov-on-Don"."""
    keys = [p.key for p in places]
    at = next((p for p in places if p.key == place), None)
    found = []
    for p in places:
        if at and p.start > at.end and re.fullmatch(r"(?:,\s*|\s+and\s+|,\s+and\s+)(?:the\s+)?",
                                                     doc.text[at.end:p.start]):
            found.append(p.key)
            at = p
    return [k for k in found if k in keys and k != place]


def scene_of(doc, places, trigger: int) -> str:
    """The place of an incident: the first one after its trigger ("the detention of Kyrgyz
    citizens in Yekaterinburg", "raided the Sadovod market"), else the most specific before."""
    after = [p for p in places if p.start >= trigger]
    if after:
        parents = {f.object for f in doc.facts if f.predicate == "partOf"}
        first = after[0]
        inside = [p for p in after[1:] if p.start - first.end < 40 and first.key in parents
                  and (p.key, "partOf", first.key) in {(f.subject, f.predicate, f.object) for f in doc.facts}]
        return (inside[0] if inside else first).key
    return most_specific(doc, places)


def most_specific(doc, places) -> str:
    keys = [m.key for m in places]
    parents = {f.object for f in doc.facts if f.predicate == "partOf"}
    specific = [k for k in keys if k not in parents]
    return (specific or keys)[0]
