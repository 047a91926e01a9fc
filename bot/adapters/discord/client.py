"""The Discord service: discord.py gateway client, interaction handling and command sync.

Interactions are answered with the exact bodies :mod:`bot.adapters.discord.render` builds,
sent through discord.py's HTTP client. Every command answers within Discord's 3-second window
(deferring when the engine is slow, then editing the original response within the 15-minute
token), and every failure reaches the user as a short ephemeral message whose error id is
also logged: one error handler, :meth:`DiscordService._report`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

import discord
import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

from bot.adapters.discord.commands import (
    SyncState,
    application_commands,
    definitions_hash,
    invite_url,
    should_sync,
    sync_scope,
)
from bot.adapters.discord.publisher import DiscordPublisher
from bot.adapters.discord.render import (
    CALLBACK_AUTOCOMPLETE,
    EPHEMERAL,
    command_key,
    is_long_command,
    paginate_reply,
    parse_custom_id,
    render_callback,
    render_choices,
    render_error,
    render_error_callback,
    render_message,
    render_page_update,
)
from bot.core.catalog import BY_NAME, PRIVATE_COMMANDS
from bot.core.commands import CommandEngine, Invocation
from bot.core.ports import Clock, SystemClock
from bot.core.reply import Reply, select_page
from bot.errors import (
    ConfigError,
    PlatformError,
    PlatformUnreachable,
    TokenRefused,
    new_error_id,
    user_message,
)
from bot.settings import Settings

log = logging.getLogger(__name__)

UNKNOWN_INTERACTION = 10062
DEFER_AFTER_SECONDS = 2.0  # Discord allows 3 s for the first response; keep a margin
ANSWER_TIMEOUT_SECONDS = 14 * 60.0  # the interaction token lives 15 minutes
READY_TIMEOUT_SECONDS = 60.0
LONG_COMMANDS_KEPT = 2048
EXPIRED_BUTTONS = (
    "These page buttons expired when the bot restarted (the command was too long to keep "
    "in them). Run the command again."
)
TIMED_OUT = "That took too long to answer. Please try again."

Produce = Callable[[], Awaitable[Reply]]


def _options(data: dict[str, Any]) -> dict[str, str]:
    args: dict[str, str] = {}
    for option in data.get("options") or []:
        value = option.get("value")
        if isinstance(value, bool):
            args[option["name"]] = "true" if value else "false"
        elif value is not None:
            args[option["name"]] = str(value)
    return args


def _focused(data: dict[str, Any]) -> tuple[str, str] | None:
    for option in data.get("options") or []:
        if option.get("focused"):
            return option["name"], str(option.get("value") or "")
    return None


class _Interaction:
    """The reply channel of one interaction: callback first, then the webhook."""

    def __init__(self, service: DiscordService, interaction: discord.Interaction) -> None:
        self.service = service
        self.id = interaction.id
        self.token = interaction.token
        self.application_id = interaction.application_id
        self.acknowledged = False
        self.deferred_private = False

    async def callback(self, body: dict[str, Any]) -> None:
        route = Route(
            "POST",
            "/interactions/{interaction_id}/{interaction_token}/callback",
            interaction_id=self.id,
            interaction_token=self.token,
        )
        await self.service.http.request(route, json=body)
        self.acknowledged = True

    async def edit_original(self, data: dict[str, Any]) -> None:
        route = Route(
            "PATCH",
            "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
            webhook_id=self.application_id,
            webhook_token=self.token,
        )
        await self.service.http.request(route, json=data)

    async def delete_original(self) -> None:
        route = Route(
            "DELETE",
            "/webhooks/{webhook_id}/{webhook_token}/messages/@original",
            webhook_id=self.application_id,
            webhook_token=self.token,
        )
        await self.service.http.request(route)

    async def follow_up(self, data: dict[str, Any]) -> None:
        route = Route(
            "POST",
            "/webhooks/{webhook_id}/{webhook_token}",
            webhook_id=self.application_id,
            webhook_token=self.token,
        )
        await self.service.http.request(route, json=data)


class DiscordService:
    """Runs the Discord bot: connects, syncs commands, answers interactions, publishes."""

    def __init__(
        self,
        settings: Settings,
        engine: CommandEngine,
        *,
        clock: Clock | None = None,
        defer_after: float = DEFER_AFTER_SECONDS,
        answer_timeout: float = ANSWER_TIMEOUT_SECONDS,
        guild_ready_timeout: float = 2.0,
    ) -> None:
        if settings.discord_token is None:
            raise ConfigError("BRIEFBOT_DISCORD_TOKEN is not set")
        self.settings = settings
        self.engine = engine
        self.clock = clock or SystemClock()
        self.defer_after = defer_after
        self.answer_timeout = answer_timeout
        self.guild_ready_timeout = guild_ready_timeout
        self.client = self._build_client()
        self._publisher = DiscordPublisher(self.client.http)
        self._task: asyncio.Task[None] | None = None
        self._long_commands: OrderedDict[str, str] = OrderedDict()
        self.synced = False

    # --- lifecycle -------------------------------------------------------------------------

    def _build_client(self) -> discord.Client:
        settings = self.settings
        intents = discord.Intents.none()
        intents.guilds = True  # interactions need nothing else; guilds gives channel context
        allowed = discord.AllowedMentions.none()
        common: dict[str, Any] = {
            "intents": intents,
            "allowed_mentions": allowed,
            "guild_ready_timeout": self.guild_ready_timeout,
        }
        client: discord.Client
        shard_ids = list(settings.discord_shard_ids)
        all_shards = not shard_ids and (settings.discord_shard_count or 1) > 1
        if settings.discord_auto_shard or len(shard_ids) > 1 or all_shards:
            if shard_ids:
                common["shard_ids"] = shard_ids  # a subset: other processes run the rest
            client = discord.AutoShardedClient(**common, shard_count=settings.discord_shard_count)
        elif shard_ids:
            client = discord.Client(
                **common,
                shard_id=shard_ids[0],
                shard_count=settings.discord_shard_count,
            )
        else:
            client = discord.Client(**common)

        async def on_interaction(interaction: discord.Interaction) -> None:
            await self.handle(interaction)

        client.event(on_interaction)
        return client

    @property
    def http(self) -> discord.http.HTTPClient:
        """Return discord.py's HTTP client (for the publisher and tests)."""
        return self.client.http

    @property
    def publisher(self) -> DiscordPublisher:
        """Return the publisher that posts digests to Discord channels."""
        return self._publisher

    @property
    def connected(self) -> bool:
        """Return True while the gateway connection is up and READY (for /healthz)."""
        return self.client.is_ready() and not self.client.is_closed()

    async def start(self) -> None:
        """Log in, connect to the gateway and sync commands; return once READY or raise."""
        token = self.settings.discord_token
        if token is None:
            raise ConfigError("BRIEFBOT_DISCORD_TOKEN is not set")
        if self.settings.discord_api_url:
            # Process-wide: discord.py reads both from class attributes.
            Route.BASE = self.settings.discord_api_url.rstrip("/")
        try:
            await self.client.login(token.get_secret_value())
            if self.settings.discord_api_url:
                _, url, _ = await self.client.http.get_bot_gateway()
                DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        except discord.LoginFailure as exc:
            await self.close()  # login opened the HTTP session
            raise TokenRefused(
                "Discord", "bot token", "401 Unauthorized", "BRIEFBOT_DISCORD_TOKEN"
            ) from exc
        except OSError as exc:
            await self.close()
            raise PlatformUnreachable(
                f"cannot reach Discord: {exc}; check the network and BRIEFBOT_DISCORD_API_URL"
            ) from exc
        except discord.HTTPException as exc:
            await self.close()
            raise PlatformError(f"Discord failed the login: {exc}") from exc
        self._task = asyncio.create_task(self.client.connect(reconnect=True))
        ready = asyncio.create_task(self.client.wait_until_ready())
        done, _ = await asyncio.wait(
            {self._task, ready},
            timeout=READY_TIMEOUT_SECONDS,
            return_when=asyncio.FIRST_COMPLETED,
        )
        if ready not in done:
            ready.cancel()
            error = self._task.exception() if self._task in done else None
            await self.close()
            raise PlatformError(f"Discord gateway did not become ready: {error!r}")
        application_id = self.client.application_id
        if application_id is not None:
            log.info("discord: invite the bot with %s", invite_url(application_id))
            if should_sync(self.settings):
                await self.sync_commands(application_id)

    async def close(self) -> None:
        """Disconnect from Discord and release the HTTP session."""
        await self.client.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None

    async def sync_commands(self, application_id: int) -> bool:
        """Register the command definitions if they changed; return True if it synced."""
        body = application_commands()
        digest = definitions_hash(body, sync_scope(self.settings, application_id))
        state = SyncState(self.settings.data_dir)
        if state.read() == digest:
            log.info("discord: commands unchanged, not syncing")
            return False
        try:
            if self.settings.discord_guild_ids:
                for guild_id in self.settings.discord_guild_ids:
                    await self.http.bulk_upsert_guild_commands(application_id, guild_id, body)
                log.info(
                    "discord: synced %d commands to guilds %s",
                    len(body),
                    self.settings.discord_guild_ids,
                )
            else:
                await self.http.bulk_upsert_global_commands(application_id, body)
                log.info("discord: synced %d global commands", len(body))
        except discord.HTTPException as exc:
            error_id = new_error_id()
            log.error("discord: command sync failed (error id %s): %s", error_id, exc)
            return False
        state.write(digest)
        self.synced = True
        return True

    # --- interactions ----------------------------------------------------------------------

    async def handle(self, interaction: discord.Interaction) -> None:
        """Answer one interaction; never raises (the one error handler reports failures)."""
        reply = _Interaction(self, interaction)
        try:
            if interaction.type == discord.InteractionType.application_command:
                await self._command(interaction, reply)
            elif interaction.type == discord.InteractionType.autocomplete:
                await self._autocomplete(interaction, reply)
            elif interaction.type == discord.InteractionType.component:
                await self._component(interaction, reply)
        except Exception as exc:  # the one handler for Discord interactions
            await self._report(interaction, reply, exc)

    def _invocation(self, interaction: discord.Interaction) -> Invocation:
        permissions = interaction.permissions
        return Invocation(
            platform="discord",
            channel_id=str(interaction.channel_id) if interaction.channel_id else None,
            workspace_id=str(interaction.guild_id) if interaction.guild_id else None,
            user_id=str(interaction.user.id) if interaction.user else None,
            can_manage=bool(permissions.manage_channels or permissions.administrator),
        )

    async def _command(self, interaction: discord.Interaction, reply: _Interaction) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        name = str(data.get("name", ""))
        args = _options(data)
        invocation = self._invocation(interaction)

        async def produce() -> Reply:
            return await self.engine.execute(name, args, invocation)

        await self._answer(
            reply,
            produce,
            private=name in PRIVATE_COMMANDS,
            first=render_callback,
            deferred_type=5,
        )

    async def _component(self, interaction: discord.Interaction, reply: _Interaction) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        parsed = parse_custom_id(str(data.get("custom_id", "")))
        if parsed is None:
            await reply.callback(render_error_callback("That button is not ours any more."))
            return
        page, command, is_digest = parsed
        if is_digest:
            found = self._long_commands.get(command)
            if found is None:
                await reply.callback(render_error_callback(EXPIRED_BUTTONS))
                return
            command = found
        invocation = self._invocation(interaction)

        async def produce() -> Reply:
            answer = await self.engine.execute_line(command, invocation)
            return select_page(paginate_reply(answer), page)

        await self._answer(
            reply,
            produce,
            private=False,
            first=lambda shown: render_page_update(shown, shown.page),
            deferred_type=6,
        )

    async def _answer(
        self,
        reply: _Interaction,
        produce: Produce,
        *,
        private: bool,
        first: Callable[[Reply], dict[str, Any]],
        deferred_type: int,
    ) -> None:
        task = asyncio.ensure_future(produce())
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        if task in done:
            answer = task.result()
            self._remember(answer)
            await reply.callback(first(answer))
            return
        # Too slow for the 3-second window: acknowledge now, edit the original later.
        deferred: dict[str, Any] = {"type": deferred_type}
        if private and deferred_type == 5:
            deferred["data"] = {"flags": EPHEMERAL}
        reply.deferred_private = private
        await reply.callback(deferred)
        try:
            answer = await asyncio.wait_for(task, self.answer_timeout)
        except TimeoutError:
            await reply.edit_original(render_error(TIMED_OUT))
            log.warning("discord: interaction %s timed out", reply.id)
            return
        self._remember(answer)
        data = render_message(answer, answer.page)
        data.pop("flags", None)
        if answer.ephemeral and not reply.deferred_private and deferred_type == 5:
            # A public "thinking…" cannot turn private: replace it with a private follow-up.
            await reply.delete_original()
            await reply.follow_up({**data, "flags": EPHEMERAL})
            return
        await reply.edit_original(data)

    def _remember(self, answer: Reply) -> None:
        # Commands too long for a button id are kept here; buttons carry their digest.
        if answer.command and is_long_command(answer.command):
            self._long_commands[command_key(answer.command)] = answer.command
            self._long_commands.move_to_end(command_key(answer.command))
            while len(self._long_commands) > LONG_COMMANDS_KEPT:
                self._long_commands.popitem(last=False)

    async def _autocomplete(self, interaction: discord.Interaction, reply: _Interaction) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        spec = BY_NAME.get(str(data.get("name", "")))
        focused = _focused(data)
        choices: list[tuple[str, str]] = []
        if spec is not None and focused is not None:
            option = next((o for o in spec.options if o.name == focused[0]), None)
            if option is not None and option.autocomplete is not None:
                found = self.engine.complete(option.autocomplete, focused[1])
                choices = [(choice.label, choice.value) for choice in found]
        await reply.callback(render_choices(choices))

    async def _report(
        self, interaction: discord.Interaction, reply: _Interaction, exc: Exception
    ) -> None:
        error_id = new_error_id()
        if isinstance(exc, discord.NotFound) and exc.code == UNKNOWN_INTERACTION:
            log.warning(
                "discord: interaction %s expired before we answered (error id %s)",
                reply.id,
                error_id,
            )
            return
        log.error("discord: interaction %s failed (error id %s)", reply.id, error_id, exc_info=exc)
        message = user_message(exc, error_id)
        try:
            if interaction.type == discord.InteractionType.autocomplete:
                if not reply.acknowledged:
                    await reply.callback({"type": CALLBACK_AUTOCOMPLETE, "data": {"choices": []}})
            elif not reply.acknowledged:
                await reply.callback(render_error_callback(message, error_id))
            else:
                await reply.follow_up(render_error(message, error_id))
        except Exception as again:  # reporting must never raise
            log.warning("discord: could not tell the user about error %s: %s", error_id, again)
