"""Lifecycle of the digest scheduler: open the database, sweep in the background, shut down.

:class:`SchedulerService` wires the steps together (``planning``, ``sending``, ``recording``)
and runs them: on start, every ``sweep_seconds`` and at the next due slot. It also keeps the
leases of deliveries in hand and this replica's heartbeat alive.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.commands import CommandEngine
from bot.core.index import Index
from bot.core.ports import Clock, Publisher
from bot.db.engine import open_database
from bot.scheduling.deliveries import Delivery, DeliveryStore
from bot.scheduling.digests import DigestService
from bot.scheduling.planning import Planner
from bot.scheduling.ratelimit import (
    DISCORD_GLOBAL_LIMIT,
    Budget,
    Rate,
    RateLimiter,
    SqlBudget,
)
from bot.scheduling.recording import Recorder
from bot.scheduling.replicas import BEAT_SECONDS, ReplicaRegistry
from bot.scheduling.sending import SendPipeline, Sleep
from bot.scheduling.subscriptions import SubscriptionStore, load_digests_file
from bot.scheduling.timer import Timer
from bot.settings import Settings

# One logger name for the whole scheduler, as before the split (log filters rely on it).
log = logging.getLogger("bot.scheduling.scheduler")


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
        self._stores: tuple[SubscriptionStore, DeliveryStore, DigestService, RateLimiter] | None = (
            None
        )
        self._planner: Planner | None = None
        self._pipeline: SendPipeline | None = None
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
        self._planner = Planner(subscriptions, deliveries, self.grace)
        recorder = Recorder(deliveries, subscriptions, self.clock, self.owner, self._inflight)
        self._pipeline = SendPipeline(
            publishers=self.publishers,
            deliveries=deliveries,
            subscriptions=subscriptions,
            digests=digests,
            limiter=limiter,
            recorder=recorder,
            clock=self.clock,
            lease=self.lease,
            sleep=self._sleep,
            heartbeat=self.heartbeat,
            keep_beating=self._keep_beating,
        )
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
    def planner(self) -> Planner:
        """Return the planner (after :meth:`open`)."""
        if self._planner is None:
            raise RuntimeError("call SchedulerService.open() first")
        return self._planner

    @property
    def pipeline(self) -> SendPipeline:
        """Return the send pipeline (after :meth:`open`)."""
        if self._pipeline is None:
            raise RuntimeError("call SchedulerService.open() first")
        return self._pipeline

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
        if self._pipeline is not None:
            self._pipeline.stopping = True
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
        nxt = self._planner.next_due(now) if self._planner is not None else None
        candidates = [nxt] if nxt is not None else []
        retry = await self.deliveries.next_retry(self.publishers)
        if retry is not None:
            candidates.append(max(retry, now))
        if candidates:
            self._timer.wake_at(min(candidates))

    # --- the steps ----------------------------------------------------------------------------

    async def sweep(self) -> SweepResult:
        """Plan the due slots, then deliver everything claimable; return what was done."""
        planned = await self.plan(self.clock.now())
        delivered = await self.drain()
        return SweepResult(planned, delivered)

    async def plan(self, now: datetime) -> int:
        """Record every slot due up to ``now`` as a delivery (pending, or skipped if too late)."""
        return await self.planner.plan(now)

    async def drain(self) -> int:
        """Deliver claimable rows until none is left; return how many rows were taken."""
        return await self.pipeline.drain()

    async def deliver(self, delivery: Delivery) -> Delivery:
        """Send one claimed delivery and record the outcome; return the recorded state."""
        return await self.pipeline.deliver(delivery)
