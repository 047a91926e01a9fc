"""Scheduled delivery: on time, once, after restarts, crashes, 429s, timeouts and 403s."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.reply import Reply, line_text
from bot.log import ContextFilter
from bot.scheduling.subscriptions import SubscriptionSpec, make_spec
from tests.helpers import FakeClock
from tests.scheduling.fakes import FakePublisher
from tests.scheduling.helpers import Library, make_service, make_settings, story, utc

BERLIN_8AM = utc("2025-03-03T07:00:00+00:00")  # 08:00 in Berlin (CET) on Monday 3 March


def berlin_spec(channel: str = "c1", **kw: Any) -> SubscriptionSpec:
    return make_spec(
        platform="discord",
        channel_id=channel,
        workspace_id="g1",
        at="08:00",
        tz="Europe/Berlin",
        **kw,
    )


async def setup(engine: AsyncEngine, *, start: str = "2025-03-03T06:00:00+00:00", **kw: object):
    clock = FakeClock(utc(start))
    publisher = FakePublisher(clock=clock)
    library = Library(story("early-news", "2025-03-03T05:00:00+00:00"))
    service = await make_service(engine, clock, {"discord": publisher}, library, **kw)  # type: ignore[arg-type]
    return clock, publisher, library, service


async def test_digest_arrives_once_at_the_channels_local_time(engine: AsyncEngine) -> None:
    """A Berlin 08:00 subscription posts at 07:00 UTC, once, with the new story."""
    clock, publisher, _library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    await service.sweep()
    assert publisher.posts == []
    clock.set(BERLIN_8AM + timedelta(seconds=1))
    await service.sweep()
    await service.sweep()
    assert len(publisher.posts) == 1
    post = publisher.posts[0]
    assert post.key.startswith("d1-202503030800")
    assert post.target.channel_id == "c1"
    assert "Story early-news" in line_text(post.pages[0].sections[0].heading)
    [delivery] = await service.deliveries.list()
    assert (delivery.status, delivery.slot_key) == ("sent", "2025-03-03T08:00")
    assert delivery.message_ids == tuple(post.ids)


async def test_next_digest_holds_only_stories_since_the_last_one(engine: AsyncEngine) -> None:
    """The second day's digest has the story added after the first, not the first again."""
    clock, publisher, library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    clock.set(BERLIN_8AM)
    await service.sweep()
    library.add(story("later-news", "2025-03-03T12:00:00+00:00"))
    clock.set(BERLIN_8AM + timedelta(days=1))
    await service.sweep()
    assert len(publisher.posts) == 2
    titles = [line_text(s.heading) for s in publisher.posts[1].pages[0].sections]
    assert titles == ["Story later-news"]


async def test_restart_sends_a_missed_slot_once_within_grace(engine: AsyncEngine) -> None:
    """Down at 08:00, back at 08:40: the digest goes out once, even after another restart."""
    clock, publisher, library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    clock.set(BERLIN_8AM + timedelta(minutes=40))
    restarted = await make_service(engine, clock, {"discord": publisher}, library, owner="b")
    await restarted.sweep()
    again = await make_service(engine, clock, {"discord": publisher}, library, owner="c")
    await again.sweep()
    assert len(publisher.posts) == 1


async def test_slot_missed_beyond_grace_is_recorded_as_skipped(engine: AsyncEngine) -> None:
    """Back 90 minutes late with a 60-minute grace: nothing is sent and the slot says why."""
    clock, publisher, _library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    clock.set(BERLIN_8AM + timedelta(minutes=90))
    await service.sweep()
    assert publisher.posts == []
    [delivery] = await service.deliveries.list()
    assert delivery.status == "skipped"
    assert "grace 60 min" in (delivery.reason or "")


async def test_worker_dying_after_claim_is_taken_over_after_the_lease(engine: AsyncEngine) -> None:
    """A claimed row whose worker vanished is sent by another worker once the lease ends."""
    clock, publisher, library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    clock.set(BERLIN_8AM)
    await service.plan(clock.now())
    claimed = await service.deliveries.claim(
        "dead", clock.now(), service.lease, platforms=["discord"], limit=10
    )
    assert len(claimed) == 1
    other = await make_service(engine, clock, {"discord": publisher}, library, owner="b")
    await other.sweep()
    assert publisher.posts == []  # the lease still holds
    clock.advance(seconds=61)
    await other.sweep()
    assert len(publisher.posts) == 1


