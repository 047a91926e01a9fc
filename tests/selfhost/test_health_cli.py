"""`briefbot health`: exit 0 when the running bot is ready, else 1 with the reason."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.health import health
from bot.health import HealthProbe
from bot.http.server import WebServer
from bot.metrics import Metrics
from bot.settings import Settings


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[WebServer]:
    web_server = WebServer(settings, HealthProbe(), Metrics())
    await web_server.start()
    yield web_server
    await web_server.stop()


async def run_health(monkeypatch: pytest.MonkeyPatch, port: int) -> int:
    monkeypatch.setenv("BRIEFBOT_HTTP_HOST", "0.0.0.0")  # dialled as 127.0.0.1
    monkeypatch.setenv("BRIEFBOT_HTTP_PORT", str(port))
    # The probe blocks (stdlib urllib, to stay light), so it runs beside the server's loop.
    # `briefbot health` (the short path) and the `health` sub-command's parser must agree.
    short = await asyncio.to_thread(main, ["health", "--timeout", "5"])
    parsed = await asyncio.to_thread(health, ["--timeout", "5"])
    assert short == parsed
    return short


async def test_health_exits_zero_when_ready(
    server: WebServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ready bot makes `briefbot health` print 'ready' and exit 0."""
    server.health.register("store", lambda: (True, "1 briefing loaded"))
    assert server.port is not None
    assert await run_health(monkeypatch, server.port) == 0
    assert capsys.readouterr().out.split() == ["ready", "ready"]


async def test_health_names_the_part_that_is_not_ready(
    server: WebServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A part that is down is named in the reason, and the exit status is 1."""
    server.health.register("store", lambda: (True, "1 briefing loaded"))
    server.health.register("slack", lambda: (False, "not connected"))
    assert server.port is not None
    assert await run_health(monkeypatch, server.port) == 1
    assert "not ready: slack (not connected)" in capsys.readouterr().err


async def test_health_fails_when_nothing_listens(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no bot running, `briefbot health` says there was no answer and exits 1."""
    from tests.selfhost.conftest import free_port

    assert await run_health(monkeypatch, free_port()) == 1
    assert "no answer" in capsys.readouterr().err


def test_health_check_does_not_load_the_whole_bot(tmp_path: Path) -> None:
    """The HEALTHCHECK path skips adapters, scheduler and database (it runs every 30 s)."""
    from tests.conftest import REPO
    from tests.selfhost.conftest import free_port

    code = (
        "import sys; from bot.cli import main; "
        "status = main(['health', '--timeout', '1']); "
        "heavy = ('bot.app', 'bot.doctor', 'sqlalchemy', 'discord', 'slack_sdk', 'aiohttp'); "
        "print(status, sorted(m for m in heavy if m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(PYTHONPATH=str(REPO), BRIEFBOT_HTTP_PORT=str(free_port()))
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "1 []"


def test_other_commands_go_to_the_full_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], briefings_dir: Path
) -> None:
    """`briefbot validate` through the executable's entry point works as before."""
    monkeypatch.setenv("BRIEFBOT_BRIEFINGS_DIR", str(briefings_dir))
    assert main(["validate"]) == 0
    assert "1 briefing(s) valid" in capsys.readouterr().out
