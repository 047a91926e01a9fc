"""``briefbot health``: the container HEALTHCHECK, answered without loading the rest of the bot."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.errors import ConfigError
from bot.probe import health_url, probe
from bot.settings import Settings, load_settings


def add_health_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``briefbot health``."""
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds (default 3)")


def check(settings: Settings, timeout: float) -> int:
    """Print whether the running bot says it is ready; return 0 if it is, else 1."""
    ready, reason = probe(health_url(settings), timeout)
    (sys.stdout if ready else sys.stderr).write(reason + "\n")
    return 0 if ready else 1


def health(argv: Sequence[str]) -> int:
    """Run ``briefbot health`` from its own arguments (the short path of :func:`bot.cli.main`)."""
    parser = argparse.ArgumentParser(prog="briefbot health")
    add_health_options(parser)
    options = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        for line in str(exc).splitlines():
            sys.stderr.write(f"briefbot: {line}\n")
        return 1
    return check(settings, options.timeout)
