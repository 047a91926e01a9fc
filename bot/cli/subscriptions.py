"""Scheduling sub-commands: subscriptions add/list/remove/resume, deliveries, channel digests."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.errors import NotFoundError, UsageError
from bot.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from bot.scheduling.subscriptions import Subscription, SubscriptionSpec

# SQLAlchemy and the scheduling package are imported inside the handlers: `briefbot --help`
# and the commands of other areas do not load them.


def register(subparsers: Any) -> None:
    """Add the subscriptions and deliveries sub-commands."""
    subs = subparsers.add_parser("subscriptions", help="manage scheduled digests")
    actions = subs.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="schedule a digest for a channel")
    add.add_argument("--platform", choices=("discord", "slack", "console"), required=True)
    add.add_argument("--channel", required=True, help="channel id")
    where = add.add_mutually_exclusive_group()
    where.add_argument("--guild", help="Discord guild id")
    where.add_argument("--team", help="Slack workspace (team) id")
    when = add.add_mutually_exclusive_group(required=True)
    when.add_argument("--at", help="local time(s), e.g. 08:00 or 08:00,17:30")
    when.add_argument("--cron", help="cron expression instead of --at, e.g. '0 8 * * 1-5'")
    add.add_argument("--days", default="", help="weekdays, e.g. mon,tue,wed (default: every day)")
    add.add_argument("--tz", required=True, help="IANA time zone, e.g. Europe/Berlin")
    add.add_argument("--topics", default="", help="comma-separated topics filter")
    add.add_argument("--when-empty", choices=("skip", "note"), default="skip")
    add.set_defaults(handler=_add)

    listing = actions.add_parser("list", help="list subscriptions")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)

    remove = actions.add_parser("remove", help="remove a subscription")
    remove.add_argument("id", type=int)
    remove.set_defaults(handler=_remove)

    resume = actions.add_parser("resume", help="resume a subscription paused after 403/404s")
    resume.add_argument("id", type=int)
    resume.set_defaults(handler=_resume)

    deliveries = subparsers.add_parser("deliveries", help="list digest deliveries")
    deliveries.add_argument("--channel", help="only this channel id")
    deliveries.add_argument("--limit", type=int, default=50)
    deliveries.add_argument("--json", action="store_true", help="print JSON")
    deliveries.set_defaults(handler=_deliveries)


@asynccontextmanager
async def _database(settings: Settings) -> AsyncIterator[AsyncEngine]:
    from bot.db.engine import open_database

    engine = await open_database(settings.resolved_database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


def _subscription_dict(sub: Subscription) -> dict[str, Any]:
    return {
        "id": sub.id,
        "platform": sub.platform,
        "workspace_id": sub.workspace_id or None,
        "channel_id": sub.channel_id,
        "times": list(sub.times),
        "days": list(sub.days),
        "cron": sub.cron,
        "tz": sub.tz,
        "topics": list(sub.topics),
        "when_empty": sub.when_empty,
        "source": sub.source,
        "paused": sub.paused,
        "pause_reason": sub.pause_reason,
        "created_at": sub.created_at.isoformat() if sub.created_at else None,
    }


def check_channel_id(platform: str, channel_id: str, workspace_id: str | None) -> None:
    """Raise UsageError for ids the platform cannot have (Discord's are numeric snowflakes)."""
    if platform != "discord":
        return
    if not channel_id.strip().isdigit():
        raise UsageError(
            f"Discord channel ids are numbers, not names: “{channel_id}” is not one. Pass the"
            " channel's id, e.g. --channel 1234567890123456789 (in Discord: Developer Mode on,"
            " then right-click the channel, Copy Channel ID)."
        )
    if workspace_id and not workspace_id.strip().isdigit():
        raise UsageError(
            f"Discord server (guild) ids are numbers, not names: “{workspace_id}” is not one;"
            " right-click the server, Copy Server ID."
        )


def same_schedule(sub: SubscriptionSpec, spec: SubscriptionSpec) -> bool:
    """Return True when two subscriptions would post the same digests to the same channel."""
    fields = ("platform", "workspace_id", "channel_id", "times", "days", "cron", "tz", "topics")
    return all(getattr(sub, name) == getattr(spec, name) for name in fields)


async def _add(settings: Settings, args: argparse.Namespace) -> int:
    from bot.scheduling.subscriptions import SubscriptionStore, make_spec

    check_channel_id(args.platform, args.channel, args.guild)
    spec = make_spec(
        platform=args.platform,
        channel_id=args.channel,
        workspace_id=args.guild or args.team,
        at=args.at or "",
        cron=args.cron,
        days=args.days,
        tz=args.tz,
        topics=args.topics,
        when_empty=args.when_empty,
        source="cli",
    )
    async with _database(settings) as engine:
        store = SubscriptionStore(engine)
        for existing in await store.list():
            if same_schedule(existing, spec):
                raise UsageError(
                    f"{spec.platform} channel {spec.channel_id} already has this digest as"
                    f" #{existing.id} ({existing.describe()}); nothing added."
                )
        sub = await store.add(spec, datetime.now(UTC))
    sys.stdout.write(f"#{sub.id} {sub.platform} {sub.channel_id}: {sub.describe()}\n")
    return 0


async def _list(settings: Settings, args: argparse.Namespace) -> int:
    from bot.scheduling.subscriptions import SubscriptionStore

    async with _database(settings) as engine:
        subs = await SubscriptionStore(engine).list()
    if args.json:
        sys.stdout.write(json.dumps([_subscription_dict(s) for s in subs], indent=2) + "\n")
        return 0
    if not subs:
        sys.stdout.write("no subscriptions\n")
    for sub in subs:
        where = f"{sub.platform} {sub.workspace_id + '/' if sub.workspace_id else ''}"
        paused = f"  PAUSED: {sub.pause_reason}" if sub.paused else ""
        source = " [digests.yaml]" if sub.source == "file" else ""
        sys.stdout.write(f"#{sub.id} {where}{sub.channel_id}: {sub.describe()}{source}{paused}\n")
    return 0


async def _remove(settings: Settings, args: argparse.Namespace) -> int:
    from bot.scheduling.subscriptions import SubscriptionStore

    async with _database(settings) as engine:
        store = SubscriptionStore(engine)
        sub = await store.get(args.id)
        if sub is None:
            raise NotFoundError(f"no subscription #{args.id}")
        await store.remove(args.id)
    note = " (it is in digests.yaml: remove it there too)" if sub.source == "file" else ""
    sys.stdout.write(f"removed #{args.id}{note}\n")
    return 0


async def _resume(settings: Settings, args: argparse.Namespace) -> int:
    from bot.scheduling.subscriptions import SubscriptionStore

    async with _database(settings) as engine:
        if not await SubscriptionStore(engine).resume(args.id, datetime.now(UTC)):
            raise NotFoundError(f"no subscription #{args.id}")
    sys.stdout.write(f"resumed #{args.id}\n")
    return 0


async def _deliveries(settings: Settings, args: argparse.Namespace) -> int:
    from bot.scheduling.deliveries import DeliveryStore

    async with _database(settings) as engine:
        rows = await DeliveryStore(engine).list(channel_id=args.channel, limit=args.limit)
    if args.json:
        sys.stdout.write(json.dumps([d.as_dict() for d in rows], indent=2) + "\n")
        return 0
    if not rows:
        sys.stdout.write("no deliveries\n")
    for d in rows:
        ids = ",".join(d.message_ids) or "-"
        reason = f"  ({d.reason})" if d.reason else ""
        sys.stdout.write(
            f"{d.due_at:%Y-%m-%d %H:%M}Z {d.platform} {d.channel_id} slot {d.slot_key} "
            f"{d.status} key={d.key} messages={ids}{reason}\n"
        )
    return 0


async def preview_channel_digest(settings: Settings, args: argparse.Namespace) -> int:
    """Print the digest a channel would get now (``briefbot digest --channel ID --dry-run``)."""
    if not args.dry_run:
        raise UsageError(
            "posting from the command line is not supported; add --dry-run to "
            "preview, or use /digest post:true in the channel"
        )
    from bot.adapters.console import render_text
    from bot.core.index import Index
    from bot.core.ports import Target
    from bot.core.store import load_directory
    from bot.scheduling.deliveries import DeliveryStore
    from bot.scheduling.digests import DigestService
    from bot.scheduling.subscriptions import SubscriptionStore

    async with _database(settings) as engine:
        subs_store = SubscriptionStore(engine)
        subs = [s for s in await subs_store.list() if s.channel_id == args.channel]
        if not subs:
            raise NotFoundError(
                f"no subscription for channel {args.channel}: `briefbot subscriptions list`"
                " shows the subscribed channels"
            )
        result = load_directory(settings.briefings_dir, max_bytes=settings.max_file_bytes)
        index = Index(result.briefings())
        platform = subs[0].platform
        workspace = subs[0].workspace_id
        clock_now = datetime.now(UTC)
        service = DigestService(
            lambda: index, _FixedClock(clock_now), subs_store, DeliveryStore(engine)
        )
        reply, since = await service.compose_for(
            Target(platform, args.channel, workspace or None), clock_now, subscriptions=subs
        )
    sys.stdout.write(f"# dry run: channel {args.channel}, stories since {since.isoformat()}\n")
    sys.stdout.write(render_text(reply))
    return 0


class _FixedClock:
    def __init__(self, now: datetime) -> None:
        self._now = now

    def now(self) -> datetime:
        return self._now
