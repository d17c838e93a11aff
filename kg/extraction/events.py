"""Find events in an article: diplomatic notes and other acts, incidents, meetings, laws.

Each finder reads one sentence at a time, from trigger words (handed a note, urged,
expressed concern, raided, detained, met, took effect...) and the actors, places, dates
and counts around them. Event keys are built from what identifies the event (sender
and recipient states and month; kind, place and month; date and parties), so the same
event reported by two articles gets one IRI.
"""

from __future__ import annotations

import re

from kg.extraction.actors import gazetteer
from kg.extraction.dates import find_dates
from kg.extraction.document import Doc
from kg.extraction.quantities import COUNT_RE, parse_count
from kg.sources import slugify

ACTOR_TYPES = ("Official", "Agency", "State")
ACT_TRIGGERS = [  # (act type, pattern); the first that matches a sentence wins
    ("agreement-signed", r"\b(?:protocol|agreement|memorandum)\s+was\s+signed|\bsigned\s+an?\s+(?:protocol|agreement|memorandum)"),
    ("summons", r"\bsummon(?:ed|s)\b"),
    ("reply-or-acknowledgement", r"\b(?:acknowledged|responded|replied|response\s+to\s+the|studying\s+the\s+(?:content\s+of\s+the\s+)?note|\"studying\"\s+the\s+note|reviewing\s+the\s+matter)\b"),
    ("call-for-investigation", r"\b(?:investigat\w*|inquiry|transparent\s+review|thorough\s+review)\b"),
    ("expression-of-concern", r"\b(?:expressed|voiced|raised)\s+(?:\w+\s+)?concerns?\b"),
    ("criticism", r"\b(?:criticized|criticised|rebuked|accused|condemned|denounced)\b"),
    ("directive", r"\b(?:directed|instructed|ordered)\b"),
    ("appeal-or-demand", r"\b(?:urg(?:ed|es|ing)|call(?:ed|s)?\s+on|appeal(?:ed|s)?\s+to|demand(?:ed|ing|s)?)\b"),
    ("official-statement", r"\b(?:said\s+in\s+a\s+statement|in\s+a\s+statement|statement|announced|stated)\b"),
]
NOTE_RE = re.compile(r"\b(?:(?:formal|diplomatic|protest)\s+)*(?:note\s+of\s+protest|protest\s+note|diplomatic\s+note|note)\b|\bissued\s+(?:similar\s+)?protests\b", re.I)
NOTE_EXISTING = re.compile(r"\b(?:the|this)\s+note\b")
INCIDENT_RE = re.compile(r"\b(raid(?:ed|s)?|attack|detain(?:ed|ing)|detentions?|arrests?|incident|blocking)\b")
MEETING_RE = re.compile(r"\b(met|meeting|talks|negotiations|session|visit(?:ed)?|video conference|consultations)\b")
LAW_GENERIC = re.compile(r"\b(?:a|the|new)\s+(law\s+on\s+[^,.;]+|bill\s+designed\s+to\s+[^,.;]+|(?:new\s+)?(?:deportation|migration|expulsion)\s+(?:policy|regime|rules|law))")
ATTRIBUTED = re.compile(r"\b(?:reportedly|according\s+to|reported|allegedly|claimed|media\s+report|eyewitness)", re.I)
UNCONFIRMED = re.compile(r"\b(?:has\s+yet\s+to\s+confirm|have\s+yet\s+to\s+confirm|not\s+(?:been\s+)?confirmed|unconfirmed|whether\s+it\s+has)\b", re.I)
PROPOSED = re.compile(r"\b(?:call(?:s|ed)?\s+for\s+an?\s|bill\b|proposed|draft|designed\s+to|plans?\s+to|would\s+)", re.I)
SCHEDULED = re.compile(r"\b(?:will|starting|scheduled|upcoming|is\s+to\s+)\b", re.I)
BACKGROUND = re.compile(r"\b(?:following\s+the|after\s+the|since\s+the|in\s+the\s+wake\s+of)\b", re.I)


def modality(doc: Doc, span: tuple[int, int], date: str | None, background_from: int) -> str:
    """How the sentence at ``span`` presents its event."""
    text = doc.text[span[0]:span[1]]
    if UNCONFIRMED.search(text):
        return "unconfirmed"
    if span[0] >= background_from:
        return "background"
    if date and (doc.ref.toordinal() - _earliest(date)) > 120:
        return "background"
    if PROPOSED.search(text):
        return "proposed"
    if SCHEDULED.search(text) and date and _earliest(date) > doc.ref.toordinal():
        return "scheduled"
    if ATTRIBUTED.search(text):
        return "attributed"
    return "asserted"


