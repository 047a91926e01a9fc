"""A fake Discord (REST + gateway) on 127.0.0.1 that the real discord.py client talks to.

Every request body is validated against Discord's official OpenAPI spec (trimmed copy in
``discord_spec/``) plus the limits the spec leaves out; problems are recorded in
:attr:`FakeDiscord.violations` and answered with a 400 like Discord's "Invalid Form Body".
Faults (429s, 5xx, expired interactions, gateway disconnects) are injected per test.

Standalone: ``python -m tests.fakes.discord --port 8765`` serves it until interrupted; the
bot then runs with ``BRIEFBOT_DISCORD_API_URL=http://127.0.0.1:8765/api/v10``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import regex
from aiohttp import WSMsgType, web
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.helpers import wait_until

SPEC_PATH = Path(__file__).resolve().parent / "discord_spec" / "discord-openapi-trimmed.json"
API_PREFIX = "/api/v10"
COMMAND_NAME = regex.compile(r"^[-_\p{L}\p{N}]{1,32}$")
CONTENT_LIMIT = 2000
EMBEDS_LIMIT = 10
EMBED_TOTAL_LIMIT = 6000
COMMAND_TOTAL_LIMIT = 8000
CHOICES_LIMIT = 25
JSON_TYPE = "application/json"  # exactly: discord.py ignores bodies with a charset
UNKNOWN_INTERACTION = 10062
ALREADY_ACKNOWLEDGED = 40060
BODY: web.RequestKey[Any] = web.RequestKey("body", object)


def snowflakes(start: int = 1_300_000_000_000_000_000) -> Callable[[], int]:
    """Return a function that hands out increasing snowflake ids."""
    counter = itertools.count(start, 4_194_304)
    return lambda: next(counter)


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


class SpecValidator:
    """Validates request bodies against the vendored Discord OpenAPI schemas."""

    def __init__(self, path: Path = SPEC_PATH) -> None:
        spec = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(spec, default_specification=DRAFT202012)
        registry: Registry[Any] = Registry().with_resource("urn:discord", resource)
        self.validators = {
            name: Draft202012Validator({"$ref": f"urn:discord#/x-roots/{name}"}, registry=registry)
            for name in spec["x-roots"]
        }

    def errors(self, root: str, body: Any) -> list[str]:
        """Return readable schema errors of a body against one root schema."""
        found = []
        for error in self.validators[root].iter_errors(body):
            where = "/".join(str(p) for p in error.absolute_path) or "(body)"
            found.append(f"{root}: {where}: {error.message[:300]}")
            for sub in (error.context or [])[:3]:
                found.append(
                    f"  {'/'.join(str(p) for p in sub.absolute_path)}: {sub.message[:200]}"
                )
        return found


def embed_chars(embed: dict[str, Any]) -> int:
    """Return the characters Discord counts toward the 6000 limit for one embed."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for item in embed.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    return total


def message_limit_errors(body: dict[str, Any]) -> list[str]:
    """Return violations of message limits the spec does not encode."""
    found = []
    content = body.get("content")
    if isinstance(content, str) and len(content) > CONTENT_LIMIT:
        found.append(f"content has {len(content)} characters (limit {CONTENT_LIMIT})")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_LIMIT:
        found.append(f"{len(embeds)} embeds (limit {EMBEDS_LIMIT})")
    total = sum(embed_chars(e) for e in embeds if isinstance(e, dict))
    if total > EMBED_TOTAL_LIMIT:
        found.append(f"embeds total {total} characters (limit {EMBED_TOTAL_LIMIT})")
    for row in body.get("components") or []:
        ids = [c.get("custom_id") for c in row.get("components") or [] if c.get("custom_id")]
        if len(ids) != len(set(ids)):
            found.append("duplicate custom_id in one message")
    return found


def _command_chars(command: dict[str, Any]) -> int:
    total = len(command.get("name") or "") + len(command.get("description") or "")
    for option in command.get("options") or []:
        total += _command_chars(option)
        for choice in option.get("choices") or []:
            total += len(str(choice.get("name"))) + len(str(choice.get("value")))
    return total


