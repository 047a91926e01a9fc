"""Fixtures for the Slack adapter: a fake Slack, the engine over the seed briefing, the service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.adapters.slack.app import SlackService
from bot.core.commands import CommandEngine
from bot.core.index import Index
from bot.core.store import load_directory
from bot.settings import Settings
from tests.conftest import BRIEFINGS
from tests.fakes.slack import APP_TOKEN, BOT_TOKEN, FakeSlack

SIGNING_SECRET = "fake-signing-secret"


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    """Start a fake Slack on 127.0.0.1; fail the test if it saw an invalid payload."""
    slack = FakeSlack()
    await slack.start()
    yield slack
    await slack.close()
    assert slack.violations == []


@pytest.fixture
def engine() -> CommandEngine:
    """Return a command engine over the seed briefing."""
    index = Index(load_directory(BRIEFINGS).briefings())
    return CommandEngine(lambda: index)


def slack_settings(fake: FakeSlack, **overrides: Any) -> Settings:
    """Return settings that point the Slack adapter at the fake."""
    values: dict[str, Any] = {
        "slack_bot_token": SecretStr(BOT_TOKEN),
        "slack_app_token": SecretStr(APP_TOKEN),
        "slack_signing_secret": SecretStr(SIGNING_SECRET),
        "slack_api_url": fake.api_url,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def service(fake: FakeSlack, engine: CommandEngine) -> AsyncIterator[SlackService]:
    """Start the Slack service in Socket Mode against the fake."""
    slack = SlackService(slack_settings(fake), engine)
    await slack.start()
    await fake.wait_socket()
    yield slack
    await slack.close()
