"""Feed polling shared by replicas through PostgreSQL: one poller per feed at a time, shared state.

Each "replica" is an IngestService + FeedPoller pair with its own owner id; they share the
database (feed state and leases) and, as replicas sharing a library would, the briefings.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import open_database
from bot.db.tables import feed_leases
from bot.ingest.feeds import DatabaseFeedStore, FeedPoller, FeedState, FileFeedStore
from bot.ingest.pipeline import IngestService
from bot.settings import Settings
from tests.helpers import FakeClock
from tests.ingest.conftest import Site, simple_extractor
from tests.ingest.test_feeds import INTERVAL, FeedServer, created_titles

LEASE = timedelta(seconds=60)


@pytest.fixture
async def engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    """Return a migrated engine on the test's PostgreSQL database."""
    db = await open_database(postgres_url)
    yield db
    await db.dispose()


@pytest.fixture
def shared_settings(settings: Settings, postgres_url: str) -> Settings:
    """Return the ingest settings pointed at PostgreSQL, so feeds are shared."""
    return settings.model_copy(update={"database_url": postgres_url})


@pytest.fixture
def feed(site: Site) -> FeedServer:
    """Return a feed of ten items, served from the local site."""
    server = FeedServer(site)
    base = datetime(2024, 10, 20, 8, 0, tzinfo=UTC)
    for n in range(10):
        server.add(n, base + timedelta(hours=n))
    return server


@pytest.fixture
async def other_service(settings: Settings, clock: FakeClock) -> AsyncIterator[IngestService]:
    """Return a second replica's ingest service (same briefings, own process state)."""
    ingest = IngestService(settings, clock=clock, extractor=simple_extractor)
    yield ingest
    await ingest.close()


def replica(
    service: IngestService,
    settings: Settings,
    engine: AsyncEngine,
    clock: FakeClock,
    feed: FeedServer,
    owner: str,
) -> FeedPoller:
    """Return a poller built the way the app builds it, polling only ``feed``."""
    poller = FeedPoller.from_settings(service, settings, clock=clock, engine=engine, owner=owner)
    poller.set_feeds([feed.url])
    return poller


@pytest.fixture
def pair(
    service: IngestService,
    other_service: IngestService,
    shared_settings: Settings,
    engine: AsyncEngine,
    clock: FakeClock,
    feed: FeedServer,
) -> tuple[FeedPoller, FeedPoller]:
    """Return two replicas' pollers of ``feed`` on one database."""
    return (
        replica(service, shared_settings, engine, clock, feed, "replica-a"),
        replica(other_service, shared_settings, engine, clock, feed, "replica-b"),
    )


def gate_route(feed: FeedServer, path: str) -> tuple[asyncio.Event, asyncio.Event]:
    """Make ``path`` wait for the returned ``open`` event; ``entered`` is set on a request."""
    entered, open_ = asyncio.Event(), asyncio.Event()
    original = feed.site.routes[path]

    async def gated(request: web.Request) -> web.StreamResponse:
        entered.set()
        await open_.wait()
        return await original(request)

    feed.site.routes[path] = gated
    return entered, open_


@pytest.mark.postgres
async def test_from_settings_uses_the_database_only_when_shared(
    service: IngestService,
    settings: Settings,
    shared_settings: Settings,
    engine: AsyncEngine,
    clock: FakeClock,
) -> None:
    """A PostgreSQL deployment keeps feed state in the database; otherwise in the data dir."""
    shared = FeedPoller.from_settings(service, shared_settings, clock=clock, engine=engine)
    assert isinstance(shared.store, DatabaseFeedStore)
    assert shared.store.lease == timedelta(seconds=shared_settings.feed_lease_seconds)
    alone = FeedPoller.from_settings(service, settings, clock=clock, engine=engine)
    assert isinstance(alone.store, FileFeedStore)
    files = shared_settings.model_copy(update={"library_store": "files"})
    assert isinstance(FeedPoller.from_settings(service, files, engine=engine).store, FileFeedStore)


@pytest.mark.postgres
async def test_two_replicas_ingest_each_entry_once(
    service: IngestService,
    clock: FakeClock,
    feed: FeedServer,
    pair: tuple[FeedPoller, FeedPoller],
) -> None:
    """While one replica polls a feed the other skips it; together they ingest each entry once."""
    a, b = pair
    entered, open_ = gate_route(feed, "/story-7")
    polling = asyncio.create_task(a.poll_due())
    await asyncio.wait_for(entered.wait(), 10)  # A holds the lease, ingesting its first entry
    assert await b.poll_due() == []
    assert feed.hits == 1  # B did not even read the feed
    open_.set()
    assert [r.outcome for r in await polling] == ["created"] * 3

    base = datetime(2024, 10, 21, 8, 0, tzinfo=UTC)
    for n in range(10, 14):
        feed.add(n, base + timedelta(hours=n))
    clock.advance(INTERVAL)
    results_a, results_b = await asyncio.gather(a.poll_due(), b.poll_due())
    created = [r.source for r in [*results_a, *results_b] if r.outcome == "created"]
    assert sorted(created) == sorted(feed.site.url(f"/story-{n}") for n in range(10, 14))
    assert [] in (results_a, results_b)  # one replica polled, the other skipped or found it done
    assert created_titles(service) == {str(n) for n in (7, 8, 9, 10, 11, 12, 13)}