async def test_crash_between_send_and_record_does_not_resend(engine: AsyncEngine) -> None:
    """Posted but not recorded: the next worker finds the post in the channel and records it."""
    clock, publisher, library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    clock.set(BERLIN_8AM)
    await service.plan(clock.now())
    [row] = await service.deliveries.claim(
        "dead", clock.now(), service.lease, platforms=["discord"], limit=10
    )
    await service.deliveries.mark_sending(row.id, "dead", clock.now(), clock.now())
    await publisher.publish(
        row.target, [Reply("digest")], key=row.key
    )  # the post went out, then SIGKILL
    clock.advance(seconds=61)
    other = await make_service(engine, clock, {"discord": publisher}, library, owner="b")
    await other.sweep()
    assert publisher.keys() == [row.key]
    [delivery] = await other.deliveries.list()
    assert delivery.status == "sent"


async def test_crash_mid_send_is_uncertain_when_the_channel_cannot_be_checked(
    engine: AsyncEngine,
) -> None:
    """If the channel history cannot be read, the delivery is marked uncertain, not resent."""
    clock, publisher, _library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    clock.set(BERLIN_8AM)
    await service.plan(clock.now())
    [row] = await service.deliveries.claim(
        "dead", clock.now(), service.lease, platforms=["discord"], limit=10
    )
    await service.deliveries.mark_sending(row.id, "dead", clock.now(), clock.now())
    publisher.check_fails = True
    clock.advance(seconds=61)
    await service.sweep()
    assert publisher.posts == []
    [delivery] = await service.deliveries.list()
    assert delivery.status == "uncertain"


async def test_rate_limited_post_is_retried_after_retry_after(engine: AsyncEngine) -> None:
    """A 429 puts the delivery back until retry-after; then it is sent once."""
    clock, publisher, _library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    publisher.failures = ["429"]
    clock.set(BERLIN_8AM)
    await service.sweep()
    assert publisher.posts == []
    clock.advance(seconds=3)
    await service.sweep()
    assert len(publisher.posts) == 1
    [delivery] = await service.deliveries.list()
    assert delivery.status == "sent"


async def test_timeout_after_the_post_went_out_is_not_resent(engine: AsyncEngine) -> None:
    """A timed-out request that did post is found in the channel and recorded as sent."""
    clock, publisher, _library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    publisher.failures = ["timeout-sent"]
    clock.set(BERLIN_8AM)
    await service.sweep()
    assert len(publisher.posts) == 1
    [delivery] = await service.deliveries.list()
    assert delivery.status == "sent"


async def test_timeout_before_the_post_is_retried(engine: AsyncEngine) -> None:
    """A 5xx/timeout that did not post is retried with backoff and then sent once."""
    clock, publisher, _library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    publisher.failures = ["timeout", "timeout"]
    clock.set(BERLIN_8AM)
    for _ in range(4):
        await service.sweep()
        clock.advance(seconds=10)
    assert len(publisher.posts) == 1


async def test_channel_refusing_posts_is_paused_and_reported(engine: AsyncEngine) -> None:
    """Two 403s in a row pause the subscription; /subscriptions says so; no more requests."""
    from bot.core.commands import Invocation

    clock, publisher, library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    publisher.failures = ["403", "403", "403"]
    for day in range(3):
        clock.set(BERLIN_8AM + timedelta(days=day))
        library.add(story(f"news-{day}", (clock.now() - timedelta(hours=1)).isoformat()))
        await service.sweep()
    assert publisher.failures == ["403"]  # the third day was never attempted
    [sub] = await service.subscriptions.list()
    assert sub.paused
    reply = await service.digests.list_subscriptions(
        {}, Invocation(platform="discord", channel_id="c1", workspace_id="g1")
    )
    assert "Paused" in line_text(reply.sections[0].lines[1])


async def test_two_workers_racing_deliver_each_slot_once(engine: AsyncEngine) -> None:
    """Two schedulers sweeping the same database at once post every channel exactly once."""
    clock, publisher, library, service = await setup(engine)
    for n in range(40):
        await service.subscriptions.add(berlin_spec(f"c{n}"), clock.now())
    other = await make_service(engine, clock, {"discord": publisher}, library, owner="b")
    clock.set(BERLIN_8AM)
    await asyncio.gather(service.sweep(), other.sweep(), service.sweep())
    keys = publisher.keys()
    assert len(keys) == 40
    assert len(set(keys)) == 40


