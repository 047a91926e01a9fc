"""``briefbot doctor``: check settings, database, briefings, data directory and HTTP port.

Each check returns one :class:`Finding` (OK, WARN or FAIL) with what to do about it in plain
words. Findings describe secrets by their shape only; a token's value is never repeated.
"""

from __future__ import annotations

import asyncio
import errno
import importlib
import os
import re
import socket
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from pydantic import SecretStr
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import create_async_engine

from bot.core.store import load_directory
from bot.errors import ConfigError
from bot.probe import health_url, probe
from bot.settings import Settings

Status = Literal["OK", "WARN", "FAIL"]

DISCORD_TOKEN = re.compile(r"^[A-Za-z0-9_-]{17,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$")
SLACK_SIGNING_SECRET = re.compile(r"^[0-9a-f]{32}$")
ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
DB_TIMEOUT_SECONDS = 5.0
MAX_LISTED_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class Finding:
    """The outcome of one check, with what to do when it is not OK."""

    status: Status
    name: str
    detail: str
    fix: str = ""

    def line(self) -> str:
        """Return the finding as one line: status, name, detail and fix."""
        fix = f" Fix: {self.fix}" if self.fix and self.status != "OK" else ""
        return f"{self.status:<4} {self.name}: {self.detail}{fix}"


def _ok(name: str, detail: str) -> Finding:
    return Finding("OK", name, detail)


def _fail(name: str, detail: str, fix: str) -> Finding:
    return Finding("FAIL", name, detail, fix)


# --- settings ---------------------------------------------------------------------------------


def check_discord_token(token: SecretStr | None) -> Finding:
    """Check the Discord bot token looks like three base64 parts separated by dots."""
    name = "discord token"
    if token is None:
        return _ok(name, "not set (Discord disabled)")
    value = token.get_secret_value().strip()
    where = "Developer Portal > your app > Bot > Reset Token"
    if value.lower().startswith("bot "):
        return _fail(name, "starts with 'Bot '", f"set only the token itself, from the {where}.")
    if value[:1] in "\"'" and value:
        return _fail(name, "is wrapped in quotes", "remove the quotes around the value in .env.")
    if not DISCORD_TOKEN.match(value):
        return _fail(
            name,
            "does not look like a bot token (three base64 parts separated by dots)",
            f"copy the bot token from the {where}; a client secret or application id will "
            "not work.",
        )
    return _ok(name, "has the shape of a bot token")


def check_slack_tokens(settings: Settings) -> list[Finding]:
    """Check Slack tokens have the right prefixes and a connection mode is possible."""
    findings = [
        _prefix_check("slack bot token", settings.slack_bot_token, "xoxb-", "Bot User OAuth Token"),
        _prefix_check("slack app token", settings.slack_app_token, "xapp-", "App-Level Token"),
    ]
    secret = settings.slack_signing_secret
    if secret is not None:
        if SLACK_SIGNING_SECRET.match(secret.get_secret_value().strip()):
            findings.append(_ok("slack signing secret", "has the shape of a signing secret"))
        else:
            findings.append(
                _fail(
                    "slack signing secret",
                    "is not 32 hexadecimal characters",
                    "copy Basic Information > App Credentials > Signing Secret.",
                )
            )
    if settings.slack_bot_token and not settings.slack_app_token and not secret:
        findings.append(
            _fail(
                "slack mode",
                "a bot token is set but neither an app token nor a signing secret",
                "set BRIEFBOT_SLACK_APP_TOKEN for Socket Mode (no public URL needed), or "
                "BRIEFBOT_SLACK_SIGNING_SECRET for HTTP mode.",
            )
        )
    return findings


def _prefix_check(name: str, token: SecretStr | None, prefix: str, label: str) -> Finding:
    if token is None:
        return _ok(name, "not set")
    value = token.get_secret_value().strip()
    if value.startswith(prefix):
        return _ok(name, f"starts with {prefix}")
    kind = next(
        (kind for start, kind in _SLACK_KINDS if value.startswith(start)), "not a Slack token"
    )
    return _fail(
        name,
        f"does not start with {prefix} ({kind})",
        f"copy the {label} from your Slack app settings (api.slack.com/apps).",
    )


_SLACK_KINDS = (
    ("xoxb-", "that is a bot token"),
    ("xoxp-", "that is a user token"),
    ("xapp-", "that is an app-level token"),
    ("xoxe", "that is a refresh or config token"),
)


def check_platforms(settings: Settings) -> Finding:
    """Warn when no chat platform is configured."""
    if settings.platforms:
        return _ok("platforms", ", ".join(settings.platforms))
    return Finding(
        "WARN",
        "platforms",
        "no Discord or Slack token set; `briefbot run` serves only the console channel",
        "set BRIEFBOT_DISCORD_TOKEN and/or the Slack tokens in .env.",
    )


