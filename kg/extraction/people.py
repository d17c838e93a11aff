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
shape or when the body names them too. Someone who "signed a law" or a decree is an
official of the state acting around them, post unknown.

What a name looks like is :mod:`kg.extraction.names`; whom an official works for,
:mod:`kg.extraction.affiliation`; people introduced by appositions,
:mod:`kg.extraction.appositions`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extraction.actors import actor_state_before, add_agency, alternation, existing_agency, gazetteer, patterns, place_right_before, \
    place_state, post_definition, state_before, state_key, story_state
from kg.extraction.affiliation import discourse_state, referenced_agency
from kg.extraction.appositions import appositions, post_appositions, role_appositions
from kg.extraction.document import Doc
from kg.extraction.names import NAME, NOT_NAME, add_person, credible, trim_name
from kg.sources import slugify

# a military or police rank between a post and the name: no part of either
RANK = re.compile(r"(?:(?:Police|Justice|Internal\s+Service)\s+)?(?:(?:Lieutenant|Major|Colonel)\s+)?"
                  r"(?:General|Colonel|Major|Captain|Lieutenant)\s+(?=[A-Z])")


@lru_cache(maxsize=1)
def _post_tail() -> re.Pattern:
    """What may follow a post before the name: "(Akyikatchy)", "to Uzbekistan", "in Yekaterinburg",
    "of Employment" (and "and Poverty Reduction"), "of the Kyrgyz Republic", a comma."""
    g = gazetteer()
    places = alternation(list(g["state_names"]) + list(g["capitals"]) + list(g["cities"]))
    ministries = alternation(name for a in g["agency_types"] for name in a.get("ministry_of", []))
    agencies = alternation(n for a in g["agency_types"] for n in a["names"] if n[0].isupper())
    return re.compile(
        r"^(?:\s+a\.\s?i\.)?(?P<aside>\s*\([^()\n]{1,40}\))?"  # "Chargé d'Affaires a.i. of ..."
        rf"(?:(?P<phrase>\s+(?:to|in)\s+(?:the\s+)?(?P<place>{places})"
        rf"|\s+of\s+(?P<ministry>{ministries})(?P<more>(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)*\s+and(?:\s+(?:of\s+the\s+)?[A-Z][a-z]+){{1,7}}(?=[\s,.]))?"
        rf"(?:\s+of\s+(?:the\s+)?(?P<ministry_state>{alternation(g['state_names'])})(?![\w-])|"
        r"\s+for\s+the\s+(?:Republic\s+of\s+)?(?P<ministry_region>[A-Z][a-z]+(?:\s+(?:Region|Territory|Oblast|Krai))?)\b|"
        r"\s+of\s+the\s+(?P<ministry_oblast>[A-Z][a-z]+\s+(?:Region|Territory|Oblast|Krai))\b)?)"
        rf"|\s+of\s+(?:the\s+)?(?P<of_state>{alternation(g['state_names'])})(?![\w-])"
        rf"(?:\s+to\s+(?:the\s+)?(?P<to_state>{alternation(g['state_names'])})(?![\w-]))?"  # "Ambassador ... of Russia to X"
        rf"(?:\s+in\s+(?:the\s+)?(?P<of_place>{places})(?![\w-]))?"  # "Consul General of Tajikistan in Novosibirsk X"
        rf"|\s+of\s+(?:the\s+)?(?P<region>(?:[A-Z][a-z]+[\s-]){{1,3}}(?:Region|Territory|Oblast|Krai)|{alternation(g['regions'])})"
        r"(?![\w-])"  # a governor's
        rf"|\s+of\s+(?:the\s+)?(?P<mission>(?:[A-Z][a-z]+\s+)?(?:(?:[A-Z][a-z]+\s+)?Committee\s+(?:on|for)"
        rf"(?P<committee>(?:,?\s+(?:and\s+|with\s+)?[A-Z][\w-]*)+)|Embassy|Consulate(?:\s+General)?|{agencies}|Agency|Service|"
        rf"Directorate|ministry|embassy|consulate|agency|Department(?:\s+(?:of|for)\s+(?:[A-Z][\w-]*\s+){{0,2}}[A-Z][\w-]*(?=\s+of\s))?)"
        rf"(?:\s+of\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:{agencies}))?"  # "Deputy Head of the Main Directorate ... of the
        # Ministry of X", "Director of the Second Department of the Russian Foreign Ministry"
        rf"(?:\s+of\s+(?:the\s+)?(?:{alternation(g['state_names'])}))?(?:\s+in\s+(?:the\s+)?(?:{places}))?"
        rf"(?:\s+for\s+(?:the\s+)?(?:[A-Z][a-z]+\s+){{1,2}}(?:Region|Territory|Oblast|Krai))?))?\s*,?\s*")


