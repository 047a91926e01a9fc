"""An aiohttp server on ``http_host:http_port`` serving ``/healthz`` and ``/metrics``.

Other parts (Slack HTTP mode, the push API) add their routes with :meth:`WebServer.mount`
before :meth:`WebServer.start`; there is one listening socket for all of them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.errors import ConfigError
from bot.health import HealthProbe
from bot.metrics import Metrics
from bot.settings import Settings

log = logging.getLogger(__name__)

AddRoutes = Callable[[web.Application], None]


class WebServer:
    """The shared HTTP server; mount routes, start, and stop within a bounded time."""

    def __init__(self, settings: Settings, health: HealthProbe, metrics: Metrics) -> None:
        self.settings = settings
        self.health = health
        self.metrics = metrics
        # Routes that read whole bodies (Slack, push API) get room for the largest allowed one.
        largest = max(settings.max_file_bytes, settings.api_max_bytes)
        self.app = web.Application(client_max_size=largest + 65_536)
        self.app.router.add_get("/healthz", self._healthz)
        self.app.router.add_get("/metrics", self._metrics)
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    @property
    def running(self) -> bool:
        """Return whether the server is listening."""
        return self._runner is not None

    def mount(self, add_routes: AddRoutes) -> None:
        """Let a part add its routes; only before :meth:`start`."""
        if self._runner is not None:
            raise RuntimeError("mount routes before the HTTP server starts")
        add_routes(self.app)

    async def start(self) -> None:
        """Listen on the configured host and port (port 0 picks a free one, see ``port``)."""
        runner = web.AppRunner(
            self.app,
            access_log=None,
            handle_signals=False,
            shutdown_timeout=self.settings.shutdown_grace_seconds,
        )
        await runner.setup()
        site = web.TCPSite(runner, self.settings.http_host, self.settings.http_port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            where = f"{self.settings.http_host}:{self.settings.http_port}"
            raise ConfigError(
                f"The HTTP server cannot listen on {where} ({exc.strerror}). Stop whatever "
                "uses it, or set BRIEFBOT_HTTP_PORT / BRIEFBOT_HTTP_HOST "
                "(BRIEFBOT_HTTP_ENABLED=false turns it off)."
            ) from exc
        self._runner = runner
        self.port = _bound_port(runner, self.settings.http_port)
        log.info("HTTP server listening on %s:%d", self.settings.http_host, self.port)

    async def stop(self) -> None:
        """Stop listening and close connections (in-flight requests get the grace period)."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _healthz(self, request: web.Request) -> web.StreamResponse:
        report = self.health.report()
        if report.ready:
            return web.Response(text="ready\n", content_type="text/plain")
        return web.Response(
            status=503,
            text=json.dumps(report.as_dict()) + "\n",
            content_type="application/json",
        )

    async def _metrics(self, request: web.Request) -> web.StreamResponse:
        body = await self.metrics.render()
        response = web.Response(body=body)
        # CONTENT_TYPE_LATEST carries a charset, which aiohttp only accepts as a raw header.
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response


def _bound_port(runner: web.AppRunner, configured: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple) and len(address) >= 2:
            return int(address[1])
    return configured
