"""Find the state actors and places of an article: states, capitals, cities, venues, agencies.

States come from the gazetteer of countries: names, demonyms ("Uzbek citizens" are the
state's nationals; "the Uzbek side" or "Russian authorities" stand for its government)
and capitals, which stand for a government ("Tashkent urged Moscow") unless the words
around them make them a location ("in Moscow", "Moscow's Lefortovo district").
Agencies come from kinds of agencies in the gazetteer plus the state the text ties them
to: a state before them ("Uzbekistan's Foreign Ministry"), "of <State>" after them, the
state of the same kind of agency earlier in the article, or, for agencies that act on the
ground (police, guards), the state of the place the paragraph is about.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from kg.extraction.document import Doc
from kg.sources import slugify


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


def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def patterns() -> dict:
    g = gazetteer()
    state_words = alternation(list(g["state_names"]) + list(g["adjectives"]) + list(g["capitals"]))
    agency_names = {name: a["key"] for a in g["agency_types"] for name in a["names"]}
    return {
        "state": re.compile(rf"\b(?:the\s+)?({alternation(g['state_names'])})(?:'s|')?(?![\w-])"),
        "adjective": re.compile(rf"(?<![\w-])({alternation(g['adjectives'])})(?![\w-])"),
        "capital": re.compile(rf"\b(?:the\s+)?({alternation(g['capitals'])})(?:'s)?\b"),
        "city": re.compile(rf"\b({alternation(g['cities'])})(?![\w-])"),
        "state_ref": re.compile(rf"(?:the\s+)?\b({state_words})(?:'s|')?\s+$"),
        "agency": re.compile(rf"\b({alternation(agency_names)})\b"),
        "agency_names": agency_names,
        "post": re.compile(rf"\b({alternation(v for p in g['posts'] for v in _either_case(p['post']))})\b"),
        "role": re.compile(rf"\b({alternation(g['person_roles'])})\s+"),
    }


def _either_case(post: str) -> tuple[str, str]:
    """A post as it starts a sentence and as it follows a name: "Spokeswoman", "spokeswoman"."""
    return post[0].upper() + post[1:], post[0].lower() + post[1:]


def post_definition(post: str) -> dict:
    """The gazetteer entry of a post as written, whatever the case of its first letter."""
    for p in gazetteer()["posts"]:
        if p["post"].lower() == post.lower():
            return p
    return {}


def state_key(name: str | None) -> str | None:
    if not name:
        return None
    g = gazetteer()
    return g["state_names"].get(name) or g["adjectives"].get(name) or g["capitals"].get(name)


def add_state(doc: Doc, key: str, start: int, end: int, rule: str, role: str = ""):
    doc.mention(start, end, f"state/{key}", "State", gazetteer()["state_label"][key], rule, role)


# What follows a demonym decides what it stands for.
OTHER_ADJECTIVES = r"(?:\s*(?:,|and|or)\s+(?:other\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)*"
NATIONALS_AFTER = re.compile(
    rf"^{OTHER_ADJECTIVES}\s+(?:(?:labou?r|migrant|foreign|guest|seasonal)\s+)?"
    r"(?:citizens|nationals|migrants|workers|community|communities|diaspora|students|people|"
    r"residents|returnees|families|children|passport\s+holders|men|women)\b")
GOVERNMENT_AFTER = re.compile(
    r"^\s+(?:side|authorities|government|officials|leadership|partners|counterparts|delegation|"
    r"law[- ]enforcement(?:\s+authorities)?)\b")
NOT_STATE_AFTER = re.compile(r"^\s+(?:militants|gunmen|terrorists|attackers|suspects|fighters|mercenaries)\b")
PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|visited|to|from|across|around|of|outside|entering\s+via|northern|southern|central|"
    r"eastern|western)\s+(?:the\s+)?)$", re.I)
GOVERNMENT_BEFORE = re.compile(r"\b(?:authorities|officials|government|leadership|rulers|politicians)\s+in\s+$", re.I)
PLACE_AFTER = re.compile(r"^(?:'s\s+[A-Z]\w+\s+district|\s+(?:airports?|district|region|oblast|metro|city))")
POSSESSIVE = re.compile(r"^'s\s")  # "Tashkent's dissatisfaction": the government's, unless a district follows
DIRECTIONS = r"(?:(?:northern|southern|central|eastern|western|north|south|east|west)(?:ern)?\s+)?"


def find_states_and_places(doc: Doc):
    """States by name or demonym; capitals as governments or as places; cities; districts; venues."""
    p, g, text = patterns(), gazetteer(), doc.text
    for m in p["state"].finditer(text):
        add_state(doc, g["state_names"][m.group(1)], m.start(1), m.end(), "state-name")
    for m in p["adjective"].finditer(text):
        after = text[m.end(1):m.end(1) + 60]
        if NOT_STATE_AFTER.match(after):
            continue
        key = g["adjectives"][m.group(1)]
        gov = GOVERNMENT_AFTER.match(after)
        if gov:
            add_state(doc, key, m.start(1), m.end(1) + gov.end(), "state-demonym-government", "government")
        else:
            role = "nationals" if NATIONALS_AFTER.match(after) else ""
            add_state(doc, key, m.start(1), m.end(1), "state-demonym", role)
    adjectives = alternation(g["adjectives"])
    for m in re.finditer(rf"(?<![\w-])({adjectives})-({adjectives})(?![\w-])", text):
        for i in (1, 2):  # "Uzbek-Russian relations" names both states, as a pair
            add_state(doc, g["adjectives"][m.group(i)], m.start(i), m.end(i), "state-demonym-pair", "pair")
    for m in p["capital"].finditer(text):
        name, key = m.group(1), g["capitals"][m.group(1)]
        before, after = text[max(0, m.start() - 40):m.start(1)], text[m.end(1):m.end(1) + 30]
        place = name in g["cities"] or PLACE_BEFORE.search(before) or PLACE_AFTER.match(after)
        government = GOVERNMENT_BEFORE.search(before) or (POSSESSIVE.match(after) and not PLACE_AFTER.match(after))
        if place and not government:
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
        _place_in(doc, f"{m.group(1)} district", m.start(1), m.end(), "place-district", city)
    hall = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+(?:City Hall|Concert Hall|Arena|Airport|Stadium))\b")
    for m in hall.finditer(text):
        _place_in(doc, m.group(1), m.start(1), m.end(1), "place-venue", _city_after(text, m.end()))
    venue = re.compile(r"\b(?:at\s+)?the\s+\"?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\"?\s+"
                       r"(bathhouse complex|complex|market|dormitory|hostel|concert venue|stadium|mall|"
                       r"shopping centre|shopping center|construction site|warehouse)")
    for m in venue.finditer(text):
        if hall.fullmatch(m.group(1)):
            continue  # "the Olympic Arena concert venue" names the arena itself
        _place_in(doc, f"{m.group(1)} {m.group(2)}", m.start(1), m.end(), "place-venue", _city_after(text, m.end()))


def _city_after(text: str, pos: int) -> str | None:
    m = re.match(rf"\s+in\s+(?:the\s+)?{DIRECTIONS}([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)", text[pos:pos + 50])
    if m and (m.group(1) in gazetteer()["capitals"] or m.group(1) in gazetteer()["cities"]):
        return m.group(1)
    return None


def _place_in(doc: Doc, name: str, start: int, end: int, rule: str, city: str | None) -> str:
    """A place inside a city: it gets ``partOf`` the city when the city is known."""
    g = gazetteer()
    city_state = (g["capitals"].get(city) or g["cities"].get(city)) if city else None
    key = add_place(doc, name, None, start, end, rule)
    if city and city_state:
        parent = f"place/{slugify(city)}"
        if parent not in doc.entities:
            pos = doc.text.find(city, start)
            if pos >= 0:
                add_place(doc, city, city_state, pos, pos + len(city), "place-capital")
        if parent in doc.entities:
            doc.add_fact(key, "partOf", parent, "entity", doc.sentence_span(start), rule)
    return key


def add_place(doc: Doc, name: str, state: str | None, start: int, end: int, rule: str) -> str:
    key = f"place/{slugify(name)}"
    doc.mention(start, end, key, "Place", name, rule, role="place")
    if state and not doc.has_fact(key, "state"):
        doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(start), rule)
    return key


def state_before(doc: Doc, pos: int) -> tuple[str | None, int]:
    """The state named right before ``pos`` ("Uzbekistan's", "the Russian") and where it starts."""
    window = doc.text[max(0, pos - 40):pos]
    m = patterns()["state_ref"].search(window)
    if m:
        return state_key(m.group(1)), pos - (len(window) - m.start(1))
    return None, pos


def nearest_state(doc: Doc, pos: int, types=("State",)) -> str | None:
    s, e = doc.sentence_span(pos)
    before = doc.mentions_in(s, pos, types)
    if before:
        return before[-1].key.split("/", 1)[1]
    after = doc.mentions_in(pos, e, types)
    return after[0].key.split("/", 1)[1] if after else None


def _state_of_nearby_place(doc: Doc, pos: int) -> str | None:
    """The state of the last place named before ``pos`` in its paragraph (where agents act)."""
    para = doc.paragraphs[doc.paragraph_of(pos)]
    for m in reversed(doc.places_in(para[0], pos)):
        state = doc.state_of(m.key)
        if state:
            return state
    return None


def add_agency(doc: Doc, type_key: str, state: str, start: int, end: int, rule: str,
               host: str | None = None, written: str | None = None) -> str:
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
    if written:  # the name as written, alone and with its state ("Prosecutor-General's Office of Russia")
        doc.entities[key].aliases.add(written)
        if " " in written and written[0].isupper() and written not in label:
            doc.entities[key].aliases.add(f"{written} of {g['state_label'][state]}")
    doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(start), rule)
    return key


def link_parents(doc: Doc):
    """An embassy or consulate belongs to its state's foreign ministry, when the article names it."""
    for key, entity in list(doc.entities.items()):
        if entity.type == "Agency" and "-in-" in key:
            parent = f"agency/{key.split('/')[1]}/ministry-of-foreign-affairs"
            if parent in doc.entities:
                doc.add_fact(key, "parent", parent, "entity", doc.sentence_span(entity.spans[0][0]), "agency-parent")


