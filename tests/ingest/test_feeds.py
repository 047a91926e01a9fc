"""Feed polling: no flood on the first poll, new entries only, ETag/304, back-off, restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.ingest.feeds import FeedPoller
from bot.ingest.pipeline import IngestService
from tests.helpers import FakeClock
from tests.ingest.conftest import Site

INTERVAL = timedelta(minutes=15)


# One event per story page, so that no two pages are clustered into one story.
SUBJECTS = (
    "a new roof for the swimming baths in Elmwood",
    "dredging the silted harbour channel before the regatta",
    "street lights powered by solar panels along the canal",
    "a tram depot on the old gasworks site",
    "free school meals for every pupil in the borough",
    "a ban on lorries crossing the medieval bridge at night",
    "rent caps for allotment gardeners",
    "replanting chestnut trees felled by the autumn storm",
    "a museum of local railway history in the station hall",
    "Sunday opening hours at the central library",
    "cycle lanes on the ring road",
    "a shelter for stray dogs at the edge of the industrial estate",
)


class FeedServer:
    """An RSS feed on the local site whose items the test changes between polls."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.items: list[tuple[str, str, datetime]] = []
        self.etag = '"1"'
        self.status = 200
        self.hits = 0
        self.conditional_hits = 0
        self.url = site.handle("/feed.xml", self.serve)

    def add(self, n: int, when: datetime, *, guid: str | None = None) -> None:
        """Add a story page and an item pointing at it."""
        slug = f"story-{n}"
        subject = SUBJECTS[n % len(SUBJECTS)].capitalize()
        self.site.page(
            f"/{slug}",
            f"<html><head><title>{subject}</title></head><body><article><h1>{subject}</h1>"
            f"<p>{subject}: the council voted on item {n} of its agenda.</p></article>"
            "</body></html>",
        )
        self.items.append((guid or slug, self.site.url(f"/{slug}"), when))
        self.etag = f'"{len(self.items)}-{guid}"'

    async def serve(self, request: web.Request) -> web.StreamResponse:
        self.hits += 1
        if self.status != 200:
            return web.Response(status=self.status, text="down")
        if request.headers.get("If-None-Match") == self.etag:
            self.conditional_hits += 1
            return web.Response(status=304, headers={"ETag": self.etag})
        items = "".join(
            f"<item><title>Story {guid}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{guid}</guid>'
            f"<pubDate>{when.strftime('%a, %d %b %Y %H:%M:%S GMT')}</pubDate></item>"
            for guid, link, when in self.items
        )
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Council News</title>'
            f"{items}</channel></rss>"
        )
        return web.Response(
            body=body.encode(), content_type="application/rss+xml", headers={"ETag": self.etag}
        )


@pytest.fixture
def feed(site: Site) -> FeedServer:
    server = FeedServer(site)
    base = datetime(2024, 10, 20, 8, 0, tzinfo=UTC)
    for n in range(10):
        server.add(n, base + timedelta(hours=n))
    return server


def make_poller(
    service: IngestService, feed: FeedServer, clock: FakeClock, tmp_path: Path
) -> FeedPoller:
    return FeedPoller(
        service,
        feeds=[feed.url],
        state_path=tmp_path / "data" / "feeds-state.json",
        interval=INTERVAL,
        initial_entries=3,
        max_backoff=timedelta(hours=2),
        clock=clock,
    )


def created_titles(service: IngestService) -> set[str]:
    return {
        p.stem.split("-story-")[-1].rsplit("-", 1)[0] for p in service.briefings_dir.glob("*.yaml")
    }


async def test_first_poll_ingests_only_the_newest_three(
    service: IngestService, feed: FeedServer, clock: FakeClock, tmp_path: Path
) -> None:
    """A new feed with ten items creates three briefings, the newest ones."""
    poller = make_poller(service, feed, clock, tmp_path)
    results = await poller.poll_due()
    assert [r.outcome for r in results] == ["created"] * 3
    assert created_titles(service) == {"7", "8", "9"}
    state = poller.state(feed.url)
    assert state is not None
    assert len(state.seen) == 10


