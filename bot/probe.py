"""Ask a running bot whether it is ready, with the standard library only (for HEALTHCHECK)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from bot.settings import Settings

# Addresses that mean "every interface": the probe dials loopback instead.
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 - compared, never bound


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
