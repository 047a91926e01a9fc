"""The ``briefbot`` command line: thin commands over the same services the bot runs.

Each area registers its sub-commands from its own module; the modules import the heavy parts
(SDKs, SQLAlchemy, extraction) inside their handlers, so ``--help``, ``ask`` and ``validate``
start fast. :func:`main` builds the settings once, dispatches, and turns every error into a
one-line message and exit status 1; an error shown only as an id is logged with its cause.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import logging
import sys
from collections.abc import Sequence

from bot.cli import core, ops, subscriptions
from bot.cli.health import health
from bot.errors import ConfigError, is_internal, new_error_id, user_message
from bot.log import configure_logging
from bot.settings import load_settings

log = logging.getLogger(__name__)

# Modules that add sub-commands; each has register(subparsers).
AREAS = (core, ops, subscriptions)
# Areas whose module imports heavy libraries at the top: imported only when their command
# runs; otherwise a placeholder with the same help line stands in for them in --help.
LAZY_AREAS = {
    "ingest": (
        "bot.cli.ingest",
        "turn text/Markdown/HTML files, web pages and feeds into briefings",
    ),
}


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """Return the argument parser with every area's sub-commands (full ones for argv's)."""
    parser = argparse.ArgumentParser(
        prog="briefbot", description="News briefings for Discord and Slack."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for area in AREAS:
        area.register(subparsers)
    command = next((word for word in argv if not word.startswith("-")), None)
    for name, (module, help_line) in LAZY_AREAS.items():
        if name == command:
            importlib.import_module(module).register(subparsers)
        else:
            subparsers.add_parser(name, help=help_line)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one briefbot command and return its exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["health"] and not {"-h", "--help"} & set(words):
        return health(words[1:])  # the container HEALTHCHECK, every 30 s: the short path
    parser = build_parser(words)
    args = parser.parse_args(words)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        settings = load_settings()
    except ConfigError as exc:
        for line in str(exc).splitlines():
            sys.stderr.write(f"briefbot: {line}\n")
        return 1
    configure_logging(settings)
    try:
        result = handler(settings, args)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
        return int(result or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return report(exc)


def report(exc: Exception) -> int:
    """Print the user's one line for an error; log the cause of any error shown as an id."""
    error_id = new_error_id()
    if is_internal(exc):
        log.error(
            "%s: %s (error id %s)",
            type(exc).__name__,
            exc,
            error_id,
            exc_info=exc,
            extra={"error_id": error_id},
        )
    sys.stderr.write(f"briefbot: {user_message(exc, error_id)}\n")
    return 1
