"""Slack latency: a slash command arriving over Socket Mode, to its ack and to its answer.

Usage: .venv/bin/python benchmarks/slack_latency.py [--stories 100000] [--runs 400]

Builds an index of synthetic briefings in memory (about 10 quotes and 10 figures each, a few
thousand speakers), runs the real slack_bolt app in Socket Mode against the fake Slack on
127.0.0.1, and types ``/quote <speaker>`` (and ``/search``) commands. Time is taken in the fake:
from just before the envelope is written to the websocket until the ack arrives ("ack"), and
until the answer reaches the response URL ("response"). Bot and fake share one event loop and
one process, so the numbers include the fake's own work.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from synthetic import build_index  # noqa: E402 - benchmarks are scripts, not a package

from bot.adapters.slack.app import SlackService  # noqa: E402
from bot.core.commands import CommandEngine  # noqa: E402
from bot.core.index import Index  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.fakes.slack import APP_TOKEN, BOT_TOKEN, FakeSlack  # noqa: E402


def percentile(samples: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) in milliseconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] * 1000


async def one(fake: FakeSlack, command: str, text: str) -> tuple[float, float]:
    """Type one command; return (ack, response) latencies in seconds."""
    payload = fake.slash_payload(command, text)
    envelope = await fake.wait_ack(await fake.send_envelope("slash_commands", payload), 30)
    await fake.wait_responses(payload["response_url"], within=30)
    rid = payload["response_url"].rsplit("/", 1)[-1]
    assert envelope.acked_at is not None  # noqa: S101 - wait_ack guarantees it
    return envelope.acked_at - envelope.sent_at, fake.response_at[rid] - envelope.sent_at


async def measure(index: Index, cast: list[tuple[str, str]], runs: int) -> None:
    """Run the bot against the fake and print the latency percentiles."""
    fake = FakeSlack()
    await fake.start()
    engine = CommandEngine(lambda: index)
    with tempfile.TemporaryDirectory() as data:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            slack_bot_token=BOT_TOKEN,
            slack_app_token=APP_TOKEN,
            slack_api_url=fake.api_url,
            data_dir=Path(data),
            watch=False,
        )
        service = SlackService(settings, engine)
        await service.start()
        await fake.wait_socket()
        rng = random.Random(11)
        results: dict[str, tuple[list[float], list[float]]] = {
            "quote": ([], []),
            "search": ([], []),
        }
        try:
            for _ in range(20):  # warm up: first auth.test, connection pool, caches
                await one(fake, "/quote", rng.choice(cast)[1])
            for n in range(runs):
                _pid, name = rng.choice(cast)
                kind = "quote" if n % 4 else "search"
                text = name if kind == "quote" else name.split()[-1]
                ack, response = await one(fake, f"/{kind}", text)
                results[kind][0].append(ack)
                results[kind][1].append(response)
        finally:
            await service.close()
            await fake.close()
    assert not fake.violations, fake.violations[:3]  # noqa: S101 - a benchmark of bad payloads is void
    for kind, (acks, responses) in results.items():
        print(
            f"/{kind:6} n={len(acks):4}  ack p50 {percentile(acks, 50):6.2f} ms  "
            f"p99 {percentile(acks, 99):6.2f} ms  |  response p50 "
            f"{percentile(responses, 50):6.2f} ms  p99 {percentile(responses, 99):6.2f} ms  "
            f"(mean {statistics.mean(responses) * 1000:.2f} ms)"
        )


def main() -> None:
    """Parse arguments, build the index, run the measurement."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--speakers", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument(
        "--gc-freeze", action="store_true", help="move the index out of the GC's reach first"
    )
    args = parser.parse_args()
    index, cast = build_index(args.stories, args.speakers)
    if args.gc_freeze:
        # Millions of long-lived index objects make full collections slow pauses.
        gc.collect()
        gc.freeze()
    asyncio.run(measure(index, cast, args.runs))


if __name__ == "__main__":
    main()
