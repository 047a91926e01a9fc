"""Discord and Slack refuse a member's channel-changing command with the same private answer."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.slack.app import SlackService
from bot.core.catalog import MANAGE_REFUSAL
from bot.core.commands import CommandEngine, Invocation
from bot.core.index import Index
from bot.core.reply import Reply, plain
from bot.core.store import load_directory
from tests.adapters.discord.conftest import start_service
from tests.adapters.slack.conftest import slack_settings
from tests.fakes.discord import FakeDiscord
from tests.fakes.slack import FakeSlack

MANAGE_CHANNELS = 1 << 4
# (command, Discord options, Slack text): every command that changes channel state.
CHANGES = [
    ("subscribe", {"at": "08:00"}, "at:08:00"),
    ("unsubscribe", {}, ""),
    ("digest", {"post": True}, "post:true"),
]


@dataclass
class Platforms:
    """Both fakes with a real adapter connected to each, sharing one engine."""

    discord: FakeDiscord
    slack: FakeSlack
    reached: list[tuple[str, Invocation]]


@pytest.fixture
async def platforms(briefings_dir: Path, tmp_path: Path) -> AsyncIterator[Platforms]:
    """Run Discord and Slack against their fakes; the manage commands record who got through."""
    index = Index(load_directory(briefings_dir).briefings())
    engine = CommandEngine(lambda: index)
    reached: list[tuple[str, Invocation]] = []
    for name, _, _ in CHANGES:

        async def handler(
            args: Mapping[str, str], invocation: Invocation, name: str = name
        ) -> Reply:
            reached.append((name, invocation))
            return Reply("Done", intro=(plain("done"),), ephemeral=True)

        engine.register(name, handler)
    discord_fake, slack_fake = FakeDiscord(), FakeSlack()
    await discord_fake.start()
    await slack_fake.start()
    discord = await start_service(discord_fake, engine, tmp_path / "data")
    slack = SlackService(slack_settings(slack_fake), engine)
    await slack.start()
    await slack_fake.wait_socket()
    try:
        yield Platforms(discord_fake, slack_fake, reached)
    finally:
        await slack.close()
        await discord.close()
        await slack_fake.close()
        await discord_fake.stop()
    assert discord_fake.violations == []
    assert slack_fake.violations == []


async def discord_answer(fake: FakeDiscord, name: str, options: dict[str, Any], **kw: Any) -> Any:
    """Type a command on Discord; return (private?, everything the user sees)."""
    body = await fake.callback(await fake.slash(name, options, **kw))
    data = body["data"]
    return bool(data.get("flags", 0) & 64), json.dumps(data, ensure_ascii=False)


async def slack_answer(fake: FakeSlack, name: str, text: str, **kw: Any) -> Any:
    """Type a command on Slack; return (private?, everything the user sees)."""
    payload = fake.slash_payload(f"/{name}", text, **kw)
    await fake.wait_ack(await fake.send_envelope("slash_commands", payload))
    (answer,) = await fake.wait_responses(payload["response_url"])
    return answer["response_type"] == "ephemeral", json.dumps(answer["blocks"], ensure_ascii=False)


@pytest.mark.parametrize(("name", "options", "text"), CHANGES)
async def test_members_are_refused_alike_on_discord_and_slack(
    platforms: Platforms, name: str, options: dict[str, Any], text: str
) -> None:
    """A member without manage rights gets the same private refusal on both; nothing runs."""
    discord = await discord_answer(platforms.discord, name, options)
    slack = await slack_answer(platforms.slack, name, text)
    assert discord[0]
    assert slack[0]
    assert MANAGE_REFUSAL in discord[1]
    assert MANAGE_REFUSAL in slack[1]
    assert platforms.reached == []
    assert platforms.slack.channels["C1"].messages == []


async def test_managers_get_through_on_both(platforms: Platforms) -> None:
    """Manage Channels on Discord and a workspace admin on Slack both reach the command."""
    platforms.slack.users["U1"]["is_admin"] = True
    await discord_answer(
        platforms.discord, "subscribe", {"at": "08:00"}, permissions=MANAGE_CHANNELS
    )
    await slack_answer(platforms.slack, "subscribe", "at:08:00")
    assert [(name, inv.platform, inv.can_manage) for name, inv in platforms.reached] == [
        ("subscribe", "discord", True),
        ("subscribe", "slack", True),
    ]


async def test_previews_need_no_manage_rights_on_either(platforms: Platforms) -> None:
    """/digest without post:true is a private preview for everyone, not a refusal."""
    discord = await discord_answer(platforms.discord, "digest", {})
    slack = await slack_answer(platforms.slack, "digest", "")
    assert MANAGE_REFUSAL not in discord[1]
    assert MANAGE_REFUSAL not in slack[1]
    assert [name for name, _ in platforms.reached] == ["digest", "digest"]
