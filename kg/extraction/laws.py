"""Find laws and other legal measures, with the state that made them and their dates.

Measures come from the gazetteer's kinds of legal measures ("register of controlled
persons", "expulsion regime", "migration amnesty") or, failing those, are named by their
own words: "a law on ...", "a bill that would ...", "a law that restricts ...", "the Law
on External Labor Migration", "amendments to the Criminal Code that ...", "A decree
signed in July cut ...", "new rules in the Novosibirsk region ban ...", "introduced
biometric checks for foreigners ...". Mentions of one kind by one state are one measure;
"The law", "The decree", "It will enter into force" right after refer to the last one.
The state is the one the phrase names ("Russian migration laws", "a federal law": the one
federation of the gazetteer), the one the measure
applies in ("took effect in Russia"), the subject of the sentence ("Russian lawmakers
adopted", "President X signed"), that of the previous measure, or the kind's own (Russia's
register of controlled persons). Each date is an
adoption, entry into force or deadline by the words right before it ("adopted by the
State Duma earlier this month", "will come into force on September 1", "until September
10"), else by the verbs of the sentence; a measure keeps its first adoption, and a bill
passed "in first reading" is not adopted. A measure adopted but in force only later is
scheduled; a bill is proposed.
"""

from __future__ import annotations

import re

from kg.extraction.actors import gazetteer, state_before, story_state
from kg.extraction.acts_language import quoted
from kg.extraction.subjects import subject
from kg.sources import slugify

LAW_GENERIC = re.compile(r"\b(?:a|the|new)\s+(law\s+on\s+[^,.;]+|bill\s+(?:designed\s+to|that\s+would|to|on(?!\s+(?:\d|[A-Z][a-z]+\s+\d|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)))\s+[^,.;]+|"
                         r"(?:new\s+)?(?:deportation|migration|expulsion)\s+(?:policy|regime|rules|law))")
# A measure named by its own words: "a law that restricts ...", "the Law on External Labor Migration",
# "amendments to the law on ...", "A decree signed in July cut ...", "new rules in the X region ban ...",
# "introduced biometric checks for foreigners ...".
MEASURE = r"(?:law|decree|bill|resolution|regulations?|rules|amendments?|ordinance|order|measures?)"
LAW_OWN_WORDS = [re.compile(p) for p in (
    r"\b(?:the\s+)?(Law\s+\"?[Oo]n\s+[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|of|and|the|for|in|on))*)",
    r"\b((?:[Aa]mendments|[Cc]hanges)\s+to\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){0,3}(?:[Ll]aw|[Cc]ode)\b"
    r"(?:\s+on\s+[^,.;]+?|\s+\"[Oo]n\s+[^\",.;]+\")?"
    r"(?:\s+that\s+[^,.;]+)?)(?=\s+(?:which)\b|[,.;]|$)",
    rf"\b(?:[Aa]|[Aa]n|[Aa]nother|[Nn]ew|[Tt]he\s+new)\s+(?:(?:[A-Z][a-z]+|federal|presidential|government|regional|"
    rf"draft|separate|similar|new)\s+){{0,2}}({MEASURE}(?:,\s+(?:dated|signed|adopted)\s+[^,.;]{{1,30}},)?\s+"
    r"(?:that|which|under\s+which|requiring|restricting|banning|obliging|"
    r"allowing|introducing|tightening|raising|increasing|lowering|reducing|extending|limiting|prohibiting|making|barring|"
    r"forbidding|"
    r"setting|imposing|granting|expanding|simplifying|abolishing|establishing|requiring|governing|"
    r"on|to|in|signed|adopted|passed|approved|issued)\b[^.;]*?)(?=,\s+(?:which|and|but|"
    r"according|the\s+\w+\s+said)|[.;]|$)",
    r"\b(?:[Tt]he\s+)?((?:[Dd]ecree|[Rr]esolution)\s+of\s+the\s+(?:Governor|Government|Mayor|Head|President)\s+of\s+"
    r"(?:the\s+)?(?:(?:[A-Z][\w-]+\s+){1,3}(?:Region|Territory|Republic|Oblast|Krai)\b|(?:[A-Z][\w-]+\s+){0,2}[A-Z][\w-]+)"
    r"(?:\s+(?:adopted|signed|issued|approved)\b[^,.;]*(?=,\s+under\s+which\b))?(?:,\s+under\s+which\b[^.;]*)?)",  # "the decree of the Governor
    # of the X Region", "the resolution of the Government of the Russian Federation adopted on 6 November, under which ..."
    r"\bthe\s+(new\s+[A-Z][a-z]+\s+(?:law|decree))(?=[.;]|,\s+(?:which|signed|adopted))",  # "in view of the new Russian law."
    r"\b(?:introduced|imposed|launched)\s+(?:a\s+|an\s+|new\s+)*((?:[\w-]+\s+){0,2}(?:checks|requirements|"
    r"restrictions|quotas|bans?|fees?|procedures?)\b(?:\s+(?:for|on)\s+[^,.;]+)?)",
)]
# A measure named by what it does ("a law obliging ...", "a decree that bans ..."), not by its topic ("a law on ...")
DOING = re.compile(rf"{MEASURE}\s+(?:that|which|under\s+which|\w+ing)\b")
ANAPHOR = re.compile(r"\b(?i:the|this|that)\s+(?:new\s+)?(?:law|measure|rules?|regime|bill|amendments|register|decree|"
                     r"document|ban|restrictions?|requirements?|charge|levy|fee)\b|"
                     r"(?:^|^[A-Z][\w\s]{0,20},\s+)(?:[Ii]t|They|they)\s+(?=(?:will|would|is\s+to|shall)\s+(?:enter|come|take)\b)")


