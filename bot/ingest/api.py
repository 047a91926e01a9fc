"""Push API for upstream pipelines: POST /api/briefings and POST /api/articles (bearer token).

Both answer JSON. Errors look like ``{"error": "...", "problems": [{"field", "line",
"message"}]}`` with a 4xx status; a briefing is only written once it is fully valid, through
the same atomic write the CLI uses, so a rejected or interrupted request leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import orjson
from aiohttp import web
from aiohttp.web_protocol import RequestPayloadError
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from bot.core.store import BriefingFileError, Problem, parse_briefing
from bot.errors import IngestError
from bot.ingest.pipeline import IngestResult, IngestService
from bot.ingest.sources import Article, article_from_html, article_from_text

log = logging.getLogger(__name__)

BRIEFINGS_PATH = "/api/briefings"
ARTICLES_PATH = "/api/articles"
DISABLED_MESSAGE = "push API disabled: set BRIEFBOT_API_TOKEN"
_SERVICE_KEY = web.AppKey("ingest_service", IngestService)
Text = Annotated[str, StringConstraints(min_length=1)]


class ArticlePayload(BaseModel):
    """The body of POST /api/articles: article text or HTML plus what the sender knows."""

    model_config = ConfigDict(extra="forbid")

    text: Text | None = None
    html: Text | None = None
    title: Text | None = None
    url: Text | None = Field(default=None, pattern=r"^https?://")
    published: datetime | date | None = None
    source: Text | None = None
    topics: list[Text] = Field(default_factory=list)
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,127}$")] | None = None


def add_ingest_routes(app: web.Application, service: IngestService) -> None:
    """Add POST /api/briefings and POST /api/articles to an aiohttp application."""
    app[_SERVICE_KEY] = service
    app.router.add_post(BRIEFINGS_PATH, _post_briefing)
    app.router.add_post(ARTICLES_PATH, _post_article)


def _error(status: int, message: str, problems: list[Problem] | None = None) -> web.Response:
    body: dict[str, Any] = {"error": message}
    if problems is not None:
        body["problems"] = [
            {"field": p.field, "line": p.line, "message": p.message} for p in problems
        ]
    return _json(status, body)


def _json(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(status=status, body=orjson.dumps(body), content_type="application/json")


def _authorise(request: web.Request, service: IngestService) -> web.Response | None:
    """Return an error response unless the request carries the configured bearer token."""
    token = service.settings.api_token
    if token is None or not token.get_secret_value():
        return _error(503, DISABLED_MESSAGE)
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    expected = token.get_secret_value().encode("utf-8")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8"), expected
    ):
        response = _error(401, "missing or wrong bearer token")
        response.headers["WWW-Authenticate"] = 'Bearer realm="briefbot"'
        return response
    return None


async def _read_body(request: web.Request, limit: int) -> bytes | web.Response:
    """Return the body, or a 413 response once it passes ``limit`` bytes (checked while read)."""
    too_large = _error(413, f"request body is larger than the limit of {limit} bytes")
    if request.content_length is not None and request.content_length > limit:
        return too_large
    body = bytearray()
    async for chunk in request.content.iter_chunked(65_536):
        body += chunk
        if len(body) > limit:
            return too_large
    return bytes(body)


async def _guarded(request: web.Request) -> tuple[IngestService, bytes] | web.Response:
    service = request.app[_SERVICE_KEY]
    denied = _authorise(request, service)
    if denied is not None:
        return denied
    try:
        body = await _read_body(request, service.settings.api_max_bytes)
    except web.HTTPRequestEntityTooLarge:
        return _error(413, "request body is too large")
    except RequestPayloadError as exc:
        # e.g. Content-Encoding: gzip on bytes that are not gzip, or a broken chunked body.
        return _error(400, f"cannot read the request body ({exc.__cause__ or exc})")
    if isinstance(body, web.Response):
        return body
    return service, body


async def _post_briefing(request: web.Request) -> web.Response:
    guarded = await _guarded(request)
    if isinstance(guarded, web.Response):
        return guarded
    service, body = guarded
    kind = request.content_type
    # YAML is accepted too, so a briefing file can be pushed as it is.
    suffix = ".yaml" if kind in ("application/yaml", "application/x-yaml", "text/yaml") else ".json"
    try:
        # Parsing and validating a large body takes a while; keep the event loop free.
        briefing = await asyncio.to_thread(parse_briefing, body, Path(f"request{suffix}"))
    except BriefingFileError as exc:
        return _error(422, "invalid briefing", exc.problems)
    result = await service.ingest_briefing(briefing, source=f"push {request.remote or ''}".strip())
    return _result_response(result)


async def _post_article(request: web.Request) -> web.Response:
    guarded = await _guarded(request)
    if isinstance(guarded, web.Response):
        return guarded
    service, body = guarded
    try:
        raw = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        return _error(
            400, "invalid JSON", [Problem(Path("request.json"), exc.msg, line=exc.lineno)]
        )
    if not isinstance(raw, dict):
        return _error(400, "the body must be a JSON object: {text|html, title?, url?, ...}")
    try:
        payload = ArticlePayload.model_validate(raw)
    except ValidationError as exc:
        return _error(422, "invalid article", _validation_problems(exc))
    if (payload.text is None) == (payload.html is None):
        problem = Problem(Path("request.json"), "give exactly one of text and html", field="text")
        return _error(422, "invalid article", [problem])
    try:
        # Parsing a large page takes a while; keep the event loop free for other requests.
        article = await asyncio.to_thread(_article, payload)
    except IngestError as exc:
        return _error(422, str(exc))
    result = await service.ingest_article(article)
    return _result_response(result)


def _article(payload: ArticlePayload) -> Article:
    origin = payload.url or "push"
    if payload.html is not None:
        article = article_from_html(
            payload.html,
            origin=origin,
            url=payload.url,
            title=payload.title,
            published=payload.published,
            source_name=payload.source,
            topics=payload.topics,
        )
    else:
        base = article_from_text(payload.text or "", origin=origin)
        article = Article(
            text=base.text,
            origin=origin,
            title=payload.title or base.title,
            published=payload.published or base.published,
            source_name=payload.source or base.source_name,
            url=payload.url or base.url,
            topics=tuple(payload.topics) or base.topics,
        )
    return replace(article, briefing_id=payload.id) if payload.id else article


def _validation_problems(exc: ValidationError) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = ".".join(str(p) for p in error["loc"]) or None
        message = "unknown field" if error["type"] == "extra_forbidden" else str(error["msg"])
        problems.append(Problem(Path("request.json"), message, field=loc))
    return problems


def _result_response(result: IngestResult) -> web.Response:
    log.info("push API: %s %s %s", result.outcome, result.briefing_id or "-", result.reason or "")
    if result.failed:
        if result.error_id is not None:
            return _error(500, result.reason or "internal error")
        return _error(422, result.reason or "cannot ingest")
    body: dict[str, object] = {
        "id": result.briefing_id,
        "outcome": result.outcome,
        "path": str(result.path) if result.path else None,
    }
    if result.reason:
        body["reason"] = result.reason
    if result.warnings:
        body["warnings"] = list(result.warnings)
    return _json(201 if result.outcome == "created" else 200, body)
