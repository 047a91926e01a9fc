"""Builders shared by the scheduling tests: settings, an index with fresh stories, a service."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.index import Index
from bot.core.models import Briefing
from bot.core.ports import Publisher
from bot.scheduling.ratelimit import LocalBudget
from bot.scheduling.scheduler import SchedulerService
from bot.settings import Settings
from tests.core.factories import briefing_dict
from tests.helpers import FakeClock


def make_settings(tmp: Path | None = None, **overrides: Any) -> Settings:
    """Return settings that ignore the developer's .env."""
    values: dict[str, Any] = {"digests_file": (tmp or Path("/nonexistent")) / "digests.yaml"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def story(story_id: str, published: str, topics: list[str] | None = None) -> Briefing:
    """Return a briefing published at an ISO instant."""
    data = briefing_dict(story_id, published=published, title=f"Story {story_id}")
    if topics is not None:
        data["topics"] = topics
    return Briefing.model_validate(data)


class Library:
    """A mutable index holder, like the real BriefingLibrary."""

    def __init__(self, *stories: Briefing) -> None:
        self.index = Index(stories)

    def add(self, *stories: Briefing) -> None:
        self.index = Index([*self.index.stories, *stories])


async def make_service(
    engine: AsyncEngine,
    clock: FakeClock,
    publishers: Mapping[str, Publisher],
    library: Library,
    *,
    owner: str = "worker-a",
    settings: Settings | None = None,
) -> SchedulerService:
    """Return an opened scheduler service on a fake clock (sleeping moves the clock)."""
    service = SchedulerService(
        settings or make_settings(),
        index=lambda: library.index,
        clock=clock,
        publishers=dict(publishers),
        engine=engine,
        budget=LocalBudget(),
        sleep=clock.sleep,
        owner=owner,
    )
    await service.open()
    return service


def utc(text: str) -> datetime:
    """Parse an ISO instant."""
    return datetime.fromisoformat(text)
