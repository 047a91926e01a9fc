"""The Slack side of briefbot: one bolt AsyncApp, in Socket Mode or mounted on our HTTP server.

Socket Mode (an app-level ``xapp-`` token is set) needs no public URL. HTTP mode mounts
``POST /slack/events`` (signed requests only; bolt rejects bad signatures and timestamps older
than five minutes) and, with a client id and secret, the OAuth routes ``GET /slack/install`` and
``GET /slack/oauth_redirect`` for installing into several workspaces.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.adapter.socket_mode.async_internals import run_async_bolt_app, send_async_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.access import AdminCheck
from bot.adapters.slack.commands import BOT_SCOPES
from bot.adapters.slack.installations import MemoryOAuthStateStore
from bot.adapters.slack.listeners import Listeners, defer_until_acked
from bot.adapters.slack.publisher import SlackPublisher, slack_errors
from bot.core.commands import CommandEngine
from bot.core.ports import Clock, SystemClock
from bot.errors import ConfigError, PlatformError, TokenRefused
from bot.settings import Settings

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
RATE_LIMIT_RETRIES = 2


def make_client(settings: Settings, token: str | None = None) -> AsyncWebClient:
    """Return a Web API client that retries 429s after Retry-After and nothing else.

    slack_sdk's default handler retries on connection errors; for chat.postMessage that is how
    a digest gets posted twice, so the handler list is replaced, not extended.
    """
    return AsyncWebClient(
        token=token,
        base_url=settings.slack_api_url or AsyncWebClient.BASE_URL,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )


class AckFirstSocketModeHandler(AsyncSocketModeHandler):
    """Socket Mode handler that sends the ack before any answer work starts."""

    async def handle(self, client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        """Dispatch an envelope, send its ack, then let the listeners' work begin."""
        started = time.time()
        with defer_until_acked():
            response = await run_async_bolt_app(self.app, req)
            await send_async_response(client, req, response, started)


def _secret(value: object) -> str | None:
    getter = getattr(value, "get_secret_value", None)
    return str(getter()) if getter is not None else None


# Slack's answers to a token it will not take (wrong, revoked, of another app or type).
TOKEN_ERRORS = frozenset(
    (
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
    )
)


@asynccontextmanager
async def refused(token: str, setting: str) -> AsyncIterator[None]:
    """Turn Slack refusing a configured token into TokenRefused naming the setting to fix."""
    try:
        yield
    except SlackApiError as exc:
        error = str(exc.response.get("error", ""))
        if error in TOKEN_ERRORS:
            raise TokenRefused("Slack", token, error, f"BRIEFBOT_{setting}") from exc
        raise


