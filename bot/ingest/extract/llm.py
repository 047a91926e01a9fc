"""Optional LLM extraction through an OpenAI-compatible endpoint, checked against the source text.

Off unless ``settings.llm_base_url`` is set. The rule-based briefing is always built first; the
model's answer is validated against :data:`ANSWER_SCHEMA`, its quotes are kept only when they
appear verbatim in the article and its figures only when their number is written there, and the
result is merged into the rule-based briefing. Any failure (HTTP error, timeout, invalid JSON,
schema mismatch) logs a warning and returns the rule-based briefing: ingest never fails because
the model did.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
from datetime import date, datetime
from typing import Any, Literal

import aiohttp
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.core.models import Briefing, Evidence, Figure, Person, Quote, fold
from bot.settings import Settings

from . import extract_briefing
from .numbers import parse_words
from .text import Span, normalise_text, slugify, split_paragraphs, split_sentences

__all__ = ["ANSWER_SCHEMA", "Answer", "LLMAnswerError", "extract_with_llm", "merge_answer"]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AnswerPerson(_Item):
    """A person or organisation the model names."""

    name: str = Field(min_length=1)
    role: str | None = None
    kind: Literal["person", "organization"] = "person"


class AnswerQuote(_Item):
    """A quote as the model copied it from the article."""

    text: str = Field(min_length=1)
    speaker: str | None = None
    kind: Literal["direct", "reported"] = "direct"


class AnswerFigure(_Item):
    """A figure as the model read it."""

    value: float
    high: float | None = None
    unit: str | None = None
    label: str = Field(min_length=1)
    qualifier: str | None = None
    per: str | None = None


class Answer(_Item):
    """The JSON object the model must answer with (its schema goes into the prompt)."""

    summary: str = ""
    people: list[AnswerPerson] = Field(default_factory=list)
    quotes: list[AnswerQuote]
    figures: list[AnswerFigure]


ANSWER_SCHEMA: dict[str, Any] = Answer.model_json_schema()
_INSTRUCTIONS = (
    "You extract a news briefing from the article the user sends. Answer with one JSON object"
    " and nothing else, matching this JSON Schema:\n{schema}\n"
    "Rules: quotes[].text must be copied character for character from the article, without the"
    " surrounding quotation marks; kind is 'direct' when the article puts the words in quotation"
    " marks, else 'reported'. speaker is the full name of the person or organisation as people[]"
    " names it, or null when the article does not say who spoke. Never guess a speaker. figures"
    " are amounts that matter (not dates, years, times, ranks or phone numbers): value is the"
    " number with its scale applied (3 billion is 3000000000, 45% is 45 with unit 'percent'),"
    " high is the top of a range. summary is two or three neutral sentences."
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+")
_SCALES = (1.0, 1e2, 1e3, 1e6, 1e9, 1e12, 0.01)


class LLMAnswerError(ValueError):
    """The endpoint answered, but not with a usable briefing."""


def _request_body(text: str, model: str) -> dict[str, Any]:
    schema = json.dumps(ANSWER_SCHEMA, separators=(",", ":"))
    return {
        "model": model,
        "temperature": 0,
        "response_format": {"type": "json_object"},
        "messages": [
            {"role": "system", "content": _INSTRUCTIONS.format(schema=schema)},
            {"role": "user", "content": text},
        ],
    }


async def _ask(
    text: str, settings: Settings, session: aiohttp.ClientSession, request_timeout: float
) -> Answer:
    """POST the article to ``{base}/chat/completions`` and return the validated JSON answer."""
    url = settings.llm_base_url.rstrip("/") + "/chat/completions"
    headers = {"Content-Type": "application/json"}
    if settings.llm_api_key is not None:
        headers["Authorization"] = f"Bearer {settings.llm_api_key.get_secret_value()}"
    async with session.post(
        url,
        json=_request_body(text, settings.llm_model),
        headers=headers,
        timeout=aiohttp.ClientTimeout(total=request_timeout),
    ) as response:
        response.raise_for_status()
        envelope = await response.json(content_type=None)
    try:
        content = envelope["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise LLMAnswerError("no choices[0].message.content in the response") from exc
    if not isinstance(content, str):
        raise LLMAnswerError("message content is not a string")
    # Some local servers wrap JSON in a Markdown fence even in JSON mode.
    content = re.sub(r"^\s*```(?:json)?\s*|\s*```\s*$", "", content)
    try:
        answer = json.loads(content)
    except json.JSONDecodeError as exc:
        raise LLMAnswerError(f"answer is not JSON ({exc.msg})") from exc
    try:
        return Answer.model_validate(answer)
    except ValidationError as exc:
        raise LLMAnswerError(
            f"answer does not match the schema ({exc.error_count()} errors)"
        ) from exc


def _numbers_in(text: str) -> list[float]:
    values = [float(m.group().replace(",", "")) for m in _NUMBER.finditer(text)]
    for m in re.finditer(r"[A-Za-z][A-Za-z -]*[a-z]", text):
        value = parse_words(m.group())
        if value is not None:
            values.append(value)
    return values


def _number_written(value: float, written: list[float]) -> bool:
    """Return whether the value, at some scale (3e9 as "3 billion", 0.45 as "45%"), is written."""
    return any(
        math.isclose(value / scale, number, rel_tol=1e-6, abs_tol=1e-9)
        for scale in _SCALES
        for number in written
    )


def _sentence_of(sentences: list[Span], start: int, end: int) -> Span | None:
    for sentence in sentences:
        if sentence.start <= start and end <= sentence.end:
            return sentence
    return None


def merge_answer(base: Briefing, answer: Answer, text: str) -> Briefing:
    """Merge a model answer into the rule-based briefing, keeping only parts found in the text."""
    clean = normalise_text(text)
    sentences = [s for p in split_paragraphs(clean) for s in split_sentences(p.text, p.start)]
    people = {fold(p.name): p for p in base.people}
    for person in answer.people:
        name = " ".join(person.name.split())
        if fold(name) in people or fold(name) not in fold(clean):
            continue  # a person the article never names is invented
        slug = slugify(name, 120) or "speaker"
        taken = {p.id for p in people.values()}
        while slug in taken:
            slug += "-2"
        people[fold(name)] = Person(id=slug, name=name, role=person.role, kind=person.kind)

    def speaker_id(name: str | None) -> str | None:
        if not name:
            return None
        key = fold(" ".join(name.split()))
        if key in people:
            return people[key].id
        if key in fold(clean):
            slug = slugify(name, 120) or "speaker"
            people[key] = Person(id=slug, name=" ".join(name.split()))
            return slug
        return None  # a speaker the article never names is a guess

    quotes: list[Quote] = []
    dropped = 0
    for said in answer.quotes:
        quote_text = said.text.strip().strip('"“”')
        start = clean.find(quote_text) if quote_text else -1
        sentence = _sentence_of(sentences, start, start + len(quote_text)) if start >= 0 else None
        if start < 0:
            dropped += 1
            continue
        evidence = (
            Evidence(
                sentence=sentence.text,
                start=start - sentence.start,
                end=start - sentence.start + len(quote_text),
            )
            if sentence is not None
            else None
        )
        quotes.append(
            Quote(
                speaker=speaker_id(said.speaker),
                text=quote_text,
                kind=said.kind,
                evidence=evidence,
            )
        )
    if dropped:
        log.info(
            "llm extraction: dropped %d of %d quotes not found verbatim",
            dropped,
            dropped + len(quotes),
        )
    covered = [fold(q.text) for q in quotes]
    quotes += [
        q for q in base.quotes if not any(fold(q.text) in c or c in fold(q.text) for c in covered)
    ]

    written = _numbers_in(clean)
    figures: list[Figure] = []
    rejected = 0
    for read in answer.figures:
        values = [read.value] + ([read.high] if read.high is not None else [])
        if not all(_number_written(v, written) for v in values):
            rejected += 1
            continue
        figures.append(
            Figure(
                value=read.value,
                high=read.high,
                unit=read.unit,
                label=read.label,
                qualifier=read.qualifier,
                per=read.per,
            )
        )
    if rejected:
        log.info("llm extraction: dropped %d figures whose number is not in the text", rejected)
    known = [f.value for f in figures]
    figures += [
        f for f in base.figures if not any(math.isclose(f.value, v, rel_tol=1e-6) for v in known)
    ]
    used = {q.speaker for q in quotes if q.speaker}
    summary = " ".join(answer.summary.split()) or base.summary
    return base.model_copy(
        update={
            "summary": summary,
            "people": [p for p in people.values() if p.id in used or p in base.people],
            "quotes": quotes,
            "figures": figures,
        }
    )


async def extract_with_llm(
    text: str,
    settings: Settings,
    *,
    session: aiohttp.ClientSession | None = None,
    request_timeout: float = DEFAULT_TIMEOUT,
    title: str | None = None,
    published: date | datetime | None = None,
    source_name: str | None = None,
    url: str | None = None,
    topics: list[str] | None = None,
    briefing_id: str | None = None,
) -> Briefing:
    """Extract a briefing with the configured LLM, falling back to the rule-based result."""
    base = await asyncio.to_thread(
        extract_briefing,
        text,
        title=title,
        published=published,
        source_name=source_name,
        url=url,
        topics=topics,
        briefing_id=briefing_id,
    )
    return await refine_with_llm(
        base, text, settings, session=session, request_timeout=request_timeout
    )


async def refine_with_llm(
    base: Briefing,
    text: str,
    settings: Settings,
    *,
    session: aiohttp.ClientSession | None = None,
    request_timeout: float = DEFAULT_TIMEOUT,
) -> Briefing:
    """Merge the LLM's checked quotes and figures into a rule-based briefing (or return it)."""
    if not settings.llm_base_url:
        return base
    own_session = session is None
    client = session or aiohttp.ClientSession()
    try:
        answer = await _ask(text, settings, client, request_timeout)
        return merge_answer(base, answer, text)
    except (aiohttp.ClientError, TimeoutError, LLMAnswerError, ValidationError) as exc:
        log.warning("llm extraction failed, using the rule-based briefing: %s", exc)
        return base
    finally:
        if own_session:
            await client.close()
