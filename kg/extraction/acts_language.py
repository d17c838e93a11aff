"""The words of diplomatic communication: what makes a sentence an act, and of which kind.

Act types are the concepts of ``ontology/concepts.ttl``. A trigger may name its verb
(group ``verb``) so that the addressee can be read right after it ("urged Russia",
"called on Moscow"). Reporting verbs ("said", "noted") are weak: they carry an act that
the text already introduced, or a plain official statement. :func:`find_triggers` reads
them in a sentence, leaving out what is negated ("has not responded", "Neither X nor Y
responded"), asked for ("urged it to summon"), a habit ("repeatedly protested") or quoted.
"""

from __future__ import annotations

import re

PRIORITY = ["note", "agreement-signed", "summons", "reply-or-acknowledgement", "call-for-investigation",
            "expression-of-concern", "criticism", "directive", "appeal-or-demand", "official-statement", "weak"]
CALL = r"urg(?:ed|es|ing)|call(?:ed|s|ing)?\s+(?:on|upon|for)|appeal(?:ed|s|ing)?\s+(?:(?:on|last|this)\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+|yesterday\s+)?to|demand(?:ed|ing)|demands?\s+that"
ACT_TRIGGERS = [(t, re.compile(p)) for t, p in [
    ("agreement-signed", r"\b(?:[Pp]rotocol|[Aa]greement|[Mm]emorandum)\s+was\s+signed|"
                         r"\b(?P<verb>signed)\s+an?\s+(?:[\w-]+\s+){0,3}?(?:[Pp]rotocol|[Aa]greement|[Mm]emorandum)\b"),
    ("summons", r"\b(?P<verb>summon(?:ed|s|ing)|call(?:ed|s|ing)?\s+in(?=\s+(?:to\s+)?(?:the\s+)?(?:[A-Z][\w']*\s+){0,3}"
                r"(?:[Aa]mbassador|[Ee]nvoy|[Cc]harg|[Dd]iplomat|[Ff]oreign\s+[Mm]inistry|Ministry\s+of\s+Foreign))|"
                r"(?:invited|called)(?=\s+to\s+the\s+(?:[A-Z][\w']*\s+){0,3}(?:[Ff]oreign\s+[Mm]inistry|Ministry\s+of\s+Foreign))|"
                r"(?<=\bwas\s)invited(?=\s+to\s+the\s+[Mm]inistry\b))\b"),  # "X was invited to the ministry yesterday"
    ("reply-or-acknowledgement", r"\b(?P<verb>acknowledged|responded(?:\s+to)?|replied(?:\s+to)?|response\s+to\s+the|"
                                 r"answered(?=[^.;]{0,60}?(?::|\bthat\s+(?!evening|morning|day|night)))(?!\s+(?:[\w']+\s+){0,2}"
                                 r"questions))|"  # 'answered on Telegram: the note "has been forwarded"' (not "Moscow answered.")
                                 r"\b(?:studying|examining|reviewing)\"?\s+the\s+(?:content\s+of\s+the\s+)?note|"
                                 r"\breviewing\s+the\s+matter\b|\breceived\s+the\s+note\b|"
                                 r"\b(?:has|had|have)\s+received\s+[\"“]?the\s+(?:note|request|appeal)\s+of\s+the\s+[A-Z]\w+\s+side\b|"
                                 r"\b(?:was|were)\s+asked\s+about\s+the\s+(?:[A-Z]\w+\s+)?(?:protest\s+)?note\b|"
                                 r"^Asked\s+(?:by\s+[^,.;]{1,40}?\s+)?about\s+the\s+(?:[A-Z]\w+\s+)?(?:protest\s+)?note\b|"
                                 r"\b(?:turned|rejected|refused|declined|dismissed)\s+(?:down\s+)?(?:the|this|that|its|their)\s+"
                                 r"(?:\w+\s+)?(?:request|appeal|demands?|proposal)\b|"
                                 r"\b(?i:commenting|commented|responding)\s+(?:on|to)\s+(?:the|this|that)\s+(?:note|statement|request|"
                                 r"protest|summons|demands?|criticism)\b|"
                                 r"\bassured\s+(?:his|her|their)\s+(?:interlocutors?|counterparts?|colleagues?)\b|"
                                 r"\bagreed\s+to\s+(?:visit|review|consider|examine|look\s+into|pass|have)\b|"
                                 r"\bpromised\s+(?:to\s+[\"“]?(?:convey|pass|bring|forward|examine|study|look|consider|review|"
                                 r"work\s+out|sort\s+out|resolve|deal\s+with|assist|request|"
                                 r"investigate|take|clarify|inform|send|check|help)|that|"
                                 r"(?:(?:his|her|its|their)\s+\w+|it|they|he|she)\s+would)\b|"
                                 r"\b(?:in\s+turn|for\s+(?:his|her|its|their)\s+part),?\s+(?:\w+\s+)?(?P<assured>assured|reassured|stated|said|noted|"
                                 r"promised)\b|"
                                 r"\b(?P<rejected>rejected|dismissed|refuted)\s+(?:the\s+)?(?:\w+\s+)?(?:claims|accusations|"
                                 r"allegations|criticism|statements?|charges)\b"),
    ("call-for-investigation", rf"\b(?P<verb>{CALL}|ask(?:ed|s|ing))\b[^.;]{{0,110}}?"
                               r"\b(?:investigat\w*|inquiry|probe|review|look\s+into|check\s+(?:the\s+|these\s+|their\s+)?"
                               r"(?:legality|lawfulness|actions|conduct|circumstances|complaints|conditions)|"
                               r"establish\s+(?:all\s+)?the\s+circumstances)\b"),
    ("expression-of-concern", r"\b(?:express|voic|rais)(?:ed|es|ing)\s+(?:\w+\s+){0,2}concerns?\b|\bwarned\b|"
                              r"\bcause\s+for\s+(?:\w+\s+and\s+)?concern\b|\b(?:deeply\s+)?concerned\"?\s+(?:about|over|by)\b|"
                              r"\b(?:was|is|were|are)\s+(?:deeply\s+|seriously\s+)?[\"“]?concerned[\"”]?\s+(?:that\s+)?(?:the|its|a)\b"),
    ("criticism", r"\b(?P<verb>criticized|criticised|rebuked|condemned|denounced|accused|slammed|lambasted|"
                  r"decried)\b(?!\s+of\b)|"
                  r"\bcontradict(?:s|ed)?\b|\bquestioned\s+the\s+(?:\w+\s+)?(?:legality|legitimacy|proportionality|"
                  r"justification|necessity|need|validity|fairness|decision|use|grounds)\b"
                  r"(?!\s+of\s+(?:their|his|her|the|its)\s+(?:\w+\s+)?(?:documents|passports|papers|visas|permits))"),
    ("directive", r"(?<!been\s)(?<!was\s)(?<!were\s)\b(?P<verb>directed|instructed|ordered)\b"  # not "had been ordered",
                  r"(?!\s+(?:against|at|towards?)\b)"),  # nor "not directed against anyone"
    ("appeal-or-demand", rf"\b(?P<verb>{CALL})\b|\bsuggested\s+(?:that|\w+ing)\b|\brecommend(?:s|ed)\s+that\b|\basked\s+that\b|"
                         r"\badvis(?:ed|es|ing)\s+(?:its\s+|their\s+)?(?:citizens|compatriots|nationals|migrants)\b|"
                         r"\b(?P<asked>ask(?:ed|s))\s+(?=(?:him|her|them)\s+to\s+[a-z]|"  # "asked him to help"
                         r"(?:the\s+|his\s+|her\s+|their\s+|its\s+)?(?:[A-Z][\w'-]*|colleagues?|"
                         r"prosecutor's|prosecutors|ministry|embassy|police|counterparts?|side|authorities)(?:\s+[\w'-]+){0,9}?\s+(?:to\s+[a-z]|for\s+))|"
                         r"\b(?:stress|insist|emphasi[sz])(?:ed|es|ing)\s+that\s+[^.;]{0,80}?\bmust\b"),
]]
ACT_TRIGGERS.append(("official-statement", re.compile(  # a denial is a statement on the events denied
    r"\b(?P<verb>denied|denies|deny)\s+(?:that|any|all|the\s+(?:reports|claims|allegations|accusations))\b|"
    r"\b(?:opened|launched|initiated)\s+a\s+(?:criminal\s+(?:case|investigation)|pre-investigation\s+check)\b|"
    r"\b(?:criminal\s+(?:case|investigation)|pre-investigation\s+check)\s+(?:had|has)?\s*(?:been|was)\s+"
    r"(?:opened|launched|initiated)\b")))
