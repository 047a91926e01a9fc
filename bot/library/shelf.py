"""The storage ingest writes through: a few file operations, on disk or in the shared library.

The ingest service and the story desk address briefings and their own state documents by
path. :class:`FileShelf` does what the paths say. The database shelf
(:mod:`bot.library.database`) keeps the same paths as names in PostgreSQL, so one pipeline
serves both a single process and replicas sharing one library.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Protocol

from bot.core.files import atomic_write
from bot.core.models import Briefing

BRIEFING_SUFFIXES = (".yaml", ".yml", ".json")


class Shelf(Protocol):
    """File operations by path; the database shelf must be called from a worker thread."""

    # Whether the paths are real files a user can open (not names in the shared library).
    on_disk: bool

    async def open(self) -> None:
        """Get ready (connect); called on the event loop before the first operation."""
        ...

    async def close(self) -> None:
        """Release what :meth:`open` took."""
        ...

    def stamp(self, path: Path) -> Hashable | None:
        """Return a token that changes whenever the file does (None: there is no such file)."""
        ...

    def read(self, path: Path) -> bytes | None:
        """Return the file's bytes (None: there is no such file)."""
        ...

    def write(self, path: Path, data: bytes, briefing: Briefing | None = None) -> None:
        """Replace the file atomically (``briefing``: what ``data`` validated as)."""
        ...

    def unlink(self, path: Path) -> None:
        """Remove the file if it exists."""
        ...

    def stems(self, folder: Path) -> set[str]:
        """Return the names, without suffix, of the files in ``folder``."""
        ...

    def edited(self, folder: Path, since_ns: int, markers: tuple[bytes, ...]) -> list[Path]:
        """Return briefing files changed after ``since_ns`` whose bytes hold one of markers."""
        ...

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Return a context in which every change commits together, or none does."""
        ...


class FileShelf:
    """The shelf of one process: plain files, replaced atomically."""

    on_disk = True

    async def open(self) -> None:
        """Do nothing: files need no connection."""

    async def close(self) -> None:
        """Do nothing."""

    def stamp(self, path: Path) -> Hashable | None:
        """Return the file's modification time and size."""
        try:
            stat = path.stat()
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def read(self, path: Path) -> bytes | None:
        """Return the file's bytes."""
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    def write(self, path: Path, data: bytes, briefing: Briefing | None = None) -> None:
        """Write through a temporary file and ``os.replace``."""
        atomic_write(path, data)

    def unlink(self, path: Path) -> None:
        """Remove the file."""
        path.unlink(missing_ok=True)

    def stems(self, folder: Path) -> set[str]:
        """Return the stems of the files in the folder."""
        try:
            return {p.stem for p in folder.iterdir()}
        except FileNotFoundError:
            return set()

    def edited(self, folder: Path, since_ns: int, markers: tuple[bytes, ...]) -> list[Path]:
        """Return the changed briefing files that carry a marker (a stat per file)."""
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except FileNotFoundError:
            return []
        found = []
        for entry in entries:
            if not entry.name.endswith(BRIEFING_SUFFIXES) or entry.name.startswith("."):
                continue
            try:
                if entry.stat().st_mtime_ns <= since_ns:
                    continue
                data = Path(entry.path).read_bytes()
            except OSError:
                continue
            if any(marker in data for marker in markers):
                found.append(Path(entry.path))
        return found

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Do nothing: each file is replaced atomically on its own."""
        yield
