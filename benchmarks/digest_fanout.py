"""Benchmark: one digest fanned out to N Discord channels under Discord's 50 requests/s limit.

The fake Discord (tests/fakes/discord.py) enforces 50 requests in any 1-second window and
answers 429 beyond it. The bot side is the real scheduler + DiscordPublisher (discord.py HTTP
client). With ``--replicas 3`` three scheduler services share one PostgreSQL database and one
rate budget row (each its own HTTP client), racing for the same deliveries.

    .venv/bin/python -m benchmarks.digest_fanout --channels 10000
    .venv/bin/python -m benchmarks.digest_fanout --channels 10000 --replicas 3 --postgres
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import logging
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from discord.http import HTTPClient, Route

from bot.adapters.discord.publisher import DiscordPublisher
from bot.core.index import Index
from bot.core.models import Briefing
from bot.core.ports import SystemClock
from bot.scheduling.db import open_database
from bot.scheduling.deliveries import DeliveryStore
from bot.scheduling.scheduler import SchedulerService
from bot.scheduling.subscriptions import SubscriptionStore, make_spec
from bot.settings import Settings
from tests.core.factories import briefing_dict
from tests.fakes.discord import FakeDiscord
from tests.scheduling.conftest import create_postgres_database, drop_postgres_database


async def fan_out(url: str, channels: int, replicas: int) -> dict[str, object]:
    """Fan one digest out to ``channels`` channels; return throughput and correctness counts."""
    fake = FakeDiscord(rate_limit_per_second=50)
    await fake.start()
    Route.BASE = fake.api_url.rstrip("/")
    now = datetime.now(UTC)
    story = Briefing.model_validate(
        briefing_dict("fresh", published=(now - timedelta(hours=1)).isoformat())
    )
    index = Index([story])
    engine = await open_database(url)
    store = SubscriptionStore(engine)
    slot = (now + timedelta(seconds=5)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    ids = [1_300_000_000_000_000_000 + n for n in range(channels)]
    for channel in ids:
        await store.add(
            make_spec(
                platform="discord", channel_id=str(channel), at=slot.strftime("%H:%M"), tz="UTC"
            ),
            now - timedelta(minutes=5),
        )
    settings = Settings(_env_file=None, digests_file=Path("/nonexistent.yaml"))  # type: ignore[call-arg]
    clients, services = [], []
    for n in range(replicas):
        http = HTTPClient(asyncio.get_running_loop())
        await http.static_login("fake-token")
        clients.append(http)
        replica_engine = engine if n == 0 else await open_database(url)
        service = SchedulerService(
            settings,
            index=lambda: index,
            clock=SystemClock(),
            publishers={"discord": DiscordPublisher(http)},
            engine=replica_engine,
            owner=f"replica-{n}",
        )
        await service.open()
        services.append(service)
    await asyncio.sleep(max((slot - datetime.now(UTC)).total_seconds(), 0))
    started = time.monotonic()
    await asyncio.gather(*(s.sweep() for s in services))
    elapsed = time.monotonic() - started
    posts = [r for r in fake.requests if r.method == "POST" and "/messages" in r.path]
    counts = await DeliveryStore(engine).counts()
    per_channel = collections.Counter(len(fake.messages[c]) for c in ids)
    for http in clients:
        await http.close()
    for service in services:
        if service.engine is not None:
            await service.engine.dispose()
    await fake.stop()
    sent = counts.get("sent", 0)
    return {
        "channels": channels,
        "replicas": replicas,
        "seconds": round(elapsed, 1),
        "messages_per_second": round(sent / elapsed, 2),
        "sent": sent,
        "duplicates": sum((n - 1) * k for n, k in per_channel.items() if n > 1),
        "missing": per_channel.get(0, 0),
        # Every POST that did not create a message was refused (429) or deduplicated by nonce.
        "refused_posts": len(posts) - sum(len(fake.messages[c]) for c in ids),
        "post_requests": len(posts),
        "statuses": dict(counts),  # type: ignore[dict-item]
    }


def main() -> None:
    """Run the benchmark and print its result."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.postgres:
        url = create_postgres_database()
        try:
            result = asyncio.run(fan_out(url, args.channels, args.replicas))
        finally:
            drop_postgres_database(url)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result = asyncio.run(
                fan_out(f"sqlite+aiosqlite:///{tmp}/bench.db", args.channels, args.replicas)
            )
    print(result)


if __name__ == "__main__":
    main()