REPORTED_OWN = re.compile(r"\b(?:said|wrote|reported|stated|announced)\b[^.;]{0,80}?\bthat\s+(?:it|they)\s+(?:had|has)\s+[\"“]?$")
WEAK = re.compile(r"\b(?:said|says|stated|noted|added|told(?!\s+to\s)|emphasi[sz]ed|stressed|insisted|assured|confirmed|announced|"
                  r"reported(?=\s+(?:on\s+(?:its|the)\s+\w+|on\s+(?:Telegram|VK|VKontakte)|in\s+a\s+\w+|"
                  r"(?:on\s+\w+day\s+|yesterday\s+|today\s+)?that)\b)|"
                  r"explained|reiterated|reaffirmed|declared|wrote)\b|\bquoted\b(?=[^.;]{0,60}\bas\s+saying\b)")
# "published a statement saying it was in contact": reporting, where nothing stronger is said
PUBLISHED = re.compile(r"\b(?:published|issued|released|posted)\s+(?:a|its|an)\s+(?:(?:short|brief|official|written)\s+)?"
                       r"statement\b|"
                       r"\b[Aa]ccording\s+to\s+a\s+statement\s+(?:posted|published|issued)\b")
NEITHER = re.compile(r"\b[Nn]either\b[^.;]*\bnor\b[^.;]*$")  # "Neither the X nor the Y responded"
NEGATED = re.compile(r"\b(?:[Nn]ot|n't|[Nn]ever|no\s+longer|declined\s+to|refused\s+to|yet\s+to|without)\s+(?:\w+\s+)?$")
MANNER = re.compile(r"(?:responded|reacted)\s+(?:sharply|angrily|swiftly|quickly|cautiously|critically|strongly|harshly)\b|"
                    r"\b(?:responded|reacted)(?:\s+(?:\w+\s+){0,2}(?:later|earlier|evening|morning|day|week))?\s*\.\s*$")
