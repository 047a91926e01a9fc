"""Graceful shutdown: SIGTERM/SIGINT stop every part in order and exit 0, within a bound."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.lifecycle import Lifecycle
from tests.conftest import REPO, SEED_BRIEFING
from tests.selfhost.conftest import free_port

BOUND_SECONDS = 60  # generous: a loaded CI machine is slow to import, never a speed claim


def wait_until_ready(url: str, process: subprocess.Popen[bytes]) -> None:
    """Poll /healthz until it answers 200, failing if the bot exits or the bound passes."""
    deadline = time.monotonic() + BOUND_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, "the bot exited before it was ready"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our URL
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)  # polling a subprocess with a bound, not waiting for time to pass
    pytest.fail(f"{url} not ready within {BOUND_SECONDS}s")


def start_bot(tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    briefings = tmp_path / "briefings"
    briefings.mkdir()
    (briefings / SEED_BRIEFING.name).write_bytes(SEED_BRIEFING.read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(
        BRIEFBOT_BRIEFINGS_DIR=str(briefings),
        BRIEFBOT_DATA_DIR=str(tmp_path / "data"),
        BRIEFBOT_HTTP_ENABLED="true",
        BRIEFBOT_HTTP_PORT=str(port),
        BRIEFBOT_WATCH="false",
        BRIEFBOT_SHUTDOWN_GRACE_SECONDS="5",
        PYTHONPATH=str(REPO),
    )
    # stdin stays open: the console channel is waiting for input when the signal arrives,
    # the case that used to hang until Enter was pressed.
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--console"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signal_stops_the_bot_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    """Once healthy, a SIGTERM or SIGINT makes the bot stop every part and exit 0."""
    port = free_port()
    process = start_bot(tmp_path, port)
    try:
        wait_until_ready(f"http://127.0.0.1:{port}/healthz", process)
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=BOUND_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "stopped cleanly" in log
    assert log.index("HTTP server stopped") < log.index("stopped cleanly")


async def test_parts_stop_newest_first() -> None:
    """The HTTP server (started last) stops before the platforms and the scheduler."""
    order: list[str] = []
    lifecycle = Lifecycle()
    for name in ("scheduler", "discord", "HTTP server"):

        async def stop(name: str = name) -> None:
            order.append(name)

        lifecycle.started(name, stop)
    assert await lifecycle.stop_all(grace=5) == []
    assert order == ["HTTP server", "discord", "scheduler"]


async def test_a_part_that_hangs_is_abandoned_and_the_rest_still_stop() -> None:
    """A part stuck past the grace period is named; the parts after it still stop."""
    stopped: list[str] = []
    never = asyncio.Event()
    lifecycle = Lifecycle()

    async def close_scheduler() -> None:
        stopped.append("scheduler")

    async def hang() -> None:
        await never.wait()

    lifecycle.started("scheduler", close_scheduler)
    lifecycle.started("discord", hang)
    assert await lifecycle.stop_all(grace=0.05) == ["discord"]
    assert stopped == ["scheduler"]


async def test_a_part_that_raises_is_reported() -> None:
    """A stop that raises is logged and reported, and does not stop the others."""
    stopped: list[str] = []
    lifecycle = Lifecycle()

    async def ok() -> None:
        stopped.append("ok")

    async def broken() -> None:
        raise RuntimeError("socket already closed")

    lifecycle.started("ok", ok)
    lifecycle.started("broken", broken)
    assert await lifecycle.stop_all(grace=1) == ["broken"]
    assert stopped == ["ok"]
