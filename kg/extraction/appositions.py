"""People introduced by an apposition after or before their name.

"X, director of the agency", "X, the agency's first deputy director", "X, Kazakhstan's
vice minister of labour", "X, a deputy from the Y faction", "the director of the agency,
X" (officials when what they head is a state body); "X, a deputy foreign minister, told
him", "X, Moscow's envoy in Astana" (a post in lower case); "X, a Bishkek-based political
analyst", "X, who heads the ... center" (persons with a role).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extraction.actors import alternation, existing_agency, gazetteer, nearest_state, place_state, post_definition, state_key
from kg.extraction.affiliation import agency_of_kind, discourse_state, without_state
from kg.extraction.document import Doc
from kg.extraction.names import NAME, NOT_NAME, SURNAME_SHAPE, add_person, credible, trim_name
from kg.extraction.places import CALENDAR_WORDS
from kg.sources import slugify

# "X, (deputy) director of ...": an official when what they head is a state body, named or
# referred to ("of the agency"); else a person with that role.
APPOSITION_TITLE = (r"(?:former\s+)?(?:(?:first\s+)?deputy\s+|acting\s+)?"
                    r"(?:leader|head|chairman|chairwoman|chair|founder|director|chief|aide|adviser|advisor|"
                    r"(?:vice\s+)?minister|press\s+secretary|spokes(?:man|woman|person))")
# (Agencies the gazetteer knows count too; "Council" or "Committee" alone may be a diaspora's or an NGO's.)
STATE_BODY = re.compile(r"\b(?:Party|Duma|[Pp]arliament|Ministry|Office|Service|President|Government|Kremlin)\b|"
                        r"\bits\s+(?:[A-Z]\w+\s+)*(?:and\s+)?(?:[A-Z]\w+\s+)*Department\b|"  # "head of its Consular Department"
                        r"\bthe\s+(?:agency|ministry|embassy|consulate|committee|directorate)'s\s|"
                        r"\bthe\s+(?:agency|ministry|embassy|consulate|committee|service)$")
ANAPHORIC_BODY = re.compile(r"\s+of\s+the\s+(agency|ministry|embassy|consulate|committee|service|office)$")
INNER_BODY = re.compile(r"\bthe\s+(agency|ministry|embassy|consulate|committee|directorate)'s\s+")
POSSESSIVE_BODY = re.compile(r"the\s+(agency|ministry|embassy|consulate|committee|service|directorate)'s\s+")



def appositions(doc: Doc, found: list):
    # "X, director of the agency", "X, the agency's first deputy director", "X, Kazakhstan's vice minister of
    # labour", "X, a deputy from the Y faction", "the director of the agency, X"
    apposition = re.compile(rf"\b(?P<name>{NAME}),\s+(?:the\s+|an?\s+)?(?P<desc>{APPOSITION_TITLE}\s+(?:of|to|at|for)\s+"
                            r"(?:the\s+)?[^,.;]+?)(?=[,.;(])")
    possessive = re.compile(rf"\b(?P<name>{NAME}),\s+(?P<desc>the\s+(?:agency|ministry|embassy|consulate|committee|"
                            rf"service|directorate)'s\s+{APPOSITION_TITLE}(?:\s+of\s+the\s+\w+)?)\b")
    states = re.compile(rf"\b(?P<name>{NAME}),\s+(?:the\s+)?(?P<desc>(?:{alternation(gazetteer()['state_names'])})'s\s+"
                        rf"{APPOSITION_TITLE}\b(?:\s+(?:of|for)\s+[a-z]+(?:\s+and\s+[a-z]+)?)?)")
    deputies = re.compile(rf"\b(?P<name>{NAME}),\s+an?\s+(?P<desc>(?:State\s+Duma\s+)?deputy|lawmaker|senator)\s+"
                          r"(?:from|of)\s+(?:the\s+)?[^,.;]{2,60}?(?:faction|party|Party|caucus|bloc)\b")
    parliaments = alternation(n for a in gazetteer()["agency_types"] if a["key"] == "parliament" for n in a["names"]
                              if n[0].isupper())  # "a group of State Duma deputies led by X", "X, a Mazhilis deputy"
    led_by = re.compile(rf"\b(?P<desc>(?:{parliaments})\s+(?:deputy|deputies|lawmakers?))\s+led\s+by\s+(?P<name>{NAME})")
    member = re.compile(rf"\b(?P<name>{NAME}),\s+an?\s+(?P<desc>(?:{parliaments})\s+(?:deputy|lawmaker|member))\b")
    heads = re.compile(rf"\bthe\s+(?P<desc>(?:first\s+)?(?:deputy\s+)?(?:director|head|chairman|chief)\s+of\s+"
                       rf"(?:the\s+)?[^,;.]{{3,90}}?),\s+(?P<name>{NAME})\b")
    for m in [m for rx in (apposition, possessive, states, deputies, heads, led_by, member) for m in rx.finditer(doc.text)]:
        name = trim_name(m.group("name"))
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
        key = add_person(doc, "Official" if is_official else "Person", name, at, at + len(name), "person-apposition")
        span = doc.sentence_span(m.start())
        if is_official:
            agency = named_agency
            anaphor = ANAPHORIC_BODY.search(description) or POSSESSIVE_BODY.match(description)
            if anaphor:  # "deputy director of the agency": the agency the article spoke of
                agency = agency or agency_of_kind(doc, anaphor.group(1), m.start())
                description = description[anaphor.end():] if anaphor.start() == 0 else description[:anaphor.start()]
            if country:  # "Kazakhstan's vice minister of labour": the state is a fact of its own
                description = description.split("'s", 1)[1].strip()
            if not agency and re.search(r"\bits\s", description):  # "... was invited to the Ministry, where the head of
                s0 = doc.sentence_span(m.start())[0]  # its Consular Department, X": that ministry's
                agency = next((a.key for a in reversed(doc.mentions_in(s0, m.start(), ("Agency",)))), None)
            inner = INNER_BODY.search(description)
            if inner and not agency:  # "head of the directorate's press service"
                agency = agency_of_kind(doc, inner.group(1), m.start())
            post = description
            if "Party" in description or "Duma" in description or m.re in (deputies, led_by, member):  # the word the text uses
                title = re.search(r"\b(deput(?:y|ies)|lawmakers?|senators?|MPs?)\b", description)
                post = re.sub(r"ies$", "y", title.group(1)).rstrip("s") if title else "lawmaker"
            doc.add_fact(key, "post", without_state(post), "string", span, "official-apposition")
            state = doc.state_of(agency) if agency else country or nearest_state(doc, m.start())
            if state:
                doc.add_fact(key, "state", f"state/{state}", "entity", span, "official-state")
            if agency:
                doc.add_fact(key, "agency", agency, "entity", span, "official-agency")
        else:
            doc.add_fact(key, "role", description, "string", span, "person-apposition")
        found.append((key, name.split()[-1], at, at + len(name)))


@lru_cache(maxsize=1)
def _post_apposition() -> re.Pattern:
    g = gazetteer()
    states = alternation(list(g["state_names"]) + list(g["capitals"]))
    posts = alternation(v for p in g["posts"] for v in (p["post"].lower(), p["post"]))  # "X, the Consul General, arrived"
    return re.compile(rf"\b(?P<name>{NAME}),\s+(?:an?\s+|the\s+)?(?:(?P<state>{states})'s\s+)?(?P<post>{posts})"
                      rf"(?:\s+of\s+(?P<field>[A-Z][a-z]+(?:,?\s+(?:and\s+)?[A-Z][a-z]+){{0,3}})(?=\s+of\s|,))?"  # "of Transport"
                      rf"(?:\s+(?:in|to)\s+(?P<place>{states})|\s+of\s+(?:the\s+)?(?P<of_state>{states})(?![\w-])|"
                      rf"\s+of\s+the\s+(?P<body>(?:[A-Z][\w-]*\s+){{1,4}}[A-Z][\w-]*)|"
                      r"\s+of\s+the\s+(?P<named>embassy|consulate|ministry|agency|service)(?=\s+who\b|,))?"
                      r"(?=,|\s+(?:said|says|told|was|who|has|had|arrived)\b)")  # ("a deputy of the Samara Provincial Duma")


def post_appositions(doc: Doc, found: list, ambassadors: list):
    """A post after a name, in lower case as the Guardian writes them: "Dauren X, a deputy foreign
    minister, told him", "Yuri X, Moscow's envoy in Astana, was summoned"; or as titled: "X, the Consul
    General, arrived"."""
    for m in _post_apposition().finditer(doc.text):
        name = trim_name(m.group("name"))
        if not name or any(w in NOT_NAME or w in CALENDAR_WORDS for w in name.split()) \
                or any(s == name.split()[-1] for _, s, *_ in found) \
                or not credible(doc, name, m.start()) or doc.mentions_in(m.start(), m.start() + len(name)):
            continue
        agency_type = post_definition(m.group("post")).get("agency")
        body = next((a.key for a in doc.mentions_in(m.start("body"), m.end("body"), ("Agency",))), None) \
            if m.group("body") else None
        if m.group("body") and body is None:
            continue  # "a deputy of the Motherland Party": no state body
        if m.group("named"):  # "X, a consul of the embassy who ...": the embassy named before
            body = next((a.key for a in reversed(doc.mentions_in(0, m.start(), ("Agency",)))
                         if m.group("named") in doc.entities[a.key].label.lower()), None)
        state = doc.state_of(body) if body else state_key(m.group("state") or m.group("of_state")) \
            or discourse_state(doc, m.start(), agency_type)
        key = add_person(doc, "Official", name, m.start(), m.start() + len(name), "official-apposition")
        span = doc.sentence_span(m.start())
        post = m.group("post") + (f" of {m.group('field')}" if m.group("field") else "")
        doc.add_fact(key, "post", post, "string", span, "official-apposition")
        if state:
            doc.add_fact(key, "state", f"state/{state}", "entity", span, "official-state")
        host = place_state(m.group("place"))
        if agency_type and state and host and host != state and gazetteer()["agency_by_key"][agency_type].get("needs_host"):
            ambassadors.append((key, state, host))
        elif body:
            doc.add_fact(key, "agency", body, "entity", span, "official-agency")
        elif agency_type and state and existing_agency(doc, agency_type, state):
            doc.add_fact(key, "agency", existing_agency(doc, agency_type, state), "entity", span, "official-agency")
        found.append((key, name.split()[-1], m.start(), m.start() + len(name)))




