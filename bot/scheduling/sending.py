"""Sending: claim due deliveries, compose them, post each exactly once at the rate budget's pace.

Every post is preceded by its durable ``sending`` record; after a failure whose effect is
unknown (timeout, 5xx, dropped connection), the channel is searched for the delivery key before
anything is posted again, and the pages that did not go out are resumed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import timedelta
from typing import Literal

from bot.core.ports import Clock, Publisher
from bot.core.reply import Reply
from bot.errors import ChannelUnavailable, RateLimited
from bot.log import log_context
from bot.scheduling.deliveries import Delivery, DeliveryStore, Outcome, crash_point
from bot.scheduling.digests import Content, DigestService
from bot.scheduling.ratelimit import RateLimiter
from bot.scheduling.recording import BatchRecorder, Recorder, replace_status
from bot.scheduling.subscriptions import SubscriptionStore

# One logger name for the whole scheduler, as before the split (log filters rely on it).
log = logging.getLogger("bot.scheduling.scheduler")

MAX_ATTEMPTS = 5
BATCH = 64  # rows claimed, composed and marked "sending" per transaction
SENDERS = 8  # posts in flight at once, so latency never caps the rate
Sleep = Callable[[float], Awaitable[object]]
Job = tuple[Delivery, Content]


class SendPipeline:
    """Delivers claimed rows for one worker and hands every outcome to the recorder."""

    def __init__(
        self,
        *,
        publishers: Mapping[str, Publisher],
        deliveries: DeliveryStore,
        subscriptions: SubscriptionStore,
        digests: DigestService,
        limiter: RateLimiter,
        recorder: Recorder,
        clock: Clock,
        lease: timedelta,
        sleep: Sleep,
        heartbeat: Callable[[], Awaitable[None]],
        keep_beating: Callable[[float], Awaitable[None]],
    ) -> None:
        self.publishers = publishers  # read live: platforms may connect later
        self.deliveries = deliveries
        self.subscriptions = subscriptions
        self.digests = digests
        self.limiter = limiter
        self.recorder = recorder
        self.clock = clock
        self.owner = recorder.owner
        self.lease = lease
        self.inflight = recorder.inflight
        self.stopping = False  # set by quiesce: claim nothing more
        self._sleep = sleep
        self._heartbeat = heartbeat
        self._keep_beating = keep_beating

    async def drain(self) -> int:
        """Deliver claimable rows until none is left; return how many rows were taken.

        A pipeline, so the database never stalls the sends: this task claims a batch (one
        transaction), composes it (a few reads, one digest per distinct content) and marks it
        ``sending`` (one transaction) while :data:`SENDERS` tasks post the previous batch at the
        rate budget's pace, and one recorder writes their outcomes in shared transactions. Every
        post is still preceded by its durable ``sending`` record.
        """
        platforms = list(self.publishers)
        if not platforms:
            return 0
        queue: asyncio.Queue[Job | None] = asyncio.Queue(maxsize=BATCH)
        batches = BatchRecorder(self.recorder)
        senders = [
            asyncio.create_task(self._send_loop(queue, batches), name=f"digest-sender-{n}")
            for n in range(SENDERS)
        ]
        recording = asyncio.create_task(batches.run(), name="digest-recorder")
        beating: asyncio.Task[None] | None = None
        done = 0
        try:
            while not self.stopping:
                batch = await self.deliveries.claim(
                    self.owner, self.clock.now(), self.lease, platforms=platforms, limit=BATCH
                )
                if not batch:
                    break
                if beating is None:
                    # While sending, notice replicas joining or leaving within a second.
                    await self._heartbeat()
                    beating = asyncio.create_task(self._beat_every_second(), name="digest-beat")
                crash_point("after_claim")
                self.inflight.update(d.id for d in batch)
                done += len(batch)
                for job in await self._prepare(batch):
                    await queue.put(job)
            for _ in senders:
                await queue.put(None)
            await asyncio.gather(*senders)
            batches.close()
            await recording
        finally:
            extra = [beating] if beating is not None else []
            for task in (*senders, recording, *extra):
                task.cancel()
            await asyncio.gather(*senders, recording, *extra, return_exceptions=True)
        return done

    async def _beat_every_second(self) -> None:
        await self._keep_beating(1.0)

    async def _prepare(self, batch: list[Delivery]) -> list[Job]:
        """Settle what needs no post, compose the rest and mark it ``sending``; return jobs."""
        fresh: list[Delivery] = []
        for delivery in batch:
            try:
                settled = await self._settle_before_compose(delivery)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery %s could not be checked", delivery.key)
                settled = delivery
            if settled is None:
                fresh.append(delivery)
            else:
                self.inflight.discard(delivery.id)
        now = self.clock.now()
        contents = await self.digests.contents_for(fresh, now)
        jobs: list[Job] = []
        skipped: list[Outcome] = []
        for delivery, content in zip(fresh, contents, strict=True):
            if content.skip_reason is not None:
                skipped.append(Outcome(delivery.id, "skipped", reason=content.skip_reason))
            else:
                jobs.append((delivery, content))
        if skipped:  # "nothing new" for thousands of channels: one transaction, not thousands
            await self.deliveries.finish_many(skipped, self.owner, self.clock.now())
            self.inflight.difference_update(outcome.delivery_id for outcome in skipped)
        kept = await self.deliveries.mark_sending_many(
            [d.id for d, _ in jobs], self.owner, now, self.clock.now()
        )
        for delivery, _ in jobs:
            if delivery.id not in kept:
                log.warning("lost the lease on delivery %s; another worker has it", delivery.key)
                self.inflight.discard(delivery.id)
        return [(d, c) for d, c in jobs if d.id in kept]

    async def _send_loop(self, queue: asyncio.Queue[Job | None], batches: BatchRecorder) -> None:
        while (job := await queue.get()) is not None:
            delivery, content = job
            try:
                await self._send(delivery, content, batches)
            except asyncio.CancelledError:
                raise
            except Exception:
                # The row stays "sending"; its lease runs out and a sweep checks the channel.
                log.exception("delivery %s failed unexpectedly", delivery.key)
                self.inflight.discard(delivery.id)

    async def deliver(self, delivery: Delivery) -> Delivery:
        """Send one claimed delivery and record the outcome; return the recorded state."""
        self.inflight.add(delivery.id)
        try:
            settled = await self._settle_before_compose(delivery)
            if settled is not None:
                return settled
            now = self.clock.now()
            content = await self.digests.content_for(delivery, now)
            if content.skip_reason is not None:
                return await self.recorder.finish(delivery, "skipped", reason=content.skip_reason)
            if not await self.deliveries.mark_sending(
                delivery.id, self.owner, content.content_until, self.clock.now()
            ):
                log.warning("lost the lease on delivery %s; another worker has it", delivery.key)
                return delivery
            return await self._send(delivery, content, None)
        finally:
            self.inflight.discard(delivery.id)

    async def _settle_before_compose(self, delivery: Delivery) -> Delivery | None:
        """Finish a delivery that needs no post (too many attempts, found after a takeover)."""
        finish = self.recorder.finish
        if delivery.attempts > MAX_ATTEMPTS:
            return await finish(delivery, "failed", reason=f"gave up after {MAX_ATTEMPTS} attempts")
        if delivery.status != "sending":
            return None
        # Taken over from a worker that died between "sending" and its record.
        found = await self._look_for(self.publishers[delivery.platform], delivery)
        if found == "unknown":
            return await finish(
                delivery,
                "uncertain",
                reason="the worker stopped while posting and the channel cannot be checked",
            )
        if found:
            return await finish(
                delivery, "sent", message_ids=found, reason="found in the channel after a restart"
            )
        return None

    async def _send(
        self, delivery: Delivery, content: Content, batches: BatchRecorder | None
    ) -> Delivery:
        """Post a delivery already marked ``sending``; its log lines carry its delivery id."""
        with log_context(delivery_id=delivery.key):
            return await self._post(delivery, content, batches)

    async def _post(
        self, delivery: Delivery, content: Content, batches: BatchRecorder | None
    ) -> Delivery:
        """Post a delivery already marked ``sending`` and record (or queue) the outcome."""
        publisher = self.publishers[delivery.platform]
        target = delivery.target
        try:
            async with self.limiter.sending(target.platform, target.channel_id, len(content.pages)):
                crash_point("before_send")
                ids = await publisher.publish(target, content.pages, key=delivery.key)
        except RateLimited as exc:
            await self.limiter.penalise(target.platform, target.channel_id, exc.retry_after)
            if len(content.pages) == 1:
                return self._done(
                    delivery,
                    await self.recorder.retry(delivery, exc.retry_after, f"rate limited: {exc}"),
                )
            return self._done(
                delivery, await self._after_ambiguous(publisher, delivery, exc, content.pages)
            )
        except ChannelUnavailable as exc:
            return self._done(delivery, await self.recorder.refused(delivery, exc))
        except Exception as exc:  # timeouts, 5xx, dropped connections: maybe it went out
            return self._done(
                delivery, await self._after_ambiguous(publisher, delivery, exc, content.pages)
            )
        crash_point("after_send")
        if batches is not None:
            recorded = replace_status(delivery, "sent", None, tuple(ids))
            batches.add(Outcome(delivery.id, "sent", tuple(ids)), delivery)
        else:
            recorded = await self.recorder.finish(delivery, "sent", message_ids=ids)
        sub = content.subscription
        if sub is not None and sub.unavailable_count:  # only write when a count needs resetting
            await self.subscriptions.record_reachable(sub.id)
        return recorded

    def _done(self, delivery: Delivery, result: Delivery) -> Delivery:
        self.inflight.discard(delivery.id)
        return result

    async def _look_for(
        self, publisher: Publisher, delivery: Delivery
    ) -> list[str] | Literal["unknown"] | None:
        target = delivery.target
        try:
            # Reading the channel counts against the same global limit as posting.
            async with self.limiter.sending(target.platform, target.channel_id, 1):
                return await publisher.find_published(target, delivery.key)
        except Exception as exc:
            log.warning(
                "cannot check channel %s for delivery %s: %s",
                delivery.channel_id,
                delivery.key,
                exc,
            )
            return "unknown"

    async def _after_ambiguous(
        self,
        publisher: Publisher,
        delivery: Delivery,
        exc: Exception,
        pages: Sequence[Reply] = (),
    ) -> Delivery:
        """Look in the channel after a failed post; resume the pages that did not go out."""
        finish = self.recorder.finish
        posted: list[str] = []
        for attempt in range(MAX_ATTEMPTS):
            found = await self._look_for(publisher, delivery)
            if found == "unknown":
                return await finish(
                    delivery, "uncertain", reason=f"{exc}; the channel could not be checked"
                )
            posted = found or []
            if posted and len(posted) >= len(pages):
                return await finish(
                    delivery, "sent", message_ids=posted, reason=f"posted despite: {exc}"
                )
            if not posted:
                break
            # Part of a multi-page digest went out: post the rest now, not the whole again.
            rest = pages[len(posted) :]
            log.info(
                "delivery %s: %d of %d pages posted before %s; posting the rest",
                delivery.key,
                len(posted),
                len(pages),
                exc,
            )
            target = delivery.target
            try:
                async with self.limiter.sending(target.platform, target.channel_id, len(rest)):
                    ids = await publisher.publish(target, rest, key=delivery.key)
            except RateLimited as again:
                await self.limiter.penalise(target.platform, target.channel_id, again.retry_after)
                exc = again
            except ChannelUnavailable as refused:
                return await self.recorder.refused(delivery, refused)
            except Exception as again:
                await self._sleep(min(2.0**attempt, 30.0))
                exc = again
            else:
                return await finish(
                    delivery,
                    "sent",
                    message_ids=[*posted, *ids],
                    reason=f"{len(rest)} page(s) resumed after: {exc}",
                )
        if posted:
            return await finish(
                delivery,
                "failed",
                message_ids=posted,
                reason=f"only {len(posted)} of {len(pages)} pages posted: {exc}",
            )
        if delivery.attempts >= MAX_ATTEMPTS:
            return await finish(delivery, "failed", reason=str(exc) or type(exc).__name__)
        backoff = min(2.0**delivery.attempts, 300.0)
        return await self.recorder.retry(delivery, backoff, str(exc) or type(exc).__name__)
