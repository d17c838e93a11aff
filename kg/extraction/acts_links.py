"""Link acts to what they are about and answer; finish them once the article is read; write them.

An act is about the incidents named after "over", "into", "after"... in its clause, the
ones it refers to ("such conduct", "the situation": the latest umbrella incident; "the
incident": the latest one), the incident just reported when it criticises or protests,
and the act of a person whose "comments" or "remarks" it names.

What needs the whole article: the date of an act made at a meeting reported later in
the text, the addressee of a protest note that names none (the state where the
protested incident happened), and what a reply answers (the note or act its sender
received). Keys follow the ontology's IRI patterns: ``note/<sender>-to-<recipient>-<month>``
and ``act/<sender>-<type>-<recipient>-<month>``.
"""

from __future__ import annotations

import re

from kg.extraction.acts_language import INCIDENT_ANAPHOR

SPECIFIC_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:incident|raid|attack|detentions?|arrests?)\b")


ADDRESSED = ("appeal-or-demand", "call-for-investigation", "protest-note", "clarification-request-note", "summons")


def write_acts(acts_finder):
    finder, doc = acts_finder.finder, acts_finder.doc
    acts = acts_finder.acts
    for act in acts:
        if act.date is None and not finder.in_background(doc.sentences[act.sentence][0]):
            _date_from_meeting(finder, act)
    for act in acts:
        if act.kind == "note" and not act.recipients:
            _recipient_from_incident(finder, doc, act)
        if not act.recipients and act.primary in ADDRESSED:
            _recipient_from_meeting(finder, doc, act)
    targets = {id(act): _reply_target(doc, act, acts) for act in acts}
    for act in acts:
        act.key = _key(doc, act)
    by_id = {id(a): a for a in acts}
    for act in acts:
        target = targets[id(act)]
        act.reply_key = target.key if target else None
        act.about = [by_id[int(k[4:])].key if k.startswith("act:") and int(k[4:]) in by_id else k
                     for k in act.about]
        if target and target.key not in act.about:
            act.about.append(target.key)
    for act in acts:
        _write(doc, act)


def _date_from_meeting(finder, act):
    """An undated act takes the day of the news meeting its sender's state attended, when no
    other date is mentioned between them (the act was made at that meeting)."""
    doc = finder.doc
    state = doc.state_of(act.senders[0])
    best = None
    for m in finder.meetings:
        if not m.date or len(m.date) != 10 or m.modality not in ("asserted", "attributed") or state not in m.states:
            continue
        lo, hi = sorted((act.sentence, m.sentence))
        if any(lo <= i <= hi and i != m.sentence for i in finder.date_sentences):
            continue
        if best is None or abs(m.sentence - act.sentence) < abs(best.sentence - act.sentence):
            best = m
    if best:
        act.date = best.date
        act.inferred = f"the day of the meeting it was made at ({best.key})"


def _recipient_from_incident(finder, doc, act):
    sender_state = doc.state_of(act.senders[0])
    for key in act.about:
        rec = next((r for r in finder.incidents if r.key == key), None)
        state = rec.state if rec else None
        if state and state != sender_state:
            act.recipients.append(f"state/{state}")
            return


def _recipient_from_meeting(finder, doc, act):
    """An appeal made at a meeting the paragraph reports goes to the other side of the table."""
    own = doc.state_of(act.senders[0])
    for m in reversed(finder.meetings):
        if doc.paragraph_of(doc.sentences[m.sentence][0]) == act.paragraph and m.sentence <= act.sentence \
                and own in m.states:
            act.recipients += [f"state/{st}" for st in m.states if st != own]
            return


def _institution(doc, key: str) -> str:
    """Who speaks, as an institution: an official speaks for their agency where known.

    Two outlets may name the ministry or its spokesperson for the same statement; two
    officials of one state without a known agency are two speakers.
    """
    if key.startswith("person/"):
        agency = next((f.object for f in doc.facts if f.subject == key and f.predicate == "agency"), None)
        if agency is None:
            return key.split("/", 1)[1]
        key = agency
    if key.startswith("agency/"):
        return key.split("/", 2)[2]
    return "state"


def _key(doc, act) -> str:
    sender = doc.state_of(act.senders[0]) or "unknown"
    recipient = next((doc.state_of(k) for k in act.recipients if doc.state_of(k)), None)
    when = (act.date[:4] if len(act.date) == 4 else act.date[:7]) if act.date else doc.ref.isoformat()[:7]
    if act.kind == "note":
        return f"note/{sender}-to-{recipient or 'unknown'}-{when}"
    speaker = _institution(doc, act.senders[0])
    return f"act/{sender}-{speaker}-{act.primary}-{recipient or 'public'}-{when}"


