"""The one place that wires settings, store, engine, adapters, scheduler and HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import TextIO

from bot.adapters.console import ConsolePublisher, serve_console
from bot.adapters.discord.client import DiscordService
from bot.adapters.slack.app import SlackService
from bot.adapters.slack.installations import SqlInstallationStore
from bot.core.commands import Invocation
from bot.core.ports import Clock, Publisher, SystemClock
from bot.core.reply import Reply
from bot.core.store import BriefingLibrary
from bot.db.tables import slack_installations
from bot.health import Check, HealthProbe, connected_check, running_check
from bot.http.server import WebServer
from bot.ingest.api import add_ingest_routes
from bot.ingest.feeds import FeedPoller
from bot.ingest.pipeline import IngestService
from bot.library.follower import LibraryFollower
from bot.lifecycle import Lifecycle, StopFn
from bot.metrics import DeliveryCounts, MeteredEngine, Metrics, index_stats
from bot.scheduling.scheduler import SchedulerService
from bot.settings import Settings

log = logging.getLogger(__name__)


class App:
    """A running briefbot: everything configured in the settings, started and stopped together."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        publishers: dict[str, Publisher] | None = None,
    ) -> None:
        self.settings = settings
        # Platform services add their publisher here ("discord", "slack"); the scheduler reads
        # this dict live, so a platform that connects later still gets its digests.
        self.publishers: dict[str, Publisher] = publishers if publishers is not None else {}
        self.scheduler: SchedulerService | None = None
        self.clock = clock or SystemClock()
        self.library = BriefingLibrary(
            settings.briefings_dir,
            max_bytes=settings.max_file_bytes,
            cache_dir=settings.data_dir / "cache",
        )
        self.metrics = Metrics()
        self.health = HealthProbe()
        # Every platform's commands pass through this one engine: timed, counted, logged.
        self.engine = MeteredEngine(lambda: self.library.index, self.clock, metrics=self.metrics)
        self.web = WebServer(settings, self.health, self.metrics)
        self.lifecycle = Lifecycle()
        self.health.register("store", self._store_check)
        self.metrics.watch_index(
            lambda: index_stats(self.library.index),
            problems=lambda: len(self.library.problems),
            reloads=lambda: self.library.reloads,
            reload_errors=lambda: self.library.reload_failures,
        )
        self._stdin = stdin
        self._stdout = stdout
        self.stop_event = asyncio.Event()

    async def answer_console(self, line: str) -> Reply:
        """Answer one console command line."""
        return await self.engine.execute_line(
            line, Invocation(platform="console", channel_id="console", can_manage=True)
        )

    def _store_check(self) -> tuple[bool, str]:
        if not self.library.loaded:
            return False, "briefings not loaded yet"
        return True, f"{len(self.library.index.stories)} briefings loaded"

    def add_part(self, name: str, stop: StopFn, check: Check | None = None) -> None:
        """Record a started part (platform, scheduler): health check and stop, newest first."""
        if check is not None:
            self.health.register(name, check)
        self.lifecycle.started(name, stop)

    def watch_deliveries(self, counts: DeliveryCounts) -> None:
        """Export delivery counts by status (the scheduler provides the callable)."""
        self.metrics.watch_deliveries(counts)

    def http_enabled(self, use_console: bool) -> bool:
        """Return whether to serve HTTP: as set, else on unless only the console runs."""
        if self.settings.http_enabled is not None:
            return self.settings.http_enabled
        return not use_console

    async def start_scheduler(self, use_console: bool) -> SchedulerService:
        """Start scheduled digests (a database always exists: SQLite by default)."""
        if use_console:
            self.publishers.setdefault("console", ConsolePublisher(self._stdout))
        scheduler = SchedulerService(
            self.settings,
            index=lambda: self.library.index,
            clock=self.clock,
            publishers=self.publishers,
        )
        await scheduler.start()
        scheduler.register(self.engine)
        self.scheduler = scheduler
        self.add_part("digest scheduler", scheduler.stop, check=running_check(scheduler))
        self.watch_deliveries(scheduler.deliveries.counts)
        return scheduler

    def start_ingest(self) -> IngestService:
        """Mount the push API and, when feeds are configured, poll them on a schedule."""
        ingest = IngestService(
            self.settings,
            clock=self.clock,
            on_result=lambda result: self.metrics.record_ingest(result.outcome),
        )
        self.web.mount(lambda web_app: add_ingest_routes(web_app, ingest))
        self.add_part("ingest", ingest.close)
        if self.settings.feeds:
            # Replicas sharing the library poll through the scheduler's database (started first).
            poller = FeedPoller.from_settings(
                ingest,
                self.settings,
                clock=self.clock,
                engine=self.scheduler.engine if self.scheduler else None,
            )
            poller.start()
            self.add_part("feeds", poller.stop)
        return ingest

    async def start_platforms(self) -> None:
        """Connect every platform that has credentials; their publishers serve digests."""
        if self.settings.slack_bot_token or self.settings.slack_client_id:
            store = None
            if self.settings.slack_client_id and self.scheduler and self.scheduler.engine:
                store = SqlInstallationStore(
                    self.scheduler.engine, self.settings.slack_client_id, slack_installations
                )
            slack = SlackService(
                self.settings, self.engine, installation_store=store, clock=self.clock
            )
            self.web.mount(slack.add_routes)
            await slack.start()
            self.publishers["slack"] = slack.publisher
            self.add_part("slack", slack.close, check=connected_check(slack))
        if self.settings.discord_token:
            discord = DiscordService(self.settings, self.engine, clock=self.clock)
            await discord.start()
            self.publishers["discord"] = discord.publisher
            self.add_part("discord", discord.close, check=connected_check(discord))

    async def _follow_shared_library(self) -> LibraryFollower | None:
        """Load the shared library (PostgreSQL) and import the local files into it."""
        if not self.settings.shared_library:
            return None
        follower = LibraryFollower(
            self.settings.resolved_database_url,
            self.library,
            poll_seconds=self.settings.library_poll_seconds,
        )
        await follower.start()
        log.info(
            "shared library: %d briefings at revision %d",
            len(follower.library.shared),
            follower.revision,
        )
        return follower

    def request_stop(self) -> None:
        """Ask every part to stop (signal handlers call this)."""
        self.stop_event.set()

    async def run(self, *, console: bool | None = None) -> int:
        """Start everything configured; return the exit status once stopped."""
        self.library.reload()
        follower = await self._follow_shared_library()
        use_console = (
            console
            if console is not None
            else (self.settings.console or not self.settings.platforms)
        )
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.request_stop)
        background: list[asyncio.Task[None]] = []
        if self.settings.watch:
            background.append(asyncio.create_task(self.library.watch(self.stop_event)))
        if follower is not None:
            background.append(asyncio.create_task(follower.run(self.stop_event)))
            self.lifecycle.started("shared library", follower.close)
        failed: list[str] = []
        try:
            # Started in this order, stopped in reverse: HTTP first, the database last.
            await self.start_scheduler(use_console)
            self.start_ingest()
            await self.start_platforms()
            if self.scheduler is not None:
                # Stopped before the platforms: digests being posted finish and are recorded.
                self.add_part("digest sends", self.scheduler.quiesce)
            # Last to start, first to stop: routes from Slack and the push API are mounted.
            if self.http_enabled(use_console):
                await self.web.start()
                self.lifecycle.started("HTTP server", self.web.stop)
            if use_console:
                log.info("no platform configured: serving the console channel on stdin")
                console_task = asyncio.create_task(
                    serve_console(self.answer_console, self._stdin, self._stdout)
                )
                stop_task = asyncio.create_task(self.stop_event.wait())
                await asyncio.wait({console_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
                stop_task.cancel()
                if not console_task.done():
                    console_task.cancel()
            else:
                await self.stop_event.wait()
        finally:
            self.stop_event.set()
            log.info("stopping: %s", ", ".join(reversed(self.lifecycle.names)) or "nothing")
            failed = await self.lifecycle.stop_all(self.settings.shutdown_grace_seconds)
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
        if failed:
            log.warning("stopped, but %s did not stop in time", ", ".join(failed))
            return 1
        log.info("stopped cleanly")
        return 0
