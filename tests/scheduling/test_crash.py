"""Crash tests: the bot runs as a subprocess, is SIGKILLed at named points, and restarts.

Whatever the point, every channel ends up with its digest exactly once (the real discord.py
HTTP client against the fake Discord server), on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot.db.engine import open_database
from bot.scheduling.deliveries import DeliveryStore
from bot.scheduling.subscriptions import SubscriptionStore, make_spec
from tests.conftest import REPO
from tests.core.factories import briefing_dict
from tests.fakes.discord import FakeDiscord
from tests.fakes.slack import Channel, FakeSlack
from tests.helpers import WaitTimeout, wait_until

CHANNELS = [1_200_000_000_000_001_000 + n for n in range(8)]
FINAL = {"sent", "failed", "uncertain", "skipped"}


def bot_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(
        {
            "BRIEFBOT_DATABASE_URL": database_url,
            "BRIEFBOT_BRIEFINGS_DIR": str(tmp_path / "briefings"),
            "BRIEFBOT_DATA_DIR": str(tmp_path / "data"),
            "BRIEFBOT_DIGESTS_FILE": str(tmp_path / "digests.yaml"),
            "BRIEFBOT_WATCH": "false",
            "BRIEFBOT_HTTP_ENABLED": "false",
            "BRIEFBOT_SWEEP_SECONDS": "1",
            "BRIEFBOT_DELIVERY_LEASE_SECONDS": "2",
            "BRIEFBOT_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
        }
    )
    env.update(extra)
    return env


async def prepare(
    tmp_path: Path,
    database_url: str,
    channels: list[int] | list[str] = CHANNELS,
    platform: str = "discord",
) -> None:
    """Write a fresh story and one subscription per channel whose slot is two minutes past."""
    now = datetime.now(UTC)
    briefings = tmp_path / "briefings"
    briefings.mkdir()
    data = briefing_dict("fresh-news", published=(now - timedelta(hours=1)).isoformat())
    (briefings / "fresh-news.yaml").write_text(yaml.safe_dump(data))
    slot = (now - timedelta(minutes=2)).strftime("%H:%M")
    engine = await open_database(database_url)
    store = SubscriptionStore(engine)
    for channel in channels:
        spec = make_spec(
            platform=platform,  # type: ignore[arg-type]
            channel_id=str(channel),
            workspace_id="1" if platform == "discord" else "T1",
            at=slot,
            tz="UTC",
        )
        await store.add(spec, now - timedelta(minutes=10))
    await engine.dispose()


async def start_bot(
    fake: FakeDiscord | FakeSlack, env: dict[str, str]
) -> asyncio.subprocess.Process:
    platform = "slack" if isinstance(fake, FakeSlack) else "discord"
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.scheduling.crash_bot",
        fake.api_url,
        platform,
        env=env,
        cwd=REPO,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def wait_all_final(database_url: str, expected: int, within: float = 40.0) -> dict[str, int]:
    engine = await open_database(database_url)
    try:
        store = DeliveryStore(engine)

        async def all_final() -> bool:
            counts = await store.counts()
            return sum(n for s, n in counts.items() if s in FINAL) >= expected

        with contextlib.suppress(WaitTimeout):  # the caller asserts on the counts
            await wait_until(all_final, within, interval=0.2)
        return await store.counts()
    finally:
        await engine.dispose()


async def crash_and_recover(tmp_path: Path, database_url: str, point: str, after: int) -> None:
    fake = FakeDiscord()
    await fake.start()
    try:
        await prepare(tmp_path, database_url)
        env = bot_env(tmp_path, database_url)
        crashing = await start_bot(
            fake, {**env, "BRIEFBOT_CRASH_AT": point, "BRIEFBOT_CRASH_AFTER": str(after)}
        )
        _, err = await asyncio.wait_for(crashing.communicate(), 60)
        assert crashing.returncode == -signal.SIGKILL, err.decode()[-2000:]
        recovering = await start_bot(fake, env)
        counts = await wait_all_final(database_url, len(CHANNELS))
        recovering.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(recovering.communicate(), 30)
        assert counts == {"sent": len(CHANNELS)}, err.decode()[-2000:]
        per_channel = {c: len(fake.messages[c]) for c in CHANNELS}
        assert per_channel == dict.fromkeys(CHANNELS, 1)  # zero duplicates, zero misses
        assert fake.violations == []
    finally:
        await fake.stop()


CRASH_POINTS = [("after_claim", 1), ("before_send", 2), ("after_send", 3), ("before_record", 5)]


@pytest.mark.slow
@pytest.mark.parametrize(("point", "after"), CRASH_POINTS)
async def test_sqlite_bot_killed_mid_delivery_delivers_each_digest_once(
    tmp_path: Path, point: str, after: int
) -> None:
    """SIGKILL at a named point, restart: every channel has exactly one digest (SQLite)."""
    await crash_and_recover(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", point, after)


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize(("point", "after"), CRASH_POINTS)
async def test_postgres_bot_killed_mid_delivery_delivers_each_digest_once(
    tmp_path: Path, postgres_url: str, point: str, after: int
) -> None:
    """SIGKILL at a named point, restart: every channel has exactly one digest (PostgreSQL)."""
    await crash_and_recover(tmp_path, postgres_url, point, after)


SLACK_CHANNELS = [f"C{n}" for n in range(10, 16)]


@pytest.mark.slow
@pytest.mark.postgres
async def test_slack_bot_killed_after_send_recovers_through_message_metadata(
    tmp_path: Path, postgres_url: str
) -> None:
    """SIGKILL right after a Slack post: the restart finds it by metadata and posts no copy."""
    fake = FakeSlack()
    await fake.start()
    for channel in SLACK_CHANNELS:
        fake.channels[channel] = Channel(channel, f"news-{channel}")
    try:
        await prepare(tmp_path, postgres_url, SLACK_CHANNELS, platform="slack")
        env = bot_env(tmp_path, postgres_url)
        crashing = await start_bot(
            fake, {**env, "BRIEFBOT_CRASH_AT": "after_send", "BRIEFBOT_CRASH_AFTER": "2"}
        )
        _, err = await asyncio.wait_for(crashing.communicate(), 60)
        assert crashing.returncode == -signal.SIGKILL, err.decode()[-2000:]
        recovering = await start_bot(fake, env)
        counts = await wait_all_final(postgres_url, len(SLACK_CHANNELS))
        recovering.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(recovering.communicate(), 30)
        assert counts == {"sent": len(SLACK_CHANNELS)}, err.decode()[-2000:]
        per_channel = {c: len(fake.channels[c].messages) for c in SLACK_CHANNELS}
        assert per_channel == dict.fromkeys(SLACK_CHANNELS, 1)  # zero duplicates, zero misses
        assert fake.count("conversations.history") >= 1  # recovery read the channel
        assert fake.violations == []
    finally:
        await fake.close()
