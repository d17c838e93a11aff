"""Find the state actors of an article: states, capitals as governments, agencies.

States come from the gazetteer of countries: names, demonyms ("Uzbek citizens",
"citizens of Tajikistan", "workers from Uzbekistan" are the state's nationals; "the Uzbek
side", "Russian authorities", "Russian lawmakers" stand for its government) and capitals,
which stand for a government ("Tashkent urged Moscow") unless the words around them make
them a location ("in Moscow", "Moscow's Lefortovo district", "Moscow's Vnukovo airport");
the other places are found by ``places``. Agencies come from kinds of agencies in the
gazetteer plus the state the text ties them to: a state before them ("Uzbekistan's
Foreign Ministry"), "of <State>" after them (also after a long name: "the Ministry of
Labor, Social Security and Migration of Kyrgyzstan"), the state of the same kind of
agency earlier in the article, a default (the FSB is Russia's), for agencies that act on
the ground (police, guards, investigators, customs) the state of the scene, else the
state acting before them in the sentence or the article's home state. A state named
after an agency in its sentence is usually an object or a place, and comes last. Courts and a
city's own departments are named by their place (:mod:`kg.extraction.local_bodies`).
"""

from __future__ import annotations

import re

from kg.extraction.document import Doc
from kg.extraction.lexicon import (alternation, country_word, gazetteer, patterns, place_state,  # noqa: F401
                                   post_definition, state_key)
from kg.extraction.places import OUTLET_AFTER, OUTLET_BEFORE, SITES, add_place, find_places


def add_state(doc: Doc, key: str, start: int, end: int, rule: str, role: str = ""):
    doc.mention(start, end, f"state/{key}", "State", gazetteer()["state_label"][key], rule, role)


# What follows a demonym decides what it stands for.
OTHER_ADJECTIVES = r"(?:\s*(?:,|and|or)\s+(?:other\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)*"
NATIONALS_AFTER = re.compile(
    rf"^{OTHER_ADJECTIVES}\s+(?:(?:labou?r|migrant|foreign|guest|seasonal|construction|lorry|taxi|truck|bus)\s+)?"
    r"(?:citizens?|nationals?|migrants?|workers?|community|communities|diaspora|students?|people|"
    r"residents?|returnees|families|children|passport\s+holders|men|women|man|woman|drivers?|labou?rers?|"
    r"builders?|vendors?|traders?|porters?|couriers?|passengers?)\b")
GOVERNMENT_AFTER = re.compile(
    r"^\s+(?:side|authorities|government|officials|leadership|partners|counterparts?|colleagues?|delegation|lawmakers|legislators|"
    r"parliamentarians|"
    r"law[- ]enforcement(?:\s+authorities)?)\b")
NOT_STATE_AFTER = re.compile(r"^\s+(?:militants|gunmen|terrorists|attackers|suspects|fighters|mercenaries|language)\b")
PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|visited|to|from|across|around|of|outside|entering\s+via|northern|southern|central|"
    r"(?:leave|left|leaving|head(?:ed|ing)?|bound|moved?|moving)\s+for|"
    r"eastern|western)\s+(?:the\s+)?)$", re.I)
GOVERNMENT_BEFORE = re.compile(r"\b(?:authorities|officials|government|leadership|rulers|politicians)\s+in\s+$", re.I)
PLACE_AFTER = re.compile(rf"^(?:'s\s+[A-Z]\w+\s+(?:district|{SITES})|\s+(?:airports?|district|region|oblast|metro|city)|"
                         r"-based\b)")  # "a Moscow-based lawyer" lives there
NATIONALS_OF = re.compile(r"\b(?:(?:citizens?|nationals?|natives?|residents?|migrants?|workers?|people|students?)\s+(?:of|from)|"
                          r"(?:them|most|others|rest)\s+(?:were|are)\s+(?:mostly\s+|all\s+|largely\s+)?from)\s+"
                          r"(?:the\s+)?(?:(?:[A-Z][\w-]*|of)(?:,\s*|\s+and\s+|,\s+and\s+|\s+)(?:the\s+)?)*$")  # "of the Republic
# of Uzbekistan and the Kyrgyz Republic"
POSSESSIVE = re.compile(r"^'s\s")  # "Tashkent's dissatisfaction": the government's, unless a district follows


