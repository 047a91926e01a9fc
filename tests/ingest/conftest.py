"""Fixtures for ingest tests: a local web server the tests fill with pages, and settings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.core.models import Briefing, Source
from bot.ingest.pipeline import IngestService
from bot.settings import Settings
from tests.helpers import FakeClock

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Site:
    """A local web server on 127.0.0.1 whose pages each test writes itself."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[web.Request] = []
        self.server: TestServer | None = None

    def url(self, path: str) -> str:
        """Return the absolute URL of a path on this server."""
        assert self.server is not None
        return str(self.server.make_url(path))

    def page(
        self,
        path: str,
        body: bytes | str,
        content_type: str | None = "text/html; charset=utf-8",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve a fixed body at path; return its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body

        async def handler(request: web.Request) -> web.StreamResponse:
            response = web.Response(status=status, body=data, headers=headers or {})
            if content_type is None:
                response.headers.popall("Content-Type", None)
            else:
                response.headers["Content-Type"] = content_type
            return response

        self.routes[path] = handler
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        """Serve a redirect at path; return its URL."""

        async def handler(request: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": location})

        self.routes[path] = handler
        return self.url(path)

    def handle(self, path: str, handler: Handler) -> str:
        """Serve path with a custom handler; return its URL."""
        self.routes[path] = handler
        return self.url(path)

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        """Route a request to the handler the test registered."""
        self.requests.append(request)
        handler = self.routes.get(request.path)
        if handler is None:
            return web.Response(status=404, text="not found")
        return await handler(request)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    """Start a local web server for the test."""
    fake = Site()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.dispatch)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    fake.server = server
    yield fake
    await server.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Return settings with tmp directories that allow fetching from 127.0.0.1 only."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        briefings_dir=tmp_path / "briefings",
        data_dir=tmp_path / "data",
        fetch_allow_networks=["127.0.0.1/32"],
        fetch_timeout_seconds=5.0,
        fetch_max_bytes=200_000,
        api_token="s3cret-token",
    )


@pytest.fixture
def clock() -> FakeClock:
    """Return a fake clock at a fixed time."""
    return FakeClock(datetime(2024, 11, 1, 9, 0, tzinfo=UTC))


def simple_extractor(
    text: str,
    *,
    title: str | None = None,
    published: datetime | date | None = None,
    source_name: str | None = None,
    url: str | None = None,
    topics: list[str] | None = None,
    briefing_id: str | None = None,
) -> Briefing:
    """Build a minimal briefing (a stand-in for the rule engine, which has its own tests)."""
    if "EXPLODE" in text:
        raise ValueError("the text could not be understood")
    first = text.strip().split("\n")[0]
    return Briefing(
        id=briefing_id or "story",
        title=title or " ".join(first.split()[:8]),
        published=published or date(2024, 1, 1),
        source=Source(name=source_name or "unknown", url=url),  # type: ignore[arg-type]
        topics=topics or [],
        summary=first,
    )


@pytest.fixture
async def service(settings: Settings, clock: FakeClock) -> AsyncIterator[IngestService]:
    """Return an ingest service with the simple extractor and the fake clock."""
    ingest = IngestService(settings, clock=clock, extractor=simple_extractor)
    yield ingest
    await ingest.close()