def find_laws(finder, s):
    doc, text = finder.doc, s.text
    found: list[tuple[str, str, int, int]] = []
    for kind in gazetteer()["measure_kinds"]:
        for phrase in kind["phrases"]:
            m = re.search(rf"\b{re.escape(phrase)}\b", text, re.I)
            if m:
                found.append((kind["key"], kind["label"], m.start(), m.end()))
                break
    generic = LAW_GENERIC.search(text) or next((m for rx in LAW_OWN_WORDS for m in [rx.search(text)] if m), None)
    if generic and found and DOING.match(generic.group(1)) and all(
            generic.start(1) < s0 < generic.end(1) and re.search(r"\b(?:against|in|on|from|into|off)\s+the\s+$", text[:s0])
            for _, _, s0, _ in found):
        found = []  # "a law obliging hostels to check guests against the register of controlled persons": a new law
    if generic and not found:  # ("the resolution of X adopted on 6 November, under which ...": X under which ...)
        phrase = _short(re.sub(r"\s+(?:adopted|signed|issued|approved)\b[^,.;]*,(?=\s+under\s+which)", "", generic.group(1)))
        phrase = phrase.replace('"', "") if phrase.count('"') % 2 else phrase  # 'the Law "On X' without its quote
        phrase = re.sub(r",?\s+(?:that|which)\s+(?:was|has\s+been)\s+(?:signed|adopted|approved)\b.*$", "", phrase)
        found.append((slugify(phrase, 40), phrase[0].upper() + phrase[1:], generic.start(1), generic.end(1)))
    anaphor = ANAPHOR.search(text)
    if not found and anaphor and finder.last_law and finder.last_law[1] >= s.index - 2 \
            and (s.dates or re.search(r"\b(?:enter|come|take)s?\s+(?:into\s+)?(?:force|effect)\b", text)):
        key = finder.last_law[0]  # "The law took effect on February 5": the measure just named
        doc.entities[key].spans.append((s.span[0] + anaphor.start(), s.span[0] + anaphor.end()))
        _dates(doc, key, s)
        _future(finder, key, text)
        finder.last_law = (key, s.index)
    for measure, label, s0, e0 in found:  # (Russia's register of controlled persons is Russia's, named or not)
        state = _law_state(finder, s, s.span[0] + s0, s.span[0] + e0, gazetteer()["measure_states"].get(measure))
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
        _future(finder, key, text)
        finder.last_law = (key, s.index)


def _short(phrase: str, limit: int = 90) -> str:
    """A measure's own words, cut at a word boundary: its label."""
    phrase = re.sub(r"\s+", " ", phrase).strip().rstrip(",")
    return phrase if len(phrase) <= limit else phrase[:limit].rsplit(" ", 1)[0]


