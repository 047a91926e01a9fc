"""Planning: turn each active subscription's due slots into delivery rows (the claims)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.scheduling.deliveries import DeliveryStore, PlannedSlot
from bot.scheduling.slots import Schedule
from bot.scheduling.subscriptions import Subscription, SubscriptionStore

# One logger name for the whole scheduler, as before the split (log filters rely on it).
log = logging.getLogger("bot.scheduling.scheduler")

CATCH_UP_LIMIT = timedelta(days=7)  # older missed slots are not even recorded as skipped


class Planner:
    """Records every due slot as a delivery: ``pending``, or ``skipped`` when past the grace."""

    def __init__(
        self, subscriptions: SubscriptionStore, deliveries: DeliveryStore, grace: timedelta
    ) -> None:
        self.subscriptions = subscriptions
        self.deliveries = deliveries
        self.grace = grace
        self._schedules: dict[tuple[object, ...], Schedule] = {}

    def schedule_of(self, sub: Subscription) -> Schedule:
        """Return the subscription's schedule, shared by every subscription with the same one."""
        key = (sub.tz, sub.times, sub.days, sub.cron)
        schedule = self._schedules.get(key)
        if schedule is None:
            schedule = self._schedules[key] = sub.schedule()
        return schedule

    def next_due(self, now: datetime) -> datetime | None:
        """Return the earliest slot after ``now`` of any schedule seen so far."""
        candidates = [
            slot.due
            for schedule in {id(s): s for s in self._schedules.values()}.values()
            if (slot := schedule.next_after(now, horizon_days=8)) is not None
        ]
        return min(candidates) if candidates else None

    async def plan(self, now: datetime) -> int:
        """Record every slot due up to ``now`` as a delivery; return how many rows were added."""
        subs = await self.subscriptions.list(active_only=True)
        slots: list[PlannedSlot] = []
        oldest = now - max(self.grace, CATCH_UP_LIMIT)
        grace_minutes = int(self.grace.total_seconds() // 60)
        for sub in subs:
            start = max(sub.checked_through or now, oldest)
            try:
                schedule = self.schedule_of(sub)
            except Exception:
                log.exception("subscription %d has an invalid schedule; skipping it", sub.id)
                continue
            for slot in schedule.slots(start, now):
                late = now - slot.due
                if late > self.grace:
                    reason = (
                        f"missed by {int(late.total_seconds() // 60)} min "
                        f"(grace {grace_minutes} min)"
                    )
                    slots.append(
                        PlannedSlot(sub.id, slot.key, sub.target, slot.due, "skipped", reason)
                    )
                    log.warning(
                        "digest %s for subscription %d skipped: %s", slot.key, sub.id, reason
                    )
                else:
                    slots.append(PlannedSlot(sub.id, slot.key, sub.target, slot.due))
        added = await self.deliveries.plan(slots, now) if slots else 0
        await self.subscriptions.advance_all([sub.id for sub in subs], now)
        return added
