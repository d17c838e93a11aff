"""``kg add``: put a new article into ``sources/`` with its metadata.

Plain text and Markdown are stored as they are. HTML is reduced to its main text with
trafilatura (offline), which also reads the title, date, site name and address from
the page. Metadata not given on the command line is inferred where the document
shows it (a first line that reads as a headline; a dateline such as "June 12, 2025"
near the top); where it cannot be, the error says which option to give.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from kg.errors import SourceError
from kg.extraction.dates import find_dates
from kg.project import Project
from kg.sources import load_sources, parse_partial_date, read_meta, read_text, slugify, text_id

SUFFIXES = {".txt", ".md", ".html", ".htm"}


@dataclass
class AddResult:
    source_id: str
    folder: Path
    meta: dict
    same_events_as: list[str]


def _from_html(path: Path) -> tuple[str, dict]:
    try:
        import trafilatura
    except ImportError:
        raise SourceError(path, "reading HTML needs trafilatura: pip install 'kg[html]'") from None
    html = _decode_html(path, path.read_bytes())
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text:
        raise SourceError(path, "no article text found in this page")
    meta = trafilatura.extract_metadata(html)
    found = {}
    if meta is not None:
        for key, attr in (("title", "title"), ("published", "date"), ("publisher", "sitename"), ("url", "url")):
            value = getattr(meta, attr, None)
            if value:
                found[key] = str(value)
    return text.strip() + "\n", found


# The HTML5 prescan's two ways of declaring a charset, within the first bytes of the page.
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _decode_html(path: Path, raw: bytes) -> str:
    """The page as text: UTF-8 (with or without a BOM), else the charset the page declares.

    Pages saved from Russian and Central Asian sites are often windows-1251; guessing
    an undeclared charset would garble names silently, so that is an error instead.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    declared = _DECLARED_CHARSET.search(raw[:4096])
    if declared is None:
        raise SourceError(path, "the page is not UTF-8 and declares no charset: save it as UTF-8")
    charset = declared.group(1).decode("ascii")
    try:
        return raw.decode(charset)
    except LookupError:
        raise SourceError(path, f"the page declares an unknown charset {charset!r}") from None
    except UnicodeDecodeError as err:
        raise SourceError(path, f"the page is not valid {charset} as it declares (byte {err.start})") from None


def _infer_title(text: str) -> str | None:
    first = next((line.strip(" #*") for line in text.splitlines() if line.strip()), "")
    if 10 <= len(first) <= 160 and not first.endswith((".", ",", ";", ":")):
        return first
    return None


def _infer_published(text: str) -> str | None:
    import datetime as dt

    head = "\n".join(text.splitlines()[:12])
    for date in find_dates(head, dt.date.today()):
        if date.precision == "day" and not date.inferred:
            return date.value
    return None


def add(project: Project, path: Path, *, url: str | None = None, title: str | None = None,
        publisher: str | None = None, published: str | None = None,
        published_inferred: str | None = None) -> AddResult:
    """Add the article at ``path`` as a new source folder; refuse a text already there."""
    path = Path(path)
    if path.suffix.lower() not in SUFFIXES:
        raise SourceError(path, f"unsupported file type {path.suffix or '(none)'}: use .txt, .md or .html")
    if not path.is_file():
        raise SourceError(path, "no such file")
    if path.suffix.lower() in (".html", ".htm"):
        text, found = _from_html(path)
    else:
        text, found = read_text(path), {}
    title = title or found.get("title") or _infer_title(text)
    if not title:
        raise SourceError(path, "cannot tell the title: give --title")
    published = published or found.get("published") or _infer_published(text)
    if not published:
        raise SourceError(path, "cannot tell when it was published: give --published YYYY-MM-DD (or YYYY-MM)")
    try:
        parse_partial_date(published)
    except ValueError as err:
        raise SourceError(path, f"--published: {err}") from None
    existing = load_sources(project.sources_dir) if project.sources_dir.is_dir() else []
    fingerprint = text_id(text)
    for source in existing:
        if text_id(source.text) == fingerprint:
            raise SourceError(path, f"the same text is already source {source.id!r} ({source.folder})")
    source_id = slugify(title)
    folder = project.sources_dir / source_id
    if folder.exists():
        raise SourceError(path, f"a source named {source_id!r} already exists; give another --title")
    meta = {"title": title, "publisher": publisher or found.get("publisher"), "url": url or found.get("url"),
            "published": published, "published_inferred": published_inferred}
    meta = {k: v for k, v in meta.items() if v}
    _write_source(project, folder, path, text, meta)
    return AddResult(source_id, folder, meta, same_events(project, source_id))


def _write_source(project: Project, folder: Path, original: Path, text: str, meta: dict):
    """Write the source folder whole, or not at all: its metadata passes a build's checks first."""
    tmp = project.sources_dir / f".{folder.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        (tmp / "article.txt").write_text(text, encoding="utf-8")
        if original.suffix.lower() in (".html", ".htm"):
            shutil.copyfile(original, tmp / "original.html")
        (tmp / "meta.yaml").write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100),
                                       encoding="utf-8")
        try:
            read_meta(tmp / "meta.yaml")  # the same checks a build applies ("published ... is in the future")
        except SourceError as err:
            raise SourceError(original, err.reason) from None
        os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def same_events(project: Project, source_id: str) -> list[str]:
    """Other sources that report at least one of the same events (so they will merge)."""
    from kg.build import extract_all

    extractions, _, _ = extract_all(project, load_sources(project.sources_dir))
    kinds = ("Incident", "Note", "CommunicativeAct", "Meeting")
    events = {sid: {e["key"] for e in ext["entities"] if e["type"] in kinds} for sid, ext in extractions.items()}
    return sorted(sid for sid, keys in events.items() if sid != source_id and keys & events[source_id])
