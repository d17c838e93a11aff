"""Find meetings: held ("X met Y", "held a meeting with", "discussed the problem with Y", "a video
conference chaired by", "held a telephone conversation with", "spoke by phone with", "X was
received by Y"; not "a plenary session")
and planned ("agreed to hold regular consultations", "a schedule for upcoming meetings", "X will meet
Y in Tashkent", "next month, when X and Y meet in Astana"). "He met ..." has the one last
named among its participants; a dated "visited" with one side only ("the consul general
visited the compatriots held in ...") is no meeting.

A definite reference ("the talks", "during the meeting") points back to the last
meeting and creates none; a sentence saying who "represented" a side or what "the
Russian side included" adds participants to it. Participants are the named officials
and agencies; the states are added when officials meet ("Uzbekistan's Deputy Foreign
Minister met Russia's ambassador") and stand alone for a "bilateral" meeting; "the two
sides" or "the commission" of a planned meeting are the states of the last meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extraction.actors import gazetteer
from kg.extraction.scenes import scenes
from kg.extraction.subjects import ACTORS, ENVOY, pronoun_before, resolve_pronoun

NOUN = (r"(?:meetings?|talks|negotiations|consultations|video\s*conference|videoconference|summit|session|"
        r"(?:tele)?phone\s+(?:conversations?|calls?))")
PLANNED = re.compile(rf"\b(?:agreed\s+to\s+(?:hold|meet)|agreed\s+on\s+(?:a\s+)?(?:schedule|date)s?\s+for|"
                     rf"plans?\s+to\s+(?:hold|meet)|planned|will\s+(?:hold|meet)|upcoming|scheduled|"
                     rf"(?:are|is)\s+(?:due|set|expected)\s+to\s+(?:hold|meet|discuss))\b"
                     rf"[^.;]{{0,60}}?\b{NOUN}\b|\b{NOUN}(?:\s+of\s+the\s+[\w\s-]{{0,40}}?)?\s+(?:is|are)\s+(?:scheduled|planned|set|due)\b|"
                     rf"\b(?:is|are)\s+expected\s+(?:in\s+[A-Z][\w-]*\s+)?for\s+(?:[\w-]+\s+){{0,2}}{NOUN}\b|"
                     r"\bwill\s+meet\s+(?=in\s+[A-Z]|with\s|[A-Z])|"  # "X will meet Y in Tashkent next week"
                     r"\b(?:next\s+(?:week|month)|later\s+this\s+(?:week|month))\b[^.;]{0,40}?\bwhen\s+[^.;]{5,160}?"
                     r"\bmeet\s+(?:in|on)\b")  # "... next month, when X and Y meet in Astana"
NEW = re.compile(rf"\b(?:met\b|(?<!to\s)(?:held|hold|holds|holding)\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){{0,3}}{NOUN}\b|"
                 rf"(?:a|an|another)\s+(?!plenary\b|parliamentary\b|court\b|closed-door\s+session)(?:[\w-]+\s+){{0,4}}{NOUN}\b|"
                 r"discussed\b[^.;]{0,60}?\bwith\s+(?=[A-Z]|the\s+[A-Z]|his\s+|her\s+)|"
                 r"\bspoke\s+(?:by\s+(?:tele)?phone|on\s+the\s+(?:tele)?phone|(?:by|via|over)\s+video\s*(?:link|call))"
                 r"(?:\s+on\s+\w+day)?\s+with\s+(?=[A-Z]|the\s+[A-Z]|his\s+|her\s+)|"
                 r"(?<=[a-z]\s)received,?\s+(?:[^,.;]{0,60},\s+)?(?=(?:the\s+)?(?:Ambassador|Charg|Consul|Minister|Deputy|"
                 r"Head|Director|[A-Z][a-z]+\s+Ambassador))(?![^.;]*\b(?:note|invited|summoned|called\s+in)\b)|"  # "Minister X
                 # received, at the request of the Russian side, Ambassador Y" (not one invited: a summons)
                 r"\b(?:was|were)\s+received\s+(?:[^.;,]{0,30}?\s|in\s+[A-Z][\w-]*,\s+(?:the\s+)?[^.;,]{0,30},\s+)?by\s+(?=[A-Z]|the\s+)(?![^.;]*\bnote\b)|"  # "X was
                 # received by Vice-Governor Y" (not by the deputy minister who handed him a note: a summons)
                 rf"\b(?:after|following|during|at)\s+(?:an?\s+)?{NOUN}\s+(?:in|with|between)\s+(?=[A-Z]))")
HELD = re.compile(rf"\b{NOUN}\b[^.;]{{0,120}}?\b(?:took\s+place|was\s+held|were\s+held|held\s+(?:in|on|at)|convened|"
                  rf"opened)\b")
FOLLOW_UP = re.compile(rf"\b(?:follow-up|next|another|second|new)\s+(?:round\s+of\s+)?{NOUN}|\b(?:follow-up|next)\s+round\b", re.I)
DEFINITE = re.compile(rf"\b(?:the|this|that)\s+(?:[\w-]+\s+){{0,3}}{NOUN}\b")
JOINED = re.compile(r"\b(?:(?:was|were)\s+(?:also\s+)?represented\s+by|side\s+included|delegations?\s+included|"
                    r"(?:delegation|side)\s+(?:was\s+)?(?:led|headed)\s+by|took\s+part|attended)\b")
SIDES = re.compile(r"\b(?:both\s+sides|the\s+two\s+sides|the\s+parties|both\s+parties|the\s+sides|the\s+two\s+countries|"
                   r"the\s+two\s+governments|the\s+(?:intergovernmental\s+)?commission|the\s+working\s+group|"
                   r"the\s+two(?=\s+(?:signed|agreed)))\b", re.I)


@dataclass
class MeetingRecord:
    """A meeting found so far: acts made at it take its date; "the two sides" are its states."""

    key: str
    date: str | None
    sentence: int
    states: list[str]
    modality: str


def find_meetings(finder, s):
    doc = finder.doc
    planned = PLANNED.search(s.text)
    if planned:
        _planned(finder, s, planned)
    rest = s.text[:planned.start()] if planned else s.text  # "held talks and agreed to hold more"
    new = NEW.search(rest) or HELD.search(rest)
    fallback = False
    first = s.dates[0] if s.dates else None  # (not "this week", "since January": no occasion of its own)
    if not new and first and not re.match(r"(?i)(?:this\s+(?:week|month)|since|from)\b", s.text[first.start - s.span[0]:]) \
            and not any(m.date == first.value for m in finder.meetings) \
            and not any(a.primary == "summons" and a.date == s.dates[0].value for a in finder.acts.acts):
        # "The talks on January 29 focused on ...", "visited Tashkent on May 3": a first, dated mention
        # (but "during yesterday's meeting", the day of a summons, is the summons)
        new = DEFINITE.search(rest) or re.search(rf"(?<!plenary\s)(?<!parliamentary\s)\b(?:{NOUN}|visit(?:ed|s)?)\b", rest)
        fallback = True
    if new:
        _held(finder, s, new, told=not fallback)
        return
    if planned:
        return
    if JOINED.search(s.text) and finder.meetings and finder.meetings[-1].sentence >= s.index - 3:
        last = finder.meetings[-1]
        for m in doc.mentions_in(s.span[0], s.span[1], ACTORS):
            if m.role != "nationals" and not m.implied:
                doc.add_fact(last.key, "participant", m.key, "entity", s.span, "meeting-participant-joined")


SOURCE_VERB = r"(?:said|says|reported|reports|stated|announced|informs)"
WHEN_SAID = (r"(?:\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
             r"\s+(?:yesterday|today|last\s+week))?")  # "..., the ministry said on Monday."
ATTRIBUTION = re.compile(rf",\s+(?:according\s+to\s+[^,]+|(?:the\s+)?[^,]{{0,60}}?\b{SOURCE_VERB}{WHEN_SAID})\.?\s*$")


def _source_start(doc, s) -> int:
    """Where the attribution at the end of a sentence starts (its end if there is none); an
    agency's name may hold commas ("the press service of the Ministry of Labour, Migration and
    Employment of the Population of Tajikistan reported")."""
    source = ATTRIBUTION.search(s.text)
    verb = re.search(rf"\s+{SOURCE_VERB}{WHEN_SAID}\.?\s*$", s.text)
    end = s.span[0] + (source.start() if source else verb.start() if verb else len(s.text))
    speaker = next((m for m in doc.mentions_in(s.span[0], s.span[1], ("Agency",)) if m.end == end), None)
    lead = speaker and re.search(r",\s+(?:the\s+)?(?:press\s+(?:service|office)\s+of\s+(?:the\s+)?)?$",
                                 doc.text[s.span[0]:speaker.start])
    if lead:
        return s.span[0] + lead.start()
    return s.span[0] + source.start() if source else s.span[1]


