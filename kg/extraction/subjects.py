"""Who does what in a sentence: actor groups, subjects, objects and pronouns.

An actor group is a run of actor mentions that together name one party: "Uzbekistan's
Foreign Ministry", "Kyrgyz Foreign Ministry spokesperson Aibek Osmonov", "Kyrgyzstan
and Tajikistan". The subject of a verb is the nearest group before it that is not the
object of a preposition ("concern over violations in Russia" does not make Russia a
speaker); the object is the group right after it ("urged Russia", "called on Moscow").
Pronouns and definite descriptions ("It", "she", "the ministry", "the president") are
resolved to the latest fitting actor before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extraction.actors import gazetteer
from kg.extraction.document import Doc, Mention
from kg.extraction.lexicon import country_word

ACTORS = ("Official", "Person", "Agency", "State")
GLUE_WORD = re.compile(
    r"^(?:and|or|the|of|to|in|its|their|spokes\w+|press|secretary|deputy|minister|ambassador|consul|"
    r"general|head|chief|officials?|representatives?|envoy|president|ombuds\w+|lawmaker|senator|"
    r"propagandist|activist|journalist|blogger|lawyer|expert|analyst|leader|parliamentary|"
    r"[A-Z][\w.-]*)$")
PREPOSITION_BEFORE = re.compile(
    r"\b(?:to|with|from|of|in|on|for|against|towards?|over|at|into|about|amid|among|regarding|"
    r"concerning|including|than|between|like|under|within)\s+(?:the\s+|its\s+|their\s+|[A-Z]\.\s*)?$", re.I)  # "to D. Kolosov"
BRANCH_OF = re.compile(r"\s*(?:the\s+)?(?:[A-Z][\w-]+\s+){0,2}(?:regional|city|district|local|main|territorial)\s+"
                       r"(?:directorate|department|branch|office)\s+(?:of|for)\s+(?:the\s+)?")
PRONOUN = re.compile(
    r"\b(it|she|he|they|the\s+ministry|the\s+agency|the\s+president|the\s+embassy|the\s+statement|the\s+(?:main\s+|regional\s+)?directorate(?:'s\s+press\s+service)?|the\s+department|the\s+consulate|"
    r"the\s+(?:[A-Z][a-z]+\s+)?(?:ambassador|consul(?:\s+general)?|charg[ée]\s+d'affaires|diplomat)|"
    r"the\s+(?:deputy\s+)?governor|"
    r"the\s+(?:foreign\s+)?minister|the\s+spokes\w+)(?:\s+(?:also|has|have|had|was|is|further|then|later|"
    r"again))*(?:\s+[a-z]+ed\b[^.;]{0,80}?\s+(?:but|and)(?:\s+also)?)?\s+[\"“]?$", re.I)
# 'it was "concerned about': a quotation may open before the verb; "it offered condolences but insisted": two verbs


@dataclass
class Group:
    """Adjacent actor mentions that name one party."""

    members: list[Mention]

    @property
    def start(self) -> int:
        return min(m.start for m in self.members)

    @property
    def end(self) -> int:
        return max(m.end for m in self.members)

    def actors(self) -> list[str]:
        """The most specific actors of the group: people and agencies, else states."""
        people = [m.key for m in self.members if m.type in ("Official", "Person")]
        agencies = [m.key for m in self.members if m.type == "Agency" and not m.implied]
        if people or agencies:
            return _unique(people + agencies)
        return _unique(m.key for m in self.members if m.type == "State" and m.role not in ("nationals", "pair"))


def _unique(keys) -> list[str]:
    seen: list[str] = []
    for k in keys:
        if k not in seen:
            seen.append(k)
    return seen


def groups(doc: Doc, start: int, end: int) -> list[Group]:
    """Actor groups in ``[start, end)``, in text order (nationals are not actors)."""
    mentions = [m for m in doc.mentions_in(start, end, ACTORS) if m.role not in ("nationals", "pair")]
    result: list[Group] = []
    for m in mentions:
        if result:
            last = result[-1]
            gap = doc.text[last.end:m.start] if m.start > last.end else ""
            if m.start <= last.end or _is_glue(gap):
                last.members.append(m)
                continue
        result.append(Group([m]))
    return result


def _is_glue(gap: str) -> bool:
    gap = re.sub(r"^'s?", "", gap)
    words = [w for w in re.split(r"[\s,]+", gap) if w]
    if len(words) > 4 or re.search(r"[.;:()\"]", gap):
        return False
    return all(GLUE_WORD.match(w) or w.lower() in _title_words() for w in words)


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Words of posts and roles, which may stand between a state and a name ("chargé d'affaires")."""
    g = gazetteer()
    phrases = [p["post"] for p in g["posts"]] + list(g["person_roles"])
    return frozenset(w.lower() for phrase in phrases for w in phrase.split())


