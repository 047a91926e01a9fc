"""Discord application command definitions, generated from the core catalogue, and sync state.

:func:`application_commands` is exactly the body of Discord's bulk-overwrite request (printed
by ``briefbot commands --platform discord --json``). Syncing is skipped when the definitions
hash stored in ``data_dir`` matches, so restarts do not spend Discord's daily command quota.
Pure module: no discord.py import.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bot.core.catalog import COMMANDS, CommandSpec, OptionSpec
from bot.settings import Settings

OPTION_TYPES = {"string": 3, "integer": 4, "boolean": 5}
CHAT_INPUT = 1
GUILD_CONTEXT = 0
BOT_DM_CONTEXT = 1
GUILD_INSTALL = 0

# Permission bits (https://discord.com/developers/docs/topics/permissions).
MANAGE_CHANNELS = 1 << 4
ADMINISTRATOR = 1 << 3
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
INVITE_PERMISSIONS = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY
INVITE_SCOPES = ("bot", "applications.commands")

HASH_FILE = "discord-commands.sha256"
# Commands about the channel itself only make sense in a server.
GUILD_ONLY = frozenset({"digest", "subscribe", "unsubscribe", "subscriptions"})


def option_definition(option: OptionSpec) -> dict[str, Any]:
    """Return one command option as Discord defines it."""
    body: dict[str, Any] = {
        "type": OPTION_TYPES[option.kind],
        "name": option.name,
        "description": option.description[:100],
        "required": option.required,
    }
    if option.autocomplete is not None:
        body["autocomplete"] = True
    return body


def command_definition(spec: CommandSpec) -> dict[str, Any]:
    """Return one catalogued command as a Discord chat-input command."""
    body: dict[str, Any] = {
        "type": CHAT_INPUT,
        "name": spec.name,
        "description": spec.description[:100],
        "options": [option_definition(option) for option in spec.options],
        "contexts": [GUILD_CONTEXT] if spec.name in GUILD_ONLY else [GUILD_CONTEXT, BOT_DM_CONTEXT],
        "integration_types": [GUILD_INSTALL],
    }
    if spec.manages:
        # Hidden from members who cannot manage the channel; server admins can override.
        body["default_member_permissions"] = MANAGE_CHANNELS
    return body


def application_commands() -> list[dict[str, Any]]:
    """Return the bulk-overwrite body for every command in the catalogue."""
    return [command_definition(spec) for spec in COMMANDS]


def definitions_hash(body: list[dict[str, Any]], scope: str) -> str:
    """Return the sha256 of the definitions and where they go (global or guild ids)."""
    canonical = json.dumps({"scope": scope, "commands": body}, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def sync_scope(settings: Settings, application_id: int) -> str:
    """Return a label for where commands are registered: global, or the guild ids."""
    guilds = ",".join(str(g) for g in sorted(settings.discord_guild_ids))
    return f"{application_id}:guilds:{guilds}" if guilds else f"{application_id}:global"


def should_sync(settings: Settings) -> bool:
    """Return True if this process registers commands (enabled, and it runs shard 0)."""
    if not settings.discord_sync_commands:
        return False
    return not settings.discord_shard_ids or 0 in settings.discord_shard_ids


class SyncState:
    """The hash of the last registered definitions, kept in a small file in data_dir."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / HASH_FILE

    def read(self) -> str | None:
        """Return the stored hash, or None if nothing was synced yet."""
        try:
            return self.path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def write(self, digest: str) -> None:
        """Store the hash atomically (temp file + rename), so a crash never half-writes it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".commands-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(digest + "\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def invite_url(application_id: int, guild_id: int | None = None) -> str:
    """Return the OAuth2 link that adds the bot with its commands and minimum permissions."""
    query = {
        "client_id": str(application_id),
        "scope": " ".join(INVITE_SCOPES),
        "permissions": str(INVITE_PERMISSIONS),
    }
    if guild_id is not None:
        query["guild_id"] = str(guild_id)
    return "https://discord.com/oauth2/authorize?" + urlencode(query)
