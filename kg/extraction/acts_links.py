"""Finish acts once the article is read, and write them.

What an act is about as its clause is read is :mod:`kg.extraction.acts_about`'s. What needs
the whole article: a protest, summons or concern with nothing named yet (the incident
reported right after it, or the story's one news incident); the date of an act made at a
meeting reported later in the text or of a note whose addressee "was invited on Wednesday";
the addressee of a protest note that names none (the state where the protested incident
happened) or of a demand made with a note or summons; what a reply answers (the note or act
its sender received); and that a diplomatic statement by a state after it received a note or
summons, on the same matter, answers it. A reply is ``inReplyTo`` the act it answers, not
``about`` it: ``about`` is the subject matter. A note handed by an official is their
ministry's too. Keys follow the ontology's IRI patterns:
``note/<sender>-to-<recipient>-<month>`` and ``act/<sender>-<type>-<recipient>-<month>``.
"""

from __future__ import annotations

import re

from kg.extraction.acts_about import about_incident_after, about_the_one_news_incident
from kg.extraction.acts_parties import ENVOY_POST
from kg.extraction.dates import find_dates



ASKED_ABOUT = re.compile(r"(?:[\w\s,]{0,30}?\b)?[Aa]sked\s+about\s+(?:the|this|that|its)\s+(?:[\w-]+\s+){0,3}?"
                         r"(?:note|protest|summons|request|demands?|appeal|concerns?)\b")
ADDRESSED = ("appeal-or-demand", "call-for-investigation", "protest-note", "clarification-request-note", "summons")


def write_acts(acts_finder):
    finder, doc = acts_finder.finder, acts_finder.doc
    acts = acts_finder.acts
    for act in acts:
        vague = act.date is None or len(act.date) == 7  # (a month, "this week", yields to the day of the meeting
        if vague and not finder.in_background(doc.sentences[act.sentence][0]):  # it was made at, in that month)
            _date_from_meeting(finder, act)
        if act.date is None and act.primary in DEMARCHE:
            _date_from_recipient(finder, act)
        if act.kind == "note" and (act.date is None or len(act.date) == 7):
            _date_from_summons(doc, act, acts)
    for act in acts:
        if not act.recipients and act.kind != "note":
            _parties_of_occasion(doc, act, acts)
    for act in acts:
        if act.kind == "note" and not act.recipients:
            _recipient_from_incident(finder, doc, act)
        if not act.recipients and act.primary in ADDRESSED:
            _recipient_from_meeting(finder, doc, act)
        if not act.recipients and act.primary in ADDRESSED:
            _recipient_from_demarche(doc, act, acts)
    for act in acts:
        if act.kind != "note" and act.primary not in ("reply-or-acknowledgement", "agreement-signed", "summons") \
                and not act.reply_to_sender and _answers_demarche(doc, act, acts):
            act.types.append("reply-or-acknowledgement")
    for act in acts:  # "expressed concern over the resolution of the Government ...": that measure
        laws = _measures_objected_to(doc, act)
        if laws:
            act.about = laws
    for act in acts:
        if not act.about and (act.primary in ("criticism", "expression-of-concern", "protest-note",
                                              "call-for-investigation", "summons")
                              or (act.primary == "appeal-or-demand" and act.recipients)):
            about_incident_after(finder, act)
    for i, act in enumerate(acts):  # a demand right after a note on an incident, with none of its own: the same matter
        if not act.about and act.primary in ("call-for-investigation", "criticism", "expression-of-concern"):
            before = [a for a in acts[:i] if act.sentence - 2 <= a.sentence < act.sentence
                      and any(k.startswith("incident/") for k in a.about)]
            if before:
                act.about = [k for k in before[-1].about if k.startswith("incident/")]
    for act in acts:
        if act.primary in ("protest-note", "summons", "expression-of-concern", "clarification-request-note") \
                and not any(k.startswith(("incident/", "law/")) for k in act.about):
            about_the_one_news_incident(finder, act)
    for act in acts:  # "X was summoned ... and handed a note": the summons is about what the note is
        if act.primary == "summons" and not act.about:
            note = next((a for a in acts if a.kind == "note" and a.sentence == act.sentence and a.about), None)
            act.about = list(note.about) if note else act.about
    targets = {id(act): _reply_target(doc, act, acts) for act in acts}
    for act in acts:  # "X assured that the note would be promptly forwarded": said as it was handed
        target = targets[id(act)]
        if not (target and "reply-or-acknowledgement" in act.types and target.date and len(target.date) == 10):
            continue
        receiving = any(RECEIVING.search(doc.text, a, b) for a, b in act.spans)  # "..., he stated, having received the note"
        undated = act.date is None or len(act.date) < 10 and target.date.startswith(act.date)
        if receiving or undated and (0 < act.sentence - target.sentence <= 2 and "handed-over" in (target.channel, act.channel)
                                     or act.sentence - target.sentence == 1 and act.paragraph == target.paragraph):
            # (and "X asked her to ...; she promised ...": the answer, there and then)
            act.date, act.inferred = target.date, "the day of the note it answers as it was handed over"
    for act in acts:
        act.key = _key(doc, act)
    _separate_notes(doc, acts)
    by_id = {id(a): a for a in acts}
    for act in acts:
        target = targets[id(act)]
        act.reply_key = target.key if target else None
        act.about = [by_id[int(k[4:])].key if k.startswith("act:") and int(k[4:]) in by_id else k
                     for k in act.about]
    for act in acts:  # "Deputy Foreign Minister X handed him a note": the ministry's note, by X
        if act.kind == "note":
            act.senders += [a for k in list(act.senders) if k.startswith("person/")
                            for a in doc.objects(k, "agency")[:1] if a not in act.senders]
    answered = {act.reply_key for act in acts} | {k for act in acts for k in act.about}
    for act in acts:  # a private person's words are no act, unless an institution answers them
        if act.key in answered or not all(k in doc.entities and doc.entities[k].type == "Person" for k in act.senders):
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
        if any(lo <= i <= hi and i not in (m.sentence, act.sentence) for i in finder.date_sentences):
            continue
        if best is None or abs(m.sentence - act.sentence) < abs(best.sentence - act.sentence):
            best = m
    if best and (act.date is None or best.date.startswith(act.date)):
        act.date = best.date
        act.inferred = f"the day of the meeting it was made at ({best.key})"


