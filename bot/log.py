"""Logging set-up: plain text or JSON lines on stderr (stdout is for answers), never a secret."""

from __future__ import annotations

import json
import logging
import secrets
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from types import MappingProxyType

from bot.settings import Settings

# Fields a record may carry through `extra=` that are worth keeping in JSON output.
CONTEXT_FIELDS = ("command_id", "delivery_id", "error_id", "platform", "channel", "command")

# Ids of the command or delivery being handled; asyncio tasks inherit a copy when created.
_CONTEXT: ContextVar[Mapping[str, str]] = ContextVar(
    "briefbot_log_context", default=MappingProxyType({})
)


def new_command_id() -> str:
    """Return a short random id that ties every log line of one command together."""
    return secrets.token_hex(4)


def current_context() -> Mapping[str, str]:
    """Return the log context ids in effect here."""
    return _CONTEXT.get()


@contextmanager
def log_context(**ids: object) -> Iterator[None]:
    """Add ids (command_id=..., delivery_id=...) to every log record made inside the block."""
    merged = {**_CONTEXT.get(), **{k: str(v) for k, v in ids.items() if v is not None}}
    token = _CONTEXT.set(MappingProxyType(merged))
    try:
        yield
    finally:
        _CONTEXT.reset(token)


class ContextFilter(logging.Filter):
    """Copy the context ids onto each record (an explicit ``extra=`` value wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Attach the ids; always keep the record."""
        context = _CONTEXT.get()
        for name, value in context.items():
            if not hasattr(record, name):
                setattr(record, name, value)
        record.context_ids = dict(context)
        return True


class TextFormatter(logging.Formatter):
    """The plain format, with the context ids appended as ``[command_id=... ...]``."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        """Return the line with its context ids."""
        text = super().format(record)
        ids = getattr(record, "context_ids", None)
        if not ids:
            return text
        head, sep, tail = text.partition("\n")
        suffix = " [" + " ".join(f"{k}={v}" for k, v in ids.items()) + "]"
        return head + suffix + sep + tail


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record as JSON with time, level, logger, message and context ids."""
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                payload[name] = value
        for name, value in getattr(record, "context_ids", {}).items():
            payload.setdefault(name, value)
        if record.exc_text:
            payload["exception"] = record.exc_text
        elif record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


class SecretFilter(logging.Filter):
    """Replace any configured secret value that slips into a log message."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if len(s) >= 6]

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact secrets in the formatted message; always keep the record."""
        if not self._secrets:
            return True
        message = record.getMessage()
        redacted = self._redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        # Tracebacks quote URLs and arguments too: format them here so they are redacted.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        return True

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "**********")
        return text


def secret_values(settings: Settings) -> list[str]:
    """Return the plain values of every secret setting that is set."""
    values = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if hasattr(value, "get_secret_value"):
            values.append(value.get_secret_value())
    password = database_password(settings.database_url)
    if password:
        values.append(password)
    return values


def database_password(url: str) -> str | None:
    """Return the password inside a database URL, if it has one."""
    if not url:
        return None
    # Here, not at the top: a command that touches no database must not load SQLAlchemy.
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).password
    except (ArgumentError, ValueError):
        return None


def configure_logging(settings: Settings) -> None:
    """Send logs to stderr in the configured format, with secrets redacted."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(TextFormatter())
    handler.addFilter(ContextFilter())
    handler.addFilter(SecretFilter(secret_values(settings)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    for noisy in ("discord.gateway", "discord.client", "aiosqlite", "watchfiles"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    # Alembic says "Context impl SQLiteImpl." on every start: only worth reading when debugging.
    quiet = logging.DEBUG if root.level <= logging.DEBUG else logging.WARNING
    logging.getLogger("alembic").setLevel(quiet)
