"""Score extraction against hand-made gold annotations (``tests/gold/<source-id>.yaml``).

Matching rules. An extracted actor or place matches a gold one of the same type when
one of its names (label or a surface form in the text) equals one of the gold names,
compared case-insensitively without "the" and possessive "'s". An extracted event
(incident, note, act, meeting, law) matches a gold one of the same type when one of its
spans in the stored text overlaps the gold quote. Gold ``Statement`` is the ontology's
``CommunicativeAct``. A relation is correct when its subject and object match the gold
relation's (literals compared as normalised text, dates exactly, counts by number).

Sources listed in ``HELD_OUT`` were never looked at while writing extraction rules:
their figures are the honest estimate of quality on unseen articles.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.extraction import extract
from kg.extraction.quantities import parse_count
from kg.sources import load_source

HELD_OUT = (
    "uzbekistan-and-russia-hold-first-meeting-on-labor",
    "ultra-nationalist-russian-lawmaker-sets-sights-on",
    "tajik-authorities-urge-migrants-in-russia-to",
    "are-registry-errors-behind-migrants-bank-account",
)
MAIN_CLASSES = ("State", "Agency", "Official", "Incident", "Note", "Law")
EVENT_TYPES = {"Incident", "Note", "CommunicativeAct", "Meeting", "Law"}
GOLD_TYPE = {"Statement": "CommunicativeAct"}
RELATIONS = {
    "post": "post", "agency": "agency", "state": "state", "role": "role", "parent": "parent",
    "sender": "sender", "recipient": "recipient", "date": "date", "about": "about",
    "in_reply_to": "inReplyTo", "channel": "channel", "place": "place",
    "nationals": "nationalsAffected", "detained": "detained", "killed": "killed",
    "deported": "deported", "participant": "participant", "adopted": "adopted",
    "in_force": "inForce", "deadline": "deadline", "part_of": "partOf",
}
PREDICATES = set(RELATIONS.values()) | {"agencyInvolved"}


@dataclass
class Score:
    tp_pred: int = 0
    pred: int = 0
    tp_gold: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score"):
        for k in ("tp_pred", "pred", "tp_gold", "gold"):
            setattr(self, k, getattr(self, k) + getattr(other, k))


@dataclass
class Report:
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations: Score = field(default_factory=Score)
    act_type: list[int] = field(default_factory=lambda: [0, 0])
    modality: list[int] = field(default_factory=lambda: [0, 0])

    def main_entities(self) -> Score:
        total = Score()
        for cls in MAIN_CLASSES:
            total.add(self.entities[cls])
        return total

    def add(self, other: "Report"):
        for cls, score in other.entities.items():
            self.entities[cls].add(score)
        self.relations.add(other.relations)
        for name in ("act_type", "modality"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine[0] += theirs[0]
            mine[1] += theirs[1]

    def text(self, title: str) -> str:
        lines = [title, f"  {'class':<18}{'P':>6}{'R':>6}{'F1':>6}{'pred':>6}{'gold':>6}"]
        for cls in sorted(self.entities):
            s = self.entities[cls]
            lines.append(f"  {cls:<18}{s.precision:6.2f}{s.recall:6.2f}{s.f1:6.2f}{s.pred:6d}{s.gold:6d}")
        m, r = self.main_entities(), self.relations
        lines.append(f"  {'six main classes':<18}{m.precision:6.2f}{m.recall:6.2f}{m.f1:6.2f}{m.pred:6d}{m.gold:6d}")
        lines.append(f"  {'relations':<18}{r.precision:6.2f}{r.recall:6.2f}{r.f1:6.2f}{r.pred:6d}{r.gold:6d}")
        for name in ("act_type", "modality"):
            ok, n = getattr(self, name)
            lines.append(f"  {name + ' accuracy':<18}{(ok / n if n else 1.0):6.2f}  ({ok}/{n} matched events)")
        return "\n".join(lines)


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("\u00a0", " ").casefold().strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"'s?$", "", text).strip()


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)] if quote else []


def _matches(ext: dict, gold: dict, text: str) -> bool:
    if GOLD_TYPE.get(gold["type"], gold["type"]) != ext["type"]:
        return False
    if ext["type"] in EVENT_TYPES:
        gold_spans = _spans(text, gold.get("quote", ""))
        if any(s < ge and gs < e for s, e in ext["spans"] for gs, ge in gold_spans):
            return True
        if ext["type"] != "Law":
            return False
    names = {_norm(n) for n in [ext["label"], *ext["aliases"]]}
    return bool(names & {_norm(n) for n in [gold["label"], *gold.get("aliases", [])]})


def _literal_equal(predicate: str, ext: str, gold: str) -> bool:
    if predicate in ("detained", "killed", "deported"):
        count = parse_count(str(gold))
        return count is not None and ext.split("|")[0] == str(count.value)
    if predicate == "channel":
        return ext.split("/")[-1] == str(gold).replace("_", "-")
    if predicate in ("post", "role"):
        a, b = _norm(ext), _norm(str(gold))
        return a in b or b in a
    return _norm(ext) == _norm(str(gold))


def evaluate_source(source, gold: dict, extraction: dict | None = None) -> Report:
    """Score one source's extraction against its gold annotations."""
    extraction = extraction or extract(source)
    text, report = source.text, Report()
    ext_by_key = {e["key"]: e for e in extraction["entities"]}
    gold_by_id = {g["id"]: g for g in gold["entities"]}
    links = {k: {g["id"] for g in gold["entities"] if _matches(e, g, text)} for k, e in ext_by_key.items()}
    for cls in sorted({GOLD_TYPE.get(g["type"], g["type"]) for g in gold["entities"]} | {e["type"] for e in ext_by_key.values()}):
        preds = [k for k, e in ext_by_key.items() if e["type"] == cls]
        golds = [g["id"] for g in gold["entities"] if GOLD_TYPE.get(g["type"], g["type"]) == cls]
        found = set().union(*(links[k] for k in preds)) if preds else set()
        report.entities[cls] = Score(sum(1 for k in preds if links[k]), len(preds),
                                     sum(1 for g in golds if g in found), len(golds))
    gold_rel = defaultdict(list)
    for s, p, o in gold.get("relations", []):
        if p in RELATIONS:
            predicate = RELATIONS[p]
            if p == "agency" and gold_by_id.get(s, {}).get("type") == "Incident":
                predicate = "agencyInvolved"  # an incident's agency is the one involved in it
            gold_rel[(s, predicate)].append(o)
    hits = set()
    facts = [f for f in extraction["facts"] if f["predicate"] in PREDICATES]
    for f in facts:
        ok = False
        for gs in links.get(f["subject"], ()):
            for o in gold_rel.get((gs, f["predicate"]), []):
                matched = (o in gold_by_id and o in links.get(f["object"], ())) or (
                    o not in gold_by_id and f["kind"] != "entity" and _literal_equal(f["predicate"], f["object"], o))
                if matched:
                    ok = True
                    hits.add((gs, f["predicate"], str(o)))
        report.relations.tp_pred += ok
    report.relations.pred = len(facts)
    report.relations.gold = sum(len(v) for v in gold_rel.values())
    report.relations.tp_gold = len(hits)
    values = defaultdict(set)
    for f in extraction["facts"]:
        if f["predicate"] in ("actType", "modality"):
            values[(f["subject"], f["predicate"])].add(f["object"].split("/")[-1])
    for key, gids in links.items():
        for gid in gids:
            g = gold_by_id[gid]
            for name, predicate, wanted in (("act_type", "actType", g.get("act_type")), ("modality", "modality", g.get("modality"))):
                if wanted and ext_by_key[key]["type"] in EVENT_TYPES:
                    got = values.get((key, predicate), set())
                    getattr(report, name)[0] += wanted.replace("_", "-") in got
                    getattr(report, name)[1] += 1
    return report


def evaluate(sources_dir: Path, gold_dir: Path) -> dict[str, Report]:
    """Scores for the tuning part, the held-out part and all sources with gold."""
    reports = {"tuning": Report(), "held-out": Report(), "all": Report()}
    for path in sorted(Path(gold_dir).glob("*.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = load_source(Path(sources_dir) / path.stem)
        report = evaluate_source(source, gold)
        reports["held-out" if path.stem in HELD_OUT else "tuning"].add(report)
        reports["all"].add(report)
    return reports
