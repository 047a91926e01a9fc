"""Operations sub-commands: ``doctor`` (what to fix) and ``health`` (the container HEALTHCHECK)."""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from typing import Any

from bot.doctor import diagnose, healthy
from bot.settings import Settings

# Addresses that mean "every interface": the probe dials loopback instead.
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 - compared, never bound


def register(subparsers: Any) -> None:
    """Add the operations sub-commands."""
    doctor = subparsers.add_parser("doctor", help="check the settings and surroundings")
    doctor.set_defaults(handler=_doctor)

    health = subparsers.add_parser("health", help="ask the running bot whether it is ready")
    health.add_argument("--timeout", type=float, default=3.0, help="seconds (default 3)")
    health.set_defaults(handler=_health)


async def _doctor(settings: Settings, args: argparse.Namespace) -> int:
    findings = await diagnose(settings)
    for finding in findings:
        sys.stdout.write(finding.line() + "\n")
    if healthy(findings):
        sys.stdout.write("All checks passed.\n")
        return 0
    failed = sum(1 for f in findings if f.status == "FAIL")
    sys.stdout.write(f"{failed} check(s) failed: fix the lines marked FAIL and run again.\n")
    return 1


def health_url(settings: Settings) -> str:
    """Return the /healthz URL of the bot these settings describe."""
    host = "127.0.0.1" if settings.http_host in WILDCARD_HOSTS else settings.http_host
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.http_port}/healthz"


def probe(url: str, timeout: float) -> tuple[bool, str]:
    """GET the health URL; return (ready, one line saying why)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - http only
            return True, response.read(200).decode("utf-8", "replace").strip() or "ready"
    except urllib.error.HTTPError as exc:
        return False, _reason(exc.code, exc.read(4096))
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return False, (
            f"no answer from {url} ({reason}); is `briefbot run` running with the HTTP server on?"
        )


def _reason(status: int, body: bytes) -> str:
    try:
        failing = json.loads(body).get("failing", {})
    except (ValueError, AttributeError):
        failing = {}
    if failing:
        parts = ", ".join(f"{name} ({detail})" for name, detail in failing.items())
        return f"not ready: {parts}"
    return f"not ready: HTTP {status}"


def _health(settings: Settings, args: argparse.Namespace) -> int:
    ready, reason = probe(health_url(settings), args.timeout)
    (sys.stdout if ready else sys.stderr).write(reason + "\n")
    return 0 if ready else 1
