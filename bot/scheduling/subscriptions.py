"""Digest subscriptions: what each channel gets and when, stored in SQL and in digests.yaml.

Subscriptions made by ``/subscribe`` or the CLI live only in the database. Entries of the
``digests.yaml`` file are declared state: on start-up the file wins, adding, updating and
removing the subscriptions it manages (they carry a ``file_key``) and leaving the others alone.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.ports import Platform, Target
from bot.db.tables import subscriptions
from bot.errors import ConfigError, UsageError
from bot.scheduling.slots import (
    ALL_WEEKDAYS,
    WEEKDAYS,
    Schedule,
    build_schedule,
    format_days,
    parse_days,
    parse_times,
    parse_zone,
)

log = logging.getLogger(__name__)

WhenEmpty = Literal["skip", "note"]
Source = Literal["command", "cli", "file"]
PLATFORMS: tuple[Platform, ...] = ("discord", "slack", "console")


@dataclass(frozen=True, slots=True)
class SubscriptionSpec:
    """A subscription as asked for, validated and normalised, before it has an id."""

    platform: Platform
    channel_id: str
    tz: str
    times: tuple[str, ...] = ()
    days: tuple[str, ...] = ()
    cron: str | None = None
    workspace_id: str = ""
    topics: tuple[str, ...] = ()
    when_empty: WhenEmpty = "skip"
    source: Source = "command"
    file_key: str | None = None
    created_by: str | None = None

    def schedule(self) -> Schedule:
        """Return the schedule this spec describes."""
        return build_schedule(self.tz, list(self.times), list(self.days), self.cron)


@dataclass(frozen=True, slots=True)
class Subscription(SubscriptionSpec):
    """A stored subscription."""

    id: int = 0
    created_at: datetime | None = None
    checked_through: datetime | None = None
    paused_at: datetime | None = None
    pause_reason: str | None = None
    unavailable_count: int = 0

    @property
    def target(self) -> Target:
        """Return where this subscription's digests go."""
        return Target(self.platform, self.channel_id, self.workspace_id or None)

    @property
    def paused(self) -> bool:
        """Return True when delivery is paused (the channel kept refusing us)."""
        return self.paused_at is not None

    def describe(self) -> str:
        """Return a one-line summary, e.g. '08:00, 17:30 on mon,tue (Europe/Berlin)'."""
        if self.cron:
            when = f"cron “{self.cron}”"
        else:
            days = format_days(parse_days(list(self.days))) if self.days else "every day"
            when = f"{', '.join(self.times)} {days if days == 'every day' else 'on ' + days}"
        topics = f", topics: {', '.join(self.topics)}" if self.topics else ""
        empty = ", a note when nothing is new" if self.when_empty == "note" else ""
        return f"{when} ({self.tz}){topics}{empty}"


def make_spec(
    *,
    platform: str,
    channel_id: str,
    at: str | Sequence[str] = "",
    tz: str = "UTC",
    days: str | Sequence[str] = "",
    cron: str | None = None,
    workspace_id: str | None = None,
    topics: str | Sequence[str] = "",
    when_empty: str = "skip",
    source: Source = "command",
    file_key: str | None = None,
    created_by: str | None = None,
) -> SubscriptionSpec:
    """Validate typed or file settings into a spec; raise UsageError explaining a mistake."""
    if platform not in PLATFORMS:
        raise UsageError(f"Unknown platform “{platform}”; use discord or slack.")
    if not channel_id:
        raise UsageError("A subscription needs a channel.")
    if when_empty not in ("skip", "note"):
        raise UsageError("when_empty must be skip or note.")
    zone = parse_zone(tz)
    times: tuple[str, ...] = ()
    day_names: tuple[str, ...] = ()
    if cron:
        build_schedule(zone.key, cron=cron)
    else:
        times = tuple(t.strftime("%H:%M") for t in parse_times(_as_list(at)))
        weekdays = parse_days(_as_list(days))
        day_names = () if weekdays == ALL_WEEKDAYS else tuple(WEEKDAYS[d] for d in sorted(weekdays))
    topic_list = tuple(dict.fromkeys(t.strip() for t in _as_list(topics) if t.strip()))
    return SubscriptionSpec(
        platform=platform,
        channel_id=channel_id.strip(),
        workspace_id=(workspace_id or "").strip(),
        tz=zone.key,
        times=times,
        days=day_names,
        cron=cron.strip() if cron else None,
        topics=topic_list,
        when_empty=when_empty,  # type: ignore[arg-type]  # checked above
        source=source,
        file_key=file_key,
        created_by=created_by,
    )


def _as_list(value: str | Sequence[str]) -> list[str]:
    if isinstance(value, str):
        return [part.strip() for part in value.replace(" ", ",").split(",") if part.strip()]
    return [str(part).strip() for part in value if str(part).strip()]


