"""Find incidents: raids, detentions, attacks, deaths, fires, mistreatment, waves of inspections.

A sentence is cut where it turns to an earlier event ("..., following the Olympic
Arena terrorist attack"); each part holds at most one incident. An incident is either
*placed* (a trigger and a place: "raided a dormitory in the Lefortovo district") or an
*umbrella* incident located only in a state: a mass noun ("mistreatment", "raids",
"detentions", "inspections") with the state it happened in ("in Russia", "by Russian
law-enforcement authorities", "authorities in Moscow"), or a trend ("raids became more
frequent"). Sentences right after an incident that go on describing it without a new
place ("National Guard officers reportedly forced migrants out") add to it: their
agencies, counts, nationals and a more precise date ("The raid took place on November
11", "It was carried out by officers of X"; :mod:`kg.extraction.incident_followups`). An incident already told, used as a time
("Even before the death, ..."), tells none; "the largest of them" is one of a series, never
merged into it. Nationals affected are demonyms before "citizens", "nationals", "migrants",
"citizens of <State>", or "its/their citizens" referring to the subject of the sentence,
and the breakdown right after it in its paragraph ("Most of them were from Kyrgyzstan").

The place of an incident (:mod:`kg.extraction.scenes`) is the first place after its
trigger ("the detention of Kyrgyz citizens in Yekaterinburg"), never a diplomat's posting ("chargé d'affaires in Bishkek"),
an origin ("a native of the Vose district") or part of an agency's name. A second
mention at the same place, or inside or around it, in the same month is the same
incident ("the detention of citizens in Kazan" ... "a raid at the Privoz market in Kazan
on July 4"); a definite "the raid" with no count or date of its own, once an incident was
told, refers back to it ("Two days after the raid, the minister told journalists in
Bishkek"). Counts go to the verb they belong to ("the expulsion of 26", "47 were
detained and 15 deported"); ages, years and parts ("including 86 Uzbeks") are no counts.
An agency that only reports an incident ("according to the Interior Ministry") is not
involved in it. Once the article is read, an incident is also in each place containing its
own, up to the town or city (:func:`kg.extraction.scenes.places_within`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extraction.actors import gazetteer
from kg.extraction.acts_language import quoted
from kg.extraction.incident_followups import (BREAKDOWN, agencies_and_counts, breakdown, court_orders, elaborate, nationals,
                                              partitive)
from kg.extraction.incident_language import (BACKGROUND_PART, CARRIED_OUT_BY, HELD_PEOPLE, HYPOTHETICAL, MEETING_WORDS,
                                             PLACED_ORDER, RECENT, REPORTED_ON, SPLIT, SUSPECT_DETAINED, TIME_OF_TOLD, TREND,
                                             TRIGGER_RE, UMBRELLA_ORDER, VIOLENCE)
from kg.extraction.quantities import count_near, people_count
from kg.extraction.scenes import lies_within, listed_with, same_scene, scene_of, scene_set, scenes


@dataclass
class IncidentRecord:
    """An incident found so far: acts point to it ("such conduct", "over the raid")."""

    key: str
    umbrella: bool
    state: str | None
    sentences: list[int] = field(default_factory=list)
    place: str | None = None
    triggers: list[tuple[int, int]] = field(default_factory=list)
    in_passing: bool = False  # named inside a clause about something else ("after similar raids in Kazan")


def find_incidents(finder, s):
    """Incidents in one sentence, or more about the incident just before it."""
    doc = finder.doc
    parts = _parts(s)
    found, reach = False, 2
    for start, end in parts:
        part = doc.text[start:end]
        if partitive(finder, s, start, end):
            found = True
            continue
        background = bool(BACKGROUND_PART.match(part))
        hits = [(kind, m, umbrella) for kind, rx, umbrella in TRIGGER_RE for m in rx.finditer(part)
                if not HYPOTHETICAL.search(part[:m.start()])  # not "to prevent raids"
                and not (kind == "detention" and SUSPECT_DETAINED.search(part[:m.start()]))
                and not (kind == "incident" and quoted(doc, start + m.start()))  # '"politicise a tragic incident"'
                and not (kind == "raid" and ARRIVAL.match(m.group(0)) and not _forces_before(doc, start, start + m.start()))
                and not (kind == "detention" and re.search(r"\b(?:other|fellow)\s+detainees\b", part))  # more of them
                and not (finder.incidents and TIME_OF_TOLD.search(part[:m.start()]) and part[m.end():].startswith(","))
                and not (kind == "detention" and m.group(0).startswith(("held", "kept"))
                         and not re.match(r"(?:held|kept)\s+(?:them|him|her|by)\b", m.group(0))
                         and (not HELD_PEOPLE.search(part[max(0, m.start() - 80):m.start()])
                              or MEETING_WORDS.search(part[:m.start()])))]
        if not hits:
            continue
        if _told_before(finder, s, start, end, hits):
            continue
        if any(not _referring(h) for h in hits):  # "The operation in Murino is the largest since April, when ...
            hits = [h for h in hits if not _referring(h)]  # were detained in a raid on a hostel": that raid
        if court_orders(finder, s, start, end, hits):
            found = True
            continue
        recent = finder.last_incident(s.index - 1)
        if AFTERMATH.search(part) and all(h[0] == "death" for h in hits) and recent and not recent.umbrella \
                and max(recent.sentences) >= s.index - 2:  # "A fifth man died in a hospital in Obninsk": of the fire
            elaborate(finder, s, 2)
            found = True
            continue
        places, scene = scenes(doc, start, end), None
        if not places and re.search(r"\bin\s+the\s+city\b", part):  # "a site in the city": the city named last
            places = [m for m in doc.places_in(0, start) if doc.entities[m.key].rule in ("place-city", "place-capital")][-1:]
        if not places and all((h[0] in ("detention", "death", "blocking") or ARRIVAL.match(h[1].group(0))
                               or re.match(r"(?:sealed|cordoned)\s+off", h[1].group(0))) and not h[2] for h in hits):
            scene = scene_set(finder, s)  # "... landed at Moscow's Sheremetyevo airport. Officers held them there";
            # "The Kedr dormitory stands ... Riot police came in through both doors"
            places = [p for p in scenes(doc, *scene.span)  # "... placed in a centre in the settlement of X. He died"
                      if doc.entities[p.key].rule in ("place-venue", "place-settlement")] if scene else []
        if places:
            kind, m, _ = min(hits, key=lambda h: (PLACED_ORDER.index(h[0]), h[1].start()))
            _placed(finder, s, start, end, kind, m, places, background, scene)
            found = True
            continue
        if not finder.incidents and not background and LEAD_TOLD.search(part):  # "The court has ordered 31
            kind, m, _ = min(hits, key=lambda h: (PLACED_ORDER.index(h[0]), h[1].start()))  # foreigners detained during
            finder.unplaced.append((kind, start, end, s))  # last week's operation at two markets expelled": the body
            continue  # tells where
        dates = [(d.start - start, d.end - start) for d in s.dates_in(start, end)]
        umbrella = [h for h in hits if h[2] and (h[1].group(0) not in ("deported", "expelled")
                                                 or count_near(part, h[1].start(), h[1].end(), dates))]
        state = _location(finder, s, start, end) if umbrella else None
        if umbrella and state:
            kind, m, _ = min(umbrella, key=lambda h: (UMBRELLA_ORDER.index(h[0]), h[1].start()))
            _umbrella(finder, s, start, end, kind, m, state, background)
            found = True
            continue
        dated_count = s.dates_in(start, end) and people_count(part)
        recent = finder.last_incident(s.index - 1)
        same_day = recent and any(d.value in doc.objects(recent.key, "date") for d in s.dates_in(start, end))
        if dated_count and recent and not recent.umbrella and (max(recent.sentences) >= s.index - 2 or same_day):
            reach = max(reach, s.index - max(recent.sentences)) if same_day else reach
            continue  # "... was detained on April 17 together with four others": more about the incident just told
            # (a count of the same day with no place of its own, even after a witness's quoted words)
        kind, m, _ = min(hits, key=lambda h: (PLACED_ORDER.index(h[0]), h[1].start()))
        told_as_known = re.search(r"(?:'s|\bthe)\s+(?:[\w-]+\s+)?$", part[:m.start()])  # "last week's raid on a dormitory"
        if dated_count and not umbrella and not (told_as_known and not finder.incidents and not background):
            _placed(finder, s, start, end, kind, m, [], background)
            found = True
        elif not finder.incidents and not background:  # a lead telling the body's incident without its place
            finder.unplaced.append((kind, start, end, s))
    if not found and (any(rx.search(s.text) for _, rx, _ in TRIGGER_RE) or VIOLENCE.search(s.text)
                      or CARRIED_OUT_BY.match(s.text)):
        elaborate(finder, s, reach)
    elif not found and BREAKDOWN.search(s.text):
        breakdown(finder, s)


# a death that follows from an incident told just before: its victims dying later, elsewhere
AFTERMATH = re.compile(r"\bdied\s+(?:later\s+)?(?:in\s+(?:a\s+|the\s+)?hospital|in\s+intensive\s+care|"
                       r"(?:of|from)\s+(?:his|her|their)\s+(?:injuries|burns|wounds))")
LEAD_TOLD = re.compile(r"\b(?:during|in|after)\s+(?:last\s+week's|the)\s+(?:[\w-]+\s+)?(?:raid|operation|check|"
                       r"inspection|sweep)\b")
ARRIVAL = re.compile(r"came|arrived|descended|burst|showed|broke|stormed|entered")


def _forces_before(doc, start: int, pos: int) -> bool:
    """"Officers of the Interior Ministry, the FSB and Rosgvardia came to the site": forces, not workers, arrive."""
    local = {a["key"] for a in gazetteer()["agency_types"] if a.get("local")}
    return any(m.key.split("/")[2] in local for m in doc.mentions_in(start, pos, ("Agency",))) \
        or bool(re.search(r"\b(?:police|officers|OMON|riot\s+police|security\s+forces)\b", doc.text[start:pos]))


DEFINITE = re.compile(r"\b(?:the|this|that|these|those)\s+(?:[a-z]+\s+)?$")


def _told_before(finder, s, start, end, hits) -> bool:
    """"Two days after the raid, the minister told journalists in Bishkek": a definite incident
    word with no count or date of its own, once an incident was told, refers back to it; it
    tells no new one where the sentence's place is."""
    part = finder.doc.text[start:end]
    if finder.incidents and not people_count(part) and all(  # "discussed the detentions in Moscow on Wednesday"
            TALKED_ABOUT.search(part[max(0, h[1].start() - 40):h[1].start()]) for h in hits):
        return True
    return bool(finder.incidents) and not people_count(part) and not s.dates_in(start, end) and all(
        DEFINITE.search(part[max(0, h[1].start() - 25):h[1].start()]) for h in hits)


