"""First-seen times of briefings, so a story added late (with an old date) still gets announced.

Digests take the stories changed since a channel's previous digest. A briefing file copied in
today with last year's publication date never "changed" after that digest, so by its own dates
it would never be announced. The bot therefore records, per story id, when it first saw the
story (the first sweep or ``/digest`` that found it in the library) and treats a story as new
from ``max(changed_at, first_seen)``. The first time a database sees a library, every story
present is recorded at its own ``changed_at``: an upgrade or a fresh install does not announce
the whole archive again. Several replicas agree on one time per story (the first insert wins).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.index import Index
from bot.db.tables import briefings_seen

CHUNK = 500


class SeenStore:
    """Keeps the first-seen time of every briefing id, in memory and in the database."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.first_seen: dict[str, datetime] = {}
        self._loaded = False
        self._observed: Index | None = None
        self._by_time: list[tuple[datetime, str]] = []
        module: Any = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._insert = module.insert

    async def observe(self, index: Index, now: datetime) -> dict[str, datetime]:
        """Record the stories of ``index`` not seen before as first seen ``now``; return all."""
        if index is self._observed:
            return self.first_seen
        if not self._loaded:
            await self._load()
        new = [story for story in index.stories if story.id not in self.first_seen]
        if new:
            # A database that never saw a library takes the stories present at their own time.
            seeding = not self.first_seen and not await self._any_rows()
            rows = [
                {"story_id": story.id, "first_seen": story.changed_at if seeding else now}
                for story in new
            ]
            await self._store(rows)
        if new or not self._by_time:
            self._by_time = sorted((seen, story_id) for story_id, seen in self.first_seen.items())
        self._observed = index
        return self.first_seen

    def seen_between(self, since: datetime, until: datetime) -> list[str]:
        """Return the ids first seen after ``since`` and not after ``until`` (after observe)."""
        start = bisect.bisect_right(self._by_time, (since, "\uffff"))
        end = bisect.bisect_right(self._by_time, (until, "\uffff"))
        return [story_id for _, story_id in self._by_time[start:end]]

    async def _any_rows(self) -> bool:
        async with self.engine.connect() as conn:
            count = (await conn.execute(select(func.count()).select_from(briefings_seen))).scalar()
        return bool(count)

    async def _load(self) -> None:
        async with self.engine.connect() as conn:
            result = await conn.execute(
                select(briefings_seen.c.story_id, briefings_seen.c.first_seen)
            )
            self.first_seen.update({row[0]: row[1] for row in result.all()})
        self._loaded = True

    async def _store(self, rows: Sequence[dict[str, Any]]) -> None:
        ids = [row["story_id"] for row in rows]
        async with self.engine.begin() as conn:
            for start in range(0, len(rows), CHUNK):
                await conn.execute(
                    self._insert(briefings_seen)
                    .values(list(rows[start : start + CHUNK]))
                    .on_conflict_do_nothing(index_elements=["story_id"])
                )
            # Another replica may have been first: everyone keeps the stored time.
            for start in range(0, len(ids), CHUNK):
                result = await conn.execute(
                    select(briefings_seen.c.story_id, briefings_seen.c.first_seen).where(
                        briefings_seen.c.story_id.in_(ids[start : start + CHUNK])
                    )
                )
                self.first_seen.update({row[0]: row[1] for row in result.all()})
