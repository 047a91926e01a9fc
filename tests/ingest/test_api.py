"""The push API on a local aiohttp server: tokens, validation, size limits, outcomes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.core.store import load_directory
from bot.ingest.api import add_ingest_routes
from bot.ingest.pipeline import Extractor, IngestService
from bot.settings import Settings
from tests.conftest import SEED_BRIEFING
from tests.helpers import FakeClock
from tests.ingest.conftest import simple_extractor

TOKEN = "s3cret-token"
GOOD = {
    "id": "harbour-berths",
    "title": "Harbour to open 40 berths",
    "published": "2024-10-30",
    "source": {"name": "Coast Gazette", "url": "https://gazette.example/harbour"},
    "summary": "The harbour will open 40 new berths by spring.",
}


class Api:
    """A client for the push API served on 127.0.0.1."""

    def __init__(self, server: TestServer, session: aiohttp.ClientSession) -> None:
        self.server = server
        self.session = session

    async def post(
        self,
        path: str,
        body: Any,
        *,
        token: str | None = TOKEN,
        content_type: str = "application/json",
    ) -> tuple[int, dict[str, Any]]:
        data = body if isinstance(body, bytes) else orjson.dumps(body)
        headers = {"Content-Type": content_type}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        async with self.session.post(self.server.make_url(path), data=data, headers=headers) as r:
            return r.status, await r.json()


async def start_api(
    settings: Settings, clock: FakeClock, extractor: Extractor | None = simple_extractor
) -> tuple[Api, IngestService]:
    """Serve the push API on 127.0.0.1; ``extractor=None`` uses the real rule engine."""
    service = IngestService(settings, clock=clock, extractor=extractor)
    app = web.Application()
    add_ingest_routes(app, service)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return Api(server, aiohttp.ClientSession()), service


@pytest.fixture
async def api(settings: Settings, clock: FakeClock) -> AsyncIterator[Api]:
    client, service = await start_api(settings, clock)
    yield client
    await client.session.close()
    await client.server.close()
    await service.close()


async def test_briefing_created_then_unchanged_then_updated(api: Api, settings: Settings) -> None:
    """A valid briefing is written (201), the same again is unchanged, a change updates it."""
    status, body = await api.post("/api/briefings", GOOD)
    assert (status, body["outcome"], body["id"]) == (201, "created", "harbour-berths")
    assert (settings.briefings_dir / "harbour-berths.yaml").exists()
    status, body = await api.post("/api/briefings", GOOD)
    assert (status, body["outcome"]) == (200, "unchanged")
    status, body = await api.post("/api/briefings", {**GOOD, "summary": "Now 45 berths."})
    assert (status, body["outcome"]) == (200, "updated")
    assert load_directory(settings.briefings_dir).problems == []


async def test_seed_briefing_file_can_be_pushed_as_yaml(api: Api, settings: Settings) -> None:
    """A briefing file is accepted as it is, with a YAML content type."""
    status, body = await api.post(
        "/api/briefings", SEED_BRIEFING.read_bytes(), content_type="application/yaml"
    )
    assert (status, body["id"]) == (201, "north-korean-troops-kursk")


async def test_invalid_briefing_gets_the_file_validation_messages(
    api: Api, settings: Settings
) -> None:
    """Problems carry the same field paths and messages as `briefbot validate`."""
    bad = {**GOOD, "titel": "typo", "quotes": [{"speaker": "nobody", "text": "hi"}]}
    del bad["title"]
    status, body = await api.post("/api/briefings", bad)
    assert status == 422
    assert body["error"] == "invalid briefing"
    problems = {(p["field"], p["message"]) for p in body["problems"]}
    assert ("title", "required field is missing") in problems
    assert ("titel", "unknown field (check the spelling; see briefings/schema.json)") in problems
    assert not settings.briefings_dir.exists()


async def test_broken_json_is_reported_with_its_line(api: Api) -> None:
    """Unparseable JSON is a 422 naming the line."""
    status, body = await api.post("/api/briefings", b'{\n "id": "x",\n oops}')
    assert status == 422
    assert body["problems"][0]["line"] == 3
    assert body["problems"][0]["message"].startswith("invalid JSON")


@pytest.mark.parametrize(
    ("token", "status"), [(None, 401), ("wrong", 401), ("Bearer", 401), (TOKEN + "x", 401)]
)
async def test_missing_or_wrong_token_is_refused(api: Api, token: str | None, status: int) -> None:
    """Without the right bearer token nothing is accepted."""
    got, body = await api.post("/api/briefings", GOOD, token=token)
    assert got == status
    assert body["error"] == "missing or wrong bearer token"


async def test_api_is_disabled_without_a_token(tmp_path: Path, clock: FakeClock) -> None:
    """With no BRIEFBOT_API_TOKEN set, every request gets 503 and the reason."""
    settings = Settings(_env_file=None, briefings_dir=tmp_path / "b", data_dir=tmp_path / "d")  # type: ignore[call-arg]
    client, service = await start_api(settings, clock)
    try:
        status, body = await client.post("/api/articles", {"text": "x"})
        assert (status, body) == (503, {"error": "push API disabled: set BRIEFBOT_API_TOKEN"})
    finally:
        await client.session.close()
        await client.server.close()
        await service.close()


async def test_oversized_body_is_refused_and_nothing_written(
    tmp_path: Path, clock: FakeClock
) -> None:
    """A body over api_max_bytes gets 413 and no file."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        briefings_dir=tmp_path / "b",
        data_dir=tmp_path / "d",
        api_token=TOKEN,
        api_max_bytes=1000,
    )
    client, service = await start_api(settings, clock)
    try:
        status, body = await client.post("/api/articles", {"text": "word " * 1000})
        assert status == 413
        assert "limit of 1000 bytes" in body["error"]
        assert not (tmp_path / "b").exists()
    finally:
        await client.session.close()
        await client.server.close()
        await service.close()