def check_time_zones(settings: Settings) -> list[Finding]:
    """Check every time-zone setting names a zone in the tz database."""
    findings = []
    for field in type(settings).model_fields:
        if not field.endswith(("timezone", "_tz", "time_zone")):
            continue
        value = getattr(settings, field)
        if not value:
            continue
        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            findings.append(
                _fail(
                    field,
                    f"unknown time zone {value!r}",
                    "use a tz database name such as Europe/Berlin or America/New_York.",
                )
            )
        else:
            findings.append(_ok(field, f"{value} is a known time zone"))
    return findings


def check_urls(settings: Settings) -> list[Finding]:
    """Check every URL setting parses as an http(s) URL."""
    named: list[tuple[str, str]] = [
        ("discord_api_url", settings.discord_api_url),
        ("slack_api_url", settings.slack_api_url),
        ("llm_base_url", settings.llm_base_url),
    ]
    named += [(f"feeds[{n}]", url) for n, url in enumerate(settings.feeds)]
    findings = []
    for name, url in named:
        if not url:
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            findings.append(_fail(name, "is not an http(s) URL", "write it as https://host/path."))
    if not findings:
        findings.append(_ok("urls", f"{sum(1 for _, u in named if u)} URL(s) parse"))
    return findings


def check_http_settings(settings: Settings) -> Finding:
    """Check the HTTP port is in range."""
    if not 0 <= settings.http_port < 65536:
        return _fail("http port", f"{settings.http_port} is out of range", "use 1-65535.")
    return _ok("http port", f"{settings.http_host}:{settings.http_port}")


# --- files and network ------------------------------------------------------------------------


def check_briefings(settings: Settings) -> list[Finding]:
    """Load the briefings directory and list its problems."""
    root = settings.briefings_dir
    result = load_directory(root, max_bytes=settings.max_file_bytes)
    count = len(result.briefings())
    if not result.problems:
        return [_ok("briefings", f"{count} briefing(s) load from {root}")]
    findings = [
        _fail(
            "briefings",
            f"{len(result.problems)} problem(s) in {root}; {count} briefing(s) load",
            "correct the files listed below (`briefbot validate` shows the same list).",
        )
    ]
    findings += [
        Finding("FAIL", "briefing file", str(p)) for p in result.problems[:MAX_LISTED_PROBLEMS]
    ]
    if len(result.problems) > MAX_LISTED_PROBLEMS:
        more = len(result.problems) - MAX_LISTED_PROBLEMS
        findings.append(Finding("FAIL", "briefing file", f"... and {more} more"))
    return findings


def check_data_dir(path: Path) -> Finding:
    """Check the data directory is writable (or can be created)."""
    name = "data directory"
    owner = f"make it writable by user id {os.getuid()} (in Docker: the named volume)."
    if path.exists() and not path.is_dir():
        return _fail(
            name, f"{path} is a file, not a directory", "point BRIEFBOT_DATA_DIR elsewhere."
        )
    if path.is_dir():
        try:
            with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-"):
                pass
        except OSError as exc:
            return _fail(name, f"cannot write to {path} ({exc.strerror})", owner)
        return _ok(name, f"{path} is writable")
    parent = next((p for p in path.absolute().parents if p.exists()), None)
    if parent is None or not os.access(parent, os.W_OK | os.X_OK):
        return _fail(name, f"{path} does not exist and cannot be created", owner)
    return _ok(name, f"{path} will be created on first run")


def check_port_free(host: str, port: int) -> Finding:
    """Check nothing else is listening on the HTTP port."""
    name = "http port free"
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        # The server sets SO_REUSEADDR too, so sockets in TIME_WAIT are no obstacle.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return _fail(
                    name,
                    f"something is already listening on {host}:{port}",
                    "stop it (is briefbot already running?) or set BRIEFBOT_HTTP_PORT.",
                )
            return _fail(
                name,
                f"cannot listen on {host}:{port} ({exc.strerror})",
                "check BRIEFBOT_HTTP_HOST.",
            )
    return _ok(name, f"{host}:{port} is free")


def check_http_port(settings: Settings) -> Finding:
    """Check the HTTP port is free, or held by a briefbot that answers on /healthz."""
    finding = check_port_free(settings.http_host, settings.http_port)
    if finding.status == "OK" or "already listening" not in finding.detail:
        return finding
    # `doctor` is often run beside the bot (docker compose exec): a port held by a bot that
    # answers is as it should be.
    ready, reason = probe(health_url(settings), timeout=2.0)
    if ready:
        return _ok("http port", "in use by the running briefbot, which is ready")
    if reason.startswith("not ready"):
        return Finding(
            "WARN",
            "http port",
            f"in use by the running briefbot, which is {reason}",
            "see `docker compose logs bot` (or the bot's log) for that part.",
        )
    return finding


# --- database ---------------------------------------------------------------------------------

