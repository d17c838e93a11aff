"""Find the people of an article: officials (a name with a state post) and other persons.

An official is a name after a post ("Deputy Foreign Minister Timur Karimov", "Russia's
ambassador to Kazakhstan, Pavel Orlov") or before an apposition that describes a post
("Gennady Volkov, leader of the Motherland Party"). A person is a name after a role
that is not a state post ("rights activist Farhod Nazarov"). Later surname-only
mentions ("Orlov said") point to the same human. A post ties an official to the
agency it belongs to only when the article names that agency itself: "Deputy Foreign
Minister" says nothing about whether the article is about the ministry.

An official's state is the one their post names ("Russia's chargé d'affaires", "Russian
Foreign Ministry spokeswoman"), the agency of "the ministry's spokesman", else the state
acting before the post in the sentence, the one agency of the post's kind the article
names, or the article's home state; never a state named after them, which is an object
("Deputy Foreign Minister X handed the Russian diplomat a note"). "His Russian
counterpart, Sergei Lavrov" is an official of that state with the same post. Names in a
Title Case headline ("Summons Russian Envoy Over Detention") count only with a surname's
shape or when the body names them too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extraction.actors import (actor_state_before, add_agency, alternation, existing_agency, gazetteer, nearest_state,
                                  patterns, place_state, post_definition, state_before, state_key)
from kg.extraction.document import Doc
from kg.extraction.subjects import of_a_directorate
from kg.sources import slugify

NAME_WORD = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?"
NAME = rf"{NAME_WORD}(?:[^\S\n]+{NAME_WORD}){{1,2}}"  # on one line: a headline's last words and a dateline are no name
SURNAME_SHAPE = re.compile(
    r"(?:ov|ova|ev|eva|yev|yeva|in|ina|yn|sky|skiy|skaya|enko|uk|yan|ian|idze|shvili|"
    r"bekov|bayev|bayeva|zoda|zade|yoyev|ayev|aeva|ich|ovich|evna|ovna|ski|er|ov)$")
NOT_NAME = {
    "The", "A", "An", "In", "On", "At", "Since", "From", "During", "Following", "After",
    "Russian", "Uzbek", "Central", "Asian", "Foreign", "Ministry", "Affairs", "Deputy",
    "Prosecutor", "General", "Office", "Service", "State", "Federal", "National", "Guard",
    "President", "Prime", "Minister", "Ambassador", "Embassy", "Council", "Party",
    "Register", "Controlled", "Persons", "City", "Hall", "Telegram", "Kremlin", "Code",
    "Labor", "Labour", "Justice", "Health", "Education", "Interior", "Commissioner", "Chairman",
}


@lru_cache(maxsize=1)
def _post_tail() -> re.Pattern:
    """What may follow a post before the name: "(Akyikatchy)", "to Uzbekistan", "in Yekaterinburg",
    "of Employment" (and "and Poverty Reduction"), "of the Kyrgyz Republic", a comma."""
    g = gazetteer()
    places = alternation(list(g["state_names"]) + list(g["capitals"]) + list(g["cities"]))
    ministries = alternation(name for a in g["agency_types"] for name in a.get("ministry_of", []))
    agencies = alternation(n for a in g["agency_types"] for n in a["names"] if n[0].isupper())
    return re.compile(
        r"^(?P<aside>\s*\([^()\n]{1,40}\))?"
        rf"(?:(?P<phrase>\s+(?:to|in)\s+(?:the\s+)?(?P<place>{places})"
        rf"|\s+of\s+(?P<ministry>{ministries})(?P<more>\s+and(?:\s+[A-Z][a-z]+){{3,6}}(?=[\s,.]))?"
        rf"(?:\s+of\s+(?:the\s+)?(?P<ministry_state>{alternation(g['state_names'])})(?![\w-]))?)"
        rf"|\s+of\s+(?:the\s+)?(?P<of_state>{alternation(g['state_names'])})(?![\w-])"
        rf"|\s+of\s+(?:the\s+)?(?P<mission>(?:[A-Z][a-z]+\s+)?(?:Embassy|Consulate(?:\s+General)?|{agencies})"
        rf"(?:\s+of\s+(?:the\s+)?(?:{alternation(g['state_names'])}))?(?:\s+in\s+(?:{places}))?))?\s*,?\s*")


def find_people(doc: Doc):
    """Officials by post and persons by role, then surname-only references."""
    found: list[tuple[str, str, int, int]] = []  # key, surname, start, end
    ambassadors: list[tuple[str, str, str]] = []  # person key, state, host
    _officials_by_post(doc, found, ambassadors)
    _persons_by_role(doc, found)
    _appositions(doc, found)
    _role_appositions(doc, found)
    _counterparts(doc, found)
    for key, surname, s0, e0 in found:
        for m in re.finditer(rf"\b{re.escape(surname)}\b(?:'s)?", doc.text):
            if not (s0 <= m.start() < e0):
                doc.mention(m.start(), m.start() + len(surname), key, doc.entities[key].type,
                            doc.entities[key].label, "person-surname")
    _embassies_of_ambassadors(doc, ambassadors)


def _officials_by_post(doc: Doc, found: list, ambassadors: list):
    p, g, text = patterns(), gazetteer(), doc.text
    agency_names = alternation(p["agency_names"])
    post_tail = _post_tail()
    for m in p["post"].finditer(text):
        post = m.group(1)
        tail = post_tail.match(text[m.end():])
        start = m.end() + tail.end()
        post_end = max(tail.end("aside") if tail.group("aside") else 0, tail.end("phrase") if tail.group("phrase") else 0)
        mission = next((mm.key for mm in doc.mentions if mm.type == "Agency" and tail.group("mission")
                        and m.end() + tail.start("mission") <= mm.start < m.end() + tail.end("mission")), None)
        if tail.group("more"):  # "Minister of Employment and Poverty Reduction Ulugbek X": the last two words name them
            words = list(re.finditer(r"[A-Z][a-z]+", tail.group("more")))
            start = m.end() + tail.start("more") + words[-2].start()
            post_end = start - m.end() - 1
        name_m = re.match(NAME, text[start:])
        if not name_m or name_m.group(0).split()[0] in NOT_NAME:
            continue
        name = _trim_name(name_m.group(0))
        if any(w in NOT_NAME for w in name.split()):
            continue  # "Deputy Labor Minister Askar ...": a post, not a name
        if not name or not _credible(doc, name, start):
            continue
        # the agency or state phrase in front of the post ("Russian Foreign Ministry spokesperson")
        prefix = text[max(0, m.start() - 60):m.start()]
        agency_m = re.search(rf"({agency_names})\s+$", prefix)
        full_post = post + text[m.end():m.end() + post_end]
        agency_type = post_definition(post).get("agency")
        if tail.group("ministry"):  # "Deputy Minister of Employment"
            agency_type = next(a["key"] for a in g["agency_types"] if tail.group("ministry") in a.get("ministry_of", []))
        agency = mission  # "Consul of the Kyrgyz Embassy in Moscow X"
        state = doc.state_of(agency) or post_definition(post).get("state")  # "Kremlin aide X"
        if agency_m:
            full_post = agency_m.group(1) + " " + full_post
            at = m.start() - len(agency_m.group(0))
            agency = next((mm.key for mm in doc.mentions if mm.type == "Agency" and mm.start <= at < mm.end), None)
            state = doc.state_of(agency)
        if state is None and (tail.group("of_state") or tail.group("ministry_state")):  # "the Ombudsman of the
            state = state_key(tail.group("of_state") or tail.group("ministry_state"))  # Kyrgyz Republic, X"
        if state is None:
            state, _ = state_before(doc, m.start() - (len(agency_m.group(0)) if agency_m else 0))
        if state is None and agency is None:
            agency = _referenced_agency(doc, m.start())  # "the ministry's spokesman"
            state = doc.state_of(agency)
        if state is None:
            state = _discourse_state(doc, m.start(), agency_type)
        key = _add_person(doc, "Official", name, start, start + len(name), "official-post-name")
        span = doc.sentence_span(m.start())
        doc.add_fact(key, "post", full_post.strip(), "string", span, "official-post-name")
        if state:
            doc.add_fact(key, "state", f"state/{state}", "entity", span, "official-state")
        if agency is None and state and agency_type:
            if g["agency_by_key"][agency_type].get("needs_host"):
                host = place_state(tail.group("place")) if tail.group("place") else None
                if host and host != state:
                    ambassadors.append((key, state, host))
                elif host is None:  # "Russian Ambassador X" and the one Russian embassy the article names
                    agency = existing_agency(doc, agency_type, state)
            else:
                agency = existing_agency(doc, agency_type, state)
        if agency:
            doc.add_fact(key, "agency", agency, "entity", span, "official-agency")
        found.append((key, name.split()[-1], start, start + len(name)))


AGENCY_WORD = re.compile(r"\b(?:the\s+)?(ministry|agency|embassy|committee|service|office|consulate)(?:'s)?\s+(?:press\s+)?$")


def _referenced_agency(doc: Doc, pos: int) -> str | None:
    """The agency of "the ministry's spokesman", "ministry spokeswoman X"."""
    m = AGENCY_WORD.search(doc.text[max(0, pos - 30):pos])
    return _agency_of_kind(doc, m.group(1), pos) if m else None


def _agency_of_kind(doc: Doc, word: str, pos: int) -> str | None:
    """The agency "the ministry" (the word) refers to at ``pos``: the first agency of that kind
    in the sentence, else the latest one before it."""
    kind = {"ministry": "ministry-of", "agency": "migration-agency", "service": "service", "office": "office"}.get(word, word)
    s, _ = doc.sentence_span(pos)
    agencies = sorted((a for a in doc.mentions if a.type == "Agency" and not a.implied and a.end <= pos and (
        kind in a.key if word != "directorate" else of_a_directorate(doc, a))), key=lambda a: a.start)
    in_sentence = [a for a in agencies if a.start >= s]
    chosen = in_sentence[0] if in_sentence else (agencies[-1] if agencies else None)
    return chosen.key if chosen else None


def _discourse_state(doc: Doc, pos: int, agency_type: str | None) -> str | None:
    """The state of an official whose post names none ("Deputy Foreign Minister X handed the
    Russian diplomat a note"): the state acting before the post in its sentence, else the one
    agency of the post's kind the article names, else the article's home state. A state
    named after the official is an object, not theirs."""
    if agency_type:  # "summoned to the Kyrgyz Foreign Ministry, where Deputy Foreign Minister X ...": its staff
        s, _ = doc.sentence_span(pos)
        own_kind = [m for m in doc.mentions_in(s, pos, ("Agency",)) if m.key.split("/")[-1] == agency_type]
        states_after = own_kind and doc.mentions_in(own_kind[-1].end, pos, ("State",))  # "..., the Russian delegation by"
        if own_kind and not states_after and doc.state_of(own_kind[-1].key):
            return doc.state_of(own_kind[-1].key)
    state = actor_state_before(doc, pos)
    if state is None and agency_type and not gazetteer()["agency_by_key"][agency_type].get("needs_host"):
        known = existing_agency(doc, agency_type)
        state = doc.state_of(known) if known else None
    return state or doc.home


def _persons_by_role(doc: Doc, found: list):
    text = doc.text
    for m in patterns()["role"].finditer(text):
        name_m = re.match(NAME, text[m.end():])
        if not name_m:
            continue
        name = _trim_name(name_m.group(0))
        if not name or name.split()[0] in NOT_NAME or not _credible(doc, name, m.end()):
            continue
        start = m.end()
        key = _add_person(doc, "Person", name, start, start + len(name), "person-role-name")
        span = doc.sentence_span(m.start())
        doc.add_fact(key, "role", m.group(1), "string", span, "person-role-name")
        state, _ = state_before(doc, m.start())
        if state:
            doc.add_fact(key, "state", f"state/{state}", "entity", span, "person-state")
        found.append((key, name.split()[-1], start, start + len(name)))


# "X, (deputy) director of ...": an official when what they head is a state body, named or
# referred to ("of the agency"); else a person with that role.
APPOSITION_TITLE = (r"(?:former\s+)?(?:(?:first\s+)?deputy\s+|acting\s+)?"
                    r"(?:leader|head|chairman|chairwoman|chair|founder|director|chief|aide|adviser|advisor|"
                    r"(?:vice\s+)?minister)")
# (Agencies the gazetteer knows count too; "Council" or "Committee" alone may be a diaspora's or an NGO's.)
STATE_BODY = re.compile(r"\b(?:Party|Duma|[Pp]arliament|Ministry|Office|Service|President|Government|Kremlin)\b|"
                        r"\bthe\s+(?:agency|ministry|embassy|consulate|committee|directorate)'s\s|"
                        r"\bthe\s+(?:agency|ministry|embassy|consulate|committee|service)$")
ANAPHORIC_BODY = re.compile(r"\s+of\s+the\s+(agency|ministry|embassy|consulate|committee|service|office)$")
INNER_BODY = re.compile(r"\bthe\s+(agency|ministry|embassy|consulate|committee|directorate)'s\s+")
POSSESSIVE_BODY = re.compile(r"the\s+(agency|ministry|embassy|consulate|committee|service|directorate)'s\s+")



def _appositions(doc: Doc, found: list):
    # "X, director of the agency", "X, the agency's first deputy director", "X, Kazakhstan's vice minister of
    # labour", "X, a deputy from the Y faction", "the director of the agency, X"
    apposition = re.compile(rf"\b(?P<name>{NAME}),\s+(?:the\s+|an?\s+)?(?P<desc>{APPOSITION_TITLE}\s+(?:of|to|at)\s+"
                            r"(?:the\s+)?[^,.;]+?)(?=[,.;(])")
    possessive = re.compile(rf"\b(?P<name>{NAME}),\s+(?P<desc>the\s+(?:agency|ministry|embassy|consulate|committee|"
                            rf"service|directorate)'s\s+{APPOSITION_TITLE}(?:\s+of\s+the\s+\w+)?)\b")
    states = re.compile(rf"\b(?P<name>{NAME}),\s+(?:the\s+)?(?P<desc>(?:{alternation(gazetteer()['state_names'])})'s\s+"
                        rf"{APPOSITION_TITLE}\b(?:\s+(?:of|for)\s+[a-z]+(?:\s+and\s+[a-z]+)?)?)")
    deputies = re.compile(rf"\b(?P<name>{NAME}),\s+an?\s+(?P<desc>(?:State\s+Duma\s+)?deputy|lawmaker|senator)\s+"
                          r"(?:from|of)\s+(?:the\s+)?[^,.;]{2,60}?(?:faction|party|Party|caucus|bloc)\b")
    heads = re.compile(rf"\bthe\s+(?P<desc>(?:first\s+)?(?:deputy\s+)?(?:director|head|chairman|chief)\s+of\s+"
                       rf"(?:the\s+)?[^,;.]{{3,90}}?),\s+(?P<name>{NAME})\b")
    for m in [m for rx in (apposition, possessive, states, deputies, heads) for m in rx.finditer(doc.text)]:
        name = _trim_name(m.group("name"))
        if not name or name.split()[0] in NOT_NAME or not SURNAME_SHAPE.search(name.split()[-1]):
            continue
        if any(s == name.split()[-1] for _, s, *_ in found):
            continue
        description = m.group("desc").strip()
        named_agency = next((a.key for a in doc.mentions if a.type == "Agency" and not a.implied  # (a long name
                             and m.start("desc") <= a.start < m.end("desc")), None)  # may run past the comma)
        country = m.re is states and state_key(description.split("'s")[0])
        is_official = bool(named_agency or country or STATE_BODY.search(description) or POSSESSIVE_BODY.match(description)
                           or m.re is deputies)
        at = m.start("name")
        key = _add_person(doc, "Official" if is_official else "Person", name, at, at + len(name), "person-apposition")
        span = doc.sentence_span(m.start())
        if is_official:
            agency = named_agency
            anaphor = ANAPHORIC_BODY.search(description) or POSSESSIVE_BODY.match(description)
            if anaphor:  # "deputy director of the agency": the agency the article spoke of
                agency = agency or _agency_of_kind(doc, anaphor.group(1), m.start())
                description = description[anaphor.end():] if anaphor.start() == 0 else description[:anaphor.start()]
            if country:  # "Kazakhstan's vice minister of labour": the state is a fact of its own
                description = description.split("'s", 1)[1].strip()
            inner = INNER_BODY.search(description)
            if inner and not agency:  # "head of the directorate's press service"
                agency = _agency_of_kind(doc, inner.group(1), m.start())
            post = "lawmaker" if "Party" in description or "Duma" in description or m.re is deputies else description
            doc.add_fact(key, "post", _without_state(post), "string", span, "official-apposition")
            state = doc.state_of(agency) if agency else country or nearest_state(doc, m.start())
            if state:
                doc.add_fact(key, "state", f"state/{state}", "entity", span, "official-state")
            if agency:
                doc.add_fact(key, "agency", agency, "entity", span, "official-agency")
        else:
            doc.add_fact(key, "role", description, "string", span, "person-apposition")
        found.append((key, name.split()[-1], at, at + len(name)))


@lru_cache(maxsize=1)
def _of_states() -> re.Pattern:
    return re.compile(rf"\bof\s+(?:the\s+)?(?:{alternation(gazetteer()['state_names'])})'s\s+")


def _without_state(post: str) -> str:
    """"director of Uzbekistan's Agency for ..." → "director of the Agency for ..." (the state is a fact of its own)."""
    return _of_states().sub("of the ", post)


def _role_appositions(doc: Doc, found: list):
    """"said Igor Sukhanov, a lawyer who ...", "X, a Bishkek-based political analyst": a person
    with that role; "X, who heads the Ulyanovsk human rights center": the head of a center."""
    roles = alternation(gazetteer()["person_roles"])
    rx = re.compile(rf"\b({NAME}),\s+(?:an?|the)\s+(?:[A-Z][\w-]*-based\s+|(?:former|veteran|prominent|leading|"
                    rf"independent|well-known|local|senior)\s+)*((?:[a-z]+\s+){{0,2}}(?:{roles}))\b")
    heads = re.compile(rf"\b({NAME}),\s+who\s+(?:heads|leads|runs|chairs|directs)\s+(?:the\s+|an?\s+)?"
                       r"((?:[A-Z][\w-]*\s+)?(?:[a-z][\w-]*\s+){0,3}(?:cent(?:er|re)|group|organi[sz]ation|project|"
                       r"association|fund|foundation|initiative|movement|NGO|diaspora))\b")  # "X, who heads the ... center"
    for m in [*rx.finditer(doc.text), *heads.finditer(doc.text)]:
        role = m.group(2) if m.re is rx else "head of a " + re.sub(r"^[A-Z][\w-]*\s+", "", m.group(2))  # not its city
        name = _trim_name(m.group(1))
        if not name or name.split()[0] in NOT_NAME or any(w in NOT_NAME for w in name.split()):
            continue
        if f"person/{slugify(name)}" in doc.entities or doc.mentions_in(m.start(1), m.start(1) + len(name)):
            continue  # already someone (or a state, an agency, a place)
        if not _credible(doc, name, m.start(1)):
            continue
        key = _add_person(doc, "Person", name, m.start(1), m.start(1) + len(name), "person-apposition-role")
        doc.add_fact(key, "role", role, "string", doc.sentence_span(m.start()), "person-apposition-role")
        found.append((key, name.split()[-1], m.start(1), m.start(1) + len(name)))


def _embassies_of_ambassadors(doc: Doc, ambassadors: list):
    """An ambassador's embassy, when the article names it ("the embassy's consular section")."""
    for person, state, host in ambassadors:
        key = f"agency/{state}/embassy-in-{host}"
        if key not in doc.entities:
            for m in re.finditer(r"\bthe\s+([Ee]mbassy)\b(?!\s+(?:of|in)\s+[A-Z])", doc.text):
                if not state_before(doc, m.start(1))[0]:
                    add_agency(doc, "embassy", state, m.start(1), m.end(1), "agency-embassy-of-ambassador", host)
        if key in doc.entities:
            doc.add_fact(person, "agency", key, "entity", doc.entities[person].spans[0], "official-agency")


def _counterparts(doc: Doc, found: list):
    """"Foreign Minister X raised the issue with his Russian counterpart, Sergei Lavrov": an
    official of that state holding the same post as X."""
    rx = re.compile(rf"\b(?:his|her|their)\s+([A-Z][a-z]+)\s+counterparts?,?\s+({NAME})")
    for m in rx.finditer(doc.text):
        state, name = state_key(m.group(1)), _trim_name(m.group(2))
        if not state or not name or name.split()[0] in NOT_NAME or f"person/{slugify(name)}" in doc.entities:
            continue
        s, _ = doc.sentence_span(m.start())
        peers = [mm.key for mm in doc.mentions_in(s, m.start(), ("Official",))]
        posts = doc.objects(peers[-1], "post") if peers else []
        key = _add_person(doc, "Official", name, m.start(2), m.start(2) + len(name), "official-counterpart")
        span = doc.sentence_span(m.start())
        doc.add_fact(key, "post", re.sub(r"^.*?((?:Deputy\s+)?\w+\s+Minister)$", r"\1", posts[0]) if posts else "counterpart",
                     "string", span, "official-counterpart")
        doc.add_fact(key, "state", f"state/{state}", "entity", span, "official-state")
        found.append((key, name.split()[-1], m.start(2), m.start(2) + len(name)))


def _credible(doc: Doc, name: str, start: int) -> bool:
    """Whether capitalised words are a name: in a Title Case headline ("Summons Russian Envoy
    Over Detention") only when the surname has a surname's shape or the body names it too."""
    if not doc.in_headline(start):
        return True
    surname = name.split()[-1]
    if SURNAME_SHAPE.search(surname) and len(name.split()) > 1:
        return True
    return any(not doc.in_headline(m.start()) for m in re.finditer(rf"\b{re.escape(surname)}\b", doc.text))


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
