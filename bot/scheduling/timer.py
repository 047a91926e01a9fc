"""The in-process timer: APScheduler 3 wakes the sweep loop; it stores nothing durable.

APScheduler is untyped, so it stays behind this module. Jobs only *poke* the scheduler
service; the truth about what is due lives in our tables, never in a job store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)


class Timer:
    """Calls ``poke`` every ``every`` seconds and once at the next instant asked for."""

    def __init__(self, poke: Callable[[], None], every: float) -> None:
        self._poke = poke
        self._every = every
        self._scheduler: Any = None

    def start(self) -> None:
        """Start the timer on the running event loop."""
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self._poke,
            "interval",
            seconds=self._every,
            id="sweep",
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
        scheduler.start()
        self._scheduler = scheduler

    def wake_at(self, when: datetime) -> None:
        """Poke once at ``when`` (replacing the previous wake-up)."""
        if self._scheduler is None:
            return
        self._scheduler.add_job(
            self._poke,
            "date",
            run_date=when,
            id="wake",
            replace_existing=True,
            misfire_grace_time=None,
        )

    def shutdown(self) -> None:
        """Stop the timer."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
