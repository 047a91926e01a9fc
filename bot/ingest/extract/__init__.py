"""Deterministic, offline extraction: plain article text in, a structured Briefing out.

Defaults when the caller leaves metadata out (all deterministic):

- ``title``: the article's headline line, else the main clause of its lead in at most 90
  characters (see :mod:`.headline`); a given title loses a trailing " | Source".
- ``topics``: when none are given, the places and bodies the story is about (:mod:`.topics`).
- ``summary``: two or three sentences, the lead and the best-ranked others, never the lead
  paragraph word for word; datelines, bylines and credits are left out (:mod:`.furniture`).
- ``published``: the first full date written in the article ("March 3, 2024", "3 March 2024",
  "2024-03-03"); when there is none, :data:`UNKNOWN_PUBLISHED` (1970-01-01), which callers
  should treat as "date unknown". Extraction never reads the clock.
- ``source``: ``source_name``, else the host of ``url``, else "unknown".
- ``id``: slug of the title plus the first 8 hex digits of the SHA-1 of the text.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from urllib.parse import urlsplit

from bot.core.models import Briefing, Evidence, Figure, Person, Quote, Source, fold

from .figures import FoundFigure, find_figures
from .headline import make_headline
from .lexicon import MONTHS
from .people import Entity
from .quotes import FoundQuote, find_quotes
from .summary import spell_out_names, story_sentences, summarise
from .text import normalise_text, slugify, split_paragraphs, split_sentences
from .topics import derive_topics

__all__ = ["UNKNOWN_PUBLISHED", "extract_briefing"]

UNKNOWN_PUBLISHED = date(1970, 1, 1)

_MONTH_NUMBERS = {m: i + 1 for i, m in enumerate(MONTHS)}
_PARAGRAPH_REOPENED = re.compile(r"\s*\n\s*[\"“‘«]?\s*")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_US_DATE = re.compile(r"\b([A-Z][a-z]+)\.? (\d{1,2}),? (\d{4})\b")
_EU_DATE = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]+) (\d{4})\b")


def _month(name: str) -> int | None:
    low = name.casefold()
    for full, number in _MONTH_NUMBERS.items():
        if len(low) >= 3 and full.startswith(low):
            return number
    return None


def find_published(text: str) -> date:
    """Return the first full date written in the text, or UNKNOWN_PUBLISHED."""
    candidates: list[tuple[int, date]] = []
    for m in _ISO_DATE.finditer(text):
        try:
            candidates.append((m.start(), date(int(m[1]), int(m[2]), int(m[3]))))
        except ValueError:
            continue
    for pattern, order in ((_US_DATE, (3, 1, 2)), (_EU_DATE, (3, 2, 1))):
        for m in pattern.finditer(text):
            month = _month(m[order[1]])
            if month is None:
                continue
            try:
                candidates.append((m.start(), date(int(m[order[0]]), month, int(m[order[2]]))))
            except ValueError:
                continue
    return min(candidates)[1] if candidates else UNKNOWN_PUBLISHED


def _given_title(title: str | None, source_name: str | None) -> str:
    """Return the caller's title without a trailing " | Site" or " - Site" naming the source."""
    text = " ".join((title or "").split())
    if source_name:
        for mark in (" | ", " - ", " – ", " — "):
            head, sep, tail = text.rpartition(mark)
            if sep and head and fold(tail) == fold(source_name):
                return head
    return text


def _source(source_name: str | None, url: str | None) -> Source:
    name = source_name or (urlsplit(url).hostname if url else None) or "unknown"
    return Source.model_validate({"name": name, "url": url})


def _to_quote(found: FoundQuote, ids: dict[int, str]) -> Quote:
    sentence = found.sentence
    start = found.start - sentence.start
    return Quote(
        speaker=ids.get(id(found.speaker)) if found.speaker is not None else None,
        # A quote over several paragraphs reads as one passage: the paragraph break and the
        # quote mark reopening it are not words (the evidence keeps the span as written).
        text=_PARAGRAPH_REOPENED.sub(" ", found.text),
        kind="direct" if found.kind == "direct" else "reported",
        attribution=found.how if found.speaker is not None else None,
        evidence=Evidence(sentence=sentence.text, start=start, end=start + len(found.text)),
    )


def _to_figure(found: FoundFigure) -> Figure:
    sentence = found.sentence
    return Figure(
        value=found.value,
        high=found.high,
        unit=found.unit,
        label=found.label or sentence.text[found.start : found.end],
        qualifier=found.qualifier,
        per=found.per,
        evidence=Evidence(sentence=sentence.text, start=found.start, end=found.end),
    )


def _people(quotes: list[FoundQuote]) -> tuple[list[Person], dict[int, str]]:
    people: list[Person] = []
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for quote in quotes:
        entity: Entity | None = quote.speaker
        if entity is None or id(entity) in ids:
            continue
        person = entity.to_person()
        slug, n = person.id, 2
        while slug in taken:
            slug = f"{person.id[:120]}-{n}"
            n += 1
        taken.add(slug)
        ids[id(entity)] = slug
        people.append(person.model_copy(update={"id": slug}))
    return people, ids


def extract_briefing(
    text: str,
    *,
    title: str | None = None,
    published: date | datetime | None = None,
    source_name: str | None = None,
    url: str | None = None,
    topics: list[str] | None = None,
    briefing_id: str | None = None,
) -> Briefing:
    """Extract a briefing (summary, developments, people, quotes, figures) from article text."""
    clean = normalise_text(text)
    paragraphs = split_paragraphs(clean)
    sentences = [s for p in paragraphs for s in split_sentences(p.text, p.start)]
    if not sentences:
        raise ValueError("cannot extract a briefing from empty text")
    title = _given_title(title, source_name) or make_headline(paragraphs, sentences)
    quotes, index = find_quotes(clean)
    people, ids = _people(quotes)
    figures = find_figures(
        sentences,
        quotes=[(q.start, q.end) for q in quotes if q.kind == "direct"],
        paragraphs=paragraphs,
    )
    story = story_sentences(paragraphs, sentences) or sentences
    key_ends = {f.sentence.end for f in figures}
    summary, developments = summarise(story, paragraphs, title, key_ends)
    named = [e.name for e in index.entities.values() if e.kind == "person"]
    summary = spell_out_names(summary, named)
    developments = [spell_out_names(d, named) for d in developments]
    if not topics:
        topics = derive_topics(story, title=title, exclude=[*named, source_name or ""])
    digest = hashlib.sha1(clean.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return Briefing(
        id=briefing_id or f"{slugify(title, 60) or 'briefing'}-{digest}",
        title=title,
        published=published if published is not None else find_published(clean),
        source=_source(source_name, url),
        topics=list(topics or []),
        summary=summary or sentences[0].text,
        developments=developments,
        people=people,
        quotes=[_to_quote(q, ids) for q in quotes],
        figures=[_to_figure(f) for f in figures],
    )