def command_limit_errors(commands: list[dict[str, Any]]) -> list[str]:
    """Return violations of command rules the spec does not encode."""
    found = []
    names = [c.get("name", "") for c in commands]
    if len(names) != len(set(names)):
        found.append("duplicate command names")
    for command in commands:
        name = command.get("name", "")
        for item in (command, *(command.get("options") or [])):
            item_name = item.get("name", "")
            if not COMMAND_NAME.match(item_name) or item_name != item_name.lower():
                found.append(f"/{name}: name {item_name!r} is not a lowercase command name")
        if _command_chars(command) > COMMAND_TOTAL_LIMIT:
            found.append(f"/{name}: more than {COMMAND_TOTAL_LIMIT} characters")
        seen_optional = False
        for option in command.get("options") or []:
            if option.get("autocomplete") and option.get("choices"):
                found.append(f"/{name} {option.get('name')}: autocomplete with choices")
            if len(option.get("choices") or []) > CHOICES_LIMIT:
                found.append(f"/{name} {option.get('name')}: more than 25 choices")
            if option.get("required") and seen_optional:
                found.append(f"/{name}: required option after an optional one")
            seen_optional = seen_optional or not option.get("required")
    return found


@dataclass
class Fault:
    """A failure to inject into the next matching requests."""

    method: str
    path_contains: str
    status: int
    times: int = 1
    retry_after: float = 0.01
    code: int = 0


@dataclass
class Session:
    """One gateway connection (one shard)."""

    ws: web.WebSocketResponse
    session_id: str
    shard: tuple[int, int]
    seq: int = 0
    sent: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Recorded:
    """A request the fake accepted (or refused), for tests to inspect."""

    method: str
    path: str
    body: Any
    at: float


