"""Three bot processes on one PostgreSQL database race for the same slot: one message each."""

from __future__ import annotations

import asyncio
import collections
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.db.engine import open_database
from bot.db.tables import deliveries
from bot.scheduling.subscriptions import SubscriptionStore, make_spec
from tests.fakes.discord import FakeDiscord
from tests.scheduling.test_crash import bot_env, prepare, start_bot, wait_all_final

CHANNELS = [1_200_000_000_000_002_000 + n for n in range(240)]


async def subscribe_all_due_now(database_url: str) -> None:
    """Subscribe every channel to a slot two minutes past (due at the next sweep)."""
    now = datetime.now(UTC)
    slot = (now - timedelta(minutes=2)).strftime("%H:%M")
    engine = await open_database(database_url)
    store = SubscriptionStore(engine)
    for channel in CHANNELS:
        spec = make_spec(
            platform="discord", channel_id=str(channel), workspace_id="1", at=slot, tz="UTC"
        )
        await store.add(spec, now - timedelta(minutes=10))
    await engine.dispose()


def logins(fake: FakeDiscord) -> int:
    """Return how many bot processes have logged in to the fake."""
    return sum(r.path.endswith("/users/@me") for r in fake.requests)


async def owners(database_url: str) -> collections.Counter[str]:
    """Return how many deliveries each replica recorded."""
    engine = await open_database(database_url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(select(deliveries.c.owner))).all()
        return collections.Counter(str(row[0]) for row in rows)
    finally:
        await engine.dispose()


@pytest.mark.slow
@pytest.mark.postgres
async def test_three_replica_processes_post_each_channels_digest_exactly_once(
    tmp_path: Path, postgres_url: str
) -> None:
    """Three bot processes, 240 channels due at once: each channel gets one message, no 429."""
    fake = FakeDiscord(rate_limit_per_second=50)  # Discord's global limit, enforced
    await fake.start()
    bots: list[asyncio.subprocess.Process] = []
    try:
        await prepare(tmp_path, postgres_url, [])
        env = bot_env(tmp_path, postgres_url)
        bots = [await start_bot(fake, env) for _ in range(3)]
        # Every replica logs in before the slot becomes due, so all three race for it.
        await fake.wait_for(lambda: logins(fake) >= 3, within=60)
        await subscribe_all_due_now(postgres_url)
        counts = await wait_all_final(postgres_url, len(CHANNELS), within=90)
        for bot in bots:
            bot.send_signal(signal.SIGTERM)
        errors = [(await asyncio.wait_for(bot.communicate(), 30))[1] for bot in bots]
        assert counts == {"sent": len(CHANNELS)}, b"\n".join(errors).decode()[-3000:]
        per_channel = {c: len(fake.messages[c]) for c in CHANNELS}
        assert per_channel == dict.fromkeys(CHANNELS, 1)  # zero duplicates, zero misses
        posts = [r for r in fake.requests if r.method == "POST" and "/messages" in r.path]
        assert len(posts) == len(CHANNELS)  # no post was refused with a 429
        assert fake.violations == []
        assert len(await owners(postgres_url)) >= 2  # the work was shared, not one winner
    finally:
        for bot in bots:
            if bot.returncode is None:
                bot.kill()
                await bot.wait()
        await fake.stop()