def find_people(doc: Doc):
    """Officials by post and persons by role, then surname-only references."""
    found: list[tuple[str, str, int, int]] = []  # key, surname, start, end
    ambassadors: list[tuple] = []  # person key, state, host (and the mission's kind, an embassy by default)
    _officials_by_post(doc, found, ambassadors)
    _persons_by_role(doc, found)
    appositions(doc, found)
    post_appositions(doc, found, ambassadors)
    role_appositions(doc, found)
    _signatories(doc, found)
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
        if len(re.findall(r"[A-Z]\w+", tail.group("mission") or "")) > 1 and re.match(r"(?i)head|director|chief|deputy\s",
                                                                                m.group(1)):  # "head of the Main
            post_end = len(tail.group(0).rstrip(" ,"))  # Directorate for Migration Issues of the Interior Ministry"
        mission = next((mm.key for mm in doc.mentions if mm.type == "Agency" and tail.group("mission")
                        and m.end() + tail.start("mission") <= mm.start < m.end() + tail.end("mission")), None)
        long_name = "more" if tail.group("more") else "committee" if tail.group("committee") else None
        words = list(re.finditer(r"[A-Z][a-z]+", tail.group(long_name))) if long_name else []
        if len(words) >= 3 and not re.match(r",\s+" + NAME, text[m.end() + tail.end(long_name):]):
            # "Minister of Employment and Poverty Reduction Ulugbek X", "deputy chairman of the State Duma Committee
            # on CIS Affairs, Eurasian Integration and Relations with Compatriots Konstantin X": the last two words
            # name them (with a comma after the body's name, the name follows it)
            start = m.end() + tail.start(long_name) + words[-2].start()
            post_end = start - m.end() - 1
        rank = RANK.match(text, start)  # "the head of the directorate, Lieutenant General Gennady X"
        start = rank.end() if rank and re.search(r",\s*$", text[m.end():start]) else start
        name_m = re.match(NAME, text[start:])
        if not name_m or name_m.group(0).split()[0] in NOT_NAME:
            continue
        if re.search(r"\b(?:general|commercial|executive|managing|financial|technical|production|sales|art)\s+$",
                     text[max(0, m.start() - 14):m.start()]):
            continue  # "its general director Oleg X": a company's, a person with a role
        name = trim_name(name_m.group(0))
        if any(w in NOT_NAME for w in name.split()):
            continue  # "Deputy Labor Minister Askar ...": a post, not a name
        if not name or not credible(doc, name, start):
            continue
        # the agency or state phrase in front of the post ("Russian Foreign Ministry spokesperson")
        prefix = text[max(0, m.start() - 60):m.start()]
        agency_m = re.search(rf"({agency_names})\s+$", prefix)
        full_post = post + text[m.end():m.end() + post_end]
        agency_type = post_definition(post).get("agency")
        if tail.group("ministry"):  # "Deputy Minister of Employment"
            agency_type = next(a["key"] for a in g["agency_types"] if tail.group("ministry") in a.get("ministry_of", []))
        word = (tail.group("mission") or "").lower()
        if mission is None and word in ("agency", "service", "ministry", "embassy", "consulate"):  # "Director of the
            mission = next((mm.key for mm in reversed(doc.mentions_in(0, m.start(), ("Agency",)))  # Agency X": the one
                            if word in doc.text[mm.start:mm.end].lower()), None)  # named before
        agency = mission  # "Consul of the Kyrgyz Embassy in Moscow X"
        state = doc.state_of(agency) or post_definition(post).get("state")  # "Kremlin aide X"
        if agency_m:
            full_post = agency_m.group(1) + " " + full_post
            at = m.start() - len(agency_m.group(0))
            agency = next((mm.key for mm in doc.mentions if mm.type == "Agency" and mm.start <= at < mm.end), None)
            state = doc.state_of(agency)
        if agency is None and post_definition(post).get("court"):  # "the District Court ... Judge X"
            agency = next((mm.key for mm in reversed(doc.mentions_in(0, m.start(), ("Agency",)))
                           if doc.entities[mm.key].rule == "agency-court"), None)
            state = doc.state_of(agency)
        oblast = re.search(r"\bof\s+the\s+([A-Z][a-z]+\s+(?:Region|Oblast|Krai|Territory))\b", tail.group("more") or "")
        region = tail.group("region") or tail.group("ministry_region") or tail.group("ministry_oblast") or (
            oblast.group(1) if oblast else None)  # (or "Deputy
        # Minister of Transport of the Novosibirsk Region X", "Deputy Minister of Internal Affairs
        if state is None and region:  # for the Republic of Tatarstan X"): "the deputy governor of the Nizhny Novgorod Region, X"
            state = place_state(region) or place_state(re.sub(r"[\s-]\w+$", "", region))
        if state is None and (tail.group("of_state") or tail.group("ministry_state")):  # "the Ombudsman of the
            state = state_key(tail.group("of_state") or tail.group("ministry_state"))  # Kyrgyz Republic, X"
        if state is None:
            state, _ = state_before(doc, m.start() - (len(agency_m.group(0)) if agency_m else 0))
        if state is None:  # "St Petersburg's Commissioner for Human Rights, X": the city's
            state = place_right_before(doc, m.start())
        if state is None and re.search(r"\bthe\s+(?:region|city|republic|province|oblast|krai|territory)'s\s+$",
                                       text[max(0, m.start() - 20):m.start()]):
            state = story_state(doc, m.start())  # "the region's Commissioner for Human Rights, X"
        if agency is None and agency_type is None and re.search(r"\b(?:to|at)\s+the\s+[^,;]*?[Mm]inistry[^,;]*,\s+where\s+$",
                                                                text[doc.sentence_span(m.start())[0]:m.start()]):
            agency = next((mm.key for mm in reversed(doc.mentions_in(0, m.start(), ("Agency",)))  # "summoned to the Foreign
                           if "ministry" in mm.key), None)  # Ministry of Uzbekistan, where Deputy Minister X handed"
            state = state or doc.state_of(agency)
        if state is None and agency is None and g["agency_by_key"].get(agency_type, {}).get("needs_host"):
            mission = next((mm for mm in reversed(doc.mentions_in(0, m.start(), ("Agency",)))  # "Consul General X" after
                            if mm.key.split("/")[2].split("-in-")[0] == agency_type), None)  # "Uzbekistan's Consulate
            if mission:  # General in Kazan sent a note": its consul
                agency, state = mission.key, doc.state_of(mission.key)
        if state is None and post_definition(post).get("regional"):  # "Vice-Governor X": of where the story is
            state = story_state(doc, m.start())
        if state is None and agency is None:
            agency = referenced_agency(doc, m.start())  # "the ministry's spokesman"
            state = doc.state_of(agency)
        if agency is None and re.fullmatch(r"(?:[Dd]eputy\s+|[Ff]irst\s+[Dd]eputy\s+|[Vv]ice[\s-])?[Mm]inister", post) and not post_end:
            before = doc.sentence_span(doc.sentence_span(m.start())[0] - 1)[0] if doc.sentence_span(m.start())[0] else 0
            ministries = [mm.key for mm in doc.mentions_in(before, m.start(), ("Agency",)) if "/ministry-of-" in mm.key
                          and re.match(r"[^.;]{0,60}?\b(?:told|said|says|reported|stated|announced)\b", text[mm.end:])]
            if len(set(ministries)) == 1:  # "The Ministry of Labor told KNews ... According to Deputy Minister X":
                agency, state = ministries[0], state or doc.state_of(ministries[0])  # its deputy minister
        if state is None:
            state = discourse_state(doc, m.start(), agency_type)
        key = add_person(doc, "Official", name, start, start + len(name), "official-post-name")
        span = doc.sentence_span(m.start())
        doc.add_fact(key, "post", full_post.strip(), "string", span, "official-post-name")
        if state:
            doc.add_fact(key, "state", f"state/{state}", "entity", span, "official-state")
        if agency is None and state and agency_type:
            if g["agency_by_key"][agency_type].get("needs_host"):
                where = tail.group("place") or tail.group("of_place")
                host = place_state(where) if where else None
                if host and host != state:
                    ambassadors.append((key, state, host, agency_type))
                elif host is None:  # "Russian Ambassador X" and the one Russian embassy the article names
                    agency = existing_agency(doc, agency_type, state)
            else:  # (a deputy of a city's Legislative Assembly, when the article names no parliament)
                agency = existing_agency(doc, agency_type, state) or next(
                    (existing_agency(doc, a["key"], state) for a in g["agency_types"] if a.get("lower_of") == agency_type
                     and existing_agency(doc, a["key"], state)), None)
        if agency:
            doc.add_fact(key, "agency", agency, "entity", span, "official-agency")
        found.append((key, name.split()[-1], start, start + len(name)))


