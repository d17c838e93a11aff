"""Who hands a note or makes a summons, and to whom, when the sentence is not "X verb Y".

Three constructions put the parties elsewhere than subject and object:

* the passive: "A note of protest was handed to Russian Ambassador X on Wednesday by
  Deputy Foreign Minister Y" (sender after "by"), "Ambassador X was summoned to the Tajik
  Foreign Ministry" (sender after "to", recipient the subject);
* the double object: "Deputy Foreign Minister Y handed the Russian diplomat a note"
  (recipient between the verb and the note, sender the subject of the verb);
* a definite description of a diplomat already named: "the Russian diplomat", "the
  envoy", "the ambassador" stand for the latest official of that kind (and their state).

A speaker may also voice an act of their state told in the same sentence ("spokesman X
told RFE/RL that Dushanbe was concerned"): the speaker's reporting verb is no act of its own.
"""

from __future__ import annotations

import re

from kg.extraction.actors import state_key
from kg.extraction.acts_language import channel_of
from kg.extraction.subjects import groups, object_after, subject

PASSIVE = r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being|are\s+being|being)\s+(?:\w+ly\s+)?"
HANDING = r"(?:handed\s+over|handed|sent|delivered|submitted|presented|passed|forwarded)"
DIPLOMAT = re.compile(r"\b(?:the|an?)\s+(?:(?:senior|top|high-ranking|leading)\s+)?(?:(?P<adj>[A-Z][\w-]+)\s+)?"
                      r"(?:diplomat|envoy|ambassador|charg[eé]\s+d'affaires|consul(?:\s+general)?|counterpart)\b", re.I)
DIPLOMATIC_POST = re.compile(r"(?i)ambassador|envoy|consul|charg|counsel|attach|secretary|diplomat")
ENVOY_POST = re.compile(r"(?i)ambassador|envoy|consul|charg")  # who speaks and is addressed for a state
# A date right after a reporting verb dates the report ("reported on its Telegram channel on July 7").
REPORTING_DATE = re.compile(r"\b(?:said|reported|announced|told\s+\w+|wrote|stated|confirmed)\s+(?:\w+\s+){0,4}(?:on\s+)?$")


def diplomat_described(doc, start: int, end: int) -> list[str]:
    """"the Russian diplomat" at ``start``: the latest diplomat of that state named before, and the state."""
    m = DIPLOMAT.match(doc.text, start, end)
    if not m:
        return []
    state = state_key(m.group("adj")) if m.group("adj") else None
    definite = m.group(0).lower().startswith("the")  # "the Russian diplomat" named before; "a Russian diplomat" after
    officials = [mm for mm in doc.mentions if mm.type == "Official" and (mm.end <= start if definite else
                                                                        start < mm.start < start + 400)
                 and any(DIPLOMATIC_POST.search(p) for p in doc.objects(mm.key, "post"))
                 and (state is None or doc.state_of(mm.key) == state)]
    if not definite:
        officials = officials[:1][::-1]
    keys = [officials[-1].key] if officials else []
    state = state or (doc.state_of(keys[0]) if keys else None)
    return keys + ([f"state/{state}"] if state else [])


def _group_or_diplomat(doc, pos: int, end: int) -> list[str]:
    """The recipient at ``pos``: a named party ("Russian Ambassador X"), else the diplomat a
    description stands for ("the Russian diplomat")."""
    g = object_after(doc, pos, end, max_gap=4)
    keys = g.actors() if g else []
    people = [k for k in keys if k.startswith("person/")]
    if not people:
        described = diplomat_described(doc, pos + len(doc.text[pos:end]) - len(doc.text[pos:end].lstrip()), end)
        if described:
            return described
    states = {doc.state_of(k) for k in people} - {None}
    return keys + [f"state/{st}" for st in sorted(states) if f"state/{st}" not in keys]


