"""Bolt listeners: slash commands and page buttons, acked at once and answered in the background.

Every listener calls ``ack()`` before any work (Slack's 3-second deadline), then answers through
the request's response URL. One error handler per entry point: any failure reaches the user as
a short ephemeral message with an error id that is also logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import re
from collections.abc import Callable, Coroutine, Iterator
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.access import AdminCheck
from bot.adapters.slack.commands import UMBRELLA, slash_commands
from bot.adapters.slack.publisher import slack_errors
from bot.adapters.slack.render import (
    PAGE_ACTION_PREFIX,
    parse_page_value,
    render_error,
    render_reply,
)
from bot.core.catalog import BY_NAME, needs_manage
from bot.core.commands import CommandEngine, Invocation, parse_args
from bot.core.reply import Reply, plain
from bot.errors import PermissionDenied, PlatformError, UsageError, new_error_id, user_message

log = logging.getLogger(__name__)

# Work started while a request is being acked waits here until the ack is on the wire, so a
# slow answer never delays the ack (the answer's CPU work would otherwise run first).
_AFTER_ACK: contextvars.ContextVar[list[Callable[[], None]] | None] = contextvars.ContextVar(
    "briefbot_slack_after_ack", default=None
)


@contextlib.contextmanager
def defer_until_acked() -> Iterator[Callable[[], None]]:
    """Hold background work spawned inside the block; call the yielded function to start it."""
    pending: list[Callable[[], None]] = []
    token = _AFTER_ACK.set(pending)

    def release() -> None:
        while pending:
            pending.pop(0)()

    try:
        yield release
    finally:
        _AFTER_ACK.reset(token)
        release()


def split_umbrella(text: str) -> tuple[str, str]:
    """Split '/briefbot quote blinken' text into ('quote', 'blinken'); empty means help."""
    head, _, rest = text.strip().partition(" ")
    return (head.lstrip("/").lower() or "help"), rest.strip()


def _usage(message: str) -> Reply:
    return Reply("Can't do that", intro=(plain(message),), status="usage", ephemeral=True)


class Listeners:
    """The Slack entry points of briefbot, registered on an AsyncApp."""

    def __init__(self, engine: CommandEngine, admins: AdminCheck) -> None:
        self._engine = engine
        self._admins = admins
        # Set by SlackService.start(): one connection pool for every response URL post.
        self.session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def register(self, app: AsyncApp) -> None:
        """Attach every command, the page buttons and the error handler to the app."""
        for command in slash_commands():
            app.command(command["command"])(self.on_command)
        app.action(re.compile(f"^{PAGE_ACTION_PREFIX}_"))(self.on_page)
        app.error(self.on_error)

    async def close(self) -> None:
        """Wait briefly for answers in flight, then cancel the rest."""
        if self._tasks:
            _, pending = await asyncio.wait(self._tasks, timeout=5)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        def start() -> None:
            task = asyncio.create_task(work)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

        pending = _AFTER_ACK.get()
        if pending is None:
            start()
        else:
            pending.append(start)

    # --- slash commands ------------------------------------------------------------------------

    async def on_command(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """Ack a slash command at once; answer it in the background."""
        await ack()
        self._spawn(self._guarded(body, client, self._answer_command(body, client)))

    async def _answer_command(self, body: dict[str, Any], client: AsyncWebClient) -> None:
        name = str(body.get("command", "")).lstrip("/").lower()
        text = str(body.get("text") or "")
        if name == UMBRELLA:
            name, text = split_umbrella(text)
        reply = await self.execute(name, text, body, client)
        message = render_reply(reply)
        message["response_type"] = "ephemeral" if reply.ephemeral else "in_channel"
        await self._send(body, client, message)

    async def execute(
        self, name: str, text: str, body: dict[str, Any], client: AsyncWebClient
    ) -> Reply:
        """Run a command from a slash-command payload and return the engine's reply."""
        spec = BY_NAME.get(name)
        if spec is None:
            return _usage(f"Unknown command {name!r}. /{UMBRELLA} help lists the commands.")
        try:
            args = parse_args(spec, text)
        except UsageError as exc:
            return _usage(str(exc))
        team, user = str(body.get("team_id", "")), str(body.get("user_id", ""))
        # Asking Slack who is an admin costs an API call: only for commands that need it. The
        # engine refuses members (the same answer on every platform).
        can_manage = needs_manage(spec, args) and await self._admins.can_manage(client, team, user)
        invocation = Invocation(
            platform="slack",
            channel_id=body.get("channel_id"),
            workspace_id=team or None,
            user_id=user or None,
            can_manage=can_manage,
        )
        # With post:true the digest service posts (and records) the digest itself; the
        # reply here is only the private confirmation.
        return await self._engine.execute(name, args, invocation)

    # --- page buttons --------------------------------------------------------------------------

    async def on_page(self, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        """Ack a page button at once; replace the message with the requested page."""
        await ack()
        self._spawn(self._guarded(body, client, self._answer_page(body)))

    async def _answer_page(self, body: dict[str, Any]) -> None:
        action = (body.get("actions") or [{}])[0]
        try:
            command, page = parse_page_value(str(action.get("value", "")))
        except ValueError:
            raise UsageError("That button is from an old message; run the command again.") from None
        invocation = Invocation(
            platform="slack",
            channel_id=(body.get("channel") or {}).get("id"),
            workspace_id=(body.get("team") or {}).get("id"),
            user_id=(body.get("user") or {}).get("id"),
        )
        reply = await self._engine.execute_line(command, invocation)
        message = render_reply(reply, page)
        message["replace_original"] = True
        await self._respond(str(body["response_url"]), message)

    # --- sending and errors ----------------------------------------------------------------------

    async def _guarded(
        self, body: dict[str, Any], client: AsyncWebClient, work: Coroutine[Any, Any, None]
    ) -> None:
        try:
            await work
        except Exception as exc:  # the one error handler of the Slack entry point
            await self.report(exc, body, client)

    async def report(
        self, exc: BaseException, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Log an error with a fresh id and tell the user, ephemerally, in one short line."""
        error_id = new_error_id()
        if isinstance(exc, PermissionDenied | UsageError):
            log.info("slack request refused (error id %s): %s", error_id, exc)
        else:
            log.error("slack request failed (error id %s)", error_id, exc_info=exc)
        message = render_error(user_message(exc, error_id), error_id)
        message["response_type"] = "ephemeral"
        try:
            await self._send(body, client, message)
        except Exception:  # the user cannot be told; the log line above has the details
            log.exception("could not report error id %s to the user", error_id)

    async def on_error(
        self, error: Exception, body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        """Handle errors bolt itself catches (middleware, listener setup)."""
        await self.report(error, body or {}, client)

    async def _send(
        self, body: dict[str, Any], client: AsyncWebClient, message: dict[str, Any]
    ) -> None:
        response_url = body.get("response_url")
        if response_url:
            await self._respond(str(response_url), message)
            return
        channel = body.get("channel_id") or (body.get("channel") or {}).get("id")
        user = body.get("user_id") or (body.get("user") or {}).get("id")
        if not channel:
            raise PlatformError("nowhere to answer: no response_url and no channel")
        payload = {k: v for k, v in message.items() if k in ("text", "blocks")}
        async with slack_errors("post answer"):
            if message.get("response_type") == "ephemeral" and user:
                await client.chat_postEphemeral(channel=channel, user=user, **payload)
            else:
                await client.chat_postMessage(channel=channel, **payload)

    async def _respond(self, url: str, message: dict[str, Any]) -> None:
        # Like chat.postMessage, a response URL post is never retried on a connection error:
        # the first attempt may have been delivered. Only 429s are retried, after Retry-After.
        webhook = AsyncWebhookClient(
            url, session=self.session, retry_handlers=[AsyncRateLimitErrorRetryHandler()]
        )
        response = await webhook.send_dict(message)
        if response.status_code != 200:
            raise PlatformError(f"response_url answered {response.status_code}: {response.body}")
