"""What acts finding needs beyond triggers: a note's parties, an act's date, whether a report is news.

:class:`ActContext` is mixed into :class:`kg.extraction.acts.ActFinder`. A note goes "to" the
group after it, or to the ambassador named after it, or was "received from" someone. An
act is dated by a date in its clause (not one of a deadline, not the day a note was
reported: "said on Sunday that it had sent a note" dates the report); else by the act of
the sentence before, by the same institution; else by "currently", "recently"; else by a
meeting just reported; else, but for a note, by the day of the sentence just before ("The
response came on Monday. The ambassador was summoned ..."); else by the month of the
paragraph's latest date. A clause with
only reporting verbs is news when it concerns another state, an incident (by name, by
"the detainees", by the local authorities of its place), a foreign law, a note, is an
interview or briefing, or is an institution speaking of migration (a lawmaker's words on a
bill are politics unless they concern another state). "The note was handed over on Tuesday
by X to Y" or "Deputy Minister X handed him the note", after a note was reported, tells more
of that note: its day, who handed it, to whom. A reporting clause goes on an act of the same
sender, or is a reply when its sender's side was asked something in the sentence just before.
"According to Deputy Minister X, ..." right after a statement of X's body adds X to its senders.
Mentions of one act merge: same kind, sender's state and month (two bodies of one state, or two
of its officials, make two acts; an answer to what was asked just before is not more of an
earlier reply).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extraction.actors import post_definition, state_key
from kg.extraction.acts_language import ANAPHOR_ACT, INCIDENT_ANAPHOR, RECENCY, channel_of
from kg.extraction.acts_about import ABOUT_EVENTS
from kg.extraction.acts_parties import REPORTING_DATE, passive_parties
from kg.extraction.subjects import object_after

if TYPE_CHECKING:  # (the acts these methods work on; kg.extraction.acts imports this module)
    from kg.extraction.acts import Act

LOCAL_AUTHORITY = re.compile(r"(?:'s)?\s+(?:regional\s+|city\s+|district\s+)?(?:police|prosecutor'?s?\s+office|"
                             r"court|administration|mayor'?s?\s+office|authorities|governor)\b")


# What this knowledge graph is about: an institution speaking of it makes a statement.
MIGRATION = re.compile(r"\b(?:migra\w*|foreigners|register\s+of\s+controlled|"
                       r"detain\w*|deport\w*|expel\w*|expulsions?|raids?|patents?|consular)\b", re.I)
KNOWN_NOTE = re.compile(r"\b[Tt]he\s+(?:protest\s+)?note\s+(?:of\s+protest\s+)?(?:was|had\s+been|has\s+been)\s+"
                        r"(?:handed|delivered|submitted|passed|sent|presented)\b")
# "Deputy Foreign Minister X handed him the note": the note already told, by the one who hands it
KNOWN_NOTE_HANDED = re.compile(r"\b(?:handed|delivered|passed|presented|gave)\s+(?:him|her|them)\s+the\s+"
                               r"(?:protest\s+)?note\b")


class ActContext:
    """Methods of :class:`ActFinder` that read context rather than triggers."""

    def _known_note(self, s) -> bool:
        """Extend the note just reported with "The note was handed over on Tuesday by X to Y"."""
        m = KNOWN_NOTE.search(s.text)
        summoned_here = re.search(r"\b(?:summoned|invited|called\s+in)\b", s.text)  # (then the note is told anew)
        handed = None if m or summoned_here else KNOWN_NOTE_HANDED.search(s.text)
        note = next((a for a in reversed(self.acts) if a.kind == "note"), None)
        if not (m or handed) or note is None or s.index - note.sentence > 3:
            return False
        doc, own = self.doc, {self.doc.state_of(k) for k in note.senders}
        if handed:
            senders = [k.key for k in doc.mentions_in(s.span[0], s.span[0] + handed.start(), ("Official", "Agency"))]
            recipients = []
            summons = self.acts[-1] if self.acts and self.acts[-1].primary == "summons" else None
            if summons and summons.sentence == s.index - 1 and summons.date and len(summons.date) == 10 \
                    and (not note.date or summons.date.startswith(note.date)):
                note.date, note.inferred = summons.date, "the day of the summons at which it was handed"
        else:
            senders, recipients = passive_parties(doc, s, s.span[0] + m.start(), s.span[1], "note") or ([], [])
        note.senders += [k for k in senders if k not in note.senders and doc.state_of(k) in own]
        note.recipients += [k for k in recipients if k not in note.recipients and k not in note.senders]
        days = [d for d in s.dates if len(d.value) == 10  # not the day it was reported
                and not REPORTING_DATE.search(doc.text[max(s.span[0], d.start - 40):d.start])]
        told = m and len(days) == 1 and days[0].start >= s.span[0] + m.end() and re.fullmatch(
            r"\s*(?:on|last)?\s*", doc.text[s.span[0] + m.end():days[0].start])
        if len(days) == 1 and (not note.date or days[0].value.startswith(note.date) or told):  # "The note was sent on
            note.date, note.inferred = days[0].value, days[0].inferred  # Monday": its day, whatever was said before
        note.spans.append(s.span)
        note.channel = note.channel or channel_of(s.text, note.primary)
        self.last = note
        return True

    def _continuation(self, senders, pron, window, sentence):
        """The act this clause goes on reporting: the latest act of the same sender (or of the
        agency a speaker works for), or the act just reported when the clause refers to it."""
        doc = self.doc
        if self.last is None:
            return None
        if senders and all(doc.entities[k].type == "Person" for k in senders if k in doc.entities):
            return None  # an activist's comment is not more of an official act
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
        if senders and not agencies and all(k.startswith("person/") and k not in last.senders and k in doc.entities
                                            and min(sp[0] for sp in doc.entities[k].spans) > last.spans[-1][1]
                                            for k in senders):
            return None  # "... the ministry said. The ombudsman, X, ... She said": a speaker introduced since
        same_state = senders and {doc.state_of(k) for k in senders} == {doc.state_of(k) for k in last.senders}
        known = {k for k in self._institutions(last.senders) if k.startswith("agency/")}
        described = pron and pron.startswith("the ") and known and not self._institutions(senders) & known
        if same_state and (ANAPHOR_ACT.search(window) or pron) and not described:  # "the agency": another speaker
            return last
        return None

    def _answers_last(self, s, senders) -> bool:
        """Words of the side just asked, right after the request in its paragraph: a reply ("During the
        meeting, X asked the Russian side to review the cases. Y stated that they would be checked again")."""
        doc, last = self.doc, self.last
        if last is None or last.sentence != s.index - 1 or last.paragraph != s.paragraph or last.primary not in (
                "appeal-or-demand", "call-for-investigation", "clarification-request-note", "protest-note"):
            return False
        own = {doc.state_of(k) for k in senders}
        return None not in own and own <= {doc.state_of(k) for k in last.recipients} \
            and not own & {doc.state_of(k) for k in last.senders}

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
        # "a note of protest of the Kyrgyz Foreign Ministry": its sender too
        whose = re.match(r"\s+of\s+(?:the\s+)?", doc.text[trigger[2]:clause_end])
        author = object_after(doc, trigger[2] + whose.end(), clause_end, max_gap=0) if whose else None
        if author:
            senders = senders + [k for k in author.actors() if k not in senders]
        to = re.search(r"\bto\s+(?:the\s+)?|\bprotest\s+with\s+(?:the\s+)?", tail)  # "lodged a formal protest with Russia"
        if to:
            g = object_after(doc, trigger[1] + to.end(), clause_end, max_gap=0)
            member = re.match(r"(?:[a-z'-]+\s+){1,3}of\s+(?:the\s+)?", tail[to.end():])
            if g is None and member:  # "to the counsellor of the Russian Embassy in Bishkek": to the embassy
                g = object_after(doc, trigger[1] + to.end() + member.end(), clause_end, max_gap=0)
            if g:
                return g.actors(), senders
        return [], senders

    def _newsworthy(self, senders, window, start, end) -> bool:
        """A reporting verb makes an act when it concerns another state, an incident or an act, or is an
        institution speaking of migration; a lawmaker's words count only when about another state."""
        doc = self.doc
        own = {doc.state_of(k) for k in senders}
        if doc.objects(senders[0], "post") == [] and senders[0].startswith("person/") \
                and doc.entities[senders[0]].type == "Person":
            return False
        others = [m for m in doc.mentions_in(start, end, ("State", "Agency", "Official", "Person"))
                  if doc.state_of(m.key) not in own and m.role != "nationals"]
        act_named = re.search(r"\bthe\s+(?:protest\s+)?(?:note|summons|protest)\b", window)  # "no information about the note"
        foreign_law = re.search(r"\bthe\s+(?:new\s+)?(?:law|decree|bill|amendments|rules|measures?|ban)\b", window) and any(
            e.type == "Law" and e.key.split("/")[1] not in own for e in doc.entities.values())  # "the decree" of another state
        recent = self.finder.last_incident(doc.sentence_of(start))  # "said the trucks had been held because ..."
        about_it = recent and ((ABOUT_EVENTS.search(window) and max(recent.sentences) >= doc.sentence_of(start) - 8)
                               or doc.sentence_of(start) in recent.sentences)  # telling the incident itself
        scene = any(LOCAL_AUTHORITY.match(doc.text, p.end) and any(  # "the Tyumen police said": about what happened there
            r.place and (r.place == p.key or p.key in doc.objects(r.place, "partOf")) for r in self.finder.incidents)
            for p in doc.places_in(start, end))
        parliaments = self._parliaments(senders)
        official = any(not p for p in parliaments)
        if parliaments and all(parliaments):
            return bool(others)  # a lawmaker telling a paper about a bill is politics, unless about another state
        return bool(others or INCIDENT_ANAPHOR.search(window) or channel_of(window) in ("interview", "briefing")
                    or foreign_law or about_it or act_named or scene or (official and MIGRATION.search(window)))

    def _parliaments(self, senders) -> list[bool]:
        """For each institution behind the senders (an agency, an official's agency, else a
        parliament post: "LDPR deputy X"), whether it is a parliament."""
        doc, found = self.doc, []
        for k in senders:
            bodies = [k] if k.startswith("agency/") else doc.objects(k, "agency")
            if bodies:  # (a regional Duma or Legislative Assembly is a parliament too)
                found += ["/parliament" in b or "/regional-legislature" in b for b in bodies]
            elif any(post_definition(post).get("agency") == "parliament" for post in doc.objects(k, "post")):
                found.append(True)
        return found

    def _date(self, s, start, end, senders, kind="act"):
        """The date of an act, and how it was inferred (see the module's docstring)."""
        finder, doc = self.finder, self.doc
        dates = [d for d in (s.dates_in(start, end) or [d for d in s.dates if d.start < start])
                 # (a date in a later speaker's clause is that clause's); not "before the April 30 deadline"
                 if not re.search(r"\b(?:before|until|by|after|since|from|starting|till)\s+(?:the\s+)?$",
                                  doc.text[max(s.span[0], d.start - 12):d.start], re.I)
                 and not re.match(r"(?i)(?:since|from|until|by)\s", doc.text[d.start:d.end])  # "since the beginning of the year"
                 and not re.match(r"\s*deadline", doc.text[d.end:d.end + 10])
                 and not re.search(r"\b(?:adopted|signed|approved|passed|enacted)\s+(?:on\s+|in\s+)?$",  # a measure's day
                                   doc.text[max(s.span[0], d.start - 14):d.start])]
        if dates and kind == "note" and (REPORTING_DATE.search(doc.text[max(s.span[0], dates[0].start - 45):dates[0].start])
                                         or re.match(r"\s+that\b", doc.text[dates[0].end:dates[0].end + 6])):
            # "the embassy said on Sunday that it had sent a note": the note came on or before that day
            earlier = [d for d in dates[1:] if len(d.value) == 10 and d.value <= dates[0].value]
            if earlier:  # "... that it had sent a note the previous day"
                return earlier[0].value, earlier[0].inferred
            return dates[0].value[:7], f"the month of the report of it ({dates[0].value})"
        if dates:
            return dates[0].value, dates[0].inferred
        last = self.last  # the act of the sentence before, by the same institution: the same occasion
        if last and last.date and len(last.date) == 10 and last.sentence == s.index - 1 and senders \
                and self._institutions(senders) & self._institutions(last.senders):
            return last.date, f"the day of the act reported just before it ({last.date})"
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
        if ref and len(ref) == 10 and kind != "note" and finder.reference_at.get(s.paragraph) == s.index - 1:
            # "Dushanbe's response came on Monday. Russia's ambassador was called in ...": that day.
            # Not for notes: a note's mentions with different days would be two notes
            return ref, f"the day of the sentence before it ({ref})"
        if ref:
            return ref[:7], "the month of the date before it in the paragraph"
        return None, None

    def _institutions(self, keys) -> set[str]:
        """The actors and the agencies of the officials among them."""
        return set(keys) | {a for k in keys for a in self.doc.objects(k, "agency")}

    def _voiced(self, s):
        """"The ministry told KNews that ... According to Deputy Minister X, the funds were allocated":
        the official of the body whose statement goes on is one of its senders."""
        voice = re.match(r"According\s+to\s+", s.text)
        last = self.last
        if not voice or last is None or last.sentence != s.index - 1:
            return
        at = s.span[0] + voice.end()
        who = [mm.key for mm in self.doc.mentions_in(at, at + 60, ("Official",))][:1]
        if who and set(self.doc.objects(who[0], "agency")) & set(last.senders):
            self._extend(last, s, s.text, who)

    ASKING = ("appeal-or-demand", "call-for-investigation", "clarification-request-note", "protest-note")

    def _merge(self, act: Act) -> Act:
        doc = self.doc
        state = doc.state_of(act.senders[0])
        for old in self.acts:
            if old.kind != act.kind or old.primary != act.primary or doc.state_of(old.senders[0]) != state:
                continue
            people = [{k for k in a.senders if k.startswith("person/")} for a in (old, act)]
            if not self._institutions(old.senders) & self._institutions(act.senders) and (
                    act.primary == "official-statement" or all(people)):
                continue  # two bodies of one state making statements, an official of neither speaking: two acts
            r_old = {doc.state_of(k) for k in old.recipients} - {None}
            r_new = {doc.state_of(k) for k in act.recipients} - {None}
            if r_old and r_new and not r_old & r_new:
                continue
            if old.date and act.date and (old.date[:7] != act.date[:7] or act.kind == "note"
                                          and len(old.date) == len(act.date) == 10 and old.date != act.date):
                continue  # (a note sent on June 4 and one handed over on June 9 are two notes)
            if act.date and not old.date:
                continue  # an undated act before a dated one is not a later mention of it
            if act.primary == "reply-or-acknowledgement" and any(  # "X asked him to help. Y replied that ...":
                    a.sentence == act.sentence - 1 and a.paragraph == act.paragraph and a.primary in self.ASKING
                    and doc.state_of(a.senders[0]) != state for a in self.acts) and old.sentence < act.sentence - 1:  # the answer to that, not more of an
                continue  # earlier reply
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