DEMARCHE = ("protest-note", "clarification-request-note", "summons")
DIPLOMATIC = re.compile(r"ministry-of-foreign-affairs|embassy|consulate")


RECEIVING = re.compile(r"\b(?:having\s+received|upon\s+receiving|on\s+receiving|when\s+(?:he|she)\s+received)\s+the\s+"
                       r"(?:protest\s+)?note\b")
OCCASION = re.compile(r"\W*(?:During|At|In\s+the\s+course\s+of)\s+(?:the|this|that|yesterday's|today's)\s+"
                      r"(?:conversation|meeting|talks|summons)\b")


def _parties_of_occasion(doc, act, acts):
    """"During the conversation, the Kazakh side also expressed concern ...": said to the one
    summoned last by the same side, on that day."""
    start, end = act.spans[0]
    if not OCCASION.match(doc.text, doc.sentence_span(start)[0], end):
        return
    own = {doc.state_of(k) for k in act.senders}
    summons = [a for a in acts if a.primary == "summons" and a.sentence < act.sentence
               and {doc.state_of(k) for k in a.senders} & own]
    if summons:
        act.recipients = list(summons[-1].recipients)
        if summons[-1].date and len(summons[-1].date) == 10:
            act.date, act.inferred = summons[-1].date, f"the day of the summons it was said at ({summons[-1].date})"


def _date_from_recipient(finder, act):
    """"... handed a note of protest to Russian Ambassador X. The ambassador was invited to the
    Foreign Ministry on Wednesday": the day the next sentences give the note's addressee."""
    doc = finder.doc
    names = [doc.entities[k].label.split()[-1] for k in act.recipients if k.startswith("person/") and k in doc.entities]
    words = r"the\s+(?:ambassador|envoy|diplomat|charg[eé]\s+d'affaires)" + "".join(f"|{re.escape(n)}" for n in names)
    for i in range(act.sentence + 1, min(act.sentence + 3, len(doc.sentences))):
        start, end = doc.sentences[i]
        text = doc.text[start:end]
        if re.search(rf"(?i)^(?:{words})\b", text) or re.search(rf"\b(?:{words})\s+(?:was|were|had\s+been)\b", text, re.I):
            days = [d for d in find_dates(text, doc.ref, start) if len(d.value) == 10]
            if len(days) == 1:
                act.date, act.inferred = days[0].value, f"the day its addressee was received ({days[0].value})"
            return


