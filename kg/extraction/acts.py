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

Some words only look like acts: a negated trigger ("has not responded", "declined to
comment"), "urged it to summon the ambassador" (what is asked for), "responded sharply."
(an announcement: the act is the next sentence, which takes it in). In a quotation
("'Russia remains the main market,' said analyst X") the speaker is the one after the
quote, not a state inside it. A demand right after a note by the same state is what the
note demands. Notes and summonses in the passive or with a double object ("X was handed
a note", "Y handed the Russian diplomat a note") are read in ``acts_parties``; dates
and whether a reporting clause is news in ``acts_context``.

An act is dated by a date in its sentence; else by the act of the sentence before it by
the same institution; else by "currently", "recently"; else by the latest date of its
paragraph (the narrative's reference time, at month precision); else by the news
meeting its sender's state attended, when nothing dated lies between them. After all
sentences (``acts_links``): a reply answers the note or act its sender received, and a
note with no addressee goes to the state where the incident it protests happened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extraction.acts_about import about_links
from kg.extraction.acts_context import LOCAL_AUTHORITY, ActContext
from kg.extraction.acts_language import (MANNER, NOTE_VERB, OWN_OFFICIALS, PRIORITY, WEAK, channel_of, quoted,
                                         find_triggers, note_kind)
from kg.extraction.acts_links import write_acts
from kg.extraction.acts_parties import (ENVOY_POST, agent_after, diplomat_described, double_object_parties,
                                          passive_parties, voice_speakers, voices_later)
from kg.extraction.meetings import SIDES
from kg.extraction.subjects import (ENVOY, Group, first_verbs_subject, groups, object_after, pronoun_before, resolve_pronoun,
                                   subject)


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
    protest: bool = False  # the note is called a protest in so many words

    @property
    def primary(self) -> str:
        return self.types[0]


# Between a summons and its note: "... [on Thursday] and handed a note", "and was then given the note"
AND_HANDED = re.compile(r"(?:\s+(?:on|in|at|last|this)\s+[\w ]{1,25}?)?\s*(?:,\s*)?and\s+(?:was\s+|were\s+)?(?:then\s+)?"
                        r"(?:handed|given|presented|served)(?:\s+with)?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?$")


UNKNOWN_SPEAKER = re.compile(r",\s+((?:[A-Z][\w'-]*\s+){1,5})$")  # a capitalised name right before a verb


class ActFinder(ActContext):
    def __init__(self, finder):
        self.finder = finder
        self.doc = finder.doc
        self.acts: list[Act] = []
        self.last: Act | None = None
        self.intro: tuple | None = None  # a sentence announcing the act of the next one

    # ------------------------------------------------------------------ collecting
    def collect(self, s):
        """Group the triggers of a sentence by the actor making them, and make or extend acts."""
        doc = self.doc
        if self._known_note(s):
            return
        intro = MANNER.search(s.text)  # "Uzbekistan's Foreign Ministry responded sharply.": the act follows
        if intro:
            g = subject(doc, s.span, s.span[0] + intro.start())
            self.intro = (s.index, s.span, g.actors() if g else [])
        groups: dict[tuple, list] = {}
        actor: dict[tuple, tuple] = {}  # group key → (group, pronoun)
        previous = None
        triggers = find_triggers(self.doc, s)
        if not triggers:
            self._voiced(s)
        for t in triggers:
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
            if g and voices_later(self.doc, g, items, ordered[n + 1:], actor):
                continue  # "X told RFE/RL that Dushanbe was concerned": X's words are Dushanbe's act
            first = min(t[1] for t in items)
            clause_start = s.span[0] if n == 0 else (g.start if g else first)
            clause_end = s.span[1]
            if n + 1 < len(ordered):
                nxt = actor[ordered[n + 1][0]][0]
                clause_end = nxt.start if nxt is not None and nxt.start > first else min(t[1] for t in ordered[n + 1][1])
            self._act(s, sorted(items, key=lambda t: t[1]), g, pron, clause_start, clause_end)
        voice_speakers(self.doc, self.last, s, ordered, actor)

    def _actor(self, s, pos) -> tuple[Group | None, str | None]:
        doc = self.doc
        if re.search(r"[,.!?]\"\s*$", doc.text[s.span[0]:pos]):  # '"Russia remains the main market," said analyst X'
            verb = re.match(r"\w+\s+", doc.text[pos:s.span[1]])
            after = groups(doc, pos + (verb.end() if verb else 0), s.span[1])
            if after and not re.search(r"[.;:\"]", doc.text[pos:after[0].start]) and after[0].start - pos < 50:
                return after[0], None
            return None, None  # the quotation's own words do not speak
        told = re.search(r"[,.!?][\"”]\s+(?=\S)[^\"“”.;]{3,140}?,?\s*$", doc.text[s.span[0]:pos]) if WEAK.match(doc.text, pos) else None
        if told:  # '"...," the press attaché of the Russian Embassy, Kirill X, told VB': the one named there
            heard = groups(doc, s.span[0] + told.start() + 2, pos)
            speaker = next((h for h in heard if any(k.startswith("person/") for k in h.actors())), None) or next(
                (h for h in heard if any(k.startswith("agency/") for k in h.actors())), None)  # (not "a porter from
            if speaker:  # the Tajik city of Bokhtar": a state named on the way is no speaker)
                return speaker, None
        g = subject(self.doc, s.span, pos)
        if g is None and not doc.text[s.span[0]:pos].strip() and re.match(r"[A-Z][a-z]+ing\b|Asked\b", doc.text[pos:]):
            comma = re.compile(r"[^.;,]*,\s+(?:the\s+)?").match(doc.text, pos, s.span[1])  # "Commenting on the note
            after = groups(doc, comma.end(), s.span[1]) if comma else []  # ..., the Russian Embassy said": the
            if after and after[0].start == comma.end():  # subject of the clause the participle leads into
                return after[0], None
        if g is None and re.search(r"\b(?:This|That|It)\s+was\s+$", doc.text[s.span[0]:pos]):
            agent = re.compile(r"[^.;]{0,80}?\bby\s+").match(doc.text, pos, s.span[1])  # "This was stated on Saturday
            after = groups(doc, agent.end(), s.span[1]) if agent else []  # ... by Yelena X": the one named after "by"
            if after and after[0].start == agent.end():
                return after[0], None
        pron = pronoun_before(self.doc, pos, g.end if g else s.span[0])
        g, pron = first_verbs_subject(doc, s.span, pos, g) or (g, pron)
        if g and all(m.type == "State" for m in g.members):  # "The Kazakh Ambassador asked": the envoy, not the state
            envoy = ENVOY.fullmatch(pronoun_before(self.doc, pos, s.span[0]) or "")
            if envoy and envoy.group("adj"):
                g, pron = None, envoy.group(0)
        verb = None if g or pron else re.search(rf"{NOTE_VERB.pattern}\s+(?:an?\s+)?(?:\w+\s+)?$", doc.text[s.span[0]:pos])
        if verb:  # "the ministry had sent a note": the subject of the verb the note is the object of
            pron = pronoun_before(self.doc, s.span[0] + verb.start(), s.span[0])
        if pron and g and re.search(r"[,;]", self.doc.text[g.end:pos]):
            g = None  # "..., she said": the pronoun is nearer than an earlier clause's subject
        if g and not pron and WEAK.match(doc.text, pos) and re.search(  # "..., relatives and passengers told RFE/RL"
                r",\s+(?!(?:which|who|that|and|but|as|while)\b)(?:[a-z][\w'-]*\s+){1,4}$", doc.text[g.end:pos]):
            g = None
        other = UNKNOWN_SPEAKER.search(doc.text, g.end, pos) if g and WEAK.match(doc.text, pos) else None
        if other and not doc.mentions_in(other.start(1), pos):  # "..., Human Rights Watch said today": someone
            g = None  # the article names but kg does not know, not the group before
        return (None, pron) if pron and g is None else (g, None if g else pron)

    def _act(self, s, items, g, pron, clause_start, clause_end):
        """Make, extend or skip the act of one actor group's triggers in a clause."""
        doc = self.doc
        strong = sorted({t[0] for t in items if t[0] != "weak"}, key=PRIORITY.index)
        window = doc.text[clause_start:clause_end]
        note = next((t for t in items if t[0] == "note"), None)
        types = [note_kind(window, doc.text[note[1]:note[2]])] if note else strong[:2]
        senders = self._senders(items, g, pron, window, clause_start, clause_end)
        if not senders and self.finder.meetings and SIDES.search(doc.text[clause_start:items[0][1]]):
            senders = [f"state/{st}" for st in self.finder.meetings[-1].states]  # "The parties signed a protocol"
        if senders and all(k in doc.entities and doc.entities[k].rule == "agency-court" for k in senders):
            return  # "the court ordered nine expelled": a ruling, not diplomacy
        if not types:
            self._reporting(s, items, senders, pron, window, clause_start, clause_end)
            return
        main = note or next(t for t in items if t[0] == types[0])
        if types[0] == "directive" and re.search(r"\b(?:courts?|judges?)\b[^.;,]{0,40}$", doc.text[clause_start:main[1]]):
            return  # "courts in the region have ordered 2,870 expelled", whoever reports it: a ruling too
        objects = [object_after(doc, t[3], clause_end) for t in [main] + [t for t in items if t is not main]]
        special = (self._summoned_and_handed(s, items, note, clause_start, clause_end) if note else None) or (
            passive_parties(doc, s, main[1], clause_end, "note" if note else types[0])
            if note or types[0] == "summons" else None) or (
            double_object_parties(doc, s, note[1], clause_end) if note else None)
        if special and note and not (special[0] or senders):  # "a note was handed to Ambassador to Kyrgyzstan X"
            special = None
        if special:  # "X was summoned to the ministry", "Y handed the Russian diplomat a note"
            senders, recipients = special[0] or senders, special[1]
        elif note:
            recipients, senders = self._note_parties(s, note, senders, clause_end)
        else:  # the addressee of the main verb, else of another ("..., urging Russian lawmakers to ...")
            obj = next((o for o in objects if o and o.actors()), None)
            recipients = obj.actors() if obj else []
            if types[0] == "summons" and not any(k.startswith("person/") for k in recipients):
                at = main[3] + len(doc.text[main[3]:clause_end]) - len(doc.text[main[3]:clause_end].lstrip())
                recipients = diplomat_described(doc, at, clause_end) or recipients  # "summoned a senior Russian diplomat"
                named = [mm.key for mm in doc.mentions_in(at, min(clause_end, at + 120), ("Official",))
                         if any(ENVOY_POST.search(p) for p in doc.objects(mm.key, "post"))][:1]
                if named and not any(k.startswith("person/") for k in recipients):  # "summoned the counsellor-envoy
                    recipients = named + [k for k in recipients if k not in named]  # of the Russian Embassy, X"
        last = self.last
        if note and last and last.primary == "summons" and last.sentence >= s.index - 1 and re.search(
                r"\b(?:handed|gave|presented)\s+(?:over\s+)?(?:to\s+)?(?:him|her)\b", doc.text[clause_start:note[1]]):
            recipients = list(last.recipients) + [k for k in recipients if k not in last.recipients]  # "handed him"
        if note and not senders and last and last.primary == "summons" and last.sentence >= s.index - 2:
            senders = list(last.senders)  # "... summoned the Russian envoy. The diplomat was handed a note": the
            recipients = recipients or list(last.recipients)  # summoner's note, to the one summoned
        if not senders:  # "officials were instructed to ...": more of the act just reported
            if self.last and self.last.primary == types[0] and self.last.paragraph == s.paragraph:
                self._extend(self.last, s, window, [])
            return
        to_nationals = any(m.role == "nationals" for m in doc.mentions_in(main[3], main[3] + 25, ("State",)))
        if not note and types[0] == "appeal-or-demand" and last and last.kind == "note" and last.sentence >= s.index - 1 \
                and not to_nationals and not re.search(r"\balso\b", doc.text[clause_start:main[1]]) \
                and {doc.state_of(k) for k in senders} == {doc.state_of(k) for k in last.senders} \
                and not (recipients and {doc.state_of(k) for k in recipients} - {doc.state_of(k) for k in last.recipients}):
            self._extend(last, s, window, [])  # "... has sent a note. We are demanding explanations": what it demands
            return
        if not note:
            cont = self._continuation(senders, pron, window, s.index)
            if cont and re.search(r"\balso\b", doc.text[clause_start:main[1]]):
                self._extend(cont, s, window, senders)  # "He also called for ...": more of the same speech
                return
            own = {doc.state_of(k) for k in senders}
            lawmakers = any("parliament" in k or any(re.search(r"(?i)deputy$|lawmaker|senator|MP", p)
                                                         for p in doc.objects(k, "post")) for k in senders)
            if types[0] == "appeal-or-demand" and not lawmakers and (
                    OWN_OFFICIALS.match(doc.text[main[3]:main[3] + 40])
                    or (recipients and {doc.state_of(k) for k in recipients} <= own)):
                types = ["directive"] + types[1:]  # an appeal to one's own officials is an instruction
            if cont and cont.primary == types[0]:
                self._extend(cont, s, window, senders)
                return
        if doc.text.startswith("advis", main[1]) and all(k in doc.entities and doc.entities[k].type == "Person"
                                                         for k in senders):
            return  # "X advised migrants to withdraw their money": a private person's advice, no institution's appeal
        own = {doc.state_of(k) for k in senders}
        recipients = [r for r in recipients if r not in senders  # a state does not reply or appeal to itself
                      and (types[0] == "directive" or not r.startswith("state/") or doc.state_of(r) not in own)]
        for r in list(recipients):  # an ambassador is addressed as his state's representative
            if any(ENVOY_POST.search(post) for post in doc.objects(r, "post")):
                state = doc.state_of(r)
                if state and f"state/{state}" not in recipients:
                    recipients.append(f"state/{state}")
        self._new(s, "note" if note else "act", types, senders, recipients, clause_start, clause_end, window,
                  protest=bool(note and re.search(r"(?i)protest", window)))

    def _summoned_and_handed(self, s, items, note, clause_start, clause_end):
        """"X was summoned to the ministry and handed a note of protest by Deputy Minister Y":
        the summons is made first, then the note's (senders, recipients): the summoner and
        whoever handed it, to the one summoned. None when the clause is not so."""
        doc = self.doc
        summons = [t for t in items if t[0] == "summons" and t[1] < note[1]]
        if not summons or not AND_HANDED.match(doc.text[self._clause_after(summons[-1], note):note[1]]) \
                or not passive_parties(doc, s, summons[0][1], note[1], "summons"):
            return None
        self._act(s, summons, None, None, clause_start, note[1])
        act = self.last
        if act is None or act.primary != "summons":
            return None
        by = re.compile(r"[^,;]*?\bby\s+(?:the\s+)?").match(doc.text, note[2], clause_end)
        agents = agent_after(doc, by.end(), clause_end) if by else []
        senders = list(act.senders) + [k for k in agents if k not in act.senders]
        return senders, list(act.recipients)

    def _clause_after(self, summons, note) -> int:
        """Where the words between a summons and a note's "handed" begin: after the summons' place."""
        m = re.compile(r"\bto\s+(?:the\s+)?(?:[\w'-]+\s+){0,6}?(?:[Mm]inistry|MFA|[Oo]ffice)\b|\bin\b[^,;]*?(?=\s+and\b)") \
            .search(self.doc.text, summons[2], note[1])
        return m.end() if m else summons[2]

    def _senders(self, items, g, pron, window, clause_start, clause_end) -> list[str]:
        """Who makes the act: the acting group, a pronoun's antecedent, or the voice a state's
        act is reported in ("The Russian government has acknowledged ..., according to a
        statement by Foreign Ministry spokesperson X")."""
        doc = self.doc
        senders = g.actors() if g else []
        if pron and not senders:
            senders = resolve_pronoun(doc, pron, items[0][1], self.last.senders if self.last else [])
        voice = re.search(r"\baccording\s+to\s+(?:a\s+|the\s+)?(?:statement|remarks|comments)?\s*(?:by|from)?\s*|"
                          r"\b[Aa]ccording\s+to\s+a\s+statement\s+(?:posted|published|issued)(?:\s+on\s+\w+)?\s+by\s+(?:the\s+)?",
                          window)
        if voice and (not senders or all(k.startswith("state/") for k in senders)):
            vg = object_after(doc, clause_start + voice.end(), clause_end, max_gap=2)
            if vg and vg.actors():
                senders = vg.actors()
        by = re.search(r"\bwas\s+opened\b[^;]*?\bby\s+(?:the\s+)?", window)
        if not senders and not pron and by:  # "A criminal case was opened ... by the Investigative Committee"
            agents = doc.mentions_in(clause_start + by.end(), min(clause_end, clause_start + by.end() + 80), ("Agency",))
            senders = [agents[0].key] if agents else []
        if not senders and not pron:  # "The St. Petersburg police department said": local authorities of a place
            for p in doc.places_in(clause_start, items[0][1]):
                if LOCAL_AUTHORITY.match(doc.text, p.end) and doc.state_of(p.key):
                    return [f"state/{doc.state_of(p.key)}"]
        return senders

    def _reporting(self, s, items, senders, pron, window, clause_start, clause_end):
        """A clause with only reporting verbs: more of an act, a new statement, or neither."""
        doc = self.doc
        told = self.last is not None and s.span in self.last.spans  # an act of this sentence
        same = told and {doc.state_of(k) for k in senders} == {doc.state_of(k) for k in self.last.senders}
        if s.index in self.finder.event_sentences and not told and items[0][1] > s.span[1] - 60 \
                and re.search(r",\s+[^,]{0,90}$", doc.text[s.span[0]:s.span[1]]) \
                and re.search(r"\b(?:said|says|reported|wrote|told\s+[\w/.-]+)(?:\s+(?:on|in|to|last|this|earlier)\s+"
                              r"[\w\s'-]{1,30})?\W*$", s.text):
            return  # "Police raided a hostel, the ministry said.": the source of a report, not an act
        cont = self._continuation(senders, pron, window, s.index)
        days = {d.value for d in s.dates_in(clause_start, items[0][1])  # told before the verb, not quoted
                if len(d.value) == 10 and not quoted(doc, d.start)}
        if cont and days and cont.date and len(cont.date) == 10 and cont.date not in days:
            cont = None  # "The next day, the directorate said ...": the same speaker on another occasion
        if cont:
            self._extend(cont, s, window, senders)
        elif senders and not same and self._newsworthy(senders, window, clause_start, clause_end):
            # ("The consulate asked ..., the ministry said.": the ministry reports its state's act)
            self._new(s, "act", ["official-statement"], senders, [], clause_start, clause_end, window)
        elif senders and self._answers_last(s, senders):  # "Y asked the Russian side to ... X stated that ..."
            self._new(s, "act", ["reply-or-acknowledgement"], senders, [], clause_start, clause_end, window)

    def _extend(self, act: Act, s, window, senders):
        """Add a sentence that goes on reporting ``act``: its speakers of the same state, channel, topic."""
        doc = self.doc
        if s.span not in act.spans:
            act.spans.append(s.span)
        if act.kind == "note" and not act.protest and re.search(r"\b(?:clarif|explanation|information\s+on)", window):
            act.types = ["clarification-request-note"]  # "The embassy has requested ... information on the grounds"
        own = {doc.state_of(k) for k in act.senders}
        for k in senders:
            if k not in act.senders and k not in act.recipients and doc.state_of(k) in own:
                act.senders.append(k)
        act.channel = act.channel or channel_of(window, act.primary)
        days = sorted({d.value for d in s.dates if len(d.value) == 10})
        if len(days) == 1 and (act.date is None or len(act.date) == 7 and days[0].startswith(act.date)):
            act.date, act.inferred = days[0], "the day the next sentence gives it"  # "In its reply of 6 November"
        about_links(self.finder, self.acts, act, s, window, doc.text.find(window, s.span[0]))
        self.last = act

    def _new(self, s, kind, types, senders, recipients, start, end, window, protest=False):
        doc, finder = self.doc, self.finder
        date, inferred = self._date(s, start, end, senders, kind)
        act = Act(kind, types, list(senders), list(recipients), [s.span], date, inferred, s.index, s.paragraph)
        act.protest = protest
        act.modality = finder.modality(window + doc.text[end:s.span[1]][-60:] if end < s.span[1] else window,
                                       start, date, "act")
        act.channel = channel_of(window, act.primary)
        reply = re.search(r"\bin\s+response\s+to\s+(?:the\s+|recent\s+)*(?:remarks|comments|statements?|words|"
                          r"proposals?)\s+(?:by|of|from)\s+", window)
        if reply:
            g = object_after(doc, start + reply.end(), s.span[1], max_gap=0)
            act.reply_to_sender = g.actors() if g else []
        about_links(self.finder, self.acts, act, s, window, start)
        if self.intro and self.intro[0] == s.index - 1 and \
                {doc.state_of(k) for k in self.intro[2]} & {doc.state_of(k) for k in senders}:
            act.spans.insert(0, self.intro[1])
        merged = self._merge(act)
        if merged is not act:
            self.last = merged
            return
        self.acts.append(act)
        self.last = act

    # ------------------------------------------------------------------ writing
    def resolve(self):
        write_acts(self)