class SlackService:
    """briefbot on Slack: listeners, connection mode, OAuth routes and the publisher."""

    def __init__(
        self,
        settings: Settings,
        engine: CommandEngine,
        *,
        installation_store: AsyncInstallationStore | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._settings = settings
        self._clock = clock or SystemClock()
        self._bot_token = _secret(settings.slack_bot_token)
        self._app_token = _secret(settings.slack_app_token)
        self._signing_secret = _secret(settings.slack_signing_secret)
        client_secret = _secret(settings.slack_client_secret)
        self._oauth = bool(settings.slack_client_id and client_secret)
        if not self._oauth and not self._bot_token:
            raise ConfigError("Slack needs BRIEFBOT_SLACK_BOT_TOKEN (or a client id and secret).")
        if self._oauth and installation_store is None:
            raise ConfigError("Slack OAuth needs an installation store (the bot's database).")
        if not self._app_token and not self._signing_secret:
            raise ConfigError(
                "Slack needs BRIEFBOT_SLACK_APP_TOKEN (Socket Mode) or "
                "BRIEFBOT_SLACK_SIGNING_SECRET (HTTP mode)."
            )
        self._store = installation_store
        self._client = make_client(settings, None if self._oauth else self._bot_token)
        self._session: aiohttp.ClientSession | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._clients: dict[str, AsyncWebClient] = {}
        self.listeners = Listeners(
            engine,
            AdminCheck(self._clock, settings.slack_admin_group),
        )
        self.app = self._build_app(client_secret)
        self.listeners.register(self.app)
        self.publisher = SlackPublisher(self.client_for)
        self.connected = False

    def _build_app(self, client_secret: str | None) -> AsyncApp:
        oauth_flow = None
        if self._oauth:
            oauth_flow = AsyncOAuthFlow(
                client=self._client,
                settings=AsyncOAuthSettings(
                    client_id=self._settings.slack_client_id,
                    client_secret=client_secret,
                    scopes=list(BOT_SCOPES),
                    installation_store=self._store,
                    state_store=MemoryOAuthStateStore(self._clock),
                    install_path=INSTALL_PATH,
                    redirect_uri_path=REDIRECT_PATH,
                ),
            )
        return AsyncApp(
            client=self._client,
            signing_secret=self._signing_secret or "",
            # Socket Mode envelopes are authenticated by the socket; HTTP requests by signature.
            request_verification_enabled=bool(self._signing_secret),
            # Our listeners ack and hand the work to a task themselves, so bolt need not poll
            # for the ack: the ack goes back as soon as the listener returns.
            process_before_response=True,
            oauth_flow=oauth_flow,
            installation_store=self._store if self._oauth else None,
            logger=logging.getLogger("slack_bolt"),
        )

    @property
    def mode(self) -> str:
        """Return "socket" (an app-level token is set) or "http"."""
        return "socket" if self._app_token else "http"

    async def start(self) -> None:
        """Check the token and, in Socket Mode, connect; HTTP mode waits for requests."""
        self._session = aiohttp.ClientSession()
        # bolt copies the session into the per-request clients, so every call shares one pool.
        self._client.session = self._session
        self.listeners.session = self._session
        if self._bot_token:
            try:
                async with slack_errors("auth.test"), refused("bot token", "SLACK_BOT_TOKEN"):
                    identity = await self._client.auth_test()
            except BaseException:
                await self.close()
                raise
            log.info(
                "slack: signed in as %s in team %s", identity.get("user"), identity.get("team_id")
            )
        if self._app_token:
            self._socket = AckFirstSocketModeHandler(
                self.app,
                self._app_token,
                web_client=self._client,
                logger=logging.getLogger("slack_sdk.socket_mode"),
            )
            try:
                async with refused("app-level token", "SLACK_APP_TOKEN"):
                    await self._socket.connect_async()  # type: ignore[no-untyped-call]
            except BaseException:
                await self.close()
                raise
            log.info("slack: connected in Socket Mode")
        self.connected = True

    async def close(self) -> None:
        """Disconnect, finish answers in flight and release connections."""
        self.connected = False
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        await self.listeners.close()
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def client_for(self, workspace_id: str | None) -> AsyncWebClient:
        """Return a client with the bot token of a workspace (the only one without OAuth)."""
        if not self._oauth:
            return self._client
        if workspace_id is None:
            raise PlatformError("Slack target has no workspace id (needed with OAuth).")
        cached = self._clients.get(workspace_id)
        if cached is not None:
            return cached
        assert self._store is not None  # checked in __init__  # noqa: S101
        bot = await self._store.async_find_bot(enterprise_id=None, team_id=workspace_id)
        if bot is None:
            raise PlatformError(f"briefbot is not installed in Slack workspace {workspace_id}.")
        client = make_client(self._settings, bot.bot_token)
        client.session = self._session
        self._clients[workspace_id] = client
        return client

    def add_routes(self, web_app: web.Application) -> None:
        """Mount the Slack endpoints on the bot's HTTP server (only what is configured)."""
        if self._signing_secret:
            web_app.router.add_post(EVENTS_PATH, self._events)
        if self._oauth:
            web_app.router.add_get(INSTALL_PATH, self._install)
            web_app.router.add_get(REDIRECT_PATH, self._redirect)

    async def _events(self, request: web.Request) -> web.StreamResponse:
        stamp = request.headers.get("X-Slack-Request-Timestamp")
        if (stamp is not None and not stamp.isascii()) or not (stamp or "0").isdigit():
            # bolt's int() of a timestamp that is not a number raises: a 500, not a refusal.
            return web.json_response({"error": "invalid request"}, status=401)
        with defer_until_acked():
            bolt_request = await to_bolt_request(request)
            response = await to_aiohttp_response(await self.app.async_dispatch(bolt_request))
            # Send the ack (the HTTP response) now; the answer work starts after it.
            await response.prepare(request)
            await response.write_eof()
        return response

    async def _install(self, request: web.Request) -> web.Response:
        return await self._oauth_step(request, install=True)

    async def _redirect(self, request: web.Request) -> web.Response:
        return await self._oauth_step(request, install=False)

    async def _oauth_step(self, request: web.Request, *, install: bool) -> web.Response:
        flow = self.app.oauth_flow
        if flow is None:
            raise web.HTTPNotFound()
        handle: Callable[..., Awaitable[BoltResponse]] = (
            flow.handle_installation if install else flow.handle_callback
        )
        return await to_aiohttp_response(await handle(await to_bolt_request(request)))
