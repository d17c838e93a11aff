"""Review one source's facts: ``kg facts``, and the commands that write its curation file."""

from __future__ import annotations

from kg.build import _extract_one
from kg.errors import SourceError
from kg.project import Project
from kg.sources import load_source


def facts(project: Project, source_id: str) -> list[dict]:
    """Every fact of one source after curation, each with quote, rule and curation mark."""
    folder = project.sources_dir / source_id
    if not folder.is_dir():
        raise SourceError(folder, "no such source")
    extraction = _extract_one(load_source(folder))
    return [{"subject": f["subject"], "predicate": f["predicate"], "object": f["object"],
             "quote": f["quote"], "start": f["start"], "end": f["end"], "rule": f["rule"],
             "curated": bool(f.get("curated")), "note": f.get("note")} for f in extraction["facts"]]
