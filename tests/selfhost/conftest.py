"""Fixtures for the self-hosting tests: settings on a free port in a temporary tree."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from bot.settings import Settings


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def settings(tmp_path: Path, briefings_dir: Path) -> Settings:
    """Return settings with the seed briefing, a temporary data dir and an ephemeral port."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        briefings_dir=briefings_dir,
        data_dir=tmp_path / "data",
        http_host="127.0.0.1",
        http_port=0,
        watch=False,
        shutdown_grace_seconds=2.0,
    )


@pytest.fixture
def postgres_url() -> str:
    """Return the URL of the test PostgreSQL server (trust auth on this machine)."""
    return os.environ.get(
        "BRIEFBOT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
    )