async def test_article_text_becomes_a_briefing(api: Api, settings: Settings) -> None:
    """Raw text plus metadata is extracted and stored under an id from its URL."""
    status, body = await api.post(
        "/api/articles",
        {
            "text": "The harbour will open 40 new berths by spring, officials said.",
            "title": "Harbour grows",
            "url": "https://gazette.example/news/harbour",
            "published": "2024-10-30T08:00:00Z",
            "source": "Coast Gazette",
            "topics": ["harbour"],
        },
    )
    assert status == 201
    assert body["id"].startswith("gazette-example-news-harbour-")
    saved = load_directory(settings.briefings_dir).briefings()[0]
    assert saved.title == "Harbour grows"
    assert saved.source.name == "Coast Gazette"
    assert list(saved.topics) == ["harbour"]
    assert "warnings" not in body


async def test_missing_source_and_topics_are_warned(settings: Settings, clock: FakeClock) -> None:
    """The answer lists warnings when the push names no source or topics; topics are derived."""
    client, service = await start_api(settings, clock, extractor=None)
    try:
        text = (
            "The port of Rotterdam will add 40 berths by spring, the Rotterdam port authority"
            " said on Monday. Rotterdam handled 440 million tonnes last year."
        )
        status, body = await client.post("/api/articles", {"text": text})
    finally:
        await client.session.close()
        await client.server.close()
        await service.close()
    assert status == 201
    warnings = " | ".join(body["warnings"])
    assert "no source name" in warnings
    assert "derived rotterdam" in warnings
    saved = load_directory(settings.briefings_dir).briefings()[0]
    assert "rotterdam" in saved.topics


async def test_article_html_is_read_like_a_page(api: Api, settings: Settings) -> None:
    """HTML is reduced to its article text; page metadata fills what the sender left out."""
    html = (
        '<html><head><meta property="og:title" content="Pier reopens"></head><body><nav>Menu</nav>'
        "<article><p>The old pier reopened on Saturday after a two-year repair costing"
        " four million euros, the town council said in a statement.</p></article></body></html>"
    )
    status, _ = await api.post("/api/articles", {"html": html, "source": "Coast Gazette"})
    assert status == 201
    saved = load_directory(settings.briefings_dir).briefings()[0]
    assert saved.title == "Pier reopens"
    assert "Menu" not in saved.summary


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "no text"}, "text"),
        ({"text": "a", "html": "<p>b</p>"}, "text"),
        ({"text": "ok text", "colour": "red"}, "colour"),
        ({"text": "ok text", "url": "javascript:alert(1)"}, "url"),
        ({"text": "ok text", "published": "yesterday"}, "published"),
    ],
)
async def test_bad_article_payloads_name_the_field(
    api: Api, settings: Settings, payload: dict[str, Any], field: str
) -> None:
    """Each mistake in an article payload is a 422 naming the field."""
    status, body = await api.post("/api/articles", payload)
    assert status == 422
    assert any(p["field"] is not None and p["field"].startswith(field) for p in body["problems"])
    assert not settings.briefings_dir.exists()


async def test_article_that_cannot_be_extracted_is_422(api: Api, settings: Settings) -> None:
    """An extraction failure is a clear 422, not a 500, and writes nothing."""
    status, body = await api.post("/api/articles", {"text": "This will EXPLODE on purpose."})
    assert status == 422
    assert "cannot extract a briefing" in body["error"]
    assert not settings.briefings_dir.exists()