def find_states_and_places(doc: Doc):
    """States by name or demonym; capitals as governments or as places; then the other places."""
    p, g, text = patterns(), gazetteer(), doc.text
    for m in p["state"].finditer(text):  # "citizens of Tajikistan" are its nationals
        role = "nationals" if NATIONALS_OF.search(text[max(0, m.start(1) - 60):m.start(1)]) else ""
        add_state(doc, g["state_names"][m.group(1)], m.start(1), m.end(), "state-name", role)
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
    for m in p["demonym_plural"].finditer(text):  # "Five Kyrgyzstanis die", "27 Uzbeks detained": its people
        add_state(doc, g["adjectives"][m.group(1)], m.start(1), m.end(), "state-demonym-plural", "nationals")
    adjectives = alternation(g["adjectives"])
    for m in re.finditer(rf"(?<![\w-])({adjectives})-({adjectives})(?![\w-])", text):
        for i in (1, 2):  # "Uzbek-Russian relations" names both states, as a pair
            add_state(doc, g["adjectives"][m.group(i)], m.start(i), m.end(i), "state-demonym-pair", "pair")
    for m in p["capital"].finditer(text):
        if OUTLET_BEFORE.search(text[max(0, m.start(1) - 40):m.start(1)]) or OUTLET_AFTER.match(text, m.end(1)):
            continue  # "told Vecherniy Bishkek", "Photo: Fergana News": an outlet, not a government or a place
        name, key = m.group(1), g["capitals"][m.group(1)]
        before, after = text[max(0, m.start() - 40):m.start(1)], text[m.end(1):m.end(1) + 30]
        if re.match(r"\s+(?:[Rr]egion|[Oo]blast|[Tt]erritory|[Kk]rai)\b", after):
            continue  # "the Moscow region": a place of its own (see places.py)
        place = name in g["cities"] or PLACE_BEFORE.search(before) or PLACE_AFTER.match(after)
        government = GOVERNMENT_BEFORE.search(before) or (POSSESSIVE.match(after) and not PLACE_AFTER.match(after))
        if place and not government:
            add_place(doc, name, key, m.start(1), m.end(1), "place-capital")
        else:
            add_state(doc, key, m.start(1), m.end(), "state-capital-metonym", "government")
    find_places(doc)


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


LOCATION_BEFORE = re.compile(r"\b(?:in|to|from|into|across|throughout|at|inside|within|outside|via|towards?)\s+(?:the\s+)?$",
                             re.I)


def actor_state_before(doc: Doc, pos: int) -> str | None:
    """The last state named before ``pos`` in its sentence as an actor: not a place ("in
    Russia"), not nationals ("Uzbek citizens")."""
    s, _ = doc.sentence_span(pos)
    for m in reversed(doc.mentions_in(s, pos, ("State",))):
        if m.role not in ("nationals", "pair") and not LOCATION_BEFORE.search(doc.text[max(s, m.start - 15):m.start]):
            return m.key.split("/", 1)[1]
    return None


def state_of_scene(doc: Doc, pos: int) -> str | None:
    """Where agents on the ground act: the state of a place named in the sentence ("the
    Tatarstan Interior Ministry raided a market in Kazan"), else of the last place named
    before it in its paragraph, else in the article."""
    s, e = doc.sentence_span(pos)
    para = doc.paragraphs[doc.paragraph_of(pos)]
    for places in (doc.places_in(s, e), list(reversed(doc.places_in(para[0], pos))),
                   list(reversed(doc.places_in(0, pos)))):
        for m in places:
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


HOST_AFTER = re.compile(r"\s+(?:in|to)\s+(?:the\s+)?((?:St\.\s+)?[A-Z][a-z]+(?:[ -](?:on-)?[A-Z][a-z]+)?)")