NOTE_RE = re.compile(
    r"(?<!to )\b(?:(?:formal|diplomatic|protest|verbal)\s+)*(?:note\s+of\s+protest|protest\s+note|diplomatic\s+note|"
    r"note\s+verbale|note)\b(?!\s+that\b)|\bissued\s+(?:similar\s+|formal\s+)?protests?\b|"
    r"\blodged\s+(?:a\s+)?(?:formal\s+)?protest\b|\bprotested\s+to\b", re.I)
NOTE_VERB = re.compile(r"\b(?:hand\w*|sent|sends?|send\w*|deliver\w*|submit\w*|issu\w*|receiv\w*|lodg\w*|present\w*|"
                       r"forward\w*)\b")
ANAPHOR_ACT = re.compile(r"\b(?:said\s+this|this\s+in\s+a\s+statement|the\s+statement|in\s+the\s+statement)\b")
INCIDENT_ANAPHOR = re.compile(r"\b(?:the\s+situation|such\s+(?:conduct|actions|incidents|cases|treatment|practices|"
                              r"raids)|the\s+(?:reported\s+)?incidents|these\s+incidents|the\s+reports)\b")
OWN_OFFICIALS = re.compile(r"^\s*(?:on\s+|upon\s+)?(?:the\s+)?(?:its\s+|their\s+|his\s+|her\s+|the\s+country's\s+)?"
                           r"(?:diplomats|officials|ambassadors|consuls|ministers|ministries|staff|governors|"
                           r"employees|agencies)\b")
RECENCY = re.compile(r"\b(?:currently|recently|earlier\s+this\s+(?:week|month)|this\s+week|last\s+week)\b")
CHANNELS = [
    ("telegram", r"\bTelegram\b"),
    ("handed-over", r"\b(?:handed|submitted|delivered)\b"),
    ("briefing", r"\bbriefing\b"),
    ("interview", r"\binterview\b|\bin\s+a\s+conversation\s+with\b|"
                  r"\b(?:told|confirmed\s+to)\s+(?!journalists|reporters|the\s+press|a\s+(?:news\s+)?briefing)"
                  r"(?:the\s+)?[A-Z][\w./-]*\b"),
    ("briefing", r"\btold\s+(?:journalists|reporters|the\s+press)\b"),
    ("press-release", r"\bpress\s+release\b"),
    ("published-statement", r"\b(?:[Ii]n\s+a\s+statement|statement\s+published|published\s+(?:a|its)\s+statement|"
                            r"issued\s+a\s+statement|[Ii]n\s+a\s+published\s+statement|"
                            r"(?:said|stated|reported|wrote|posted)\s+on\s+its\s+(?:official\s+)?website)\b"),
]


def channel_of(text: str, kind: str | None = None) -> str | None:
    """How an act was made, when its clause says so. A note or summons is handed over in
    person: "the ministry said in a statement" is how it was reported, not made."""
    for channel, pattern in CHANNELS:
        if kind in ("protest-note", "clarification-request-note", "summons") and channel != "handed-over":
            continue
        if kind == "official-statement" and channel == "handed-over":
            continue  # "said 112 foreigners had been delivered to police departments": not how it was said
        if channel == "handed-over" and re.search(r"\b(?:to\s+have|to\s+be)\s+[^.;]{0,60}?\b(?:handed|delivered)\b", text):
            continue  # "asked him to have the body handed over to the relatives": what is asked for
        if re.search(pattern, text):
            return channel
    return None


