"""A briefbot process for the crash tests: the real App and scheduler, posting to a fake Discord.

Run as ``python -m tests.scheduling.crash_bot API_URL``; settings come from the environment
(``BRIEFBOT_DATABASE_URL``, ``BRIEFBOT_CRASH_AT``, ...). Only the Discord publisher is built
here, the way the platform service builds it, because the lead wires platform services in app.py.
"""

from __future__ import annotations

import asyncio
import sys

import discord
from discord.http import HTTPClient, Route

from bot.adapters.discord.publisher import DiscordPublisher
from bot.app import App
from bot.log import configure_logging
from bot.settings import Settings


async def run(api_url: str) -> int:
    settings = Settings()
    configure_logging(settings)
    Route.BASE = api_url.rstrip("/")
    http = HTTPClient(asyncio.get_running_loop())
    await http.static_login("fake-token")
    try:
        app = App(settings, publishers={"discord": DiscordPublisher(http)})
        return await app.run(console=False)
    finally:
        await http.close()


if __name__ == "__main__":
    _ = discord  # the import registers discord.py's logging defaults before ours
    sys.exit(asyncio.run(run(sys.argv[1])))
