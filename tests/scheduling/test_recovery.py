"""Recovery on the real platforms: footer references on Discord, resumed multi-page digests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest
from discord.http import HTTPClient, Route
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.adapters.discord.publisher import DiscordPublisher, delivery_ref
from bot.core.ports import Target
from bot.core.reply import Reply, line_text, plain
from tests.fakes.discord import FakeDiscord
from tests.helpers import FakeClock
from tests.scheduling.helpers import Library, make_service, story, utc
from tests.scheduling.test_delivery import BERLIN_8AM, berlin_spec, setup

CHANNEL = 1_200_000_000_000_000_777
TARGET = Target("discord", str(CHANNEL), "1")
PAGES = [
    Reply("Digest", intro=(plain("page one"),), page=1, pages=2),
    Reply("Digest", intro=(plain("page two"),), page=2, pages=2),
]


@pytest.fixture
async def discord_fake() -> AsyncIterator[tuple[FakeDiscord, DiscordPublisher]]:
    """Return the fake Discord and a publisher on the real discord.py HTTP client."""
    fake = FakeDiscord()
    await fake.start()
    base = Route.BASE
    Route.BASE = fake.api_url
    http = HTTPClient(asyncio.get_running_loop())
    await http.static_login("fake-token")
    try:
        yield fake, DiscordPublisher(http)
    finally:
        await http.close()
        Route.BASE = base
        await fake.stop()


async def test_posted_digest_is_found_by_its_footer_reference_without_nonces(
    discord_fake: tuple[FakeDiscord, DiscordPublisher],
) -> None:
    """Discord never returns nonces when reading: recovery finds the pages by footer ref."""
    fake, publisher = discord_fake
    ids = await publisher.publish(TARGET, PAGES, key="d7-202503030800")
    footers = [m["embeds"][0]["footer"]["text"] for m in fake.messages[CHANNEL]]
    ref = delivery_ref("d7-202503030800")
    assert footers == [f"briefbot · ref {ref}/1 · Page 1/2", f"briefbot · ref {ref}/2 · Page 2/2"]
    # Someone (not a bot) quoting the footer does not count as our post.
    fake.messages[CHANNEL].append(
        {**fake.messages[CHANNEL][0], "id": "1", "author": {"id": "5", "username": "user"}}
    )
    assert await publisher.find_published(TARGET, "d7-202503030800") == ids
    assert await publisher.find_published(TARGET, "d7-202503040800") is None
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{fake.api_url}/channels/{CHANNEL}/messages") as response,
    ):
        assert not any("nonce" in m for m in await response.json())  # as on real Discord


async def test_partially_posted_digest_resumes_the_remaining_pages(engine: AsyncEngine) -> None:
    """Page 1 posted, then a 429: the remaining pages follow, page 1 is not posted again."""
    clock, publisher, library, service = await setup(engine)
    library.add(*(story(f"extra-{n}", "2025-03-03T05:30:00+00:00") for n in range(12)))
    await service.subscriptions.add(berlin_spec(), clock.now())
    publisher.failures = ["429-after-1"]
    clock.set(BERLIN_8AM + timedelta(seconds=1))
    await service.sweep()
    pages = [page for post in publisher.posts for page in post.pages]
    assert [page.page for page in pages] == [1, 2]  # each page once, in order
    headings = [line_text(s.heading) for page in pages for s in page.sections]
    assert len(headings) == len(set(headings)) == 13
    [delivery] = await service.deliveries.list()
    assert delivery.status == "sent"
    assert len(delivery.message_ids) == 2


@pytest.mark.parametrize(
    ("status", "times"),
    [(500, 1), (502, 2), (429, 1)],
)
async def test_platform_errors_from_the_fake_still_deliver_exactly_once(
    engine: AsyncEngine,
    discord_fake: tuple[FakeDiscord, DiscordPublisher],
    status: int,
    times: int,
) -> None:
    """5xx and 429 answers from Discord end in one posted digest, recorded as sent."""
    fake, discord_publisher = discord_fake
    clock = FakeClock(utc("2025-03-03T06:00:00+00:00"))
    library = Library(story("early-news", "2025-03-03T05:00:00+00:00"))
    service = await make_service(engine, clock, {"discord": discord_publisher}, library)
    await service.subscriptions.add(berlin_spec(str(CHANNEL)), clock.now())
    fake.fail_next("POST", f"/channels/{CHANNEL}/messages", status, times=times)
    clock.set(BERLIN_8AM + timedelta(seconds=1))
    for _ in range(5):  # a retry may be scheduled for a later sweep
        await service.sweep()
        clock.advance(seconds=30)
    assert len(fake.messages[CHANNEL]) == 1
    [delivery] = await service.deliveries.list()
    assert delivery.status == "sent"
    assert delivery.message_ids == (str(fake.messages[CHANNEL][0]["id"]),)


async def test_a_channel_that_keeps_refusing_is_paused(
    engine: AsyncEngine, discord_fake: tuple[FakeDiscord, DiscordPublisher]
) -> None:
    """Repeated 403s from Discord pause the subscription instead of piling up requests."""
    fake, discord_publisher = discord_fake
    clock = FakeClock(utc("2025-03-03T06:00:00+00:00"))
    library = Library(story("early-news", "2025-03-03T05:00:00+00:00"))
    service = await make_service(engine, clock, {"discord": discord_publisher}, library)
    await service.subscriptions.add(berlin_spec(str(CHANNEL)), clock.now())
    fake.fail_next("POST", f"/channels/{CHANNEL}/messages", 403, times=10, code=50001)
    for day in range(4):
        morning = BERLIN_8AM + timedelta(days=day)
        library.add(story(f"news-{day}", (morning - timedelta(hours=1)).isoformat()))
        clock.set(morning + timedelta(seconds=1))
        await service.sweep()
    refused = [r for r in fake.requests if r.method == "POST" and "/messages" in r.path]
    assert len(refused) == 2
    [sub] = await service.subscriptions.list()
    assert sub.paused
    assert fake.messages[CHANNEL] == []