TALKED_ABOUT = re.compile(r"\b(?:discussed|raised|condemned|critici[sz]ed|protested\s+against|about|over|regarding|"
                          r"concerning)\s+(?:the|these|those)\s+(?:[a-z]+\s+)?$")


def _referring(hit) -> bool:
    """A definite "the check" or "the operation" that refers back to an incident rather than telling one."""
    return hit[0] == "raid" and hit[1].group(0) in ("check", "operation")


def _parts(s) -> list[tuple[int, int]]:
    cuts = [s.span[0]] + [s.span[0] + m.end() for m in SPLIT.finditer(s.text)] + [s.span[1]]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _location(finder, s, start, end) -> str | None:
    """The state an umbrella incident happened in: "in Russia", "by Russian authorities", or,
    for a trend ("raids became more frequent") or a dated count, the state the paragraph placed things in."""
    doc, text = finder.doc, finder.doc.text
    for m in doc.mentions_in(start, end, ("State",)):
        before = text[max(start, m.start - 12):m.start]
        if m.role != "nationals" and re.search(r"\bin\s+(?:the\s+)?$", before):
            return m.key.split("/", 1)[1]
        if m.role == "government" and re.search(r"\bby\s+(?:the\s+)?$", before):
            return m.key.split("/", 1)[1]
        if m.role != "nationals" and re.search(r"\b(?:deported|expelled|removed)\s+from\s+(?:the\s+)?$",
                                               text[max(start, m.start - 25):m.start]):
            return m.key.split("/", 1)[1]
        if m.role != "nationals" and re.match(r"(?:'s\s+\w+)?\s+(?:has\s+|have\s+)?(?:deported|expelled|detained|raided)\b",
                                              text[m.end:m.end + 30]):
            return m.key.split("/", 1)[1]  # "Russia deported 1,240 citizens"
    counted = s.dates_in(start, end) and people_count(text[start:end], anyone=True)  # "In 2025, 30,000 of them were deported"
    if TREND.search(text[start:end]) or counted:
        para = doc.paragraphs[s.paragraph]
        for m in reversed(doc.mentions_in(para[0], start, ("State",))):
            if re.search(r"\bin\s+(?:the\s+)?$", text[max(para[0], m.start - 12):m.start]):
                return m.key.split("/", 1)[1]
    return None


