"""LLM extraction against a fake OpenAI-compatible server on 127.0.0.1: checks and fallbacks."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.core.store import load_directory
from bot.ingest.extract import extract_briefing
from bot.ingest.extract.llm import extract_with_llm
from bot.ingest.pipeline import IngestService
from bot.settings import Settings

ARTICLE = (
    "Harbour officials in Port Elwin closed the east pier on Tuesday after a storm.\n"
    '"We will reopen it when the engineers say it is safe," said Marta Quill, the harbour master.\n'
    "Repairs are expected to cost $4.5 million and take about 12 weeks."
)
Reply = Callable[[dict[str, Any]], Any]


@dataclass
class FakeLLM:
    """A fake chat-completions endpoint: records requests and answers with a scripted reply."""

    reply: Reply = field(default=lambda body: {})
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    hang: bool = False

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        if self.hang:
            await self.release.wait()
        answer = self.reply(body)
        content = answer if isinstance(answer, str) else json.dumps(answer)
        return web.json_response(
            {"choices": [{"message": {"role": "assistant", "content": content}}]}
        )


@pytest.fixture
async def fake() -> AsyncIterator[tuple[FakeLLM, str]]:
    """Serve the fake endpoint on 127.0.0.1 and yield it with its base URL."""
    llm = FakeLLM()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", llm.handle)
    runner = web.AppRunner(app, shutdown_timeout=1)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield llm, f"http://127.0.0.1:{port}/v1"
    llm.release.set()
    await runner.cleanup()


def _settings(base_url: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, llm_base_url=base_url, llm_model="fake-model", llm_api_key="sk-test"
    )


def _answer(quotes: list[dict[str, Any]], figures: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "summary": "Port Elwin closed its east pier after a storm.",
        "people": [{"name": "Marta Quill", "role": "harbour master", "kind": "person"}],
        "quotes": quotes,
        "figures": figures,
    }


GOOD_QUOTE = {
    "text": "We will reopen it when the engineers say it is safe,",
    "speaker": "Marta Quill",
    "kind": "direct",
}


async def test_good_answer_is_kept(fake: tuple[FakeLLM, str]) -> None:
    """Keep a verbatim quote with its speaker, a checked figure and the model's summary."""
    llm, base = fake
    llm.reply = lambda body: _answer(
        [GOOD_QUOTE], [{"value": 4500000, "unit": "dollars", "label": "repair cost"}]
    )
    briefing = await extract_with_llm(ARTICLE, _settings(base), published=None)
    assert briefing.summary == "Port Elwin closed its east pier after a storm."
    quote = next(q for q in briefing.quotes if q.text.startswith("We will reopen"))
    speaker = next(p for p in briefing.people if p.id == quote.speaker)
    assert speaker.name == "Marta Quill"
    assert any(f.value == 4.5e6 and f.label == "repair cost" for f in briefing.figures)
    body = llm.requests[0]
    assert body["model"] == "fake-model"
    assert body["response_format"] == {"type": "json_object"}
    assert body["messages"][1]["content"] == ARTICLE
    assert llm.headers[0]["Authorization"] == "Bearer sk-test"


async def test_hallucinated_quote_and_figure_are_dropped(
    fake: tuple[FakeLLM, str], caplog: pytest.LogCaptureFixture
) -> None:
    """Drop a quote not found verbatim and a figure whose number the article never writes."""
    llm, base = fake
    invented = {"text": "The pier will never reopen", "speaker": "Marta Quill", "kind": "direct"}
    llm.reply = lambda body: _answer(
        [GOOD_QUOTE, invented], [{"value": 9.9e6, "unit": "dollars", "label": "invented cost"}]
    )
    with caplog.at_level(logging.INFO, logger="bot.ingest.extract.llm"):
        briefing = await extract_with_llm(ARTICLE, _settings(base))
    texts = [q.text for q in briefing.quotes]
    assert "The pier will never reopen" not in texts
    assert any(t.startswith("We will reopen") for t in texts)
    assert all(f.value != 9.9e6 for f in briefing.figures)
    assert "dropped 1 of 2 quotes" in caplog.text


async def test_invalid_json_falls_back_to_rules(fake: tuple[FakeLLM, str]) -> None:
    """Return the rule-based briefing when the model's answer is not JSON."""
    llm, base = fake
    llm.reply = lambda body: "Sure! Here is the briefing: {quotes: nope"
    briefing = await extract_with_llm(ARTICLE, _settings(base))
    assert briefing == extract_briefing(ARTICLE)


async def test_schema_mismatch_falls_back_to_rules(fake: tuple[FakeLLM, str]) -> None:
    """Return the rule-based briefing when the JSON does not match the schema."""
    llm, base = fake
    llm.reply = lambda body: {"quotes": "none", "figures": []}
    briefing = await extract_with_llm(ARTICLE, _settings(base))
    assert briefing == extract_briefing(ARTICLE)


async def test_timeout_falls_back_to_rules(fake: tuple[FakeLLM, str]) -> None:
    """Return the rule-based briefing when the endpoint does not answer in time."""
    llm, base = fake
    llm.hang = True
    briefing = await extract_with_llm(ARTICLE, _settings(base), request_timeout=0.2)
    assert briefing == extract_briefing(ARTICLE)
    assert len(llm.requests) == 1


async def test_server_error_falls_back_to_rules(fake: tuple[FakeLLM, str]) -> None:
    """Return the rule-based briefing when the endpoint is unreachable."""
    _llm, base = fake
    briefing = await extract_with_llm(ARTICLE, _settings(base + "/missing"))
    assert briefing == extract_briefing(ARTICLE)


async def test_disabled_without_base_url() -> None:
    """Make no request and return the rule-based briefing when no endpoint is set."""
    briefing = await extract_with_llm(ARTICLE, _settings(""))
    assert briefing == extract_briefing(ARTICLE)


async def test_ingest_pipeline_uses_the_llm_when_configured(
    fake: tuple[FakeLLM, str], tmp_path: Path
) -> None:
    """`briefbot ingest` with an LLM endpoint writes the LLM's checked quote into the file."""
    llm, base = fake
    llm.reply = lambda body: _answer([GOOD_QUOTE], [])
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        llm_base_url=base,
        llm_model="fake-model",
        briefings_dir=tmp_path / "briefings",
        data_dir=tmp_path / "data",
    )
    article = tmp_path / "pier.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    service = IngestService(settings)
    try:
        result = await service.ingest_file(article)
    finally:
        await service.close()
    assert result.outcome == "created"
    assert len(llm.requests) == 1
    (written,) = load_directory(settings.briefings_dir).briefings()
    assert any(q.text.startswith("We will reopen") for q in written.quotes)
    assert written.summary == "Port Elwin closed its east pier after a storm."