def _in_title(doc, agency, mentions) -> bool:
    """"Director of the Second Department of the Ministry of Foreign Affairs of Russia Kirill X", "Igor
    X, deputy head of the Main Directorate ... of the Interior Ministry": the bodies are part of a
    title, and he, not they, takes part."""
    person = next((m for m in mentions if m.type == "Official" and m.start >= agency.end), None)
    if person and re.fullmatch(r"(?:\s+of\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)*,?\s*",
                               doc.text[agency.end:person.start]):
        return True
    before = next((m for m in reversed(mentions) if m.type == "Official" and m.end <= agency.start), None)
    return bool(before) and re.fullmatch(  # "Igor X, deputy head of the Main Directorate for Migration Issues of the"
        r",\s+(?:the\s+)?[a-z][\w\s-]{2,40}?\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+(?:(?:for|of|and|the)\s+)*)*",
        doc.text[before.end:agency.start]) is not None


def _participants(doc, s) -> list[str]:
    end = _source_start(doc, s)  # ", the Russian Interior Ministry said." is the source, not a party
    mentions = [m for m in doc.mentions_in(s.span[0], end, ACTORS) if m.role != "nationals" and not m.implied]
    agency_spans = [(m.start, m.end) for m in mentions if m.type == "Agency"]
    people = [m.key for m in mentions if m.type in ("Official", "Person")]
    agencies = [m.key for m in mentions if m.type == "Agency" and not _in_title(doc, m, mentions)]
    states = [m.key for m in mentions if m.type == "State"  # not a location ("education in Russia")
              and not any(a <= m.start and m.end <= b for a, b in agency_spans)
              and not re.search(r"\bin\s+(?:the\s+)?$", doc.text[max(0, m.start - 8):m.start])]
    if re.search(r"\bbilateral\b", s.text):
        own = {doc.state_of(k) for k in people + agencies} | {k.split("/", 1)[1] for k in states}
        return [f"state/{k}" for k in sorted(x for x in own if x)]
    if people:
        return list(dict.fromkeys(people + agencies + states))
    return list(dict.fromkeys(agencies or states))