def _future(finder, key: str, text: str):
    """A measure adopted but not yet in force ("will come into force on September 1") is scheduled."""
    doc = finder.doc
    adopted = doc.objects(key, "adopted") and doc.objects(key, "modality") == ["modality/proposed"]  # (once signed,
    if doc.objects(key, "modality") not in (["modality/asserted"], ["modality/attributed"]) and not adopted:  # no bill)
        return
    later = [v for v in doc.objects(key, "inForce") if earliest_day(v) > doc.ref]
    if later or re.search(r"\b(?:will|shall|is\s+to)\s+(?:enter|come|take)\s+(?:into\s+)?(?:force|effect)\b", text):
        doc.drop_facts(key, "modality")
        doc.entities[key].modality = "scheduled"
        doc.add_fact(key, "modality", "modality/scheduled", "concept", doc.entities[key].spans[0], "modality",
                     modality="scheduled")


def earliest_day(value: str):
    import datetime as dt
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _dates(doc, key, s):
    """Each date of the sentence is an adoption, entry into force or deadline by the words
    right before it ("adopted by the Duma earlier this month", "will come into force on
    September 1"), else by the verbs of the sentence; a measure keeps its first adoption."""
    previous_end, previous_role = s.span[0], None
    for d in s.dates:
        if d.inferred and "beginning of the year" in d.inferred.replace("start", "beginning"):
            continue  # "added to the register since the beginning of the year": a period of counting
        if quoted(doc, d.start):
            continue  # '"From March, the one who profits will pay," the deputy said': his words, not the law's dates
        if re.match(r"(?:'s)?\s+(?:meeting|talks|briefing|visit|session|conference|call)\b", doc.text[d.end:d.end + 20]):
            continue  # "During yesterday's meeting, ... concern over the decree": the day of the meeting
        local = doc.text[max(previous_end, d.start - 60):d.start]
        own = re.match(r"(?i)(since|from|starting|until|by|before)\s", doc.text[d.start:d.end])  # "Since July"
        local += own.group(0) if own else ""
        restated = previous_role and re.fullmatch(r"\s*,?\s*(?:on\s+)?", doc.text[previous_end:d.start])
        previous_end = d.end
        predicate = previous_role if restated else (  # "signed last week, on 10 November": the same adoption
            local_role(local, s.text) or date_role(doc.text[max(s.span[0], d.start - 40):d.start], s.text))
        previous_role = predicate
        if predicate == "adopted" and (re.search(r"\breading\b", s.text) or (
                doc.has_fact(key, "adopted") and not doc.refine_date(key, "adopted", d.value))):
            continue  # a bill passed in first reading is not adopted; "Last week, on November 10": the day
        if predicate:
            doc.add_fact(key, predicate, d.value, "date", s.span, f"law-{predicate}", inferred=d.inferred)


def local_role(before: str, sentence: str) -> str | None:
    """The role of a date from the words right before it, or None."""
    if re.search(r"\b(?:until|by|before|no\s+later\s+than|deadline\s+(?:of|is|was))\s+(?:the\s+)?$", before):
        return "deadline"
    if re.search(r"\b(?:(?:take|takes|took|taking|come|comes|came|enter|enters|entered|go|goes|went)\s+(?:into\s+)?"
                 r"(?:effect|force)|apply|applies|applied|effective)\s+(?:on|from|in|as\s+of)?\s*$|"
                 r"\b(?:starting|beginning|from|since|as\s+of)\s+(?:the\s+)?$", before, re.I):
        return "inForce"
    if re.search(r"\b(?:signed|adopted|passed|approved|issued|enacted)\s+(?:[\w,]+\s+){0,8}(?:on|in)?\s*$", before):
        return "adopted"
    return None


LAWMAKERS = re.compile(r"(?i)parliament|government|lawmaker|deputy|senator|president|prime minister|duma")


MODIFIERS_BEFORE = re.compile(r"(?:\b(?:new|so-called|latest|controversial|draft|own|recent|tougher)\s+|[\"“])+$")


