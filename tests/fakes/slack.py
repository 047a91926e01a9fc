"""A fake Slack on 127.0.0.1 that the real slack_sdk / slack_bolt code talks to.

Serves the Web API under ``/api/<method>``, response URLs under ``/response/<id>``, Socket Mode
over ``ws://…/socket`` and a small control API under ``/_fake/`` (so a test that runs the bot
as a subprocess can start this fake with ``python -m tests.fakes.slack`` and inspect it).

Every payload it receives is checked (Block Kit limits, required fields, JSON types, no pings,
no ``link_names``); problems land in :attr:`FakeSlack.violations`, and tests assert it is empty.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import WSMsgType, web

from tests.helpers import wait_until

PING = re.compile(r"<!(channel|here|everyone)(\|[^>]*)?>|<@[UW][A-Z0-9]+(\|[^>]*)?>|<!subteam")
BOT_TOKEN = "xoxb-fake-T1"
APP_TOKEN = "xapp-fake"
CLIENT_SECRET = "fake-client-secret"
BLOCK_TYPES = {"section", "header", "context", "divider", "actions", "image", "rich_text", "input"}


@dataclass
class Channel:
    """A channel of the fake workspace."""

    id: str
    name: str
    member: bool = True
    private: bool = False
    archived: bool = False
    messages: list[dict[str, Any]] = field(default_factory=list)
    last_post: float = -1e9


@dataclass
class Fault:
    """A failure to inject into the next call of a method."""

    kind: str  # "ratelimit" | "disconnect" (post the message, then drop the connection)
    retry_after: int = 1


@dataclass
class Envelope:
    """A Socket Mode envelope sent to the bot and, once acknowledged, its ack."""

    envelope_id: str
    payload: dict[str, Any]
    sent_at: float
    acked_at: float | None = None
    ack: dict[str, Any] | None = None


def signature(secret: str, timestamp: str, body: str) -> str:
    """Return Slack's ``X-Slack-Signature`` for a request body."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """Return the headers Slack sends with a signed HTTP-mode request."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature(secret, stamp, body),
        "Content-Type": "application/x-www-form-urlencoded",
    }


