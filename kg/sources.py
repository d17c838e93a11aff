"""Articles as data: one folder per article in ``sources/``.

A source folder holds the text as collected (``article.txt`` or ``article.md``), its
metadata (``meta.yaml``) and, optionally, a person's corrections (``curation.yaml``).
The folder name is the source identifier and appears in IRIs, so it is restricted to
lowercase letters, digits and hyphens.

``meta.yaml`` keys: ``title`` (required), ``published`` (required: ``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``), ``published_inferred`` (how an undated article's date was
inferred), ``title_inferred``, ``publisher``, ``url``, ``language``, ``collected_from``,
``notes``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import SourceError

TEXT_NAMES = ("article.txt", "article.md")
META_NAME = "meta.yaml"
CURATION_NAME = "curation.yaml"
MAX_TEXT_BYTES = 5_000_000  # larger articles are refused: a news article is far smaller
META_KEYS = {
    "title", "title_inferred", "publisher", "url", "published", "published_inferred",
    "language", "collected_from", "notes",
}
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Source:
    """One article: its identifier, stored text, metadata and curation file."""

    id: str
    folder: Path
    text: str
    meta: dict
    curation_path: Path | None = None
    digest: str = field(default="", compare=False)

    @property
    def title(self) -> str:
        return self.meta["title"]

    @property
    def published(self) -> str:
        return str(self.meta["published"])

    @property
    def reference_date(self) -> dt.date:
        """The last day the article can have been written on, for resolving relative dates."""
        return latest_day(self.published)


def slugify(text: str, max_length: int = 50) -> str:
    """A lowercase ASCII slug, cut at a word boundary.

    >>> slugify("Russia Responds to Uzbekistan’s Concerns Over Police Treatment")
    'russia-responds-to-uzbekistans-concerns-over'
    """
    text = re.sub(r"['’‘`]", "", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > max_length:
        text = text[: max_length + 1].rsplit("-", 1)[0]
    return text


def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """Split ``YYYY[-MM[-DD]]`` and check that it names a real day, month or year."""
    match = PARTIAL_DATE.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a date of the form YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{value!r} has no month {month}")
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"{value!r} is not a real day") from None
    return year, month, day


def latest_day(value: str) -> dt.date:
    """The last day a partial date can stand for: ``2025-06`` → 2025-06-30."""
    year, month, day = parse_partial_date(value)
    if day is not None:
        return dt.date(year, month, day)
    if month is not None:
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(year, 12, 31)


def read_text(path: Path) -> str:
    """Read an article's text, refusing what is not usable UTF-8 text."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:  # checked before reading: a huge file never enters memory
        raise SourceError(path, f"the article is {size:,} bytes; the limit is {MAX_TEXT_BYTES:,}")
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(path, "the article is empty")
    if b"\x00" in data:
        raise SourceError(path, "this is a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SourceError(path, "the text is not UTF-8 (convert it, e.g. from windows-1251, "
                          "with iconv)", line) from None
    return text.removeprefix("\ufeff")


def read_meta(path: Path, today: dt.date | None = None) -> dict:
    """Read and check ``meta.yaml``."""
    if not path.is_file():
        raise SourceError(path, "metadata file is missing (it needs at least title and published)")
    try:
        # BaseLoader keeps every value a string: "2025-02-30" must reach our date check
        # (libyaml's when there is one: 0.03 ms a file instead of 0.36)
        meta = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise SourceError(path, f"YAML syntax error: {getattr(err, 'problem', err)}", line) from None
    except UnicodeDecodeError:
        raise SourceError(path, "the metadata is not UTF-8") from None
    if not isinstance(meta, dict):
        raise SourceError(path, "metadata must be a mapping of keys to values")
    unknown = sorted(set(map(str, meta)) - META_KEYS)
    if unknown:
        raise SourceError(path, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(META_KEYS))})")
    for key in ("title", "published"):
        if not meta.get(key):
            raise SourceError(path, f"missing {key!r}")
    try:
        parse_partial_date(meta["published"])
    except ValueError as err:
        raise SourceError(path, f"published: {err}") from None
    today = today or dt.date.today()
    if latest_day(meta["published"]) > today and parse_partial_date(meta["published"])[2]:
        raise SourceError(path, f"published: {meta['published']} is in the future")
    for key, value in meta.items():
        if not isinstance(value, (str, int, float)):
            raise SourceError(path, f"{key!r} must be a single value, not {type(value).__name__}")
        meta[key] = str(value)
    return meta


def load_source(folder: Path) -> Source:
    """Load one source folder."""
    folder = Path(folder)
    if not SOURCE_ID.match(folder.name):
        raise SourceError(folder, "a source folder name may hold only lowercase letters, digits and hyphens")
    text_path = next((folder / n for n in TEXT_NAMES if (folder / n).is_file()), None)
    if text_path is None:
        raise SourceError(folder, f"no article text ({' or '.join(TEXT_NAMES)})")
    text = read_text(text_path)
    meta = read_meta(folder / META_NAME)
    curation = folder / CURATION_NAME
    curation_bytes = curation.read_bytes() if curation.is_file() else b""
    digest = hashlib.sha256(
        b"\0".join([text.encode(), (folder / META_NAME).read_bytes(), curation_bytes])
    ).hexdigest()
    return Source(
        id=folder.name, folder=folder, text=text, meta=meta,
        curation_path=curation if curation.is_file() else None, digest=digest,
    )


def text_id(text: str) -> str:
    """A text's identity, ignoring spacing and case: two sources with one text id hold the same text."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().casefold().encode()).hexdigest()


def load_sources(sources_dir: Path) -> list[Source]:
    """Load every source folder, sorted by identifier."""
    sources_dir = Path(sources_dir)
    if not sources_dir.is_dir():
        raise SourceError(sources_dir, "no sources folder")
    folders = sorted(p for p in sources_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    sources = [load_source(f) for f in folders]
    seen: dict[str, str] = {}
    for source in sources:
        key = text_id(source.text)
        if key in seen:
            raise SourceError(source.folder, f"holds the same text as source {seen[key]!r}: remove one of them")
        seen[key] = source.id
    return sources
