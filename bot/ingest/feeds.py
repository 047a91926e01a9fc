"""Scheduled feed polling: conditional GET, per-feed back-off, and a first poll that does not flood.

State per feed (validators, entries seen, failures) lives in a :class:`FeedStore`:

* One process (the default): ``data_dir/feeds-state.json``, written atomically after every
  entry and every poll, so a restart neither re-ingests old entries nor forgets an ETag.
* Replicas sharing one library through PostgreSQL (``settings.shared_library``): the
  ``feed_states`` table, and a lease per feed in ``feed_leases`` so that exactly one replica
  polls a feed at a time. Before polling, a replica takes the feed's lease (or skips the feed
  this round while another live replica holds it), re-reads the feed's state (another replica
  may just have polled it, so "due" is decided on the fresh state), then ingests the new
  entries one at a time. After each entry it renews the lease and saves the state with that
  entry settled, in one transaction that only writes while the lease is still its own. A
  replica killed mid-poll thus leaves at most the entry in flight to redo once its lease
  expires (``feed_lease_seconds``), and redoing it is harmless: ingest ids are deterministic
  and the text-dedup index is shared. The feed's new ETag is saved only when every entry is
  done, so a poll cut short is repeated in full rather than answered by a 304.

First poll of a feed: every entry in it is recorded as seen and only the newest
``feed_initial_entries`` (default 3) are ingested. We chose a count rather than "the last
24 hours" because it does not depend on the feed's dates being right (many are not) and a
feed that posts fifty items a day still yields a short first batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import orjson
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.files import atomic_write
from bot.core.ports import Clock, SystemClock
from bot.db.tables import feed_leases, feed_states
from bot.errors import IngestError
from bot.ingest.pipeline import IngestResult, IngestService
from bot.ingest.sources import Feed, FeedEntry, read_feed
from bot.settings import Settings

log = logging.getLogger(__name__)

STATE_NAME = "feeds-state.json"
# Remembered entry keys per feed; far more than any feed shows at once.
MAX_SEEN = 2000
# An entry whose article keeps failing is given up after this many polls.
MAX_ENTRY_ATTEMPTS = 3
# The poll loop wakes at least this often, so feeds added at run time are picked up.
MAX_SLEEP_SECONDS = 60.0


@dataclass(slots=True)
class FeedState:
    """What we know about one feed between polls."""

    etag: str | None = None
    last_modified: str | None = None
    # False until the feed was read once; a feed that failed from the start is still new.
    initialised: bool = False
    seen: list[str] = field(default_factory=list)
    attempts: dict[str, int] = field(default_factory=dict)
    failures: int = 0
    last_error: str | None = None
    last_polled: datetime | None = None
    next_poll: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the state as JSON-ready data."""
        data = asdict(self)
        for key in ("last_polled", "next_poll"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FeedState:
        """Return the state stored as ``data`` (unknown keys ignored)."""
        state = cls()
        state.etag = data.get("etag")
        state.last_modified = data.get("last_modified")
        state.initialised = bool(data.get("initialised"))
        state.seen = [str(k) for k in data.get("seen") or []]
        state.attempts = {str(k): int(v) for k, v in (data.get("attempts") or {}).items()}
        state.failures = int(data.get("failures") or 0)
        state.last_error = data.get("last_error")
        for key in ("last_polled", "next_poll"):
            value = data.get(key)
            setattr(state, key, datetime.fromisoformat(value) if value else None)
        return state


class FeedStateStore:
    """Reads and atomically writes the feed state file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, FeedState]:
        """Return the state of every feed polled before (empty if there is no readable file)."""
        try:
            raw = orjson.loads(self.path.read_bytes())
        except FileNotFoundError:
            return {}
        except (OSError, orjson.JSONDecodeError) as exc:
            log.warning("feed state %s is unreadable (%s); starting afresh", self.path, exc)
            return {}
        feeds = raw.get("feeds") if isinstance(raw, dict) else None
        if not isinstance(feeds, dict):
            return {}
        states = {}
        for url, data in feeds.items():
            try:
                states[url] = FeedState.from_json(data)
            except (TypeError, ValueError, AttributeError):
                log.warning("ignoring unreadable state of feed %s", url)
        return states

    def save(self, states: dict[str, FeedState]) -> None:
        """Write every feed's state at once (temporary file + rename)."""
        payload = {"version": 1, "feeds": {url: s.to_json() for url, s in states.items()}}
        atomic_write(self.path, orjson.dumps(payload, option=orjson.OPT_INDENT_2))


class FeedStore(Protocol):
    """Where the poller keeps each feed's state, and who may poll a feed right now."""

    @property
    def lease(self) -> timedelta:
        """Return how long a lease lasts unless renewed."""
        ...

    def snapshot(self) -> dict[str, FeedState]:
        """Return the states known without a database round trip (for the first sleep)."""
        ...

    async def load(self, url: str) -> FeedState | None:
        """Return the feed's state as stored now, if it was polled before."""
        ...

    async def save(self, url: str, state: FeedState, owner: str, now: datetime) -> bool:
        """Renew ``owner``'s lease and store the state; False (nothing stored) if it was lost."""
        ...

    async def acquire(self, url: str, owner: str, now: datetime) -> bool:
        """Take the feed's lease if it is free, expired or already ``owner``'s."""
        ...

    async def release(self, url: str, owner: str) -> None:
        """Give up ``owner``'s lease (another replica's is left alone)."""
        ...

    async def lease_expiry(self, url: str) -> datetime | None:
        """Return when the feed's current lease expires unless renewed (None: no lease)."""
        ...


class FileFeedStore:
    """One process: state in ``feeds-state.json``; every lease is granted."""

    lease = timedelta(0)

    def __init__(self, path: Path) -> None:
        self.file = FeedStateStore(path)
        self.states = self.file.load()

    @property
    def path(self) -> Path:
        """Return the state file's path."""
        return self.file.path

    def snapshot(self) -> dict[str, FeedState]:
        """Return every state read from the file."""
        return dict(self.states)

    async def load(self, url: str) -> FeedState | None:
        """Return the feed's state (this process is the only writer: memory is current)."""
        return self.states.get(url)

    async def save(self, url: str, state: FeedState, owner: str, now: datetime) -> bool:
        """Store the state and rewrite the file (an unwritable file is logged, not raised)."""
        self.states[url] = state
        try:
            self.file.save(self.states)
        except OSError as exc:
            log.error("cannot save feed state to %s: %s", self.file.path, exc)
        return True

    async def acquire(self, url: str, owner: str, now: datetime) -> bool:
        """Grant the lease: no other process polls these feeds."""
        return True

    async def release(self, url: str, owner: str) -> None:
        """Nothing to release."""

    async def lease_expiry(self, url: str) -> datetime | None:
        """Return None: there are no leases."""
        return None


class DatabaseFeedStore:
    """Replicas: state in ``feed_states`` and one lease per feed in ``feed_leases``."""

    def __init__(self, engine: AsyncEngine, *, lease: timedelta) -> None:
        self.engine = engine
        self._lease = lease
        module: Any = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._insert = module.insert

    @property
    def lease(self) -> timedelta:
        """Return how long a lease lasts unless renewed."""
        return self._lease

    def snapshot(self) -> dict[str, FeedState]:
        """Return nothing: states are read fresh before each poll."""
        return {}

    async def load(self, url: str) -> FeedState | None:
        """Return the feed's state as the replicas last saved it."""
        async with self.engine.connect() as conn:
            result = await conn.execute(select(feed_states.c.state).where(feed_states.c.url == url))
            raw = result.scalar_one_or_none()
        if raw is None:
            return None
        try:
            return FeedState.from_json(orjson.loads(raw))
        except (orjson.JSONDecodeError, TypeError, ValueError, AttributeError):
            log.warning("ignoring unreadable state of feed %s", url)
            return None

    async def save(self, url: str, state: FeedState, owner: str, now: datetime) -> bool:
        """Renew the lease and store the state in one transaction, only while it is ours."""
        async with self.engine.begin() as conn:
            renewed = await conn.execute(
                update(feed_leases)
                .where(feed_leases.c.url == url, feed_leases.c.owner == owner)
                .values(expires_at=now + self._lease)
            )
            if renewed.rowcount == 0:
                return False
            data = orjson.dumps(state.to_json()).decode()
            statement = self._insert(feed_states).values(url=url, state=data, updated_at=now)
            statement = statement.on_conflict_do_update(
                index_elements=["url"], set_={"state": data, "updated_at": now}
            )
            await conn.execute(statement)
        return True

    async def acquire(self, url: str, owner: str, now: datetime) -> bool:
        """Insert the lease, or take it over when it expired or is already ours (atomic)."""
        until = now + self._lease
        statement = self._insert(feed_leases).values(url=url, owner=owner, expires_at=until)
        statement = statement.on_conflict_do_update(
            index_elements=["url"],
            set_={"owner": owner, "expires_at": until},
            where=(feed_leases.c.expires_at < now) | (feed_leases.c.owner == owner),
        ).returning(feed_leases.c.owner)
        async with self.engine.begin() as conn:
            row = (await conn.execute(statement)).first()
        return row is not None

    async def release(self, url: str, owner: str) -> None:
        """Delete the lease if it is still ``owner``'s."""
        async with self.engine.begin() as conn:
            await conn.execute(
                delete(feed_leases).where(feed_leases.c.url == url, feed_leases.c.owner == owner)
            )

    async def lease_expiry(self, url: str) -> datetime | None:
        """Return when the feed's current lease expires unless its owner renews it."""
        async with self.engine.connect() as conn:
            result = await conn.execute(
                select(feed_leases.c.expires_at).where(feed_leases.c.url == url)
            )
            expires: datetime | None = result.scalar_one_or_none()
        return expires


def default_owner() -> str:
    """Return an id for this process, unique among replicas (host, pid, random)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(4)}"


class FeedPoller:
    """Polls feeds on an interval and ingests their new entries through an IngestService."""

    def __init__(
        self,
        service: IngestService,
        *,
        feeds: Iterable[str] = (),
        state_path: Path | None = None,
        store: FeedStore | None = None,
        owner: str | None = None,
        interval: timedelta = timedelta(minutes=15),
        initial_entries: int = 3,
        max_backoff: timedelta = timedelta(hours=6),
        clock: Clock | None = None,
    ) -> None:
        if store is None:
            if state_path is None:
                raise TypeError("FeedPoller needs a state_path or a store")
            store = FileFeedStore(state_path)
        self.service = service
        self.store = store
        self.owner = owner or default_owner()
        self.interval = interval
        self.initial_entries = initial_entries
        self.max_backoff = max_backoff
        self.clock = clock or SystemClock()
        self._feeds: list[str] = []
        self.set_feeds(feeds)
        # The states as last read or written by this process (fresh ones are read to poll).
        self._states = store.snapshot()
        # Feeds whose lease another replica held: not tried again before this time.
        self._held_elsewhere: dict[str, datetime] = {}
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_settings(
        cls,
        service: IngestService,
        settings: Settings,
        *,
        clock: Clock | None = None,
        engine: AsyncEngine | None = None,
        owner: str | None = None,
    ) -> FeedPoller:
        """Return a poller for ``settings.feeds``.

        Its state is in the database when replicas share the library and ``engine`` is given,
        else in the data directory.
        """
        store: FeedStore
        if engine is not None and settings.shared_library:
            store = DatabaseFeedStore(engine, lease=timedelta(seconds=settings.feed_lease_seconds))
        else:
            if engine is None and settings.shared_library:
                log.warning("no database engine: feed state stays in %s", settings.data_dir)
            store = FileFeedStore(settings.data_dir / STATE_NAME)
        return cls(
            service,
            feeds=settings.feeds,
            store=store,
            owner=owner,
            interval=timedelta(minutes=settings.feed_interval_minutes),
            initial_entries=settings.feed_initial_entries,
            max_backoff=timedelta(minutes=settings.feed_max_backoff_minutes),
            clock=clock,
        )

    @property
    def feeds(self) -> list[str]:
        """Return the feed URLs being polled."""
        return list(self._feeds)

    def set_feeds(self, urls: Iterable[str]) -> None:
        """Replace the feeds to poll (e.g. settings.feeds plus those in digests.yaml)."""
        self._feeds = list(dict.fromkeys(u.strip() for u in urls if u.strip()))

    def state(self, url: str) -> FeedState | None:
        """Return what is known about a feed (as this process last read or wrote it)."""
        return self._states.get(url)

    def due(self, url: str, now: datetime) -> bool:
        """Return whether a feed should be polled now (by the state last read)."""
        state = self._states.get(url)
        return state is None or state.next_poll is None or state.next_poll <= now

    async def poll_due(self) -> list[IngestResult]:
        """Poll every feed that is due; return the results of the entries ingested."""
        results: list[IngestResult] = []
        for url in self.feeds:
            now = self.clock.now()
            held_until = self._held_elsewhere.get(url)
            if held_until is not None:
                if held_until > now:
                    continue
                del self._held_elsewhere[url]
            await self._refresh(url)
            if self.due(url, now):
                results.extend(await self._poll_leased(url, only_if_due=True))
        return results

    async def poll_feed(self, url: str) -> list[IngestResult]:
        """Poll one feed now (conditional GET) and ingest its new entries.

        Returns no results when another replica holds the feed's lease.
        """
        return await self._poll_leased(url, only_if_due=False)

    async def _refresh(self, url: str) -> FeedState | None:
        state = await self.store.load(url)
        if state is None:
            self._states.pop(url, None)
        else:
            self._states[url] = state
        return state

    async def _poll_leased(self, url: str, *, only_if_due: bool) -> list[IngestResult]:
        now = self.clock.now()
        if not await self.store.acquire(url, self.owner, now):
            log.debug("feed %s is being polled by another replica", url)
            # Not tried again before that lease runs out (or, if it just went, one lease).
            until = await self.store.lease_expiry(url)
            self._held_elsewhere[url] = until if until is not None else now + self.store.lease
            return []
        keeper = asyncio.create_task(self._keep_lease(url))
        try:
            # Read again under the lease: another replica may have polled it a moment ago.
            state = await self._refresh(url)
            if only_if_due and not self.due(url, self.clock.now()):
                return []
            return await self._poll(url, state or FeedState())
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
            try:
                await self.store.release(url, self.owner)
            except Exception as exc:  # the lease expires by itself
                log.warning("cannot release the lease of feed %s: %s", url, exc)

    async def _keep_lease(self, url: str) -> None:
        """Renew the lease every third of its length while a poll runs.

        One slow entry or a slow feed must not hand the feed to another replica while this
        one is alive.
        """
        period = self.store.lease.total_seconds() / 3
        if period <= 0:
            return  # the file store has no leases
        while True:
            await asyncio.sleep(period)
            try:
                if not await self.store.acquire(url, self.owner, self.clock.now()):
                    log.warning("lost the lease of feed %s; the next save stops the poll", url)
                    return
            except Exception as exc:  # the save after the entry notices a lost lease too
                log.warning("cannot renew the lease of feed %s: %s", url, exc)

    async def _poll(self, url: str, state: FeedState) -> list[IngestResult]:
        first = not state.initialised
        # Entries waiting for a retry need the full feed, so skip the conditional GET then.
        conditional = not state.attempts
        try:
            feed = await read_feed(
                self.service.fetcher,
                url,
                etag=state.etag if conditional else None,
                last_modified=state.last_modified if conditional else None,
            )
        except IngestError as exc:
            await self._failed(url, state, str(exc))
            return []
        results: list[IngestResult] = []
        if not feed.not_modified:
            todo = self._select(feed.entries, state, first)
            # Oldest first, so briefings are created in the order they were published.
            results, kept = await self._ingest(url, feed, state, list(reversed(todo)))
            if not kept:
                return results
            # The new validators only once every entry is done: a poll cut short is redone.
            state.etag, state.last_modified = feed.etag, feed.last_modified
            self._record(state, feed.entries, todo, results)
            state.initialised = True
        now = self.clock.now()
        state.failures, state.last_error = 0, None
        state.last_polled, state.next_poll = now, now + self.interval
        if not await self._save(url, state):
            log.warning("lost the lease of feed %s before saving its state", url)
        for result in results:
            log.info("feed %s: %s %s", url, result.outcome, result.briefing_id or result.reason)
        return results

    async def _ingest(
        self, url: str, feed: Feed, state: FeedState, entries: list[FeedEntry]
    ) -> tuple[list[IngestResult], bool]:
        """Ingest entries one at a time, saving progress after each; False if the lease was lost.

        The saved progress is a copy: ``state`` itself is settled by :meth:`_record` at the
        end, exactly as if the entries had been ingested at once.
        """
        progress = FeedState.from_json(state.to_json())
        results: list[IngestResult] = []
        for entry in entries:
            [result] = await self.service.ingest_entries(feed, [entry])
            results.append(result)
            self._settle(progress, entry.key, failed=result.failed)
            if not await self._save(url, progress):
                log.warning(
                    "lost the lease of feed %s mid-poll; another replica takes it over", url
                )
                return results, False
        return results, True

    def _select(self, entries: list[FeedEntry], state: FeedState, first: bool) -> list[FeedEntry]:
        # Seen entries are skipped on a first poll too: one cut short resumes where it stopped.
        seen = set(state.seen)
        if first:
            return [e for e in entries[: self.initial_entries] if e.key not in seen]
        return [e for e in entries if e.key not in seen]

    @staticmethod
    def _settle(state: FeedState, key: str, *, failed: bool) -> None:
        """Record one ingested entry: seen, or one more attempt (seen once given up)."""
        if failed:
            tries = state.attempts.get(key, 0) + 1
            if tries < MAX_ENTRY_ATTEMPTS:
                state.attempts[key] = tries
                return
        state.attempts.pop(key, None)
        state.seen = list(dict.fromkeys([*state.seen, key]))[-MAX_SEEN:]

    def _record(
        self,
        state: FeedState,
        entries: list[FeedEntry],
        todo: list[FeedEntry],
        results: list[IngestResult],
    ) -> None:
        failed = {e.key for e, r in zip(reversed(todo), results, strict=True) if r.failed}
        settled = []
        for entry in entries:
            if entry.key not in failed:
                state.attempts.pop(entry.key, None)
                settled.append(entry.key)
                continue
            tries = state.attempts.get(entry.key, 0) + 1
            if tries >= MAX_ENTRY_ATTEMPTS:
                log.warning("giving up on feed entry %s after %d attempts", entry.key, tries)
                state.attempts.pop(entry.key, None)
                settled.append(entry.key)
            else:
                state.attempts[entry.key] = tries
        state.seen = list(dict.fromkeys([*state.seen, *settled]))[-MAX_SEEN:]

    async def _failed(self, url: str, state: FeedState, reason: str) -> None:
        state.failures += 1
        delay = min(self.interval * (2**state.failures), self.max_backoff)
        now = self.clock.now()
        state.last_error = reason
        state.last_polled, state.next_poll = now, now + delay
        log.warning(
            "feed %s failed (%d in a row), next try in %s: %s", url, state.failures, delay, reason
        )
        if not await self._save(url, state):
            log.warning("lost the lease of feed %s before saving its state", url)

    async def _save(self, url: str, state: FeedState) -> bool:
        self._states[url] = state
        return await self.store.save(url, state, self.owner, self.clock.now())

    # --- running as a background task ----------------------------------------------------------

    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Poll due feeds until ``stop`` (or :meth:`stop`) is set."""
        stop = stop or self._stop
        while not stop.is_set() and not self._stop.is_set():
            try:
                await self.poll_due()
            except Exception:  # the poller must outlive any one bad poll
                log.exception("feed poll failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._sleep_seconds())

    def _sleep_seconds(self) -> float:
        now = self.clock.now()
        waits = []
        for url in self.feeds:
            state = self._states.get(url)
            wake = state.next_poll if state is not None and state.next_poll else now
            held_until = self._held_elsewhere.get(url)
            if held_until is not None:
                wake = max(wake, held_until)
            waits.append((wake - now).total_seconds())
        return min(max(min(waits, default=MAX_SLEEP_SECONDS), 1.0), MAX_SLEEP_SECONDS)

    def start(self) -> asyncio.Task[None]:
        """Start polling in a background task and return it."""
        if self._task is None or self._task.done():
            self._stop.clear()
            self._task = asyncio.create_task(self.run(), name="feed-poller")
        return self._task

    async def stop(self) -> None:
        """Stop the background task (an ingest in progress is cancelled; files stay whole)."""
        self._stop.set()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
