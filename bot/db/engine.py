"""The async database engine, migrated to the newest schema on open (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any fixed number works: every replica takes the same advisory lock while migrating.
MIGRATION_LOCK_ID = 4_242_017


def make_engine(url: str) -> AsyncEngine:
    """Return an async engine; SQLite gets WAL and a busy timeout (the CLI writes too)."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config(connection: Connection | None = None) -> Config:
    """Return the Alembic configuration for our packaged migration scripts."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        # Replicas start together: only one may run the DDL, the others wait and find it done.
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    command.upgrade(alembic_config(connection), "head")


async def migrate(engine: AsyncEngine) -> None:
    """Apply every pending migration (idempotent; safe for several replicas at once)."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


async def open_database(url: str) -> AsyncEngine:
    """Return an engine for ``url`` with the schema migrated to the newest version."""
    engine = make_engine(url)
    try:
        await migrate(engine)
    except BaseException:
        await asyncio.shield(engine.dispose())
        raise
    return engine