def _date(finder, s, start, end, trigger_pos):
    text = finder.doc.text  # "the ministry said on Monday": the date of the report, not of the incident
    dates = [d for d in s.dates_in(start, end) if not REPORTED_ON.search(text[max(start, d.start - 40):d.start])]
    if dates:
        best = min(dates, key=lambda d: abs(d.start - trigger_pos))
        best = next((d for d in dates if d.value.startswith(best.value) and len(d.value) > len(best.value)
                     and 0 <= d.start - best.end <= 25), best)  # "last week, on the night of November 13"
        reported = re.search(r"\b(?:over|about|against|into|after|following|regarding|in\s+connection\s+with)\s+"
                             r"(?:the\s+)?(?:\w+\s+){0,2}$",
                             finder.doc.text[max(start, trigger_pos - 40):trigger_pos])
        earlier = re.search(r"\bhad\s+(?:been\s+)?$", finder.doc.text[max(start, trigger_pos - 20):trigger_pos])
        if best.end <= trigger_pos and (reported or earlier):  # "On March 6, X protested over the raid ...", "a note on
            # November 16 requesting the grounds on which they had been held": before the day told
            return best.value[:7], "the month of the act that reports it (the incident came on or before it)"
        return best.value, best.inferred
    if RECENT.search(finder.doc.text[start:end]):  # "during recent police raids"
        return finder.doc.ref.isoformat()[:7], f"'recent': the month of the article ({finder.doc.ref.isoformat()})"
    return None, None


