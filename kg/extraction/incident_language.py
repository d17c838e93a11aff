"""The words of incidents: what makes a clause tell a raid, a detention, a death or a fire,
and what makes it background, hypothetical, a trend or a part of people already told.

:mod:`kg.extraction.incidents` reads sentences with them. ``TRIGGERS`` lists each kind's
words and whether they can stand for many events without a place (an umbrella incident:
"raids", "detentions"); a definite "the check" or "the operation" refers back.
"""

from __future__ import annotations

import re

from kg.extraction.quantities import TO_POLICE

TRIGGERS = [  # kind, pattern, can stand for many events without a place (umbrella)
    ("attack", r"(?:gunmen|attackers|assailants)\s+(?:\w+\s+)?(?:killed|opened\s+fire|stormed)|terrorist\s+attack|"
               r"terror(?:ist)?\s+act|terrorism\s+tragedy|terror\s+attack|bombing|shooting|massacre|attack(?:ed|s)?",
     False),
    ("accident", r"collided|crash(?:ed|es)?|(?:road|traffic|car|bus)\s+accident", False),
    ("death", r"death(?!\s+(?:penalty|penalties|sentences?|toll|threats?))|died|(?:was|were|been)\s+killed|(?:pronounced|found)\s+dead", False),
    ("fire", r"fire(?!\s+(?:safety|exits?|department|service|brigades?|fighters?|alarms?|extinguishers?|hydrants?|"
             r"escapes?|doors?))|blaze", False),
    ("raid", r"raids", True),
    ("raid", r"(?<=[Tt]he\s)(?:special\s+)?(?:check|operation)(?=\s+(?:in|at)\s)", False),  # "The check in Saratov drew"
    ("raid", r"raid(?:ed|ing)?|swept(?!\s+(?:away|aside|up|through|across|to|into|over))|"  # "troops swept the market"
             r"(?:sealed|cordoned)\s+off|(?:operation|check)\s+(?:was\s+(?:conducted|carried\s+out)|took\s+place|began|started)|"
             r"(?:largest|biggest|first|latest)\s+of\s+them\s+took\s+place|"  # (of the checks)
             r"(?:carried\s+out|conducted|held)\s+an?\s+(?:[\w-]+\s+){0,2}(?:check|inspection|operation|sweep)|"
             r"(?:checked|inspected|searched|stormed)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}(?:park|site|market|hostel|"
             r"dormitory|warehouse|complex|hub|cent(?:re|er)|bazaar)\b", False),
    ("raid", r"(?:came|arrived|descended|burst|showed\s+up)\s+(?:to|at|on|into)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"  # (officers)
             r"(?:construction\s+site|site|market|bazaar|hostel|dormitory|warehouse|factory|workshops?|complex)\b|"
             r"(?:came|burst|broke|stormed)\s+in\s+through\s+(?:both\s+|the\s+|all\s+)?(?:doors?|windows?|entrances?)|"
             r"entered\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?(?:site|market|hostel|dormitory|warehouse|factory|workshops?|"
             r"complex|building|premises)\b", False),
    ("mistreatment", r"mistreatment|ill-treatment|abuses?|harassment|beatings|"
                     r"(?:rude|disrespectful|rough|cruel|degrading)\s+treatment|violence\s+against", True),
    ("mistreatment", r"(?:was|were|been|being)\s+(?:\w+ly\s+)?(?:beaten|tortured|assaulted|abused)|"
                     r"(?:pressured|forced|coerced)\s+(?:to\s+sign|into\s+signing)", False),
    ("detention", r"detentions|mass\s+arrests|round-?ups|round(?:ed|s)?\s+up", True),
    ("detention", r"detain(?:ed|ing)|(?<!temporary\s)detention(?!\s+cent(?:er|re))|arrests?|arrested|"  # (a centre
                  + TO_POLICE, False),  # "for the temporary detention of foreign citizens" is a place, no event)
    ("detention", r"(?:took|taken|pulled|removed|dragged)\s+(?:[\w-]+\s+){0,4}?off\s+(?:a|the)\s+(?:[\w-]+\s+){0,2}?"
                  r"(?:train|bus|plane|flight|ship)\b", False),  # "took 48 foreign citizens off a passenger train"
    ("detention", r"(?:held|kept)\s+(?:them\s+|him\s+|her\s+)?(?:for|at|in|without|incommunicado)|"  # "were held at the airport"
                  r"held\s+by\s+(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:border\s+guards|police|officers|security\s+officers)",
     False),
    ("deportation", r"deportations|expulsions", True),
    ("deportation", r"deported|expelled|sentenced\s+to\s+(?:administrative\s+)?(?:expulsion|deportation)", True),
    # "18,000 citizens were deported from Russia", "nine were sentenced to administrative expulsion"
    ("inspection", r"inspections|document\s+checks|identity\s+checks|sweeps", True),
    ("incident", r"(?<![Bb]oth\s)incidents?", False),  # "both incidents were raised in Astana": told already
    ("blocking", r"blocking|blocked|stranded|stuck|stopped\s+at|turned\s+back|(?:denied|refused)\s+(?:them\s+)?entry", False),
]
PLACED_ORDER = ["attack", "fire", "accident", "death", "raid", "detention", "mistreatment", "deportation", "inspection",
                "incident", "blocking"]