def _reply_target(doc, act, acts):
    """What a reply answers: remarks it names, else the note or act its sender's state received.
    A reply with no addressee of its own goes back to the sender of what it answers."""
    target = None
    if act.reply_to_sender:
        target = next((a for a in acts if a is not act and set(a.senders) & set(act.reply_to_sender)), None)
    elif act.primary == "reply-or-acknowledgement":
        own = doc.state_of(act.senders[0])
        candidates = [a for a in acts if a is not act and a.primary != "reply-or-acknowledgement"
                      and doc.state_of(a.senders[0]) != own
                      and own in {doc.state_of(k) for k in a.recipients}]
        candidates.sort(key=lambda a: (a.kind != "note", a.sentence > act.sentence, abs(a.sentence - act.sentence)))
        target = candidates[0] if candidates else None
        if target and not act.recipients:
            state = doc.state_of(target.senders[0])
            if state:
                act.recipients.append(f"state/{state}")
    return target


def _write(doc, act):
    span = act.spans[0]
    type_ = "Note" if act.kind == "note" else "CommunicativeAct"
    sender_label = _label(doc, act.senders[0])
    recipient = act.recipients[0] if act.recipients else None
    month = re.search(r"\d{4}(?:-\d{2})?$", act.key).group(0)
    if act.kind == "note":
        label = f"Note from {sender_label}" + (f" to {_label(doc, recipient)}" if recipient else "") + f" ({month})"
    else:
        label = f"{act.primary.replace('-', ' ').capitalize()} by {sender_label} ({month})"
    for sp in act.spans:
        doc.add_entity(act.key, type_, label, sp, f"{act.kind}-{act.primary}", modality=act.modality)
    entity = doc.entities[act.key]
    mod = entity.modality
    if not doc.has_fact(act.key, "modality"):
        doc.add_fact(act.key, "modality", f"modality/{mod}", "concept", span, "modality", modality=mod)
    for t in act.types:
        doc.add_fact(act.key, "actType", f"act/{t}", "concept", span, f"act-{t}", modality=mod)
    for k in act.senders:
        doc.add_fact(act.key, "sender", k, "entity", span, "act-sender", modality=mod)
    for k in act.recipients:
        if k not in act.senders:
            doc.add_fact(act.key, "recipient", k, "entity", span, "act-recipient", modality=mod)
    if act.date and not doc.has_fact(act.key, "date"):
        doc.add_fact(act.key, "date", act.date, "date", span, "act-date", inferred=act.inferred)
    if act.channel:
        doc.add_fact(act.key, "channel", f"channel/{act.channel}", "concept", span, "act-channel")
    for k in act.about:
        if k != act.key:
            doc.add_fact(act.key, "about", k, "entity", span, "act-about")
    reply = act.reply_key
    if reply and reply != act.key:
        doc.add_fact(act.key, "inReplyTo", reply, "entity", span, "act-in-reply-to")


def _label(doc, key: str | None) -> str:
    return doc.entities[key].label if key in doc.entities else (key or "")


def about_links(finder, acts, act, s, window, base):
    """Incidents and acts the act is about: named after "over", "into"..., referred to
    ("such conduct", "the incident"), or just reported; "Petrov's comments"."""
    doc = finder.doc
    keys = []
    for m in re.finditer(r"\b(?:about|over|regarding|concerning|into|of|denouncing|condemning|after|following|"
                         r"against|on)\s+", window):
        pos = base + m.end()
        rec = next((r for r in finder.incidents if any(pos <= a <= pos + 60 for a, _ in r.triggers)), None)
        if rec:
            keys.append(rec.key)
    if not keys and INCIDENT_ANAPHOR.search(window):
        rec = finder.last_incident(s.index, umbrella=True) or finder.last_incident(s.index)
        keys = [rec.key] if rec else []
    if not keys and SPECIFIC_ANAPHOR.search(window):
        rec = finder.last_incident(s.index)
        keys = [rec.key] if rec else []
    if not keys and act.primary in ("criticism", "expression-of-concern", "protest-note", "call-for-investigation"):
        rec = finder.last_incident(s.index)
        if rec and max(x for x in rec.sentences if x <= s.index) >= s.index - 1:
            keys = [rec.key]
    act.about += [k for k in dict.fromkeys(keys) if k not in act.about]
    comments = re.search(r"\b([A-Z][a-z]+)'s\s+(?:comments|remarks|statements?|words|proposal)\b", window)
    if comments:
        for m in doc.mentions_in(*s.span, ("Official", "Person")):
            if doc.text[m.start:m.end] == comments.group(1):
                target = next((a for a in acts if m.key in a.senders and a is not act), None)
                if target and f"act:{id(target)}" not in act.about:
                    act.about.append(f"act:{id(target)}")