class FakeSlack:
    """One fake Slack: a workspace (plus OAuth-installed ones), its channels, users and sockets."""

    def __init__(
        self,
        *,
        bot_token: str = BOT_TOKEN,
        app_token: str = APP_TOKEN,
        team_id: str = "T1",
        client_id: str = "111.222",
        client_secret: str = CLIENT_SECRET,
        channel_rate_per_second: float | None = None,
    ) -> None:
        self.team_id = team_id
        self.bot_tokens: dict[str, str] = {bot_token: team_id}
        self.app_token = app_token
        self.client_id = client_id
        self.client_secret = client_secret
        self.channel_rate = channel_rate_per_second
        self.channels: dict[str, Channel] = {"C1": Channel("C1", "general")}
        self.users: dict[str, dict[str, Any]] = {
            "U1": {"id": "U1", "name": "alice", "is_admin": False, "is_owner": False},
        }
        self.usergroups: dict[str, list[str]] = {}
        self.oauth_codes: dict[str, str] = {}  # code -> team id it installs into
        self.violations: list[str] = []
        self.calls: list[tuple[str, dict[str, Any], float]] = []
        self.responses: dict[str, list[dict[str, Any]]] = {}
        self.response_at: dict[str, float] = {}  # perf_counter of each URL's first answer
        self.ephemerals: list[dict[str, Any]] = []
        self.envelopes: dict[str, Envelope] = {}
        self.faults: dict[str, list[Fault]] = {}
        self._ts = itertools.count(1)
        self._sockets: list[web.WebSocketResponse] = []
        self._socket_ready = asyncio.Event()
        self._acked = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # --- lifecycle ----------------------------------------------------------------------------

    async def start(self, port: int = 0) -> str:
        """Serve on 127.0.0.1 (a free port by default) and return the base URL."""
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/response/{rid}", self._response_url)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/_fake/state", self._state)
        app.router.add_post("/_fake/command", self._control_command)
        app.router.add_post("/_fake/fault", self._control_fault)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        sockets = site._server.sockets if site._server else []  # type: ignore[union-attr,attr-defined]
        self.url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}"
        return self.url

    async def close(self) -> None:
        """Close every socket and stop serving."""
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        """Return the Web API base for ``AsyncWebClient(base_url=...)``."""
        return f"{self.url}/api/"

    def new_response_url(self) -> str:
        """Return a fresh response URL, as Slack puts in every command payload."""
        rid = uuid.uuid4().hex
        self.responses[rid] = []
        return f"{self.url}/response/{rid}"

    def inject(self, method: str, kind: str, retry_after: int = 1) -> None:
        """Make the next call of ``method`` fail (ratelimit or disconnect-after-post)."""
        self.faults.setdefault(method, []).append(Fault(kind, retry_after))

    def count(self, method: str) -> int:
        """Return how many times a Web API method was called."""
        return sum(1 for name, _, _ in self.calls if name == method)

    # --- commands from a user ----------------------------------------------------------------

    def slash_payload(
        self,
        command: str,
        text: str,
        *,
        user_id: str = "U1",
        channel_id: str = "C1",
        team_id: str | None = None,
    ) -> dict[str, str]:
        """Return the fields Slack sends for a slash command typed by a user."""
        return {
            "token": "deprecated-verification-token",
            "team_id": team_id or self.team_id,
            "team_domain": "fake",
            "channel_id": channel_id,
            "channel_name": self.channels[channel_id].name if channel_id in self.channels else "x",
            "user_id": user_id,
            "user_name": self.users.get(user_id, {}).get("name", "someone"),
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": self.new_response_url(),
            "trigger_id": uuid.uuid4().hex,
        }

    def button_payload(
        self,
        button: dict[str, Any],
        response_url: str,
        *,
        user_id: str = "U1",
        channel_id: str = "C1",
    ) -> dict[str, Any]:
        """Return the block_actions payload Slack sends when a user clicks a button."""
        return {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "fake"},
            "user": {"id": user_id, "team_id": self.team_id},
            "api_app_id": "A1",
            "token": "deprecated-verification-token",
            "container": {"type": "message", "is_ephemeral": True},
            "trigger_id": uuid.uuid4().hex,
            "channel": {"id": channel_id, "name": "general"},
            "response_url": response_url,
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": button.get("block_id", "b"),
                    "value": button.get("value", ""),
                    "text": button["text"],
                    "action_ts": f"{time.time():.6f}",
                }
            ],
        }

    async def wait_socket(self, within: float = 5.0) -> None:
        """Wait until the bot has connected over Socket Mode."""
        await asyncio.wait_for(self._socket_ready.wait(), within)

    async def send_envelope(self, kind: str, payload: dict[str, Any]) -> str:
        """Deliver an envelope (slash_commands, interactive) over Socket Mode; return its id."""
        await self.wait_socket()
        envelope_id = str(uuid.uuid4())
        self.envelopes[envelope_id] = Envelope(envelope_id, payload, time.perf_counter())
        message = {
            "envelope_id": envelope_id,
            "type": kind,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": 0,
            "retry_reason": "",
            "payload": payload,
        }
        await self._sockets[-1].send_str(json.dumps(message))
        return envelope_id

    async def wait_ack(self, envelope_id: str, within: float = 5.0) -> Envelope:
        """Wait for the bot's ack of an envelope and return it."""
        envelope = self.envelopes[envelope_id]
        async with self._acked:
            await asyncio.wait_for(
                self._acked.wait_for(lambda: envelope.acked_at is not None), within
            )
        return envelope

    async def wait_responses(
        self, response_url: str, count: int = 1, within: float = 5.0
    ) -> list[dict[str, Any]]:
        """Wait until ``count`` bodies were posted to a response URL; return them."""
        rid = response_url.rsplit("/", 1)[-1]
        await wait_until(
            lambda: len(self.responses[rid]) >= count,
            within,
            interval=0.005,
            message=f"fake slack: {count} response(s) to {rid} not posted",
        )
        return self.responses[rid]

    # --- web api -----------------------------------------------------------------------------

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                body = await request.json()
                if not isinstance(body, dict):
                    self.violations.append(f"{request.path}: JSON body is not an object")
                    return args
                args.update(body)
            else:
                args.update(dict(await request.post()))
        return args

    def _team_for(self, request: web.Request, args: dict[str, Any]) -> str | None:
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else ""
        token = token or str(args.get("token", ""))
        return self.bot_tokens.get(token)

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args = await self._args(request)
        self.calls.append((method, args, time.monotonic()))
        fault = self.faults.get(method, []).pop(0) if self.faults.get(method) else None
        if fault is not None and fault.kind == "ratelimit":
            return _ratelimited(fault.retry_after)
        if method == "oauth.v2.access":
            return self._oauth_access(request, args)
        if method == "apps.connections.open":
            if request.headers.get("Authorization") != f"Bearer {self.app_token}":
                return _error("invalid_auth")
            return _ok(url=f"{self.url.replace('http', 'ws', 1)}/socket?ticket={uuid.uuid4().hex}")
        team = self._team_for(request, args)
        if team is None:
            return _error(
                "not_authed" if "Authorization" not in request.headers else "invalid_auth"
            )
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            self.violations.append(f"unexpected Web API method {method}")
            return _error("unknown_method")
        response: web.StreamResponse = handler(team, args)
        if fault is not None and fault.kind == "disconnect":
            # The message was posted, but the answer is lost: exactly how duplicates happen.
            if request.transport is not None:
                request.transport.abort()
            await asyncio.sleep(0.05)
        return response

    def _m_auth_test(self, team: str, args: dict[str, Any]) -> web.Response:
        return _ok(
            url="https://fake.slack.com/",
            team="Fake",
            user="briefbot",
            team_id=team,
            user_id="UBOT",
            bot_id="BBOT",
            is_enterprise_install=False,
        )

    def _channel(self, args: dict[str, Any], method: str) -> Channel | web.Response:
        channel_id = args.get("channel")
        if not isinstance(channel_id, str) or not channel_id:
            self.violations.append(f"{method}: channel must be a non-empty string")
            return _error("channel_not_found")
        channel = self.channels.get(channel_id)
        if channel is None:
            return _error("channel_not_found")
        if channel.archived:
            return _error("is_archived")
        if channel.private and not channel.member:
            return _error("not_in_channel")
        return channel

    def _m_chat_postMessage(self, team: str, args: dict[str, Any]) -> web.Response:  # noqa: N802
        self._check_message("chat.postMessage", args)
        channel = self._channel(args, "chat.postMessage")
        if isinstance(channel, web.Response):
            return channel
        now = time.monotonic()
        if self.channel_rate and now - channel.last_post < 1 / self.channel_rate:
            return _ratelimited(1)
        channel.last_post = now
        message = {
            "type": "message",
            "user": "UBOT",
            "bot_id": "BBOT",
            "ts": self._next_ts(),
            "text": args.get("text", ""),
            "blocks": args.get("blocks", []),
        }
        if isinstance(args.get("metadata"), dict):
            message["metadata"] = args["metadata"]
        channel.messages.append(message)
        return _ok(channel=channel.id, ts=message["ts"], message=message)

    def _m_chat_postEphemeral(self, team: str, args: dict[str, Any]) -> web.Response:  # noqa: N802
        self._check_message("chat.postEphemeral", args)
        if not isinstance(args.get("user"), str):
            self.violations.append("chat.postEphemeral: user must be a string")
        channel = self._channel(args, "chat.postEphemeral")
        if isinstance(channel, web.Response):
            return channel
        self.ephemerals.append(args)
        return _ok(message_ts=self._next_ts())

    def _m_chat_update(self, team: str, args: dict[str, Any]) -> web.Response:
        self._check_message("chat.update", args)
        channel = self._channel(args, "chat.update")
        if isinstance(channel, web.Response):
            return channel
        for message in channel.messages:
            if message["ts"] == args.get("ts"):
                message.update(text=args.get("text", ""), blocks=args.get("blocks", []))
                return _ok(channel=channel.id, ts=message["ts"])
        return _error("message_not_found")

    def _m_conversations_history(self, team: str, args: dict[str, Any]) -> web.Response:
        channel = self._channel(args, "conversations.history")
        if isinstance(channel, web.Response):
            return channel
        if not channel.member and channel.private:
            return _error("not_in_channel")
        limit = int(args.get("limit", 100))
        start = int(args.get("cursor") or 0)
        newest_first = list(reversed(channel.messages))
        page = newest_first[start : start + limit]
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        messages = [
            m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in page
        ]
        more = start + limit < len(newest_first)
        return _ok(
            messages=messages,
            has_more=more,
            response_metadata={"next_cursor": str(start + limit) if more else ""},
        )

    def _m_users_info(self, team: str, args: dict[str, Any]) -> web.Response:
        user = self.users.get(str(args.get("user")))
        return _ok(user=user) if user else _error("user_not_found")

    def _m_usergroups_users_list(self, team: str, args: dict[str, Any]) -> web.Response:
        group = self.usergroups.get(str(args.get("usergroup")))
        return _ok(users=group) if group is not None else _error("no_such_subteam")

    def _oauth_access(self, request: web.Request, args: dict[str, Any]) -> web.Response:
        auth = request.headers.get("Authorization", "")
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if auth != f"Basic {expected}" and (
            args.get("client_id") != self.client_id
            or args.get("client_secret") != self.client_secret
        ):
            return _error("invalid_client_id")
        team = self.oauth_codes.pop(str(args.get("code")), None)
        if team is None:
            return _error("invalid_code")
        token = f"xoxb-fake-{team}"
        self.bot_tokens[token] = team
        return _ok(
            app_id="A1",
            authed_user={"id": "U1"},
            scope="commands,chat:write",
            token_type="bot",
            access_token=token,
            bot_user_id="UBOT",
            team={"id": team, "name": f"Team {team}"},
            enterprise=None,
            is_enterprise_install=False,
        )

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    # --- response urls and sockets -----------------------------------------------------------

    async def _response_url(self, request: web.Request) -> web.Response:
        rid = request.match_info["rid"]
        if rid not in self.responses:
            return web.Response(status=404, text="no_such_response_url")
        try:
            body = await request.json()
        except ValueError:
            self.violations.append("response_url: body is not JSON")
            return web.Response(status=400, text="invalid_payload")
        self._check_message("response_url", body)
        if body.get("response_type") not in (None, "ephemeral", "in_channel"):
            self.violations.append(f"response_url: bad response_type {body['response_type']!r}")
        self.responses[rid].append(body)
        self.response_at.setdefault(rid, time.perf_counter())
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._sockets.append(ws)
        hello = {
            "type": "hello",
            "num_connections": 1,
            "debug_info": {"host": "fake", "approximate_connection_time": 18060},
            "connection_info": {"app_id": "A1"},
        }
        await ws.send_str(json.dumps(hello))
        self._socket_ready.set()
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_socket_message(msg.data)
        finally:
            self._sockets.remove(ws)
            if not self._sockets:
                self._socket_ready.clear()
        return ws

    async def _on_socket_message(self, data: str) -> None:
        now = time.perf_counter()
        try:
            message = json.loads(data)
        except ValueError:
            self.violations.append("socket: message is not JSON")
            return
        envelope = self.envelopes.get(message.get("envelope_id", ""))
        if envelope is None:
            self.violations.append(f"socket: ack for unknown envelope {message!r:.200}")
            return
        if envelope.acked_at is not None:
            self.violations.append(f"socket: envelope {envelope.envelope_id} acked twice")
        payload = message.get("payload")
        if payload:
            self._check_message("socket ack", payload)
        async with self._acked:
            envelope.acked_at, envelope.ack = now, message
            self._acked.notify_all()

    # --- control api for subprocess tests ----------------------------------------------------

    async def _state(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "violations": self.violations,
                "messages": {c.id: c.messages for c in self.channels.values()},
                "calls": [name for name, _, _ in self.calls],
                "responses": self.responses,
                "acked": [e.envelope_id for e in self.envelopes.values() if e.acked_at],
            }
        )

    async def _control_command(self, request: web.Request) -> web.Response:
        body = await request.json()
        payload = self.slash_payload(
            body["command"], body.get("text", ""), channel_id=body.get("channel_id", "C1")
        )
        envelope_id = await self.send_envelope("slash_commands", payload)
        return web.json_response(
            {"envelope_id": envelope_id, "response_url": payload["response_url"]}
        )

    async def _control_fault(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.inject(body["method"], body["kind"], int(body.get("retry_after", 1)))
        return web.json_response({"ok": True})

    # --- validation ----------------------------------------------------------------------------

    def _check_message(self, where: str, body: dict[str, Any]) -> None:
        problems = check_message(body)
        self.violations.extend(f"{where}: {p}" for p in problems)


def check_message(body: dict[str, Any]) -> list[str]:
    """Return the problems Slack would have with a message body (independent of our renderer)."""
    problems: list[str] = []
    if "link_names" in body:
        problems.append("link_names is set")
    text, blocks = body.get("text"), body.get("blocks")
    if text is not None and not isinstance(text, str):
        problems.append("text is not a string")
    if blocks is None and not text:
        problems.append("neither text nor blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)  # form-encoded posts send blocks as a JSON string
    if blocks is not None and not isinstance(blocks, list):
        problems.append("blocks is not a list")
        blocks = []
    if blocks and len(blocks) > 50:
        problems.append(f"{len(blocks)} blocks > 50")
    if isinstance(text, str):
        problems.extend(_check_text(text, 40000, "text"))
    metadata = body.get("metadata")
    if metadata is not None and not (
        isinstance(metadata, dict)
        and isinstance(metadata.get("event_type"), str)
        and isinstance(metadata.get("event_payload"), dict)
    ):
        problems.append("metadata needs event_type (string) and event_payload (object)")
    for n, block in enumerate(blocks or []):
        problems.extend(f"blocks[{n}]: {p}" for p in _check_block(block))
    return problems


def _check_text(text: Any, limit: int, where: str, *, kind: str = "mrkdwn") -> list[str]:
    if not isinstance(text, str):
        return [f"{where} is not a string"]
    out = []
    if not text:
        out.append(f"{where} is empty")
    if len(text) > limit:
        out.append(f"{where} is {len(text)} characters > {limit}")
    if kind == "mrkdwn" and PING.search(text):
        out.append(f"{where} would ping: {PING.search(text).group(0)!r}")  # type: ignore[union-attr]
    return out


def _check_text_object(obj: Any, limit: int, where: str, *, plain_only: bool = False) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        return [f"{where} is not a text object"]
    if plain_only and obj["type"] != "plain_text":
        return [f"{where} must be plain_text"]
    return _check_text(obj.get("text"), limit, f"{where}.text", kind=obj["type"])


def _check_block(block: Any) -> list[str]:
    if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
        return [f"unknown block {block!r:.80}"]
    kind = block["type"]
    out: list[str] = []
    if len(block.get("block_id", "")) > 255:
        out.append("block_id > 255")
    if kind == "header":
        out += _check_text_object(block.get("text"), 150, "header", plain_only=True)
    elif kind == "section":
        if "text" not in block and "fields" not in block:
            out.append("section needs text or fields")
        if "text" in block:
            out += _check_text_object(block["text"], 3000, "section")
        fields = block.get("fields", [])
        if not isinstance(fields, list) or len(fields) > 10:
            out.append("section fields must be a list of at most 10")
        else:
            for field_obj in fields:
                out += _check_text_object(field_obj, 2000, "field")
    elif kind == "context":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
            out.append("context needs 1-10 elements")
        else:
            for element in elements:
                out += _check_text_object(element, 3000, "context element")
    elif kind == "actions":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
            return [*out, "actions needs 1-25 elements"]
        ids = [e.get("action_id") for e in elements]
        if len(set(ids)) != len(ids):
            out.append("duplicate action_id in one block")
        for element in elements:
            if element.get("type") != "button":
                continue
            out += _check_text_object(element.get("text"), 75, "button", plain_only=True)
            if not isinstance(element.get("action_id"), str) or len(element["action_id"]) > 255:
                out.append("button action_id missing or > 255")
            if len(element.get("value", "")) > 2000:
                out.append("button value > 2000")
    return out


def _ok(**data: Any) -> web.Response:
    return web.json_response({"ok": True, **data})


def _error(error: str) -> web.Response:
    return web.json_response({"ok": False, "error": error})


def _ratelimited(retry_after: int) -> web.Response:
    return web.json_response(
        {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(retry_after)}
    )


def form_body(fields: dict[str, str]) -> str:
    """Return a form-encoded body as Slack sends it in HTTP mode."""
    return urlencode(fields)


async def _serve(port: int) -> None:
    fake = FakeSlack()
    url = await fake.start(port)
    sys.stdout.write(json.dumps({"url": url, "api_url": fake.api_url}) + "\n")
    sys.stdout.flush()
    try:
        await asyncio.Event().wait()
    finally:
        await fake.close()


def main() -> None:
    """Run the fake Slack until killed (for subprocess tests); print its URLs as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    asyncio.run(_serve(parser.parse_args().port))


if __name__ == "__main__":
    main()
