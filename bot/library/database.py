"""The shared library in PostgreSQL: the shelf ingest writes through when replicas share one.

Paths below the briefings directory are rows of ``library_files`` by their relative name;
any other path (the ingest index, the story clusterer's state) is a row of
``ingest_documents`` by its file name. Every write takes one advisory lock for the rest of
its transaction, so writers from all replicas run one at a time: revisions (from one
sequence) therefore commit in order, and a replica that has applied revision N has seen every
change up to N. The commit notifies :data:`CHANNEL` with the new revision.

The ingest pipeline is synchronous code run in worker threads; this shelf runs each query on
the event loop that opened it (``asyncio.run_coroutine_threadsafe``), through asyncpg.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine, Hashable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import asyncpg

from bot.core.models import Briefing
from bot.core.records import BriefingRecord, to_record
from bot.db.engine import open_database
from bot.errors import IngestError
from bot.library.records import RECORD_FORMAT, encode_row

CHANNEL = "briefbot_library"
# Any fixed number works: every replica's writers take the same lock.
WRITE_LOCK_ID = 4_242_018
SEQUENCE = "library_revision"

T = TypeVar("T")


def asyncpg_dsn(url: str) -> str:
    """Return a plain ``postgresql://`` DSN for a SQLAlchemy URL (``postgresql+asyncpg://``)."""
    scheme, _, rest = url.partition("://")
    return f"{scheme.split('+', 1)[0]}://{rest}"


async def next_revision(conn: asyncpg.Connection) -> int:
    """Return a new revision number (the caller holds the write lock)."""
    return int(await conn.fetchval(f"SELECT nextval('{SEQUENCE}')"))


async def lock_for_writing(conn: asyncpg.Connection) -> None:
    """Take the library's write lock until the current transaction ends."""
    await conn.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK_ID)


async def migrate_shared(url: str) -> None:
    """Bring the database's schema (the library's tables and sequence) up to date."""
    engine = await open_database(url)
    await engine.dispose()


async def put_file(
    conn: asyncpg.Connection,
    name: str,
    data: bytes | None,
    briefing: BriefingRecord | None,
    origin: str,
) -> int:
    """Insert, replace or (``data`` None) tombstone one library file; return its revision."""
    revision = await next_revision(conn)
    record = encode_row(briefing) if briefing is not None and data is not None else None
    await conn.execute(
        """
        INSERT INTO library_files
            (name, briefing_id, data, record, record_format, origin, revision, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (name) DO UPDATE SET
            briefing_id = EXCLUDED.briefing_id, data = EXCLUDED.data, record = EXCLUDED.record,
            record_format = EXCLUDED.record_format, origin = EXCLUDED.origin,
            revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at
        """,
        name,
        briefing.id if briefing is not None and data is not None else None,
        data,
        record,
        RECORD_FORMAT if record is not None else None,
        origin,
        revision,
        datetime.now(UTC),
    )
    await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, str(revision))
    return revision


