"""Find the actors of an article: states, places, agencies, officials and persons.

States come from the gazetteer of countries (names, demonyms, capitals standing for
governments); agencies from kinds of agencies plus the state the text ties them to;
officials and persons from the language around a name: a post or role before it
("Deputy Foreign Minister Olimjon Abdullayev"), an apposition after it ("Leonid
Slutsky, leader of ..."), or a surname-shaped word after a first name.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from kg.extraction.document import Doc
from kg.sources import slugify

NAME_WORD = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?"
NAME = rf"{NAME_WORD}(?:\s+{NAME_WORD}){{1,2}}"
SURNAME_SHAPE = re.compile(
    r"(?:ov|ova|ev|eva|yev|yeva|in|ina|yn|sky|skiy|skaya|enko|uk|yan|ian|idze|shvili|"
    r"bekov|bayev|bayeva|zoda|zade|yoyev|ayev|aeva|ich|ovich|evna|ovna|ski|er|ov)$")
NOT_NAME = {
    "The", "A", "An", "In", "On", "At", "Since", "From", "During", "Following", "After",
    "Russian", "Uzbek", "Central", "Asian", "Foreign", "Ministry", "Affairs", "Deputy",
    "Prosecutor", "General", "Office", "Service", "State", "Federal", "National", "Guard",
    "President", "Prime", "Minister", "Ambassador", "Embassy", "Council", "Party",
    "Register", "Controlled", "Persons", "City", "Hall", "Telegram", "Kremlin", "Code",
}


@lru_cache(maxsize=1)
def gazetteer() -> dict:
    data = yaml.safe_load(resources.files("kg").joinpath("data/gazetteer.yaml").read_text(encoding="utf-8"))
    states, adjectives, capitals, cities = {}, {}, {}, {}
    for c in data["countries"]:
        states[c["name"]] = c["key"]
        for alias in c.get("aliases", []):
            states[alias] = c["key"]
        for adj in c.get("adjectives", []):
            adjectives[adj] = c["key"]
        capitals[c["capital"]] = c["key"]
        for metonym in c.get("capital_metonyms", []):
            capitals[metonym] = c["key"]
        for city in c.get("cities", []):
            cities[city] = c["key"]
    data["state_names"] = states
    data["adjectives"] = adjectives
    data["capitals"] = capitals
    data["cities"] = cities
    data["state_label"] = {c["key"]: c["name"] for c in data["countries"]}
    data["agency_by_key"] = {a["key"]: a for a in data["agency_types"]}
    return data


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def patterns() -> dict:
    g = gazetteer()
    state_words = _alternation(list(g["state_names"]) + list(g["adjectives"]))
    agency_names = {name: a["key"] for a in g["agency_types"] for name in a["names"]}
    return {
        "state": re.compile(rf"\b(?:the\s+)?({_alternation(g['state_names'])})(?:'s|')?(?![\w-])"),
        "adjective": re.compile(rf"\b({_alternation(g['adjectives'])})(?![\w-])"),
        "capital": re.compile(rf"\b(?:the\s+)?({_alternation(g['capitals'])})(?:'s)?\b"),
        "city": re.compile(rf"\b({_alternation(g['cities'])})\b"),
        "state_ref": re.compile(rf"(?:the\s+)?({state_words})(?:'s)?\s+$"),
        "agency": re.compile(rf"\b({_alternation(agency_names)})\b"),
        "agency_names": agency_names,
        "post": re.compile(rf"\b({_alternation(p['post'] for p in g['posts'])})\b"),
        "role": re.compile(rf"\b({_alternation(g['person_roles'])})\s+({NAME})\b"),
    }


def state_key(name: str) -> str | None:
    g = gazetteer()
    return g["state_names"].get(name) or g["adjectives"].get(name) or g["capitals"].get(name)


def add_state(doc: Doc, key: str, start: int, end: int, rule: str, role: str = ""):
    doc.mention(start, end, f"state/{key}", "State", gazetteer()["state_label"][key], rule, role)


PLACE_BEFORE = re.compile(r"(?:\b(?:in|at|near|visited|to|from|across|around|of|outside|entering via|northern|southern|central|eastern|western)\s+(?:the\s+)?)$", re.I)
PLACE_AFTER = re.compile(r"^(?:'s\s+[A-Z]\w+\s+district|\s+(?:airports?|district|region|oblast|metro|city))")


def find_states_and_places(doc: Doc):
    """States by name or demonym; capitals as governments or as places; cities; districts."""
    p, g, text = patterns(), gazetteer(), doc.text
    for m in p["state"].finditer(text):
        add_state(doc, g["state_names"][m.group(1)], m.start(1), m.end(), "state-name")
    for m in p["adjective"].finditer(text):
        add_state(doc, g["adjectives"][m.group(1)], m.start(1), m.end(1), "state-demonym", "nationals")
    for m in p["capital"].finditer(text):
        name, key = m.group(1), g["capitals"][m.group(1)]
        before, after = text[max(0, m.start() - 30):m.start(1)], text[m.end(1):m.end(1) + 30]
        if name in g["cities"] or PLACE_BEFORE.search(before) or PLACE_AFTER.match(after):
            add_place(doc, name, key, m.start(1), m.end(1), "place-capital")
        else:
            add_state(doc, key, m.start(1), m.end(), "state-capital-metonym", "government")
    for m in p["city"].finditer(text):
        add_place(doc, m.group(1), g["cities"][m.group(1)], m.start(1), m.end(1), "place-city")
    district = re.compile(r"\b(?:the\s+)?([A-Z][a-z]+)\s+district(?:\s+of\s+([A-Z][a-z]+))?")
    for m in district.finditer(text):
        city = m.group(2)
        if not city:
            possessive = re.search(r"([A-Z][a-z]+)'s\s+$", text[max(0, m.start() - 20):m.start()])
            city = possessive.group(1) if possessive else None
        city_state = g["capitals"].get(city) or g["cities"].get(city) if city else None
        key = add_place(doc, f"{m.group(1)} district", city_state, m.start(1), m.end(),
                        "place-district", parent=city)
        if city and city_state:
            parent = f"place/{slugify(city)}"
            doc.add_fact(key, "partOf", parent, "entity", doc.sentence_span(m.start()), "place-district")
    venue = re.compile(r"\b(?:at\s+)?the\s+\"?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\"?\s+"
                       r"(bathhouse complex|complex|market|dormitory|hostel|concert venue|stadium|mall|shopping centre|shopping center)")
    for m in venue.finditer(text):
        add_place(doc, f"{m.group(1)} {m.group(2)}", None, m.start(1), m.end(), "place-venue")
    hall = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+(?:City Hall|Concert Hall|Arena|Airport))\b")
    for m in hall.finditer(text):
        add_place(doc, m.group(1), None, m.start(1), m.end(1), "place-venue")


def add_place(doc: Doc, name: str, state: str | None, start: int, end: int, rule: str,
              parent: str | None = None) -> str:
    key = f"place/{slugify(name)}"
    doc.mention(start, end, key, "Place", name, rule, role="place")
    if state and not doc.has_fact(key, "state") and not parent:
        doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(start), rule)
    return key


def _state_before(doc: Doc, pos: int) -> tuple[str | None, int]:
    """The state named right before ``pos`` ("Uzbekistan's", "the Russian")."""
    m = patterns()["state_ref"].search(doc.text[max(0, pos - 40):pos])
    if m:
        return state_key(m.group(1)), pos - len(m.group(0))
    return None, pos


def _nearest_state(doc: Doc, pos: int, types=("State",)) -> str | None:
    s, e = doc.sentence_span(pos)
    before = [m for m in doc.mentions_in(s, pos, types)]
    if before:
        return before[-1].key.split("/", 1)[1]
    after = [m for m in doc.mentions_in(pos, e, types)]
    return after[0].key.split("/", 1)[1] if after else None


def add_agency(doc: Doc, type_key: str, state: str, start: int, end: int, rule: str,
               host: str | None = None) -> str:
    g = gazetteer()
    a = g["agency_by_key"][type_key]
    if a.get("needs_host"):
        if not host or host == state:
            return ""
        key = f"agency/{state}/{type_key}-in-{host}"
        label = a["label"].format(state=g["state_label"][state], host=g["state_label"][host])
    else:
        key = f"agency/{state}/{type_key}"
        label = a["label"].format(state=g["state_label"][state])
    doc.mention(start, end, key, "Agency", label, rule)
    doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(start), rule)
    if a.get("needs_host"):
        doc.add_fact(key, "parent", f"agency/{state}/ministry-of-foreign-affairs", "entity",
                     doc.sentence_span(start), rule + "-parent")
        parent = f"agency/{state}/ministry-of-foreign-affairs"
        if parent not in doc.entities:
            label = g["agency_by_key"]["ministry-of-foreign-affairs"]["label"]
            doc.add_entity(parent, "Agency", label.format(state=g["state_label"][state]), (start, end), rule)
            doc.add_fact(parent, "state", f"state/{state}", "entity", doc.sentence_span(start), rule)
    return key


def find_agencies(doc: Doc):
    p, g, text = patterns(), gazetteer(), doc.text
    last_state_of_type: dict[str, str] = {}
    ministries = re.compile(r"\b[Mm]inistries\s+of\s+((?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:,\s*|\s+and\s+|,\s+and\s+)?)+)")
    ministry_of = {name: a["key"] for a in g["agency_types"] for name in a.get("ministry_of", [])}
    for m in ministries.finditer(text):
        state, _ = _state_before(doc, m.start())
        state = state or _nearest_state(doc, m.start())
        if not state:
            continue
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1)):
            type_key = ministry_of.get(part.strip())
            if type_key:
                add_agency(doc, type_key, state, m.start(), m.end(), "agency-plural-ministries")
    for m in p["agency"].finditer(text):
        name = m.group(1)
        type_key = p["agency_names"][name]
        if name.islower() and not re.search(r"(?:'s|[A-Z]\w+)\s+$", text[max(0, m.start() - 15):m.start()]):
            continue
        after = text[m.end():m.end() + 80]
        states: list[str] = []
        plural_of = re.match(r"\s+of\s+(?:the\s+Republic\s+of\s+)?([A-Z][a-z]+)(?:\s+and\s+([A-Z][a-z]+))?", after)
        if plural_of:
            states = [s for s in (state_key(plural_of.group(1)), state_key(plural_of.group(2) or "")) if s]
        before_state, _ = _state_before(doc, m.start())
        if before_state:
            states = [before_state] + [s for s in states if s != before_state][:0]
        agency_def = g["agency_by_key"][type_key]
        if not states and type_key in last_state_of_type:
            states = [last_state_of_type[type_key]]
        if not states and agency_def.get("default_state"):
            states = [agency_def["default_state"]]
        if not states:
            nearest = _nearest_state(doc, m.start())
            states = [nearest] if nearest else []
        host = None
        if agency_def.get("needs_host"):
            host_m = re.match(r"\s+(?:in|to)\s+([A-Z][a-z]+)", after)
            host = state_key(host_m.group(1)) if host_m else None
            if host is None:
                others = [k for k in (mm.key.split("/", 1)[1] for mm in doc.mentions_in(*doc.sentence_span(m.start()), ("State",))) if k not in states]
                host = others[0] if others else None
        end = m.end() + (plural_of.end() if plural_of else 0)
        for state in states:
            if add_agency(doc, type_key, state, m.start(), end, "agency-type"):
                last_state_of_type[type_key] = state


POST_TAIL = re.compile(r"^(\s+(?:to|in)\s+([A-Z][a-z]+))?\s*,?\s*")


def find_people(doc: Doc):
    """Officials by post and persons by role, then surname-only references."""
    p, text = patterns(), doc.text
    found: list[tuple[str, str, int, int]] = []  # key, surname, start, end
    for m in p["post"].finditer(text):
        post = m.group(1)
        tail = POST_TAIL.match(text[m.end():])
        rest = text[m.end() + tail.end():]
        name_m = re.match(NAME, rest)
        if not name_m or name_m.group(0).split()[0] in NOT_NAME:
            continue
        name = _trim_name(name_m.group(0))
        start = m.end() + tail.end()
        # the agency or state phrase in front of the post ("Russian Foreign Ministry spokesperson")
        prefix = text[max(0, m.start() - 60):m.start()]
        agency_m = re.search(rf"(?:(?:the\s+)?([A-Z]\w+)(?:'s)?\s+)?({_alternation(patterns()['agency_names'])})\s+$", prefix)
        full_post = post + (tail.group(1) or "")
        state = None
        if agency_m:
            full_post = agency_m.group(2) + " " + full_post
            state = state_key(agency_m.group(1) or "")
        if state is None:
            state, _ = _state_before(doc, m.start() - (len(agency_m.group(0)) if agency_m else 0))
        if state is None and post.lower() == "ambassador":
            state = None
        key = _add_person(doc, "Official", name, start, start + len(name), "official-post-name")
        doc.add_fact(key, "post", full_post.strip(), "string", doc.sentence_span(m.start()), "official-post-name")
        if state is None:
            state = _nearest_state(doc, m.start())
        if state:
            doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(m.start()), "official-state")
            agency_type = next((x.get("agency") for x in gazetteer()["posts"] if x["post"] == post), None)
            if agency_m:
                agency_type = patterns()["agency_names"][agency_m.group(2)]
            if agency_type and not gazetteer()["agency_by_key"][agency_type].get("needs_host"):
                agency = add_agency(doc, agency_type, state, m.start(), m.end(), "official-agency")
                doc.add_fact(key, "agency", agency, "entity", doc.sentence_span(m.start()), "official-agency")
        found.append((key, name.split()[-1], start, start + len(name)))
    for m in p["role"].finditer(text):
        name = _trim_name(m.group(2))
        if name.split()[0] in NOT_NAME:
            continue
        key = _add_person(doc, "Person", name, m.start(2), m.start(2) + len(name), "person-role-name")
        doc.add_fact(key, "role", m.group(1), "string", doc.sentence_span(m.start()), "person-role-name")
        found.append((key, name.split()[-1], m.start(2), m.start(2) + len(name)))
    apposition = re.compile(rf"\b({NAME}),\s+(?:the\s+)?((?:former\s+)?(?:leader|head|chairman|chair|founder|director)\s+of\s+(?:the\s+)?[^,.;]+?)(?=[,.;(])")
    for m in apposition.finditer(text):
        name = _trim_name(m.group(1))
        if name.split()[0] in NOT_NAME or not SURNAME_SHAPE.search(name.split()[-1]):
            continue
        description = m.group(2).strip()
        is_official = bool(re.search(r"Party|Duma|parliament|Ministry|Office|Service", description))
        existing = next((k for k, s, *_ in found if s == name.split()[-1]), None)
        if existing:
            continue
        type_ = "Official" if is_official else "Person"
        key = _add_person(doc, type_, name, m.start(1), m.start(1) + len(name), "person-apposition")
        if is_official:
            post = "lawmaker" if "Party" in description or "Duma" in description else description
            doc.add_fact(key, "post", post, "string", doc.sentence_span(m.start()), "official-apposition")
            state = _nearest_state(doc, m.start())
            if state:
                doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(m.start()), "official-state")
        else:
            doc.add_fact(key, "role", description, "string", doc.sentence_span(m.start()), "person-apposition")
        found.append((key, name.split()[-1], m.start(1), m.start(1) + len(name)))
    # surname-only references ("Zakharova said", "Ambassador Yerkhov")
    for key, surname, s0, e0 in found:
        for m in re.finditer(rf"\b{re.escape(surname)}\b(?:'s)?", text):
            if not (s0 <= m.start() < e0):
                doc.mention(m.start(), m.start() + len(surname), key, doc.entities[key].type,
                            doc.entities[key].label, "person-surname")


def _trim_name(name: str) -> str:
    words = name.split()
    while words and words[-1] in NOT_NAME:
        words.pop()
    return " ".join(words)


def _add_person(doc: Doc, type_: str, name: str, start: int, end: int, rule: str) -> str:
    """One key per human, whether an article calls them an official or not."""
    key = f"person/{slugify(name)}"
    existing = doc.entities.get(key)
    doc.mention(start, end, key, type_, name, rule)
    if existing is not None and type_ == "Official":
        existing.type = "Official"
    return key