def _earliest(value: str) -> int:
    import datetime as dt
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2]).toordinal()


def _state_of(doc: Doc, key: str) -> str | None:
    if key.startswith("state/"):
        return key.split("/", 1)[1]
    for f in doc.facts:
        if f.subject == key and f.predicate == "state":
            return f.object.split("/", 1)[1]
    return None


class EventFinder:
    """Walks the sentences of a document and adds the events it finds."""

    def __init__(self, doc: Doc, background_from: int):
        self.doc = doc
        self.background_from = background_from
        self.last_date: str | None = None
        self.last_sender: str | None = None
        self.last_note: str | None = None
        self.last_incident: str | None = None
        self.last_act: str | None = None
        self.last_law_state: str | None = None

    def run(self):
        for span in self.doc.sentences:
            text = self.doc.text[span[0]:span[1]]
            dates = find_dates(text, self.doc.ref, span[0], self.last_date)
            date = dates[0] if dates else None
            self.incident(span, text, date)
            self.note_or_act(span, text, date)
            self.meeting(span, text, date)
            self.laws(span, text, date)
            if dates:
                self.last_date = dates[-1].value

    # ------------------------------------------------------------------ helpers
    def _date_fact(self, key, date, span, rule, predicate="date"):
        if date is not None:
            self.doc.add_fact(key, predicate, date.value, "date", span, rule, inferred=date.inferred)

    def _month(self, date) -> str:
        return date.value[:7] if date else self.doc.ref.isoformat()[:7]

    def _actors(self, start, end):
        return self.doc.mentions_in(start, end, ACTOR_TYPES)

    # ------------------------------------------------------------------ acts and notes
    def note_or_act(self, span, text, date):
        doc = self.doc
        note = NOTE_RE.search(text)
        act_type = next((t for t, p in ACT_TRIGGERS if re.search(p, text)), None)
        if note and NOTE_EXISTING.search(text) and act_type == "reply-or-acknowledgement":
            note = None  # "studying the note": a reply to a note already known
        if not note and not act_type:
            return
        trigger = (span[0] + note.start()) if note else span[0] + re.search(dict(ACT_TRIGGERS)[act_type], text).start()
        before = [m for m in self._actors(span[0], trigger) if m.role != "nationals"]
        after = [m for m in self._actors(trigger, span[1]) if m.role != "nationals"]
        sender = _pick_sender(before) or (self.last_sender if re.match(r"\s*(?:It|She|He|They|The ministry)\b", text) else None)
        if note and not sender:
            recipient_m = next((m for m in after if m.type == "Official"), None)
            host = re.search(r"[Aa]mbassador\s+to\s+([A-Z][a-z]+)", text)
            if recipient_m and host:
                sender = "state/" + gazetteer()["state_names"].get(host.group(1), slugify(host.group(1)))
        if not sender:
            return
        sender_state = _state_of(doc, sender)
        recipients = [m.key for m in after if _state_of(doc, m.key) not in (None, sender_state)]
        recipient = recipients[0] if recipients else None
        recipient_state = _state_of(doc, recipient) if recipient else None
        when = self._month(date)
        mod = modality(doc, span, date.value if date else None, self.background_from)
        if note:
            kind = "clarification-request-note" if re.search(r"clarif|explanation", text) else "protest-note"
            key = f"note/{sender_state}-to-{recipient_state or 'unknown'}-{when}"
            label = f"Note from {_label(doc, sender)}" + (f" to {_label(doc, recipient)}" if recipient else "") + f" ({when})"
            doc.add_entity(key, "Note", label, (span[0] + note.start(), span[0] + note.end()), "note-trigger", modality=mod)
            self.last_note = key
        else:
            key = f"act/{sender_state}-{act_type}-{recipient_state or 'public'}-{when}"
            label = f"{act_type.replace('-', ' ').capitalize()} by {_label(doc, sender)} ({when})"
            doc.add_entity(key, "CommunicativeAct", label, span, f"act-{act_type}", modality=mod)
            kind = act_type
            if act_type == "reply-or-acknowledgement" and self.last_note:
                doc.add_fact(key, "inReplyTo", self.last_note, "entity", span, "act-reply-to-note")
                doc.add_fact(key, "about", self.last_note, "entity", span, "act-reply-to-note")
            self.last_act = key
        doc.add_fact(key, "actType", f"act/{kind}", "concept", span, f"act-{kind}", modality=mod)
        doc.add_fact(key, "sender", sender, "entity", span, "act-sender", modality=mod)
        if recipient:
            doc.add_fact(key, "recipient", recipient, "entity", span, "act-recipient", modality=mod)
        if date:
            self._date_fact(key, date, span, "act-date")
        else:
            doc.add_fact(key, "date", when, "date", span, "act-date-article",
                         inferred=f"month of the article's date ({doc.ref.isoformat()})")
        doc.add_fact(key, "modality", f"modality/{mod}", "concept", span, "modality", modality=mod)
        channel = _channel(text)
        if channel:
            doc.add_fact(key, "channel", f"channel/{channel}", "concept", span, "act-channel")
        if self.last_incident and re.search(r"\b(?:incident|raid|reports|mistreatment|treatment)", text):
            doc.add_fact(key, "about", self.last_incident, "entity", span, "act-about-incident")
        self.last_sender = sender

    # ------------------------------------------------------------------ incidents
    def incident(self, span, text, date):
        doc = self.doc
        trigger = INCIDENT_RE.search(text)
        if not trigger:
            return
        places = [m for m in doc.mentions if span[0] <= m.start < span[1] and m.type == "Place"]
        count = _count(text)
        if not places and not (date and count):
            if count and self.last_incident and re.search(r"detain|deport|kill", text):
                self._counts(self.last_incident, text, span)
            return
        kind = {"raided": "raid", "raids": "raid", "detained": "detention", "detaining": "detention",
                "detentions": "detention", "arrests": "detention", "arrest": "detention"}.get(trigger.group(1), trigger.group(1))
        place = _most_specific(doc, places) if places else None
        venue = place is not None and doc.entities[place].rule == "place-venue"
        when = "" if venue or not date else "-" + date.value[:7]
        key = f"incident/{kind}-{place.split('/', 1)[1] if place else 'unknown'}{when}"
        mod = modality(doc, span, date.value if date else None, self.background_from)
        where = doc.entities[place].label if place else "unknown place"
        label = f"{kind.capitalize()} at {where}" + (f" ({date.value})" if date else "")
        existing = doc.entities.get(key)
        doc.add_entity(key, "Incident", existing.label if existing else label, span, f"incident-{kind}", modality=mod)
        doc.add_fact(key, "modality", f"modality/{mod}", "concept", span, "modality", modality=mod)
        if place:
            doc.add_fact(key, "place", place, "entity", span, "incident-place", modality=mod)
        self._date_fact(key, date, span, "incident-date")
        for m in doc.mentions_in(*span, ("State",)):
            if m.role == "nationals" and re.match(r"\s*(?:citizens|nationals|migrants|workers|labou?r migrants)", doc.text[m.end:m.end + 25]):
                doc.add_fact(key, "nationalsAffected", m.key, "entity", span, "incident-nationals", modality=mod)
        for m in doc.mentions_in(*span, ("Agency",)):
            doc.add_fact(key, "agencyInvolved", m.key, "entity", span, "incident-agency", modality=mod)
        self._counts(key, text, span)
        self.last_incident = key

    def _counts(self, key, text, span):
        for verb, predicate in (("detain", "detained"), ("kill", "killed"), ("deport", "deported")):
            m = (re.search(rf"(?:{COUNT_RE.pattern})[^.;]{{0,60}}?\b{verb}\w*", text, re.I)
                 or re.search(rf"\b{verb}\w*\s+(?:{COUNT_RE.pattern})", text, re.I))
            if m:
                count = parse_count(m.group(0))
                if count:
                    value = f"{count.value}|{count.max_value or ''}|{count.qualifier}"
                    self.doc.add_fact(key, predicate, value, "quantity", span, f"incident-count-{predicate}")

    # ------------------------------------------------------------------ meetings
    def meeting(self, span, text, date):
        doc = self.doc
        trigger = MEETING_RE.search(text)
        if not trigger or re.search(r"\b(?:upcoming|regular consultations|agreed to hold)\b", text):
            return
        parties = [m for m in self._actors(span[0], span[1]) if m.role != "nationals"]
        people = sorted({m.key for m in parties if m.type in ("Official", "Agency")})
        states = sorted({s for s in (_state_of(doc, m.key) for m in parties) if s})
        if len(states) < 2 and len(people) < 2:
            return
        if date is None:
            return
        key = f"meeting/{date.value}-{'-'.join(states)}"
        mod = modality(doc, span, date.value, self.background_from)
        label = f"Meeting of {', '.join(_label(doc, k) for k in (people or ['state/' + s for s in states]))} ({date.value})"
        doc.add_entity(key, "Meeting", label, span, "meeting-trigger", modality=mod)
        doc.add_fact(key, "modality", f"modality/{mod}", "concept", span, "modality", modality=mod)
        self._date_fact(key, date, span, "meeting-date")
        for k in people or ["state/" + s for s in states]:
            doc.add_fact(key, "participant", k, "entity", span, "meeting-participant", modality=mod)
        places = [m for m in doc.mentions if span[0] <= m.start < span[1] and m.type == "Place"]
        if places:
            doc.add_fact(key, "place", _most_specific(doc, places), "entity", span, "meeting-place")

    # ------------------------------------------------------------------ laws
    def laws(self, span, text, date):
        doc = self.doc
        found: list[tuple[str, str, int, int]] = []
        for kind in gazetteer()["measure_kinds"]:
            for phrase in kind["phrases"]:
                m = re.search(rf"\b{re.escape(phrase)}\b", text, re.I)
                if m:
                    found.append((kind["key"], kind["label"], m.start(), m.end()))
                    break
        generic = LAW_GENERIC.search(text)
        if generic and not found:
            phrase = generic.group(1)
            found.append((slugify(phrase, 40), phrase[0].upper() + phrase[1:], generic.start(1), generic.end(1)))
        for measure, label, s, e in found:
            state = self._law_state(span, s)
            if not state:
                continue
            key = f"law/{state}/{measure}"
            mod = modality(doc, span, date.value if date else None, self.background_from)
            if mod == "background":
                mod = "asserted"  # laws stay in force: recalling one is not a past event
            doc.add_entity(key, "Law", label, (span[0] + s, span[0] + e), "law-measure", modality=mod)
            doc.add_fact(key, "state", f"state/{state}", "entity", span, "law-state")
            doc.add_fact(key, "modality", f"modality/{mod}", "concept", span, "modality", modality=mod)
            if not doc.has_fact(key, "summary"):
                doc.add_fact(key, "summary", text.strip(), "string", span, "law-summary")
            if date:
                predicate = _law_date_role(text)
                if predicate:
                    self._date_fact(key, date, span, f"law-{predicate}", predicate)

    def _law_state(self, span, pos):
        states = [m for m in self.doc.mentions_in(*span, ("State",))]
        russian = [m for m in states if m.key == "state/russia"]
        pick = (russian or states)
        if pick:
            self.last_law_state = pick[0].key.split("/", 1)[1]
        return self.last_law_state


