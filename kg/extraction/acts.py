"""Find diplomatic notes and other communicative acts (appeals, replies, criticism...).

A sentence may hold several acts: each trigger ("urged", "expressed concern", "handed a
note", "suggested launching") belongs to the actor group acting before it, and triggers
of one group make one act ("emphasized that such conduct contradicts ... and called for
a transparent review" is one call for an investigation that also criticises). Reporting
verbs ("said", "stated", "noted") only continue the act before them when they come from
its sender, the sender's spokesperson or a pronoun for it ("She said ...", "the
ministry noted"), and make a new official statement otherwise, if it concerns another
state, an incident or another act. Mentions of one act in several sentences merge: same
sender state, kind and recipient, and no conflicting month.

An act is dated by a date in its sentence; else by "currently", "recently"; else by the
latest date of its paragraph (the narrative's reference time, at month precision); else
by the news meeting its sender's state attended, when nothing dated lies between them.
After all sentences: a reply answers the note or act its sender received, and a note
with no addressee goes to the state where the incident it protests happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extraction.acts_language import (ACT_TRIGGERS, ANAPHOR_ACT, INCIDENT_ANAPHOR, NOTE_RE, NOTE_VERB, OWN_OFFICIALS,
                                         PRIORITY, RECENCY, WEAK, channel_of, note_kind)
from kg.extraction.actors import state_key
from kg.extraction.acts_links import about_links, write_acts
from kg.extraction.subjects import Group, object_after, pronoun_before, resolve_pronoun, subject

@dataclass
class Act:
    """One act or note while it is being collected."""

    kind: str  # "note" or "act"
    types: list[str]
    senders: list[str]
    recipients: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    date: str | None = None
    inferred: str | None = None
    sentence: int = 0
    paragraph: int = 0
    modality: str = "asserted"
    channel: str | None = None
    about: list[str] = field(default_factory=list)
    reply_to_sender: list[str] = field(default_factory=list)  # "in response to remarks by X"
    key: str = ""
    reply_key: str | None = None

    @property
    def primary(self) -> str:
        return self.types[0]


class ActFinder:
    def __init__(self, finder):
        self.finder = finder
        self.doc = finder.doc
        self.acts: list[Act] = []
        self.last: Act | None = None

    # ------------------------------------------------------------------ collecting
    def collect(self, s):
        """Group the triggers of a sentence by the actor making them, and make or extend acts."""
        doc = self.doc
        groups: dict[tuple, list] = {}
        actor: dict[tuple, tuple] = {}  # group key → (group, pronoun)
        previous = None
        for t in self._triggers(s):
            between = doc.text[previous[1]:t[1]] if previous else ""
            if previous and re.search(r"\band\s+(?:(?:are|is|was|were|has|have|had|also|then|\w+ly)\s+)*$", between) \
                    and not re.search(r"[,;]\s*\w+\s+\w+", between[-25:]):
                key = previous[0]  # "rebuked ... and are demanding": one subject, two verbs
            else:
                g, pron = self._actor(s, t[1])
                key = (g.start, g.end) if g else ("pronoun", pron) if pron else ("none", t[1])
                actor.setdefault(key, (g, pron))
            groups.setdefault(key, []).append(t)
            previous = (key, t[2])
        speakers = [k for k, items in groups.items() if k[0] != "none" and all(t[0] == "weak" for t in items)]
        for k in [k for k in groups if k[0] == "none"]:
            # "It said it had sent a note", "'We are studying the note,' Ivanova said": the speaker's act
            before = [sp for sp in speakers if min(t[1] for t in groups[sp]) < k[1]]
            chosen = before[-1] if before else (speakers[0] if len(speakers) == 1 else None)
            if chosen:
                groups[chosen] = groups.pop(k) + groups[chosen]
        ordered = sorted(groups.items(), key=lambda kv: min(t[1] for t in kv[1]))
        for n, (key, items) in enumerate(ordered):
            g, pron = actor[key]
            first = min(t[1] for t in items)
            clause_start = s.span[0] if n == 0 else (g.start if g else first)
            clause_end = s.span[1]
            if n + 1 < len(ordered):
                nxt = actor[ordered[n + 1][0]][0]
                clause_end = nxt.start if nxt is not None and nxt.start > first else min(t[1] for t in ordered[n + 1][1])
            self._act(s, sorted(items, key=lambda t: t[1]), g, pron, clause_start, clause_end)
        self._speakers(s, ordered, actor)

    def _speakers(self, s, ordered, actor):
        """"Ivanova said Moscow was studying the note": the speaker voices her state's act."""
        doc = self.doc
        for key, items in ordered[:-1]:
            g = actor[key][0]
            if g is None or any(t[0] != "weak" for t in items):
                continue
            speakers = g.actors()
            act = self.last
            if act is None or s.span not in act.spans or act.sentence != s.index:
                continue
            if {doc.state_of(k) for k in speakers} == {doc.state_of(k) for k in act.senders}:
                if all(k.startswith("state/") for k in act.senders):
                    act.senders = list(speakers)
                act.senders += [k for k in speakers if k not in act.senders]

    def _triggers(self, s) -> list[tuple[str, int, int, int]]:
        """(type, start, end, verb end) of each trigger in a sentence."""
        found, text, base = [], s.text, s.span[0]
        for m in NOTE_RE.finditer(text):
            modified = re.search(r"(?i)protest|diplomatic|formal|verbal|verbale", m.group(0))
            if re.search(r"\b(?:the|this|that|its|their)\s+(?:\w+\s+)?$", text[max(0, m.start() - 14):m.start()]) \
                    and not modified:
                continue  # "the note": one already known, not a new one
            if not modified and not NOTE_VERB.search(text):
                continue  # "took note of", "a note on ...": not a diplomatic note
            found.append(("note", base + m.start(), base + m.end(), base + m.end()))
        for type_, rx in ACT_TRIGGERS:
            for m in rx.finditer(text):
                verb = next((g for g in ("verb", "asked") if g in rx.groupindex and m.group(g)), None)
                verb_end = base + (m.end(verb) if verb else m.end())
                found.append((type_, base + m.start(), base + m.end(), verb_end))
        for m in WEAK.finditer(text):
            found.append(("weak", base + m.start(), base + m.end(), base + m.end()))
        found.sort(key=lambda t: t[1])
        kept = []
        for t in found:  # "called for a review" is a call for investigation, not also an appeal
            if any(k[1] <= t[1] < k[2] and PRIORITY.index(k[0]) < PRIORITY.index(t[0]) for k in kept):
                continue
            kept = [k for k in kept if not (t[1] <= k[1] < t[2] and PRIORITY.index(t[0]) < PRIORITY.index(k[0]))]
            kept.append(t)
        return kept

    def _actor(self, s, pos) -> tuple[Group | None, str | None]:
        g = subject(self.doc, s.span, pos)
        pron = pronoun_before(self.doc, pos, g.end if g else s.span[0])
        if pron and g and re.search(r"[,;]", self.doc.text[g.end:pos]):
            g = None  # "..., she said": the pronoun is nearer than an earlier clause's subject
        return (None, pron) if pron and g is None else (g, None if g else pron)

    def _act(self, s, items, g, pron, clause_start, clause_end):
        """Make, extend or skip the act of one actor group's triggers in a clause."""
        doc = self.doc
        strong = sorted({t[0] for t in items if t[0] != "weak"}, key=PRIORITY.index)
        window = doc.text[clause_start:clause_end]
        note = next((t for t in items if t[0] == "note"), None)
        types = [note_kind(window, doc.text[note[1]:note[2]])] if note else strong[:2]
        senders = self._senders(items, g, pron, window, clause_start, clause_end)
        if not types:
            self._reporting(s, items, senders, pron, window, clause_start, clause_end)
            return
        main = note or next(t for t in items if t[0] == types[0])
        if note:
            recipients, senders = self._note_parties(s, note, senders, clause_end)
        else:
            obj = object_after(doc, main[3], clause_end)
            recipients = obj.actors() if obj else []
        if not senders:  # "officials were instructed to ...": more of the act just reported
            if self.last and self.last.primary == types[0] and self.last.paragraph == s.paragraph:
                self._extend(self.last, s, window, [])
            return
        if not note:
            cont = self._continuation(senders, pron, window, s.index)
            if cont and re.search(r"\balso\b", doc.text[clause_start:main[1]]):
                self._extend(cont, s, window, senders)  # "He also called for ...": more of the same speech
                return
            own = {doc.state_of(k) for k in senders}
            if types[0] == "appeal-or-demand" and (OWN_OFFICIALS.match(doc.text[main[3]:main[3] + 40]) or
                                                   (recipients and {doc.state_of(k) for k in recipients} <= own)):
                types = ["directive"] + types[1:]  # an appeal to one's own officials is an instruction
            if cont and cont.primary == types[0]:
                self._extend(cont, s, window, senders)
                return
        recipients = [r for r in recipients if r not in senders]
        for r in list(recipients):  # an ambassador is addressed as his state's representative
            if any(re.search(r"(?i)ambassador|envoy|consul|charg", post) for post in doc.objects(r, "post")):
                state = doc.state_of(r)
                if state and f"state/{state}" not in recipients:
                    recipients.append(f"state/{state}")
        self._new(s, "note" if note else "act", types, senders, recipients, clause_start, clause_end, window)

    def _senders(self, items, g, pron, window, clause_start, clause_end) -> list[str]:
        """Who makes the act: the acting group, a pronoun's antecedent, or the voice a state's
        act is reported in ("The Russian government has acknowledged ..., according to a
        statement by Foreign Ministry spokesperson X")."""
        doc = self.doc
        senders = g.actors() if g else []
        if pron and not senders:
            senders = resolve_pronoun(doc, pron, items[0][1], self.last.senders if self.last else [])
        voice = re.search(r"\baccording\s+to\s+(?:a\s+|the\s+)?(?:statement|remarks|comments)?\s*(?:by|from)?\s*",
                          window)
        if voice and (not senders or all(k.startswith("state/") for k in senders)):
            vg = object_after(doc, clause_start + voice.end(), clause_end, max_gap=2)
            if vg and vg.actors():
                senders = vg.actors()
        return senders

    def _reporting(self, s, items, senders, pron, window, clause_start, clause_end):
        """A clause with only reporting verbs: more of an act, a new statement, or neither."""
        doc = self.doc
        if s.index in self.finder.event_sentences and items[0][1] > s.span[1] - 60 \
                and re.search(r",\s+[^,]{0,60}$", doc.text[clause_start:s.span[1]]) \
                and re.search(r"\b(?:said|says|reported)\W*$", s.text):
            return  # "Police raided a hostel, the ministry said.": the source of a report, not an act
        cont = self._continuation(senders, pron, window, s.index)
        if cont:
            self._extend(cont, s, window, senders)
        elif senders and self._newsworthy(senders, window, clause_start, clause_end):
            self._new(s, "act", ["official-statement"], senders, [], clause_start, clause_end, window)

    def _note_parties(self, s, trigger, senders, clause_end):
        """Recipients of a note, and its senders when the note was received from someone."""
        doc = self.doc
        tail = doc.text[trigger[1]:clause_end]
        frm = re.search(r"\bfrom\s+(?:the\s+)?", tail)
        if re.search(r"\breceived\b", doc.text[max(s.span[0], trigger[1] - 60):trigger[1]]) and frm:
            g = object_after(doc, trigger[1] + frm.end(), clause_end, max_gap=0)
            if g:
                return senders, g.actors()
        for m in doc.mentions_in(trigger[2], clause_end, ("Official",)):
            if re.search(r"[Aa]mbassador|[Ee]nvoy|[Cc]onsul", doc.text[max(trigger[2], m.start - 40):m.start]):
                state = doc.state_of(m.key)
                recipients = [m.key] + ([f"state/{state}"] if state else [])
                if not senders:
                    host = re.search(r"[Aa]mbassador\s+to\s+(?:the\s+)?([A-Z][a-z]+)", doc.text[trigger[2]:m.start])
                    host_key = state_key(host.group(1)) if host else None
                    senders = [f"state/{host_key}"] if host_key else []
                return recipients, senders
        to = re.search(r"\bto\s+(?:the\s+)?", tail)
        if to:
            g = object_after(doc, trigger[1] + to.end(), clause_end, max_gap=0)
            if g:
                return g.actors(), senders
        return [], senders

    def _continuation(self, senders, pron, window, sentence) -> Act | None:
        """The act this clause goes on reporting: the latest act of the same sender (or of the
        agency a speaker works for), or the act just reported when the clause refers to it."""
        doc = self.doc
        if self.last is None:
            return None
        if not senders and re.search(r"\bthe\s+statement\s+(?:said|added|stated|noted)\b", window):
            return self.last
        agencies = {f.object for k in senders for f in doc.facts if f.subject == k and f.predicate == "agency"}
        for act in reversed(self.acts):
            last_sentence = max(doc.sentence_of(sp[0]) for sp in act.spans)
            if sentence - last_sentence > 8:
                break
            if set(senders) & set(act.senders) or agencies & set(act.senders):
                return act
        last = self.last
        same_state = senders and {doc.state_of(k) for k in senders} == {doc.state_of(k) for k in last.senders}
        if same_state and (ANAPHOR_ACT.search(window) or pron):
            return last
        return None

    def _newsworthy(self, senders, window, start, end) -> bool:
        """A reporting verb makes an act when it concerns another state, an incident or an act."""
        doc = self.doc
        own = {doc.state_of(k) for k in senders}
        if doc.objects(senders[0], "post") == [] and senders[0].startswith("person/") \
                and doc.entities[senders[0]].type == "Person":
            return False
        others = [m for m in doc.mentions_in(start, end, ("State", "Agency", "Official", "Person"))
                  if doc.state_of(m.key) not in own and m.role != "nationals"]
        return bool(others or INCIDENT_ANAPHOR.search(window) or channel_of(window) in ("interview", "briefing"))

    def _extend(self, act: Act, s, window, senders):
        """Add a sentence that goes on reporting ``act``: its speakers of the same state, channel, topic."""
        doc = self.doc
        if s.span not in act.spans:
            act.spans.append(s.span)
        own = {doc.state_of(k) for k in act.senders}
        for k in senders:
            if k not in act.senders and k not in act.recipients and doc.state_of(k) in own:
                act.senders.append(k)
        act.channel = act.channel or channel_of(window)
        about_links(self.finder, self.acts, act, s, window, doc.text.find(window, s.span[0]))
        self.last = act

    def _new(self, s, kind, types, senders, recipients, start, end, window):
        doc, finder = self.doc, self.finder
        date, inferred = self._date(s, start, end, senders)
        act = Act(kind, types, list(senders), list(recipients), [s.span], date, inferred, s.index, s.paragraph)
        act.modality = finder.modality(window + doc.text[end:s.span[1]][-60:] if end < s.span[1] else window,
                                       start, date, "act")
        act.channel = channel_of(window)
        reply = re.search(r"\bin\s+response\s+to\s+(?:the\s+|recent\s+)*(?:remarks|comments|statements?|words|"
                          r"proposals?)\s+(?:by|of|from)\s+", window)
        if reply:
            g = object_after(doc, start + reply.end(), s.span[1], max_gap=0)
            act.reply_to_sender = g.actors() if g else []
        about_links(self.finder, self.acts, act, s, window, start)
        merged = self._merge(act)
        if merged is not act:
            self.last = merged
            return
        self.acts.append(act)
        self.last = act

    def _date(self, s, start, end, senders):
        """The date of an act, and how it was inferred (see the module's docstring)."""
        finder, doc = self.finder, self.doc
        dates = [d for d in (s.dates_in(start, end) or s.dates)  # not "before the April 30 deadline"
                 if not re.search(r"\b(?:before|until|by|after|since|from|starting|till)\s+(?:the\s+)?$",
                                  doc.text[max(s.span[0], d.start - 12):d.start], re.I)
                 and not re.match(r"\s*deadline", doc.text[d.end:d.end + 10])]
        if dates:
            return dates[0].value, dates[0].inferred
        recent = RECENCY.search(doc.text[start:end])
        if recent:
            month = doc.ref.isoformat()[:7]
            finder.reference.setdefault(s.paragraph, month)
            return month, f"'{recent.group(0)}': the month of the article ({doc.ref.isoformat()})"
        state = doc.state_of(senders[0]) if senders else None
        for m in reversed(finder.meetings):  # an act reported right after a meeting was made there
            if doc.paragraph_of(doc.sentences[m.sentence][0]) == s.paragraph and m.date and state in m.states \
                    and not any(m.sentence < i < s.index for i in finder.date_sentences):
                return m.date, f"the day of the meeting it was made at ({m.key})"
        ref = finder.reference.get(s.paragraph)
        if ref:
            return ref[:7], "the month of the date before it in the paragraph"
        return None, None

    def _merge(self, act: Act) -> Act:
        doc = self.doc
        state = doc.state_of(act.senders[0])
        for old in self.acts:
            if old.kind != act.kind or old.primary != act.primary or doc.state_of(old.senders[0]) != state:
                continue
            r_old = {doc.state_of(k) for k in old.recipients} - {None}
            r_new = {doc.state_of(k) for k in act.recipients} - {None}
            if r_old and r_new and not r_old & r_new:
                continue
            if old.date and act.date and old.date[:7] != act.date[:7]:
                continue
            if act.date and not old.date:
                continue  # an undated act before a dated one is not a later mention of it
            for k in act.senders:
                if k not in old.senders:
                    old.senders.append(k)
            for k in act.recipients:
                if k not in old.recipients and k not in old.senders:
                    old.recipients.append(k)
            old.spans += [sp for sp in act.spans if sp not in old.spans]
            old.channel = old.channel or act.channel
            old.about += [k for k in act.about if k not in old.about]
            old.reply_to_sender = old.reply_to_sender or act.reply_to_sender
            return old
        return act

    # ------------------------------------------------------------------ writing
    def resolve(self):
        write_acts(self)
