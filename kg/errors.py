"""Domain errors. The library raises them; only :mod:`kg.cli` turns them into messages."""


class KgError(Exception):
    """Base class: a problem the user can fix, described in one line."""

    def __init__(self, path, reason: str, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.reason = reason
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}" if where else self.reason


class SourceError(KgError):
    """An article or its metadata cannot be used."""


class CurationError(KgError):
    """A curation file is malformed or contradicts its article."""


class QueryError(KgError):
    """A query file is malformed, unknown, or given a bad parameter."""


class ShapeLoadError(KgError):
    """The SHACL shapes cannot be loaded."""


class BuildError(KgError):
    """The build cannot run or cannot write its outputs."""