def _law_state(finder, s, start, end, default: str | None = None) -> str | None:
    """The state of a measure: named with it, its kind's own (Russia's register of controlled
    persons, unless another state's is named), where it applies, who made it, or the last one's."""
    doc = finder.doc
    modifiers = MODIFIERS_BEFORE.search(doc.text, max(0, start - 60), start)  # "Moscow's new \"expulsion regime\""
    state, _ = state_before(doc, modifiers.start() if modifiers else start)
    own = [m for m in doc.mentions_in(start, end, ("State",)) if re.match(r"\s+(?:law|decree)\b", doc.text[m.end:m.end + 8])]
    state = own[0].key.split("/", 1)[1] if own else state  # "the new Russian law"
    where = [m for m in doc.mentions_in(start, end, ("State",)) if m.role != "nationals"
             and re.search(r"\bin\s+(?:the\s+)?$", doc.text[max(0, m.start - 8):m.start])]
    if where:  # "a law that will bar foreigners working in Russia from ...": where it applies
        state = where[0].key.split("/", 1)[1]
    signer = re.compile(r"\"?(?:,?\s+(?:which|that)\s+(?:was|has\s+been))?\s+(?:signed|adopted|approved)\s+by\s+"
                        ).search(doc.text, start, s.span[1])  # ("a law on X that was signed by Russian President Y")
    signed = doc.mentions_in(signer.end(), signer.end() + 40, ("Official",)) if signer and not state else []
    if signed and re.fullmatch(r"(?:[A-Z][\w-]*\s+){0,2}", doc.text[signer.end():signed[0].start]) \
            and doc.state_of(signed[0].key):
        state = doc.state_of(signed[0].key)  # 'amendments to the Law "On X" signed by President Y': Y's state's
    maker = re.match(r"\w+\s+of\s+the\s+(?:Government|President)\s+of\s+", doc.text[start:end])
    named = [m for m in doc.mentions_in(start, end, ("State",)) if m.role != "nationals"]
    if maker and named and named[0].start <= start + maker.end() + 4:  # "the resolution of the Government of the
        state = named[0].key.split("/", 1)[1]  # Russian Federation", whoever is concerned about it
    if not state and re.search(r"\bfederal\s+$", doc.text[max(0, start - 10):start], re.I):
        state = gazetteer()["federal_state"]  # "a federal law raising fines": the federation's
    state = state or default
    if not state:  # "the decree of the Governor of the Moscow Region", "the governor of the X region signed a
        # decree barring ...": the state of the region named with it
        state = next((doc.state_of(p.key) for p in doc.places_in(start, end) + doc.places_in(s.span[0], start)
                      if doc.state_of(p.key)), None)
    subject_group = subject(doc, s.span, start)
    lawmaker = subject_group and any(
        LAWMAKERS.search(k) or any(LAWMAKERS.search(p) for p in doc.objects(k, "post")) for k in subject_group.actors())
    if not state and not lawmaker:  # "took effect in Russia", "migrants working in Russia must ..."
        located = [m for m in doc.mentions_in(*s.span, ("State",)) if m.role != "nationals"
                   and re.search(r"\bin\s+(?:the\s+)?$", doc.text[max(s.span[0], m.start - 8):m.start])]
        state = located[0].key.split("/", 1)[1] if located else None
    if not state and subject_group:
        state = next((doc.state_of(k) for k in subject_group.actors() if doc.state_of(k)), None)
    if not state:  # "a bill that would bar foreigners from jobs ... in St Petersburg": where it applies
        state = next((doc.state_of(p.key) for p in doc.places_in(*s.span) if doc.state_of(p.key)), None)
    if not state:
        state = finder.last_law_state
    if not state and subject_group:  # "Vladimir Putin signed a law allowing ...": a measure of where the story is
        state = story_state(doc, start) or story_state(doc, len(doc.text))
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
    if re.search(r"\b(?:from|starting|since|as\s+of|effective)\s+$", before, re.I) and \
            re.search(r"\b(?:took\s+effect|take\s+effect|into\s+force|introduced|launched|activated|"
                      r"start\w*|from|effective)\b", sentence, re.I):
        return "inForce"
    if re.search(r"\bon\s+$", before, re.I) and re.search(r"\b(?:took\s+effect|take\s+effect|into\s+force|effective)\b",
                                                        sentence, re.I):
        return "inForce"  # ("On Wednesday, deputies passed a bill ... from 1 March": the day of the vote)
    if re.search(r"\b(?:deadline|until|must\s+legali[sz]e)\b", sentence):
        return "deadline"
    if re.search(r"\b(?:adopted|passed|signed|approved|secured|granted|declared)\b", sentence):
        return "adopted"
    if re.search(r"\b(?:took\s+effect|take\s+effect|into\s+force|introduced|launched|activated)\b", sentence, re.I):
        return "inForce"
    return None
