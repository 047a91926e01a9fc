"""Keeps one replica's briefing library in step with the shared library in PostgreSQL.

At start the replica reads every live row once (the compact records, not the files, when it
runs the writer's version), then LISTENs on :data:`~bot.library.database.CHANNEL`. A
notification only wakes it: it then reads the rows above the last revision it applied, so a
burst of writes costs one query and one index swap, and a replica that was disconnected or
missed a notification catches up the same way (plus a look every ``poll_seconds`` as a
backstop). It never rescans the whole library after the start.

It also imports the replica's hand-written files: after every reload of ``briefings/``, each
new or changed file is written to the shared library (origin ``file``) so the other replicas
serve it too, and a file deleted while running is removed there. A file stays authoritative
for its id on the replica that has it: its own index prefers the file over any row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import asyncpg

from bot.core.records import BriefingRecord, PersonRecord
from bot.core.store import BriefingFileError, BriefingLibrary, paused_gc
from bot.ingest.stories.edits import MARKERS
from bot.library.database import (
    CHANNEL,
    asyncpg_dsn,
    lock_for_writing,
    migrate_shared,
    put_file,
)
from bot.library.records import RECORD_FORMAT, decode_row

log = logging.getLogger(__name__)

BATCH = 2000  # rows fetched per round trip when catching up
RECONNECT_SECONDS = (0.5, 1.0, 2.0, 5.0, 10.0)

_CHANGES = """
    SELECT name, revision, record, record_format,
           CASE WHEN record_format = $2 THEN NULL ELSE data END AS data,
           data IS NULL AS deleted
    FROM library_files WHERE revision > $1 ORDER BY revision LIMIT $3
