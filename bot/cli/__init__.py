"""The ``briefbot`` command line: thin commands over the same services the bot runs.

Each area registers its sub-commands from its own module; :func:`main` builds the settings
once, dispatches, and turns every briefbot error into a one-line message and exit status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import logging
import sys
from collections.abc import Sequence

from bot.cli import core, ingest, ops, subscriptions
from bot.errors import BriefbotError, new_error_id, user_message
from bot.log import configure_logging
from bot.settings import Settings

log = logging.getLogger(__name__)

# Modules that add sub-commands; each has register(subparsers).
AREAS = (core, ops, ingest, subscriptions)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every area's sub-commands."""
    parser = argparse.ArgumentParser(
        prog="briefbot", description="News briefings for Discord and Slack."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in AREAS:
        area.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one briefbot command and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        settings = Settings()
    except ValueError as exc:
        sys.stderr.write(f"briefbot: invalid settings: {exc}\n")
        return 1
    configure_logging(settings)
    try:
        result = handler(settings, args)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
        return int(result or 0)
    except BriefbotError as exc:
        sys.stderr.write(f"briefbot: {user_message(exc, new_error_id())}\n")
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        error_id = new_error_id()
        log.exception("unexpected error (error id %s)", error_id)
        sys.stderr.write(f"briefbot: {user_message(exc, error_id)}\n")
        return 1