def _from_row(row: RowMapping) -> Subscription:
    return Subscription(
        id=row["id"],
        platform=row["platform"],
        workspace_id=row["workspace_id"] or "",
        channel_id=row["channel_id"],
        times=tuple(row["times"] or ()),
        days=tuple(row["days"] or ()),
        cron=row["cron"],
        tz=row["tz"],
        topics=tuple(row["topics"] or ()),
        when_empty=row["when_empty"],
        source=row["source"],
        file_key=row["file_key"],
        created_by=row["created_by"],
        created_at=row["created_at"],
        checked_through=row["checked_through"],
        paused_at=row["paused_at"],
        pause_reason=row["pause_reason"],
        unavailable_count=row["unavailable_count"],
    )


def _values(spec: SubscriptionSpec) -> dict[str, Any]:
    return {
        "platform": spec.platform,
        "workspace_id": spec.workspace_id,
        "channel_id": spec.channel_id,
        "times": list(spec.times),
        "days": list(spec.days),
        "cron": spec.cron,
        "tz": spec.tz,
        "topics": list(spec.topics),
        "when_empty": spec.when_empty,
    }


class SubscriptionStore:
    """Reads and writes subscriptions; every method is one short transaction."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def add(self, spec: SubscriptionSpec, now: datetime) -> Subscription:
        """Store a new subscription; slots before ``now`` are never sent for it."""
        values = _values(spec) | {
            "source": spec.source,
            "file_key": spec.file_key,
            "created_by": spec.created_by,
            "created_at": now,
            "checked_through": now,
            "unavailable_count": 0,
        }
        async with self.engine.begin() as conn:
            result = await conn.execute(
                insert(subscriptions).values(**values).returning(subscriptions)
            )
            return _from_row(result.mappings().one())

    async def get(self, subscription_id: int) -> Subscription | None:
        """Return one subscription, or None."""
        async with self.engine.connect() as conn:
            result = await conn.execute(
                select(subscriptions).where(subscriptions.c.id == subscription_id)
            )
            row = result.mappings().first()
        return _from_row(row) if row else None

    async def get_many(self, subscription_ids: Sequence[int]) -> dict[int, Subscription]:
        """Return the subscriptions that still exist among ``subscription_ids``, by id."""
        ids = sorted(set(subscription_ids))
        found: dict[int, Subscription] = {}
        async with self.engine.connect() as conn:
            for start in range(0, len(ids), 500):
                result = await conn.execute(
                    select(subscriptions).where(subscriptions.c.id.in_(ids[start : start + 500]))
                )
                for row in result.mappings():
                    found[row["id"]] = _from_row(row)
        return found

    async def list(
        self,
        *,
        platform: str | None = None,
        channel_id: str | None = None,
        workspace_id: str | None = None,
        active_only: bool = False,
    ) -> list[Subscription]:
        """Return subscriptions, optionally those of one channel or only the unpaused ones."""
        query = select(subscriptions).order_by(subscriptions.c.id)
        if platform is not None:
            query = query.where(subscriptions.c.platform == platform)
        if channel_id is not None:
            query = query.where(subscriptions.c.channel_id == channel_id)
        if workspace_id:
            query = query.where(subscriptions.c.workspace_id.in_(("", workspace_id)))
        if active_only:
            query = query.where(subscriptions.c.paused_at.is_(None))
        async with self.engine.connect() as conn:
            result = await conn.execute(query)
            return [_from_row(row) for row in result.mappings()]

    async def remove(self, subscription_id: int) -> bool:
        """Delete a subscription (its delivery history stays); return True if it existed."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                delete(subscriptions).where(subscriptions.c.id == subscription_id)
            )
        return bool(result.rowcount)

    async def advance(self, subscription_id: int, through: datetime) -> None:
        """Record that every slot up to ``through`` has been claimed or skipped."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.id == subscription_id)
                .where(subscriptions.c.checked_through < through)
                .values(checked_through=through)
            )

    async def advance_all(self, subscription_ids: Sequence[int], through: datetime) -> None:
        """Record that every slot up to ``through`` is planned, for many subscriptions at once."""
        ids = list(subscription_ids)
        async with self.engine.begin() as conn:
            for start in range(0, len(ids), 500):
                await conn.execute(
                    update(subscriptions)
                    .where(subscriptions.c.id.in_(ids[start : start + 500]))
                    .where(subscriptions.c.checked_through < through)
                    .values(checked_through=through)
                )

    async def record_unavailable(
        self, subscription_id: int, reason: str, now: datetime, pause_after: int
    ) -> bool:
        """Count a 403/404 from the channel; pause after ``pause_after`` in a row. Return paused."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.id == subscription_id)
                .values(unavailable_count=subscriptions.c.unavailable_count + 1)
                .returning(subscriptions.c.unavailable_count, subscriptions.c.paused_at)
            )
            row = result.first()
            if row is None or row[1] is not None:
                return row is not None
            if row[0] >= pause_after:
                await conn.execute(
                    update(subscriptions)
                    .where(subscriptions.c.id == subscription_id)
                    .values(paused_at=now, pause_reason=reason)
                )
                return True
        return False

    async def record_reachable(self, subscription_id: int) -> None:
        """Reset the refusal count after a successful post."""
        async with self.engine.begin() as conn:
            await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.id == subscription_id)
                .where(subscriptions.c.unavailable_count != 0)
                .values(unavailable_count=0)
            )

    async def resume(self, subscription_id: int, now: datetime) -> bool:
        """Unpause a subscription; slots missed while paused are not sent. Return True if found."""
        async with self.engine.begin() as conn:
            result = await conn.execute(
                update(subscriptions)
                .where(subscriptions.c.id == subscription_id)
                .values(paused_at=None, pause_reason=None, unavailable_count=0, checked_through=now)
            )
        return bool(result.rowcount)

    async def sync_file(
        self, specs: Sequence[SubscriptionSpec], now: datetime
    ) -> tuple[int, int, int]:
        """Make the file-managed subscriptions equal to ``specs``; return added/updated/removed."""
        wanted = {spec.file_key: spec for spec in specs if spec.file_key}
        added = updated = 0
        async with self.engine.begin() as conn:
            result = await conn.execute(
                select(subscriptions).where(subscriptions.c.source == "file")
            )
            existing = {row["file_key"]: _from_row(row) for row in result.mappings()}
            gone = [sub.id for key, sub in existing.items() if key not in wanted]
            if gone:
                await conn.execute(delete(subscriptions).where(subscriptions.c.id.in_(gone)))
            for key, spec in wanted.items():
                current = existing.get(key)
                if current is None:
                    await conn.execute(
                        insert(subscriptions).values(
                            **_values(spec),
                            source="file",
                            file_key=key,
                            created_at=now,
                            checked_through=now,
                            unavailable_count=0,
                        )
                    )
                    added += 1
                elif _values(current) != _values(spec):
                    await conn.execute(
                        update(subscriptions)
                        .where(subscriptions.c.id == current.id)
                        .values(**_values(spec))
                    )
                    updated += 1
        return added, updated, len(gone)