UMBRELLA_ORDER = ["attack", "mistreatment", "raid", "detention", "deportation", "inspection"]
TRIGGER_RE = [(kind, re.compile(rf"\b(?:{p})\b"), umbrella) for kind, p, umbrella in TRIGGERS]
SPLIT = re.compile(r",?\s+(?=(?:following|after|since|follows|followed|in\s+the\s+wake\s+of)\s+the\b)|"
                   r",\s+(?=and\s+the\s+[A-Z])|"  # "..., and the Interior Ministry reported that ...": a new clause
                   r",?\s+(?=(?:as|while|whereas|amid)\s+(?!\w+ing\b)(?!well\b|part\b|a\s+result\b|such\b|of\b|reported\b|many\b|"
                   r"much\b|long\b|soon\b|far\b|if\b)[a-z]+\s)")
BACKGROUND_PART = re.compile(r"^(?:following|after|since|follows|followed|in\s+the\s+wake\s+of)\s+the\b")
TREND = re.compile(r"\b(?:became|become|becoming|grew|grown|have|has|had)?\s*(?:more\s+frequent|increased|"
                   r"intensified|rose|risen|surged|multiplied|escalated)\b")
# "It was carried out by officers of the FSB Directorate ...": who made the incident just told
CARRIED_OUT_BY = re.compile(r"(?:It|This|They)\s+(?:was|were)\s+(?:carried\s+out|conducted|led)\s+by\b")
# "Even before the death, at a meeting in Tashkent ...": an incident already told, as a time
TIME_OF_TOLD = re.compile(r"\b(?:[Bb]efore|[Aa]fter|[Ss]ince)\s+the\s+$")
HYPOTHETICAL = re.compile(r"\b(?:prevent\w*|avoid\w*|stop|protect\w*)\b[^.;]*$")
VIOLENCE = re.compile(r"\b(?:forced|force\s+was\s+used|beat(?:en|ing)?|kick(?:ed|ing)|insult(?:ed|ing)|"
                      r"injur(?:ed|ies)|shot|killed|detained|deported|arrests|crawl)\b")
PEOPLE = r"(?:citizens|nationals|migrants|workers|labou?r\s+migrants|people)"
# a running total, a context figure rather than an event ("since the beginning of 2026, courts have ordered ...")
TALLY = re.compile(r"(?i)\b(?:since\s+the\s+(?:beginning|start)\s+of|so\s+far\s+this|in\s+the\s+first\s+\w+\s+months\s+of)\b")
RECENT = re.compile(r"\brecent(?:ly)?\b(?!\s+(?:months|years|weeks))")
HELD_PEOPLE = re.compile(rf"\b(?:{PEOPLE[3:-1]}|drivers|men|women|students|foreigners|passengers|detainees|them)\b")
MEETING_WORDS = re.compile(r"\b(?:talks|meetings?|consultations|session|elections?|conference|summit|events?)\s+"
                           r"(?:\w+\s+){0,3}$")
NUMBER_WORD = r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|" \
              r"fifty|dozens|some|most|many|several|half|all)"
PARTITIVE = re.compile(rf"(?i:\b{NUMBER_WORD}\s+of\s+)(?:them\b|those\s+(?:detained|held)\b|the\s+(?:[A-Z][a-z]+\s+)?"
                       rf"(?:\d[\d,]*\b|detainees\b|detained\s+\w+|students\b|migrants\b|passengers\b|foreigners\b|"
                       rf"workers\b|men\b|drivers\b))|"
                       r"\b[Oo]f\s+(?:the|these|those)\s+(?:\d[\d,]*|detained|detainees)\b")
PARTITIVE_COUNT = re.compile(rf"(?i:\b{NUMBER_WORD}(?=\s+of\s+(?:them|those|the|these)\b))")
ORDERED = re.compile(r"\bordered\s+(?:to\s+be\s+)?(?:\w+ly\s+)?(?:expelled|deported)\b")
REPORTED_ON = re.compile(r"\b(?:said|says|told\s+\w+|reported|announced|wrote|stated|added|confirmed|posted|published)\s+"
                         r"(?:\w+\s+){0,4}"
                         r"(?:on\s+)?$")
# "the driver of the truck had been detained", "the foreman ...; he has been detained": a suspect's arrest, not migrants'
SUSPECT_DETAINED = re.compile(r"\b(?:driver\s+of\s+the\s+(?:truck|car|bus|minibus|lorry|vehicle)|(?:suspect|foreman|"
                              r"perpetrator|attacker|organi[sz]er|owner|employer)s?\b(?:\s+of\s+(?:the\s+|a\s+)?[\w-]+"
                              r"(?:\s+[\w-]+){0,3})?)(?:[^.;]{0,80}?;\s+(?:he|she))?"
                              r"\s+(?:had\s+been|has\s+been|have\s+been|was|were)\s+$")
