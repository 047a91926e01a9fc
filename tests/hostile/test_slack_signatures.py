"""Slack HTTP mode on the bot's real HTTP server: unsigned, mis-signed, stale and replayed."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from bot.adapters.slack.app import SlackService
from bot.core.commands import CommandEngine
from bot.health import HealthProbe
from bot.http.server import WebServer
from bot.metrics import Metrics
from tests.adapters.slack.conftest import (  # fixtures, used by name
    SIGNING_SECRET,
    engine,  # noqa: F401
    fake,  # noqa: F401
    slack_settings,
)
from tests.fakes.slack import FakeSlack, form_body, signed_headers


@dataclass
class Served:
    """The Slack events URL, the health URL and a client session."""

    events: str
    healthz: str
    session: aiohttp.ClientSession

    async def post(self, body: str, headers: dict[str, str]) -> tuple[int, str]:
        """POST to /slack/events; return status and text."""
        async with self.session.post(self.events, data=body, headers=headers) as response:
            return response.status, await response.text()


@pytest.fixture
async def served(fake: FakeSlack, engine: CommandEngine) -> AsyncIterator[Served]:  # noqa: F811
    """Run Slack in HTTP mode mounted on WebServer, as app.py does."""
    settings = slack_settings(fake, slack_app_token=None, http_host="127.0.0.1", http_port=0)
    service = SlackService(settings, engine)
    await service.start()
    health = HealthProbe()
    health.register("slack", lambda: (service.connected, "connected"))
    server = WebServer(settings, health, Metrics())
    server.mount(service.add_routes)
    await server.start()
    base = f"http://127.0.0.1:{server.port}"
    async with aiohttp.ClientSession() as session:
        client = Served(f"{base}/slack/events", f"{base}/healthz", session)
        yield client
        async with session.get(client.healthz) as response:
            assert response.status == 200
    await server.stop()
    await service.close()


def answered(fake: FakeSlack, payload: dict[str, str]) -> list[object]:  # noqa: F811
    """Return what the bot sent to the payload's response URL."""
    return list(fake.responses[payload["response_url"].rsplit("/", 1)[-1]])


async def test_missing_signature_headers_are_401(fake: FakeSlack, served: Served) -> None:  # noqa: F811
    """No X-Slack-Signature or timestamp: refused, nothing runs."""
    payload = fake.slash_payload("/quote", "blinken")
    body = form_body(payload)
    status, _ = await served.post(body, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 401
    assert answered(fake, payload) == []


@pytest.mark.parametrize(
    "mangle",
    [
        lambda h: {**h, "X-Slack-Signature": "v0=" + "0" * 64},
        lambda h: {**h, "X-Slack-Signature": "garbage"},
        lambda h: {**h, "X-Slack-Request-Timestamp": "not-a-number"},
        lambda h: {k: v for k, v in h.items() if k != "X-Slack-Request-Timestamp"},
    ],
    ids=["zero-mac", "garbage", "bad-timestamp", "no-timestamp"],
)
async def test_bad_signatures_are_401(fake: FakeSlack, served: Served, mangle: object) -> None:  # noqa: F811
    """A wrong, malformed or half-missing signature is refused and nothing runs."""
    payload = fake.slash_payload("/quote", "blinken")
    body = form_body(payload)
    headers = mangle(signed_headers(SIGNING_SECRET, body))  # type: ignore[operator]
    status, _ = await served.post(body, headers)
    assert status == 401
    assert answered(fake, payload) == []


async def test_stale_signature_is_401(fake: FakeSlack, served: Served) -> None:  # noqa: F811
    """A correctly signed request with a timestamp over five minutes old is refused."""
    payload = fake.slash_payload("/quote", "blinken")
    body = form_body(payload)
    old = int(time.time()) - 5 * 60 - 30
    status, _ = await served.post(body, signed_headers(SIGNING_SECRET, body, old))
    assert status == 401
    assert answered(fake, payload) == []


async def test_replayed_signature_on_another_body_is_401(fake: FakeSlack, served: Served) -> None:  # noqa: F811
    """A captured signature replayed with a different command is refused."""
    first = fake.slash_payload("/quote", "blinken")
    headers = signed_headers(SIGNING_SECRET, form_body(first))
    status, _ = await served.post(form_body(first), headers)
    assert status == 200
    other = fake.slash_payload("/digest", "post:true")
    status, _ = await served.post(form_body(other), headers)
    assert status == 401
    assert answered(fake, other) == []


async def test_replay_with_a_fresh_timestamp_but_old_signature_is_401(
    fake: FakeSlack,  # noqa: F811
    served: Served,
) -> None:
    """Moving a captured request's timestamp forward breaks its signature."""
    payload = fake.slash_payload("/quote", "blinken")
    body = form_body(payload)
    headers = signed_headers(SIGNING_SECRET, body, int(time.time()) - 6 * 60)
    headers["X-Slack-Request-Timestamp"] = str(int(time.time()))
    status, _ = await served.post(body, headers)
    assert status == 401
    assert answered(fake, payload) == []
