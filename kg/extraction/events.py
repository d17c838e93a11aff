"""Find events in an article: diplomatic notes and other acts, incidents, meetings, laws.

:class:`EventFinder` reads one sentence at a time and hands it to the finders of
incidents (``incidents.py``), meetings (``meetings.py``), acts and notes (``acts.py``)
and laws (``laws.py``). It keeps what later sentences need: the latest date of each
paragraph (the narrative's "reference time", so that "In response, the embassy
submitted a note" after "On June 8 ..." is dated June), the incidents and meetings
found so far, and where the background box of an article starts. Headlines are skipped
(they repeat the lead in other words) and the dates of a dateline are the article's own,
not an event's. Event keys are built from what identifies the event (sender and recipient states and month; kind, place and
month; date and parties), so the same event reported by two articles gets one IRI.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.extraction.acts import ActFinder
from kg.extraction.dates import DateMention, find_dates
from kg.extraction.lexicon import country_word
from kg.extraction.quantities import WORDS
from kg.extraction.document import Doc
from kg.extraction.incidents import IncidentRecord, find_incidents
from kg.extraction.laws import find_laws
from kg.extraction.meetings import MeetingRecord, find_meetings
from kg.extraction.scenes import places_within

ATTRIBUTED_ACT = re.compile(
    r"\b(?i:reportedly|according\s+to|as\s+reported\s+by|allegedly|claimed)\b|"
    r"\b(?:[A-Z][\w.-]*|media|agency|outlet|newspaper)\s+reported[.,]?\s*$")
ATTRIBUTED_EVENT = re.compile(
    r"\b(?:reportedly|according\s+to|as\s+reported\s+by|allegedly|claimed|reported|reports?\s+of|"
    r"eyewitness\w*)\b|,\s+(?:[\w-]+\s+){0,4}(?:said|say|says)\.?$", re.I)
UNCONFIRMED = re.compile(r"\b(?:ha(?:s|ve)\s+yet\s+to\s+confirm|not\s+(?:been\s+)?confirmed|unconfirmed|"
                         r"could\s+not\s+(?:be\s+)?(?:confirmed|verified)|whether\s+it\s+has)\b", re.I)
PROPOSED = re.compile(r"\b(?:call(?:s|ed)?\s+for\s+an?\s|bill\b|proposed|draft|designed\s+to|plans?\s+to|"
                      r"would\s+|agreed\s+to\s+hold)", re.I)
SCHEDULED = re.compile(r"\b(?:will|starting|scheduled|upcoming|is\s+to\s+)\b", re.I)


EVENT_RELATIVE = re.compile(
    r"\b(?:[Tt]he|(?P<n>two|three|four|five|six|seven)\s+days?)\s+(?:day\s+)?(?P<side>before|after)\s+the\s+"
    r"(?:(?P<adj>[A-Z][a-z]+)\s+)?(?P<noun>summons|d[ée]marche|note|protest|meeting|talks|consultations|raid|check|"
    r"operation|detentions?|fire|death)\b")


@dataclass
class Sentence:
    """One sentence of the clean text, with its dates and paragraph."""

    index: int
    span: tuple[int, int]
    text: str
    dates: list[DateMention]
    paragraph: int

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        return [d for d in self.dates if start <= d.start and d.end <= end]


def _section_heading(doc: Doc, s: Sentence) -> bool:
    """A paragraph of a few words with no full stop: a section's heading ("Khimki, 29 October")."""
    start, end = doc.paragraphs[s.paragraph]
    return s.span == (start, end) and len(s.text.split()) <= 6 and not s.text.rstrip().endswith((".", "!", "?", '"'))


def is_old(value: str, ref: dt.date) -> bool:
    """Whether a date lies well before the article: background rather than news.

    A day or month more than four months before the article's date is old; a year is
    old when it is before the article's year ("In 2023, ..." in a 2024 article), not
    when it is the article's own year ("Since the beginning of 2024, raids rose").
    """
    if len(value) == 4:
        return int(value) < ref.year
    parts = [int(p) for p in value.split("-")] + [1]
    return (ref - dt.date(parts[0], parts[1], parts[2])).days > 120


