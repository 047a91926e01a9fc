"""Rate budgets for fan-out: one GCRA bucket per platform (and per Slack channel).

GCRA keeps one number per bucket, the theoretical arrival time (TAT) of the next request. A
sender reserves ``cost`` requests by moving the TAT forward and waits until its turn, so
requests leave evenly spaced instead of in bursts. :class:`SqlBudget` keeps the TAT in the
database: every replica reserves from the same row, which shares Discord's global limit among
them (on one clock; replicas on different machines need synchronised clocks). A 429 pushes the
TAT past its retry-after for everyone.

A global bucket is not asked once per message: :class:`Pacer` leases a block of consecutive
send times from the shared row in one transaction and hands them out locally. Blocks leased by
different replicas are disjoint spans of one evenly spaced sequence, so together they still
send at the shared rate. A local sliding window (never more than the platform's limit in any
second, counting each request until one second after its answer) stops the catch-up burst
after a stall, or late arrivals, from overrunning the platform's window.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import case, literal, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.ports import Clock
from bot.db.tables import rate_budgets

Sleep = Callable[[float], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Rate:
    """A sustained rate, in requests per second."""

    per_second: float

    @property
    def interval(self) -> float:
        """Return the spacing between requests in seconds."""
        return 1.0 / self.per_second


class Budget(Protocol):
    """Stores TATs; reserves and penalises atomically."""

    async def reserve(self, bucket: str, now: float, cost: float) -> float:
        """Move the bucket's TAT by ``cost`` seconds; return the start of the reserved span."""
        ...

    async def penalise(self, bucket: str, until: float) -> None:
        """Make the bucket wait until ``until`` (epoch seconds)."""
        ...


class LocalBudget:
    """TATs in this process only (tests, single process deployments)."""

    def __init__(self) -> None:
        self._tat: dict[str, float] = {}

    async def reserve(self, bucket: str, now: float, cost: float) -> float:
        """Reserve ``cost`` seconds of the bucket; return when the span starts."""
        start = max(self._tat.get(bucket, now), now)
        self._tat[bucket] = start + cost
        return start

    async def penalise(self, bucket: str, until: float) -> None:
        """Block the bucket until ``until``."""
        self._tat[bucket] = max(self._tat.get(bucket, until), until)


class SqlBudget:
    """TATs in the ``rate_budgets`` table, shared by every replica on the database."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._known: set[str] = set()
        module: Any = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._insert = module.insert

    async def _ensure(self, bucket: str, now: float) -> None:
        if bucket in self._known:
            return
        async with self.engine.begin() as conn:
            await conn.execute(
                self._insert(rate_budgets)
                .values(bucket=bucket, tat=now)
                .on_conflict_do_nothing(index_elements=["bucket"])
            )
        self._known.add(bucket)

    async def reserve(self, bucket: str, now: float, cost: float) -> float:
        """Reserve ``cost`` seconds of the shared bucket in one atomic UPDATE."""
        await self._ensure(bucket, now)
        tat = rate_budgets.c.tat
        start = case((tat > literal(now), tat), else_=literal(now))
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(rate_budgets)
                .where(rate_budgets.c.bucket == bucket)
                .values(tat=start + cost)
                .returning(rate_budgets.c.tat)
            )
            new_tat = float(result.scalar_one())
        return new_tat - cost

    async def penalise(self, bucket: str, until: float) -> None:
        """Push the shared bucket past ``until``."""
        await self._ensure(bucket, until)
        async with self.engine.begin() as conn:
            await conn.execute(
                update(rate_budgets)
                .where(rate_budgets.c.bucket == bucket, rate_budgets.c.tat < until)
                .values(tat=until)
            )


DEFAULT_SLACK_CHANNEL_RATE = Rate(1.0)
DISCORD_GLOBAL_LIMIT = 50  # requests per second per bot, counted by Discord itself
LEASE_BLOCK = 16  # send times leased per round trip to the shared budget row
WINDOW = 1.0  # seconds: the platform counts requests in any window this long
# Leased times older than this are dropped, not caught up: a short catch-up after a stall is
# safe (the local window bounds it), an old lease from an earlier fan-out is not worth keeping.
STALE_SECONDS = 0.25


class Pacer:
    """Paces one global bucket in this process, leasing blocks of send times from the budget.

    Besides the shared schedule, a local window guards the platform's own count: a request
    counts from when it starts until one window after its answer arrived (the platform saw it
    somewhere in between), requests in flight count too, and at most ``window_cap`` may count
    at once. That holds however late the event loop or the network delivers a request.
    """

    def __init__(
        self,
        budget: Budget,
        bucket: str,
        rate: Rate,
        clock: Clock,
        sleep: Sleep,
        *,
        block: int = LEASE_BLOCK,
        window_cap: int | None = None,
    ) -> None:
        self.budget = budget
        self.bucket = bucket
        self.rate = rate
        self.clock = clock
        self.sleep = sleep
        self.block = max(1, block)
        # The platform's own count per window when known (Discord: 50), else the rate rounded up.
        self.limit = window_cap or max(1, math.ceil(rate.per_second * WINDOW))
        self.window_cap = self.limit
        self.latency = 0.0  # summed seconds from start to answer, for benchmarks
        self.answered = 0
        self._started: deque[float] = deque()
        self.leases = 0
        self._slots: deque[float] = deque()
        self._ends: deque[float] = deque()
        self._in_flight = 0
        self._released = asyncio.Event()
        self._lock = asyncio.Lock()

    def _now(self) -> float:
        return self.clock.now().timestamp()

    async def _next_slot(self) -> float:
        stale = self._now() - STALE_SECONDS
        while self._slots and self._slots[0] < stale:
            # Behind schedule (a stall): sending these now would be a burst; lease fresh ones.
            self._slots.popleft()
        if not self._slots:
            start = await self.budget.reserve(
                self.bucket, self._now(), self.block * self.rate.interval
            )
            self.leases += 1
            self._slots.extend(start + n * self.rate.interval for n in range(self.block))
        return self._slots.popleft()

    async def acquire(self, requests: int = 1) -> float:
        """Wait until ``requests`` back-to-back sends fit; return how long this call waited.

        Callers queue in order (the lock is held while waiting), and each must call
        :meth:`release` with the same count once the platform answered.
        """
        waited = 0.0
        async with self._lock:
            ready = 0.0
            for _ in range(requests):
                ready = await self._next_slot()
            delay = ready - self._now()
            if delay > 0:
                waited += delay
                await self.sleep(delay)
            while True:
                now = self._now()
                while self._ends and now - self._ends[0] >= WINDOW:
                    self._ends.popleft()
                busy = len(self._ends) + self._in_flight
                if busy == 0 or busy + requests <= self.window_cap:
                    break
                if self._ends:
                    delay = self._ends[0] + WINDOW - now
                    waited += delay
                    await self.sleep(delay)
                else:
                    self._released.clear()
                    await self._released.wait()
            self._in_flight += requests
            self._started.append(self._now())
        return waited

    def release(self, requests: int = 1) -> None:
        """Record that ``requests`` sends got their answer (or failed) just now."""
        now = self._now()
        self._in_flight = max(0, self._in_flight - requests)
        self._ends.extend([now] * requests)
        if self._started:
            self.latency += now - self._started.popleft()
            self.answered += 1
        self._released.set()

    def share(self, rank: int, replicas: int) -> None:
        """Take this replica's part of the window: the parts of all live replicas add up to it."""
        replicas = max(1, replicas)
        part = self.limit // replicas + (1 if rank < self.limit % replicas else 0)
        self.window_cap = max(1, part)

    async def penalise(self, until: float) -> None:
        """Drop leased times before ``until`` and hold the shared budget until then."""
        self._slots = deque(t for t in self._slots if t >= until)
        await self.budget.penalise(self.bucket, until)


