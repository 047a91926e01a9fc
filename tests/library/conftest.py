"""Fixtures for the shared library: a private PostgreSQL database and replica parts on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.core.store import BriefingLibrary
from bot.ingest.pipeline import IngestService
from bot.library.follower import LibraryFollower
from bot.settings import Settings


class Replica:
    """One replica's library, follower and ingest service, each with its own directories."""

    def __init__(self, root: Path, url: str) -> None:
        self.settings = Settings(
            briefings_dir=root / "briefings",
            data_dir=root / "data",
            database_url=url,
            _env_file=None,  # type: ignore[call-arg]
        )
        self.settings.briefings_dir.mkdir(parents=True, exist_ok=True)
        self.library = BriefingLibrary(self.settings.briefings_dir)
        self.follower = LibraryFollower(url, self.library, poll_seconds=30)
        self.ingest = IngestService(self.settings)

    async def start(self) -> None:
        """Load the files, then the shared library (as App.run does)."""
        self.library.reload()
        await self.follower.start()

    async def close(self) -> None:
        """Close the follower and the ingest service."""
        await self.follower.close()
        await self.ingest.close()


@pytest.fixture
async def replicas(tmp_path: Path, postgres_url: str) -> AsyncIterator[Callable[[str], Replica]]:
    """Return a factory of replicas on one shared database (closed after the test)."""
    made: list[Replica] = []

    def make(name: str) -> Replica:
        replica = Replica(tmp_path / name, postgres_url)
        made.append(replica)
        return replica

    yield make
    for replica in made:
        await replica.close()