def _persons_by_role(doc: Doc, found: list):
    text = doc.text
    for m in patterns()["role"].finditer(text):
        name_m = re.match(NAME, text[m.end():])
        if not name_m:
            continue
        name = trim_name(name_m.group(0))
        if not name or name.split()[0] in NOT_NAME or not credible(doc, name, m.end()):
            continue
        start = m.end()
        key = add_person(doc, "Person", name, start, start + len(name), "person-role-name")
        span = doc.sentence_span(m.start())
        doc.add_fact(key, "role", m.group(1), "string", span, "person-role-name")
        state, _ = state_before(doc, m.start())
        if state:
            doc.add_fact(key, "state", f"state/{state}", "entity", span, "person-state")
        found.append((key, name.split()[-1], start, start + len(name)))


def _embassies_of_ambassadors(doc: Doc, ambassadors: list):
    """An ambassador's embassy, when the article names it ("the embassy's consular section"); a consul's
    consulate."""
    for person, state, host, *kind in ambassadors:
        if kind and kind[0] == "consulate":  # "Tajikistan's Consul General in Novosibirsk": the consulate there
            key = f"agency/{state}/consulate-in-{host}"
            mention = re.search(r"\bthe\s+([Cc]onsulate(?:\s+[Gg]eneral)?)\b(?!\s+(?:of|in)\s+[A-Z])",
                                doc.text[doc.entities[person].spans[0][1]:])
            if key not in doc.entities and mention and not any("/consulate-in-" in k for k in doc.entities):
                # "... the consulate general said on its Telegram channel", when no other consulate is named
                at = doc.entities[person].spans[0][1] + mention.start(1)
                add_agency(doc, "consulate", state, at, at + len(mention.group(1)), "agency-consulate-of-consul", host)
            if key in doc.entities:
                doc.add_fact(person, "agency", key, "entity", doc.entities[person].spans[0], "official-agency")
            continue
        key = f"agency/{state}/embassy-in-{host}"
        if key not in doc.entities:
            for m in re.finditer(r"\bthe\s+([Ee]mbassy)\b(?!\s+(?:of|in)\s+[A-Z])", doc.text):
                s0 = doc.sentence_span(doc.sentence_span(m.start())[0] - 1)[0] if doc.sentence_of(m.start()) else 0
                named = [a for a in doc.mentions_in(s0, m.start(), ("Agency",)) if "/embassy-in-" in a.key]
                if not state_before(doc, m.start(1))[0] and not named:  # (not "the Embassy of Uzbekistan sent
                    # a note ..., the embassy's press service said": the one just named)
                    add_agency(doc, "embassy", state, m.start(1), m.end(1), "agency-embassy-of-ambassador", host)
        if key in doc.entities:
            doc.add_fact(person, "agency", key, "entity", doc.entities[person].spans[0], "official-agency")


