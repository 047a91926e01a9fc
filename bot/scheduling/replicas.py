"""Replica heartbeats: how many scheduler processes are live, and this one's place among them.

Every process writes ``(owner, seen_at)`` every few seconds. The live ones (seen within
:data:`LIVE_SECONDS`) split the platform's per-second limit between them, so their local
windows add up to at most the limit however their sends happen to line up in time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.tables import replicas

BEAT_SECONDS = 5.0
LIVE_SECONDS = 15.0
FORGET_AFTER = timedelta(hours=1)


class ReplicaRegistry:
    """Writes this process's heartbeat and reads who else is live."""

    def __init__(self, engine: AsyncEngine, owner: str) -> None:
        self.engine = engine
        self.owner = owner
        module: Any = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._insert = module.insert

    async def beat(self, now: datetime) -> tuple[int, int]:
        """Record that this process is live; return (its rank, how many are live)."""
        statement = self._insert(replicas).values(owner=self.owner, seen_at=now)
        statement = statement.on_conflict_do_update(index_elements=["owner"], set_={"seen_at": now})
        async with self.engine.begin() as conn:
            await conn.execute(statement)
            await conn.execute(delete(replicas).where(replicas.c.seen_at < now - FORGET_AFTER))
            result = await conn.execute(
                select(replicas.c.owner)
                .where(replicas.c.seen_at >= now - timedelta(seconds=LIVE_SECONDS))
                .order_by(replicas.c.owner)
            )
            live = [str(row[0]) for row in result.all()]
        if self.owner not in live:  # a clock far behind the others: count ourselves anyway
            live.append(self.owner)
        return live.index(self.owner), len(live)

    async def leave(self) -> None:
        """Remove this process's heartbeat (a clean stop frees its share at once)."""
        async with self.engine.begin() as conn:
            await conn.execute(delete(replicas).where(replicas.c.owner == self.owner))
