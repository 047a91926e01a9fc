"""Scheduled feed polling: conditional GET, per-feed back-off, and a first poll that does not flood.

State per feed (validators, entries seen, failures) lives in ``data_dir/feeds-state.json``,
written atomically after every poll, so a restart neither re-ingests old entries nor forgets
an ETag.

First poll of a feed: every entry in it is recorded as seen and only the newest
``feed_initial_entries`` (default 3) are ingested. We chose a count rather than "the last
24 hours" because it does not depend on the feed's dates being right (many are not) and a
feed that posts fifty items a day still yields a short first batch.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from bot.core.files import atomic_write
from bot.core.ports import Clock, SystemClock
from bot.errors import IngestError
from bot.ingest.pipeline import IngestResult, IngestService
from bot.ingest.sources import FeedEntry, read_feed
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


class FeedPoller:
    """Polls feeds on an interval and ingests their new entries through an IngestService."""

    def __init__(
        self,
        service: IngestService,
        *,
        feeds: Iterable[str] = (),
        state_path: Path,
        interval: timedelta = timedelta(minutes=15),
        initial_entries: int = 3,
        max_backoff: timedelta = timedelta(hours=6),
        clock: Clock | None = None,
    ) -> None:
        self.service = service
        self.store = FeedStateStore(state_path)
        self.interval = interval
        self.initial_entries = initial_entries
        self.max_backoff = max_backoff
        self.clock = clock or SystemClock()
        self._feeds: list[str] = []
        self.set_feeds(feeds)
        self._states = self.store.load()
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @classmethod
    def from_settings(
        cls, service: IngestService, settings: Settings, *, clock: Clock | None = None
    ) -> FeedPoller:
        """Return a poller for ``settings.feeds`` with state in the data directory."""
        return cls(
            service,
            feeds=settings.feeds,
            state_path=settings.data_dir / STATE_NAME,
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
        """Return what is known about a feed, if it was polled before."""
        return self._states.get(url)

    def due(self, url: str, now: datetime) -> bool:
        """Return whether a feed should be polled now."""
        state = self._states.get(url)
        return state is None or state.next_poll is None or state.next_poll <= now

    async def poll_due(self) -> list[IngestResult]:
        """Poll every feed that is due; return the results of the entries ingested."""
        results: list[IngestResult] = []
        for url in self.feeds:
            if self.due(url, self.clock.now()):
                results.extend(await self.poll_feed(url))
        return results

    async def poll_feed(self, url: str) -> list[IngestResult]:
        """Poll one feed now (conditional GET) and ingest its new entries."""
        state = self._states.get(url) or FeedState()
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
            self._failed(url, state, str(exc))
            return []
        results: list[IngestResult] = []
        if not feed.not_modified:
            state.etag, state.last_modified = feed.etag, feed.last_modified
            todo = self._select(feed.entries, state, first)
            # Oldest first, so briefings are created in the order they were published.
            results = await self.service.ingest_entries(feed, list(reversed(todo)))
            self._record(state, feed.entries, todo, results)
            state.initialised = True
        now = self.clock.now()
        state.failures, state.last_error = 0, None
        state.last_polled, state.next_poll = now, now + self.interval
        self._states[url] = state
        self._save()
        for result in results:
            log.info("feed %s: %s %s", url, result.outcome, result.briefing_id or result.reason)
        return results

    def _select(self, entries: list[FeedEntry], state: FeedState, first: bool) -> list[FeedEntry]:
        if first:
            return entries[: self.initial_entries]
        seen = set(state.seen)
        return [e for e in entries if e.key not in seen]

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

    def _failed(self, url: str, state: FeedState, reason: str) -> None:
        state.failures += 1
        delay = min(self.interval * (2**state.failures), self.max_backoff)
        now = self.clock.now()
        state.last_error = reason
        state.last_polled, state.next_poll = now, now + delay
        self._states.setdefault(url, state)
        log.warning(
            "feed %s failed (%d in a row), next try in %s: %s", url, state.failures, delay, reason
        )
        self._save()

    def _save(self) -> None:
        try:
            self.store.save(self._states)
        except OSError as exc:
            log.error("cannot save feed state to %s: %s", self.store.path, exc)

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
        waits = [
            (state.next_poll - now).total_seconds()
            for url in self.feeds
            if (state := self._states.get(url)) is not None and state.next_poll is not None
        ]
        if any(url not in self._states for url in self.feeds):
            waits.append(0.0)
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