def _held(finder, s, trigger, told=True):
    doc = finder.doc
    parties = _participants(doc, s)
    at = s.span[0] + trigger.start()
    pron = pronoun_before(doc, at, s.span[0])
    if pron in ("he", "she"):  # "On Tuesday, he met in Penza with ...": the one last named
        parties = [k for k in resolve_pronoun(doc, pron, at, []) if k not in parties] + parties
    before = re.sub(r"\s+", " ", doc.text[s.span[0]:at].lower()).rstrip()
    envoy = ENVOY.search(before)
    if envoy and envoy.end() == len(before) and "received" in trigger.group(0):
        parties = [k for k in resolve_pronoun(doc, envoy.group(0), at, []) if k not in parties] + parties
        # "the consul was received by Deputy Governor X": the envoy named last
    pair = [m.key for m in doc.mentions_in(s.span[0] + trigger.start(), s.span[0] + trigger.end(), ("State",))
            if m.role == "pair"]  # "the meeting of the Uzbek-Russian working group was held": its two states
    parties += [k for k in pair if k not in parties]
    if len(parties) < 2:
        return
    date = s.dates[0] if s.dates else None
    states = sorted({st for st in (doc.state_of(k) for k in parties) if st})
    if not told and len(states) < 2:  # "the consul general visited the compatriots held in ...": one side, no meeting
        return
    when = date.value if date else doc.ref.isoformat()[:7]
    key = f"meeting/{when}-{'-'.join(states) or 'unknown'}"
    mod = finder.modality(s.text, s.span[0], date.value if date else None, "meeting")
    label = f"Meeting of {', '.join(_label(doc, k) for k in parties)}" + (f" ({date.value})" if date else "")
    _add(finder, s, key, label, parties, mod, date, "meeting-trigger")
    # not a posting ("the Tajik consul general in Novosibirsk, X, was received in Kemerovo"); but "at the Kyrgyz
    # Embassy in Moscow" is in Moscow
    places = scenes(doc, *s.span) or doc.places_in(*s.span)
    if places:
        parents = {f.object for f in doc.facts if f.predicate == "partOf"}
        place = next((m.key for m in places if m.key not in parents), places[0].key)
        doc.add_fact(key, "place", place, "entity", s.span, "meeting-place")