def _placed(finder, s, start, end, kind, m, places, background, scene=None):
    doc = finder.doc
    place = scene_of(doc, places, start + m.start()) if places else None
    venue = place is not None and doc.entities[place].rule == "place-venue"
    trigger = start + m.start()
    date, inferred = _date(finder, s, start, end, trigger)
    if date is None and scene is not None:  # the day the scene was set on
        date, inferred = _date(finder, scene, scene.span[0], scene.span[1], scene.span[1])
    when = "" if venue else "-" + (date or finder.doc.ref.isoformat())[:7]  # undated: the article's month
    key = f"incident/{kind}-{place.split('/', 1)[1] if place else 'unknown'}{when}"
    same = same_scene(finder, s, place, date, doc.text[start:end]) if place and " of them " not in m.group(0) \
        else None  # ("The largest of them took place at X": one of the series told, an incident of its own)
    if same is None and _referring((kind, m, False)):  # "The operation at the site of X": the one just told
        same = finder.last_incident(s.index, umbrella=False)
        # (but "The operation at X was carried out on Thursday, November 12", with none told before, tells it)
        if not (same is None and place and date and s.dates_in(start, end)):
            if same is None or not place or not re.fullmatch(
                    r"\s+(?:in|at)\s+(?:the\s+)?(?:site\s+of\s+(?:the\s+)?)?",
                    doc.text[start + m.end():next(p.start for p in places if p.key == place)]):
                return
            if place != same.place:
                doc.add_fact(same.key, "place", place, "entity", s.span, "incident-place")
            place = same.place
    if same:  # "the detention of citizens in Yekaterinburg" ... "a raid on a site in Yekaterinburg on March 9"
        key = same.key
        if lies_within(doc, place, same.place):
            doc.drop_facts(key, "place")
            same.place = place
        else:
            place = same.place
    where = doc.entities[place].label if place else "unknown place"
    label = f"{kind.capitalize()} at {where}" + (f" ({date})" if date else "")
    _add(finder, s, start, end, key, label, kind, date, inferred, background, trigger, m, umbrella=False,
         state=doc.state_of(place), place=place)
    if scene is not None and place:  # the sentence that set the scene tells it too: whose citizens
        doc.entities[key].spans.insert(0, scene.span)
        for state_key in nationals(finder, scene, *scene.span):
            doc.add_fact(key, "nationalsAffected", state_key, "entity", scene.span, "incident-nationals")
    if place:
        doc.add_fact(key, "place", place, "entity", s.span, "incident-place")
        for other in listed_with(doc, place, places):  # "in Kazan and Rostov-on-Don"
            doc.add_fact(key, "place", other, "entity", s.span, "incident-place")


