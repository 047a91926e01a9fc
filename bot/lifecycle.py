"""Ordered, bounded shutdown: parts stop in reverse start order within one grace period.

Starting the platforms before the scheduler, and the HTTP server last, gives the order a
graceful shutdown needs: the HTTP server stops taking requests first, the scheduler then
finishes (or releases) its in-flight deliveries while the platforms can still send them,
and the platform connections close last.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)

StopFn = Callable[[], Awaitable[None]]
# Even after the grace period is spent, each later part gets this long to close its sockets.
MIN_PART_SECONDS = 1.0


class Lifecycle:
    """The running parts, in the order they started."""

    def __init__(self) -> None:
        self._parts: list[tuple[str, StopFn]] = []

    @property
    def names(self) -> list[str]:
        """Return the running parts' names, in start order."""
        return [name for name, _ in self._parts]

    def started(self, name: str, stop: StopFn) -> None:
        """Record that a part started and how to stop it."""
        self._parts.append((name, stop))

    async def stop_all(self, grace: float) -> list[str]:
        """Stop every part, newest first, within ``grace`` seconds; return those that failed."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        failed: list[str] = []
        while self._parts:
            name, stop = self._parts.pop()
            timeout = max(deadline - loop.time(), MIN_PART_SECONDS)
            try:
                await asyncio.wait_for(stop(), timeout)
            except TimeoutError:
                log.warning("%s did not stop within %.1f s; abandoned", name, timeout)
                failed.append(name)
            except Exception:
                log.exception("%s failed while stopping", name)
                failed.append(name)
            else:
                log.info("%s stopped", name)
        return failed
