"""Link acts to what they are about and answer; finish them once the article is read; write them.

An act is about the incidents named after "over", "into", "after"... in its clause, the
ones it refers to ("such conduct", "the situation": the latest umbrella incident; "the
incident": the latest one), the incident just reported when it criticises or protests,
and the act of a person whose "comments" or "remarks" it names.

An act is also about an incident known by its place ("the check in Yekaterinburg"), the
latest of the kind it names ("the inspections would continue"), or, for a protest, the
incident reported right after it ("Turkmenistan has protested ... According to the
statement, 38 trucks were stopped ..."). A protest, summons or concern that names nothing,
in a story with one news incident so far, is about that one. Incidents named in passing
("after similar raids in Kazan") are not what later acts are about. A reply is ``inReplyTo``
the act it answers, not ``about`` it: ``about`` is the subject matter.

What needs the whole article: the date of an act made at a meeting reported later in
the text or of a note whose addressee "was invited on Wednesday"; the addressee of a
protest note that names none (the state where the protested incident happened) or of a
demand made with a note or summons; what a reply answers (the note or act its sender
received); and that a diplomatic statement by a state after it received a note or
summons, on the same matter, answers it. Keys follow the ontology's IRI patterns:
``note/<sender>-to-<recipient>-<month>`` and ``act/<sender>-<type>-<recipient>-<month>``.
"""

from __future__ import annotations

import re

from kg.extraction.acts_language import INCIDENT_ANAPHOR
from kg.extraction.acts_parties import ENVOY_POST
from kg.extraction.dates import find_dates
from kg.extraction.quantities import TO_POLICE
from kg.extraction.scenes import lies_within

SPECIFIC_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:same\s+|latest\s+|recent\s+)?(incident|raid|attack|detentions?|"
                              r"arrests?|death|operation|check)\b")
KIND_ANAPHOR = re.compile(r"\bthe\s+(raids|inspections|checks|detentions|deportations|expulsions)\b")
# The kinds of incident a word refers to, the likeliest first ("the checks" at a border held people up)
KIND_OF = {"raid": ("raid",), "attack": ("attack",), "death": ("death",), "detention": ("detention", "raid"),
           "arrest": ("detention", "raid"), "arrests": ("detention", "raid"), "operation": ("raid", "inspection"),
           "check": ("raid", "inspection"), "raids": ("raid", "inspection"), "inspections": ("inspection", "raid"),
           "checks": ("inspection", "raid", "detention", "blocking"), "detentions": ("detention", "raid"),
           "deportations": ("deportation",), "expulsions": ("deportation",)}
ABOUT_EVENTS = re.compile(r"\b(?:denied|denies|criminal\s+(?:case|investigation)|investigat\w+|probe|inquiry|"
                          r"suspended|legal\s+assistance|detainees|evacuated|bod(?:y|ies)|victims|injured|"
                          r"repatriat\w+|burial|funeral|post-?mortem|autopsy)\b|" + TO_POLICE + "|"
                          r"\bthe\s+(?:detained|deported|trucks|drivers|detainees|victims?|men|migrants)\b(?!\s+who)")


ASKED_ABOUT = re.compile(r"(?:[\w\s,]{0,30}?\b)?[Aa]sked\s+about\s+(?:the|this|that|its)\s+(?:[\w-]+\s+){0,3}?"
                         r"(?:note|protest|summons|request|demands?|appeal|concerns?)\b")
ADDRESSED = ("appeal-or-demand", "call-for-investigation", "protest-note", "clarification-request-note", "summons")


def write_acts(acts_finder):
    finder, doc = acts_finder.finder, acts_finder.doc
    acts = acts_finder.acts
    for act in acts:
        if act.date is None and not finder.in_background(doc.sentences[act.sentence][0]):
            _date_from_meeting(finder, act)
        if act.date is None and act.primary in DEMARCHE:
            _date_from_recipient(finder, act)
        if act.kind == "note" and (act.date is None or len(act.date) == 7):
            _date_from_summons(doc, act, acts)
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
    for act in acts:
        if not act.about and (act.primary in ("criticism", "expression-of-concern", "protest-note",
                                              "call-for-investigation", "summons")
                              or (act.primary == "appeal-or-demand" and act.recipients)):
            _about_incident_after(finder, act)
    for i, act in enumerate(acts):  # a demand right after a note on an incident, with none of its own: the same matter
        if not act.about and act.primary in ("call-for-investigation", "criticism", "expression-of-concern"):
            before = [a for a in acts[:i] if act.sentence - 2 <= a.sentence < act.sentence
                      and any(k.startswith("incident/") for k in a.about)]
            if before:
                act.about = [k for k in before[-1].about if k.startswith("incident/")]
    for act in acts:
        if act.primary in ("protest-note", "summons", "expression-of-concern") \
                and not any(k.startswith("incident/") for k in act.about):
            _about_the_one_news_incident(finder, act)
    for act in acts:  # "X was summoned ... and handed a note": the summons is about what the note is
        if act.primary == "summons" and not act.about:
            note = next((a for a in acts if a.kind == "note" and a.sentence == act.sentence and a.about), None)
            act.about = list(note.about) if note else act.about
    targets = {id(act): _reply_target(doc, act, acts) for act in acts}
    for act in acts:
        act.key = _key(doc, act)
    _separate_notes(doc, acts)
    by_id = {id(a): a for a in acts}
    for act in acts:
        target = targets[id(act)]
        act.reply_key = target.key if target else None
        act.about = [by_id[int(k[4:])].key if k.startswith("act:") and int(k[4:]) in by_id else k
                     for k in act.about]
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


