"""Helpers every test package shares: a clock that moves only when told, and one polling wait."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import secrets
import subprocess
import sys
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url


class WaitTimeout(AssertionError, TimeoutError):
    """A condition did not hold in time (a test failure, and a TimeoutError for callers)."""


class FakeClock:
    """A clock that only moves when told (implements the Clock port)."""

    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2025, 3, 3, 7, 0, tzinfo=UTC)

    def now(self) -> datetime:
        """Return the fake time."""
        return self.current

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> None:
        """Move the clock forward by ``delta`` or by timedelta keywords (``seconds=61``)."""
        self.current += (delta or timedelta()) + timedelta(**kwargs)

    def set(self, moment: datetime) -> None:
        """Jump to a moment."""
        self.current = moment

    async def sleep(self, seconds: float) -> None:
        """Sleep instantly by moving the clock (injected as the rate limiter's sleep)."""
        self.current += timedelta(seconds=max(seconds, 0))


async def wait_until(
    check: Callable[[], Any],
    within: float = 10.0,
    *,
    interval: float = 0.05,
    wake: asyncio.Event | None = None,
    message: str = "condition not met",
) -> Any:
    """Poll ``check`` (sync or async) until it returns something truthy; return that value.

    Raises :class:`WaitTimeout` after ``within`` seconds. With ``wake``, a poll also happens as
    soon as the event is set (a fake sets it whenever it receives something).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        value = check()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value
        if loop.time() > deadline:
            raise WaitTimeout(f"{message} within {within} s")
        if wake is None:
            await asyncio.sleep(interval)
        else:
            wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), interval)


POSTGRES_URL = os.environ.get(
    "BRIEFBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


async def _admin(sql: str) -> None:
    url = make_url(POSTGRES_URL)
    conn = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database,
    )
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def create_postgres_database() -> str:
    """Create a uniquely named database (parallel runs never collide); return its URL."""
    name = f"briefbot_test_{os.getpid()}_{secrets.token_hex(4)}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    """Drop a database made by create_postgres_database (closing leftover sessions)."""
    name = make_url(url).database
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def run_briefbot(
    *args: str,
    cwd: Path,
    env: Mapping[str, str],
    input: str | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot ARGS`` as a user would and return what it printed (never raises)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(env),
        timeout=timeout,
        check=False,
    )