def passive_parties(doc, sentence, trigger_start: int, clause_end: int, kind: str):
    """(senders, recipients) of a note or summons told in the passive voice, else None."""
    s0 = sentence.span[0]
    verb = HANDING if kind == "note" else r"(?:summoned|called\s+in|called(?=\s+to\s)|invited)"
    m = re.compile(PASSIVE + verb + r"\b").search(doc.text, s0, clause_end)
    if not m or (kind == "summons" and not m.start() <= trigger_start <= m.end()):
        return None
    senders: list[str] = []
    by = re.compile(r"\bby\s+(?:the\s+)?").search(doc.text, m.end(), clause_end)
    if by:
        senders = agent_after(doc, by.end(), clause_end)
    of = re.compile(r"\bnote\s+(?:of\s+protest\s+)?of\s+(?:the\s+)?").search(doc.text, s0, m.start())
    if kind == "note" and not senders and of:  # "A note of protest of the Ministry of Foreign Affairs ... was handed"
        senders = agent_after(doc, of.end(), m.start())
    recipients: list[str] = []
    if kind == "summons":
        near = re.search(r"(?:^|,\s+)(?=the\s+[^,]{0,40}$)", doc.text[s0:m.start()])  # "As follows from X, the
        described = diplomat_described(doc, s0 + near.end(), m.start()) if near else []  # ambassador was summoned"
        g = None if described else subject(doc, sentence.span, m.start())
        recipients = g.actors() if g else described or diplomat_described(doc, s0 + _lead(doc.text[s0:m.start()]), m.start())
        to = re.compile(r"\s+to\s+(?:the\s+)?").match(doc.text, m.end())
        if to and not senders:
            g = object_after(doc, to.end(), clause_end, max_gap=0)
            senders = g.actors() if g else []
            if not senders and re.match(r"[Mm]inistry\b", doc.text[to.end():]):  # "was invited to the ministry": the
                senders = _foreign_ministry_before(doc, m.start(), recipients)  # one named before
    else:
        to = re.compile(r"\s+to\s+").match(doc.text, m.end())  # "to the Russian Ambassador": the one named before
        if to:
            recipients = _group_or_diplomat(doc, to.end(), clause_end)
        elif trigger_start > m.start():  # "Counselor X was handed a note at the ministry": the subject received it
            g = subject(doc, sentence.span, m.start())
            recipients = g.actors() if g else []
            at = re.compile(r"\bat\s+the\s+(?:(?:[A-Z]\w+\s+)?(?:Foreign\s+)?[Mm]inistry)\b").search(doc.text, m.end(), clause_end)
            if at and not senders:
                senders = _foreign_ministry_before(doc, at.start(), recipients)
    for k in list(recipients):
        state = doc.state_of(k)
        if k.startswith("person/") and state and f"state/{state}" not in recipients:
            recipients.append(f"state/{state}")
    return (senders, recipients) if senders or recipients else None


def _foreign_ministry_before(doc, pos: int, recipients: list[str]) -> list[str]:
    """The foreign ministry "the ministry" stands for: the latest named before ``pos`` that is not
    the recipients' own."""
    theirs = {doc.state_of(k) for k in recipients}
    return [a.key for a in doc.mentions if a.type == "Agency" and "ministry-of-foreign-affairs" in a.key
            and a.end <= pos and a.key.split("/")[1] not in theirs][-1:]


def agent_after(doc, pos: int, end: int) -> list[str]:
    """The actors of the group right after "by" at ``pos``, past a capitalised title
    ("by Deputy Foreign Minister X")."""
    for g in groups(doc, pos, end):
        if re.fullmatch(r"(?:(?:[A-Z][\w'-]*|of|the|for|and)\s+)*", doc.text[pos:g.start]):
            return g.actors()
        break
    return []


def _lead(text: str) -> int:
    """Offset of "the ..." description at the start of a clause ("Earlier, the Russian Ambassador")."""
    m = re.search(r"\bthe\s", text)
    return m.start() if m else 0


def double_object_parties(doc, sentence, trigger_start: int, clause_end: int):
    """(senders, recipients) of "Y handed the Russian diplomat a note", else None."""
    s0 = sentence.span[0]
    m = None
    for m in re.finditer(rf"\b{HANDING}\s+(?!(?:a|an|the|its|their|his|her)\s+(?:\w+\s+){{0,2}}note\b)", doc.text[s0:trigger_start]):
        pass
    if m is None or not re.search(r"\b(?:a|an)\s+(?:\w+\s+){0,3}$", doc.text[s0:trigger_start]):
        return None
    verb_start, obj_start = s0 + m.start(), s0 + m.end()
    if doc.text.startswith("to ", obj_start):  # "handed over to D. X a note"
        obj_start += 3
    recipients = _group_or_diplomat(doc, obj_start, trigger_start)
    if not recipients:
        return None
    g = subject(doc, sentence.span, verb_start)
    return (g.actors() if g else []), recipients


def voices_later(doc, g, items, later, actor) -> bool:
    """Does a speaker's reporting verb (``items``, all weak) introduce a later act of the speaker's state?"""
    own = {doc.state_of(a) for a in g.actors()}
    return all(t[0] == "weak" for t in items) and bool(own) and any(
        actor[k][0] is not None and {doc.state_of(a) for a in actor[k][0].actors()} == own
        and any(t[0] != "weak" for t in its) for k, its in later)


def voice_speakers(doc, act, s, ordered, actor):
    """"Ivanova said Moscow was studying the note": the speaker voices her state's act (``act``,
    the one just made in sentence ``s``), and how she spoke is how it was made."""
    if act is None or s.span not in act.spans or act.sentence != s.index:
        return
    for key, items in ordered[:-1]:
        g = actor[key][0]
        if g is None or any(t[0] != "weak" for t in items):
            continue
        speakers = g.actors()
        if {doc.state_of(k) for k in speakers} == {doc.state_of(k) for k in act.senders}:
            act.channel = act.channel or channel_of(doc.text[g.start:min(s.span[1], max(t[2] for t in items) + 30)],
                                                  act.primary)  # "X told RFE/RL that ..."
            if all(k.startswith("state/") for k in act.senders):
                act.senders = list(speakers)
            act.senders += [k for k in speakers if k not in act.senders]
