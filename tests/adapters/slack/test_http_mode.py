"""HTTP mode: signed requests on our aiohttp server, and OAuth installs into several workspaces."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import create_async_engine

from bot.adapters.slack.app import SlackService
from bot.adapters.slack.installations import SqlInstallationStore
from bot.core.commands import CommandEngine
from bot.core.ports import Target
from bot.core.reply import Reply, plain
from bot.db.tables import metadata, slack_installations
from tests.adapters.slack.conftest import SIGNING_SECRET, slack_settings
from tests.fakes.slack import CLIENT_SECRET, FakeSlack, form_body, signed_headers


async def serve(service: SlackService) -> tuple[web.AppRunner, str]:
    """Mount the Slack routes on a fresh aiohttp server, as the bot's HTTP server does."""
    app = web.Application()
    service.add_routes(app)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@pytest.fixture
async def http_bot(fake: FakeSlack, engine: CommandEngine) -> AsyncIterator[str]:
    """Run the Slack service in HTTP mode (no app token) and return its base URL."""
    service = SlackService(slack_settings(fake, slack_app_token=None), engine)
    await service.start()
    runner, url = await serve(service)
    yield url
    await runner.cleanup()
    await service.close()


async def post_command(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    """POST a slash command to /slack/events; return status and body."""
    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{url}/slack/events", data=body, headers=headers) as response,
    ):
        return response.status, await response.text()


async def test_signed_command_is_acked_and_answered(fake: FakeSlack, http_bot: str) -> None:
    """A correctly signed /quote blinken gets 200 at once and the answer via response URL."""
    payload = fake.slash_payload("/quote", "blinken")
    body = form_body(payload)
    status, _ = await post_command(http_bot, body, signed_headers(SIGNING_SECRET, body))
    assert status == 200
    (answer,) = await fake.wait_responses(payload["response_url"])
    assert answer["blocks"][0]["text"]["text"] == "Antony Blinken, U.S. Secretary of State"


async def test_bad_signature_is_rejected_and_nothing_runs(fake: FakeSlack, http_bot: str) -> None:
    """A request signed with another secret is refused with 401."""
    payload = fake.slash_payload("/quote", "blinken")
    body = form_body(payload)
    status, _ = await post_command(http_bot, body, signed_headers("not-our-secret", body))
    assert status == 401
    assert fake.responses[payload["response_url"].rsplit("/", 1)[-1]] == []


async def test_stale_timestamp_is_rejected(fake: FakeSlack, http_bot: str) -> None:
    """A validly signed request older than five minutes (a replay) is refused."""
    payload = fake.slash_payload("/quote", "blinken")
    body = form_body(payload)
    stale = int(time.time()) - 6 * 60
    status, _ = await post_command(http_bot, body, signed_headers(SIGNING_SECRET, body, stale))
    assert status == 401


# slack_sdk's oauth.v2.access still builds aiohttp.BasicAuth, deprecated in aiohttp 3.14.
@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")
async def test_oauth_install_into_a_second_workspace_then_serve_it(
    fake: FakeSlack, engine: CommandEngine, tmp_path: Path
) -> None:
    """Install via /slack/install -> Slack -> /slack/oauth_redirect; the new team is served."""
    db = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    async with db.begin() as conn:
        await conn.run_sync(metadata.create_all)
    store = SqlInstallationStore(db, client_id=fake.client_id, table=slack_installations)
    settings = slack_settings(
        fake,
        slack_bot_token=None,
        slack_app_token=None,
        slack_client_id=fake.client_id,
        slack_client_secret=SecretStr(CLIENT_SECRET),
    )
    service = SlackService(settings, engine, installation_store=store)
    await service.start()
    runner, url = await serve(service)
    try:
        async with aiohttp.ClientSession() as browser:
            async with browser.get(f"{url}/slack/install", allow_redirects=False) as page:
                assert page.status in (200, 302)
                cookie = page.headers["Set-Cookie"]
                state = re.search(r"slack-app-oauth-state=([^;]+)", cookie)
                assert state is not None
            fake.oauth_codes["code-T2"] = "T2"
            async with browser.get(
                f"{url}/slack/oauth_redirect",
                params={"code": "code-T2", "state": state.group(1)},
                headers={"Cookie": f"slack-app-oauth-state={state.group(1)}"},
            ) as done:
                assert done.status == 200, await done.text()
        bot = await store.async_find_bot(enterprise_id=None, team_id="T2")
        assert bot is not None
        assert bot.bot_token == "xoxb-fake-T2"

        payload = fake.slash_payload("/quote", "austin", team_id="T2")
        body = form_body(payload)
        status, _ = await post_command(url, body, signed_headers(SIGNING_SECRET, body))
        assert status == 200
        (answer,) = await fake.wait_responses(payload["response_url"])
        assert answer["blocks"][0]["text"]["text"].startswith("Lloyd Austin")

        await service.publisher.publish(
            Target("slack", "C1", "T2"), [Reply("Digest", intro=(plain("hi"),))], key="k2"
        )
        posts = [args for name, args, _ in fake.calls if name == "chat.postMessage"]
        assert len(posts) == 1
    finally:
        await runner.cleanup()
        await service.close()
        await db.dispose()


async def test_installation_store_keeps_the_newest_install(tmp_path: Path) -> None:
    """Reinstalling replaces the token used; deleting forgets the workspace."""
    from slack_sdk.oauth.installation_store.models.installation import Installation

    db = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    async with db.begin() as conn:
        await conn.run_sync(metadata.create_all)
    store = SqlInstallationStore(db, client_id="c", table=slack_installations)
    common: dict[str, Any] = {"team_id": "T9", "user_id": "U1", "bot_id": "B", "bot_user_id": "UB"}
    await store.async_save(Installation(bot_token="xoxb-old", installed_at=1.0, **common))
    await store.async_save(Installation(bot_token="xoxb-new", installed_at=2.0, **common))
    bot = await store.async_find_bot(enterprise_id=None, team_id="T9")
    assert bot is not None
    assert bot.bot_token == "xoxb-new"
    found = await store.async_find_installation(enterprise_id=None, team_id="T9")
    assert found is not None
    assert found.user_id == "U1"
    await store.async_delete_all(enterprise_id=None, team_id="T9")
    assert await store.async_find_bot(enterprise_id=None, team_id="T9") is None
    await db.dispose()
