"""Deliveries: one row per (subscription, slot), claimed before sending, so each goes out once.

Life of a delivery::

    pending ──claim──► claimed ──► sending ──► sent (platform message ids)
       │                  │           ├──────► failed (reason)
       └► skipped         └► skipped  └──────► uncertain (crash, and the channel cannot be checked)

The row's unique ``key`` is the claim: whoever inserts it first owns the slot. Workers take
pending rows with a lease (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite runs one writer at
a time), renew it while working, and a row whose lease ran out is taken over by any worker.
A taken-over ``sending`` row may already be in the channel: the worker asks the publisher
(``find_published``) before sending again.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, Update, and_, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.core.ports import Target
from bot.db.tables import deliveries

Status = Literal["pending", "claimed", "sending", "sent", "failed", "uncertain", "skipped"]
IN_PROGRESS: tuple[Status, ...] = ("claimed", "sending")
FINAL: tuple[Status, ...] = ("sent", "failed", "uncertain", "skipped")
CHUNK = 500
CRASH_ENV = "BRIEFBOT_CRASH_AT"
CRASH_AFTER_ENV = "BRIEFBOT_CRASH_AFTER"
_crash_hits: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Kill this process with SIGKILL at a named point, if the test-only env asks for it.

    TEST-ONLY hook for the crash tests: ``BRIEFBOT_CRASH_AT=after_send`` kills the bot when it
    first reaches that point (``BRIEFBOT_CRASH_AFTER=N`` on the N-th time). Points:
    ``after_claim``, ``before_send``, ``after_send``, ``before_record`` (inside the record
    transaction, before commit). Never set these variables in production.
    """
    wanted = os.environ.get(CRASH_ENV)
    if wanted != name:
        return
    _crash_hits[name] = _crash_hits.get(name, 0) + 1
    if _crash_hits[name] >= int(os.environ.get(CRASH_AFTER_ENV, "1")):
        os.kill(os.getpid(), signal.SIGKILL)


def delivery_key(subscription_id: int, slot_key: str) -> str:
    """Return the deterministic key of a scheduled delivery, e.g. 'd12-202503300230'.

    Short enough for a Discord nonce (25 characters) even before the adapter hashes it.
    """
    compact = slot_key.replace("-", "").replace("T", "").replace(":", "")
    return f"d{subscription_id}-{compact}"