def _planned(finder, s, trigger):
    doc = finder.doc
    parties = _participants(doc, s)
    if len(parties) < 2 and finder.meetings and (SIDES.search(s.text) or re.match(r"(?:Its|Their|The\s+next)\b", s.text)
                                                 or FOLLOW_UP.search(s.text)):
        parties = [f"state/{st}" for st in finder.meetings[-1].states]  # "the two sides", "A follow-up round of talks"
    if len(parties) < 2:
        return
    date = s.dates[0] if s.dates else None
    if date and len(date.value) == 7 and date.value < doc.ref.isoformat()[:7] and date.inferred \
            and date.inferred.startswith("year inferred"):  # "planned in January" in a December article: next year's
        date = replace(date, value=f"{int(date.value[:4]) + 1}{date.value[4:]}",
                       inferred=f"a planned meeting's month after the article's date ({doc.ref.isoformat()})")
    states = sorted({st for st in (doc.state_of(k) for k in parties) if st})
    when = date.value if date else doc.ref.isoformat()[:7]
    key = f"meeting/{when}-{'-'.join(states) or 'unknown'}-planned"
    scheduled = re.search(r"\b(?:upcoming|scheduled|will|expected|next\s+(?:week|month)|later\s+this|"
                          r"(?:is|are)\s+planned)\b", trigger.group(0))
    mod = "background" if finder.in_background(s.span[0]) else ("scheduled" if scheduled else "proposed")
    names = " and ".join(gazetteer()["state_label"].get(st, st) for st in states)
    label = f"Planned meeting of {names}" + (f" ({date.value})" if date else "")
    _add(finder, s, key, label, parties, mod, date, "meeting-planned")
    places = [m for m in doc.places_in(s.span[0] + trigger.start(), s.span[1])]
    if places:
        doc.add_fact(key, "place", places[0].key, "entity", s.span, "meeting-place")


def _add(finder, s, key, label, parties, mod, date, rule):
    doc = finder.doc
    doc.add_entity(key, "Meeting", label, s.span, rule, modality=mod)
    if not doc.has_fact(key, "modality"):
        doc.add_fact(key, "modality", f"modality/{mod}", "concept", s.span, "modality", modality=mod)
    if date:
        doc.add_fact(key, "date", date.value, "date", s.span, "meeting-date", inferred=date.inferred)
    states = sorted({st for st in (doc.state_of(k) for k in parties) if st})
    sides = [f"state/{st}" for st in states if len(states) > 1
             and any(k.startswith("person/") and doc.state_of(k) == st for k in parties)]
    for k in parties + [k for k in sides if k not in parties]:  # an official meets for their state: it takes part
        doc.add_fact(key, "participant", k, "entity", s.span, "meeting-participant", modality=mod)
    finder.meetings.append(MeetingRecord(key, date.value if date else None, s.index, states, mod))
    finder.event_sentences.add(s.index)


def _label(doc, key: str) -> str:
    return doc.entities[key].label if key in doc.entities else key
