"""The one exception tree of briefbot, and the words users see for each error.

::

    BriefbotError                 anything briefbot raises on purpose
    ├── UserError                 the user asked for something we cannot do (exit 1, ephemeral)
    │   ├── UsageError            wrong or missing command arguments
    │   ├── NotFoundError         no such speaker, story, subscription, ...
    │   └── PermissionDenied      the user may not do this here
    ├── ConfigError               settings are wrong (bad token shape, unknown time zone, ...)
    │   └── TokenRefused          the platform refused a configured token (wrong, revoked)
    ├── BriefingError             a briefing file or payload is invalid (carries Problems)
    ├── IngestError               a source could not be fetched or turned into a briefing
    └── PlatformError             Discord or Slack refused or failed (adapters translate to it)
        ├── RateLimited           429 with a retry-after
        └── ChannelUnavailable    403/404 for a channel: pause, do not retry forever

Adapters translate their SDK's exceptions into these at their boundary; each entry point
(Discord tree, Slack app, scheduler listener, CLI ``main``) has one handler that turns them into
a short message via :func:`user_message`, with an error id that is also logged.
"""

from __future__ import annotations

import secrets


class BriefbotError(Exception):
    """Base of every error briefbot raises on purpose."""


class UserError(BriefbotError):
    """The request cannot be served as asked; the message is shown to the user."""


class UsageError(UserError):
    """Wrong or missing command arguments."""


class NotFoundError(UserError):
    """The named thing does not exist."""


class PermissionDenied(UserError):
    """The user lacks the permission this action needs."""


class ConfigError(BriefbotError):
    """A setting is missing or invalid."""


class TokenRefused(ConfigError):
    """Discord or Slack refused a token from the settings: the user must fix that setting."""

    def __init__(self, platform: str, token: str, reason: str, setting: str) -> None:
        super().__init__(f"{platform} refused the {token} ({reason}): check {setting}")
        self.setting = setting


class BriefingError(BriefbotError):
    """A briefing file or payload is invalid."""


class IngestError(BriefbotError):
    """A source could not be fetched or extracted."""


class PlatformError(BriefbotError):
    """A chat platform refused or failed a request."""


class PlatformUnreachable(PlatformError):
    """A chat platform cannot be reached: the network or an API URL setting must be fixed."""


class RateLimited(PlatformError):
    """The platform asked us to slow down."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ChannelUnavailable(PlatformError):
    """The channel is gone or the bot may not post there (403/404)."""


INTERNAL_MESSAGE = "Something went wrong on our side. The error id is {error_id}."


def new_error_id() -> str:
    """Return a short random id that ties a user-facing error to its log line."""
    return secrets.token_hex(4)


def is_internal(exc: BaseException) -> bool:
    """Return True when the user sees only an error id, so the cause must go to the log."""
    return not isinstance(
        exc,
        UserError | ConfigError | BriefingError | IngestError | RateLimited | PlatformUnreachable,
    )


def user_message(exc: BaseException, error_id: str) -> str:
    """Return the one-line text a user sees for an exception."""
    if isinstance(exc, RateLimited):
        return f"The platform is rate-limiting us; try again in {exc.retry_after:.0f} s."
    if not is_internal(exc):
        return str(exc)
    return INTERNAL_MESSAGE.format(error_id=error_id)
