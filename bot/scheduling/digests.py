"""The digest service: what a channel's digest contains, and the /digest and /subscribe commands.

Scheduled digests, ``/digest`` previews, ``/digest post:true`` and ``briefbot digest --channel
--dry-run`` all compose through :meth:`DigestService.compose_for`, which calls the core's
:func:`bot.core.digest.compose_digest` with the stories since the channel's last sent digest.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.catalog import is_true
from bot.core.commands import CommandEngine, Invocation, refusal
from bot.core.digest import compose_digest, select_stories
from bot.core.index import Index
from bot.core.ports import Clock, Target
from bot.core.reply import Reply, Section, Span, paginate, plain
from bot.errors import NotFoundError, UsageError
from bot.scheduling.deliveries import Delivery, DeliveryStore
from bot.scheduling.seen import SeenStore
from bot.scheduling.slots import Schedule
from bot.scheduling.subscriptions import Subscription, SubscriptionStore, make_spec

log = logging.getLogger(__name__)

# (sections, characters) per page; the same budgets as the platform renderers use.
PAGE_BUDGETS: dict[str, tuple[int, int]] = {
    "discord": (8, 3000),
    "slack": (8, 6000),
    "console": (1000, 1_000_000),
}
DEFAULT_LOOKBACK = timedelta(days=1)


class Sender(Protocol):
    """Delivers a claimed delivery now (the scheduler's dispatcher)."""

    owner: str
    lease: timedelta

    def can_publish(self, platform: str) -> bool:
        """Return True if a publisher for this platform is running."""
        ...

    async def deliver(self, delivery: Delivery) -> Delivery:
        """Send the delivery and return it as recorded afterwards."""
        ...

    def poke(self) -> None:
        """Ask for a sweep soon (subscriptions changed)."""
        ...


@dataclass(frozen=True, slots=True)
class Content:
    """A composed digest for one delivery, or the reason there is nothing to send."""

    reply: Reply
    pages: tuple[Reply, ...]
    content_until: datetime
    skip_reason: str | None = None
    subscription: Subscription | None = None


def target_of(invocation: Invocation) -> Target:
    """Return the channel a command was typed in."""
    if not invocation.channel_id:
        raise UsageError("This command only works in a channel.")
    return Target(invocation.platform, invocation.channel_id, invocation.workspace_id)  # type: ignore[arg-type]  # platforms name their own Invocation.platform


def page_reply(platform: str, reply: Reply) -> list[Reply]:
    """Split a digest into pages within the platform's limits."""
    sections, chars = PAGE_BUDGETS.get(platform, PAGE_BUDGETS["discord"])
    return paginate(replace(reply, command=None), max_sections=sections, max_chars=chars)


class DigestService:
    """Composes channel digests; answers /digest, /subscribe, /unsubscribe, /subscriptions."""

    def __init__(
        self,
        index: Callable[[], Index],
        clock: Clock,
        subscriptions: SubscriptionStore,
        deliveries: DeliveryStore,
        sender: Sender | None = None,
    ) -> None:
        self._index = index
        self.clock = clock
        self.subscriptions = subscriptions
        self.deliveries = deliveries
        self.sender = sender
        self.seen = SeenStore(subscriptions.engine)

    async def compose(
        self, since: datetime, now: datetime, topics: Sequence[str], *, local_now: datetime
    ) -> Reply:
        """Compose the digest of stories new since ``since``, late-added ones included.

        A story counts as new from ``max(changed_at, first_seen)`` (see :mod:`.seen`):
        ``now`` (UTC) is also the moment new stories are recorded as seen, and the digest's
        horizon, so a story is never in two digests.
        """
        index = self._index()
        first_seen = await self.seen.observe(index, now)
        late = [
            story._replace(changed_at=first_seen[story_id])
            for story_id in self.seen.seen_between(since, now)
            if (story := index.by_id.get(story_id)) is not None and story.changed_at <= since
        ]
        if not late:
            return compose_digest(index, since=since, now=local_now, topics=topics)
        picked = select_stories(index, since, topics, until=now)
        return compose_digest(Index([*picked, *late]), since=since, now=local_now, topics=topics)

    # --- composing ----------------------------------------------------------------------------

    async def since_for(
        self, target: Target, subscription: Subscription | None, due: datetime
    ) -> datetime:
        """Return where the channel's next digest starts: its last sent digest's horizon.

        A channel that never got one starts at the subscription's previous slot (one period
        back), or a day back without a subscription.
        """
        last = await self.deliveries.last_delivered(target)
        if last is not None:
            return last
        if subscription is not None:
            return _first_since(subscription.schedule(), due)
        return due - DEFAULT_LOOKBACK

    async def compose_for(
        self,
        target: Target,
        now: datetime,
        *,
        subscriptions: Sequence[Subscription] = (),
        due: datetime | None = None,
    ) -> tuple[Reply, datetime]:
        """Return the channel's digest as of ``now`` and the moment it starts from."""
        primary = subscriptions[0] if len(subscriptions) == 1 else None
        since = await self.since_for(target, primary, due or now)
        topics: list[str] = []
        # Several subscriptions in one channel: the union of their topics (none = everything).
        if subscriptions and all(sub.topics for sub in subscriptions):
            topics = list(dict.fromkeys(t for sub in subscriptions for t in sub.topics))
        local_now = now.astimezone(primary.schedule().tz) if primary else now
        reply = await self.compose(since, now, topics, local_now=local_now)
        return reply, since

    async def content_for(self, delivery: Delivery, now: datetime) -> Content:
        """Compose what a delivery posts, or say why it posts nothing."""
        target = delivery.target
        subscription = None
        if delivery.subscription_id is not None:
            subscription = await self.subscriptions.get(delivery.subscription_id)
            empty = Reply("", status="empty")
            if subscription is None:
                return Content(empty, (), now, "the subscription was removed")
            if subscription.paused:
                return Content(empty, (), now, "the subscription is paused", subscription)
            subs: Sequence[Subscription] = (subscription,)
        else:
            subs = await self._channel_subscriptions(target)
        reply, _since = await self.compose_for(target, now, subscriptions=subs, due=delivery.due_at)
        if reply.status == "empty" and (subscription is None or subscription.when_empty == "skip"):
            return Content(reply, (), now, "nothing new", subscription)
        return Content(reply, tuple(page_reply(target.platform, reply)), now, None, subscription)

    async def contents_for(self, batch: Sequence[Delivery], now: datetime) -> list[Content]:
        """Compose a whole batch of scheduled deliveries with a few queries (in batch order).

        Fan-out sends one digest to thousands of channels: subscriptions and last horizons are
        read in one query each, and channels with the same start, topics and zone share one
        composed digest instead of composing it again.
        """
        subs = await self.subscriptions.get_many(
            [d.subscription_id for d in batch if d.subscription_id is not None]
        )
        horizons = await self.deliveries.last_delivered_many(d.target for d in batch)
        composed: dict[tuple[object, ...], tuple[Reply, tuple[Reply, ...]]] = {}
        schedules: dict[tuple[object, ...], Schedule] = {}
        contents: list[Content] = []
        empty = Reply("", status="empty")
        for delivery in batch:
            if delivery.subscription_id is None:
                contents.append(await self.content_for(delivery, now))
                continue
            sub = subs.get(delivery.subscription_id)
            if sub is None:
                contents.append(Content(empty, (), now, "the subscription was removed"))
                continue
            if sub.paused:
                contents.append(Content(empty, (), now, "the subscription is paused", sub))
                continue
            shape = (sub.tz, sub.times, sub.days, sub.cron)
            schedule = schedules.get(shape)
            if schedule is None:
                schedule = schedules[shape] = sub.schedule()
            since = horizons.get(delivery.target) or _first_since(schedule, delivery.due_at)
            key = (since, sub.topics, sub.tz, delivery.platform)
            if key not in composed:
                reply = await self.compose(
                    since, now, list(sub.topics), local_now=now.astimezone(schedule.tz)
                )
                composed[key] = (reply, tuple(page_reply(delivery.platform, reply)))
            reply, pages = composed[key]
            if reply.status == "empty" and sub.when_empty == "skip":
                contents.append(Content(reply, (), now, "nothing new", sub))
            else:
                contents.append(Content(reply, pages, now, None, sub))
        return contents

    async def _channel_subscriptions(self, target: Target) -> list[Subscription]:
        return await self.subscriptions.list(
            platform=target.platform,
            channel_id=target.channel_id,
            workspace_id=target.workspace_id,
        )

    # --- /digest ------------------------------------------------------------------------------

    async def preview(self, invocation: Invocation) -> Reply:
        """Return the digest this channel would get now, visible only to the asker."""
        target = target_of(invocation)
        subs = await self._channel_subscriptions(target)
        reply, _since = await self.compose_for(target, self.clock.now(), subscriptions=subs)
        note = "Preview: only you can see this."
        if invocation.can_manage:
            note += " Post it now with /digest post:true."
        return replace(reply, ephemeral=True, intro=(*reply.intro, plain(note)))

    async def post_now(self, invocation: Invocation) -> Reply:
        """Post this channel's digest now (needs can_manage); recorded like a scheduled one."""
        if not invocation.can_manage:
            return refusal()
        target = target_of(invocation)
        if self.sender is None or not self.sender.can_publish(target.platform):
            raise UsageError(f"Posting to {target.platform} is not available in this deployment.")
        now = self.clock.now()
        subs = await self._channel_subscriptions(target)
        reply, since = await self.compose_for(target, now, subscriptions=subs)
        if reply.status == "empty":
            return _notice("Nothing to post", f"Nothing new since {since:%Y-%m-%d %H:%M} UTC.")
        key = f"m{secrets.token_hex(8)}"
        delivery = await self.deliveries.create_claimed(
            key,
            f"manual:{now:%Y-%m-%dT%H:%M:%S}",
            target,
            self.sender.owner,
            now,
            self.sender.lease,
        )
        result = await self.sender.deliver(delivery)
        if result.status == "sent":
            count = len(result.message_ids)
            return _notice("Digest posted", f"Posted {count} message{'s' * (count != 1)}.")
        return Reply(
            "Digest not posted",
            intro=(plain(f"{result.status}: {result.reason or ''}"),),
            status="error",
            ephemeral=True,
        )

    async def digest_command(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        """Answer /digest [post:true]."""
        if is_true(args.get("post", "")):
            return await self.post_now(invocation)
        return await self.preview(invocation)

    # --- /subscribe, /unsubscribe, /subscriptions -------------------------------------------

    async def subscribe(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        """Answer /subscribe: add a digest schedule to this channel."""
        if not invocation.can_manage:
            return refusal()
        target = target_of(invocation)
        at = args.get("at", "")
        cron = at if len(at.split()) == 5 else None  # at:"0 8 * * 1-5" is a cron expression
        spec = make_spec(
            platform=target.platform,
            channel_id=target.channel_id,
            workspace_id=target.workspace_id,
            at="" if cron else at,
            cron=cron,
            tz=args.get("tz") or "UTC",
            days=args.get("days", ""),
            topics=args.get("topics", ""),
            when_empty=args.get("when_empty") or "skip",
            source="command",
            created_by=invocation.user_id,
        )
        subscription = await self.subscriptions.add(spec, self.clock.now())
        log.info(
            "subscription %d added in %s channel %s",
            subscription.id,
            target.platform,
            target.channel_id,
        )
        if self.sender is not None:
            self.sender.poke()
        nxt = subscription.schedule().next_after(self.clock.now())
        when = (
            f" Next: {nxt.due.astimezone(subscription.schedule().tz):%a %Y-%m-%d %H:%M %Z}."
            if nxt
            else ""
        )
        return _notice("Digest scheduled", f"#{subscription.id}: {subscription.describe()}.{when}")

    async def unsubscribe(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        """Answer /unsubscribe [id]: remove one or all of this channel's subscriptions."""
        if not invocation.can_manage:
            return refusal()
        target = target_of(invocation)
        subs = await self._channel_subscriptions(target)
        wanted = args.get("id", "").lstrip("#").strip()
        if wanted:
            subs = [sub for sub in subs if str(sub.id) == wanted]
            if not subs:
                raise NotFoundError(
                    f"This channel has no subscription #{wanted}. /subscriptions lists them."
                )
        if not subs:
            raise NotFoundError("This channel has no digest subscriptions.")
        for sub in subs:
            await self.subscriptions.remove(sub.id)
        removed = ", ".join(f"#{sub.id}" for sub in subs)
        text = f"Removed {removed}."
        if any(sub.source == "file" for sub in subs):
            text += " Some came from digests.yaml and return on restart unless removed there."
        return _notice("Digest removed", text)

    async def list_subscriptions(self, args: Mapping[str, str], invocation: Invocation) -> Reply:
        """Answer /subscriptions: this channel's schedules, pauses and last deliveries."""
        target = target_of(invocation)
        subs = await self._channel_subscriptions(target)
        if not subs:
            return Reply(
                "Digest subscriptions",
                intro=(plain("This channel has no digests. Add one with /subscribe at:08:00."),),
                status="empty",
                ephemeral=True,
            )
        recent = await self.deliveries.list(channel_id=target.channel_id, limit=20)
        now = self.clock.now()
        sections = []
        for sub in subs:
            lines = [plain(sub.describe())]
            if sub.paused:
                lines.append(
                    (
                        Span("Paused: ", "bold"),
                        Span(
                            f"{sub.pause_reason or 'the channel refused our posts'}. "
                            "Fix the bot's access, then /subscribe again."
                        ),
                    )
                )
            else:
                nxt = sub.schedule().next_after(now)
                if nxt is not None:
                    local = nxt.due.astimezone(sub.schedule().tz)
                    lines.append(plain(f"Next: {local:%a %Y-%m-%d %H:%M %Z}"))
            last = next((d for d in recent if d.subscription_id == sub.id), None)
            if last is not None:
                lines.append(
                    plain(
                        f"Last: {last.slot_key} {last.status}"
                        + (f" ({last.reason})" if last.reason else "")
                    )
                )
            source = " · from digests.yaml" if sub.source == "file" else ""
            sections.append(
                Section(heading=(Span(f"#{sub.id}", "bold"), Span(source)), lines=tuple(lines))
            )
        return Reply("Digest subscriptions", sections=tuple(sections), ephemeral=True)

    def register(self, engine: CommandEngine) -> None:
        """Plug the digest and subscription commands into the command engine."""
        engine.register("digest", self.digest_command)
        engine.register("subscribe", self.subscribe)
        engine.register("unsubscribe", self.unsubscribe)
        engine.register("subscriptions", self.list_subscriptions)


def _first_since(schedule: Schedule, due: datetime) -> datetime:
    """Return where a channel's first digest starts: the schedule's previous slot."""
    earlier = schedule.slots(due - timedelta(days=32), due - timedelta(seconds=1))
    return earlier[-1].due if earlier else due - DEFAULT_LOOKBACK


def _notice(title: str, text: str) -> Reply:
    return Reply(title, intro=(plain(text),), ephemeral=True)
