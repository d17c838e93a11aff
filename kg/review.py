"""Review one source's facts: ``kg facts``, and the commands that write its curation file."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from kg.build import _extract_one
from kg.curation import apply_curation, load_curation, load_curation_text
from kg.errors import CurationError, SourceError
from kg.extraction import extract
from kg.project import Project
from kg.sources import CURATION_NAME, load_source


def facts(project: Project, source_id: str) -> list[dict]:
    """Every fact of one source after curation, each with quote, rule and curation mark."""
    folder = project.sources_dir / source_id
    if not folder.is_dir():
        raise SourceError(folder, "no such source")
    extraction = _extract_one(load_source(folder))
    return [{"subject": f["subject"], "predicate": f["predicate"], "object": f["object"],
             "quote": f["quote"], "start": f["start"], "end": f["end"], "rule": f["rule"],
             "curated": bool(f.get("curated")), "note": f.get("note")} for f in extraction["facts"]]


def _curate(project: Project, source_id: str, section: str, item: dict) -> Path:
    """Append one decision to a source's curation file, after checking the fact exists."""
    folder = project.sources_dir / source_id
    if not folder.is_dir():
        raise SourceError(folder, "no such source")
    source = load_source(folder)
    key = (item["subject"], item["predicate"], item["object"])
    if section != "add" and not any((f["subject"], f["predicate"], f["object"]) == key
                                    for f in extract(source)["facts"]):
        raise CurationError(folder / CURATION_NAME, f"no such fact in {source_id}: {' '.join(key)}")
    path = folder / CURATION_NAME
    data = load_curation(path)
    data[section].append({k: v for k, v in item.items() if v})
    data = {k: v for k, v in data.items() if v}
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    apply_curation(_extract_one(source), load_curation_text(text, path), source.text, path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def accept(project: Project, source_id: str, subject: str, predicate: str, obj: str, **note) -> Path:
    """Confirm an extracted fact: it stays, marked as curated."""
    return _curate(project, source_id, "accept", {"subject": subject, "predicate": predicate, "object": obj, **note})


def reject(project: Project, source_id: str, subject: str, predicate: str, obj: str, **note) -> Path:
    """Drop an extracted fact from the graph."""
    return _curate(project, source_id, "reject", {"subject": subject, "predicate": predicate, "object": obj, **note})


def correct(project: Project, source_id: str, subject: str, predicate: str, obj: str, value: str, **note) -> Path:
    """Replace the object of an extracted fact."""
    return _curate(project, source_id, "correct",
                   {"subject": subject, "predicate": predicate, "object": obj, "value": value, **note})
