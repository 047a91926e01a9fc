"""Fixtures: a fake Discord on 127.0.0.1 and a real discord.py bot connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.discord.client import DiscordService
from bot.core.commands import CommandEngine
from bot.core.store import BriefingLibrary
from bot.settings import Settings
from tests.fakes.discord import FakeDiscord

GUILD = 1_200_000_000_000_000_100
CHANNEL = 1_200_000_000_000_000_200


def discord_settings(fake: FakeDiscord, data_dir: Path, **overrides: Any) -> Settings:
    """Return settings that point the bot at the fake."""
    values: dict[str, Any] = {
        "discord_token": "fake-token",
        "discord_api_url": fake.api_url,
        "data_dir": data_dir,
        "watch": False,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
def engine(briefings_dir: Path) -> CommandEngine:
    """Return a command engine over the seed briefing."""
    library = BriefingLibrary(briefings_dir)
    library.reload()
    return CommandEngine(lambda: library.index)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """Serve a fake Discord; fail the test if any request broke Discord's rules."""
    server = FakeDiscord()
    await server.start()
    yield server
    await server.stop()
    assert server.violations == [], "requests violated Discord's API:\n" + "\n".join(
        server.violations
    )


async def start_service(
    fake: FakeDiscord, engine: CommandEngine, data_dir: Path, **kw: Any
) -> DiscordService:
    """Start a real discord.py bot against the fake (settings overrides in kw)."""
    options = {k: kw.pop(k) for k in ("defer_after", "answer_timeout") if k in kw}
    bot = DiscordService(
        discord_settings(fake, data_dir, **kw), engine, guild_ready_timeout=0.05, **options
    )
    await bot.start()
    return bot


@pytest.fixture
async def service(
    fake: FakeDiscord, engine: CommandEngine, tmp_path: Path
) -> AsyncIterator[DiscordService]:
    """Run the real discord.py bot against the fake until the test ends."""
    bot = await start_service(fake, engine, tmp_path / "data")
    yield bot
    await bot.close()