"""


class LibraryFollower:
    """Applies the shared library's changes to a :class:`BriefingLibrary` and imports files."""

    def __init__(self, url: str, library: BriefingLibrary, *, poll_seconds: float = 30.0) -> None:
        self.url = url
        self.dsn = asyncpg_dsn(url)
        self.library = library
        self.poll_seconds = poll_seconds
        self.revision = 0  # every change up to this one is applied
        self.applied = 0  # rows applied since start (a metric for tests and benchmarks)
        self._wake = asyncio.Event()
        self._pool: asyncpg.Pool | None = None
        self._imported: set[str] = set()  # file names this process wrote to the library
        self._imports: asyncio.Task[Any] | None = None
        self._people: dict[Any, PersonRecord] = {}
        self._floats: dict[float, float] = {}

    async def start(self, *, import_files: bool = True) -> None:
        """Connect, load the whole shared library once and (by default) import local files."""
        await migrate_shared(self.url)
        self._pool = await asyncpg.create_pool(self.dsn, min_size=1, max_size=2)
        await self.catch_up()
        if import_files:
            await self.import_files()
            self.library.on_reload(self._files_changed)

    async def close(self) -> None:
        """Finish a running import and close the connections."""
        if self._imports is not None:
            with contextlib.suppress(Exception):
                await self._imports
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    # --- following changes ---------------------------------------------------------------------

    async def catch_up(self) -> int:
        """Apply every change above the last applied revision; return how many rows.

        Rows are read and decoded in batches, then applied together: one index build per
        catch-up, however many rows (100,000 at a replica's start) it brings.
        """
        changes: dict[str, BriefingRecord | None] = {}
        # Collector paused for the whole catch-up, as for a load of files: the records hold no
        # cycles, and passes over 100,000 young records awaiting the one index build cost
        # seconds (they are frozen once the index is swapped in).
        with paused_gc():
            total, revision = await self._read_changes(changes, self.revision)
            if total:
                await asyncio.to_thread(self.library.apply_shared, changes)
        if total:
            self.revision = revision
            self.applied += total
        return total

    async def _read_changes(
        self, changes: dict[str, BriefingRecord | None], revision: int
    ) -> tuple[int, int]:
        """Read and decode the rows above ``revision`` into ``changes``; return count, last.

        The next batch is fetched while this one is decoded (in a worker thread, so commands
        keep being answered): at a replica's start the two take about as long as each other.
        """
        assert self._pool is not None  # noqa: S101 - start() opened it
        total = 0
        rows = await self._pool.fetch(_CHANGES, revision, RECORD_FORMAT, BATCH)
        while rows:
            decoding = asyncio.ensure_future(asyncio.to_thread(self._decode, rows))
            revision = int(rows[-1]["revision"])
            total += len(rows)
            try:
                more = len(rows) == BATCH
                rows = (
                    await self._pool.fetch(_CHANGES, revision, RECORD_FORMAT, BATCH) if more else []
                )
            finally:
                changes.update(await decoding)
        return total, revision

    def _decode(self, rows: list[Any]) -> dict[str, BriefingRecord | None]:
        changes: dict[str, BriefingRecord | None] = {}
        for row in rows:
            name = str(row["name"])
            if row["deleted"]:
                changes[name] = None
                continue
            try:
                changes[name] = decode_row(
                    name,
                    bytes(row["data"]) if row["data"] is not None else b"",
                    bytes(row["record"]) if row["record"] is not None else None,
                    row["record_format"],
                    self._people,
                    self._floats,
                )
            except (BriefingFileError, ValueError, TypeError, EOFError) as exc:
                log.warning("shared library: %s does not load here, skipped: %s", name, exc)
        return changes

    async def run(self, stop: asyncio.Event) -> None:
        """Listen for changes and apply them until ``stop`` is set, reconnecting as needed."""
        failures = 0
        while not stop.is_set():
            try:
                conn = await asyncpg.connect(self.dsn)
            except (OSError, asyncpg.PostgresError) as exc:
                delay = RECONNECT_SECONDS[min(failures, len(RECONNECT_SECONDS) - 1)]
                failures += 1
                log.warning("shared library: cannot listen (%s); retrying in %.1fs", exc, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
                continue
            try:
                await conn.add_listener(CHANNEL, self._notified)
                conn.add_termination_listener(self._notified)  # wake up to reconnect
                failures = 0
                await self._follow(conn, stop)
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("shared library: lost the connection (%s); reconnecting", exc)
            finally:
                with contextlib.suppress(Exception):
                    await conn.close()

    async def _follow(self, conn: asyncpg.Connection, stop: asyncio.Event) -> None:
        # Anything written while we were not listening is read now, by revision.
        self._wake.set()
        while not stop.is_set():
            if conn.is_closed():
                raise ConnectionError("the listening connection was closed")
            if self._wake.is_set():
                self._wake.clear()
                try:
                    await self.catch_up()
                except (OSError, asyncpg.PostgresError) as exc:
                    log.warning("shared library: catching up failed (%s)", exc)
            waiter = asyncio.ensure_future(self._wake.wait())
            stopper = asyncio.ensure_future(stop.wait())
            done, pending = await asyncio.wait(
                {waiter, stopper}, timeout=self.poll_seconds, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()
            if not done:
                self._wake.set()  # the backstop look

    def _notified(self, *_args: object) -> None:
        self._wake.set()

    # --- importing hand-written files --------------------------------------------------------

    def _files_changed(self) -> None:
        if self._imports is None or self._imports.done():
            self._imports = asyncio.get_running_loop().create_task(self._import_logged())
        else:  # an import is running: run another once it ends, to see this reload too
            running = self._imports
            self._imports = asyncio.get_running_loop().create_task(
                _after(running, self._import_logged)
            )

    async def _import_logged(self) -> None:
        """Import after a reload; a failure is logged, and the next reload tries again."""
        try:
            await self.import_files()
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("shared library: importing briefings/ failed (%s); retried on change", exc)

    async def import_files(self) -> int:
        """Write new or changed local files to the shared library; return how many changed."""
        assert self._pool is not None  # noqa: S101 - start() opened it
        shared = self.library.shared
        wanted: list[tuple[str, bytes, BriefingRecord]] = []
        present: set[str] = set()
        for path, entry in list(self.library.entries.items()):
            name = entry.name or Path(path).name
            present.add(name)
            held = shared.get(name)
            if held == entry.briefing:
                continue
            try:
                data = await asyncio.to_thread(Path(path).read_bytes)
            except OSError as exc:
                log.warning("shared library: cannot import %s: %s", path, exc)
                continue
            if any(marker in data for marker in MARKERS):
                log.warning(
                    "%s: merge_into/split edits are not applied with a shared library"
                    " (docs/self-hosting.md#several-replicas)",
                    path,
                )
            wanted.append((name, data, entry.briefing))
        gone = sorted(self._imported - present)
        if not wanted and not gone:
            return 0
        async with self._pool.acquire() as conn, conn.transaction():
            await lock_for_writing(conn)
            for name, data, record in wanted:
                await put_file(conn, name, data, record, "file")
            for name in gone:
                origin = await conn.fetchval(
                    "SELECT origin FROM library_files WHERE name = $1 AND data IS NOT NULL", name
                )
                if origin == "file":
                    await put_file(conn, name, None, None, "file")
        self._imported.update(name for name, _, _ in wanted)
        self._imported.difference_update(gone)
        log.info("shared library: imported %d file(s), removed %d", len(wanted), len(gone))
        await self.catch_up()  # our own rows: the next import compares against them
        return len(wanted) + len(gone)


async def _after(first: asyncio.Task[Any], then: Callable[[], Any]) -> None:
    with contextlib.suppress(Exception):
        await first
    await then()
