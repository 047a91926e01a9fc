"""Database fixtures: a SQLite file per test and a private PostgreSQL database per test run."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import open_database

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


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """Return the URL of a fresh PostgreSQL database, dropped after the test."""
    url = create_postgres_database()
    yield url
    drop_postgres_database(url)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """Return the URL of a fresh SQLite file."""
    return f"sqlite+aiosqlite:///{tmp_path / 'briefbot.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Return a fresh database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'briefbot.db'}"
        return
    url = create_postgres_database()
    yield url
    drop_postgres_database(url)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """Return a migrated engine on the parametrised database."""
    db = await open_database(database_url)
    yield db
    await db.dispose()