def first_verbs_subject(doc: Doc, span: tuple[int, int], pos: int, g: Group | None):
    """"There he met the region's commissioner, X, and asked her to help": who asks is the one who
    met, not the one met. (group, pronoun) of the first verb, or None when the clause is not so."""
    if g is None or not re.fullmatch(r",?\s+and\s+", doc.text[g.end:pos]):
        return None
    verb = None
    for verb in re.finditer(r"\b(?:met|received|visited|called|phoned|thanked|spoke)\b", doc.text[span[0]:g.start]):
        pass
    if verb is None:
        return None
    at = span[0] + verb.start()
    first = subject(doc, span, at)
    word = None if first else pronoun_before(doc, at, span[0])
    if word:  # "he met ...": whom "he" stands for there, before the one he met is named
        keys = resolve_pronoun(doc, word, at, [])
        named = [m for m in doc.mentions if m.key in keys and m.end <= at]
        first = Group([named[-1]]) if named else None
    return (first, None) if first else None


MEMBERS_OF = re.compile(r"\b(?:[Mm]embers|[Dd]eputies|[Oo]fficials|[Rr]epresentatives|[Ll]awmakers|[Ss]taff|[Ee]mployees|"
                        r"[Dd]iplomats|[Pp]ress\s+service|[Dd]irectorate|[Dd]epartment)\s+of\s+(?:the\s+)?$")


def subject(doc: Doc, sentence: tuple[int, int], pos: int, after: int | None = None) -> Group | None:
    """The group acting at ``pos``: the nearest group before it not governed by a preposition.

    ``after`` bounds the search (the start of the clause).
    """
    lo = sentence[0] if after is None else after
    relative = re.search(r",\s+(?:which|who)\s[^;\"]*,\s*$", doc.text[lo:pos])  # "X, which carried out the operation
    if relative and groups(doc, lo, lo + relative.start()):  # with the FSB ..., said": X (not "a crane operator
        g = subject(doc, sentence, lo + relative.start(), after)  # from Tajikistan, who ..., said")
        before = doc.text[max(sentence[0], g.start - 30):g.start] if g else ""
        return None if g and PREPOSITION_BEFORE.search(before) and not MEMBERS_OF.search(before) else g
    # "a letter to the Commissioner in Russia asking to check": a participle's subject is the clause's,
    # unless the group is its own ("with the Uzbek side stressing that")
    participle = re.match(r"[a-z]+ing\b", doc.text[pos:pos + 20])
    for g in reversed(groups(doc, lo, pos)):
        absolute = re.search(r"\bwith\s+(?:the\s+)?$", doc.text[max(lo, g.start - 10):g.start])
        right_before = (not participle or absolute) and re.fullmatch(r"(?:'s)?\s*(?:,\s*who\s+)?(?:\w+ly\s+)?(?:also\s+)?",
                                                       doc.text[g.end:pos])
        before = doc.text[max(sentence[0], g.start - 30):g.start]
        members = MEMBERS_OF.search(before)  # "Members of Kyrgyzstan's parliament", "the press service of the Main Directorate of"
        if not PREPOSITION_BEFORE.search(before) or _by_agent(doc, g) or right_before or members \
                or _titled(doc, lo, g):
            return g
    return None