def role_appositions(doc: Doc, found: list):
    """"said Igor Sukhanov, a lawyer who ...", "X, a Bishkek-based political analyst": a person
    with that role; "X, who heads the Ulyanovsk human rights center": the head of a center."""
    roles = alternation(gazetteer()["person_roles"])
    rx = re.compile(rf"\b({NAME}),\s+(?:(?:an?|the)\s+|(?=senior\s|chief\s|lead\s|(?:commercial|HR|general|executive|"
                    rf"managing|financial|sales)\s+director\s))(?:[A-Z][\w-]*-based\s+|"
                    rf"(?:former|veteran|prominent|leading|independent|well-known|local|senior|chief|lead)\s+)*"
                    rf"((?:(?:[a-z]+|[A-Z][a-z]+)\s+){{0,2}}(?:{roles}))\b")  # "X, senior Russia researcher at"
    heads = re.compile(rf"\b({NAME}),\s+who\s+(?:heads|leads|runs|chairs|directs)\s+(?:the\s+|an?\s+)?"
                       r"((?:[A-Z][\w-]*\s+)?(?:[a-z][\w-]*\s+){0,3}(?:cent(?:er|re)|group|organi[sz]ation|project|"
                       r"association|fund|foundation|initiative|movement|NGO|diaspora))\b")  # "X, who heads the ... center"
    for m in [*rx.finditer(doc.text), *heads.finditer(doc.text)]:
        role = m.group(2) if m.re is rx else "head of a " + re.sub(r"^[A-Z][\w-]*\s+", "", m.group(2))  # not its city
        name = trim_name(m.group(1))
        if not name or name.split()[0] in NOT_NAME or any(w in NOT_NAME for w in name.split()):
            continue
        if f"person/{slugify(name)}" in doc.entities or doc.mentions_in(m.start(1), m.start(1) + len(name)):
            continue  # already someone (or a state, an agency, a place)
        if not credible(doc, name, m.start(1)):
            continue
        key = add_person(doc, "Person", name, m.start(1), m.start(1) + len(name), "person-apposition-role")
        doc.add_fact(key, "role", role, "string", doc.sentence_span(m.start()), "person-apposition-role")
        found.append((key, name.split()[-1], m.start(1), m.start(1) + len(name)))
