"""Rate budgets for fan-out: one GCRA bucket per platform (and per Slack channel).

GCRA keeps one number per bucket, the theoretical arrival time (TAT) of the next request. A
sender reserves ``cost`` requests by moving the TAT forward and waits until its turn, so
requests leave evenly spaced instead of in bursts. :class:`SqlBudget` keeps the TAT in the
database: every replica reserves from the same row, which shares Discord's global limit among
them (on one clock; replicas on different machines need synchronised clocks). A 429 pushes the
TAT past its retry-after for everyone.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import case, literal, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.ports import Clock
from bot.scheduling.db import rate_budgets

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


class RateLimiter:
    """Paces posts: a global bucket per platform, plus a per-channel bucket on Slack."""

    def __init__(
        self,
        budget: Budget,
        clock: Clock,
        *,
        global_rates: dict[str, Rate],
        channel_rates: dict[str, Rate] | None = None,
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

    def _buckets(self, platform: str, channel_id: str) -> list[tuple[str, Rate]]:
        found = []
        if platform in self.global_rates:
            found.append((f"{platform}:global", self.global_rates[platform]))
        if platform in self.channel_rates:
            found.append((f"{platform}:channel:{channel_id}", self.channel_rates[platform]))
        return found

    async def acquire(self, platform: str, channel_id: str, requests: int = 1) -> None:
        """Wait until ``requests`` posts to this channel fit every budget."""
        ready = self.clock.now().timestamp()
        for bucket, rate in self._buckets(platform, channel_id):
            now = self.clock.now().timestamp()
            start = await self.budget.reserve(bucket, now, requests * rate.interval)
            # Wait for the last reserved request's turn, so no request leaves early.
            ready = max(ready, start + (requests - 1) * rate.interval)
        delay = ready - self.clock.now().timestamp()
        if delay > 0:
            self.waited += delay
            await self.sleep(delay)

    async def penalise(self, platform: str, channel_id: str, retry_after: float) -> None:
        """Honour a 429: hold the budget it concerns for ``retry_after`` seconds.

        Slack limits posts per channel, so only that channel waits; a Discord 429 that reaches
        us (discord.py already waits out per-route limits) holds the global budget.
        """
        until = self.clock.now().timestamp() + max(retry_after, 0.0)
        if platform in self.channel_rates:
            bucket = f"{platform}:channel:{channel_id}"
        elif platform in self.global_rates:
            bucket = f"{platform}:global"
        else:
            return
        await self.budget.penalise(bucket, until)
