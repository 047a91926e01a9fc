"""Benchmark: one digest fanned out to N Discord channels under Discord's 50 requests/s limit.

The fake Discord (tests/fakes/discord.py) runs in a process of its own, as Discord would, and
enforces 50 requests in any sliding 1-second window, answering 429 beyond it. The bot side is
the real scheduler + DiscordPublisher (discord.py HTTP client). ``--replicas N`` runs N bot
processes on one database (use ``--postgres``; SQLite is for one process), racing for the same
deliveries and sharing one rate budget row.

    .venv/bin/python -m benchmarks.digest_fanout --channels 10000
    .venv/bin/python -m benchmarks.digest_fanout --channels 10000 --replicas 3 --postgres
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import logging
import multiprocessing
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from discord.http import HTTPClient, Route

# Benchmarks are scripts: make the repository (bot/ and the tests' fakes) importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.adapters.discord.publisher import DiscordPublisher
from bot.core.index import Index
from bot.core.models import Briefing
from bot.core.ports import SystemClock
from bot.db.engine import open_database
from bot.scheduling.deliveries import DeliveryStore
from bot.scheduling.scheduler import SchedulerService
from bot.scheduling.subscriptions import SubscriptionStore, make_spec
from bot.settings import Settings
from tests.core.factories import briefing_dict
from tests.fakes.discord import FakeDiscord
from tests.scheduling.conftest import create_postgres_database, drop_postgres_database

FIRST_CHANNEL = 1_300_000_000_000_000_000


async def _serve_fake(pipe: Connection, channels: int) -> None:
    fake = FakeDiscord(rate_limit_per_second=50)
    await fake.start()
    pipe.send(fake.api_url)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, pipe.recv)  # "stop"
    posts = [r for r in fake.requests if r.method == "POST" and "/messages" in r.path]
    ids = [FIRST_CHANNEL + n for n in range(channels)]
    created = sum(len(fake.messages[c]) for c in ids)
    per_channel = collections.Counter(len(fake.messages[c]) for c in ids)
    arrivals = sorted(r.at for r in posts)
    pipe.send(
        {
            "post_requests": len(posts),
            "refused_posts": len(posts) - created,
            "other_requests": len(fake.requests) - len(posts),
            "duplicates": sum((n - 1) * k for n, k in per_channel.items() if n > 1),
            "missing": per_channel.get(0, 0),
            "first_post": arrivals[0] if arrivals else 0.0,
            "last_post": arrivals[-1] if arrivals else 0.0,
            "max_in_any_second": _max_in_window(arrivals),
        }
    )
    await fake.stop()


def _max_in_window(times: list[float]) -> int:
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def fake_process(pipe: Connection, channels: int) -> None:
    """Run the fake Discord until told to stop, then send back what it saw."""
    asyncio.run(_serve_fake(pipe, channels))


async def _replica(url: str, api_url: str, owner: str, slot: str) -> dict[str, float]:
    Route.BASE = api_url.rstrip("/")
    due = datetime.fromisoformat(slot)
    story = Briefing.model_validate(
        briefing_dict("fresh", published=(due - timedelta(hours=1)).isoformat())
    )
    index = Index([story])
    settings = Settings(_env_file=None, digests_file=Path("/nonexistent.yaml"))  # type: ignore[call-arg]
    http = HTTPClient(asyncio.get_running_loop())
    await http.static_login("fake-token")
    service = SchedulerService(
        settings,
        index=lambda: index,
        clock=SystemClock(),
        publishers={"discord": DiscordPublisher(http)},
        engine=await open_database(url),
        owner=owner,
    )
    await service.open()
    # Like a running bot (SchedulerService.start), keep the replica heartbeat while waiting.
    while (wait := (due - datetime.now(UTC)).total_seconds()) > 0:
        await asyncio.sleep(min(wait, 5.0))
        await service.heartbeat()
    started = time.time()
    result = await service.sweep()
    finished = time.time()
    pacer = service.limiter.pacers["discord"]
    leases, latency = pacer.leases, pacer.latency / max(pacer.answered, 1)
    await http.close()
    if service.engine is not None:
        await service.engine.dispose()
    return {
        "started": started,
        "finished": finished,
        "taken": result.delivered,
        "leases": leases,
        "window_share": pacer.window_cap,
        "latency_ms": round(latency * 1000, 1),
    }


def replica_process(pipe: Connection, url: str, api_url: str, owner: str, slot: str) -> None:
    """Run one bot replica's sweep at the slot and send back its timings."""
    logging.basicConfig(level=logging.ERROR)
    pipe.send(asyncio.run(_replica(url, api_url, owner, slot)))


