"""Ports: the roles other parts play for the core, as Protocols with real implementations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol

from bot.core.reply import Reply

Platform = Literal["discord", "slack", "console"]


class Clock(Protocol):
    """Tells the time; tests inject a fake one instead of sleeping."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the current UTC time."""
        return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a message goes: a channel on one platform (and its guild or workspace)."""

    platform: Platform
    channel_id: str
    workspace_id: str | None = None


class Publisher(Protocol):
    """Sends replies to a channel; implemented by each adapter and by test fakes."""

    @property
    def platform(self) -> Platform:
        """Return the platform this publisher posts to."""
        ...

    async def publish(self, target: Target, pages: Sequence[Reply], *, key: str) -> list[str]:
        """Post the pages as messages tagged with ``key``; return the platform message ids.

        ``key`` is deterministic per delivery (Discord ``nonce``, Slack message metadata) so
        that :meth:`find_published` can tell after a crash whether the post went out.
        """
        ...

    async def find_published(self, target: Target, key: str) -> list[str] | None:
        """Return the ids of messages already posted with ``key``, or None if none are found."""
        ...