RevisionCheck = Callable[[Any], tuple[tuple[str, ...], tuple[str, ...]]]


def safe_url(url: URL | str) -> str:
    """Return a database URL with its password hidden."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        return "(unparseable URL)"
    return parsed.render_as_string(hide_password=True)


async def check_database(settings: Settings) -> list[Finding]:
    """Connect to the database and compare its schema revision with the newest one."""
    raw = settings.resolved_database_url
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        return [
            _fail(
                "database url",
                "does not parse",
                "use e.g. postgresql+asyncpg://user:password@host:5432/briefbot.",
            )
        ]
    shown = safe_url(url)
    backend = url.get_backend_name()
    if backend == "postgres":  # the spelling hosting platforms use; SQLAlchemy wants the long one
        backend = "postgresql"
    wanted = ASYNC_DRIVERS.get(backend)
    if wanted is None:
        return [_fail("database url", f"{backend} is not supported", "use PostgreSQL or SQLite.")]
    if url.drivername != wanted:
        return [
            _fail(
                "database url",
                f"driver {url.drivername!r} is not the async one",
                f"start the URL with {wanted}:// instead of {url.drivername}://.",
            )
        ]
    if backend == "sqlite" and _missing_file(url.database):
        return [_ok("database", f"{shown} will be created on first run")]
    try:
        current, heads = await asyncio.wait_for(_revisions(url), DB_TIMEOUT_SECONDS)
    except TimeoutError:
        return [_fail("database", f"no answer from {shown} within 5 s", _db_fix(backend))]
    except Exception as exc:  # any driver error means "cannot use it"; say which
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]
        return [_fail("database", f"cannot connect to {shown}: {reason}", _db_fix(backend))]
    findings = [_ok("database", f"connected to {shown}")]
    if heads is None:
        return findings
    if set(current) == set(heads):
        findings.append(_ok("migrations", f"schema is at the newest revision {', '.join(heads)}"))
    elif not current:
        findings.append(
            Finding(
                "WARN",
                "migrations",
                "the database has no briefbot tables yet",
                "nothing to do: `briefbot run` creates them on start.",
            )
        )
    else:
        findings.append(
            Finding(
                "WARN",
                "migrations",
                f"schema is at {', '.join(current)}; newest is {', '.join(heads)}",
                "`briefbot run` upgrades it on start; back up the database first.",
            )
        )
    return findings


def _missing_file(database: str | None) -> bool:
    return bool(database) and database != ":memory:" and not Path(str(database)).exists()


def _db_fix(backend: str) -> str:
    if backend == "sqlite":
        return "check the data directory is writable and the file is not corrupt."
    return "check the server is running, the host and port, the user, password and database."


async def _revisions(url: URL) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            revisions: tuple[tuple[str, ...], tuple[str, ...] | None] = await connection.run_sync(
                _read_revisions
            )
            return revisions
    finally:
        await engine.dispose()


def _read_revisions(connection: Any) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """Return (current, heads) from Alembic, or heads None when no migrations ship."""
    try:
        db = importlib.import_module("bot.db.engine")
    except ImportError:
        return (), None
    custom = getattr(db, "revision_status", None)
    if callable(custom):
        current, heads = custom(connection)
        return tuple(current), tuple(heads)
    config_of = getattr(db, "alembic_config", None)
    if not callable(config_of):
        return (), None
    heads = tuple(ScriptDirectory.from_config(config_of()).get_heads())
    current = tuple(MigrationContext.configure(connection).get_current_heads())
    return current, heads


# --- all together -----------------------------------------------------------------------------


def check_library(settings: Settings) -> Finding:
    """Say where ingest writes briefings: this process's files or the shared library."""
    try:
        shared = settings.shared_library
    except ConfigError as exc:
        return _fail(
            "library", str(exc), "set BRIEFBOT_LIBRARY_STORE=auto, or a PostgreSQL database URL."
        )
    if shared:
        return _ok(
            "library",
            "shared in PostgreSQL: every replica on this database serves the same briefings",
        )
    return _ok("library", f"files in {settings.briefings_dir} (one process)")


async def diagnose(settings: Settings) -> list[Finding]:
    """Run every check and return the findings in a stable order."""
    findings: list[Finding] = [
        check_platforms(settings),
        check_discord_token(settings.discord_token),
        *check_slack_tokens(settings),
        *check_time_zones(settings),
        *check_urls(settings),
        check_http_settings(settings),
        *check_briefings(settings),
        check_data_dir(settings.data_dir),
    ]
    if 0 < settings.http_port < 65536:
        findings.append(await asyncio.to_thread(check_http_port, settings))
    findings += await check_database(settings)
    findings.append(check_library(settings))
    return findings


def healthy(findings: Iterable[Finding]) -> bool:
    """Return whether nothing failed (warnings are fine)."""
    return all(finding.status != "FAIL" for finding in findings)
