"""Writing the site: every file goes to a temporary folder as soon as it is made.

The folder sits beside the site (``.site.tmp-<pid>``) and is renamed into place once
complete, so a failed or killed publish leaves the previous site whole; an existing
folder is replaced only if an earlier ``kg publish`` wrote it (it holds ``.kg-site``).
Files are created exclusively, so two resources that map to the same file are an error
wherever they are written, including by forked page writers sharing the folder.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from kg.publishing.model import PublishError

MARKER = ".kg-site"
# Above this many files a replaced site is removed by a detached process: unlinking the
# 900,000 files of a 10,000-article site took two minutes here, after the new one was in place.
BACKGROUND_REMOVAL = 50_000


def check_replaceable(site_dir: Path) -> Path:
    """``site_dir`` resolved, if it is absent, empty or an earlier site; else PublishError."""
    site_dir = Path(site_dir).resolve()
    if site_dir.exists() and (not site_dir.is_dir() or (any(site_dir.iterdir()) and not (site_dir / MARKER).is_file())):
        raise PublishError(site_dir, f"exists and was not written by kg publish (no {MARKER}): not replacing it")
    return site_dir


class SiteWriter:
    """Files of one site under construction in ``tmp``; ``count`` is how many this process wrote."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.count = 0
        self._folders: set[str] = set()

    def _fd(self, path: str) -> int:
        folder = path.rpartition("/")[0]
        if folder and folder not in self._folders:
            os.makedirs(self.tmp / folder, exist_ok=True)
            self._folders.add(folder)
        try:
            fd = os.open(self.tmp / path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            raise PublishError(path, "two resources map to the same file") from None
        self.count += 1
        return fd

    def _create(self, path: str):
        return open(self._fd(path), "wb")

    def write(self, path: str, data: bytes | str):
        """One whole file (os.write without Python's file objects: a page costs four of these)."""
        view = memoryview(data.encode() if isinstance(data, str) else data)
        fd = self._fd(path)
        try:
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)

    def write_text(self, path: str, pieces):
        """Text made piece by piece (a template's ``generate()``), written as it comes."""
        with self._create(path) as handle:
            buffer: list[str] = []
            size = 0
            for piece in pieces:
                buffer.append(piece)
                size += len(piece)
                if size > 1 << 20:
                    handle.write("".join(buffer).encode())
                    buffer, size = [], 0
            handle.write("".join(buffer).encode())

    def gzip(self, path: str) -> "GzipDump":
        return GzipDump(self._create(path))


class GzipDump:
    """A gzip file written in pieces, with no name and mtime 0 (the same input gives the same bytes),
    that knows its size and SHA-256 when closed."""

    def __init__(self, handle):
        self.handle = handle
        self.sha256 = hashlib.sha256()
        self.bytes = 0
        self.zipped = gzip.GzipFile(filename="", mode="wb", fileobj=self, mtime=0, compresslevel=9)

    # the file-like side GzipFile writes its compressed bytes to
    def write(self, data) -> int:
        self.sha256.update(data)
        self.bytes += len(data)
        return self.handle.write(data)

    def flush(self):
        self.handle.flush()

    def add(self, data: bytes | str):
        if data:
            self.zipped.write(data.encode() if isinstance(data, str) else data)

    def close(self) -> tuple[int, str]:
        self.zipped.close()
        self.handle.close()
        return self.bytes, self.sha256.hexdigest()


class Staging:
    """The temporary folder of a site: :meth:`commit` renames it into place, :meth:`discard` removes it."""

    def __init__(self, site_dir: Path):
        self.site_dir = check_replaceable(site_dir)
        self.tmp = self._sibling("tmp", os.getpid())
        self.old = self._sibling("old", os.getpid())
        shutil.rmtree(self.tmp, ignore_errors=True)
        for leftover in self._leftovers("tmp"):  # of publishes killed before they finished
            remove(leftover, background=True)
        try:
            self.tmp.mkdir(parents=True)
        except OSError as err:
            raise PublishError(self.site_dir, f"cannot write the site: {err.strerror or err}") from None

    def _sibling(self, kind: str, pid: int) -> Path:
        return self.site_dir.with_name(f".{self.site_dir.name}.{kind}-{pid}")

    def _leftovers(self, kind: str) -> list[Path]:
        """Folders ``kind`` (tmp, old) of other publishes of this site whose process is gone."""
        prefix = f".{self.site_dir.name}.{kind}-"
        found = []
        for path in sorted(self.site_dir.parent.iterdir()) if self.site_dir.parent.is_dir() else []:
            pid = path.name[len(prefix):] if path.name.startswith(prefix) else ""
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                found.append(path)
        return found

    def commit(self, files: int = 0):
        """Put the new site in place of the old one, then remove the old one (``files``: about how many it has)."""
        moved = False
        try:
            check_replaceable(self.site_dir)  # it may have changed while the site was being made
            shutil.rmtree(self.old, ignore_errors=True)
            if self.site_dir.exists():
                os.replace(self.site_dir, self.old)
                moved = True
            os.replace(self.tmp, self.site_dir)
        except OSError as err:
            if moved and not self.site_dir.exists():
                os.replace(self.old, self.site_dir)  # put the previous site back
            self.discard()
            raise PublishError(self.site_dir, f"cannot write the site: {err.strerror or err}") from None
        except PublishError:
            self.discard()
            raise
        remove(self.old, background=files > BACKGROUND_REMOVAL)
        for leftover in self._leftovers("old"):  # of publishes whose remover was stopped
            remove(leftover, background=True)

    def discard(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


# The detached remover first renames the folder after itself (``.site.old-<its pid>``), so
# that a publish meanwhile sees a live process there, not a leftover to remove again.
_REMOVER = """import os, shutil, sys
path = sys.argv[1]
mine = path.rpartition("-")[0] + "-" + str(os.getpid())
try:
    os.rename(path, mine)
except OSError:
    mine = path
shutil.rmtree(mine, ignore_errors=True)
"""


def remove(folder: Path, background: bool = False):
    """Remove ``folder``, if there; ``background``: in a detached process, without waiting for it."""
    if not folder.exists():
        return
    if background:
        try:
            subprocess.Popen([sys.executable, "-c", _REMOVER, str(folder)], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            return
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


__all__ = ["GzipDump", "MARKER", "SiteWriter", "Staging", "check_replaceable", "remove"]
