"""Find laws and other legal measures, with the state that made them and their dates.

Measures come from the gazetteer's kinds of legal measures ("register of controlled
persons", "expulsion regime", "migration amnesty") or, failing those, a generic phrase
("a law on ...", "a bill designed to ..."). Mentions of one kind by one state are one
measure. The state is the one the phrase names ("Russian migration laws"), the one the
measure applies in ("took effect in Russia"), the subject of the sentence ("Russian
lawmakers adopted"), or that of the previous measure. A date is an adoption, entry
into force or deadline by the words right before it ("from February 5", "until
September 10") or by the verb of the sentence ("adopted", "took effect").
"""

from __future__ import annotations

import re

from kg.extraction.actors import gazetteer, state_before
from kg.extraction.subjects import subject
from kg.sources import slugify

LAW_GENERIC = re.compile(r"\b(?:a|the|new)\s+(law\s+on\s+[^,.;]+|bill\s+(?:designed\s+to|that\s+would|to|on)\s+[^,.;]+|"
                         r"(?:new\s+)?(?:deportation|migration|expulsion)\s+(?:policy|regime|rules|law))")


def find_laws(finder, s):
    doc, text = finder.doc, s.text
    found: list[tuple[str, str, int, int]] = []
    for kind in gazetteer()["measure_kinds"]:
        for phrase in kind["phrases"]:
            m = re.search(rf"\b{re.escape(phrase)}\b", text, re.I)
            if m:
                found.append((kind["key"], kind["label"], m.start(), m.end()))
                break
    generic = LAW_GENERIC.search(text)
    if generic and not found:
        phrase = generic.group(1)
        found.append((slugify(phrase, 40), phrase[0].upper() + phrase[1:], generic.start(1), generic.end(1)))
    anaphor = re.search(r"\b(?i:the|this|that)\s+(?:new\s+)?(?:law|measure|rules|regime|bill|amendments|register)\b", text)
    if not found and anaphor and s.dates and finder.last_law and finder.last_law[1] >= s.index - 2:
        key = finder.last_law[0]  # "The law took effect on February 5": the measure just named
        doc.entities[key].spans.append((s.span[0] + anaphor.start(), s.span[0] + anaphor.end()))
        _dates(doc, key, s)
        finder.last_law = (key, s.index)
    for measure, label, s0, e0 in found:
        state = _law_state(finder, s, s.span[0] + s0, s.span[0] + e0)
        if not state:
            continue
        key = f"law/{state}/{measure}"
        date = s.dates[0] if s.dates else None
        mod = finder.modality(text, s.span[0], date.value if date else None, "law")
        existing = doc.entities.get(key)
        doc.add_entity(key, "Law", label, (s.span[0] + s0, s.span[0] + e0), "law-measure",
                       modality=existing.modality if existing else mod)
        doc.add_fact(key, "state", f"state/{state}", "entity", s.span, "law-state")
        if not doc.has_fact(key, "modality"):
            doc.add_fact(key, "modality", f"modality/{mod}", "concept", s.span, "modality", modality=mod)
        if not doc.has_fact(key, "summary"):
            doc.add_fact(key, "summary", text.strip(), "string", s.span, "law-summary")
        _dates(doc, key, s)
        finder.last_law = (key, s.index)


def _dates(doc, key, s):
    for d in s.dates:
        predicate = date_role(doc.text[max(s.span[0], d.start - 40):d.start], s.text)
        if predicate:
            doc.add_fact(key, predicate, d.value, "date", s.span, f"law-{predicate}", inferred=d.inferred)
            return


LAWMAKERS = re.compile(r"(?i)parliament|government|lawmaker|deputy|senator|president|prime minister|duma")


def _law_state(finder, s, start, end) -> str | None:
    """The state of a measure: named with it, where it applies, who made it, or the last one's."""
    doc = finder.doc
    state, _ = state_before(doc, start)
    subject_group = subject(doc, s.span, start)
    lawmaker = subject_group and any(
        LAWMAKERS.search(k) or any(LAWMAKERS.search(p) for p in doc.objects(k, "post")) for k in subject_group.actors())
    if not state and not lawmaker:  # "took effect in Russia", "migrants working in Russia must ..."
        located = [m for m in doc.mentions_in(*s.span, ("State",)) if m.role != "nationals"
                   and re.search(r"\bin\s+(?:the\s+)?$", doc.text[max(s.span[0], m.start - 8):m.start])]
        state = located[0].key.split("/", 1)[1] if located else None
    if not state and subject_group:
        state = next((doc.state_of(k) for k in subject_group.actors() if doc.state_of(k)), None)
    if not state:
        state = finder.last_law_state
    if not state:
        found = [m for m in doc.mentions_in(*s.span, ("State",)) if m.role != "nationals"]
        state = found[0].key.split("/", 1)[1] if found else None
    if state:
        finder.last_law_state = state
    return state


def date_role(before: str, sentence: str) -> str | None:
    """Whether a date in a sentence about a measure is its adoption, entry into force or deadline."""
    if re.search(r"\b(?:until|by|before|deadline\s+(?:of|is|was))\s+(?:the\s+)?$", before):
        return "deadline"
    if re.search(r"\b(?:from|starting|since|as\s+of|effective|on)\s+$", before, re.I) and \
            re.search(r"\b(?:took\s+effect|take\s+effect|into\s+force|introduced|launched|activated|"
                      r"start\w*|from|effective)\b", sentence, re.I):
        return "inForce"
    if re.search(r"\b(?:deadline|until|must\s+legali[sz]e)\b", sentence):
        return "deadline"
    if re.search(r"\b(?:adopted|passed|signed|approved|secured|granted|declared)\b", sentence):
        return "adopted"
    if re.search(r"\b(?:took\s+effect|take\s+effect|into\s+force|introduced|launched|activated)\b", sentence, re.I):
        return "inForce"
    return None