DEMARCHE = ("protest-note", "clarification-request-note", "summons")
DIPLOMATIC = re.compile(r"ministry-of-foreign-affairs|embassy|consulate")


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


def incident_kind(key: str) -> str:
    """The kind an incident's key starts with: "incident/raid-tula-2026-11" is a raid."""
    return key.split("/", 1)[1].split("-", 1)[0]


def _last_current_incident(finder, sentence: int, act, kinds: tuple[str, ...] = ()):
    """The latest incident reported up to ``sentence`` that is news: not one of an earlier month
    mentioned in passing ("an earlier request, submitted after similar raids in Kazan in April");
    with ``kinds``, the latest of those kinds."""
    fitting = [r for r in finder.incidents if min(r.sentences) <= sentence and not r.in_passing
               and (not kinds or incident_kind(r.key) in kinds)]
    return max(fitting, key=lambda r: max(x for x in r.sentences if x <= sentence), default=None)


def _about_incident_after(finder, act):
    """A protest told before what it protests ("Turkmenistan has protested ... According to the
    statement, 38 trucks were stopped ..."): the incident first reported in the next two sentences."""
    doc = finder.doc
    later = [r for r in finder.incidents if act.sentence < min(r.sentences) <= act.sentence + 2 and not r.umbrella
             and doc.entities[r.key].modality != "background"]
    if later:
        act.about.append(min(later, key=lambda r: min(r.sentences)).key)


def _about_the_one_news_incident(finder, act):
    """A protest, summons or concern that names nothing, in a story of one news incident so far
    ("... was summoned to the ministry on Tuesday, where the deputy minister handed him a note of
    protest"): that incident. With two, naming none is no sign of which."""
    doc = finder.doc
    news = [r for r in finder.incidents if not r.in_passing and not r.umbrella and min(r.sentences) <= act.sentence
            and doc.entities[r.key].modality != "background"]
    if len(news) == 1:
        act.about.append(news[0].key)


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
        # "Y asked the Russian side to ... X replied that ...": the act just before, in its paragraph,
        # else the note its state received
        candidates.sort(key=lambda a: (not (a.paragraph == act.paragraph and a.sentence == act.sentence - 1),
                                       a.kind != "note", a.sentence > act.sentence, abs(a.sentence - act.sentence)))
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


def _label(doc, key: str | None) -> str:
    return doc.entities[key].label if key in doc.entities else (key or "")


def about_links(finder, acts, act, s, window, base):
    """Incidents and acts the act is about: named after "over", "into"..., referred to
    ("such conduct", "the incident"), or just reported; "Petrov's comments"."""
    doc = finder.doc
    keys = []
    for m in re.finditer(r"\b(?:about|over|regarding|concerning|into|of|denouncing|condemning|after|following|"
                         r"followed|against|on)\s+", window):
        pos = base + m.end()
        rec = next((r for r in finder.incidents if any(pos <= a <= pos + 60 for a, _ in r.triggers)), None)
        if rec:
            keys.append(rec.key)
    if not keys and INCIDENT_ANAPHOR.search(window):
        rec = finder.last_incident(s.index, umbrella=True) or finder.last_incident(s.index)
        keys = [rec.key] if rec else []
    specific = SPECIFIC_ANAPHOR.search(window)
    if not keys and specific:  # "the death": the latest death, else the latest incident
        kinds = KIND_OF.get(specific.group(1), ())
        rec = next((r for r in reversed(finder.incidents) if min(r.sentences) <= s.index
                    and incident_kind(r.key) in kinds), None) or finder.last_incident(s.index)
        keys = [rec.key] if rec else []
    kind = KIND_ANAPHOR.search(window)
    if not keys and kind:  # "the inspections would continue": the latest incident of that kind
        recs = [r for r in finder.incidents if incident_kind(r.key) in KIND_OF[kind.group(1)]
                and min(r.sentences) <= s.index]
        keys = [recs[-1].key] if recs else []
    if not keys:  # "the check in Yekaterinburg": an incident known by its place
        places = {m.key for m in doc.places_in(base, base + len(window))}
        keys = [r.key for r in finder.incidents if min(r.sentences) <= s.index and r.place
                and (r.place in places or any(lies_within(doc, r.place, p) for p in places))][-1:]
    reach = {"criticism": 1, "expression-of-concern": 1, "protest-note": 1, "call-for-investigation": 1,
             "clarification-request-note": 2}.get(act.primary, -1)
    if ABOUT_EVENTS.search(window):  # "said it had opened a criminal case", "providing legal assistance to the detainees"
        reach = max(reach, 6 if act.primary == "official-statement" else 3)
    if not keys and reach >= 0:
        rec = _last_current_incident(finder, s.index, act)
        if re.search(TO_POLICE, window):  # people "taken to police departments": a raid or detention, not a death
            rec = _last_current_incident(finder, s.index, act, ("raid", "detention", "inspection")) or rec
        if rec and max(x for x in rec.sentences if x <= s.index) >= s.index - reach:
            keys = [rec.key]
    act.about += [k for k in dict.fromkeys(keys) if k not in act.about]
    comments = re.search(r"\b([A-Z][a-z]+)'s\s+(?:comments|remarks|statements?|words|proposal)\b", window)
    if comments:
        for m in doc.mentions_in(*s.span, ("Official", "Person")):
            if doc.text[m.start:m.end] == comments.group(1):
                target = next((a for a in acts if m.key in a.senders and a is not act), None)
                if target and f"act:{id(target)}" not in act.about:
                    act.about.append(f"act:{id(target)}")