class DatabaseShelf:
    """A :class:`bot.library.shelf.Shelf` over the shared library's tables."""

    on_disk = False

    def __init__(self, url: str, root: Path) -> None:
        self.url = url
        self.root = root
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pool: asyncpg.Pool | None = None
        self._local = threading.local()  # the open transaction's connection, per thread

    async def open(self) -> None:
        """Connect (once) on the running loop; later calls from worker threads run there."""
        if self._pool is not None:
            return
        try:
            await self._connect()
        except (OSError, asyncpg.PostgresError) as exc:
            raise IngestError(f"cannot reach the shared library's database: {exc}") from None

    async def _connect(self) -> None:
        await migrate_shared(self.url)
        self._loop = asyncio.get_running_loop()
        self._pool = await asyncpg.create_pool(asyncpg_dsn(self.url), min_size=1, max_size=4)

    async def close(self) -> None:
        """Close the connections."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await pool.close()

    # --- running queries from a worker thread ------------------------------------------------

    def _run(self, work: Coroutine[Any, Any, T]) -> T:
        loop = self._loop
        if loop is None or self._pool is None:
            work.close()
            raise RuntimeError("the database shelf is used before open()")
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:  # no loop in this thread: the worker thread it is meant for
            running = None
        if running is loop:
            work.close()
            raise RuntimeError("the database shelf blocks: call it from a worker thread")
        return asyncio.run_coroutine_threadsafe(work, loop).result()

    def _conn(self) -> Any:
        """Return the calling thread's open transaction, else the pool.

        Read here, in the worker thread: the coroutines run on the loop's thread, which has
        no transaction of its own.
        """
        conn = getattr(self._local, "conn", None)
        return conn if conn is not None else self._pool

    def _fetchrow(self, query: str, *args: Any) -> Any:
        return self._run(self._conn().fetchrow(query, *args))

    def _fetch(self, query: str, *args: Any) -> list[Any]:
        return list(self._run(self._conn().fetch(query, *args)))

    def _name(self, path: Path) -> str | None:
        """Return the library name of a path below the root (None: a state document)."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return None

    # --- the shelf -----------------------------------------------------------------------------

    def stamp(self, path: Path) -> Hashable | None:
        """Return the revision the file or document was last written at."""
        name = self._name(path)
        if name is None:
            query = "SELECT version FROM ingest_documents WHERE name = $1"
            key = path.name
        else:
            query = "SELECT revision FROM library_files WHERE name = $1 AND data IS NOT NULL"
            key = name
        row = self._fetchrow(query, key)
        return None if row is None else int(row[0])

    def read(self, path: Path) -> bytes | None:
        """Return the bytes of a library file or state document."""
        name = self._name(path)
        if name is None:
            query, key = "SELECT data FROM ingest_documents WHERE name = $1", path.name
        else:
            query, key = "SELECT data FROM library_files WHERE name = $1", name
        row = self._fetchrow(query, key)
        return None if row is None or row[0] is None else bytes(row[0])

    def write(self, path: Path, data: bytes, briefing: Briefing | None = None) -> None:
        """Store the bytes (a briefing file also stores its record and notifies replicas)."""
        self._run(self._write(getattr(self._local, "conn", None), path, data, briefing))

    def unlink(self, path: Path) -> None:
        """Tombstone a library file (replicas drop it) or delete a state document."""
        self._run(self._write(getattr(self._local, "conn", None), path, None, None))

    async def _write(
        self, conn: Any, path: Path, data: bytes | None, briefing: Briefing | None
    ) -> None:
        if conn is None:
            assert self._pool is not None  # noqa: S101 - _run checked it
            async with self._pool.acquire() as own, own.transaction():
                await self._write_on(own, path, data, briefing)
            return
        await self._write_on(conn, path, data, briefing)

    async def _write_on(
        self, conn: asyncpg.Connection, path: Path, data: bytes | None, briefing: Briefing | None
    ) -> None:
        await lock_for_writing(conn)  # re-entrant within one transaction
        name = self._name(path)
        if name is not None:
            if (
                data is None
                and await conn.fetchval(
                    "SELECT 1 FROM library_files WHERE name = $1 AND data IS NOT NULL", name
                )
                is None
            ):
                return
            record = to_record(briefing) if briefing is not None else None
            await put_file(conn, name, data, record, "ingest")
            return
        if data is None:
            await conn.execute("DELETE FROM ingest_documents WHERE name = $1", path.name)
            return
        await conn.execute(
            """
            INSERT INTO ingest_documents (name, data, version) VALUES ($1, $2, $3)
            ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data, version = EXCLUDED.version
            """,
            path.name,
            data,
            await next_revision(conn),
        )

    def stems(self, folder: Path) -> set[str]:
        """Return the stems of the live library files directly in ``folder``."""
        rows = self._fetch("SELECT name FROM library_files WHERE data IS NOT NULL")
        paths = (self.root / str(row[0]) for row in rows)
        return {path.stem for path in paths if path.parent == folder}

    def edited(self, folder: Path, since_ns: int, markers: tuple[bytes, ...]) -> list[Path]:
        """Return ingest's library files written after ``since_ns`` that carry a marker.

        Imported hand-written files are left out: the operator's file would stay in
        ``briefings/`` after the edit was applied and be imported (and applied) again.
        """
        since = datetime.fromtimestamp(since_ns / 1e9, UTC)
        rows = self._fetch(
            "SELECT name FROM library_files WHERE updated_at > $1 AND origin = 'ingest'"
            " AND data IS NOT NULL AND EXISTS"
            " (SELECT 1 FROM unnest($2::bytea[]) AS m WHERE position(m IN data) > 0)"
            " ORDER BY name",
            since,
            list(markers),
        )
        return [self.root / str(row[0]) for row in rows]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the body's reads and writes in one transaction under the write lock."""
        if getattr(self._local, "conn", None) is not None:
            yield  # already inside one: the outer transaction commits
            return
        conn, tx = self._run(self._begin())
        self._local.conn = conn
        try:
            yield
        except BaseException:
            self._local.conn = None
            self._run(self._end(conn, tx, commit=False))
            raise
        self._local.conn = None
        self._run(self._end(conn, tx, commit=True))

    async def _begin(self) -> tuple[asyncpg.Connection, Any]:
        assert self._pool is not None  # noqa: S101 - _run checked it
        conn = await self._pool.acquire()
        tx = conn.transaction()
        await tx.start()
        await lock_for_writing(conn)
        return conn, tx

    async def _end(self, conn: asyncpg.Connection, tx: Any, *, commit: bool) -> None:
        assert self._pool is not None  # noqa: S101 - _run checked it
        try:
            if commit:
                await tx.commit()
            else:
                await tx.rollback()
        finally:
            await self._pool.release(conn)