async def test_nothing_new_is_skipped_or_noted_as_asked(engine: AsyncEngine) -> None:
    """With no new stories, when_empty=skip posts nothing and when_empty=note posts one line."""
    clock, publisher, library, service = await setup(engine)
    library.index = Library().index
    await service.subscriptions.add(berlin_spec("quiet"), clock.now())
    await service.subscriptions.add(berlin_spec("noted", when_empty="note"), clock.now())
    clock.set(BERLIN_8AM)
    await service.sweep()
    assert [p.target.channel_id for p in publisher.posts] == ["noted"]
    assert "Nothing new" in line_text(publisher.posts[0].pages[0].intro[0])
    statuses = {d.channel_id: d.status for d in await service.deliveries.list()}
    assert statuses == {"quiet": "skipped", "noted": "sent"}


async def test_topics_filter_the_digest(engine: AsyncEngine) -> None:
    """A subscription with topics only gets matching stories."""
    clock, publisher, library, service = await setup(engine)
    library.add(story("weather", "2025-03-03T05:30:00+00:00", topics=["storms"]))
    await service.subscriptions.add(berlin_spec(topics="storms"), clock.now())
    clock.set(BERLIN_8AM)
    await service.sweep()
    titles = [line_text(s.heading) for s in publisher.posts[0].pages[0].sections]
    assert titles == ["Story weather"]


async def test_grace_setting_is_respected(engine: AsyncEngine) -> None:
    """A 5-minute grace skips a slot that is 10 minutes late."""
    settings = make_settings(digest_grace_minutes=5)
    clock, publisher, _library, service = await setup(engine, settings=settings)
    await service.subscriptions.add(berlin_spec(), clock.now())
    clock.set(BERLIN_8AM + timedelta(minutes=10))
    await service.sweep()
    assert publisher.posts == []


async def test_briefing_added_late_with_an_old_date_is_in_the_next_digest_once(
    engine: AsyncEngine,
) -> None:
    """A file dropped in with last year's date counts from when the bot first saw it."""
    clock, publisher, library, service = await setup(engine)
    await service.subscriptions.add(berlin_spec(), clock.now())
    clock.set(BERLIN_8AM)
    await service.sweep()
    library.add(story("archive-find", "2024-01-05T09:00:00+00:00"))
    clock.set(BERLIN_8AM + timedelta(days=1))
    await service.sweep()
    clock.set(BERLIN_8AM + timedelta(days=2))
    await service.sweep()
    titles = [[line_text(s.heading) for s in post.pages[0].sections] for post in publisher.posts]
    assert titles == [["Story early-news"], ["Story archive-find"]]


class GatedPublisher(FakePublisher):
    """A publisher whose posts wait for a gate: a digest caught mid-send at shutdown."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__(clock=clock)
        self.started = asyncio.Event()
        self.gate = asyncio.Event()

    async def publish(self, target, pages, *, key):  # type: ignore[no-untyped-def]
        self.started.set()
        await self.gate.wait()
        return await super().publish(target, pages, key=key)


async def test_shutdown_finishes_the_digest_being_posted_and_claims_no_more(
    engine: AsyncEngine,
) -> None:
    """Quiescing lets the post in flight finish and be recorded, and claims nothing new."""
    clock = FakeClock(utc("2025-03-03T06:00:00+00:00"))
    publisher = GatedPublisher(clock)
    library = Library(story("early-news", "2025-03-03T05:00:00+00:00"))
    service = await make_service(engine, clock, {"discord": publisher}, library)
    await service.subscriptions.add(berlin_spec("c1"), clock.now())
    clock.set(BERLIN_8AM + timedelta(seconds=1))
    sweep = asyncio.create_task(service.sweep())
    await asyncio.wait_for(publisher.started.wait(), 10)
    quiet = asyncio.create_task(service.quiesce())
    await service.subscriptions.add(berlin_spec("c2"), clock.now())
    publisher.gate.set()
    await asyncio.wait_for(asyncio.gather(sweep, quiet), 10)
    [delivery] = await service.deliveries.list()
    assert (delivery.target.channel_id, delivery.status) == ("c1", "sent")
    assert len(publisher.posts) == 1
    clock.set(BERLIN_8AM + timedelta(days=1, seconds=1))
    await service.sweep()
    assert len(publisher.posts) == 1


async def test_delivery_log_lines_carry_the_delivery_id(engine: AsyncEngine) -> None:
    """A retried delivery's log line names its delivery id, so operators can follow it."""
    clock, publisher, _library, service = await setup(engine)
    publisher.failures = ["429"]
    await service.subscriptions.add(berlin_spec(), clock.now())
    clock.set(BERLIN_8AM + timedelta(seconds=1))
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append  # type: ignore[method-assign,assignment]
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("bot.scheduling.scheduler")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        await service.sweep()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    retried = [r for r in records if "retried" in r.getMessage()]
    assert retried
    assert retried[0].delivery_id.startswith("d1-202503030800")  # type: ignore[attr-defined]
