"""The real HTTP server (``/healthz`` plus the push API) on 127.0.0.1, for hostile requests."""

from __future__ import annotations

import io
import zlib
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.health import HealthProbe
from bot.http.server import WebServer
from bot.ingest.api import add_ingest_routes
from bot.ingest.pipeline import IngestService
from bot.metrics import Metrics
from bot.settings import Settings

TOKEN = "hostile-test-token"
GOOD: dict[str, Any] = {
    "id": "harbour-berths",
    "title": "Harbour to open 40 berths",
    "published": "2024-10-30",
    "source": {"name": "Coast Gazette", "url": "https://gazette.example/harbour"},
    "summary": "The harbour will open 40 new berths by spring.",
}


def files_under(root: Path) -> set[str]:
    """Return every file below root, relative to it."""
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def gzip_bomb(expanded: int) -> bytes:
    """Return a gzip stream of ``expanded`` zero bytes, built without holding them in memory."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(expanded >> 20)]
    return b"".join([*parts, packer.flush()])


class Bot:
    """A client for the bot's own HTTP server: the push API and ``/healthz``."""

    def __init__(self, base: str, session: aiohttp.ClientSession, root: Path) -> None:
        self.base = base
        self.session = session
        self.root = root

    async def post(
        self,
        path: str,
        data: Any,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """POST data with the bearer token; return status and the JSON answer."""
        sent = {
            "Authorization": f"Bearer {TOKEN}",
            "Content-Type": content_type,
            **(headers or {}),
        }
        if isinstance(data, bytes) and len(data) > 1_000_000:
            data = io.BytesIO(data)  # aiohttp warns about large raw bytes; the size is still sent
        async with self.session.post(self.base + path, data=data, headers=sent) as response:
            return response.status, await response.json()

    async def healthz(self) -> int:
        """Return the status of GET /healthz."""
        async with self.session.get(self.base + "/healthz") as response:
            return response.status

    def written(self) -> set[str]:
        """Return the files the bot wrote, relative to the test's tmp directory."""
        return files_under(self.root)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Return settings for the real server on a free port, with the push API enabled."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        briefings_dir=tmp_path / "briefings",
        data_dir=tmp_path / "data",
        http_host="127.0.0.1",
        http_port=0,
        watch=False,
        api_token=TOKEN,
        shutdown_grace_seconds=1.0,
    )


@pytest.fixture
def tmp_root(tmp_path: Path) -> Iterator[Path]:
    """Return the test's tmp directory; nothing may appear in it outside briefings/ or data/."""
    yield tmp_path
    strays = {
        f for f in files_under(tmp_path) if not f.startswith(("briefings/", "data/", "home/"))
    }
    assert strays == set()


@pytest.fixture
async def bot(settings: Settings, tmp_root: Path) -> AsyncIterator[Bot]:
    """Start the bot's WebServer with the push API mounted, as app.py wires it."""
    health = HealthProbe()
    health.register("hostile", lambda: (True, "ok"))
    server = WebServer(settings, health, Metrics())
    service = IngestService(settings)
    server.mount(lambda app: add_ingest_routes(app, service))
    await server.start()
    async with aiohttp.ClientSession() as session:
        client = Bot(f"http://127.0.0.1:{server.port}", session, tmp_root)
        yield client
        # Whatever was sent, the server still answers its health check.
        assert await client.healthz() == 200
    await server.stop()
    await service.close()