def _agency_state(doc: Doc, pos: int, type_key: str, last_state_of_type: dict, host: str | None) -> str | None:
    """The state of an agency its phrase does not qualify ("the Interior Ministry", "the
    embassy in Moscow"): that of the same kind of agency before; a default (the FSB is
    Russia's); for agencies acting on the ground, that of the scene; else the state acting
    before it in its sentence, the article's home state, or any state near it."""
    agency_def = gazetteer()["agency_by_key"][type_key]
    city = place_right_before(doc, pos)  # "St Petersburg's Commissioner for Human Rights", "the Kazan City Court"
    if city:
        return city
    if agency_def.get("lower_of") and story_state(doc, pos):  # "the Legislative Assembly": of where the story is
        return story_state(doc, pos)
    if agency_def.get("local"):  # a place in its own sentence says whose agents act there
        s, e = doc.sentence_span(pos)
        here = [doc.state_of(m.key) for m in doc.places_in(s, e)]
        if here and here[0]:
            return here[0]
    if re.search(r"\b(?:summoned|called\s+in|invited)\s+to\s+(?:the\s+)?$", doc.text[max(0, pos - 30):pos]):
        guest = actor_state_before(doc, pos)  # "Russian Ambassador X was summoned to the Foreign Ministry": the host's
        for state in (last_state_of_type.get(type_key), doc.home, _main_other_state(doc, guest) if guest else None):
            if state and state != guest:
                return state
    if type_key in last_state_of_type and last_state_of_type[type_key] != host:
        return last_state_of_type[type_key]
    if agency_def.get("default_state"):
        return agency_def["default_state"]
    if agency_def.get("local"):
        local = state_of_scene(doc, pos)
        if local:
            return local
    for state in (actor_state_before(doc, pos), doc.home, nearest_state(doc, pos)):
        if state and state != host:
            return state
    return None


def story_state(doc: Doc, pos: int) -> str | None:
    """The state most of the places named before ``pos`` are in: where a regional body or post is."""
    told = [doc.state_of(p.key) for p in doc.places_in(0, pos) if doc.state_of(p.key)]
    return max(sorted(set(told)), key=told.count) if told else None


def place_right_before(doc: Doc, pos: int) -> str | None:
    """The state of a city or region named right before ``pos``, as its owner or modifier
    ("St Petersburg's", "the Tatarstan")."""
    place = next((m for m in doc.places_in(max(0, pos - 40), pos)  # ("Primorye's regional human rights commissioner")
                  if re.fullmatch(r"(?:'s)?\s+(?:regional\s+|city\s+)?", doc.text[m.end:pos])), None)
    return doc.state_of(place.key) if place else None


