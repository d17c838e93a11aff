"""Find the places of an article: cities, regions, districts and venues.

Cities and regions come from the gazetteer ("Yekaterinburg", "Tatarstan") or are a name
followed by "region", "oblast" or "krai" ("the Orenburg region", "the Moscow region": a
place of its own, not the city; "the Sverdlovsk region": its state is that of a place in
its sentence); a town named before its region is part of it ("in Dimitrovgrad, Ulyanovsk
region"). Districts are "<Name> district"
("the Lyublino district of Moscow", "Moscow's Kapotnya district"); venues are named halls,
airports and arenas ("Crocus City Hall") or a name before a kind of site ("the Sadovod
market", "the Mashtakovo checkpoint", "Moscow's Vnukovo airport", "at Domodedovo airport").
A district or venue is ``partOf`` the city named with it. Capitals are decided in ``actors`` (a capital may stand
for its government).
"""

from __future__ import annotations

import re

from kg.extraction.document import Doc
from kg.extraction.lexicon import alternation, gazetteer, patterns, state_key
from kg.extraction.scenes import NOT_SCENE_BEFORE
from kg.sources import slugify

DIRECTIONS = r"(?:(?:northern|southern|central|eastern|western|north|south|east|west)(?:ern)?\s+)?"
REGION_WORD = r"(?:[Rr]egion|[Oo]blast|[Tt]erritory|[Kk]rai)"
SITES = (r"bathhouse complex|trade complex|shopping complex|trading cent(?:er|re)|complex|market|bazaar|dormitory|hostel|concert venue|stadium|mall|shopping centre|"
         r"shopping center|construction site|warehouse|airport|checkpoint|border crossing|railway station|"
         r"train station|bus station|bus terminal|coach station|detention cent(?:er|re)|depot|sawmill|logistics\s+(?:park|hub|cent(?:er|re)|complex)|industrial\s+park|"
         r"distribution\s+cent(?:er|re)|business\s+park|chemical\s+park|technopark|base|workshops?|factory|plant|farm|"
         r"truck\s+stop|car\s+park|parking\s+lot|(?:petrol|gas|filling)\s+station|hotel|motel|cafe|café|canteen|"
         r"agricultural\s+(?:holding|enterprise|complex)")
HALL = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+(?:City Hall|Concert Hall|Arena|Airport|Stadium))\b")
# what kind of goods or traffic a site serves: "the Yuzhny wholesale market", "the Petukhovo road checkpoint"
SITE_USE = (r"(?:wholesale|warehouse|vegetable|fruit|produce|food|clothing|road|border|residential|housing|car|building|"
            r"furniture|workers'|migrant|garment|sewing|textile|meat|poultry|taxi|bus|[a-z]+-processing|processing|packing)")
VENUE = re.compile(r"\b(?:at\s+)?(?:the(?:\s+[a-z]+-[a-z]+|\s+(?:old|new|former|abandoned|so-called|nearby|local)|(?P<own>\s+(?:city|town)'s))?|"
                   r"(?P<city>[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)'s)\s+\"?"
                   rf"(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\"?\s+(?P<kind>(?:{SITE_USE}\s+){{0,2}}(?:{SITES})|Market|Bazaar)\b")
# "The Kedr dormitory stands at the end of a road ...": a site the sentence is about
VENUE_SUBJECT = re.compile(rf"\bThe\s+(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\s+(?P<kind>(?:{SITE_USE}\s+){{0,2}}(?:{SITES}))"
                           r"(?=\s+(?:stands|is|was|houses|lies|sits|became)\b)")
TRANSIT = re.compile(r"\b(?:at|to|from|in|near|via)\s+(?P<name>[A-Z][\w-]+)\s+(?P<kind>airport|railway\s+station|"
                     r"train\s+station|checkpoint)\b")  # "at Vnukovo airport": no "the" before a transit point
