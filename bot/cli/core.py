"""Core sub-commands: run, validate, ask, digest, commands."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.adapters.console import render_text
from bot.core.store import load_directory
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.core.index import Index
    from bot.core.reply import Reply

# The platform SDKs, the app and SQLAlchemy are imported inside the handlers that need them:
# `briefbot ask`, `validate` and `--help` must not pay for discord.py, bolt or the database.


def register(subparsers: Any) -> None:
    """Add the core sub-commands."""
    run = subparsers.add_parser("run", help="start the bot (console channel without tokens)")
    run.add_argument("--console", action="store_true", help="serve the console channel")
    run.set_defaults(handler=_run)

    validate = subparsers.add_parser("validate", help="check every briefing file")
    validate.add_argument("dir", nargs="?", type=Path, help="default: the briefings directory")
    validate.set_defaults(handler=_validate)

    ask = subparsers.add_parser("ask", help="answer one command line, e.g. '/quote blinken'")
    ask.add_argument("line", help="the command line, quoted")
    _add_output_options(ask)
    ask.set_defaults(handler=_ask)

    digest = subparsers.add_parser("digest", help="compose the digest of recent stories")
    digest.add_argument("--since", type=_parse_since, help="ISO date or datetime (default: all)")
    digest.add_argument("--topics", default="", help="comma-separated topics filter")
    digest.add_argument("--channel", help="the digest this channel would get now (scheduling)")
    digest.add_argument("--dry-run", action="store_true", help="with --channel: only print it")
    _add_output_options(digest)
    digest.set_defaults(handler=_digest)

    schema = subparsers.add_parser("schema", help="print or write the briefing JSON Schema")
    schema.add_argument("--write", type=Path, help="write to this file instead of stdout")
    schema.set_defaults(handler=_schema)

    commands = subparsers.add_parser("commands", help="print the platform command definitions")
    commands.add_argument("--platform", choices=("discord", "slack"), required=True)
    commands.add_argument("--json", action="store_true", help="print JSON (the default)")
    commands.set_defaults(handler=_commands)


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--platform", choices=("text", "discord", "slack"), default="text")
    parser.add_argument("--json", action="store_true", help="print the exact payload as JSON")


def _parse_since(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or datetime: {value!r}") from None
    if isinstance(parsed, datetime) and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


async def _run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import App

    return await App(settings).run(console=True if args.console else None)


def _validate(settings: Settings, args: argparse.Namespace) -> int:
    root = args.dir or settings.briefings_dir
    result = load_directory(root, max_bytes=settings.max_file_bytes)
    for problem in result.problems:
        sys.stdout.write(f"{problem}\n")
    count = len(result.briefings())
    if result.problems:
        sys.stdout.write(f"{len(result.problems)} problem(s); {count} briefing(s) valid\n")
        return 1
    sys.stdout.write(f"{count} briefing(s) valid in {root}\n")
    return 0


async def _load_index(settings: Settings) -> Index:
    """Return the index of the briefing files, and of the shared library when there is one."""
    from bot.core.index import Index
    from bot.core.store import BriefingLibrary

    if not settings.shared_library:
        result = load_directory(settings.briefings_dir, max_bytes=settings.max_file_bytes)
        for problem in result.problems:
            sys.stderr.write(f"warning: {problem}\n")
        return Index(result.briefings())
    from bot.library.follower import LibraryFollower

    library = BriefingLibrary(settings.briefings_dir, max_bytes=settings.max_file_bytes)
    library.reload()  # logs each problem
    follower = LibraryFollower(settings.resolved_database_url, library)
    try:
        await follower.start(import_files=False)  # a read-only command changes nothing
    finally:
        await follower.close()
    return library.index


def _emit(reply: Reply, args: argparse.Namespace) -> int:
    platform, as_json = args.platform, args.json
    if platform == "text" and not as_json:
        sys.stdout.write(render_text(reply))
    else:
        payload = render_payload(reply, platform)
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0 if reply.ok else 1


def render_payload(reply: Reply, platform: str) -> Any:
    """Return the exact body the given platform adapter would send for a reply."""
    if platform == "discord":
        from bot.adapters.discord import render as discord_render

        return discord_render.render_callback(reply)
    if platform == "slack":
        from bot.adapters.slack import render as slack_render

        return slack_render.render_reply(reply)
    return {"text": render_text(reply)}


async def _ask(settings: Settings, args: argparse.Namespace) -> int:
    from bot.core.commands import CommandEngine, Invocation

    index = await _load_index(settings)
    engine = CommandEngine(lambda: index)
    reply = await engine.execute_line(
        args.line, Invocation(platform=args.platform, channel_id="cli", can_manage=True)
    )
    return _emit(reply, args)


def _digest(settings: Settings, args: argparse.Namespace) -> int:
    if args.channel:
        # A channel's digest depends on its subscriptions and deliveries: the scheduling CLI.
        from bot.cli.subscriptions import preview_channel_digest

        return asyncio.run(preview_channel_digest(settings, args))
    from bot.core.digest import compose_digest

    index = asyncio.run(_load_index(settings))
    topics = [t.strip() for t in args.topics.split(",") if t.strip()]
    reply = compose_digest(index, since=args.since, now=datetime.now(UTC), topics=topics)
    return _emit(reply, args)


def _schema(settings: Settings, args: argparse.Namespace) -> int:
    from bot.core.files import atomic_write
    from bot.core.models import briefing_json_schema

    text = json.dumps(briefing_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.write:
        atomic_write(args.write, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def _commands(settings: Settings, args: argparse.Namespace) -> int:
    if args.platform == "discord":
        from bot.adapters.discord.commands import application_commands

        body = application_commands()
    else:
        from bot.adapters.slack.commands import slash_commands

        body = slash_commands()
    sys.stdout.write(json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    return 0