async def _prepare(url: str, channels: int) -> datetime:
    now = datetime.now(UTC)
    slot = (now + timedelta(seconds=15)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    engine = await open_database(url)
    store = SubscriptionStore(engine)
    for n in range(channels):
        await store.add(
            make_spec(
                platform="discord",
                channel_id=str(FIRST_CHANNEL + n),
                at=slot.strftime("%H:%M"),
                tz="UTC",
            ),
            now - timedelta(minutes=5),
        )
    await engine.dispose()
    return slot


async def _statuses(url: str) -> dict[str, int]:
    engine = await open_database(url)
    try:
        return await DeliveryStore(engine).counts()
    finally:
        await engine.dispose()


def fan_out(url: str, channels: int, replicas: int) -> dict[str, Any]:
    """Fan one digest out to ``channels`` channels; return throughput and correctness counts."""
    spawn = multiprocessing.get_context("spawn")
    fake_pipe, fake_end = spawn.Pipe()
    fake = spawn.Process(target=fake_process, args=(fake_end, channels))
    fake.start()
    api_url = fake_pipe.recv()
    slot = asyncio.run(_prepare(url, channels))
    pipes, workers = [], []
    for n in range(replicas):
        mine, theirs = spawn.Pipe()
        worker = spawn.Process(
            target=replica_process, args=(theirs, url, api_url, f"replica-{n}", slot.isoformat())
        )
        worker.start()
        pipes.append(mine)
        workers.append(worker)
    runs = [pipe.recv() for pipe in pipes]
    for worker in workers:
        worker.join()
    fake_pipe.send("stop")
    seen = fake_pipe.recv()
    fake.join()
    counts = asyncio.run(_statuses(url))
    sent = counts.get("sent", 0)
    elapsed = max(r["finished"] for r in runs) - min(r["started"] for r in runs)
    span = seen["last_post"] - seen["first_post"]
    created = seen["post_requests"] - seen["refused_posts"]
    return {
        "channels": channels,
        "replicas": replicas,
        "seconds": round(elapsed, 1),
        "messages_per_second": round(sent / elapsed, 2),
        # Sustained: messages created between the first and the last POST's arrival.
        "sustained_per_second": round((created - 1) / span, 2) if span > 0 else None,
        "sent": sent,
        "duplicates": seen["duplicates"],
        "missing": seen["missing"],
        "refused_posts_429": seen["refused_posts"],
        "post_requests": seen["post_requests"],
        "max_posts_in_any_second": seen["max_in_any_second"],
        "budget_leases": [r["leases"] for r in runs],
        "window_share": [r["window_share"] for r in runs],
        "mean_post_latency_ms": [r["latency_ms"] for r in runs],
        "taken_per_replica": [r["taken"] for r in runs],
        "statuses": dict(counts),
    }


def main() -> None:
    """Run the benchmark and print its result as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    if args.postgres:
        url = create_postgres_database()
        try:
            result = fan_out(url, args.channels, args.replicas)
        finally:
            drop_postgres_database(url)
    else:
        if args.replicas != 1:
            parser.error("several replicas need --postgres (SQLite serves one process)")
        with tempfile.TemporaryDirectory() as tmp:
            result = fan_out(f"sqlite+aiosqlite:///{tmp}/bench.db", args.channels, 1)
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
