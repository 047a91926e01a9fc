"""Command registration (guild/global, only when changed, one process) and sharding."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.adapters.discord.commands import (
    HASH_FILE,
    INVITE_PERMISSIONS,
    application_commands,
    invite_url,
)
from bot.core.catalog import COMMANDS
from bot.core.commands import CommandEngine
from tests.adapters.discord.conftest import start_service
from tests.fakes.discord import FakeDiscord


def _names(commands: list[dict[str, object]] | None) -> list[object]:
    return [c["name"] for c in commands or []]


async def test_commands_are_registered_globally_once_until_they_change(
    fake: FakeDiscord, engine: CommandEngine, tmp_path: Path
) -> None:
    """The first start registers every catalogued command; a restart does not re-register."""
    data = tmp_path / "data"
    await (await start_service(fake, engine, data)).close()
    assert _names(fake.global_commands) == [spec.name for spec in COMMANDS]
    assert fake.command_puts == 1
    assert (data / HASH_FILE).read_text().strip()

    await (await start_service(fake, engine, data)).close()
    assert fake.command_puts == 1

    (data / HASH_FILE).write_text("stale\n")
    await (await start_service(fake, engine, data)).close()
    assert fake.command_puts == 2


async def test_guild_ids_register_commands_in_those_guilds_only(
    fake: FakeDiscord, engine: CommandEngine, tmp_path: Path
) -> None:
    """With guild ids configured (testing servers) commands go to those guilds, not global."""
    guild = fake.guild_ids[0]
    bot = await start_service(fake, engine, tmp_path / "data", discord_guild_ids=[guild])
    await bot.close()
    assert fake.global_commands is None
    assert _names(fake.guild_commands[guild]) == [spec.name for spec in COMMANDS]


async def test_sync_disabled_or_other_shard_does_not_register(
    fake: FakeDiscord, engine: CommandEngine, tmp_path: Path
) -> None:
    """Only the process with sync enabled that runs shard 0 registers commands."""
    bot = await start_service(fake, engine, tmp_path / "a", discord_sync_commands=False)
    await bot.close()
    fake.shards = 2
    bot = await start_service(
        fake, engine, tmp_path / "b", discord_shard_count=2, discord_shard_ids=[1]
    )
    await bot.close()
    assert fake.command_puts == 0


async def test_auto_sharded_bot_runs_every_shard_and_answers(
    engine: CommandEngine, tmp_path: Path
) -> None:
    """With two shards in one process both connect and a guild's command is answered."""
    # Guild ids chosen so each shard serves one guild: (id >> 22) % 2.
    fake = FakeDiscord(guild_ids=(2 << 22, 3 << 22), shards=2)
    await fake.start()
    try:
        bot = await start_service(fake, engine, tmp_path / "data", discord_auto_shard=True)
        try:
            assert fake.identifies == 2
            assert sorted(s.shard for s in fake.sessions) == [(0, 2), (1, 2)]
            for guild in fake.guild_ids:
                body = await fake.callback(
                    await fake.slash("quote", {"speaker": "blinken"}, guild_id=guild)
                )
                assert body["type"] == 4
        finally:
            await bot.close()
    finally:
        await fake.stop()
    assert fake.violations == []


async def test_start_logs_an_invite_url_with_the_minimum_permissions(
    fake: FakeDiscord, engine: CommandEngine, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The start-up log has the invite link: bot + applications.commands, 84992."""
    with caplog.at_level(logging.INFO):
        await (await start_service(fake, engine, tmp_path / "data")).close()
    assert any(invite_url(fake.application_id) in r.getMessage() for r in caplog.records)
    assert INVITE_PERMISSIONS == 1024 + 2048 + 16384 + 65536
    assert "scope=bot+applications.commands" in invite_url(1)
    assert "permissions=84992" in invite_url(1)


def test_command_definitions_come_from_the_catalogue() -> None:
    """Every catalogued option is defined, with autocomplete where the catalogue says."""
    by_name = {c["name"]: c for c in application_commands()}
    quote = by_name["quote"]
    assert quote["options"][0] == {
        "type": 3,
        "name": "speaker",
        "description": "Who said it (name, surname or alias)",
        "required": True,
        "autocomplete": True,
    }
    assert by_name["digest"]["options"][0]["type"] == 5
    assert by_name["subscribe"]["default_member_permissions"] == 16
