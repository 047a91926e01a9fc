"""The shared HTTP server: /healthz names what is not ready, /metrics parses and counts."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families

from bot.app import App
from bot.errors import ConfigError
from bot.health import HealthProbe, connected_check
from bot.http.server import WebServer
from bot.metrics import Metrics
from bot.settings import Settings


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[WebServer]:
    web_server = WebServer(settings, HealthProbe(), Metrics())
    yield web_server
    await web_server.stop()


async def get(server: WebServer, path: str) -> tuple[int, str, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{server.port}{path}") as response,
    ):
        return response.status, response.headers["Content-Type"], await response.text()


class Service:
    """A stand-in for a platform service: it only has ``connected``."""

    connected = False


async def test_healthz_is_ready_only_when_every_part_is(server: WebServer) -> None:
    """/healthz says 503 naming the part that is down, then 200 'ready' once it is up."""
    discord = Service()
    server.health.register("store", lambda: (True, "1 briefing loaded"))
    server.health.register("discord", connected_check(discord))
    await server.start()

    status, content_type, body = await get(server, "/healthz")
    assert status == 503
    assert content_type.startswith("application/json")
    assert '"discord": "not connected"' in body
    assert '"store"' in body  # every part is listed, the failing ones named under "failing"

    discord.connected = True
    status, _, body = await get(server, "/healthz")
    assert (status, body.strip()) == (200, "ready")


async def test_healthz_reports_a_check_that_raises_as_not_ready(server: WebServer) -> None:
    """A broken check makes the bot not ready instead of crashing the endpoint."""

    def broken() -> tuple[bool, str]:
        raise RuntimeError("boom")

    server.health.register("scheduler", broken)
    await server.start()
    status, _, body = await get(server, "/healthz")
    assert status == 503
    assert "scheduler" in body
    assert "RuntimeError" in body


async def test_nothing_registered_is_not_ready(server: WebServer) -> None:
    """With no parts registered yet, the server does not claim to be ready."""
    await server.start()
    status, _, _ = await get(server, "/healthz")
    assert status == 503


async def test_mounted_routes_share_the_server(server: WebServer) -> None:
    """Another part's routes are served on the same port; mounting after start is refused."""

    async def hello(request: web.Request) -> web.Response:
        return web.Response(text="hello")

    def add_ping(app: web.Application) -> None:
        app.router.add_get("/slack/ping", hello)

    server.mount(add_ping)
    await server.start()
    assert (await get(server, "/slack/ping"))[2] == "hello"
    with pytest.raises(RuntimeError, match="before the HTTP server starts"):
        server.mount(lambda app: None)


async def test_a_busy_port_is_a_plain_config_error(settings: Settings) -> None:
    """If the port is taken, starting says which address and which settings to change."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = settings.model_copy(update={"http_port": taken.getsockname()[1]})
        web_server = WebServer(busy, HealthProbe(), Metrics())
        with pytest.raises(ConfigError, match="BRIEFBOT_HTTP_PORT"):
            await web_server.start()
    assert not web_server.running


async def test_metrics_parse_and_count_commands_index_and_deliveries(
    settings: Settings, tmp_path: Path
) -> None:
    """After a command and an ingest, /metrics has latency, index size, deliveries, ingests."""
    app = App(settings)
    app.library.reload()

    async def delivery_counts() -> dict[str, int]:
        return {"sent": 3, "failed": 1}

    app.watch_deliveries(delivery_counts)
    reply = await app.answer_console("/quote blinken")
    assert reply.ok
    await app.answer_console("/quote nobody-at-all")
    article = tmp_path / "article.txt"
    article.write_text(
        "Harbour workers in Port Elwin ended their strike on Monday.\n"
        '"We have a fair deal at last," said union leader Mara Okafor.\n',
        encoding="utf-8",
    )
    ingest = app.start_ingest()
    assert (await ingest.ingest_file(article)).outcome == "created"
    await app.web.start()
    try:
        status, content_type, body = await get(app.web, "/metrics")
    finally:
        await app.web.stop()
        await ingest.close()
    assert status == 200
    assert content_type.startswith("text/plain")
    families = {family.name: family for family in text_string_to_metric_families(body)}

    commands = families["briefbot_command_duration_seconds"]
    counts = {
        (s.labels["command"], s.labels["platform"], s.labels["status"]): s.value
        for s in commands.samples
        if s.name.endswith("_count")
    }
    assert counts[("quote", "console", "ok")] == 1
    assert counts[("quote", "console", "not_found")] == 1
    assert families["briefbot_index_briefings"].samples[0].value == 1
    assert families["briefbot_index_quotes"].samples[0].value > 0
    assert families["briefbot_index_speakers"].samples[0].value > 0
    assert "briefbot_index_figures" in families
    assert families["briefbot_briefing_problems"].samples[0].value == 0
    deliveries = {s.labels["status"]: s.value for s in families["briefbot_deliveries"].samples}
    assert deliveries == {"sent": 3, "failed": 1}
    totals = [s for s in families["briefbot_ingest_results"].samples if s.name.endswith("_total")]
    assert [(s.labels["outcome"], s.value) for s in totals] == [("created", 1.0)]
    assert families["briefbot_reload_errors"].samples[0].value == 0
    assert families["briefbot_briefing_reloads"].samples[0].value == 1


async def test_failed_reloads_are_counted(settings: Settings) -> None:
    """A reload that raised in the watcher shows up in /metrics."""
    app = App(settings)
    app.library.reload_failures = 2  # what BriefingLibrary.watch counts on a failed reload
    body = (await app.metrics.render()).decode()
    families = {f.name: f for f in text_string_to_metric_families(body)}
    assert families["briefbot_reload_errors"].samples[0].value == 2


async def test_a_failing_delivery_source_does_not_break_the_scrape(settings: Settings) -> None:
    """If the database cannot be read, /metrics still answers and says deliveries are down."""
    metrics = Metrics()

    def broken() -> dict[str, int]:
        raise ConnectionError("database down")

    metrics.watch_deliveries(broken)
    body = (await metrics.render()).decode()
    families = {f.name: f for f in text_string_to_metric_families(body)}
    assert families["briefbot_deliveries_up"].samples[0].value == 0


async def test_metrics_use_their_own_registry(settings: Settings) -> None:
    """Two apps in one process do not collide on the global Prometheus registry."""
    first, second = App(settings), App(settings)
    await first.answer_console("/help")
    body = (await second.metrics.render()).decode()
    assert 'command="help"' not in body