class FakeDiscord:
    """An aiohttp app that speaks enough of Discord's REST API and gateway for briefbot."""

    def __init__(
        self,
        *,
        application_id: int = 1_200_000_000_000_000_001,
        guild_ids: tuple[int, ...] = (1_200_000_000_000_000_100,),
        shards: int = 1,
        rate_limit_per_second: float | None = None,
    ) -> None:
        self.application_id = application_id
        self.bot_user_id = application_id
        self.guild_ids = guild_ids
        self.shards = shards
        self.rate_limit_per_second = rate_limit_per_second
        self.validator = SpecValidator()
        self.next_id = snowflakes()
        self.violations: list[str] = []
        self.requests: list[Recorded] = []
        self.global_commands: list[dict[str, Any]] | None = None
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.command_puts = 0
        self.callbacks: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.callback_times: dict[str, float] = {}
        self.webhook_posts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.webhook_edits: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.messages: dict[int, list[dict[str, Any]]] = defaultdict(list)
        self.expired: set[str] = set()
        self.faults: list[Fault] = []
        self.sessions: list[Session] = []
        self.identifies = 0
        self.resumes = 0
        self._tokens: dict[str, str] = {}  # interaction token -> interaction id
        self._window: deque[float] = deque()
        self._session_ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.changed = asyncio.Event()

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def api_url(self) -> str:
        """Return the REST base to give the bot (settings.discord_api_url)."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """Return the gateway websocket URL that /gateway/bot hands out."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def app(self) -> web.Application:
        """Return the aiohttp application with every route."""
        app = web.Application(middlewares=[self._middleware])
        p = API_PREFIX
        app.router.add_get(f"{p}/users/@me", self._me)
        app.router.add_get(f"{p}/oauth2/applications/@me", self._application)
        app.router.add_get(f"{p}/gateway/bot", self._gateway_bot)
        app.router.add_get(f"{p}/gateway", self._gateway_bot)
        app.router.add_put(f"{p}/applications/{{app}}/commands", self._put_commands)
        app.router.add_get(f"{p}/applications/{{app}}/commands", self._get_commands)
        app.router.add_put(
            f"{p}/applications/{{app}}/guilds/{{guild}}/commands", self._put_commands
        )
        app.router.add_post(f"{p}/interactions/{{id}}/{{token}}/callback", self._callback)
        app.router.add_post(f"{p}/webhooks/{{app}}/{{token}}", self._followup)
        app.router.add_patch(f"{p}/webhooks/{{app}}/{{token}}/messages/{{message}}", self._edit)
        app.router.add_delete(f"{p}/webhooks/{{app}}/{{token}}/messages/{{message}}", self._delete)
        app.router.add_post(f"{p}/channels/{{channel}}/messages", self._post_message)
        app.router.add_get(f"{p}/channels/{{channel}}/messages", self._get_messages)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/_fake/state", self._state)
        return app

    async def start(self, port: int = 0) -> None:
        """Serve on 127.0.0.1 (a free port unless given)."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        """Close every gateway connection and the server."""
        for session in list(self.sessions):
            with contextlib.suppress(Exception):
                await session.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- plumbing --------------------------------------------------------------------------

    @staticmethod
    def json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        """Return a JSON response with exactly the content type discord.py expects."""
        all_headers = {"Content-Type": JSON_TYPE, **(headers or {})}
        return web.Response(body=json.dumps(data).encode(), status=status, headers=all_headers)

    def _rate_limited(self) -> float | None:
        if not self.rate_limit_per_second:
            return None
        now = time.monotonic()
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        if len(self._window) >= self.rate_limit_per_second:
            return max(0.001, 1.0 - (now - self._window[0]))
        self._window.append(now)
        return None

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX):
            return await handler(request)  # type: ignore[no-any-return]
        body: Any = None
        if request.can_read_body:
            raw = await request.read()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                self.violations.append(f"{request.method} {request.path}: body is not JSON")
                return self.json({"message": "400: Bad Request", "code": 50109}, 400)
        request[BODY] = body
        self.requests.append(Recorded(request.method, request.path, body, time.perf_counter()))
        wait = self._rate_limited()
        if wait is not None:
            return self._too_many(wait, is_global=True)
        for fault in self.faults:
            if (
                fault.times > 0
                and fault.method == request.method
                and fault.path_contains in request.path
            ):
                fault.times -= 1
                if fault.status == 0:
                    # Drop the connection mid-request, as a network failure would.
                    if request.transport is not None:
                        request.transport.close()
                    return web.Response(status=500)
                if fault.status == 429:
                    return self._too_many(fault.retry_after, is_global=False)
                return self.json({"message": "injected", "code": fault.code}, fault.status)
        try:
            return await handler(request)  # type: ignore[no-any-return]
        finally:
            self.changed.set()

    def _too_many(self, retry_after: float, *, is_global: bool) -> web.Response:
        headers = {
            "Via": "1.1 google",
            "Retry-After": f"{retry_after:.3f}",
            "X-RateLimit-Scope": "global" if is_global else "user",
        }
        if is_global:
            headers["X-RateLimit-Global"] = "true"
        body = {
            "message": "You are being rate limited.",
            "retry_after": retry_after,
            "global": is_global,
        }
        return self.json(body, 429, headers)

    def _check(self, request: web.Request, root: str, extra: list[str]) -> web.Response | None:
        problems = self.validator.errors(root, request[BODY]) + extra
        if not problems:
            return None
        where = f"{request.method} {request.path}"
        self.violations.extend(f"{where}: {p}" for p in problems)
        errors = {"_errors": [{"code": "BRIEFBOT_FAKE", "message": p} for p in problems]}
        body = {"message": "Invalid Form Body", "code": 50035, "errors": {"body": errors}}
        return self.json(body, 400)

    def fail_next(
        self,
        method: str,
        path_contains: str,
        status: int,
        *,
        times: int = 1,
        retry_after: float = 0.01,
        code: int = 0,
    ) -> None:
        """Make the next ``times`` matching requests fail with ``status``."""
        self.faults.append(Fault(method, path_contains, status, times, retry_after, code))

    async def wait_for(self, predicate: Callable[[], Any], within: float = 5.0) -> Any:
        """Poll until predicate() is truthy (bounded), returning its value."""
        return await wait_until(
            predicate, within, wake=self.changed, message="fake discord: condition not met"
        )

    # --- REST ------------------------------------------------------------------------------

    def user(self) -> dict[str, Any]:
        """Return the bot's user object."""
        return {
            "id": str(self.bot_user_id),
            "username": "briefbot",
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": True,
            "flags": 0,
        }

    async def _me(self, request: web.Request) -> web.Response:
        return self.json(self.user())

    async def _application(self, request: web.Request) -> web.Response:
        return self.json(
            {
                "id": str(self.application_id),
                "name": "briefbot",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": self.user(),
                "team": None,
                "summary": "",
                "rpc_origins": [],
            }
        )

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return self.json(
            {
                "url": self.gateway_url,
                "shards": self.shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def _put_commands(self, request: web.Request) -> web.Response:
        body = request[BODY]
        problem = self._check(
            request, "bulk_overwrite", command_limit_errors(body) if isinstance(body, list) else []
        )
        if problem:
            return problem
        self.command_puts += 1
        stored = [
            {
                **c,
                "id": str(self.next_id()),
                "application_id": str(self.application_id),
                "version": str(self.next_id()),
            }
            for c in body
        ]
        guild = request.match_info.get("guild")
        if guild is None:
            self.global_commands = stored
        else:
            self.guild_commands[int(guild)] = stored
        return self.json(stored)

    async def _get_commands(self, request: web.Request) -> web.Response:
        return self.json(self.global_commands or [])

    async def _callback(self, request: web.Request) -> web.Response:
        arrived = time.perf_counter()
        interaction_id = request.match_info["id"]
        body = request[BODY]
        kind = body.get("type") if isinstance(body, dict) else None
        root = {
            4: "callback_message",
            5: "callback_message",
            6: "callback_update",
            7: "callback_update",
            8: "callback_autocomplete",
        }.get(kind or 0)
        if root is None:
            self.violations.append(f"callback {interaction_id}: unexpected type {kind!r}")
            return self.json({"message": "Invalid Form Body", "code": 50035}, 400)
        data = body.get("data") or {}
        extra = message_limit_errors(data) if kind in (4, 7) else []
        if kind == 8 and len(data.get("choices") or []) > CHOICES_LIMIT:
            extra.append("more than 25 autocomplete choices")
        problem = self._check(request, root, extra)
        if problem:
            return problem
        if interaction_id in self.expired:
            return self.json({"message": "Unknown interaction", "code": UNKNOWN_INTERACTION}, 404)
        if self.callbacks.get(interaction_id):
            return self.json(
                {
                    "message": "Interaction has already been acknowledged.",
                    "code": ALREADY_ACKNOWLEDGED,
                },
                400,
            )
        self.callbacks[interaction_id].append(body)
        self.callback_times[interaction_id] = arrived
        return web.Response(status=204)

    def _message(self, channel_id: int, body: dict[str, Any], **extra: Any) -> dict[str, Any]:
        return {
            "id": str(self.next_id()),
            "channel_id": str(channel_id),
            "type": 0,
            "author": self.user(),
            "content": body.get("content") or "",
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "pinned": False,
            "flags": body.get("flags") or 0,
            **extra,
        }

    async def _followup(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        body = request[BODY]
        problem = self._check(request, "webhook_execute", message_limit_errors(body or {}))
        if problem:
            return problem
        self.webhook_posts[token].append(body)
        return self.json(self._message(0, body, webhook_id=request.match_info["app"]))

    async def _edit(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        body = request[BODY]
        problem = self._check(request, "webhook_edit", message_limit_errors(body or {}))
        if problem:
            return problem
        self.webhook_edits[token].append({"message": request.match_info["message"], **body})
        return self.json(self._message(0, body, webhook_id=request.match_info["app"]))

    async def _delete(self, request: web.Request) -> web.Response:
        self.webhook_edits[request.match_info["token"]].append(
            {"message": request.match_info["message"], "deleted": True}
        )
        return web.Response(status=204)

    async def _post_message(self, request: web.Request) -> web.Response:
        channel = int(request.match_info["channel"])
        body = request[BODY]
        problem = self._check(request, "message_create", message_limit_errors(body or {}))
        if problem:
            return problem
        if channel not in self.messages and channel < 0:
            return self.json({"message": "Unknown Channel", "code": 10003}, 404)
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            # Discord returns the earlier message instead of posting a duplicate.
            for message in self.messages[channel]:
                if message.get("nonce") == nonce:
                    return self.json(message)
        message = self._message(channel, body, nonce=nonce)
        self.messages[channel].append(message)
        return self.json(message)

    async def _get_messages(self, request: web.Request) -> web.Response:
        channel = int(request.match_info["channel"])
        limit = min(int(request.query.get("limit", "50")), 100)
        newest = list(reversed(self.messages[channel]))[:limit]
        # Like Discord, reading messages back never returns their nonce (only the create does).
        return self.json([{k: v for k, v in m.items() if k != "nonce"} for m in newest])

    async def _state(self, request: web.Request) -> web.Response:
        return self.json(
            {
                "violations": self.violations,
                "messages": {str(k): v for k, v in self.messages.items()},
                "callbacks": self.callbacks,
                "global_commands": self.global_commands,
            }
        )

    # --- gateway ---------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        async for message in ws:
            if message.type != WSMsgType.TEXT:
                break
            payload = json.loads(message.data)
            op, data = payload.get("op"), payload.get("d")
            if op == 1:
                await ws.send_json({"op": 11})
            elif op == 2:
                await self._identify(ws, data)
            elif op == 6:
                await self._resume(ws, data)
        # The session stays known (closed) so that a RESUME can pick it up again.
        return ws

    async def _identify(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> Session:
        self.identifies += 1
        shard_id, count = data.get("shard") or (0, 1)
        session = Session(ws, f"session-{next(self._session_ids)}", (shard_id, count))
        self.sessions.append(session)
        guilds = [g for g in self.guild_ids if (g >> 22) % count == shard_id]
        await self._send(
            session,
            "READY",
            {
                "v": 10,
                "user": self.user(),
                "guilds": [{"id": str(g), "unavailable": True} for g in guilds],
                "session_id": session.session_id,
                "resume_gateway_url": self.gateway_url,
                "shard": [shard_id, count],
                "private_channels": [],
                "relationships": [],
                "application": {"id": str(self.application_id), "flags": 0},
            },
        )
        for guild in guilds:
            await self._send(session, "GUILD_CREATE", self.guild(guild))
        return session

    async def _resume(self, ws: web.WebSocketResponse, data: dict[str, Any]) -> Session | None:
        self.resumes += 1
        old = next((s for s in self.sessions if s.session_id == data.get("session_id")), None)
        if old is None:
            await ws.send_json({"op": 9, "d": False})
            return None
        old.ws = ws
        missed = [event for event in old.sent if event["s"] > (data.get("seq") or 0)]
        for event in missed:
            await ws.send_json(event)
        await self._send(old, "RESUMED", {})
        return old

    async def _send(self, session: Session, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.sent.append(payload)
        if not session.ws.closed:
            await session.ws.send_json(payload)

    def guild(self, guild_id: int) -> dict[str, Any]:
        """Return a minimal GUILD_CREATE payload."""
        return {
            "id": str(guild_id),
            "name": f"guild {guild_id}",
            "icon": None,
            "owner_id": "1",
            "roles": [
                {
                    "id": str(guild_id),
                    "name": "@everyone",
                    "permissions": "0",
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "emojis": [],
            "features": [],
            "member_count": 2,
            "members": [],
            "channels": [],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stickers": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "large": False,
            "unavailable": False,
            "joined_at": _now_iso(),
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "system_channel_flags": 0,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
        }

    async def disconnect(self, code: int = 4000) -> None:
        """Close every gateway connection with a resumable close code."""
        for session in self.live_sessions:
            await session.ws.close(code=code)

    @property
    def live_sessions(self) -> list[Session]:
        """Return the sessions whose websocket is open."""
        return [s for s in self.sessions if not s.ws.closed]

    def _session_for(self, guild_id: int | None) -> Session:
        live = self.live_sessions
        if not live:
            raise RuntimeError("no gateway session is connected")
        if guild_id is None:
            return live[0]
        for session in live:
            shard_id, count = session.shard
            if (guild_id >> 22) % count == shard_id:
                return session
        raise RuntimeError(f"no shard serves guild {guild_id}")

    # --- interactions ----------------------------------------------------------------------

    def interaction(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        guild_id: int | None = None,
        channel_id: int = 1_200_000_000_000_000_200,
        user_id: int = 1_200_000_000_000_000_300,
        permissions: int = 0,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Return an INTERACTION_CREATE payload as Discord sends it."""
        guild = self.guild_ids[0] if guild_id is None and self.guild_ids else guild_id
        interaction_id = str(self.next_id())
        token = f"token-{interaction_id}"
        self._tokens[token] = interaction_id
        user = {
            "id": str(user_id),
            "username": "reader",
            "discriminator": "0",
            "global_name": "Reader",
            "avatar": None,
        }
        payload: dict[str, Any] = {
            "id": interaction_id,
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": token,
            "version": 1,
            "locale": "en-US",
            "channel_id": str(channel_id),
            "channel": {
                "id": str(channel_id),
                "type": 0,
                "name": "news",
                "position": 0,
                "guild_id": str(guild),
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
                "topic": None,
                "flags": 0,
            },
            "app_permissions": "85056",
            "entitlements": [],
            "attachment_size_limit": 8388608,
            "authorizing_integration_owners": {"0": str(guild)},
            "context": 0,
        }
        if guild is not None:
            payload["guild_id"] = str(guild)
            payload["guild_locale"] = "en-US"
            payload["member"] = {
                "user": user,
                "roles": [],
                "joined_at": _now_iso(),
                "deaf": False,
                "mute": False,
                "flags": 0,
                "pending": False,
                "nick": None,
                "avatar": None,
                "permissions": str(permissions),
            }
        else:
            payload["user"] = user
        if message is not None:
            payload["message"] = message
        return payload

    async def dispatch_interaction(self, payload: dict[str, Any]) -> str:
        """Send an INTERACTION_CREATE over the gateway; return the interaction id."""
        guild = payload.get("guild_id")
        session = self._session_for(int(guild) if guild else None)
        await self._send(session, "INTERACTION_CREATE", payload)
        return str(payload["id"])

    async def slash(self, name: str, options: dict[str, Any] | None = None, **kw: Any) -> str:
        """Type a slash command as a user would; return the interaction id."""
        opts = [
            {"name": k, "type": 5 if isinstance(v, bool) else 3, "value": v}
            for k, v in (options or {}).items()
        ]
        data = {"id": str(self.next_id()), "name": name, "type": 1, "options": opts}
        return await self.dispatch_interaction(self.interaction(2, data, **kw))

    async def autocomplete(
        self, name: str, focused: str, value: str, others: dict[str, str] | None = None, **kw: Any
    ) -> str:
        """Type into an autocomplete option; return the interaction id."""
        opts = [{"name": k, "type": 3, "value": v} for k, v in (others or {}).items()]
        opts.append({"name": focused, "type": 3, "value": value, "focused": True})
        data = {"id": str(self.next_id()), "name": name, "type": 1, "options": opts}
        return await self.dispatch_interaction(self.interaction(4, data, **kw))

    async def click(self, custom_id: str, message: dict[str, Any] | None = None, **kw: Any) -> str:
        """Click a button on a bot message; return the interaction id."""
        shown = message or self._message(1_200_000_000_000_000_200, {})
        data = {"custom_id": custom_id, "component_type": 2}
        return await self.dispatch_interaction(self.interaction(3, data, message=shown, **kw))

    async def callback(self, interaction_id: str, within: float = 5.0) -> dict[str, Any]:
        """Wait for and return the callback body the bot sent for an interaction."""
        found: list[dict[str, Any]] = await self.wait_for(
            lambda: self.callbacks.get(interaction_id), within
        )
        return found[0]

    def token_of(self, interaction_id: str) -> str:
        """Return the interaction token (follow-ups and edits are keyed by it)."""
        return f"token-{interaction_id}"


async def _serve(port: int, shards: int, rate: float | None) -> None:
    fake = FakeDiscord(shards=shards, rate_limit_per_second=rate)
    await fake.start(port)
    import sys

    sys.stdout.write(f"fake discord: {fake.api_url} gateway {fake.gateway_url}\n")
    sys.stdout.flush()
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


def main() -> None:
    """Run the fake standalone until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--shards", type=int, default=1)
    parser.add_argument("--rate", type=float, default=None, help="global requests per second")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.port, args.shards, args.rate))


if __name__ == "__main__":
    main()
