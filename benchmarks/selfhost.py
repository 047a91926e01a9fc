"""Benchmark what self-hosting costs at run time: the HEALTHCHECK probe and the two endpoints.

- ``probe``: one ``briefbot health`` run (a fresh process, as the container runtime starts it
  every 30 s), through the executable's short path and through the full CLI; wall time, CPU
  time and peak RSS per run. Nothing listens on the port, so this is the process's own cost.
- ``endpoints``: ``GET /healthz`` and ``GET /metrics`` against the real server of an ``App``
  with the seed briefing loaded and one command served; latency percentiles over sequential
  requests from one client on loopback.

Usage: ``python benchmarks/selfhost.py --runs 10 --requests 500``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.app import App  # noqa: E402 - after the path set-up above
from bot.settings import Settings  # noqa: E402

HEALTH = "main(['health', '--timeout', '1'])"
PROBES = {
    "short path (briefbot health)": f"from bot.entry import main; {HEALTH}",
    "full CLI (python -m bot health)": f"from bot.cli import main; {HEALTH}",
}


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure_probe(code: str, runs: int) -> tuple[float, float, float]:
    """Return median wall seconds, median CPU seconds and max RSS MB of ``runs`` processes."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(PYTHONPATH=str(REPO), BRIEFBOT_HTTP_PORT=str(free_port()))
    # The child reports its own peak RSS from VmHWM: ru_maxrss (self or children) keeps the
    # peak of the forked copy of this much larger process from before exec.
    report = (
        "\nfrom pathlib import Path; print(next(line.split()[1] for line in "
        "Path('/proc/self/status').read_text().splitlines() if line.startswith('VmHWM')))"
    )
    walls, cpus, rss = [], [], 0.0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", code + report],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rss = max(rss, int(result.stdout.split()[-1]) / 1024)
    return statistics.median(walls), statistics.median(cpus), rss


async def measure_endpoints(requests: int) -> dict[str, tuple[float, float, float]]:
    """Return p50, p95 and max milliseconds for /healthz and /metrics."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            briefings_dir=REPO / "briefings",
            data_dir=Path(tmp),
            http_port=0,
            watch=False,
        )
        app = App(settings)
        app.library.reload()
        await app.answer_console("/quote blinken")
        await app.web.start()
        results = {}
        try:
            async with aiohttp.ClientSession() as session:
                for path in ("/healthz", "/metrics"):
                    url = f"http://127.0.0.1:{app.web.port}{path}"
                    times = []
                    for _ in range(requests):
                        start = time.perf_counter()
                        async with session.get(url) as response:
                            await response.read()
                        times.append((time.perf_counter() - start) * 1000)
                    times.sort()
                    results[path] = (
                        times[len(times) // 2],
                        times[int(len(times) * 0.95)],
                        times[-1],
                    )
        finally:
            await app.web.stop()
    return results


def main() -> None:
    """Run both benchmarks and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    print("| probe | wall (median) | CPU (median) | peak RSS |")
    print("|---|---|---|---|")
    for name, code in PROBES.items():
        wall, cpu, rss = measure_probe(code, args.runs)
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MB |")
    print()
    print("| endpoint | p50 | p95 | max |")
    print("|---|---|---|---|")
    for path, (p50, p95, worst) in asyncio.run(measure_endpoints(args.requests)).items():
        print(f"| {path} | {p50:.2f} ms | {p95:.2f} ms | {worst:.2f} ms |")


if __name__ == "__main__":
    main()
