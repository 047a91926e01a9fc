"""Operations sub-commands: ``doctor`` (what to fix) and ``health`` (the container HEALTHCHECK)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.cli.health import add_health_options, check
from bot.settings import Settings


def register(subparsers: Any) -> None:
    """Add the operations sub-commands."""
    doctor = subparsers.add_parser("doctor", help="check the settings and surroundings")
    doctor.set_defaults(handler=_doctor)

    health = subparsers.add_parser("health", help="ask the running bot whether it is ready")
    add_health_options(health)
    health.set_defaults(handler=_health)


async def _doctor(settings: Settings, args: argparse.Namespace) -> int:
    from bot.doctor import diagnose, healthy  # the database and migration checks

    findings = await diagnose(settings)
    for finding in findings:
        sys.stdout.write(finding.line() + "\n")
    if healthy(findings):
        sys.stdout.write("All checks passed.\n")
        return 0
    failed = sum(1 for f in findings if f.status == "FAIL")
    sys.stdout.write(f"{failed} check(s) failed: fix the lines marked FAIL and run again.\n")
    return 1


def _health(settings: Settings, args: argparse.Namespace) -> int:
    return check(settings, args.timeout)
