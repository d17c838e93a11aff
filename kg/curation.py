"""A person's corrections to one source's extraction: ``sources/<id>/curation.yaml``.

The file has up to four lists, each item with an optional ``by``, ``date`` and ``why``
that the graph keeps as the fact's curation note::

    accept:                      # confirm an extracted fact (kept, marked curated)
      - {subject: person/maria-zakharova, predicate: state, object: state/russia, by: editor}
    reject:                      # drop an extracted fact
      - {subject: incident/raid-moscow-2025-06, predicate: date, object: "2025-06", why: wrong month}
    correct:                     # replace the object of an extracted fact
      - {subject: person/maria-zakharova, predicate: post, object: spokeswoman,
         value: Foreign Ministry spokeswoman, by: editor, date: 2026-11-20}
    add:                         # a fact extraction missed; its quote must be in the text
      - {subject: note/kyrgyzstan-to-russia-2025-04, type: Note, label: Kyrgyz protest note,
         predicate: sender, object: state/kyrgyzstan, kind: entity,
         quote: "a note of protest was handed"}

``subject`` and ``object`` of entities are IRI paths (what follows ``.../kg/id/``), as
``kg facts SOURCE`` prints them. Facts from this file are marked ``kg:curated true``.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from kg.errors import CurationError
from kg.sources import parse_partial_date

ITEM_KEYS = {
    "accept": {"subject", "predicate", "object", "by", "date", "why"},
    "reject": {"subject", "predicate", "object", "by", "date", "why"},
    "correct": {"subject", "predicate", "object", "value", "by", "date", "why"},
    "add": {"subject", "type", "label", "predicate", "object", "kind", "quote", "by", "date", "why"},
}
KINDS = {"entity", "string", "date", "integer", "concept", "quantity"}
KEY = re.compile(r"^[a-z]+(?:/[a-z0-9][a-z0-9-]*)+$")  # an IRI path: safe in any IRI


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors and aliases (no "billion laughs")."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in curation files", event.start_mark)
        return super().compose_node(parent, index)


def load_curation(path: Path | None) -> dict:
    """Read and check a curation file; an absent file is an empty curation."""
    if path is None or not Path(path).is_file():
        return {section: [] for section in ITEM_KEYS}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CurationError(path, "the curation file is not UTF-8") from None
    return load_curation_text(text, path)


def load_curation_text(text: str, path: Path | None = None) -> dict:
    """Parse and check curation YAML; ``path`` is named in errors."""
    try:
        data = yaml.load(text, Loader=_NoAliasLoader) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        raise CurationError(path, f"YAML error: {getattr(err, 'problem', None) or err}",
                            mark.line + 1 if mark else None) from None
    if not isinstance(data, dict):
        raise CurationError(path, "a curation file is a mapping with reject, correct and add lists")
    unknown = sorted(set(data) - set(ITEM_KEYS))
    if unknown:
        raise CurationError(path, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(ITEM_KEYS))})")
    result = {}
    for section, keys in ITEM_KEYS.items():
        items = data.get(section) or []
        if not isinstance(items, list):
            raise CurationError(path, f"{section}: must be a list")
        for i, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise CurationError(path, f"{section} item {i}: must be a mapping")
            bad = sorted(set(item) - keys)
            if bad:
                raise CurationError(path, f"{section} item {i}: unknown key {bad[0]!r}")
            for required in ("subject", "predicate", "object"):
                if required not in item:
                    raise CurationError(path, f"{section} item {i}: missing {required!r}")
            if section == "add" and item.get("kind", "entity") not in KINDS:
                raise CurationError(path, f"add item {i}: kind must be one of {', '.join(sorted(KINDS))}")
            if section == "add" and not item.get("quote"):
                raise CurationError(path, f"add item {i}: a quote from the article is required")
            if section == "add":
                _check_add(path, i, {k: str(v) for k, v in item.items()})
        result[section] = [{k: str(v) for k, v in item.items()} for item in items]
    return result


def _check_add(path, i: int, item: dict):
    """An added fact must mint safe IRIs and well-typed literals."""
    kind = item.get("kind", "entity")
    if not KEY.match(item["subject"]):
        raise CurationError(path, f"add item {i}: subject {item['subject']!r} is not an IRI path like person/jane-doe")
    if kind in ("entity", "concept") and not KEY.match(item["object"]):
        raise CurationError(path, f"add item {i}: object {item['object']!r} is not an IRI path like state/russia")
    if kind == "date":
        try:
            parse_partial_date(item["object"])
        except ValueError as err:
            raise CurationError(path, f"add item {i}: {err}") from None
    if kind == "integer" and not re.fullmatch(r"-?\d+", item["object"]):
        raise CurationError(path, f"add item {i}: {item['object']!r} is not an integer")
    if kind == "quantity" and not re.fullmatch(r"\d+\|\d*\|[a-z ]+", item["object"]):
        raise CurationError(path, f"add item {i}: a quantity is written value|max|qualifier, e.g. 60||approximately")


def _note(item: dict) -> str:
    parts = [f"{k}: {item[k]}" for k in ("by", "date", "why") if item.get(k)]
    return "; ".join(parts) or "curated"


def apply_curation(extraction: dict, curation: dict, text: str, path: Path | None = None) -> dict:
    """Apply a curation to an extraction; return the curated extraction."""
    facts = list(extraction["facts"])
    entities = {e["key"]: dict(e) for e in extraction["entities"]}

    def same(fact, item):
        return (fact["subject"], fact["predicate"], fact["object"]) == (item["subject"], item["predicate"], item["object"])

    for i, item in enumerate(curation["accept"], 1):
        if not any(same(f, item) for f in facts):
            raise CurationError(path, f"accept item {i}: no such extracted fact "
                                      f"({item['subject']} {item['predicate']} {item['object']})")
        facts = [{**f, "curated": True, "note": _note(item)} if same(f, item) else f for f in facts]
    for i, item in enumerate(curation["reject"], 1):
        if not any(same(f, item) for f in facts):
            raise CurationError(path, f"reject item {i}: no such extracted fact "
                                      f"({item['subject']} {item['predicate']} {item['object']})")
        facts = [f for f in facts if not same(f, item)]
    for i, item in enumerate(curation["correct"], 1):
        matches = [f for f in facts if same(f, item)]
        if not matches:
            raise CurationError(path, f"correct item {i}: no such extracted fact "
                                      f"({item['subject']} {item['predicate']} {item['object']})")
        facts = [f for f in facts if not same(f, item)]
        for f in matches:
            facts.append({**f, "object": item.get("value", f["object"]), "curated": True,
                          "rule": "curation", "note": _note(item)})
    for i, item in enumerate(curation["add"], 1):
        start = text.find(item["quote"])
        if start < 0:
            raise CurationError(path, f"add item {i}: the quote is not in the article: {item['quote'][:60]!r}")
        span = [start, start + len(item["quote"])]
        if item["subject"] not in entities:
            if not item.get("type") or not item.get("label"):
                raise CurationError(path, f"add item {i}: new subject {item['subject']!r} needs type and label")
            entities[item["subject"]] = {"key": item["subject"], "type": item["type"], "label": item["label"],
                                         "aliases": [], "spans": [span], "rule": "curation", "modality": None}
        facts.append({"subject": item["subject"], "predicate": item["predicate"], "object": item["object"],
                      "kind": item.get("kind", "entity"), "start": span[0], "end": span[1],
                      "quote": item["quote"], "rule": "curation", "curated": True, "note": _note(item)})
    facts.sort(key=lambda f: (f["subject"], f["predicate"], f["object"], f["start"]))
    return {**extraction, "entities": sorted(entities.values(), key=lambda e: e["key"]), "facts": facts}
