"""The ``briefbot`` executable: ``health`` is answered without loading the whole bot.

The container runtime runs ``briefbot health`` every 30 seconds; importing every adapter,
the scheduler and the database layer for that would cost seconds of CPU and ~100 MB each
time, so that one sub-command takes a short path. Everything else goes to :mod:`bot.cli`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.probe import health_url, probe
from bot.settings import Settings


def main(argv: Sequence[str] | None = None) -> int:
    """Run one briefbot command and return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["health"] and not {"-h", "--help"} & set(args):
        return health(args[1:])
    # Imported here, not at the top: this import is the cost the health path avoids.
    from bot.cli import main as full_main

    return full_main(args)


def add_health_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``briefbot health``."""
    parser.add_argument("--timeout", type=float, default=3.0, help="seconds (default 3)")


def health(argv: Sequence[str]) -> int:
    """Exit 0 if the running bot says it is ready, else print why and exit 1."""
    parser = argparse.ArgumentParser(prog="briefbot health")
    add_health_options(parser)
    options = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValueError as exc:
        sys.stderr.write(f"briefbot: invalid settings: {exc}\n")
        return 1
    ready, reason = probe(health_url(settings), options.timeout)
    (sys.stdout if ready else sys.stderr).write(reason + "\n")
    return 0 if ready else 1
