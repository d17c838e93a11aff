"""Whom an official works for: the agency a phrase refers to ("the ministry's spokesman"),
the state of a post that names none ("Deputy Foreign Minister X handed the Russian
diplomat a note"), and a post without the state it names ("director of the Agency for ...").
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.extraction.actors import actor_state_before, alternation, existing_agency, gazetteer
from kg.extraction.document import Doc
from kg.extraction.subjects import of_a_directorate

AGENCY_WORD = re.compile(r"\b(?:the\s+)?(ministry|agency|embassy|committee|service|office|consulate)(?:'s)?\s+(?:press\s+)?$")


def referenced_agency(doc: Doc, pos: int) -> str | None:
    """The agency of "the ministry's spokesman", "ministry spokeswoman X"."""
    m = AGENCY_WORD.search(doc.text[max(0, pos - 30):pos])
    return agency_of_kind(doc, m.group(1), pos) if m else None


def agency_of_kind(doc: Doc, word: str, pos: int) -> str | None:
    """The agency "the ministry" (the word) refers to at ``pos``: the first agency of that kind
    in the sentence, else the latest one before it."""
    kind = {"ministry": "ministry-of", "agency": "migration-agency", "service": "service", "office": "office"}.get(word, word)
    s, _ = doc.sentence_span(pos)
    agencies = sorted((a for a in doc.mentions if a.type == "Agency" and not a.implied and a.end <= pos and (
        kind in a.key if word != "directorate" else of_a_directorate(doc, a))), key=lambda a: a.start)
    in_sentence = [a for a in agencies if a.start >= s]
    chosen = in_sentence[0] if in_sentence else (agencies[-1] if agencies else None)
    return chosen.key if chosen else None


def discourse_state(doc: Doc, pos: int, agency_type: str | None) -> str | None:
    """The state of an official whose post names none ("Deputy Foreign Minister X handed the
    Russian diplomat a note"): the state acting before the post in its sentence, else the one
    whose capital they speak in, else the state of an agency named before the post in its
    sentence, else the federation for one who signs a federal law, else the one agency of
    the post's kind the article names, else the article's home state. A state named after
    the official is an object, not theirs."""
    summoned = _summoned_to(doc, pos)  # "X was summoned to the Uzbek Foreign Ministry, and Deputy Minister Y handed"
    if summoned:
        return summoned
    if agency_type:  # "summoned to the Kyrgyz Foreign Ministry, where Deputy Foreign Minister X ...": its staff
        s, _ = doc.sentence_span(pos)
        own_kind = [m for m in doc.mentions_in(s, pos, ("Agency",)) if m.key.split("/")[-1] == agency_type]
        states_after = own_kind and doc.mentions_in(own_kind[-1].end, pos, ("State",))  # "..., the Russian delegation by"
        if own_kind and not states_after and doc.state_of(own_kind[-1].key):
            return doc.state_of(own_kind[-1].key)
        summoner = _summoner_before(doc, s, agency_type)
        if summoner and re.match(r"[^.;]{0,60}?\bhanded\b", doc.text[pos:]):
            return summoner
    state = actor_state_before(doc, pos) or _other_side(doc, pos)
    if state is None:
        state = _capital_spoken_in(doc, pos) or _agency_state_before(doc, pos) or _federal_signatory(doc, pos)
    if state is None and agency_type and not gazetteer()["agency_by_key"][agency_type].get("needs_host"):
        known = existing_agency(doc, agency_type)
        state = doc.state_of(known) if known else None
    return state or doc.home


SPOKEN_IN = r"\b(?:briefing|reporters|journalists|press\s+conference)\b[^.;]{0,45}?\b(?:in|at)\s+(?:the\s+)?"


def _capital_spoken_in(doc: Doc, pos: int) -> str | None:
    """"Speaking to reporters in Astana, Vice Minister X", "Foreign Minister X told a briefing ...
    in Astana": the state whose capital the official speaks in (a capital named after the official
    in other words is what they speak of)."""
    s, _ = doc.sentence_span(pos)
    capitals = gazetteer()["capitals"]
    before = [c.group(1) for c in re.finditer(r"\b(?:in|at)\s+(?:the\s+)?([A-Z][a-z]+)\b", doc.text[s:pos])
              if c.group(1) in capitals]
    after = re.search(SPOKEN_IN + rf"({alternation(list(capitals))})\b", doc.text[pos:pos + 150])
    return capitals[before[0]] if before else (capitals[after.group(1)] if after else None)


def _agency_state_before(doc: Doc, pos: int) -> str | None:
    """"The law, passed by the State Duma and signed by President X": the state of the latest
    agency named before the post in its sentence."""
    s, _ = doc.sentence_span(pos)
    states = [doc.state_of(m.key) for m in doc.mentions_in(s, pos, ("Agency",)) if doc.state_of(m.key)]
    return states[-1] if states else None


def _federal_signatory(doc: Doc, pos: int) -> str | None:
    """"President X signed a federal law": the federation's official."""
    signed = re.match(r"[^.;]{0,60}?\bsigned\s+(?:a|the)\s+(?:new\s+)?federal\s+(?:law|decree)\b", doc.text[pos:pos + 120])
    return gazetteer()["federal_state"] if signed else None


def _summoned_to(doc: Doc, pos: int) -> str | None:
    """The state of the ministry an envoy was summoned to, earlier in the sentence, for the official
    who hands the note there."""
    s, _ = doc.sentence_span(pos)
    to = list(re.finditer(r"\b(?:summoned|invited|called\s+in)\s+to\s+", doc.text[s:pos]))
    if not to or not re.match(r"[^.;]{0,60}?\bhanded\b", doc.text[pos:]):
        return None
    ministry = doc.mentions_in(s + to[-1].end(), pos, ("Agency",))
    return doc.state_of(ministry[0].key) if ministry else None


def _summoner_before(doc: Doc, s: int, agency_type: str) -> str | None:
    """"Kyrgyzstan's Ministry of Foreign Affairs summoned X. Deputy Foreign Minister Y handed him a
    note": the state of the ministry that summoned, in the sentence before, in the same paragraph."""
    if s < 2 or doc.paragraph_of(s - 2) != doc.paragraph_of(s):
        return None
    start = doc.sentence_span(s - 2)[0]
    verb = re.search(r"\b(?:summoned|invited|called\s+in)\b", doc.text[start:s])
    kind = [m for m in doc.mentions_in(start, start + verb.start(), ("Agency",))
            if m.key.split("/")[-1] == agency_type] if verb else []
    return doc.state_of(kind[0].key) if kind else None


def _other_side(doc: Doc, pos: int) -> str | None:
    """"At a meeting of the Tajik-Russian commission, Deputy Prime Minister X urged the Russian
    delegation": of a pair of states, the one the official does not address."""
    s, e = doc.sentence_span(pos)
    pair = {m.key.split("/", 1)[1] for m in doc.mentions_in(s, pos, ("State",)) if m.role == "pair"}
    addressed = [m.key.split("/", 1)[1] for m in doc.mentions_in(pos, e, ("State",)) if m.role != "nationals"][:1]
    others = pair - set(addressed)
    return others.pop() if len(pair) == 2 and len(others) == 1 else None


@lru_cache(maxsize=1)
def _of_states() -> re.Pattern:
    return re.compile(rf"\bof\s+(?:the\s+)?(?:{alternation(gazetteer()['state_names'])})'s\s+")


def without_state(post: str) -> str:
    """"director of Uzbekistan's Agency for ..." → "director of the Agency for ..." (the state is a fact of its own)."""
    return _of_states().sub("of the ", post)