class RateLimiter:
    """Paces posts: a global bucket per platform, plus a per-channel bucket on Slack."""

    def __init__(
        self,
        budget: Budget,
        clock: Clock,
        *,
        global_rates: dict[str, Rate],
        channel_rates: dict[str, Rate] | None = None,
        window_caps: dict[str, int] | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.budget = budget
        self.clock = clock
        self.global_rates = global_rates
        self.channel_rates = (
            {"slack": DEFAULT_SLACK_CHANNEL_RATE} if channel_rates is None else channel_rates
        )
        self.sleep = sleep
        self.waited = 0.0
        self.pacers = {
            platform: Pacer(
                budget,
                f"{platform}:global",
                rate,
                clock,
                sleep,
                window_cap=(window_caps or {}).get(platform),
            )
            for platform, rate in global_rates.items()
        }

    async def acquire(self, platform: str, channel_id: str, requests: int = 1) -> None:
        """Wait until ``requests`` posts to this channel fit every budget."""
        if platform in self.channel_rates:
            rate = self.channel_rates[platform]
            now = self.clock.now().timestamp()
            bucket = f"{platform}:channel:{channel_id}"
            start = await self.budget.reserve(bucket, now, requests * rate.interval)
            # Wait for the last reserved request's turn, so no request leaves early.
            delay = start + (requests - 1) * rate.interval - self.clock.now().timestamp()
            if delay > 0:
                self.waited += delay
                await self.sleep(delay)
        pacer = self.pacers.get(platform)
        if pacer is not None:
            self.waited += await pacer.acquire(requests)

    def share(self, rank: int, replicas: int) -> None:
        """Split every global window among ``replicas`` live processes (this one is ``rank``)."""
        for pacer in self.pacers.values():
            pacer.share(rank, replicas)

    def release(self, platform: str, requests: int = 1) -> None:
        """Record that sends acquired with :meth:`acquire` are answered."""
        pacer = self.pacers.get(platform)
        if pacer is not None:
            pacer.release(requests)

    @contextlib.asynccontextmanager
    async def sending(
        self, platform: str, channel_id: str, requests: int = 1
    ) -> AsyncIterator[None]:
        """Wait for the budget, then hold it while the block's requests are in flight."""
        await self.acquire(platform, channel_id, requests)
        try:
            yield
        finally:
            self.release(platform, requests)

    async def penalise(self, platform: str, channel_id: str, retry_after: float) -> None:
        """Honour a 429: hold the budget it concerns for ``retry_after`` seconds.

        Slack limits posts per channel, so only that channel waits; a Discord 429 that reaches
        us (discord.py already waits out per-route limits) holds the global budget.
        """
        until = self.clock.now().timestamp() + max(retry_after, 0.0)
        if platform in self.channel_rates:
            await self.budget.penalise(f"{platform}:channel:{channel_id}", until)
        elif platform in self.pacers:
            await self.pacers[platform].penalise(until)
