"""Slack slash-command definitions and the app manifest, generated from the core catalogue.

``slack/manifest.yaml`` is :func:`manifest` written out; a test keeps the two equal, and
``briefbot commands --platform slack --json`` prints :func:`slash_commands`.
"""

from __future__ import annotations

from typing import Any

from bot.core.catalog import COMMANDS, CommandSpec

UMBRELLA = "briefbot"
# Commands reached only through the umbrella: Slack reserves /help for itself.
UMBRELLA_ONLY = frozenset({"help"})
DESCRIPTION_LIMIT = 100  # Slack's manifest limit for a slash command description

# Bot scopes and why each one is needed (the manifest lists exactly these).
BOT_SCOPES: tuple[str, ...] = (
    "commands",  # slash commands
    "chat:write",  # post digests and replies
    "chat:write.public",  # post digests to public channels the bot was not invited to
    "users:read",  # users.info is_admin/is_owner: who may post the digest or subscribe
    "usergroups:read",  # usergroups.users.list: the configured admin user group
    "channels:history",  # conversations.history: find a digest posted before a crash
    "groups:history",  # the same in private channels
)


def _usage_hint(spec: CommandSpec) -> str:
    return spec.synopsis.removeprefix(f"/{spec.name}").strip()


def slash_commands() -> list[dict[str, Any]]:
    """Return the slash-command definitions, in manifest form, for every catalogued command."""
    commands = [
        {
            "command": f"/{spec.name}",
            "description": spec.description[:DESCRIPTION_LIMIT],
            "usage_hint": _usage_hint(spec),
            "should_escape": False,
        }
        for spec in COMMANDS
        if spec.name not in UMBRELLA_ONLY
    ]
    commands.append(
        {
            "command": f"/{UMBRELLA}",
            "description": "Any briefbot command: /briefbot help, /briefbot quote blinken",
            "usage_hint": "help | <command> [arguments]",
            "should_escape": False,
        }
    )
    return commands


def manifest(request_url: str | None = None) -> dict[str, Any]:
    """Return the app manifest; with ``request_url`` it is for HTTP mode instead of Socket Mode.

    ``request_url`` is the public base URL of the bot's HTTP server (e.g. https://bot.example);
    Slack then sends commands and button clicks to ``<request_url>/slack/events``.
    """
    commands = slash_commands()
    settings: dict[str, Any] = {
        "interactivity": {"is_enabled": True},
        "org_deploy_enabled": False,
        "socket_mode_enabled": request_url is None,
        "token_rotation_enabled": False,
    }
    oauth: dict[str, Any] = {"scopes": {"bot": list(BOT_SCOPES)}}
    if request_url is not None:
        events = f"{request_url.rstrip('/')}/slack/events"
        for command in commands:
            command["url"] = events
        settings["interactivity"]["request_url"] = events
        oauth["redirect_urls"] = [f"{request_url.rstrip('/')}/slack/oauth_redirect"]
    return {
        "display_information": {
            "name": "briefbot",
            "description": "News briefings in chat: quotes, figures and daily digests",
            "background_color": "#1d3557",
        },
        "features": {
            "bot_user": {"display_name": "briefbot", "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": oauth,
        "settings": settings,
    }
