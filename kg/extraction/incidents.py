"""Find incidents: raids, detentions, attacks, mistreatment, waves of inspections.

A sentence is cut where it turns to an earlier event ("..., following the Olympic
Arena terrorist attack"); each part holds at most one incident. An incident is either
*placed* (a trigger and a place: "raided a dormitory in the Lefortovo district") or an
*umbrella* incident located only in a state: a mass noun ("mistreatment", "raids",
"detentions", "inspections") with the state it happened in ("in Russia", "by Russian
law-enforcement authorities", "authorities in Moscow"), or a trend ("raids became more
frequent"). Sentences right after an incident that go on describing it without a new
place ("National Guard officers reportedly forced migrants out") add to it: their
agencies and counts. Nationals affected are demonyms before "citizens", "nationals",
"migrants", or "its/their citizens" referring to the subject of the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extraction.actors import gazetteer
from kg.extraction.quantities import COUNT_RE, parse_count
from kg.extraction.subjects import groups

TRIGGERS = [  # kind, pattern, can stand for many events without a place (umbrella)
    ("attack", r"terrorist\s+attack|terror(?:ist)?\s+act|terrorism\s+tragedy|terror\s+attack|bombing|"
               r"shooting|massacre|attack(?:ed|s)?", False),
    ("raid", r"raids", True),
    ("raid", r"raid(?:ed|ing)?", False),
    ("mistreatment", r"mistreatment|ill-treatment|abuses?|harassment|beatings|"
                     r"(?:rude|disrespectful|rough|cruel|degrading)\s+treatment|violence\s+against", True),
    ("detention", r"detentions|mass\s+arrests|round-?ups", True),
    ("detention", r"detain(?:ed|ing)|detention|arrests?|arrested", False),
    ("deportation", r"deportations|expulsions", True),
    ("inspection", r"inspections|document\s+checks|identity\s+checks|sweeps", True),
    ("incident", r"incidents?", False),
    ("blocking", r"blocking", False),
]
PLACED_ORDER = ["attack", "raid", "detention", "mistreatment", "deportation", "inspection", "incident", "blocking"]
UMBRELLA_ORDER = ["attack", "mistreatment", "raid", "detention", "deportation", "inspection"]
TRIGGER_RE = [(kind, re.compile(rf"\b(?:{p})\b"), umbrella) for kind, p, umbrella in TRIGGERS]
SPLIT = re.compile(r",?\s+(?=(?:following|after|since|follows|followed|in\s+the\s+wake\s+of)\s+the\b)|"
                   r",?\s+(?=(?:as|while|whereas|amid)\s+(?!well\b|part\b|a\s+result\b|such\b|of\b|reported\b|many\b|"
                   r"much\b|long\b|soon\b|far\b|if\b)[a-z]+\s)")
BACKGROUND_PART = re.compile(r"^(?:following|after|since|follows|followed|in\s+the\s+wake\s+of)\s+the\b")
TREND = re.compile(r"\b(?:became|become|becoming|grew|grown|have|has|had)?\s*(?:more\s+frequent|increased|"
                   r"intensified|rose|risen|surged|multiplied|escalated)\b")
HYPOTHETICAL = re.compile(r"\b(?:prevent\w*|avoid\w*|stop|protect\w*)\b[^.;]*$")
VIOLENCE = re.compile(r"\b(?:forced|force\s+was\s+used|beat(?:en|ing)?|kick(?:ed|ing)|insult(?:ed|ing)|"
                      r"injur(?:ed|ies)|shot|killed|detained|deported|arrests|crawl)\b")
PEOPLE = r"(?:citizens|nationals|migrants|workers|labou?r\s+migrants|people)"
RECENT = re.compile(r"\brecent(?:ly)?\b(?!\s+(?:months|years|weeks))")


@dataclass
class IncidentRecord:
    """An incident found so far: acts point to it ("such conduct", "over the raid")."""

    key: str
    umbrella: bool
    state: str | None
    sentences: list[int] = field(default_factory=list)
    triggers: list[tuple[int, int]] = field(default_factory=list)


def find_incidents(finder, s):
    """Incidents in one sentence, or more about the incident just before it."""
    doc = finder.doc
    parts = _parts(s)
    found = False
    for start, end in parts:
        part = doc.text[start:end]
        background = bool(BACKGROUND_PART.match(part))
        hits = [(kind, m, umbrella) for kind, rx, umbrella in TRIGGER_RE for m in rx.finditer(part)
                if not HYPOTHETICAL.search(part[:m.start()])]  # not "to prevent raids"
        if not hits:
            continue
        agencies = [(m.start, m.end) for m in doc.mentions_in(start, end, ("Agency",))]
        places = [p for p in doc.places_in(start, end)  # "the Uzbek Embassy in Moscow" is no scene
                  if not any(a <= p.start and p.end <= b for a, b in agencies)]
        if places:
            kind, m, _ = min(hits, key=lambda h: (PLACED_ORDER.index(h[0]), h[1].start()))
            _placed(finder, s, start, end, kind, m, places, background)
            found = True
            continue
        umbrella = [h for h in hits if h[2]]
        state = _location(finder, s, start, end) if umbrella else None
        if umbrella and state:
            kind, m, _ = min(umbrella, key=lambda h: (UMBRELLA_ORDER.index(h[0]), h[1].start()))
            _umbrella(finder, s, start, end, kind, m, state, background)
            found = True
            continue
        dated_count = s.dates_in(start, end) and _count(part)
        if dated_count and not umbrella:
            kind, m, _ = min(hits, key=lambda h: (PLACED_ORDER.index(h[0]), h[1].start()))
            _placed(finder, s, start, end, kind, m, [], background)
            found = True
    if not found and (any(rx.search(s.text) for _, rx, _ in TRIGGER_RE) or VIOLENCE.search(s.text)):
        _elaborate(finder, s)


def _parts(s) -> list[tuple[int, int]]:
    cuts = [s.span[0]] + [s.span[0] + m.end() for m in SPLIT.finditer(s.text)] + [s.span[1]]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _location(finder, s, start, end) -> str | None:
    """The state an umbrella incident happened in: "in Russia", "by Russian authorities", or,
    for a trend ("raids became more frequent"), the state the paragraph placed things in."""
    doc, text = finder.doc, finder.doc.text
    for m in doc.mentions_in(start, end, ("State",)):
        before = text[max(start, m.start - 12):m.start]
        if m.role != "nationals" and re.search(r"\bin\s+(?:the\s+)?$", before):
            return m.key.split("/", 1)[1]
        if m.role == "government" and re.search(r"\bby\s+(?:the\s+)?$", before):
            return m.key.split("/", 1)[1]
    if TREND.search(text[start:end]):
        para = doc.paragraphs[s.paragraph]
        for m in reversed(doc.mentions_in(para[0], start, ("State",))):
            if re.search(r"\bin\s+(?:the\s+)?$", text[max(para[0], m.start - 12):m.start]):
                return m.key.split("/", 1)[1]
    return None


def _date(finder, s, start, end, trigger_pos):
    dates = s.dates_in(start, end)
    if dates:
        best = min(dates, key=lambda d: abs(d.start - trigger_pos))
        reported = re.search(r"\b(?:over|about|against|into|after|following|regarding)\s+(?:the\s+)?(?:\w+\s+){0,2}$",
                             finder.doc.text[max(start, trigger_pos - 40):trigger_pos])
        if best.end <= trigger_pos and reported:  # "On March 6, X protested over the raid ..."
            return best.value[:7], "the month of the act that reports it (the incident came on or before it)"
        return best.value, best.inferred
    if RECENT.search(finder.doc.text[start:end]):  # "during recent police raids"
        return finder.doc.ref.isoformat()[:7], f"'recent': the month of the article ({finder.doc.ref.isoformat()})"
    return None, None


def _placed(finder, s, start, end, kind, m, places, background):
    doc = finder.doc
    place = _most_specific(doc, places) if places else None
    venue = place is not None and doc.entities[place].rule == "place-venue"
    trigger = start + m.start()
    date, inferred = _date(finder, s, start, end, trigger)
    when = "" if venue else "-" + (date or finder.doc.ref.isoformat())[:7]  # undated: the article's month
    key = f"incident/{kind}-{place.split('/', 1)[1] if place else 'unknown'}{when}"
    where = doc.entities[place].label if place else "unknown place"
    label = f"{kind.capitalize()} at {where}" + (f" ({date})" if date else "")
    _add(finder, s, start, end, key, label, kind, date, inferred, background, trigger, m, umbrella=False,
         state=doc.state_of(place))
    if place:
        doc.add_fact(key, "place", place, "entity", s.span, "incident-place")


def _umbrella(finder, s, start, end, kind, m, state, background):
    trigger = start + m.start()
    date, inferred = _date(finder, s, start, end, trigger)
    key = f"incident/{kind}-{state}-{(date or finder.doc.ref.isoformat())[:7]}"
    label = f"{kind.capitalize()} in {gazetteer()['state_label'][state]}" + (f" ({date})" if date else "")
    _add(finder, s, start, end, key, label, kind, date, inferred, background, trigger, m, umbrella=True, state=state)


def _add(finder, s, start, end, key, label, kind, date, inferred, background, trigger, m, umbrella, state):
    doc = finder.doc
    window = doc.text[start:end]
    mod = "background" if background else finder.modality(window, start, date, "incident")
    existing = doc.entities.get(key)
    doc.add_entity(key, "Incident", existing.label if existing else label, (start, end), f"incident-{kind}",
                   modality=existing.modality if existing else mod)
    if not doc.has_fact(key, "modality"):
        doc.add_fact(key, "modality", f"modality/{mod}", "concept", s.span, "modality", modality=mod)
    if date and not doc.has_fact(key, "date"):
        doc.add_fact(key, "date", date, "date", s.span, "incident-date", inferred=inferred)
    for state_key in _nationals(finder, s, start, end):
        doc.add_fact(key, "nationalsAffected", state_key, "entity", s.span, "incident-nationals", modality=mod)
    _agencies_and_counts(finder, key, start, end, s)
    rec = next((r for r in finder.incidents if r.key == key), None)
    if rec is None:
        rec = IncidentRecord(key, umbrella, state)
        finder.incidents.append(rec)
    rec.sentences.append(s.index)
    rec.triggers.append((trigger, start + m.end()))
    finder.event_sentences.add(s.index)


def _elaborate(finder, s):
    """A sentence that goes on about the incident of the sentence or two before it."""
    rec = finder.last_incident(s.index - 1)
    if rec is None or max(rec.sentences) < s.index - 2 or rec.umbrella:
        return
    doc = finder.doc
    doc.entities[rec.key].spans.append(s.span)
    rec.sentences.append(s.index)
    _agencies_and_counts(finder, rec.key, s.span[0], s.span[1], s)


def _agencies_and_counts(finder, key, start, end, s):
    doc = finder.doc
    local = {a["key"] for a in gazetteer()["agency_types"] if a.get("local")}
    for m in doc.mentions_in(start, end, ("Agency",)):  # the forces that act on the ground, not diplomats
        if not m.implied and m.key.split("/")[2] in local:
            doc.add_fact(key, "agencyInvolved", m.key, "entity", s.span, "incident-agency")
    text = doc.text[start:end]
    for d in s.dates_in(start, end):  # a year is not a count
        a, b = d.start - start, d.end - start
        text = text[:a] + " " * (b - a) + text[b:]
    for verb, predicate in (("detain|detention|arrest", "detained"), ("kill", "killed"), ("deport", "deported")):
        m = (re.search(rf"(?:{COUNT_RE.pattern})[^.;]{{0,60}}?\b(?:{verb})\w*", text, re.I)
             or re.search(rf"\b(?:{verb})\w*\s+(?:of\s+)?(?:{COUNT_RE.pattern})", text, re.I))
        if m:
            count = parse_count(m.group(0))
            if count:
                value = f"{count.value}|{count.max_value or ''}|{count.qualifier}"
                doc.add_fact(key, predicate, value, "quantity", s.span, f"incident-count-{predicate}")


def _nationals(finder, s, start, end) -> list[str]:
    doc, text = finder.doc, finder.doc.text
    keys = [m.key for m in doc.mentions_in(start, end, ("State",)) if m.role == "nationals"]
    pronoun = re.search(rf"\b(its|their)\s+(?:own\s+)?{PEOPLE}\b", text[start:end])
    if pronoun:  # "its citizens": the citizens of the sentence's subject
        g = next(iter(groups(doc, s.span[0], start + pronoun.start())), None)
        if g:
            states = [doc.state_of(k) for k in g.actors()]
            keys += [f"state/{st}" for st in states if st]
    return list(dict.fromkeys(keys))


def _most_specific(doc, places) -> str:
    keys = [m.key for m in places]
    parents = {f.object for f in doc.facts if f.predicate == "partOf"}
    specific = [k for k in keys if k not in parents]
    return (specific or keys)[0]


def _count(text: str):
    return re.search(rf"{COUNT_RE.pattern}\s+(?:\w+\s+){{0,3}}(?:people|nationals|migrants|citizens|foreigners)", text, re.I)