def _umbrella(finder, s, start, end, kind, m, state, background):
    trigger = start + m.start()
    date, inferred = _date(finder, s, start, end, trigger)
    key = f"incident/{kind}-{state}-{(date or finder.doc.ref.isoformat())[:7]}"
    label = f"{kind.capitalize()} in {gazetteer()['state_label'][state]}" + (f" ({date})" if date else "")
    _add(finder, s, start, end, key, label, kind, date, inferred, background, trigger, m, umbrella=True, state=state)


def _add(finder, s, start, end, key, label, kind, date, inferred, background, trigger, m, umbrella, state, place=None):
    doc = finder.doc
    window = doc.text[start:end]
    mod = "background" if background else finder.modality(window, start, date, "incident")
    existing = doc.entities.get(key)
    doc.add_entity(key, "Incident", existing.label if existing else label, (start, end), f"incident-{kind}",
                   modality=existing.modality if existing else mod)
    if not doc.has_fact(key, "modality"):
        doc.add_fact(key, "modality", f"modality/{mod}", "concept", s.span, "modality", modality=mod)
    if date and (not doc.has_fact(key, "date") or doc.refine_date(key, "date", date)):
        doc.add_fact(key, "date", date, "date", s.span, "incident-date", inferred=inferred)
    for state_key in nationals(finder, s, start, end):
        doc.add_fact(key, "nationalsAffected", state_key, "entity", s.span, "incident-nationals", modality=mod)
    agencies_and_counts(finder, key, start, end, s)
    rec = next((r for r in finder.incidents if r.key == key), None)
    # "after similar raids in Kazan" (not "detained four days earlier during a raid": a time, not another raid)
    passing = bool(re.search(r"\b(?:similar|(?<!days\s)(?<!weeks\s)(?<!months\s)earlier|previous|prior)\s+(?:\w+\s+){0,2}$",
                             doc.text[max(start, trigger - 30):trigger]))
    if rec is None:
        rec = IncidentRecord(key, umbrella, state, place=place, in_passing=passing)
        finder.incidents.append(rec)
    elif not passing:  # told again in its own right
        rec.in_passing = False
    rec.sentences.append(s.index)
    rec.triggers.append((trigger, start + m.end()))
    finder.event_sentences.add(s.index)
    if not umbrella and len(finder.incidents) == 1:
        _lead_of(finder, rec, kind)


ROUND_UP = {"raid", "detention", "inspection"}  # one operation, told as the detentions or as the raid


def _lead_of(finder, rec, kind):
    """"... nine workers killed when a fire tore through a camp in central Russia. The blaze broke
    out at the Oka Chemical Park ...": the lead told the first incident of its kind before its place."""
    doc = finder.doc
    for lead_kind, start, end, s in finder.unplaced:
        if (lead_kind == kind or {lead_kind, kind} <= ROUND_UP) and 0 < min(rec.sentences) - s.index <= 3:
            doc.entities[rec.key].spans.insert(0, (start, end))
            agencies_and_counts(finder, rec.key, start, end, s)  # (its nationals are told with the place)
    finder.unplaced.clear()