def _date_from_summons(doc, act, acts):
    """"... received the Russian Ambassador X. ... A note of protest was handed over to X": a note to
    the one summoned earlier, with no day of its own, was handed over at the summons."""
    people = {k for k in act.recipients if k.startswith("person/")}
    for other in acts:
        if other.primary == "summons" and other.sentence < act.sentence and people & set(other.recipients) \
                and other.date and len(other.date) == 10 and (act.date is None or other.date.startswith(act.date)):
            act.date, act.inferred = other.date, f"the day of the summons it was handed over at ({other.date})"
            return


def _recipient_from_demarche(doc, act, acts):
    """"The ambassador was invited ... where the deputy minister demanded an investigation": a
    demand right after a note or summons by the same state goes to the same addressee."""
    own = doc.state_of(act.senders[0])
    for other in acts:
        if other.primary in DEMARCHE and other is not act and 0 <= act.sentence - other.sentence <= 3 \
                and doc.state_of(other.senders[0]) == own:
            act.recipients += [k for k in other.recipients if k.startswith("state/") and k not in act.recipients]
            if act.date is None and other.date:  # made on the same occasion
                act.date, act.inferred = other.date, f"the date of the {other.primary.replace('-', ' ')} it goes with"


def _answers_demarche(doc, act, acts) -> bool:
    """A statement by a state after it received a note or summons, about the same incident (or
    about nothing else), answers it: "The Russian Embassy said the Russian side is taking all
    necessary measures"."""
    own = doc.state_of(act.senders[0])
    if act.recipients and own in {doc.state_of(k) for k in act.recipients}:
        return False
    diplomatic = [k for k in act.senders if k.startswith("state/") or DIPLOMATIC.search(k)
                  or any(DIPLOMATIC.search(a) for a in doc.objects(k, "agency"))
                  or any(ENVOY_POST.search(p) for p in doc.objects(k, "post"))]
    asked = ASKED_ABOUT.match(doc.text, act.spans[0][0])  # "Asked about the Uzbek note, X told reporters"
    if not diplomatic and not asked:
        return False  # the police or prosecutors explaining themselves do not answer a note
    named = re.search(r"\bthe\s+(?:protest\s+)?(?:note|summons)\b", doc.text[act.spans[0][0]:act.spans[0][1]])
    for other in acts:  # ("confirmed that the note had been received": the note it answers, whatever else it is about)
        if other.primary in DEMARCHE and other.sentence < act.sentence and doc.state_of(other.senders[0]) != own \
                and own in {doc.state_of(k) for k in other.recipients} \
                and (not act.about or set(act.about) & set(other.about) or named) \
                and not (act.recipients and {doc.state_of(k) for k in act.recipients} - {doc.state_of(other.senders[0])}):
            return True
    return False


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
            if re.search(r"\b(?:asked|urged|told)\s+(?:him|her)\b", doc.text[act.spans[0][0]:act.spans[0][1]]):
                act.recipients += [k for k in doc.objects(m.key, "participant")  # "Nematov asked her to ...": the
                                   if k.startswith("person/") and doc.state_of(k) != own]  # official he met
            if not act.recipients:
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
    if speaker == "state" and act.primary == "summons":  # "Kazakhstan has summoned ..." is its foreign ministry's act
        speaker = "ministry-of-foreign-affairs"
    return f"act/{sender}-{speaker}-{act.primary}-{recipient or 'public'}-{when}"


