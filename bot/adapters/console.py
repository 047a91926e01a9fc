"""The console channel: plain-text rendering, and a stdin loop that answers command lines."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Awaitable, Callable, Sequence
from typing import TextIO

from bot.core.ports import Platform, Target
from bot.core.reply import Line, Reply, line_text
from bot.errors import PlatformError

WIDTH_RULE = "─" * 60


def render_line(line: Line) -> str:
    """Return a line as plain text, with link targets in angle brackets."""
    out = []
    for span in line:
        out.append(f"{span.text} <{span.url}>" if span.url else span.text)
    return "".join(out)


def render_text(reply: Reply) -> str:
    """Return a reply as plain text for a terminal (no paging: a terminal scrolls)."""
    out = [reply.title, "=" * min(len(reply.title), 60)]
    out.extend(render_line(line) for line in reply.intro)
    for section in reply.sections:
        out.append("")
        if section.heading:
            out.append(render_line(section.heading))
        out.extend(f"  > {render_line(line)}" for line in section.quote)
        out.extend(render_line(line) for line in section.lines)
        out.extend(f"  {f.name}: {line_text(f.value)}" for f in section.fields)
        out.extend(f"    {render_line(line)}" for line in section.note)
    for link in reply.links:
        out.append(f"{link.label}: {link.url}")
    if reply.footer:
        out.extend(["", reply.footer])
    return "\n".join(out) + "\n"


async def serve_console(
    answer: Callable[[str], Awaitable[Reply]],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> None:
    """Read command lines until end of input and print each reply."""
    source = stdin or sys.stdin
    sink = stdout or sys.stdout
    lines = _read_in_background(source)
    while True:
        line = await lines.get()
        if not line:
            return
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        reply = await answer(line.strip())
        sink.write(render_text(reply) + "\n")
        sink.flush()


def _read_in_background(source: TextIO) -> asyncio.Queue[str]:
    """Feed lines from a daemon thread: a blocked read must never hold up shutdown.

    (A default-executor read would make ``asyncio.run`` wait for Enter after Ctrl-C/SIGTERM.)
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str] = asyncio.Queue()

    def pump() -> None:
        line = "x"
        while line:
            line = source.readline()
            with contextlib.suppress(RuntimeError):  # the loop closed while we were reading
                loop.call_soon_threadsafe(queue.put_nowait, line)

    threading.Thread(target=pump, name="console-stdin", daemon=True).start()
    return queue


class ConsolePublisher:
    """Prints scheduled digests on the console channel; implements the Publisher port."""

    platform: Platform = "console"

    def __init__(self, stdout: TextIO | None = None) -> None:
        self._stdout = stdout
        self._posted: dict[str, list[str]] = {}

    async def publish(self, target: Target, pages: Sequence[Reply], *, key: str) -> list[str]:
        """Print every page; return one id per page."""
        sink = self._stdout or sys.stdout
        for page in pages:
            sink.write(render_text(page) + "\n")
        sink.flush()
        ids = [f"console-{key}-{number}" for number in range(1, len(pages) + 1)]
        self._posted[key] = ids
        return ids

    async def find_published(self, target: Target, key: str) -> list[str] | None:
        """Return what this process printed; a terminal has no history to check after a crash."""
        if key in self._posted:
            return self._posted[key]
        raise PlatformError("the console keeps no history of earlier runs")
