"""Where a project's files are: one object passed to every command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """A kg project: a folder with ``sources/``, ``ontology/`` and ``queries/``.

    >>> p = Project.at(".")
    >>> p.sources_dir.name
    'sources'
    """

    root: Path
    out_dir: Path

    @classmethod
    def at(cls, root: str | Path = ".", out: str | Path | None = None) -> "Project":
        root = Path(root).resolve()
        out_dir = Path(out).resolve() if out else root / "build"
        return cls(root=root, out_dir=out_dir)

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "kg.ttl"

    @property
    def concepts_file(self) -> Path:
        return self.ontology_dir / "concepts.ttl"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def cache_dir(self) -> Path:
        return self.out_dir / "cache"