def _main_other_state(doc: Doc, state: str) -> str | None:
    """The state the article names most, other than ``state``: where "the Embassy of
    Uzbekistan" is, in an article about Uzbeks in Russia."""
    counts: dict[str, int] = {}
    for m in doc.mentions:
        if m.type == "State" and m.key != f"state/{state}":
            counts[m.key] = counts.get(m.key, 0) + 1
    if not counts:
        return None
    return max(sorted(counts), key=lambda k: counts[k]).split("/", 1)[1]


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
        if type_key == "parliament" and name == "Duma" and place_right_before(doc, m.start()):  # "the Yugra Duma"
            type_key = next(a["key"] for a in g["agency_types"] if a.get("lower_of") == "parliament")
        agency_def = g["agency_by_key"][type_key]
        after = text[m.end():m.end() + 80]
        host_m = HOST_AFTER.match(after) if agency_def.get("needs_host") else None
        host = place_state(host_m.group(1)) if host_m else None
        host_end = m.end() + host_m.end() if host_m else None
        if name.islower() and not re.search(r"(?:'s|\b(?!(?:The|A|An|These|Those|This|That|Its|Their)\b)[A-Z]\w+)\s+$",
                                            text[max(0, m.start() - 15):m.start()]) \
                and not (host and re.search(r"\b(?:[Ii]ts|[Tt]heir|[Oo]ur|[Tt]he)\s+$", text[max(0, m.start() - 8):m.start()])) \
                and not (agency_def.get("local") and " " in name  # "the interior ministry": as "the Interior Ministry"
                         and re.search(r"\b[Tt]he\s+$", text[max(0, m.start() - 4):m.start()])):
            continue  # "diplomats", "parliament": only as "Uzbek diplomats", "Russia's parliament"; "our embassy in Moscow"
        states: list[str] = []
        if type_key == "human-rights-commissioner" and re.match(r"\s+[A-Z][a-z]+\s+[A-Z][a-z]+", after):
            continue  # "High Commissioner for Human Rights Yelena X": her post, not the institution
        of = r"(?:of|in)" if not agency_def.get("needs_host") else "of"  # "Commissioner ... in the Russian Federation"
        plural_of = re.match(r"(?:,?\s+(?:and\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)*"  # "Ministry of Labor, Social Security
                             rf"\s+{of}\s+(?:the\s+Republic\s+of\s+|the\s+(?=Russian\s+Federation))?"
                             r"([A-Z][a-z]+(?:\s+Federation)?)(?:\s+and\s+([A-Z][a-z]+))?", after)
        if plural_of:  # and Migration of Kyrgyzstan"
            states = [s for s in (state_key(plural_of.group(1)), state_key(plural_of.group(2))) if s]
            plural_of = plural_of if states else None
        under = _state_of_parent(after)  # "the Agency ... under the Ministry of Employment ... of Uzbekistan"
        if not states and under:
            states = [under]
        before_state, start = state_before(doc, m.start())
        owner = next((mm for mm in doc.mentions_in(max(0, m.start() - 12), m.start(), ("Agency",))
                      if not text[mm.end:m.start()].strip()), None)
        if not before_state and owner and doc.state_of(owner.key):
            before_state = doc.state_of(owner.key)  # "the FSB Border Service": the FSB's state's
        if not before_state and re.search(r"\b[Ii]ts\s+$", text[max(0, m.start() - 5):m.start()]):
            before_state = _state_referred(doc, m.start())  # "Kazakhstan ... Its Ministry of Labor"
        place_before = [pm for pm in doc.places_in(max(0, m.start() - 40), m.start())
                        if not text[pm.end:m.start()].strip()] or [  # "the Samara Region Prosecutor's Office"
            pm for pm in doc.places_in(m.end(), m.end() + 60)  # "the prosecutor's office of the Krasnodar region"
            if not agency_def.get("needs_host") and re.fullmatch(r"\s+(?:of|for)\s+(?:the\s+)?", text[m.end():pm.start])]
        if re.search(r"\bthe\s+(?:city|region|town|district)'s\s+$", text[max(0, m.start() - 20):m.start()]):
            place_before = [pm for pm in doc.places_in(0, m.start()) if doc.state_of(pm.key)][-1:]  # "the city's"
            before_state = None
        if states:  # its own words name its state: "of Kyrgyzstan", "under the ... of Uzbekistan"
            pass
        elif before_state:
            states = [before_state]
        elif place_before and doc.state_of(place_before[-1].key):
            states = [doc.state_of(place_before[-1].key)]
        elif name in agency_def.get("name_states", {}):
            states = [agency_def["name_states"][name]]
        if not states:
            state = _agency_state(doc, m.start(), type_key, last_state_of_type, host)
            states = [state] if state else []
        end = m.end() + (plural_of.end() if plural_of and states else 0)
        if agency_def.get("needs_host") and plural_of and states and not host_m:  # "the Embassy of Tajikistan in Moscow"
            later = HOST_AFTER.match(after[plural_of.end():])
            host = place_state(later.group(1)) if later else None
            host_end = m.end() + plural_of.end() + later.end() if later else None
        if agency_def.get("needs_host"):
            if host_end and host:
                end = host_end
            if host is None:
                sentence = doc.mentions_in(*doc.sentence_span(m.start()), ("State",))
                others = [k for k in (mm.key.split("/", 1)[1] for mm in sentence) if k not in states]
                host = others[0] if others else None
            if host is None and states:
                known = existing_agency(doc, type_key, states[0])
                host = known.split("-in-")[-1] if known else _main_other_state(doc, states[0])
        written = name[:-1] if name.endswith("s") and name[:-1] in p["agency_names"] else name
        for state in states:
            if add_agency(doc, type_key, state, start, end, "agency-type", host, written):
                last_state_of_type[type_key] = state


UNDER_MINISTRY_OF = re.compile(r"\s+under\s+the\s+[A-Z][^,.;]{0,80}")
UNDER_STATES_MINISTRY = re.compile(r"\s+under\s+(?:the\s+)?([A-Z][a-z]+(?:'s)?)\s+(?:Ministry|Cabinet|Government)\b")


def _state_of_parent(after: str) -> str | None:
    """The first state named in "under the Ministry of Employment ... of the Republic of Uzbekistan",
    or the one whose ministry it is: "under Uzbekistan's Ministry of ...", "under the Uzbek Cabinet"."""
    owner = UNDER_STATES_MINISTRY.match(after)
    state = country_word(owner.group(1)) if owner else None
    if state:
        return state
    under = UNDER_MINISTRY_OF.match(after)
    names = re.findall(r"\bof\s+(?:the\s+Republic\s+of\s+|the\s+)?([A-Z][a-z]+(?:\s+Federation)?)", under.group(0)) \
        if under else []
    return next((state_key(n) for n in names if state_key(n)), None)


def _state_referred(doc: Doc, pos: int) -> str | None:
    """The state "its" refers to: the latest state named before, as a state (not its citizens)."""
    states = [m for m in doc.mentions if m.type == "State" and m.end <= pos and m.role not in ("nationals", "place")]
    return max(states, key=lambda m: m.start).key.split("/", 1)[1] if states else None
