"""Publishing digests to channels: nonces, duplicate safety and error translation."""

from __future__ import annotations

import pytest

from bot.adapters.discord.client import DiscordService
from bot.adapters.discord.publisher import page_nonce
from bot.core.ports import Target
from bot.core.reply import Reply, plain
from bot.errors import ChannelUnavailable, PlatformError, RateLimited
from tests.fakes.discord import FakeDiscord

CHANNEL = 1_200_000_000_000_000_555
TARGET = Target("discord", str(CHANNEL), "1")
PAGES = [
    Reply("Digest", intro=(plain("page one @everyone"),), page=1, pages=2),
    Reply("Digest", intro=(plain("page two"),), page=2, pages=2),
]


async def test_publish_posts_each_page_once_and_finds_them_again(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """Pages are posted in order with nonces; find_published returns the same ids."""
    ids = await service.publisher.publish(TARGET, PAGES, key="sub-1:2024-10-31T08:00")
    posted = fake.messages[CHANNEL]
    assert [m["id"] for m in posted] == ids
    assert [m["nonce"] for m in posted] == [page_nonce("sub-1:2024-10-31T08:00", n) for n in (1, 2)]
    assert all(len(m["nonce"]) <= 25 for m in posted)
    assert "@everyone" not in str(posted[0]["embeds"])
    assert await service.publisher.find_published(TARGET, "sub-1:2024-10-31T08:00") == ids
    assert await service.publisher.find_published(TARGET, "sub-1:other") is None


async def test_republishing_the_same_key_does_not_duplicate(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """A retried delivery (same key) gets the same messages back, not new ones."""
    first = await service.publisher.publish(TARGET, PAGES, key="k")
    again = await service.publisher.publish(TARGET, PAGES, key="k")
    assert first == again
    assert len(fake.messages[CHANNEL]) == 2


async def test_server_error_retry_by_discord_py_does_not_duplicate(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """discord.py retries a 500; the enforced nonce keeps it to one message."""
    fake.fail_next("POST", f"/channels/{CHANNEL}/messages", 500)
    await service.publisher.publish(TARGET, PAGES[:1], key="k5")
    assert len(fake.messages[CHANNEL]) == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [(403, ChannelUnavailable), (404, ChannelUnavailable), (503, PlatformError)],
)
async def test_http_errors_become_briefbot_errors(
    fake: FakeDiscord, service: DiscordService, status: int, error: type[Exception]
) -> None:
    """403/404 mean the channel is unavailable; other failures are platform errors."""
    fake.fail_next("POST", "/messages", status)
    with pytest.raises(error):
        await service.publisher.publish(TARGET, PAGES[:1], key="k")


async def test_persistent_429_becomes_rate_limited(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """When Discord keeps answering 429 the publisher raises RateLimited."""
    fake.fail_next("POST", "/messages", 429, times=5, retry_after=0.01)
    with pytest.raises(RateLimited):
        await service.publisher.publish(TARGET, PAGES[:1], key="k")


async def test_connection_error_on_post_is_not_retried(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """A dropped connection during a POST fails once; nothing is re-sent blindly."""
    fake.fail_next("POST", "/messages", 0)
    with pytest.raises(PlatformError):
        await service.publisher.publish(TARGET, PAGES[:1], key="k")
    posts = [r for r in fake.requests if r.method == "POST" and "/messages" in r.path]
    assert len(posts) == 1


async def test_global_rate_limit_is_waited_out(service: DiscordService, fake: FakeDiscord) -> None:
    """With the fake's global limit on, every page still goes out exactly once."""
    fake.rate_limit_per_second = 3
    fake._window.clear()
    pages = [Reply("Digest", intro=(plain(f"p{n}"),)) for n in range(5)]
    await service.publisher.publish(TARGET, pages, key="burst")
    assert len(fake.messages[CHANNEL]) == 5
    assert any(r for r in fake.requests if r.method == "POST")
