"""In-process fakes for scheduling tests: a clock, a sleeper and a Publisher."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.core.ports import Platform, Target
from bot.core.reply import Reply
from bot.errors import ChannelUnavailable, PlatformError, RateLimited
from tests.helpers import FakeClock


@dataclass
class Post:
    target: Target
    key: str
    pages: tuple[Reply, ...]
    ids: list[str]
    at: datetime


@dataclass
class FakePublisher:
    """Implements the Publisher port; records posts and can fail on request."""

    platform: Platform = "discord"
    clock: FakeClock | None = None
    posts: list[Post] = field(default_factory=list)
    # Queue of failures for the next publish calls: "429", "429-after-1", "403", "timeout",
    # "timeout-sent".
    failures: list[str] = field(default_factory=list)
    check_fails: bool = False
    counter: int = 0

    async def publish(self, target: Target, pages: Sequence[Reply], *, key: str) -> list[str]:
        if self.failures:
            kind = self.failures.pop(0)
            if kind == "429":
                raise RateLimited("slow down", 2.0)
            if kind == "403":
                raise ChannelUnavailable("403 Missing Access")
            if kind == "429-after-1":
                # The first page went out, then Discord said slow down.
                self._record(target, pages[:1], key)
                raise RateLimited("slow down", 2.0)
            if kind == "timeout-sent":
                self._record(target, pages, key)
                raise PlatformError("TimeoutError: read timed out")
            raise PlatformError("TimeoutError: connect timed out")
        return self._record(target, pages, key)

    def _record(self, target: Target, pages: Sequence[Reply], key: str) -> list[str]:
        ids = []
        for _ in pages:
            self.counter += 1
            ids.append(str(self.counter))
        now = self.clock.now() if self.clock else datetime.now(UTC)
        self.posts.append(Post(target, key, tuple(pages), ids, now))
        return ids

    async def find_published(self, target: Target, key: str) -> list[str] | None:
        if self.check_fails:
            raise PlatformError("cannot read history")
        found = [i for p in self.posts if p.key == key and p.target == target for i in p.ids]
        return found or None

    def keys(self) -> list[str]:
        return [p.key for p in self.posts]
