"""Benchmark the worst hostile requests against the real push API server: time and peak RSS.

Each case runs in a fresh process: it builds its payload, starts the bot's ``WebServer`` with the
push API mounted on 127.0.0.1, reads ``ru_maxrss`` (peak RSS) before, sends the request
``--requests`` times from one client, reads ``ru_maxrss`` after and checks ``/healthz`` still
answers. Server and client share the process, so the payload itself is in the "before" figure
and the difference is what answering cost.

Usage: ``python benchmarks/hostile.py [--requests 10] [--markdown]``.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import orjson

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.health import HealthProbe  # noqa: E402
from bot.http.server import WebServer  # noqa: E402
from bot.ingest.api import add_ingest_routes  # noqa: E402
from bot.ingest.pipeline import IngestService  # noqa: E402
from bot.metrics import Metrics  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.hostile.conftest import GOOD, TOKEN, gzip_bomb  # noqa: E402
from tests.hostile.test_push_api import anchor_bomb, quotes_by_alias  # noqa: E402

JSON, YAML = "application/json", "application/yaml"
Case = tuple[str, Callable[[], Any], str, dict[str, str]]


def _chunks() -> AsyncIterator[bytes]:
    async def gen() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b"x" * 65_536

    return gen()


CASES: dict[str, tuple[str, Callable[[], Any], str, dict[str, str]]] = {
    "big body, Content-Length 3 MB": ("/api/briefings", lambda: b"x" * 3_000_000, JSON, {}),
    "big body, chunked 6.5 MB": ("/api/briefings", _chunks, JSON, {}),
    "gzip bomb, 1 MB -> 1 GiB": (
        "/api/briefings",
        lambda: gzip_bomb(1 << 30),
        JSON,
        {"Content-Encoding": "gzip"},
    ),
    "nested JSON, 100,000 levels": (
        "/api/briefings",
        lambda: b"[" * 100_000 + b"]" * 100_000,
        JSON,
        {},
    ),
    "YAML anchor bomb, 9^9 by alias": ("/api/briefings", lambda: anchor_bomb("quotes"), YAML, {}),
    "100,000 quotes (YAML aliases)": (
        "/api/briefings",
        lambda: quotes_by_alias(100_000),
        YAML,
        {},
    ),
    "20,000 people, one repeated": (
        "/api/briefings",
        lambda: orjson.dumps(
            {
                **GOOD,
                "people": [{"id": f"p{i}", "name": "N"} for i in range(20_000)]
                + [{"id": "p7", "name": "N"}],
            }
        ),
        JSON,
        {},
    ),
}
# The gzip bomb payload itself takes a second to build; fewer rounds keep the run short.
ROUNDS = {"gzip bomb, 1 MB -> 1 GiB": 3}


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


async def _run_case(name: str, requests: int) -> dict[str, Any]:
    path, make, content_type, extra = CASES[name]
    payload = None if make is _chunks else make()
    tmp = Path(tempfile.mkdtemp(prefix="briefbot-hostile-"))
    settings = Settings(
        _env_file=None,
        briefings_dir=tmp / "briefings",
        data_dir=tmp / "data",
        http_host="127.0.0.1",
        http_port=0,
        watch=False,
        api_token=TOKEN,
    )
    health = HealthProbe()
    health.register("bench", lambda: (True, "ok"))
    server = WebServer(settings, health, Metrics())
    service = IngestService(settings)
    server.mount(lambda app: add_ingest_routes(app, service))
    await server.start()
    base = f"http://127.0.0.1:{server.port}"
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": content_type, **extra}
    times, statuses = [], set()
    async with aiohttp.ClientSession() as session:
        async with session.get(base + "/healthz") as response:
            await response.read()
        before = _rss_mb()
        for _ in range(requests):
            data: Any = _chunks() if payload is None else io.BytesIO(payload)
            start = time.perf_counter()
            async with session.post(base + path, data=data, headers=headers) as response:
                await response.read()
                statuses.add(response.status)
            times.append(time.perf_counter() - start)
        after = _rss_mb()
        async with session.get(base + "/healthz") as response:
            healthz = response.status
    await server.stop()
    await service.close()
    written = _files(tmp)
    return {
        "case": name,
        "size": None if payload is None else len(payload),
        "status": ",".join(str(s) for s in sorted(statuses)),
        "median_ms": statistics.median(times) * 1000,
        "max_ms": max(times) * 1000,
        "rss_before_mb": before,
        "rss_after_mb": after,
        "healthz": healthz,
        "written": written,
    }


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration):
        ram = "RAM unknown"
    return (
        f"{os.cpu_count()} CPUs (nproc), {model}, {ram}; Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}"
    )


def main() -> None:
    """Run every case in its own process and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # the child process's one case
    args = parser.parse_args()
    if args.case:
        rounds = min(args.requests, ROUNDS.get(args.case, args.requests))
        print(json.dumps(asyncio.run(_run_case(args.case, rounds))))
        return
    rows = []
    for name in CASES:
        out = subprocess.run(
            [sys.executable, __file__, "--case", name, "--requests", str(args.requests)],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    header = (
        "| hostile request | body bytes | status | median ms | max ms | peak RSS before MB |"
        " peak RSS after MB | /healthz after | files written |"
    )
    lines = [header, "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- | --- |"]
    for r in rows:
        size = "chunked" if r["size"] is None else f"{r['size']:,}"
        lines.append(
            f"| {r['case']} | {size} | {r['status']} | {r['median_ms']:.1f} | {r['max_ms']:.1f}"
            f" | {r['rss_before_mb']:.0f} | {r['rss_after_mb']:.0f} | {r['healthz']}"
            f" | {', '.join(r['written']) or 'none'} |"
        )
    if args.markdown:
        print(f"Machine: {_machine()}.\n")
        print("\n".join(lines))
    else:
        for r in rows:
            print(json.dumps(r))


if __name__ == "__main__":
    main()
