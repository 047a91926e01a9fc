"""Prometheus metrics for ``/metrics``, on our own registry, and the metered command engine.

Counters and histograms are updated where things happen (every command goes through
:class:`MeteredEngine`). Numbers that already live elsewhere (index size, briefing problems,
delivery counts in the database) are read when scraped, through callables the owning part
provides, so they can never drift from the truth.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from bot.core.catalog import BY_NAME
from bot.core.commands import CommandEngine, Invocation
from bot.core.index import Index
from bot.core.ports import Clock
from bot.core.reply import Reply
from bot.log import current_context, log_context, new_command_id

log = logging.getLogger(__name__)

# Commands answer from memory in well under a second; the top buckets catch slow platforms.
COMMAND_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
# How long a scrape waits for the database before it reports deliveries as unavailable.
SOURCE_TIMEOUT_SECONDS = 2.0

DeliveryCounts = Callable[[], Mapping[str, int] | Awaitable[Mapping[str, int]]]


def index_stats(index: Index) -> dict[str, int]:
    """Return the size of an index: briefings, speakers, quotes and figures."""
    return {
        "briefings": len(index.stories),
        "speakers": len(index.speakers),
        "quotes": sum(len(b.quotes) for b in index.stories),
        "figures": sum(len(b.figures) for b in index.stories),
    }


class _Readings:
    """A collector that reads gauges from their owners at scrape time."""

    def __init__(self) -> None:
        self.index: Callable[[], Mapping[str, int]] | None = None
        self.problems: Callable[[], int] | None = None
        self.reloads: Callable[[], int] | None = None
        self.reload_errors: Callable[[], int] | None = None
        self.deliveries: Mapping[str, int] | None = None
        self.deliveries_ok = True

    def collect(self) -> Iterable[Metric]:
        """Yield the current readings."""
        if self.index is not None:
            stats = self.index()
            for name in ("briefings", "speakers", "quotes", "figures"):
                yield GaugeMetricFamily(
                    f"briefbot_index_{name}",
                    f"Number of {name} in the loaded index.",
                    value=stats.get(name, 0),
                )
        if self.problems is not None:
            yield GaugeMetricFamily(
                "briefbot_briefing_problems",
                "Problems found in briefing files by the last (re)load.",
                value=self.problems(),
            )
        if self.reloads is not None:
            yield CounterMetricFamily(
                "briefbot_briefing_reloads",
                "Times the briefings were (re)loaded.",
                value=self.reloads(),
            )
        if self.reload_errors is not None:
            yield CounterMetricFamily(
                "briefbot_reload_errors",
                "Briefing reloads that failed outright (the previous index kept serving).",
                value=self.reload_errors(),
            )
        if self.deliveries is not None:
            family = GaugeMetricFamily(
                "briefbot_deliveries",
                "Deliveries recorded in the database, by status.",
                labels=["status"],
            )
            for status, count in sorted(self.deliveries.items()):
                family.add_metric([status], count)
            yield family
            yield GaugeMetricFamily(
                "briefbot_deliveries_up",
                "1 if the delivery counts could be read at the last scrape, else 0.",
                value=1 if self.deliveries_ok else 0,
            )


class Metrics:
    """Every metric briefbot exports, on a registry of its own (never the global one)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.command_seconds = Histogram(
            "briefbot_command_duration_seconds",
            "Commands served and how long they took, by command, platform and status.",
            ("command", "platform", "status"),
            buckets=COMMAND_BUCKETS,
            registry=self.registry,
        )
        self.ingest_results = Counter(
            "briefbot_ingest_results",
            "Ingest attempts by outcome (created, updated, unchanged, failed).",
            ("outcome",),
            registry=self.registry,
        )
        self._readings = _Readings()
        self._delivery_source: DeliveryCounts | None = None
        self.registry.register(self._readings)

    def observe_command(self, command: str, platform: str, status: str, seconds: float) -> None:
        """Record one served command."""
        self.command_seconds.labels(command, platform, status).observe(seconds)

    def record_ingest(self, outcome: str) -> None:
        """Count one ingest result (the ingest pipeline calls this)."""
        self.ingest_results.labels(outcome).inc()

    def watch_index(
        self,
        stats: Callable[[], Mapping[str, int]],
        problems: Callable[[], int] | None = None,
        reloads: Callable[[], int] | None = None,
        reload_errors: Callable[[], int] | None = None,
    ) -> None:
        """Read index size, briefing problems and reload counts from these at scrape time."""
        self._readings.index = stats
        self._readings.problems = problems
        self._readings.reloads = reloads
        self._readings.reload_errors = reload_errors

    def watch_deliveries(self, counts: DeliveryCounts) -> None:
        """Read delivery counts by status from this callable (sync or async) at scrape time."""
        self._delivery_source = counts
        self._readings.deliveries = {}

    async def refresh(self) -> None:
        """Read the asynchronous sources (the deliveries table) before a scrape."""
        source = self._delivery_source
        if source is None:
            return
        try:
            result = source()
            if inspect.isawaitable(result):
                result = await asyncio.wait_for(result, SOURCE_TIMEOUT_SECONDS)
            self._readings.deliveries = dict(result)
            self._readings.deliveries_ok = True
        except Exception as exc:  # a slow or broken database must not break the scrape
            log.warning("reading delivery counts failed: %s", type(exc).__name__)
            self._readings.deliveries_ok = False

    async def render(self) -> bytes:
        """Return every metric in the Prometheus text format."""
        await self.refresh()
        return generate_latest(self.registry)


class MeteredEngine(CommandEngine):
    """The command engine, timing and logging every command with a command id."""

    def __init__(
        self, index: Callable[[], Index], clock: Clock | None = None, *, metrics: Metrics
    ) -> None:
        super().__init__(index, clock)
        self.metrics = metrics

    async def execute(self, name: str, args: Mapping[str, str], invocation: Invocation) -> Reply:
        """Run a command as the engine does, recording its latency, status and id."""
        command_id = current_context().get("command_id") or new_command_id()
        with log_context(command_id=command_id, platform=invocation.platform, command=name):
            started = time.perf_counter()
            status = "error"
            try:
                reply = await super().execute(name, args, invocation)
                status = reply.status
                return reply
            finally:
                elapsed = time.perf_counter() - started
                # Label values come from the catalogue only: user input must not mint series.
                label = name if name in BY_NAME else "unknown"
                self.metrics.observe_command(label, invocation.platform, status, elapsed)
                log.info("command /%s: %s in %.1f ms", name, status, elapsed * 1000)
