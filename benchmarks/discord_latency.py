"""Discord latency: gateway dispatch of an interaction to its callback arriving at the fake.

Usage: .venv/bin/python benchmarks/discord_latency.py [--stories 100000] [--runs 400]

Builds an index of synthetic briefings in memory (about 10 quotes and 10 figures each, a
few thousand speakers), runs the real discord.py bot against the fake Discord on 127.0.0.1,
and measures p50/p99 for ``/quote <speaker>`` commands and speaker autocomplete. Time is taken
in the fake: from just before INTERACTION_CREATE is written to the websocket until the
callback request reaches its handler (before the fake's own schema validation).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synthetic import build_index  # noqa: E402 - benchmarks are scripts, not a package

from bot.adapters.discord.client import DiscordService  # noqa: E402
from bot.core.commands import CommandEngine  # noqa: E402
from bot.core.index import Index  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.fakes.discord import FakeDiscord  # noqa: E402


def percentile(samples: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) in milliseconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] * 1000


async def measure(index: Index, cast: list[tuple[str, str]], runs: int) -> None:
    """Run the bot against the fake and print the latency percentiles."""
    fake = FakeDiscord()
    await fake.start()
    engine = CommandEngine(lambda: index)
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            discord_token="bench",  # noqa: S106 - the fake accepts any token
            discord_api_url=fake.api_url,
            data_dir=Path(data),
            watch=False,
        )
        service = DiscordService(settings, engine, guild_ready_timeout=0.05)
        await service.start()
        rng = random.Random(11)
        try:
            results: dict[str, list[float]] = {
                "command": [],
                "autocomplete": [],
                "engine_quote": [],
                "engine_complete": [],
            }
            for n in range(runs + 20):
                _pid, name = rng.choice(cast)
                surname = name.split()[-1]
                for kind in ("command", "autocomplete"):
                    if kind == "command":
                        payload = fake.interaction(
                            2,
                            {
                                "id": "1",
                                "name": "quote",
                                "type": 1,
                                "options": [{"name": "speaker", "type": 3, "value": name}],
                            },
                        )
                    else:
                        prefix = surname[: rng.randint(2, len(surname))].lower()
                        payload = fake.interaction(
                            4,
                            {
                                "id": "1",
                                "name": "quote",
                                "type": 1,
                                "options": [
                                    {"name": "speaker", "type": 3, "value": prefix, "focused": True}
                                ],
                            },
                        )
                    sent = time.perf_counter()
                    interaction = await fake.dispatch_interaction(payload)
                    await fake.callback(interaction, within=30)
                    if n >= 20:  # warm-up excluded
                        results[kind].append(fake.callback_times[interaction] - sent)
                started = time.perf_counter()
                await engine.execute("quote", {"speaker": name}, _invocation())
                middle = time.perf_counter()
                engine.complete("speaker", surname[:3])
                if n >= 20:
                    results["engine_quote"].append(middle - started)
                    results["engine_complete"].append(time.perf_counter() - middle)
            for kind, samples in results.items():
                print(
                    f"{kind:16} n={len(samples)} p50={percentile(samples, 50):.2f} ms "
                    f"p99={percentile(samples, 99):.2f} ms "
                    f"mean={statistics.mean(samples) * 1000:.2f} ms"
                )
            if fake.violations:
                print("VIOLATIONS:", *fake.violations[:5], sep="\n")
        finally:
            await service.close()
            await fake.stop()


def _invocation() -> object:
    from bot.core.commands import Invocation

    return Invocation(platform="discord")


def main() -> None:
    """Parse arguments, build the index and measure."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--speakers", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=400)
    args = parser.parse_args()
    index, cast = build_index(args.stories, args.speakers)
    asyncio.run(measure(index, cast, args.runs))


if __name__ == "__main__":
    main()