def earliest(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


class EventFinder:
    """Walks the sentences of a document and adds the events it finds."""

    def __init__(self, doc: Doc, background_from: int):
        self.doc = doc
        self.background_from = background_from
        self.last_date: str | None = None
        self.last_day: str | None = None  # the last full date, for "the next day"
        self.reference: dict[int, str] = {}  # paragraph → latest date of month or day precision
        self.reference_at: dict[int, int] = {}  # paragraph → the sentence its reference date is in
        self.incidents: list[IncidentRecord] = []
        self.unplaced: list[tuple] = []  # (kind, start, end, sentence) of a lead's incident told without a place
        self.meetings: list[MeetingRecord] = []
        self.date_sentences: list[int] = []  # sentences with an explicit date
        self.event_sentences: set[int] = set()  # sentences that report an incident or a meeting
        self.last_law_state: str | None = None
        self.last_law: tuple[str, int] | None = None  # key and sentence of the last measure
        self.previous: Sentence | None = None  # the sentence before, which may set the scene
        self.told: list[Sentence] = []  # the sentences read so far
        self.acts = ActFinder(self)

    def run(self):
        doc = self.doc
        for i, span in enumerate(doc.sentences):
            text = doc.text[span[0]:span[1]]
            dates = [d for d in find_dates(text, doc.ref, span[0], self.last_date, self.last_day)
                     if not doc.is_article_date(d.start)]
            relative = self._relative_to_event(text, span[0])  # ("the day after the raid", not after the last date)
            dates = sorted([d for d in dates if not any(r.start <= d.start < r.end for r in relative)] + relative,
                           key=lambda d: d.start)
            s = Sentence(i, span, text, dates, doc.paragraph_of(span[0]))
            if doc.in_headline(span[0]):
                continue  # a headline repeats the lead in fewer words: events are read from the body
            find_incidents(self, s)
            find_meetings(self, s)
            self.acts.collect(s)
            find_laws(self, s)
            self.previous = s
            self.told.append(s)
            if dates:
                self.last_date = dates[-1].value
                if not _section_heading(doc, s):  # "Khimki, 29 October" heads what follows: "Six days later"
                    # under it counts from the day told before the heading, as the heading's date does
                    self.last_day = next((d.value for d in reversed(dates) if len(d.value) == 10), self.last_day)
                self.date_sentences.append(i)
                precise = [d for d in dates if len(d.value) >= 7]
                if precise:
                    self.reference[s.paragraph] = precise[-1].value
                    self.reference_at[s.paragraph] = i
        self.acts.resolve()
        places_within(doc)

    def _relative_to_event(self, text: str, offset: int) -> list[DateMention]:
        """"The day before the summons", "the day after the raid": a day counted from an event
        told before with its day (of the state the adjective names: "the Tajik démarche")."""
        found = []
        for m in EVENT_RELATIVE.finditer(text):
            noun, state = m.group("noun").lower(), country_word(m.group("adj"))
            if noun in ("summons", "démarche", "demarche", "note", "protest"):
                days = [a.date for a in self.acts.acts if (a.primary == "summons" if noun == "summons" else a.kind == "note")
                        and (state is None or any(self.doc.state_of(k) == state for k in a.senders))]
            elif noun in ("meeting", "talks", "consultations"):
                days = [r.date for r in self.meetings if state is None or state in r.states]
            else:  # the incident of that kind ("the check" is a raid)
                kind = {"check": "raid", "operation": "raid", "detentions": "detention"}.get(noun, noun)
                days = [d for r in self.incidents if not r.umbrella and r.key.startswith(f"incident/{kind}-")
                        for d in self.doc.objects(r.key, "date")]
            days = [d for d in days if d and len(d) == 10]
            if days:
                shift = (-1 if m.group("side") == "before" else 1) * (WORDS.get(m.group("n") or "one", 1))
                value = (dt.date.fromisoformat(days[-1]) + dt.timedelta(days=shift)).isoformat()
                found.append(DateMention(offset + m.start(), offset + m.end(), value,
                                         f"'{m.group(0)}': counted from its day ({days[-1]})"))
        return found

    # ------------------------------------------------------------------ shared helpers
    def in_background(self, pos: int) -> bool:
        return pos >= self.background_from

    def modality(self, window: str, pos: int, date: str | None, kind: str) -> str:
        """How a clause presents its event.

        ``unconfirmed`` ("has yet to confirm whether"), ``background`` (in the article's
        background box, or old), for laws ``proposed`` (a bill, a draft) or ``scheduled``
        (in force from a later date), ``attributed`` (reported by others: "reportedly",
        "according to"; for incidents also "reported", "reports of"), else ``asserted``.
        """
        if UNCONFIRMED.search(window):
            return "unconfirmed"
        if self.in_background(pos) or (date and is_old(date, self.doc.ref)):
            return "background"
        if kind == "law" and PROPOSED.search(window):
            return "proposed"
        if kind in ("law", "meeting") and date and earliest(date) > self.doc.ref \
                and (kind == "meeting" or SCHEDULED.search(window)):
            return "scheduled"
        if kind == "incident":
            return "attributed" if ATTRIBUTED_EVENT.search(window) else "asserted"
        if kind == "meeting":
            return "attributed" if re.search(r"\b(?:reportedly|allegedly)\b", window) else "asserted"
        return "attributed" if ATTRIBUTED_ACT.search(window) else "asserted"

    def last_incident(self, before_sentence: int, umbrella: bool | None = None) -> IncidentRecord | None:
        fitting = [r for r in self.incidents if min(r.sentences) <= before_sentence
                   and (umbrella is None or r.umbrella == umbrella)]
        return max(fitting, key=lambda r: max(s for s in r.sentences if s <= before_sentence), default=None)
