"""Agencies named by the place they serve: courts ("the Lyubertsy City Court", "Meshchansky
District Court of Moscow", "Russia's Supreme Court"), a city's own departments ("the Moscow
Department of Education and Science") and a police directorate speaking ("the regional
police directorate said"), which is its Interior Ministry's.
"""

from __future__ import annotations

import re

from kg.extraction.actors import add_agency, existing_agency, state_before, state_of_scene, story_state
from kg.extraction.document import Doc
from kg.extraction.lexicon import country_word, gazetteer, place_state
from kg.sources import slugify

__all__ = ["find_courts", "find_local_departments"]


COURT_KIND = r"(?:[Cc]ity|[Dd]istrict|[Rr]egional|[Oo]blast|[Kk]rai|[Gg]arrison|[Mm]ilitary|[Mm]unicipal|[Ii]nter-?district)"
COURT = re.compile(
    rf"\b(?P<name>(?:(?!The\b|A\b|An\b)[A-Z][\w'-]+\s+){{1,3}}{COURT_KIND}\s+[Cc]ourt|"
    rf"(?:(?!The\b)[A-Z][\w'-]+\s+){{0,2}}(?:Supreme|Constitutional|Arbitration)\s+Court)\b"
    r"(?:\s+(?P<prep>of|in)\s+(?:the\s+)?(?P<where>(?:St\.\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?))?")


def find_courts(doc: Doc):
    """Named courts: "the Lyubertsy City Court", "Meshchansky District Court of Moscow", "Russia's Supreme Court"."""
    for m in COURT.finditer(doc.text):
        words = m.group("name").split()
        while words and country_word(words[0]):
            words.pop(0)  # "Russia's Supreme Court", "the Kyrgyz Supreme Court": the state, not the name
        start = m.start() + len(m.group("name")) - len(" ".join(words))
        where = m.group("where")
        state = (country_word(where) if m.group("prep") == "of" else None) or country_word(m.group("name").split()[0])
        state = (state or state_before(doc, start)[0] or place_state(where) or place_state(words[0])
                 or story_state(doc, m.start()) or state_of_scene(doc, m.start()) or doc.home)
        if not state or state not in gazetteer()["state_label"]:
            continue
        name = " ".join(w[0].upper() + w[1:] for w in words)
        end = m.end("name")
        if where and not country_word(where) and place_state(where):  # "of Moscow": part of its name
            name, end = f"{name} of {where}", m.end()
        elif where and m.group("prep") == "of" and re.search(r"\s(?:Region|Oblast|Territory|Krai)$", where):
            name, end = f"{name} of the {where}", m.end()  # "... District Court of the Leningrad Region"
        elif len(words) == 2:  # "Supreme Court": of its state
            name = f"{name} of {gazetteer()['state_label'][state]}"
        key = f"agency/{state}/{slugify(name)}"
        doc.mention(start, end, key, "Agency", name, "agency-court")
        doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(start), "agency-court")


DEPARTMENT = re.compile(r"\b(?P<place>(?:St\.?\s+)?[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s+(?:City\s+)?(?P<kind>Department|Committee)\s+"
                        r"(?P<prep>of|for|on)\s+(?P<field>[A-Z][a-z]+(?:(?:,\s+|\s+and\s+)[A-Z][a-z]+){0,4})\b")


# ("the St. Petersburg police department said" stays the local authorities of its place: see acts._senders)
POLICE_BODY = re.compile(r"(?<=[Tt]he\s)(?:(?:regional|city|district|local|territorial)\s+police\s+(?:directorate|department|"
                         r"headquarters)|(?:(?:St\.\s+)?[A-Z][a-z-]+\s+(?:[Rr]egion\s+)?)?police\s+directorate)\b")


def find_local_departments(doc: Doc):
    """Named departments of a city or region: "the Moscow Department of Education and Science";
    a police directorate speaking ("the regional police directorate said", "the Moscow police
    directorate reported") is its Interior Ministry's; a regional legislature takes the name the text gives it."""
    for m in POLICE_BODY.finditer(doc.text):
        if re.search(r"\b(?:to|at|in|from|into|of)\s+(?:the\s+)?$", doc.text[max(0, m.start() - 10):m.start()]):
            continue  # "taken to the district police department": a place people were taken to
        known = existing_agency(doc, "ministry-of-internal-affairs")  # the interior ministry named before, else the scene's
        state = doc.state_of(known) if known else state_of_scene(doc, m.start())
        if state:
            add_agency(doc, "ministry-of-internal-affairs", state, m.start(), m.end(), "agency-police-directorate",
                       written=m.group(0))
    for m in DEPARTMENT.finditer(doc.text):  # (a city's own department: of its state)
        place = m.group("place").split()[-1] if m.group("place").split()[0] in ("The", "the") else m.group("place")
        state = place_state(place)
        if not state or country_word(place):
            continue  # "the Kyrgyz Committee for ...": a state's own body, not a city's
        start = m.start("place") + len(m.group("place")) - len(place)
        name = f"{place} {m.group('kind')} {m.group('prep')} {m.group('field')}"
        key = f"agency/{state}/{slugify(name)}"
        doc.mention(start, m.end(), key, "Agency", name, "agency-local-department")
        doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(start), "agency-local-department")
    _name_regional_legislatures(doc)


def _name_regional_legislatures(doc: Doc):
    """A regional legislature is named as the text names it: "the Samara Provincial Duma",
    "the Legislative Assembly of the Novosibirsk Region" (not "Regional legislature of Russia")."""
    for m in [m for m in doc.mentions if m.key.endswith("/regional-legislature")]:
        place = re.search(r"\b(?!The\b)([A-Z][\w-]+)\s+$", doc.text[max(0, m.start - 30):m.start])
        of_region = re.match(r"\s+of\s+the\s+[A-Z][\w-]+\s+(?:Region|Oblast|Krai|Territory)\b", doc.text[m.end:m.end + 50])
        if of_region:
            name = doc.text[m.start:m.end] + of_region.group(0)
        elif place and place_state(place.group(1)) and not country_word(place.group(1)):
            name = f"{place.group(1)} {doc.text[m.start:m.end]}"
        else:
            continue
        doc.entities[m.key].aliases.add(name)
        doc.entities[m.key].label = name
