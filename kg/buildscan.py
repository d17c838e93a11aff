"""Finding what changed since the last build, without reading unchanged sources.

``cache/index.json`` keeps, for each source, what the build knew of it: the stat of its
files, its digest, the identity of its text and its extraction's summary. A source whose
files still have that stat is not read again.
"""

from __future__ import annotations

import json
from pathlib import Path

from kg.errors import SourceError
from kg.project import Project
from kg.sources import CURATION_NAME, META_NAME, TEXT_NAMES, Source, load_source, load_sources

__all__ = ["INDEX", "scan_sources", "load_index", "file_stat", "file_stats", "refuse_duplicates"]

INDEX = "index.json"


def file_stat(path: Path) -> list | None:
    """What tells a file changed without reading it (None when it is missing)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def file_stats(folder: Path) -> list:
    text = next((folder / n for n in TEXT_NAMES if (folder / n).is_file()), None)
    return [text.name if text else None, file_stat(text) if text else None, file_stat(folder / META_NAME),
            file_stat(folder / CURATION_NAME)]


def load_index(cache_dir: Path) -> dict:
    try:
        index = json.loads((cache_dir / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"sources": {}}
    return index if isinstance(index.get("sources"), dict) else {"sources": {}}


def scan_sources(project: Project, index: dict) -> tuple[list[str], dict[str, Source]]:
    """Every source id in order, and the sources that must be read again.

    A source whose files have the stat they had when the index was written (inode,
    size, modification and change times) is not read; one whose stat changed is
    loaded and checked as :func:`kg.sources.load_sources` would; so is every source
    the index does not know. Files modified within a second of the last scan are read
    again, since their change could fall in the same clock tick (git's "racy" entries).
    """
    sources_dir = project.sources_dir
    if not sources_dir.is_dir():
        return [s.id for s in load_sources(sources_dir)], {}  # raises the usual error
    folders = sorted(p for p in sources_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    known = index.get("sources", {})
    racy_after = index.get("scanned_ns", 0) - 1_000_000_000
    ids, loaded = [], {}
    for folder in folders:
        entry = known.get(folder.name)
        stats = file_stats(folder) if entry else None
        fresh = entry and entry.get("text_id") and stats == entry.get("stat") and all(
            s is None or s[2] < racy_after for s in stats[1:] if isinstance(s, list))
        if not fresh:
            loaded[folder.name] = load_source(folder)
        ids.append(folder.name)
    return ids, loaded


def refuse_duplicates(project: Project, ids: list[str], entries: dict):
    seen: dict[str, str] = {}
    for sid in ids:
        key = entries[sid].get("text_id")
        if key is not None and key in seen:
            raise SourceError(project.sources_dir / sid,
                              f"holds the same text as source {seen[key]!r}: remove one of them")
        seen[key] = sid
