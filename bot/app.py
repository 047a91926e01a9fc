"""The one place that wires settings, store, engine, adapters, scheduler and HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import TextIO

from bot.adapters.console import serve_console
from bot.core.commands import CommandEngine, Invocation
from bot.core.ports import Clock, SystemClock
from bot.core.reply import Reply
from bot.core.store import BriefingLibrary
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
    ) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.library = BriefingLibrary(settings.briefings_dir, max_bytes=settings.max_file_bytes)
        self.engine = CommandEngine(lambda: self.library.index, self.clock)
        self._stdin = stdin
        self._stdout = stdout
        self.stop_event = asyncio.Event()

    async def answer_console(self, line: str) -> Reply:
        """Answer one console command line."""
        return await self.engine.execute_line(
            line, Invocation(platform="console", channel_id="console", can_manage=True)
        )

    def request_stop(self) -> None:
        """Ask every part to stop (signal handlers call this)."""
        self.stop_event.set()

    async def run(self, *, console: bool | None = None) -> int:
        """Start everything configured; return the exit status once stopped."""
        self.library.reload()
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
        try:
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
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
        return 0