def _titled(doc: Doc, lo: int, g: Group) -> bool:
    """A person after their title: "Deputy Minister of Foreign Affairs of Kyrgyzstan Kanybek Sultanaliev",
    "the press attaché of the Russian Embassy in Kyrgyzstan, Igor Vlasenko" (the "of" is the title's)."""
    if not any(m.type in ("Official", "Person") for m in g.members):
        return False
    text = doc.text[lo:g.start]
    clause = text[max(text.rfind(","), text.rfind(";"), text.rfind(":")) + 1:]
    words = clause.split()
    return len(words) >= 2 and words[-1] in ("of", "the") and all(
        w in ("of", "the", "for", "and") or w[0].isupper() or w.lower() in _title_words() for w in words)


def _by_agent(doc: Doc, g: Group) -> bool:
    return bool(re.search(r"\bby\s+(?:the\s+)?$", doc.text[max(0, g.start - 10):g.start]))


def object_after(doc: Doc, pos: int, limit: int, max_gap: int = 12) -> Group | None:
    """The group that starts right after ``pos`` ("urged Russia", "called on the Uzbek side")."""
    for g in groups(doc, pos, limit):
        gap = doc.text[pos:g.start]
        if len(gap) <= max(max_gap, 6) and re.fullmatch(r"\s*(?:on|to|with)?\s*(?:the\s+|his\s+|her\s+|their\s+|[A-Z]\.\s*)?", gap) \
                and (len(gap) <= max_gap or re.search(r"\b(?:his|her|their)\s+$", gap)):  # "asked her Russian colleague"
            return g
        if max_gap >= 12 and BRANCH_OF.fullmatch(gap):  # "asked the Chelyabinsk regional directorate of the
            return g  # Investigative Committee": a branch speaks for its agency
        break
    return None


# "the ambassador", "the Kazakh ambassador", "the diplomat": the envoy (of that state) named last
ENVOY = re.compile(r"the (?:(?P<adj>[a-z]+) )?(?P<kind>ambassador|consul(?: general)?|charg[ée] d'affaires|diplomat)")


def pronoun_before(doc: Doc, pos: int, clause_start: int) -> str | None:
    """A pronoun or definite description right before ``pos`` ("It called", "she said"; "the
    ambassador asked", but not "the ambassador was handed": an envoy is more often addressed)."""
    before = doc.text[clause_start:pos]
    if re.match(r"(?:in\s+turn|for\s+(?:his|her|its|their)\s+part)\b", doc.text[pos:pos + 30]):
        before = re.sub(r",(\s+)$", r"\1", before)  # "The deputy governor, in turn, promised"
    before = re.sub(r"(\S)\s+(?:on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|yesterday|today)\s+$", r"\1 ", before)
    m = PRONOUN.search(before)  # ("the agency on Sunday urged": the agency)
    word = re.sub(r"\s+", " ", m.group(1).lower()).removesuffix("'s press service") if m else None
    if ENVOY.fullmatch(word or "") and re.match(r"\s+(?:was|were|had\s+been|has\s+been)\b", doc.text[clause_start + m.end(1):pos]):
        return None
    return word


def of_a_directorate(doc: Doc, m: Mention) -> bool:
    """Is the agency mention one the text names a directorate of ("the Main Directorate of the Interior Ministry")?"""
    return "irectorate" in doc.text[m.start:m.end] or bool(  # (not "the Directorate for X and of Rosgvardia")
        re.search(r"[Dd]irectorate\s+(?:[\w-]+\s+){0,3}?(?:of|for)\s+(?:the\s+)?$", doc.text[max(0, m.start - 40):m.start])
        or re.match(r"'s\s+(?:\w+\s+){0,2}[Dd]irectorate\b", doc.text[m.end:m.end + 40]))  # "the Interior Ministry's
    # directorate for ..."


def _subject_of_sentence_before(doc: Doc, pos: int, before: list) -> str | None:
    """The agency or state a sentence opens with, when "it" comes in the next one before any
    other actor is named."""
    start, _ = doc.sentence_span(pos)
    if start == 0 or any(m.start >= start and m.type in ("Agency", "State") for m in before):
        return None
    prev_start, _ = doc.sentence_span(start - 1)
    opening = [m for m in before if m.start >= prev_start]
    first = max((m for m in opening if m.start == opening[0].start), key=lambda m: m.end - m.start) if opening else None
    if first and first.type in ("Agency", "State") and first.role != "nationals" \
            and re.fullmatch(r"\s*(?:The\s+)?", doc.text[prev_start:first.start]):
        return first.key
    return None