# "Food City, a sprawling wholesale produce market": a name, then what kind of site it is
APPOSED_SITE = re.compile(r"\b(?!The\s)(?P<name>[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3})(?:,|\s+is)\s+an?\s+"  # "The Taiga is a ..."
                          r"(?:(?!(?:at|in|on|of|the|a|an|near|by|from|to|with|and|or|where|which)\s)[a-z][\w-]*\s+){0,4}"
                          rf"(?P<kind>{SITES})\b")
TOWN_AFTER = re.compile(r"\s+(?:in|on\s+the\s+outskirts\s+of)\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?!'s|\s+(?:[Rr]egion|[Oo]blast|[Dd]istrict|[Kk]rai))")
SETTLEMENT = re.compile(r"\bthe\s+(?:village|town|settlement|city|hamlet|urban\s+settlement)\s+of\s+"
                        r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")
SITE_NEAR_TOWN = re.compile(rf"\b(?:at|in|on)\s+an?\s+(?:[\w-]+\s+){{0,2}}?(?:{SITES})\s+(?:near|outside)\s+"
                            r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b(?!'s|\s+(?:[Rr]egion|[Oo]blast|[Dd]istrict))")
CITY_IN = re.compile(r"\b((?:St\.\s+)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?),\s+(?:the\s+(?:[\w-]+\s+){0,2}|an?\s+(?:[\w-]+\s+){0,2})"
                     r"(?P<kind>city|town|village|settlement|district|regional\s+centre|regional\s+center)"
                     r"(?:\s+of\s+[\d,]+(?:\s+people)?)?"
                     r"\s+(?P<prep>in|of)\s+(?:the\s+)?"
                     r"(?P<region>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)")
CALENDAR_WORDS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
                  "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
NAMED_REGION = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:[Rr]egion|[Oo]blast|[Kk]rai)\b")
NOT_REGION = {"Asian", "Central", "European", "Eastern", "Western", "Northern", "Southern", "The", "This", "That",
              "Caspian", "Arctic", "Pacific", "Baltic", "Black", "Border", "Each", "Every", "Whole", "Entire", "Capital",
              "Home", "Main"}
DISTRICT = re.compile(r"\b(?:the\s+)?((?<=the\s)[A-Z][a-z]+[ -][A-Z][a-z]+|[A-Z][a-z]+)\s+district"  # "the Biryulyovo Zapadnoye district"
                      r"(?:\s+of\s+((?:St\.\s+)?[A-Z][a-z]+(?:[ -](?:on-)?[A-Z][a-z]+)?))?")


# An outlet named after a city ("Fergana News Agency"): "told Fergana", "Photo: Fergana", "Follow Fergana on Telegram"
OUTLET_BEFORE = re.compile(r"(?:\btold|\bPhoto:|\bFollow|\binterview\s+with|\bconversation\s+with|\bquoted\s+by)\s+"
                           r"(?:[A-Z][a-z]+\s+)?$")  # ("told Vecherniy Bishkek": a newspaper)
OUTLET_AFTER = re.compile(r"\s+(?:News|Agency|TV|Radio|Daily|Times|Online|on\s+Telegram)\b")


def find_places(doc: Doc):
    p, g, text = patterns(), gazetteer(), doc.text
    for m in p["city"].finditer(text):
        if OUTLET_BEFORE.search(text[max(0, m.start() - 30):m.start()]) or OUTLET_AFTER.match(text, m.end()):
            continue
        if not re.match(rf"\s+{REGION_WORD}\b", text[m.end():m.end() + 12]):
            add_place(doc, m.group(1), g["cities"][m.group(1)], m.start(1), m.end(1), "place-city")
    known = dict(g["cities"], **g["capitals"])
    region = re.compile(rf"\b({alternation(known)})\s+({REGION_WORD})\b")
    for m in region.finditer(text):
        name = f"{m.group(1)} {m.group(2).lower()}"
        add_place(doc, name, known[m.group(1)], m.start(1), m.end(), "place-region")
    if g["regions"]:
        for m in re.finditer(rf"\b({alternation(g['regions'])})\b", text):
            add_place(doc, m.group(1), g["regions"][m.group(1)], m.start(1), m.end(1), "place-region")
    near = re.compile(rf"\b(?:in|at|(?:on\s+the\s+outskirts|on\s+the\s+edge)\s+of)\s+(?:the\s+(?:village|town|settlement)\s+of\s+)?"
                      rf"([A-Z][a-z]+(?:-[A-Z][a-z]+)?),?\s+(?:(?:near|outside|{DIRECTIONS.strip('?')}of)\s+"
                      rf"({alternation(known)})\b|on\s+({alternation(known)})'s\s+(?:[a-z]+\s+)?(?:edge|outskirts|fringe)\b)")
    for m in near.finditer(text):  # "in Sakharovo, near Moscow", "in Kommunarka, on Moscow's southern edge"
        if m.group(1) not in known and m.group(1) not in g["state_names"]:
            add_place(doc, m.group(1), known[m.group(2) or m.group(3)], m.start(1), m.end(1), "place-near-city")
    for m in SETTLEMENT.finditer(text):  # "in the settlement of Sakharovo in New Moscow": a place by its own word
        if m.group(1) not in known and m.group(1) not in g["state_names"] \
                and not doc.mentions_in(m.start(1), m.end(1), ("Place", "State", "Agency")):
            here = [doc.state_of(pm.key) for pm in doc.places_in(*doc.sentence_span(m.start()))]
            add_place(doc, m.group(1), next((st for st in here if st), None), m.start(1), m.end(1), "place-settlement")
    for m in SITE_NEAR_TOWN.finditer(text):  # "at a sawmill near Vyazma": a town the gazetteer does not know
        if m.group(1) not in known and m.group(1) not in g["state_names"] and m.group(1) not in CALENDAR_WORDS \
                and not doc.mentions_in(m.start(1), m.end(1)):
            told = [doc.state_of(pm.key) for pm in doc.places_in(0, m.start()) if doc.state_of(pm.key)]
            if told:  # (in the state the story's places are in; a headline's is named again in the body)
                add_place(doc, m.group(1), max(sorted(set(told)), key=told.count), m.start(1), m.end(1), "place-near-site")
    for m in NAMED_REGION.finditer(text):  # "the Sverdlovsk region", "Ulyanovsk Region": a region of its own
        if m.group(1) in known or m.group(1) in NOT_REGION or state_key(m.group(1)) \
                or any(pm.start < m.start(1) < pm.end for pm in doc.places_in(m.start(1) - 40, m.start(1))):
            continue  # "Novgorod Region" inside "the Nizhny Novgorod Region"
        here = [doc.state_of(pm.key) for pm in doc.places_in(*doc.sentence_span(m.start()))]
        of_city = next((g["cities"][c] for c, r in g["city_regions"].items() if r.lower() == f"{m.group(1)} region".lower()),
                       None)  # "the Sverdlovsk region" (of Yekaterinburg)
        state = g["provinces"].get(m.group(1)) or of_city or next((st for st in here if st), None)
        if m.group(0).endswith(("Krai", "krai")):  # a krai is a region of the federation ("Altai Krai")
            state = g["federal_state"]
        add_place(doc, f"{m.group(1)} region", state, m.start(1), m.end(), "place-region")
    for m in [m for m in doc.mentions if m.type == "Place" and doc.entities[m.key].rule == "place-region"]:
        town = re.search(r"(?i:\b(?:in|at|from|near)\s+)(?:the\s+(?:town|village|settlement)\s+of\s+)?"
                         r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:,\s+(?:also\s+)?(?:in\s+)?|\s+in\s+)(?:the\s+)?$",
                         text[max(0, m.start - 60):m.start])  # "in X, Ulyanovsk region", "near the town of X in the Y region"
        if town and town.group(1) not in g["state_names"] and town.group(1) not in known:  # "in X, Ulyanovsk region"
            at = m.start - (len(text[max(0, m.start - 60):m.start]) - town.start(1))
            key = add_place(doc, town.group(1), None, at, at + len(town.group(1)), "place-in-region")
            doc.add_fact(key, "partOf", m.key, "entity", doc.sentence_span(at), "place-in-region")
    _cities_in_regions(doc)
    _towns_in(doc, known)
    for m in DISTRICT.finditer(text):
        city = m.group(2) if m.group(2) in known or not m.group(2) else m.group(2).split()[0]  # "of Kazan Federal ..."
        if not city:
            possessive = re.search(r"([A-Z][a-z]+)'s\s+$", text[max(0, m.start() - 20):m.start()])
            city = possessive.group(1) if possessive else None
            if city is None and re.search(r"\bthe\s+(?:city|capital)'s\s+$", text[max(0, m.start() - 20):m.start()]):
                city = _last_city(doc, m.start())  # "the city's Kalininsky district"
            city = city or _only_city(doc, m.start())
        _place_in(doc, f"{m.group(1)} district", m.start(1), m.end(), "place-district", city)
        region = re.match(r"\s+of\s+the\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+region)\b", text[m.end():m.end() + 40])
        district = place_key(f"{m.group(1)} district")
        if region and not city and place_key(region.group(1)) in doc.entities and not doc.objects(district, "partOf"):
            doc.add_fact(district, "partOf", place_key(region.group(1)), "entity",  # "the Borovsk district of
                         doc.sentence_span(m.start()), "place-district")  # the Kaluga region"
    _towns_in(doc, known)  # again: "Balabanovo, a town in the Borovsk district", once the district is known
    for m in re.finditer(rf"\b({alternation(known)})\s+(airport|railway\s+station|train\s+station)\b", text):
        _place_in(doc, f"{m.group(1)} {m.group(2)}", m.start(1), m.end(), "place-venue", m.group(1))  # "Kazan airport"
    for m in HALL.finditer(text):  # "Kazan International Airport" is in Kazan
        first = m.group(1).split()[0]
        key = _place_in(doc, m.group(1), m.start(1), m.end(1), "place-venue",
                        _city_after(text, m.end()) or (first if first in known else None))
        if first not in known and first not in g["state_names"] and first not in g["adjectives"]:
            for short in re.finditer(rf"\b(?:at|in|to|from|near)\s+({re.escape(first)})\b(?![\s-]+[A-Z])", text):
                if not doc.mentions_in(short.start(1), short.end(1)):  # later "at Kurumoch": the same airport
                    doc.mention(short.start(1), short.end(1), key, "Place", m.group(1), "place-venue-short", role="place")
    for m in [*VENUE.finditer(text), *VENUE_SUBJECT.finditer(text), *TRANSIT.finditer(text)]:
        if HALL.fullmatch(m.group("name")) or m.group("name") in known or m.group("name") in g["state_names"]:
            continue  # "the Olympic Arena concert venue" names the arena itself; "the Moscow market" a city's
        city = m.group("city") if "city" in m.re.groupindex and m.group("city") in known else _city_after(text, m.end())
        if city is None and "own" in m.re.groupindex and m.group("own"):  # "at the city's Central Market"
            city = _last_city(doc, m.start())
        whose = re.match(r"\s+in\s+(?:the\s+(?:city|capital)|([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?))'s\s", text[m.end():m.end() + 40])
        venue = place_key(f"{m.group('name')} {m.group('kind')}")
        if city is None and whose and not doc.objects(venue, "partOf"):  # "the X hostel in the city's Y district"
            city = whose.group(1) if whose.group(1) in known else _last_city(doc, m.start()) if not whose.group(1) else None
        label = f"{m.group('name')} {m.group('kind')}"
        label = next((e.label for e in doc.entities.values() if e.type == "Place" and e.rule == "place-venue"
                      and e.label.startswith(m.group("name") + " ") and e.label.split()[-1] == label.split()[-1]),
                     label)  # "the Dachny depot" after "the Dachny bus depot": the same depot
        key = _place_in(doc, label, m.start("name"), m.end(), "place-venue", city)
        district = re.match(r"\s+in\s+the\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\s+district\b", text[m.end():m.end() + 40])
        if city is None and district and place_key(f"{district.group(1)} district") in doc.entities:
            doc.add_fact(key, "partOf", place_key(f"{district.group(1)} district"), "entity",  # "the Salmysh market
                         doc.sentence_span(m.start()), "place-venue")  # in the Promyshlenny district of Orenburg"
        if m.re is VENUE_SUBJECT and city is None and not doc.objects(key, "partOf"):  # "The Kedr dormitory stands at
            later = re.search(r"\bin\s+the\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\s+district\b",  # the end of a road in
                              text[m.end():doc.sentence_span(m.start())[1]])  # the Kuibyshevsky district"
            if later and place_key(f"{later.group(1)} district") in doc.entities:
                doc.add_fact(key, "partOf", place_key(f"{later.group(1)} district"), "entity",
                             doc.sentence_span(m.start()), "place-venue")
        town = TOWN_AFTER.match(text, m.end())
        if town and city is None and m.re is not TRANSIT and _unknown(doc, town.group(1), known):
            _town(doc, town.group(1), town.start(1), key)
        elif town and city is None and not doc.objects(key, "partOf") and doc.entities.get(
                place_key(town.group(1)), None) is not None and doc.entities[place_key(town.group(1))].rule == "place-town":
            doc.add_fact(key, "partOf", place_key(town.group(1)), "entity",  # "the Sosny hostel on the outskirts
                         doc.sentence_span(m.start()), "place-town")  # of Balabanovo, a town in ..."
        # later "at Vnukovo" is the same airport; "Sukhaya Reka has been checked before" the same market
        single = " " not in m.group("name")
        before, after = (r"\b(?:at|in|to|from|near)\s+", "") if single else (r"(?<![\w-])", r"(?!\s+[A-Z])")
        for short in re.finditer(rf"{before}({re.escape(m.group('name'))})\b(?!\s+{m.group('kind')}){after}", text):
            if single or not doc.mentions_in(short.start(1), short.end(1)):
                doc.mention(short.start(1), short.end(1), key, "Place", doc.entities[key].label, "place-venue-short",
                            role="place")


    for m in APPOSED_SITE.finditer(text):  # "swept Food City, a sprawling wholesale market on Moscow's edge"
        words = m.group("name").split()
        if m.group("name") in known or m.group("name") in g["state_names"] or set(words) & CALENDAR_WORDS \
                or doc.mentions_in(m.start("name"), m.end("name")):
            continue
        on_city = re.match(r"\s+(?:on|at|in)\s+(?:the\s+)?([A-Z][a-z]+)'s\s", text[m.end():m.end() + 40])
        city = on_city.group(1) if on_city and on_city.group(1) in known else _city_after(text, m.end())
        _place_in(doc, f"{m.group('name')} {m.group('kind')}", m.start("name"), m.end("name"), "place-venue", city)
    _venues_by_kind(doc)


def _venues_by_kind(doc: Doc):
    """"... in the nearby Vorsino industrial park. In August, police detained 57 foreigners during a
    check at the industrial park": the one venue of that kind the article named before."""
    first: dict[str, dict[str, int]] = {}
    for m in doc.mentions:
        kind = re.search(rf"(?i:{SITES})$", doc.entities[m.key].label) if m.type == "Place" \
            and doc.entities[m.key].rule == "place-venue" else None
        if kind:
            first.setdefault(kind.group(0).lower(), {}).setdefault(m.key, m.start)
    for kind, venues in first.items():
        for m in re.finditer(rf"\b(?:at|in|on|near|outside|inside|of)\s+the\s+({re.escape(kind)})\b", doc.text):
            if doc.mentions_in(m.start(1), m.end(1)):
                continue
            if len(venues) == 1:
                (key, at), = venues.items()
            else:  # of two markets, the one named in this sentence or the one before: "Sukhaya Reka has been
                since = doc.sentence_span(max(0, doc.sentence_span(m.start())[0] - 1))[0]  # checked before. In
                named = [mm for mm in doc.mentions_in(since, m.start(), ("Place",)) if mm.key in venues]  # April,
                key, at = (named[-1].key, named[-1].start) if named else (None, len(doc.text))  # police ... at the market"
            if key and m.start() > at:
                doc.mention(m.start(1), m.end(1), key, "Place", doc.entities[key].label, "place-venue-short", role="place")



def _towns_in(doc: Doc, known: dict):
    """Towns the gazetteer does not know, told by what they are and where: "Novokuznetsk, the
    second-largest city in Kuzbass", "Rubtsovsk, a town in Altai Krai"."""
    g, text = gazetteer(), doc.text
    for m in CITY_IN.finditer(text):
        around = [pm for pm in doc.places_in(m.start("region"), m.end("region") + 1) if pm.start == m.start("region")]
        city, region = place_key(m.group(1)), max(around, key=lambda pm: pm.end).key if around else None  # (the region,
        # not the city of "the Novosibirsk region")
        if city not in doc.entities and region and doc.state_of(region) and m.group(1) not in g["state_names"] \
                and m.group(1) not in CALENDAR_WORDS and not doc.mentions_in(m.start(1), m.end(1)):  # a town the gazetteer
            add_place(doc, m.group(1), doc.state_of(region), m.start(1), m.end(1), "place-town")  # does not know
            for other in re.finditer(rf"\b{re.escape(m.group(1))}\b", text):
                if not doc.mentions_in(other.start(), other.end()):
                    doc.mention(other.start(), other.end(), city, "Place", m.group(1), "place-town", role="place")
        if m.group("prep") == "of" and region and doc.entities[region].rule != "place-region" and m.group("kind") != "district":
            continue  # "Berdsk, a satellite town of Novosibirsk": near it, not in it
        if city in doc.entities and region and region != city and not doc.has_fact(city, "partOf"):
            doc.add_fact(city, "partOf", region, "entity", doc.sentence_span(m.start()), "place-city-in-region")


def _unknown(doc: Doc, name: str, known: dict) -> bool:
    g = gazetteer()
    return not (name in known or name in g["state_names"] or name in g["adjectives"] or name in CALENDAR_WORDS
                or doc.mentions_in(0, len(doc.text)) and any(doc.entities[m.key].label == name for m in doc.mentions))


def _town(doc: Doc, name: str, start: int, venue: str):
    """A town the gazetteer does not know, named as a venue's ("the Tri Ozera residential complex in
    Murino"): a place of the state of the places around it, and every other mention of its name."""
    here = [doc.state_of(pm.key) for pm in doc.places_in(0, doc.sentence_span(start)[1])]
    key = add_place(doc, name, next((st for st in reversed(here) if st), None), start, start + len(name), "place-town")
    doc.add_fact(venue, "partOf", key, "entity", doc.sentence_span(start), "place-town")
    for other in re.finditer(rf"\b{re.escape(name)}\b(?!'s\s+[A-Z])", doc.text):
        if other.start() != start and not doc.mentions_in(other.start(), other.end()):
            doc.mention(other.start(), other.end(), key, "Place", name, "place-town", role="place")
        district = re.match(r"\s+in\s+the\s+([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)\s+district\b", doc.text[other.end():other.end() + 40])
        if district and place_key(f"{district.group(1)} district") in doc.entities:  # "Murino in the Vsevolozhsky district"
            doc.add_fact(key, "partOf", place_key(f"{district.group(1)} district"), "entity",
                         doc.sentence_span(other.start()), "place-town")


def _only_city(doc: Doc, pos: int) -> str | None:
    """The one city of the sentence, for a district named without its city ("a court in St.
    Petersburg ordered ... after a raid in the Kolpino district")."""
    s, e = doc.sentence_span(pos)
    g = gazetteer()
    names = {doc.entities[m.key].label for m in doc.places_in(s, e)} & (set(g["cities"]) | set(g["capitals"]))
    return names.pop() if len(names) == 1 else None


def _last_city(doc: Doc, pos: int) -> str | None:
    """The city named last before ``pos``, not a mission's ("the embassy in Moscow") nor where people came
    from ("on a flight from Tashkent")."""
    g = gazetteer()
    names = [doc.entities[m.key].label for m in doc.places_in(0, pos)
             if not NOT_SCENE_BEFORE.search(doc.text[max(0, m.start - 60):m.start])]
    return next((n for n in reversed(names) if n in g["cities"] or n in g["capitals"]), None)


def _city_after(text: str, pos: int) -> str | None:
    """The city or region named right after a place: "in Kazan", "in the Orenburg region", "on the M-5
    highway on the outskirts of Syzran"."""
    m = re.match(r"(?:\s+(?:on|along)\s+the\s+[^,.;]{1,40}?\b(?:highway|motorway|road|route))?"
                 rf"\s+(?:in|on\s+the\s+outskirts\s+of)\s+(?:the\s+)?{DIRECTIONS}([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?)"
                 rf"(\s+{REGION_WORD})?",
                 text[pos:pos + 120])
    if m and (m.group(1) in gazetteer()["capitals"] or m.group(1) in gazetteer()["cities"]):
        return m.group(1) + (f" {m.group(2).strip().lower()}" if m.group(2) else "")
    return None


def _place_in(doc: Doc, name: str, start: int, end: int, rule: str, city: str | None) -> str:
    """A place inside a city: it gets ``partOf`` the city when the city is known."""
    g = gazetteer()
    base = city.split()[0] if city and city.endswith((" region", " oblast", " territory", " krai")) else city
    city_state = (g["capitals"].get(base) or g["cities"].get(base)) if city else None
    key = add_place(doc, name, None, start, end, rule)
    if city and city_state:
        parent = place_key(city)
        if parent not in doc.entities:
            pos = doc.text.find(city, start)
            if pos >= 0:
                add_place(doc, city, city_state, pos, pos + len(city), "place-capital")
        if parent in doc.entities:
            doc.add_fact(key, "partOf", parent, "entity", doc.sentence_span(start), rule)
    return key


def place_key(name: str) -> str:
    """The IRI key of a place named ``name``: "St. Petersburg" and "St Petersburg" are Saint Petersburg."""
    return "place/" + slugify(re.sub(r"^St\.?\s+", "Saint ", name))


def add_place(doc: Doc, name: str, state: str | None, start: int, end: int, rule: str) -> str:
    key = place_key(name)
    doc.mention(start, end, key, "Place", name, rule, role="place")
    if state and not doc.has_fact(key, "state"):
        doc.add_fact(key, "state", f"state/{state}", "entity", doc.sentence_span(start), rule)
    return key


def _cities_in_regions(doc: Doc):
    """A city is part of a region the article also names: the region of its own name ("Kaluga",
    "the Kaluga region"), or the one the gazetteer knows ("Yekaterinburg", "the Sverdlovsk region")."""
    g = gazetteer()
    regions = {doc.entities[m.key].label.lower(): m.key for m in doc.mentions
               if m.type == "Place" and doc.entities[m.key].rule == "place-region"}
    cities = [m for m in doc.mentions if m.type == "Place" and doc.entities[m.key].rule in ("place-city", "place-capital")]
    for m in cities:
        name = doc.entities[m.key].label
        region = regions.get(g["city_regions"].get(name, "").lower()) or (
            regions.get(f"{name} region".lower()) if name not in g["capitals"] else None)
        if region and region != m.key and not doc.has_fact(m.key, "partOf"):
            doc.add_fact(m.key, "partOf", region, "entity", doc.sentence_span(m.start), "place-city-in-region")
