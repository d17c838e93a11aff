"""What an act is about: the incidents it names or refers to, and the acts whose remarks it names.

An act is about the incidents named after "over", "into", "after"... in its clause, the
ones it refers to ("such conduct", "the situation": the latest umbrella incident; "the
incident": the latest one), the incident just reported when it criticises or protests,
and the act of a person whose "comments" or "remarks" it names; an incident known by its
place ("the check in Yekaterinburg") or the latest of the kind it names ("the inspections
would continue"). Once the article is read (:mod:`kg.extraction.acts_links`): a protest told
before what it protests is about the incident reported right after it ("Turkmenistan has
protested ... According to the statement, 38 trucks were stopped ..."), and a protest,
summons or concern that names nothing, in a story with one news incident so far, is about
that one. Incidents named in passing ("after similar raids in Kazan") are not what later
acts are about.
"""

from __future__ import annotations

import re

from kg.extraction.acts_language import INCIDENT_ANAPHOR
from kg.extraction.quantities import TO_POLICE
from kg.extraction.scenes import lies_within

__all__ = ["ABOUT_EVENTS", "about_links", "about_incident_after", "about_the_one_news_incident", "incident_kind"]

SPECIFIC_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:same\s+|latest\s+|recent\s+)?(incident|raid|attack|detentions?|"
                              r"arrests?|death|operation|check)\b")
KIND_ANAPHOR = re.compile(r"\bthe\s+(raids|inspections|checks|detentions|deportations|expulsions)\b")
# The kinds of incident a word refers to, the likeliest first ("the checks" at a border held people up)
KIND_OF = {"raid": ("raid",), "attack": ("attack",), "death": ("death",), "detention": ("detention", "raid"),
           "arrest": ("detention", "raid"), "arrests": ("detention", "raid"), "operation": ("raid", "inspection"),
           "check": ("raid", "inspection"), "raids": ("raid", "inspection"), "inspections": ("inspection", "raid"),
           "checks": ("inspection", "raid", "detention", "blocking"), "detentions": ("detention", "raid"),
           "deportations": ("deportation",), "expulsions": ("deportation",)}
ABOUT_EVENTS = re.compile(r"\b(?:denied|denies|criminal\s+(?:case|investigation)|investigat\w+|probe|inquiry|"
                          r"suspended|legal\s+assistance|detainees|evacuated|bod(?:y|ies)|victims|injured|"
                          r"repatriat\w+|burial|funeral|post-?mortem|autopsy)\b|" + TO_POLICE + "|"
                          r"\bthe\s+(?:detained|deported|trucks|drivers|detainees|victims?|men|migrants)\b(?!\s+who)")


def incident_kind(key: str) -> str:
    """The kind an incident's key starts with: "incident/raid-tula-2026-11" is a raid."""
    return key.split("/", 1)[1].split("-", 1)[0]


def _last_current_incident(finder, sentence: int, act, kinds: tuple[str, ...] = ()):
    """The latest incident reported up to ``sentence`` that is news: not one of an earlier month
    mentioned in passing ("an earlier request, submitted after similar raids in Kazan in April");
    with ``kinds``, the latest of those kinds."""
    fitting = [r for r in finder.incidents if min(r.sentences) <= sentence and not r.in_passing
               and (not kinds or incident_kind(r.key) in kinds)]
    return max(fitting, key=lambda r: max(x for x in r.sentences if x <= sentence), default=None)


def about_incident_after(finder, act):
    """A protest told before what it protests ("Turkmenistan has protested ... According to the
    statement, 38 trucks were stopped ..."): the incident first reported in the next two sentences."""
    doc = finder.doc
    later = [r for r in finder.incidents if act.sentence < min(r.sentences) <= act.sentence + 2 and not r.umbrella
             and doc.entities[r.key].modality != "background"]
    if later:
        act.about.append(min(later, key=lambda r: min(r.sentences)).key)


def about_the_one_news_incident(finder, act):
    """A protest, summons or concern that names nothing, in a story of one news incident so far
    ("... was summoned to the ministry on Tuesday, where the deputy minister handed him a note of
    protest"): that incident. With two, naming none is no sign of which."""
    doc = finder.doc
    news = [r for r in finder.incidents if not r.in_passing and not r.umbrella and min(r.sentences) <= act.sentence
            and doc.entities[r.key].modality != "background"]
    if len(news) == 1:
        act.about.append(news[0].key)


def about_links(finder, acts, act, s, window, base):
    """Incidents and acts the act is about: named after "over", "into"..., referred to
    ("such conduct", "the incident"), or just reported; "Petrov's comments"."""
    doc = finder.doc
    keys = []
    for m in re.finditer(r"\b(?:about|over|regarding|concerning|into|of|denouncing|condemning|after|following|"
                         r"followed|against|on)\s+", window):
        pos = base + m.end()
        rec = next((r for r in finder.incidents if any(pos <= a <= pos + 60 for a, _ in r.triggers)), None)
        if rec:
            keys.append(rec.key)
    if not keys and INCIDENT_ANAPHOR.search(window):
        rec = finder.last_incident(s.index, umbrella=True) or finder.last_incident(s.index)
        keys = [rec.key] if rec else []
    specific = SPECIFIC_ANAPHOR.search(window)
    if not keys and specific:  # "the death": the latest death, else the latest incident
        kinds = KIND_OF.get(specific.group(1), ())
        rec = next((r for r in reversed(finder.incidents) if min(r.sentences) <= s.index
                    and incident_kind(r.key) in kinds), None) or finder.last_incident(s.index)
        keys = [rec.key] if rec else []
    kind = KIND_ANAPHOR.search(window)
    if not keys and kind:  # "the inspections would continue": the latest incident of that kind
        recs = [r for r in finder.incidents if incident_kind(r.key) in KIND_OF[kind.group(1)]
                and min(r.sentences) <= s.index]
        keys = [recs[-1].key] if recs else []
    if not keys:  # "the check in Yekaterinburg": an incident known by its place
        places = {m.key for m in doc.places_in(base, base + len(window))}
        keys = [r.key for r in finder.incidents if min(r.sentences) <= s.index and r.place
                and (r.place in places or any(lies_within(doc, r.place, p) for p in places))][-1:]
    reach = {"criticism": 1, "expression-of-concern": 1, "protest-note": 1, "call-for-investigation": 1,
             "clarification-request-note": 2}.get(act.primary, -1)
    if ABOUT_EVENTS.search(window):  # "said it had opened a criminal case", "providing legal assistance to the detainees"
        reach = max(reach, 6 if act.primary == "official-statement" else 3)
    if not keys and reach >= 0:
        rec = _last_current_incident(finder, s.index, act)
        if re.search(TO_POLICE, window):  # people "taken to police departments": a raid or detention, not a death
            rec = _last_current_incident(finder, s.index, act, ("raid", "detention", "inspection")) or rec
        if rec and max(x for x in rec.sentences if x <= s.index) >= s.index - reach:
            keys = [rec.key]
    act.about += [k for k in dict.fromkeys(keys) if k not in act.about]
    comments = re.search(r"\b([A-Z][a-z]+)'s\s+(?:comments|remarks|statements?|words|proposal)\b", window)
    if comments:
        for m in doc.mentions_in(*s.span, ("Official", "Person")):
            if doc.text[m.start:m.end] == comments.group(1):
                target = next((a for a in acts if m.key in a.senders and a is not act), None)
                if target and f"act:{id(target)}" not in act.about:
                    act.about.append(f"act:{id(target)}")