def note_kind(clause: str, trigger: str) -> str:
    """A note of protest unless it only asks for explanations."""
    if re.search(r"protest", trigger, re.I):
        return "protest-note"
    if re.search(r"clarif|explanation|\b(?:request\w*|ask\w*|seek\w*)\s+(?:for\s+)?(?:\w+\s+)?(?:information|a\s+(?:full\s+)?list)\b",
                 clause):
        return "clarification-request-note"
    return "protest-note"


def find_triggers(doc, s) -> list[tuple[str, int, int, int]]:
    """(type, start, end, verb end) of each trigger in a sentence."""
    found, text, base = [], s.text, s.span[0]
    for m in NOTE_RE.finditer(text):
        modified = re.search(r"(?i)protest|diplomatic|formal|verbal|verbale", m.group(0))
        if re.search(r"\b(?:the|this|that|its|their)\s+(?:\w+(?:'s)?\s+)?$", text[max(0, m.start() - 20):m.start()]) \
                and not modified:
            continue  # "the note", "the consulate's note": one already known, not a new one
        if not modified and not NOTE_VERB.search(text):
            continue  # "took note of", "a note on ...": not a diplomatic note
        if re.search(r"\b(?:forwarded|passed\s+on|sent\s+on)\s+to\s+(?:Moscow|the\s+(?:[A-Z]\w+\s+)?(?:Foreign\s+)?Ministry)\b",
                     text[m.end():]):
            continue  # "The note, the embassy added, had been forwarded to Moscow": one received, passed on
        if not NOTE_VERB.search(text) and quoted(doc, base + m.start()):
            continue  # '"A note of protest costs nothing," said an analyst': notes in general
        if re.search(r"\b(?:repeatedly|often|regularly|frequently|routinely)\s+$", text[max(0, m.start() - 14):m.start()]):
            continue  # "have repeatedly protested to Moscow": a habit, not one note
        found.append(("note", base + m.start(), base + m.end(), base + m.end()))
    for type_, rx in ACT_TRIGGERS:
        for m in rx.finditer(text):
            if NEGATED.search(text[max(0, m.start() - 25):m.start()]) or MANNER.match(text, m.start()) \
                    or NEITHER.search(text[:m.start()]):
                continue  # "has not responded to", "declined to comment"; "responded sharply."; "Neither X nor Y responded"
            if type_ == "summons" and (re.search(r"\b(?:to|should|must|would|could|will)\s+$", text[max(0, m.start() - 8):m.start()])
                                       or m.group("verb") == "invited" and _other_act_in(text)):
                continue  # "urged it to summon the ambassador": what is asked for; "was invited ..., where X demanded"
            verb = next((g for g in ("verb", "asked") if g in rx.groupindex and m.group(g)), None)
            verb_end = base + (m.end(verb) if verb else m.end())
            own = REPORTED_OWN.search(text[:m.start()]) if type_ in ("directive", "appeal-or-demand") else None
            if own:  # "wrote that it had ordered an internal check": a statement of what it did, by the writer
                found.append(("official-statement", base + own.start(), base + m.end(), verb_end))
                continue
            found.append((type_, base + m.start(), base + m.end(), verb_end))
    for m in WEAK.finditer(text):
        if m.group(0) == "reported" and re.match(r"\s+that\b", text[m.end():]) and not any(len(d.value) == 10 for d in s.dates) \
                and not re.search(r"\bpress\s+(?:service|office)\s+$", text[:m.start()]):
            continue  # "the ministry reported that 8,400 had been deported": a figure; with a day, a statement
        found.append(("weak", base + m.start(), base + m.end(), base + m.end()))
    if all(t[0] == "weak" for t in found):
        found += [("weak", base + m.start(), base + m.end(), base + m.end()) for m in PUBLISHED.finditer(text)]
    found.sort(key=lambda t: t[1])
    kept = []
    for t in found:  # "called for a review" is a call for investigation, not also an appeal
        if any(k[1] <= t[1] < k[2] and PRIORITY.index(k[0]) < PRIORITY.index(t[0]) for k in kept):
            continue
        kept = [k for k in kept if not (t[1] <= k[1] < t[2] and PRIORITY.index(t[0]) < PRIORITY.index(k[0]))]
        kept.append(t)
    return kept


def _other_act_in(text: str) -> bool:
    return any(rx.search(text) for t, rx in ACT_TRIGGERS if t != "summons")


def quoted(doc, pos: int) -> bool:
    """Is ``pos`` inside a quotation (one may span sentences of its paragraph)?"""
    start = doc.paragraphs[doc.paragraph_of(pos)][0]
    return doc.text.count('"', start, pos) % 2 == 1