def resolve_pronoun(doc: Doc, word: str, pos: int, last_senders: list[str]) -> list[str]:
    """Actors a pronoun stands for: the latest fitting mention before ``pos``."""
    before = sorted((m for m in doc.mentions if m.end <= pos and m.type in ACTORS and not m.implied),
                    key=lambda m: m.start)
    if word == "they":
        return list(last_senders)
    if word in ("she", "he") or word.startswith("the minister") or word.startswith("the spokes") \
            or word == "the foreign minister":
        near = doc.paragraph_of(pos) - 1  # "she said" two paragraphs on is someone the article did not name
        people = [m for m in before if m.type in ("Official", "Person") and doc.paragraph_of(m.start) >= near]
        return [people[-1].key] if people else []
    envoy = ENVOY.fullmatch(word)
    if envoy:  # "the Ambassador asked the Russian side": the envoy named last
        state = country_word(envoy.group("adj").capitalize()) if envoy.group("adj") else None
        envoys = [m for m in before if m.type == "Official" and (state is None or doc.state_of(m.key) == state) and any(
            re.search(r"(?i)ambassador|consul|charg|envoy|counsel", p) for p in doc.objects(m.key, "post"))]
        return [envoys[-1].key] if envoys else []
    if word.endswith("governor"):  # "The deputy governor, in turn, promised"
        governors = [m for m in before if m.type == "Official" and any(
            word.split(" ", 1)[1] in p.lower() for p in doc.objects(m.key, "post"))]
        return [governors[-1].key] if governors else []
    if word == "the president":
        officials = [m for m in before if m.type == "Official"
                     and any("President" in f.object for f in doc.facts if f.subject == m.key and f.predicate == "post")]
        return [officials[-1].key] if officials else []
    if word == "it":
        start = doc.sentence_span(pos)[0]
        said = re.search(r"\b(?:said|says|wrote|reported|stated|announced|noted)\b[^.;\"]*\bthat\s+it\b", doc.text[start:pos])
        speaker = [m for m in before if start <= m.start < start + (said.start() if said else 0)
                   and m.type in ("Agency", "State") and m.role != "nationals"]
        if speaker:  # "The ministry wrote on its Telegram channel that it had ordered a check": the writer
            return [speaker[0].key]
        described = PRONOUN.search(doc.text[start:start + said.start()]) if said else None
        if described and described.group(1).lower() != "it":  # "The main directorate wrote ... that it had"
            return resolve_pronoun(doc, re.sub(r"\s+", " ", described.group(1).lower()), start + described.start(), last_senders)
        subject = _subject_of_sentence_before(doc, pos, before)
        if subject:  # "The Tajik Embassy in Moscow reacted first. On Sunday, ... it urged": the topic goes on
            return [subject]
        agencies = [k for k in last_senders if k.startswith("agency/")]
        if agencies:
            return agencies[-1:]
        states = [k for k in last_senders if k.startswith("state/")]
        if states:
            return states[-1:]
        found = [m for m in before if m.type in ("Agency", "State") and m.role != "nationals"]
        return [found[-1].key] if found else []
    if word.endswith("directorate"):  # "the Main Directorate of the Interior Ministry for St. Petersburg ... the directorate"
        found = [m for m in before if m.type == "Agency" and of_a_directorate(doc, m)]
        return [found[-1].key] if found else []
    kind = {"the ministry": "ministry", "the agency": "", "the embassy": "embassy", "the department": "department",
            "the consulate": "consulate"}.get(word)
    if kind is not None:  # "the agency": one called an agency, else any that is no ministry
        found = [m for m in before if m.type == "Agency" and (kind in m.key if kind else "ministry" not in m.key)]
        named = [m for m in found if not kind and "agency" in m.key.split("/")[2]]
        found = named or found
        return [found[-1].key] if found else []
    return []