# --- digests.yaml ------------------------------------------------------------------------------


class DigestEntry(BaseModel):
    """One subscription in digests.yaml."""

    model_config = ConfigDict(extra="forbid")

    platform: Literal["discord", "slack", "console"]
    channel: str
    guild: str | None = None
    team: str | None = None
    name: str = "default"
    at: list[str] | str = []
    days: list[str] | str = []
    cron: str | None = None
    tz: str = "UTC"
    topics: list[str] | str = []
    when_empty: Literal["skip", "note"] = "skip"

    @field_validator("channel", "guild", "team", mode="before")
    @classmethod
    def _ids_are_text(cls, value: object) -> object:
        # Discord ids are numbers; YAML reads them as ints, which is fine for us.
        return str(value) if isinstance(value, int) else value


class DigestFile(BaseModel):
    """The digests.yaml document."""

    model_config = ConfigDict(extra="forbid")

    digests: list[DigestEntry] = []


def load_digests_file(path: Path) -> list[SubscriptionSpec] | None:
    """Return the subscriptions declared in a digests.yaml file (None if there is no file)."""
    if not path.is_file():
        return None
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        document = DigestFile.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    specs = []
    seen: set[str] = set()
    for number, entry in enumerate(document.digests, start=1):
        workspace = entry.guild or entry.team or ""
        key = f"{entry.platform}:{workspace}:{entry.channel}:{entry.name}"
        if key in seen:
            raise ConfigError(
                f"{path}: entry {number} repeats {entry.platform} channel {entry.channel};"
                " give each a different name"
            )
        seen.add(key)
        try:
            specs.append(
                make_spec(
                    platform=entry.platform,
                    channel_id=entry.channel,
                    workspace_id=workspace,
                    at=entry.at,
                    days=entry.days,
                    cron=entry.cron,
                    tz=entry.tz,
                    topics=entry.topics,
                    when_empty=entry.when_empty,
                    source="file",
                    file_key=key,
                )
            )
        except UsageError as exc:
            raise ConfigError(f"{path}: entry {number} ({entry.channel}): {exc}") from None
        if not entry.at and not entry.cron:
            raise ConfigError(f"{path}: entry {number} ({entry.channel}) needs at: or cron:")
    return specs
