"""The Slack publisher: digests with metadata, crash recovery, rate limits and no duplicates."""

from __future__ import annotations

import pytest
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.app import make_client
from bot.adapters.slack.publisher import SlackPublisher
from bot.core.ports import Target
from bot.core.reply import Reply, Section, Span, plain
from bot.errors import ChannelUnavailable, PlatformError, RateLimited
from tests.adapters.slack.conftest import slack_settings
from tests.fakes.slack import BOT_TOKEN, Channel, FakeSlack

TARGET = Target("slack", "C1", "T1")


def digest(sections: int = 2) -> Reply:
    """Return a small digest reply."""
    return Reply(
        "Your daily briefing",
        sections=tuple(
            Section(heading=(Span(f"Story {n}", "bold"),), lines=(plain("Something happened."),))
            for n in range(sections)
        ),
    )


def publisher_for(fake: FakeSlack) -> tuple[SlackPublisher, AsyncWebClient]:
    """Return a publisher whose client talks to the fake."""
    client = make_client(slack_settings(fake), BOT_TOKEN)

    async def client_for(workspace_id: str | None) -> AsyncWebClient:
        return client

    return SlackPublisher(client_for), client


async def test_digest_is_posted_with_its_key_and_found_again_after_a_crash(
    fake: FakeSlack,
) -> None:
    """Each page carries the delivery key, so recovery finds exactly those messages."""
    publisher, _ = publisher_for(fake)
    ids = await publisher.publish(TARGET, [digest(), digest(1)], key="sub-1:2024-10-31T08:00")
    messages = fake.channels["C1"].messages
    assert [m["ts"] for m in messages] == ids
    assert messages[1]["metadata"] == {
        "event_type": "briefbot_digest",
        "event_payload": {"key": "sub-1:2024-10-31T08:00", "page": 2},
    }
    assert await publisher.find_published(TARGET, "sub-1:2024-10-31T08:00") == ids
    assert await publisher.find_published(TARGET, "sub-1:2024-11-01T08:00") is None


async def test_rate_limited_post_waits_retry_after_then_posts_once(fake: FakeSlack) -> None:
    """A 429 is retried after Retry-After seconds and the digest appears exactly once."""
    publisher, _ = publisher_for(fake)
    fake.inject("chat.postMessage", "ratelimit", retry_after=1)
    await publisher.publish(TARGET, [digest()], key="k")
    attempts = [at for name, _, at in fake.calls if name == "chat.postMessage"]
    assert len(attempts) == 2
    assert attempts[1] - attempts[0] >= 1.0
    assert len(fake.channels["C1"].messages) == 1


async def test_persistent_rate_limit_becomes_rate_limited_error(fake: FakeSlack) -> None:
    """When Slack keeps answering 429, the scheduler gets RateLimited with the wait."""
    publisher, client = publisher_for(fake)
    client.retry_handlers = []  # no waiting in this test: the first 429 surfaces
    fake.inject("chat.postMessage", "ratelimit", retry_after=7)
    with pytest.raises(RateLimited) as caught:
        await publisher.publish(TARGET, [digest()], key="k")
    assert caught.value.retry_after == 7
    assert fake.channels["C1"].messages == []


async def test_lost_connection_after_post_is_not_retried(fake: FakeSlack) -> None:
    """If the answer to chat.postMessage is lost, the post is not repeated (no duplicate)."""
    publisher, client = publisher_for(fake)
    assert not any(isinstance(h, AsyncConnectionErrorRetryHandler) for h in client.retry_handlers)
    fake.inject("chat.postMessage", "disconnect")
    with pytest.raises(PlatformError):
        await publisher.publish(TARGET, [digest()], key="crash-key")
    assert fake.count("chat.postMessage") == 1
    assert len(fake.channels["C1"].messages) == 1
    # ...and recovery sees that the delivery went out.
    assert await publisher.find_published(TARGET, "crash-key") is not None


@pytest.mark.parametrize(
    ("channel", "error"),
    [
        (Channel("C404", "gone", archived=True), ChannelUnavailable),
        (Channel("C403", "secret", member=False, private=True), ChannelUnavailable),
    ],
)
async def test_unusable_channels_become_channel_unavailable(
    fake: FakeSlack, channel: Channel, error: type[Exception]
) -> None:
    """Archived channels and private channels without the bot pause the subscription."""
    fake.channels[channel.id] = channel
    publisher, _ = publisher_for(fake)
    with pytest.raises(error):
        await publisher.publish(Target("slack", channel.id, "T1"), [digest()], key="k")


async def test_unknown_channel_becomes_channel_unavailable(fake: FakeSlack) -> None:
    """A deleted channel is reported as unavailable, not retried forever."""
    publisher, _ = publisher_for(fake)
    with pytest.raises(ChannelUnavailable):
        await publisher.publish(Target("slack", "CNOPE", "T1"), [digest()], key="k")


async def test_long_digest_is_split_into_several_messages(fake: FakeSlack) -> None:
    """A digest too big for one Slack message is posted as numbered parts, none truncated."""
    publisher, _ = publisher_for(fake)
    ids = await publisher.publish(TARGET, [digest(30)], key="big")
    assert len(ids) > 1
    texts = " ".join(str(m["blocks"]) for m in fake.channels["C1"].messages)
    assert all(f"Story {n}*" in texts for n in range(30))
    assert await publisher.find_published(TARGET, "big") == ids