def existing_agency(doc: Doc, type_key: str, state: str | None = None) -> str | None:
    """The one agency of a kind (and state) the article already has, if exactly one."""
    keys = [k for k, e in doc.entities.items() if e.type == "Agency"
            and k.split("/")[2].split("-in-")[0] == type_key and (state is None or k.split("/")[1] == state)]
    return keys[0] if len(keys) == 1 else None


def find_agencies(doc: Doc):
    p, g, text = patterns(), gazetteer(), doc.text
    last_state_of_type: dict[str, str] = {}
    ministries = re.compile(r"\b[Mm]inistries\s+of\s+((?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:,\s*|\s+and\s+|,\s+and\s+)?)+)")
    ministry_of = {name: a["key"] for a in g["agency_types"] for name in a.get("ministry_of", [])}
    for m in ministries.finditer(text):
        state, start = state_before(doc, m.start())
        state = state or nearest_state(doc, m.start())
        if not state:
            continue
        for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1)):
            type_key = ministry_of.get(part.strip())
            if type_key:
                add_agency(doc, type_key, state, start, m.end(), "agency-plural-ministries")
    for m in p["agency"].finditer(text):
        name = m.group(1)
        type_key = p["agency_names"][name]
        if name.islower() and not re.search(r"(?:'s|[A-Z]\w+)\s+$", text[max(0, m.start() - 15):m.start()]):
            continue  # "diplomats", "parliament": only as "Uzbek diplomats", "Russia's parliament"
        after = text[m.end():m.end() + 80]
        states: list[str] = []
        plural_of = re.match(r"\s+of\s+(?:the\s+Republic\s+of\s+)?([A-Z][a-z]+)(?:\s+and\s+([A-Z][a-z]+))?", after)
        if plural_of:
            states = [s for s in (state_key(plural_of.group(1)), state_key(plural_of.group(2))) if s]
        before_state, start = state_before(doc, m.start())
        agency_def = g["agency_by_key"][type_key]
        if before_state:
            states = [before_state]
        elif name in agency_def.get("name_states", {}):
            states = [agency_def["name_states"][name]]
        if not states and type_key in last_state_of_type:
            states = [last_state_of_type[type_key]]
        if not states and agency_def.get("default_state"):
            states = [agency_def["default_state"]]
        if not states and agency_def.get("local"):
            local = _state_of_nearby_place(doc, m.start())
            states = [local] if local else []
        if not states:
            nearest = nearest_state(doc, m.start())
            states = [nearest] if nearest else []
        host, end = None, m.end() + (plural_of.end() if plural_of and states else 0)
        if agency_def.get("needs_host"):
            host_m = re.match(r"\s+(?:in|to)\s+(?:the\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)", after)
            host = state_key(host_m.group(1)) if host_m else None
            if host_m and host:
                end = m.end() + host_m.end()
            if host is None:
                sentence = doc.mentions_in(*doc.sentence_span(m.start()), ("State",))
                others = [k for k in (mm.key.split("/", 1)[1] for mm in sentence) if k not in states]
                host = others[0] if others else None
            if host is None and states:
                known = existing_agency(doc, type_key, states[0])
                host = known.split("-in-")[-1] if known else None
        written = name[:-1] if name.endswith("s") and name[:-1] in p["agency_names"] else name
        for state in states:
            if add_agency(doc, type_key, state, start, end, "agency-type", host, written):
                last_state_of_type[type_key] = state