@pytest.mark.postgres
async def test_a_replica_uses_the_state_another_one_saved(
    service: IngestService,
    clock: FakeClock,
    feed: FeedServer,
    pair: tuple[FeedPoller, FeedPoller],
) -> None:
    """After A polled, B waits for the interval, then sends A's ETag and ingests nothing (304)."""
    a, b = pair
    assert len(await a.poll_due()) == 3
    assert await b.poll_due() == []  # not due: A polled it just now
    assert feed.hits == 1
    clock.advance(INTERVAL)
    assert await b.poll_due() == []
    assert feed.conditional_hits == 1
    state = b.state(feed.url)
    assert state is not None
    assert state.etag == feed.etag
    assert state.next_poll == clock.now() + INTERVAL
    assert len(list(service.briefings_dir.glob("*.yaml"))) == 3


@pytest.mark.postgres
async def test_a_feed_polled_just_before_the_lease_was_taken_is_not_polled_again(
    service: IngestService,
    feed: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
    pair: tuple[FeedPoller, FeedPoller],
) -> None:
    """B found the feed due, A polled it before B got the lease: B re-reads it and skips it."""
    a, b = pair
    acquire = b.store.acquire

    async def acquire_after_a_polled(url: str, owner: str, now: datetime) -> bool:
        assert len(await a.poll_due()) == 3
        return await acquire(url, owner, now)

    monkeypatch.setattr(b.store, "acquire", acquire_after_a_polled)
    assert await b.poll_due() == []
    assert feed.hits == 1
    assert created_titles(service) == {"7", "8", "9"}


@pytest.mark.postgres
async def test_a_live_lease_is_respected_and_an_expired_one_taken_over(
    service: IngestService,
    shared_settings: Settings,
    engine: AsyncEngine,
    clock: FakeClock,
    feed: FeedServer,
) -> None:
    """A feed leased by a live replica is left alone; once that lease expires it is polled."""
    async with engine.begin() as conn:
        await conn.execute(
            insert(feed_leases).values(
                url=feed.url, owner="live-replica", expires_at=clock.now() + timedelta(seconds=30)
            )
        )
    poller = replica(service, shared_settings, engine, clock, feed, "replica-a")
    assert await poller.poll_due() == []
    assert await poller.poll_feed(feed.url) == []  # polling on demand respects it too
    assert feed.hits == 0
    clock.advance(seconds=31)  # the other replica died without releasing its lease
    assert [r.outcome for r in await poller.poll_due()] == ["created"] * 3
    async with engine.connect() as conn:
        leases = (await conn.execute(select(feed_leases))).all()
    assert leases == []  # released after the poll


@pytest.mark.postgres
async def test_a_poll_cut_short_is_finished_by_another_replica(
    service: IngestService,
    feed: FeedServer,
    pair: tuple[FeedPoller, FeedPoller],
) -> None:
    """A replica stopped mid-poll leaves only the unfinished entries for the next one to ingest."""
    a, b = pair
    entered, open_ = gate_route(feed, "/story-8")
    polling = asyncio.create_task(a.poll_due())
    await asyncio.wait_for(entered.wait(), 10)  # story 7 is done, story 8 is in flight
    polling.cancel()
    with pytest.raises(asyncio.CancelledError):
        await polling
    open_.set()

    results = await b.poll_due()
    assert [(r.outcome, r.source) for r in results] == [
        ("created", feed.site.url(f"/story-{n}")) for n in (8, 9)
    ]
    assert created_titles(service) == {"7", "8", "9"}
    state = b.state(feed.url)
    assert state is not None
    assert state.initialised
    assert len(state.seen) == 10


@pytest.mark.postgres
async def test_a_replica_whose_lease_expired_cannot_write_over_the_new_owner(
    clock: FakeClock,
    feed: FeedServer,
    pair: tuple[FeedPoller, FeedPoller],
) -> None:
    """A stalled replica loses the feed when its lease expires, and its late save is refused."""
    a, b = pair
    assert await a.store.acquire(feed.url, "replica-a", clock.now())  # A took it, then stalled
    assert await b.poll_due() == []
    clock.advance(LEASE + timedelta(seconds=1))
    assert len(await b.poll_due()) == 3
    assert not await a.store.save(feed.url, FeedState(), "replica-a", clock.now())
    saved = await b.store.load(feed.url)
    assert saved is not None
    assert saved.initialised
    assert len(saved.seen) == 10


async def test_default_owner_ids_differ(tmp_path: Path) -> None:
    """Two pollers in one process get different owner ids, so they never share a lease."""
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    service = IngestService(settings)
    try:
        first = FeedPoller.from_settings(service, settings)
        second = FeedPoller.from_settings(service, settings)
    finally:
        await service.close()
    assert first.owner != second.owner
    assert len(first.owner) <= 64