def _law_date_role(text: str) -> str | None:
    if re.search(r"\b(?:deadline|until|by\s+that\s+date|must\s+legali[sz]e|by\s+[A-Z][a-z]+\s+\d)", text):
        return "deadline"
    if re.search(r"\b(?:adopted|passed|signed|approved)\b", text):
        return "adopted"
    if re.search(r"\b(?:took\s+effect|take\s+effect|into\s+force|introduced|launched|activated|implement|starting|from)\b", text, re.I):
        return "inForce"
    return None


def _pick_sender(before) -> str | None:
    if not before:
        return None
    for type_ in ("Official", "Agency", "State"):
        for m in before:
            if m.type == type_:
                return m.key
    return None


def _channel(text: str) -> str | None:
    for channel, pattern in (("telegram", r"Telegram"), ("handed-over", r"\bhanded\b|\bsubmitted\b|\bdelivered\b"),
                             ("briefing", r"\bbriefing\b"), ("interview", r"\binterview\b"),
                             ("published-statement", r"\bstatement\b")):
        if re.search(pattern, text):
            return channel
    return None


def _most_specific(doc: Doc, places) -> str:
    keys = [m.key for m in places]
    parents = {f.object for f in doc.facts if f.predicate == "partOf"}
    specific = [k for k in keys if k not in parents]
    return (specific or keys)[0]


def _count(text: str):
    return re.search(rf"{COUNT_RE.pattern}\s+(?:\w+\s+){{0,3}}(?:people|nationals|migrants|citizens|foreigners)", text, re.I)


def _label(doc: Doc, key: str | None) -> str:
    return doc.entities[key].label if key in doc.entities else (key or "")