def _counterparts(doc: Doc, found: list):
    """"Foreign Minister X raised the issue with his Russian counterpart, Sergei Lavrov": an
    official of that state holding the same post as X."""
    rx = re.compile(rf"\b(?:his|her|their)\s+([A-Z][a-z]+)\s+counterparts?,?\s+({NAME})")
    for m in rx.finditer(doc.text):
        state, name = state_key(m.group(1)), trim_name(m.group(2))
        if not state or not name or name.split()[0] in NOT_NAME or f"person/{slugify(name)}" in doc.entities:
            continue
        s, _ = doc.sentence_span(m.start())
        peers = [mm.key for mm in doc.mentions_in(s, m.start(), ("Official",))]
        posts = doc.objects(peers[-1], "post") if peers else []
        key = add_person(doc, "Official", name, m.start(2), m.start(2) + len(name), "official-counterpart")
        span = doc.sentence_span(m.start())
        doc.add_fact(key, "post", re.sub(r"^.*?((?:Deputy\s+)?\w+\s+Minister)$", r"\1", posts[0]) if posts else "counterpart",
                     "string", span, "official-counterpart")
        doc.add_fact(key, "state", f"state/{state}", "entity", span, "official-state")
        found.append((key, name.split()[-1], m.start(2), m.start(2) + len(name)))


SIGNED = re.compile(rf"\b(?P<name>{NAME})\s+(?:has\s+|had\s+)?(?:signed|signs)\s+(?:a|an|the)\s+(?:new\s+|federal\s+)?"
                    r"(?:law|decree|bill|order|resolution)\b")


def _signatories(doc: Doc, found: list):
    """"On Monday, Vladimir Putin signed a law ...": only an official signs laws; their state is
    the one acting before them in the sentence, else in the sentence before."""
    for m in SIGNED.finditer(doc.text):
        name = trim_name(m.group("name"))
        lead = re.match(r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|Yesterday|Today)\s+", name)  # "On Monday Vladimir
        name = name[lead.end():] if lead else name  # Putin signed"
        if not name or len(name.split()) < 2 or any(w in NOT_NAME for w in name.split()) \
                or any(s == name.split()[-1] for _, s, *_ in found) or doc.mentions_in(m.start(), m.start() + len(name)):
            continue
        s, _ = doc.sentence_span(m.start())
        state = actor_state_before(doc, m.start()) or (actor_state_before(doc, s - 1) if s else None)
        at = m.start() + (lead.end() if lead else 0)
        key = add_person(doc, "Official", name, at, at + len(name), "official-signatory")
        if state:
            doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(m.start()), "official-state")
        found.append((key, name.split()[-1], at, at + len(name)))