async def test_later_polls_ingest_only_new_entries_when_due(
    service: IngestService, feed: FeedServer, clock: FakeClock, tmp_path: Path
) -> None:
    """After the first poll only new items are ingested, and only once the interval passed."""
    poller = make_poller(service, feed, clock, tmp_path)
    await poller.poll_due()
    feed.add(10, datetime(2024, 10, 21, 9, 0, tzinfo=UTC))
    assert await poller.poll_due() == []  # not due yet
    clock.advance(INTERVAL)
    results = await poller.poll_due()
    assert [(r.outcome, r.source) for r in results] == [("created", feed.site.url("/story-10"))]


async def test_etag_gives_304_and_survives_a_restart(
    service: IngestService, feed: FeedServer, clock: FakeClock, tmp_path: Path
) -> None:
    """The ETag is sent back; a restarted poller reads it from the state file."""
    await make_poller(service, feed, clock, tmp_path).poll_due()
    clock.advance(INTERVAL)
    restarted = make_poller(service, feed, clock, tmp_path)
    assert await restarted.poll_due() == []
    assert feed.conditional_hits == 1
    assert len(list(service.briefings_dir.glob("*.yaml"))) == 3


async def test_changed_ids_and_dates_do_not_duplicate_stories(
    service: IngestService, feed: FeedServer, clock: FakeClock, tmp_path: Path
) -> None:
    """A feed that re-issues its items with new guids and dates makes no new briefings."""
    poller = make_poller(service, feed, clock, tmp_path)
    await poller.poll_due()
    later = datetime(2024, 10, 25, 8, 0, tzinfo=UTC)
    feed.items = [(f"v2-{guid}", link, later) for guid, link, _ in feed.items[-3:]]
    feed.etag = '"v2"'
    clock.advance(INTERVAL)
    results = await poller.poll_due()
    assert [r.outcome for r in results] == ["unchanged"] * 3
    assert len(list(service.briefings_dir.glob("*.yaml"))) == 3


async def test_errors_back_off_exponentially_up_to_the_cap(
    service: IngestService, feed: FeedServer, clock: FakeClock, tmp_path: Path
) -> None:
    """Failures wait 30 min, 1 h, then the 2 h cap; a success resets the interval."""
    feed.status = 500
    poller = make_poller(service, feed, clock, tmp_path)
    waits = []
    for _ in range(3):
        await poller.poll_due()
        state = poller.state(feed.url)
        assert state is not None
        assert state.next_poll is not None
        waits.append(state.next_poll - clock.now())
        assert "HTTP 500" in (state.last_error or "")
        clock.current = state.next_poll
    assert waits == [timedelta(minutes=30), timedelta(hours=1), timedelta(hours=2)]
    feed.status = 200
    results = await poller.poll_due()
    assert len(results) == 3
    state = poller.state(feed.url)
    assert state is not None
    assert state.failures == 0
    assert state.next_poll == clock.now() + INTERVAL


async def test_a_failing_entry_is_retried_then_given_up(
    service: IngestService, feed: FeedServer, clock: FakeClock, tmp_path: Path
) -> None:
    """An item whose page keeps failing is retried on the next polls, then dropped."""
    poller = make_poller(service, feed, clock, tmp_path)
    await poller.poll_due()
    feed.items.append(("broken", feed.site.url("/gone"), datetime(2024, 10, 22, tzinfo=UTC)))
    feed.etag = '"broken"'
    outcomes = []
    for _ in range(4):
        clock.advance(INTERVAL)
        outcomes.append([r.outcome for r in await poller.poll_due()])
    assert outcomes == [["failed"], ["failed"], ["failed"], []]


async def test_set_feeds_adds_feeds_at_run_time(
    service: IngestService, feed: FeedServer, clock: FakeClock, tmp_path: Path
) -> None:
    """Feeds handed over later (e.g. from digests.yaml) are polled on the next round."""
    poller = make_poller(service, feed, clock, tmp_path)
    poller.set_feeds([])
    assert await poller.poll_due() == []
    poller.set_feeds([feed.url, feed.url])
    assert poller.feeds == [feed.url]
    assert len(await poller.poll_due()) == 3
