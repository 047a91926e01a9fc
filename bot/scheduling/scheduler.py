"""The scheduler service: sweeps subscriptions into deliveries and sends each one exactly once.

A sweep (on start, every ``sweep_seconds``, and at the next due slot) does two things:

1. **plan**: for every active subscription, the slots due since it was last checked become
   delivery rows (``pending``, or ``skipped`` when later than the grace window). Inserting a
   row is the claim; the key is unique, so replicas and restarts never plan a slot twice.
2. **drain**: take due rows with a lease, compose the digest, wait for the rate budget,
   mark ``sending``, publish with the delivery key, record ``sent`` with the message ids.
   Rows left ``claimed``/``sending`` by a crashed worker are taken over once the lease ends;
   a ``sending`` one is first looked for in the channel (``find_published``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.commands import CommandEngine
from bot.core.index import Index
from bot.core.ports import Clock, Publisher
from bot.core.reply import Reply
from bot.db.engine import open_database
from bot.errors import ChannelUnavailable, RateLimited
from bot.log import log_context
from bot.scheduling.deliveries import (
    Delivery,
    DeliveryStore,
    Outcome,
    PlannedSlot,
    Status,
    crash_point,
)
from bot.scheduling.digests import Content, DigestService
from bot.scheduling.ratelimit import (
    DISCORD_GLOBAL_LIMIT,
    Budget,
    Rate,
    RateLimiter,
    SqlBudget,
)
from bot.scheduling.replicas import BEAT_SECONDS, ReplicaRegistry
from bot.scheduling.slots import Schedule
from bot.scheduling.subscriptions import Subscription, SubscriptionStore, load_digests_file
from bot.scheduling.timer import Timer
from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
PAUSE_AFTER_REFUSALS = 2  # consecutive 403/404 answers before a channel is paused
CATCH_UP_LIMIT = timedelta(days=7)  # older missed slots are not even recorded as skipped
BATCH = 64  # rows claimed, composed and marked "sending" per transaction
SENDERS = 8  # posts in flight at once, so latency never caps the rate
RECORD_BATCH = 200
Sleep = Callable[[float], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class SweepResult:
    """What one sweep did."""

    planned: int
    delivered: int


def new_owner() -> str:
    """Return a worker id unique to this process."""
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{secrets.token_hex(3)}"


class SchedulerService:
    """Plans and delivers scheduled digests; one per process, many per database."""

    def __init__(
        self,
        settings: Settings,
        *,
        index: Callable[[], Index],
        clock: Clock,
        publishers: Mapping[str, Publisher],
        engine: AsyncEngine | None = None,
        budget: Budget | None = None,
        sleep: Sleep = asyncio.sleep,
        owner: str | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.publishers = publishers  # read live: platforms may connect later
        self.engine = engine
        self.owner = owner or new_owner()
        self.lease = timedelta(seconds=settings.delivery_lease_seconds)
        self.grace = timedelta(minutes=settings.digest_grace_minutes)
        self._index = index
        self._budget = budget
        self._sleep = sleep
        self._inflight: set[int] = set()
        self._quiescing = False
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._timer: Timer | None = None
        self._schedules: dict[tuple[object, ...], Schedule] = {}
        self._stores: tuple[SubscriptionStore, DeliveryStore, DigestService, RateLimiter] | None = (
            None
        )
        self.replicas: ReplicaRegistry | None = None
        self._live = 0

    # --- wiring -------------------------------------------------------------------------------

    async def open(self) -> None:
        """Connect and migrate the database and build the stores (no background work yet)."""
        if self.engine is None:
            self.engine = await open_database(self.settings.resolved_database_url)
        subscriptions = SubscriptionStore(self.engine)
        deliveries = DeliveryStore(self.engine)
        digests = DigestService(self._index, self.clock, subscriptions, deliveries, sender=self)
        limiter = RateLimiter(
            self._budget or SqlBudget(self.engine),
            self.clock,
            global_rates={"discord": Rate(self.settings.discord_requests_per_second)},
            window_caps={"discord": DISCORD_GLOBAL_LIMIT},
            sleep=self._sleep,
        )
        self._stores = (subscriptions, deliveries, digests, limiter)
        self.replicas = ReplicaRegistry(self.engine, self.owner)
        await self.heartbeat()

    async def heartbeat(self) -> None:
        """Tell the other replicas this one is live and take its share of the global window."""
        if self.replicas is None:
            return
        rank, live = await self.replicas.beat(self.clock.now())
        if live != self._live:
            log.info("digest scheduler %s: %d live replica(s)", self.owner, live)
            self._live = live
        self.limiter.share(rank, live)

    async def _keep_beating(self, every: float) -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await self.heartbeat()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("replica heartbeat failed")

    @property
    def subscriptions(self) -> SubscriptionStore:
        """Return the subscription store (after :meth:`open`)."""
        return self._parts[0]

    @property
    def deliveries(self) -> DeliveryStore:
        """Return the delivery store (after :meth:`open`)."""
        return self._parts[1]

    @property
    def digests(self) -> DigestService:
        """Return the digest service (after :meth:`open`)."""
        return self._parts[2]

    @property
    def limiter(self) -> RateLimiter:
        """Return the rate limiter (after :meth:`open`)."""
        return self._parts[3]

    @property
    def _parts(self) -> tuple[SubscriptionStore, DeliveryStore, DigestService, RateLimiter]:
        if self._stores is None:
            raise RuntimeError("call SchedulerService.open() first")
        return self._stores

    def register(self, engine: CommandEngine) -> None:
        """Plug /digest and the subscription commands into the command engine."""
        self.digests.register(engine)

    async def sync_file(self) -> None:
        """Apply digests.yaml (declared state: the file wins for the entries it manages)."""
        path = Path(self.settings.digests_file)
        specs = load_digests_file(path)
        if specs is None:
            log.info("no %s: file-managed digest subscriptions left as they are", path)
            return
        added, updated, removed = await self.subscriptions.sync_file(specs, self.clock.now())
        log.info(
            "%s: %d subscription(s) added, %d updated, %d removed", path, added, updated, removed
        )

    async def start(self) -> None:
        """Open the database, apply digests.yaml and start sweeping in the background."""
        await self.open()
        await self.sync_file()
        self._timer = Timer(self.poke, float(self.settings.sweep_seconds))
        self._timer.start()
        self._tasks = [
            asyncio.create_task(self._loop(), name="digest-sweeps"),
            asyncio.create_task(self._renew_leases(), name="digest-leases"),
            asyncio.create_task(self._keep_beating(BEAT_SECONDS), name="digest-heartbeat"),
        ]
        log.info(
            "digest scheduler started as %s (publishers: %s)",
            self.owner,
            ", ".join(sorted(self.publishers)) or "none",
        )

    async def stop(self) -> None:
        """Stop sweeping; deliveries in flight are finished by the lease takeover later."""
        if self._timer is not None:
            self._timer.shutdown()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        if self.replicas is not None:
            with contextlib.suppress(Exception):
                await self.replicas.leave()
        if self.engine is not None:
            await self.engine.dispose()

    async def quiesce(self) -> None:
        """Stop claiming deliveries and let the ones in hand finish (first step of shutdown).

        Runs before the platform clients close, so a digest being posted is finished and
        recorded rather than cut off; the caller bounds the wait, and anything still running
        then is cancelled by :meth:`stop` and recovered from its lease on the next start.
        """
        self._quiescing = True
        if self._timer is not None:
            self._timer.shutdown()
            self._timer = None
        self._wake.set()
        sweeps = [task for task in self._tasks if task.get_name() == "digest-sweeps"]
        await asyncio.gather(*sweeps, return_exceptions=True)

    def poke(self) -> None:
        """Ask for a sweep as soon as possible."""
        self._wake.set()

    def can_publish(self, platform: str) -> bool:
        """Return True if this process can post to the platform."""
        return platform in self.publishers

    async def _loop(self) -> None:
        while not self._quiescing:
            self._wake.clear()
            try:
                await self.sweep()
                await self._schedule_wake()
            except asyncio.CancelledError:
                raise
            except Exception:  # one bad sweep must not stop the scheduler
                log.exception("digest sweep failed; retrying at the next sweep")
            await self._wake.wait()

    async def _renew_leases(self) -> None:
        period = max(self.lease.total_seconds() / 3, 0.2)
        while True:
            await asyncio.sleep(period)
            try:
                await self.deliveries.renew(
                    set(self._inflight), self.owner, self.clock.now() + self.lease
                )
            except Exception:
                log.exception("renewing delivery leases failed")

    async def _schedule_wake(self) -> None:
        if self._timer is None:
            return
        now = self.clock.now()
        candidates = [
            slot.due
            for schedule in {id(s): s for s in self._schedules.values()}.values()
            if (slot := schedule.next_after(now, horizon_days=8)) is not None
        ]
        retry = await self.deliveries.next_retry(self.publishers)
        if retry is not None:
            candidates.append(max(retry, now))
        if candidates:
            self._timer.wake_at(min(candidates))

    # --- sweeping -----------------------------------------------------------------------------

    def _schedule_of(self, sub: Subscription) -> Schedule:
        key = (sub.tz, sub.times, sub.days, sub.cron)
        schedule = self._schedules.get(key)
        if schedule is None:
            schedule = self._schedules[key] = sub.schedule()
        return schedule

    async def sweep(self) -> SweepResult:
        """Plan the due slots, then deliver everything claimable; return what was done."""
        planned = await self.plan(self.clock.now())
        delivered = await self.drain()
        return SweepResult(planned, delivered)

    async def plan(self, now: datetime) -> int:
        """Record every slot due up to ``now`` as a delivery (pending, or skipped if too late)."""
        subs = await self.subscriptions.list(active_only=True)
        slots: list[PlannedSlot] = []
        oldest = now - max(self.grace, CATCH_UP_LIMIT)
        for sub in subs:
            start = max(sub.checked_through or now, oldest)
            try:
                schedule = self._schedule_of(sub)
            except Exception:
                log.exception("subscription %d has an invalid schedule; skipping it", sub.id)
                continue
            for slot in schedule.slots(start, now):
                late = now - slot.due
                if late > self.grace:
                    reason = (
                        f"missed by {int(late.total_seconds() // 60)} min "
                        f"(grace {self.settings.digest_grace_minutes} min)"
                    )
                    slots.append(
                        PlannedSlot(sub.id, slot.key, sub.target, slot.due, "skipped", reason)
                    )
                    log.warning(
                        "digest %s for subscription %d skipped: %s", slot.key, sub.id, reason
                    )
                else:
                    slots.append(PlannedSlot(sub.id, slot.key, sub.target, slot.due))
        added = await self.deliveries.plan(slots, now) if slots else 0
        await self.subscriptions.advance_all([sub.id for sub in subs], now)
        return added

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
        queue: asyncio.Queue[tuple[Delivery, Content] | None] = asyncio.Queue(maxsize=BATCH)
        recorder = _Recorder(self)
        senders = [
            asyncio.create_task(self._send_loop(queue, recorder), name=f"digest-sender-{n}")
            for n in range(SENDERS)
        ]
        recording = asyncio.create_task(recorder.run(), name="digest-recorder")
        beating: asyncio.Task[None] | None = None
        done = 0
        try:
            while not self._quiescing:
                batch = await self.deliveries.claim(
                    self.owner, self.clock.now(), self.lease, platforms=platforms, limit=BATCH
                )
                if not batch:
                    break
                if beating is None:
                    # While sending, notice replicas joining or leaving within a second.
                    await self.heartbeat()
                    beating = asyncio.create_task(self._keep_beating(1.0), name="digest-beat")
                crash_point("after_claim")
                self._inflight.update(d.id for d in batch)
                done += len(batch)
                for job in await self._prepare(batch):
                    await queue.put(job)
            for _ in senders:
                await queue.put(None)
            await asyncio.gather(*senders)
            recorder.close()
            await recording
        finally:
            extra = [beating] if beating is not None else []
            for task in (*senders, recording, *extra):
                task.cancel()
            await asyncio.gather(*senders, recording, *extra, return_exceptions=True)
        return done

    async def _prepare(self, batch: list[Delivery]) -> list[tuple[Delivery, Content]]:
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
                self._inflight.discard(delivery.id)
        now = self.clock.now()
        contents = await self.digests.contents_for(fresh, now)
        jobs: list[tuple[Delivery, Content]] = []
        skipped: list[Outcome] = []
        for delivery, content in zip(fresh, contents, strict=True):
            if content.skip_reason is not None:
                skipped.append(Outcome(delivery.id, "skipped", reason=content.skip_reason))
            else:
                jobs.append((delivery, content))
        if skipped:  # "nothing new" for thousands of channels: one transaction, not thousands
            await self.deliveries.finish_many(skipped, self.owner, self.clock.now())
            self._inflight.difference_update(outcome.delivery_id for outcome in skipped)
        kept = await self.deliveries.mark_sending_many(
            [d.id for d, _ in jobs], self.owner, now, self.clock.now()
        )
        for delivery, _ in jobs:
            if delivery.id not in kept:
                log.warning("lost the lease on delivery %s; another worker has it", delivery.key)
                self._inflight.discard(delivery.id)
        return [(d, c) for d, c in jobs if d.id in kept]

    async def _send_loop(
        self, queue: asyncio.Queue[tuple[Delivery, Content] | None], recorder: _Recorder
    ) -> None:
        while (job := await queue.get()) is not None:
            delivery, content = job
            try:
                await self._send(delivery, content, recorder)
            except asyncio.CancelledError:
                raise
            except Exception:
                # The row stays "sending"; its lease runs out and a sweep checks the channel.
                log.exception("delivery %s failed unexpectedly", delivery.key)
                self._inflight.discard(delivery.id)

    # --- delivering ---------------------------------------------------------------------------

    async def deliver(self, delivery: Delivery) -> Delivery:
        """Send one claimed delivery and record the outcome; return the recorded state."""
        self._inflight.add(delivery.id)
        try:
            settled = await self._settle_before_compose(delivery)
            if settled is not None:
                return settled
            now = self.clock.now()
            content = await self.digests.content_for(delivery, now)
            if content.skip_reason is not None:
                return await self._finish(delivery, "skipped", reason=content.skip_reason)
            if not await self.deliveries.mark_sending(
                delivery.id, self.owner, content.content_until, self.clock.now()
            ):
                log.warning("lost the lease on delivery %s; another worker has it", delivery.key)
                return delivery
            return await self._send(delivery, content, None)
        finally:
            self._inflight.discard(delivery.id)

    async def _settle_before_compose(self, delivery: Delivery) -> Delivery | None:
        """Finish a delivery that needs no post (too many attempts, found after a takeover)."""
        if delivery.attempts > MAX_ATTEMPTS:
            return await self._finish(
                delivery, "failed", reason=f"gave up after {MAX_ATTEMPTS} attempts"
            )
        if delivery.status != "sending":
            return None
        # Taken over from a worker that died between "sending" and its record.
        found = await self._look_for(self.publishers[delivery.platform], delivery)
        if found == "unknown":
            return await self._finish(
                delivery,
                "uncertain",
                reason="the worker stopped while posting and the channel cannot be checked",
            )
        if found:
            return await self._finish(
                delivery, "sent", message_ids=found, reason="found in the channel after a restart"
            )
        return None

    async def _send(
        self, delivery: Delivery, content: Content, recorder: _Recorder | None
    ) -> Delivery:
        """Post a delivery already marked ``sending``; its log lines carry its delivery id."""
        with log_context(delivery_id=delivery.key):
            return await self._post(delivery, content, recorder)

    async def _post(
        self, delivery: Delivery, content: Content, recorder: _Recorder | None
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
                return await self._done(
                    delivery, await self._retry(delivery, exc.retry_after, f"rate limited: {exc}")
                )
            return await self._done(
                delivery, await self._after_ambiguous(publisher, delivery, exc, content.pages)
            )
        except ChannelUnavailable as exc:
            return await self._done(delivery, await self._refused(delivery, exc))
        except Exception as exc:  # timeouts, 5xx, dropped connections: maybe it went out
            return await self._done(
                delivery, await self._after_ambiguous(publisher, delivery, exc, content.pages)
            )
        crash_point("after_send")
        if recorder is not None:
            recorded = _replace_status(delivery, "sent", None, tuple(ids))
            recorder.add(Outcome(delivery.id, "sent", tuple(ids)), delivery)
        else:
            recorded = await self._finish(delivery, "sent", message_ids=ids)
        sub = content.subscription
        if sub is not None and sub.unavailable_count:  # only write when a count needs resetting
            await self.subscriptions.record_reachable(sub.id)
        return recorded

    async def _done(self, delivery: Delivery, result: Delivery) -> Delivery:
        self._inflight.discard(delivery.id)
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
        posted: list[str] = []
        for attempt in range(MAX_ATTEMPTS):
            found = await self._look_for(publisher, delivery)
            if found == "unknown":
                return await self._finish(
                    delivery, "uncertain", reason=f"{exc}; the channel could not be checked"
                )
            posted = found or []
            if posted and len(posted) >= len(pages):
                return await self._finish(
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
                return await self._refused(delivery, refused)
            except Exception as again:
                await self._sleep(min(2.0**attempt, 30.0))
                exc = again
            else:
                return await self._finish(
                    delivery,
                    "sent",
                    message_ids=[*posted, *ids],
                    reason=f"{len(rest)} page(s) resumed after: {exc}",
                )
        if posted:
            return await self._finish(
                delivery,
                "failed",
                message_ids=posted,
                reason=f"only {len(posted)} of {len(pages)} pages posted: {exc}",
            )
        if delivery.attempts >= MAX_ATTEMPTS:
            return await self._finish(delivery, "failed", reason=str(exc) or type(exc).__name__)
        backoff = min(2.0**delivery.attempts, 300.0)
        return await self._retry(delivery, backoff, str(exc) or type(exc).__name__)

    async def _refused(self, delivery: Delivery, exc: ChannelUnavailable) -> Delivery:
        recorded = await self._finish(delivery, "failed", reason=str(exc))
        if delivery.subscription_id is not None:
            paused = await self.subscriptions.record_unavailable(
                delivery.subscription_id, str(exc), self.clock.now(), PAUSE_AFTER_REFUSALS
            )
            if paused:
                log.warning(
                    "subscription %d paused: channel %s keeps refusing posts (%s)",
                    delivery.subscription_id,
                    delivery.channel_id,
                    exc,
                )
        return recorded

    async def _retry(self, delivery: Delivery, delay: float, reason: str) -> Delivery:
        now = self.clock.now()
        await self.deliveries.retry_later(
            delivery.id, self.owner, now, now + timedelta(seconds=delay), reason
        )
        log.info("delivery %s retried in %.1f s: %s", delivery.key, delay, reason)
        return _replace_status(delivery, "pending", reason)

    async def _finish(
        self,
        delivery: Delivery,
        status: Literal["sent", "failed", "uncertain", "skipped"],
        *,
        message_ids: list[str] | tuple[str, ...] = (),
        reason: str | None = None,
    ) -> Delivery:
        ok = await self.deliveries.finish(
            delivery.id,
            self.owner,
            status,
            self.clock.now(),
            message_ids=message_ids,
            reason=reason,
        )
        if not ok:
            log.warning(
                "delivery %s was taken over before it could be recorded as %s", delivery.key, status
            )
        elif status in ("failed", "uncertain"):
            log.warning("delivery %s %s: %s", delivery.key, status, reason)
        return _replace_status(delivery, status, reason, tuple(message_ids))


def _replace_status(
    delivery: Delivery, status: Status, reason: str | None, ids: tuple[str, ...] = ()
) -> Delivery:
    return replace(delivery, status=status, reason=reason, message_ids=ids or delivery.message_ids)


class _Recorder:
    """Writes the outcomes of sent posts in shared transactions, as fast as they arrive."""

    def __init__(self, service: SchedulerService) -> None:
        self.service = service
        self.pending: list[tuple[Outcome, Delivery]] = []
        self.ready = asyncio.Event()
        self.closing = False

    def add(self, outcome: Outcome, delivery: Delivery) -> None:
        """Queue one outcome for the next transaction."""
        self.pending.append((outcome, delivery))
        self.ready.set()

    def close(self) -> None:
        """Ask :meth:`run` to write what is left and return."""
        self.closing = True
        self.ready.set()

    async def run(self) -> None:
        """Flush whenever outcomes are waiting (those arriving meanwhile share the next write)."""
        while True:
            await self.ready.wait()
            self.ready.clear()
            try:
                await self.flush()
            except asyncio.CancelledError:
                raise
            except Exception:
                # The rows stay "sending"; after the lease a sweep finds the posts in the channel.
                log.exception("recording delivery outcomes failed")
            if self.closing and not self.pending:
                return

    async def flush(self) -> None:
        """Write every waiting outcome now."""
        service = self.service
        while self.pending:
            batch, self.pending = self.pending[:RECORD_BATCH], self.pending[RECORD_BATCH:]
            try:
                kept = await service.deliveries.finish_many(
                    [outcome for outcome, _ in batch], service.owner, service.clock.now()
                )
            finally:
                for _, delivery in batch:
                    service._inflight.discard(delivery.id)
            for outcome, delivery in batch:
                if outcome.delivery_id not in kept:
                    log.warning(
                        "delivery %s was taken over before it could be recorded as %s",
                        delivery.key,
                        outcome.status,
                    )


async def close_quietly(service: SchedulerService) -> None:
    """Stop a service, ignoring errors (used on shutdown paths)."""
    with contextlib.suppress(Exception):
        await service.stop()
