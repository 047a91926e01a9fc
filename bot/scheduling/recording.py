"""Recording: write each delivery's outcome (sent, retried, failed, paused) with its lease held."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import timedelta
from typing import Literal

from bot.core.ports import Clock
from bot.errors import ChannelUnavailable
from bot.scheduling.deliveries import Delivery, DeliveryStore, Outcome, Status
from bot.scheduling.subscriptions import SubscriptionStore

# One logger name for the whole scheduler, as before the split (log filters rely on it).
log = logging.getLogger("bot.scheduling.scheduler")

PAUSE_AFTER_REFUSALS = 2  # consecutive 403/404 answers before a channel is paused
RECORD_BATCH = 200

Final = Literal["sent", "failed", "uncertain", "skipped"]


def replace_status(
    delivery: Delivery, status: Status, reason: str | None, ids: tuple[str, ...] = ()
) -> Delivery:
    """Return the delivery as recorded with a new status (message ids kept unless given)."""
    return replace(delivery, status=status, reason=reason, message_ids=ids or delivery.message_ids)


class Recorder:
    """Records outcomes for one worker; every write checks the worker still holds the row."""

    def __init__(
        self,
        deliveries: DeliveryStore,
        subscriptions: SubscriptionStore,
        clock: Clock,
        owner: str,
        inflight: set[int],
    ) -> None:
        self.deliveries = deliveries
        self.subscriptions = subscriptions
        self.clock = clock
        self.owner = owner
        self.inflight = inflight  # shared with the sender: ids whose lease is being renewed

    async def finish(
        self,
        delivery: Delivery,
        status: Final,
        *,
        message_ids: list[str] | tuple[str, ...] = (),
        reason: str | None = None,
    ) -> Delivery:
        """Record a final status now; return the delivery as recorded."""
        ok = await self.deliveries.finish(
            delivery.id,
            self.owner,
            status,
            self.clock.now(),
            message_ids=message_ids,
            reason=reason,
        )
        if not ok:
            log.warning(
                "delivery %s was taken over before it could be recorded as %s", delivery.key, status
            )
        elif status in ("failed", "uncertain"):
            log.warning("delivery %s %s: %s", delivery.key, status, reason)
        return replace_status(delivery, status, reason, tuple(message_ids))

    async def retry(self, delivery: Delivery, delay: float, reason: str) -> Delivery:
        """Put the delivery back to ``pending``, due again after ``delay`` seconds."""
        now = self.clock.now()
        await self.deliveries.retry_later(
            delivery.id, self.owner, now, now + timedelta(seconds=delay), reason
        )
        log.info("delivery %s retried in %.1f s: %s", delivery.key, delay, reason)
        return replace_status(delivery, "pending", reason)

    async def refused(self, delivery: Delivery, exc: ChannelUnavailable) -> Delivery:
        """Record a channel's refusal; pause its subscription after repeated refusals."""
        recorded = await self.finish(delivery, "failed", reason=str(exc))
        if delivery.subscription_id is not None:
            paused = await self.subscriptions.record_unavailable(
                delivery.subscription_id, str(exc), self.clock.now(), PAUSE_AFTER_REFUSALS
            )
            if paused:
                log.warning(
                    "subscription %d paused: channel %s keeps refusing posts (%s)",
                    delivery.subscription_id,
                    delivery.channel_id,
                    exc,
                )
        return recorded


class BatchRecorder:
    """Writes the outcomes of sent posts in shared transactions, as fast as they arrive."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self.pending: list[tuple[Outcome, Delivery]] = []
        self.ready = asyncio.Event()
        self.closing = False

    def add(self, outcome: Outcome, delivery: Delivery) -> None:
        """Queue one outcome for the next transaction."""
        self.pending.append((outcome, delivery))
        self.ready.set()

    def close(self) -> None:
        """Ask :meth:`run` to write what is left and return."""
        self.closing = True
        self.ready.set()

    async def run(self) -> None:
        """Flush whenever outcomes are waiting (those arriving meanwhile share the next write)."""
        while True:
            await self.ready.wait()
            self.ready.clear()
            try:
                await self.flush()
            except asyncio.CancelledError:
                raise
            except Exception:
                # The rows stay "sending"; after the lease a sweep finds the posts in the channel.
                log.exception("recording delivery outcomes failed")
            if self.closing and not self.pending:
                return

    async def flush(self) -> None:
        """Write every waiting outcome now."""
        recorder = self.recorder
        while self.pending:
            batch, self.pending = self.pending[:RECORD_BATCH], self.pending[RECORD_BATCH:]
            try:
                kept = await recorder.deliveries.finish_many(
                    [outcome for outcome, _ in batch], recorder.owner, recorder.clock.now()
                )
            finally:
                for _, delivery in batch:
                    recorder.inflight.discard(delivery.id)
            for outcome, delivery in batch:
                if outcome.delivery_id not in kept:
                    log.warning(
                        "delivery %s was taken over before it could be recorded as %s",
                        delivery.key,
                        outcome.status,
                    )
