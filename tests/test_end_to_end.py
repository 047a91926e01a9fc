"""One deployment, both platforms: `briefbot run` against fake Discord and fake Slack at once."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BRIEFINGS
from tests.fakes.discord import FakeDiscord
from tests.fakes.slack import APP_TOKEN, BOT_TOKEN, FakeSlack
from tests.helpers import wait_until


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthz(port: int) -> tuple[int, str]:
    """Return the status and body of GET /healthz (status 0 when nothing answers)."""
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


async def eventually(check: Any, within: float = 30.0) -> Any:
    """Poll ``check`` until it returns something truthy, or fail after ``within`` seconds."""
    return await wait_until(check, within, interval=0.1)


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeDiscord, FakeSlack]]:
    """Start a fake Discord and a fake Slack; fail on any invalid payload they received."""
    discord, slack = FakeDiscord(), FakeSlack()
    await discord.start()
    await slack.start()
    yield discord, slack
    await discord.stop()
    await slack.close()
    assert discord.violations == []
    assert slack.violations == []


async def test_one_process_serves_discord_and_slack_and_stops_cleanly(
    fakes: tuple[FakeDiscord, FakeSlack], tmp_path: Path
) -> None:
    """Both platforms answer /quote blinken, /healthz is ready, SIGTERM exits 0."""
    discord, slack = fakes
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "BRIEFBOT_DATA_DIR": str(tmp_path / "data"),
        "BRIEFBOT_BRIEFINGS_DIR": str(BRIEFINGS),
        "BRIEFBOT_WATCH": "false",
        "BRIEFBOT_HTTP_PORT": str(port),
        "BRIEFBOT_DISCORD_TOKEN": "fake-token",
        "BRIEFBOT_DISCORD_API_URL": discord.api_url,
        "BRIEFBOT_SLACK_BOT_TOKEN": BOT_TOKEN,
        "BRIEFBOT_SLACK_APP_TOKEN": APP_TOKEN,
        "BRIEFBOT_SLACK_API_URL": slack.api_url,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        await eventually(lambda: healthz(port)[0] == 200, within=60)
        status, body = healthz(port)
        assert status == 200, body

        interaction = await discord.slash("quote", {"speaker": "blinken"})
        answer = json.dumps(await discord.callback(interaction, within=10))
        assert "Antony Blinken, U.S. Secretary of State" in answer
        assert "meat grinder" in answer

        payload = slack.slash_payload("/quote", "blinken")
        await slack.wait_ack(await slack.send_envelope("slash_commands", payload), within=10)
        (reply,) = await slack.wait_responses(payload["response_url"], within=10)
        assert "Antony Blinken" in json.dumps(reply)
        assert "Fox News" in json.dumps(reply)

        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), timeout=30)
        output = (await process.stdout.read()).decode() if process.stdout else ""
        assert code == 0, output
        assert "stopped cleanly" in output
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
