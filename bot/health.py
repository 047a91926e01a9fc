"""The health probe: parts register a check, and ``/healthz`` reports ready only if all pass.

A check is a callable returning ``(ok, detail)``; it must be cheap and never block, because
the container runtime calls ``/healthz`` every few seconds. A check that raises counts as
failing, with the exception's type as its detail, so one broken part cannot hide the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

Check = Callable[[], tuple[bool, str]]


@dataclass(frozen=True, slots=True)
class PartStatus:
    """One part's answer: its name, whether it is ready, and why (in plain words)."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True, slots=True)
class HealthReport:
    """Every registered part's status; ready only when there is at least one and all pass."""

    parts: tuple[PartStatus, ...]

    @property
    def ready(self) -> bool:
        """Return whether every part is ready."""
        return bool(self.parts) and all(part.ok for part in self.parts)

    @property
    def failing(self) -> tuple[PartStatus, ...]:
        """Return the parts that are not ready."""
        return tuple(part for part in self.parts if not part.ok)

    def summary(self) -> str:
        """Return 'ready' or 'not ready: part (detail), ...' on one line."""
        if self.ready:
            return "ready"
        if not self.parts:
            return "not ready: nothing registered yet"
        return "not ready: " + ", ".join(f"{p.name} ({p.detail})" for p in self.failing)

    def as_dict(self) -> dict[str, object]:
        """Return the report as a JSON-ready mapping."""
        return {
            "status": "ready" if self.ready else "not ready",
            "failing": {p.name: p.detail for p in self.failing},
            "parts": {p.name: {"ok": p.ok, "detail": p.detail} for p in self.parts},
        }


class HealthProbe:
    """A registry of named readiness checks."""

    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}

    def register(self, name: str, check: Check) -> None:
        """Add (or replace) the check for a part."""
        self._checks[name] = check

    @property
    def names(self) -> list[str]:
        """Return the registered part names, in registration order."""
        return list(self._checks)

    def report(self) -> HealthReport:
        """Run every check and return the combined report."""
        parts = []
        for name, check in self._checks.items():
            try:
                ok, detail = check()
            except Exception as exc:  # a broken check means "not ready", never a crash
                log.warning("health check %s raised %s", name, type(exc).__name__)
                ok, detail = False, f"check failed: {type(exc).__name__}"
            parts.append(PartStatus(name, bool(ok), detail))
        return HealthReport(tuple(parts))


def connected_check(service: object, label: str = "connected") -> Check:
    """Return a check that reads ``service.connected`` (Discord and Slack services expose it)."""

    def check() -> tuple[bool, str]:
        ok = bool(getattr(service, "connected", False))
        return ok, label if ok else f"not {label}"

    return check


def running_check(service: object) -> Check:
    """Return a check that the service is running (its ``running`` flag, or live tasks)."""

    def check() -> tuple[bool, str]:
        running = getattr(service, "running", None)
        if running is None:
            # Until the service exposes `running`: its background tasks must all be alive.
            tasks = getattr(service, "_tasks", ())
            running = bool(tasks) and not any(task.done() for task in tasks)
        return bool(running), "running" if running else "not running"

    return check