@dataclass(frozen=True, slots=True)
class Delivery:
    """One delivery row."""

    id: int
    key: str
    subscription_id: int | None
    slot_key: str
    platform: str
    workspace_id: str
    channel_id: str
    due_at: datetime
    status: Status
    owner: str | None
    lease_until: datetime | None
    attempts: int
    content_until: datetime | None
    message_ids: tuple[str, ...]
    reason: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def target(self) -> Target:
        """Return the channel this delivery goes to."""
        return Target(self.platform, self.channel_id, self.workspace_id or None)  # type: ignore[arg-type]  # platform column holds a Platform

    def as_dict(self) -> dict[str, Any]:
        """Return the row as JSON-friendly values."""
        return {
            "id": self.id,
            "key": self.key,
            "subscription_id": self.subscription_id,
            "slot": self.slot_key,
            "platform": self.platform,
            "workspace_id": self.workspace_id,
            "channel_id": self.channel_id,
            "due_at": self.due_at.isoformat(),
            "status": self.status,
            "attempts": self.attempts,
            "message_ids": list(self.message_ids),
            "reason": self.reason,
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class PlannedSlot:
    """A slot to record: due and sendable (pending), or missed beyond the grace window."""

    subscription_id: int
    slot_key: str
    target: Target
    due_at: datetime
    status: Literal["pending", "skipped"] = "pending"
    reason: str | None = None

    @property
    def key(self) -> str:
        """Return the delivery key."""
        return delivery_key(self.subscription_id, self.slot_key)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A final state to record for one claimed delivery."""

    delivery_id: int
    status: Status
    message_ids: tuple[str, ...] = ()
    reason: str | None = None


def _from_row(row: RowMapping) -> Delivery:
    return Delivery(
        id=row["id"],
        key=row["key"],
        subscription_id=row["subscription_id"],
        slot_key=row["slot_key"],
        platform=row["platform"],
        workspace_id=row["workspace_id"],
        channel_id=row["channel_id"],
        due_at=row["due_at"],
        status=row["status"],
        owner=row["owner"],
        lease_until=row["lease_until"],
        attempts=row["attempts"],
        content_until=row["content_until"],
        message_ids=tuple(row["message_ids"] or ()),
        reason=row["reason"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


class DeliveryStore:
    """Reads and writes delivery rows; every state change is one short transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    def _insert(self) -> Any:
        module: Any = postgresql if self.dialect == "postgresql" else sqlite
        return module.insert(deliveries)

    async def plan(self, slots: Sequence[PlannedSlot], now: datetime) -> int:
        """Insert the slots not recorded yet (the claim by unique key); return how many were new."""
        added = 0
        for start in range(0, len(slots), CHUNK):
            rows = [
                {
                    "key": slot.key,
                    "subscription_id": slot.subscription_id,
                    "slot_key": slot.slot_key,
                    "platform": slot.target.platform,
                    "workspace_id": slot.target.workspace_id or "",
                    "channel_id": slot.target.channel_id,
                    "due_at": slot.due_at,
                    "status": slot.status,
                    "reason": slot.reason,
                    "attempts": 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for slot in slots[start : start + CHUNK]
            ]
            statement = (
                self._insert()
                .values(rows)
                .on_conflict_do_nothing(index_elements=["key"])
                .returning(deliveries.c.id)
            )
            async with self.engine.begin() as conn:
                result = await conn.execute(statement)
                added += len(result.all())
        return added

    async def create_claimed(
        self, key: str, slot_key: str, target: Target, owner: str, now: datetime, lease: timedelta
    ) -> Delivery:
        """Insert a delivery already claimed by ``owner`` (a digest posted on request)."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                insert(deliveries)
                .values(
                    key=key,
                    subscription_id=None,
                    slot_key=slot_key,
                    platform=target.platform,
                    workspace_id=target.workspace_id or "",
                    channel_id=target.channel_id,
                    due_at=now,
                    status="claimed",
                    owner=owner,
                    lease_until=now + lease,
                    attempts=1,
                    created_at=now,
                    updated_at=now,
                )
                .returning(deliveries)
            )
            return _from_row(result.mappings().one())

    async def claim(
        self,
        owner: str,
        now: datetime,
        lease: timedelta,
        *,
        platforms: Iterable[str],
        limit: int,
    ) -> list[Delivery]:
        """Take up to ``limit`` due pending rows, or in-progress rows whose lease ran out."""
        c = deliveries.c
        claimable = and_(
            c.platform.in_(list(platforms)),
            or_(
                and_(
                    c.status == "pending",
                    c.due_at <= now,
                    or_(c.lease_until.is_(None), c.lease_until <= now),
                ),
                and_(c.status.in_(IN_PROGRESS), c.lease_until < now),
            ),
        )
        candidates = select(c.id).where(claimable).order_by(c.due_at, c.id).limit(limit)
        if self.dialect == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        statement = (
            update(deliveries)
            # Re-checked in the outer statement: another worker may have won the row meanwhile.
            .where(c.id.in_(candidates.scalar_subquery()))
            .where(claimable)
            .values(
                owner=owner,
                lease_until=now + lease,
                status=func.coalesce(func.nullif(c.status, "pending"), "claimed"),
                attempts=c.attempts + 1,
                updated_at=now,
            )
            .returning(deliveries)
        )
        async with self.engine.begin() as conn:
            result = await conn.execute(statement)
            claimed = [_from_row(row) for row in result.mappings()]
        claimed.sort(key=lambda d: (d.due_at, d.id))
        return claimed

    async def renew(self, ids: Iterable[int], owner: str, until: datetime) -> None:
        """Extend the lease of rows this worker is still working on."""
        wanted = list(ids)
        if not wanted:
            return
        async with self.engine.begin() as conn:
            await conn.execute(_held(deliveries.c.id.in_(wanted), owner).values(lease_until=until))

    async def mark_sending(
        self, delivery_id: int, owner: str, content_until: datetime, now: datetime
    ) -> bool:
        """Record that the post is about to go out; False if this worker lost the row."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                _held(deliveries.c.id == delivery_id, owner).values(
                    status="sending", content_until=content_until, updated_at=now
                )
            )
        return bool(result.rowcount)

    async def mark_sending_many(
        self, delivery_ids: Sequence[int], owner: str, content_until: datetime, now: datetime
    ) -> set[int]:
        """Record that these posts are about to go out, in one transaction; return the ids kept.

        A row missing from the answer was lost to another worker and must not be sent.
        """
        if not delivery_ids:
            return set()
        c = deliveries.c
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(deliveries)
                .where(c.id.in_(list(delivery_ids)), c.owner == owner, c.status.in_(IN_PROGRESS))
                .values(status="sending", content_until=content_until, updated_at=now)
                .returning(c.id)
            )
            return {int(row[0]) for row in result.all()}

    async def finish_many(self, outcomes: Sequence[Outcome], owner: str, now: datetime) -> set[int]:
        """Record many outcomes in one transaction; return the ids this worker still owned."""
        recorded: set[int] = set()
        if not outcomes:
            return recorded
        async with self.engine.begin() as conn:
            for outcome in outcomes:
                result = await self._finish(
                    conn,
                    outcome.delivery_id,
                    owner,
                    outcome.status,
                    now,
                    message_ids=outcome.message_ids,
                    reason=outcome.reason,
                )
                if result.rowcount:
                    recorded.add(outcome.delivery_id)
            if any(outcome.status == "sent" for outcome in outcomes):
                crash_point("before_record")
        return recorded

    async def finish(
        self,
        delivery_id: int,
        owner: str,
        status: Status,
        now: datetime,
        *,
        message_ids: Sequence[str] = (),
        reason: str | None = None,
    ) -> bool:
        """Record the outcome of a claimed delivery; False if this worker no longer owns it."""
        async with self.engine.begin() as conn:
            result = await self._finish(
                conn, delivery_id, owner, status, now, message_ids=message_ids, reason=reason
            )
            if status == "sent":
                crash_point("before_record")
        return bool(result.rowcount)

    async def _finish(
        self,
        conn: AsyncConnection,
        delivery_id: int,
        owner: str,
        status: Status,
        now: datetime,
        *,
        message_ids: Sequence[str],
        reason: str | None,
    ) -> Any:
        values: dict[str, Any] = {
            "status": status,
            "updated_at": now,
            "lease_until": None,
            "reason": reason,
        }
        if message_ids:
            values["message_ids"] = list(message_ids)
        return await conn.execute(_held(deliveries.c.id == delivery_id, owner).values(**values))

    async def retry_later(
        self, delivery_id: int, owner: str, now: datetime, not_before: datetime, reason: str
    ) -> bool:
        """Put a delivery that certainly did not go out back in the queue until ``not_before``."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                _held(deliveries.c.id == delivery_id, owner).values(
                    status="pending",
                    owner=None,
                    lease_until=not_before,
                    reason=reason,
                    updated_at=now,
                )
            )
        return bool(result.rowcount)

    async def last_delivered(self, target: Target) -> datetime | None:
        """Return the content horizon of the channel's newest sent digest, if any."""
        c = deliveries.c
        query = select(func.max(c.content_until)).where(
            c.platform == target.platform,
            c.channel_id == target.channel_id,
            c.status == "sent",
        )
        async with self.engine.connect() as conn:
            value = (await conn.execute(query)).scalar()
        return _aware(value)

    async def last_delivered_many(self, targets: Iterable[Target]) -> dict[Target, datetime]:
        """Return the content horizon of each channel's newest sent digest (channels with one)."""
        wanted: dict[tuple[str, str], list[Target]] = {}
        for target in targets:
            wanted.setdefault((target.platform, target.channel_id), []).append(target)
        found: dict[Target, datetime] = {}
        c = deliveries.c
        keys = list(wanted)
        async with self.engine.connect() as conn:
            for start in range(0, len(keys), CHUNK):
                chunk = keys[start : start + CHUNK]
                query = (
                    select(c.platform, c.channel_id, func.max(c.content_until))
                    .where(
                        c.status == "sent",
                        c.channel_id.in_([channel for _, channel in chunk]),
                    )
                    .group_by(c.platform, c.channel_id)
                )
                for platform, channel, value in (await conn.execute(query)).all():
                    moment = _aware(value)
                    if moment is None:
                        continue
                    for target in wanted.get((platform, channel), ()):
                        found[target] = moment
        return found

    async def list(self, *, channel_id: str | None = None, limit: int = 200) -> list[Delivery]:
        """Return the newest deliveries, optionally of one channel."""
        query = select(deliveries).order_by(deliveries.c.due_at.desc(), deliveries.c.id.desc())
        if channel_id is not None:
            query = query.where(deliveries.c.channel_id == channel_id)
        async with self.engine.connect() as conn:
            result = await conn.execute(query.limit(limit))
            return [_from_row(row) for row in result.mappings()]

    async def counts(self) -> dict[str, int]:
        """Return how many deliveries are in each status."""
        query = select(deliveries.c.status, func.count()).group_by(deliveries.c.status)
        async with self.engine.connect() as conn:
            return {str(row[0]): int(row[1]) for row in (await conn.execute(query)).all()}

    async def next_retry(self, platforms: Iterable[str]) -> datetime | None:
        """Return when the earliest waiting or leased delivery becomes claimable."""
        c = deliveries.c
        query = select(func.min(c.lease_until)).where(
            c.platform.in_(list(platforms)),
            c.status.in_(("pending", *IN_PROGRESS)),
        )
        async with self.engine.connect() as conn:
            value = (await conn.execute(query)).scalar()
        return _aware(value)


def _aware(value: object) -> datetime | None:
    # SQLite's min()/max() may hand back the stored text or a naive datetime.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _held(rows: ColumnElement[bool], owner: str) -> Update:
    """Return an UPDATE of the given rows that only touches those this worker still holds."""
    return update(deliveries).where(
        rows, deliveries.c.owner == owner, deliveries.c.status.in_(IN_PROGRESS)
    )
