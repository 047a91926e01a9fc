"""A briefbot process for the crash tests: the real App and scheduler, posting to a fake Discord.

Run as ``python -m tests.scheduling.crash_bot API_URL [discord|slack]``; settings come from the
environment (``BRIEFBOT_DATABASE_URL``, ``BRIEFBOT_CRASH_AT``, ...). Only the publisher is built
here, the way the platform service builds it, because the lead wires platform services in app.py.
"""

from __future__ import annotations

import asyncio
import sys

import discord
from discord.http import HTTPClient, Route
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.discord.publisher import DiscordPublisher
from bot.adapters.slack.app import make_client
from bot.adapters.slack.publisher import SlackPublisher
from bot.app import App
from bot.log import configure_logging
from bot.settings import Settings
from tests.fakes.slack import BOT_TOKEN


async def run_slack(settings: Settings, api_url: str) -> int:
    client = make_client(settings.model_copy(update={"slack_api_url": api_url}), BOT_TOKEN)

    async def client_for(_workspace_id: str | None) -> AsyncWebClient:
        return client

    app = App(settings, publishers={"slack": SlackPublisher(client_for)})
    return await app.run(console=False)


async def run(api_url: str, platform: str = "discord") -> int:
    settings = Settings()
    configure_logging(settings)
    if platform == "slack":
        return await run_slack(settings, api_url)
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
    sys.exit(asyncio.run(run(*sys.argv[1:3])))