def _separate_notes(doc, acts):
    """Two notes of one month between the same states, on different days (an embassy's request on
    June 4, the ministry's protest on June 9), are two notes: each key then ends with its day, and
    a mention without a day is the note of the same institution (else the latest). A wrong merge
    would be worse than a missed one, which curation can still make."""
    by_key: dict[str, list] = {}
    for act in acts:
        if act.kind == "note":
            by_key.setdefault(act.key, []).append(act)
    for same in by_key.values():
        dated = sorted((a for a in same if a.date and len(a.date) == 10), key=lambda a: a.date)
        if len({a.date for a in dated}) < 2:
            continue
        for a in dated:
            a.key = f"{a.key}-{a.date[8:]}"
        for a in same:
            if a not in dated:
                own = {_institution(doc, k) for k in a.senders}
                a.key = next((d.key for d in reversed(dated) if own & {_institution(doc, k) for k in d.senders}),
                             dated[-1].key)


def _reply_target(doc, act, acts):
    """What a reply answers: remarks it names, else the act addressed to its sender's state in the
    sentence just before, else the note or act its sender's state received.
    A reply with no addressee of its own goes back to the sender of what it answers."""
    target = None
    if act.reply_to_sender:
        target = next((a for a in acts if a is not act and set(a.senders) & set(act.reply_to_sender)), None)
    elif "reply-or-acknowledgement" in act.types:
        own = doc.state_of(act.senders[0])
        candidates = [a for a in acts if a is not act and a.primary != "reply-or-acknowledgement"
                      and doc.state_of(a.senders[0]) != own
                      and own in {doc.state_of(k) for k in a.recipients}]
        # "answering a question about the Kyrgyz note": the act of the state it names; "Y asked the Russian
        # side to ... X replied that ...": the act just before, in its paragraph, else the note its state received
        named = {m.key.split("/", 1)[1] for sp in act.spans for m in doc.mentions_in(*sp, ("State",))} - {own}
        candidates.sort(key=lambda a: (bool(named) and doc.state_of(a.senders[0]) not in named,
                                       not (a.kind == "note" and set(act.senders) & set(a.recipients)),  # the
                                       # note handed to the one who replies
                                       not (a.paragraph == act.paragraph and a.sentence == act.sentence - 1),
                                       a.kind != "note", a.sentence > act.sentence,
                                       a.primary != "protest-note",  # a protest is answered, more than a request
                                       abs(a.sentence - act.sentence)))
        target = candidates[0] if candidates else None
        if target and not act.recipients:
            state = doc.state_of(target.senders[0])
            if state:
                act.recipients.append(f"state/{state}")
    return target


SPEAKS_FOR = re.compile(r"(?i)spokes|press\s+secretary|official\s+representative")


def _write(doc, act):
    span = act.spans[0]
    for k in list(act.senders):  # a spokesperson speaks for the body they work for: it makes the act too
        if any(SPEAKS_FOR.search(p) for p in doc.objects(k, "post")):
            act.senders += [a for a in doc.objects(k, "agency") if a not in act.senders]
    type_ = "Note" if act.kind == "note" else "CommunicativeAct"
    sender_label = _label(doc, act.senders[0])
    recipient = act.recipients[0] if act.recipients else None
    month = re.search(r"\d{4}(?:-\d{2}){0,2}$", act.key).group(0)  # (a note's key may end with its day)
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


OBJECTION = re.compile(r"\b(?:concern|criticism|criticised|criticized|objections?|objected|protested|dissatisfaction)\s+"
                       r"(?:\w+\s+){0,2}?(?:over|about|regarding|at|with|against|to)\s+(?:the\s+)?(?:new\s+)?")


def _measures_objected_to(doc, act) -> list[str]:
    """The laws an act of concern or criticism names as its object, right after its words."""
    if act.primary not in ("expression-of-concern", "criticism", "protest-note", "appeal-or-demand"):
        return []
    laws = [(a, key) for key, e in doc.entities.items() if e.type == "Law" for a, _ in e.spans]
    found = [key for start, end in act.spans for o in OBJECTION.finditer(doc.text, start, end)
             for a, key in laws if a >= o.end() and doc.text[o.end():a].lower() in ("", "the ")]
    return list(dict.fromkeys(found))


def _label(doc, key: str | None) -> str:
    return doc.entities[key].label if key in doc.entities else (key or "")
