"""Compact, immutable copies of validated briefings: what the index holds in memory.

The pydantic models in :mod:`bot.core.models` validate files and payloads; each validated
:class:`~bot.core.models.Briefing` is converted once into these records. They keep the same
attribute names (and ``published_at``, ``changed_at``, ``person()``, ``span``) so commands read
either kind, but cost a fraction of the memory: a pydantic instance carries a ``__dict__`` and a
fields-set per object, a record is a tuple. Repeated short strings (ids, names, units, topics)
are interned and an evidence sentence shared by several figures is stored once.

Records are NamedTuples rather than frozen dataclasses because the briefing cache rebuilds
millions of them at start-up: ``tuple.__new__`` from an unmarshalled tuple is several times
faster than a frozen dataclass ``__init__`` and the instance is only 8 bytes larger.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, time
from typing import NamedTuple

from bot.core.models import Briefing, Evidence, Figure, Person, Quote, fold
from bot.core.text import tokens

_intern = sys.intern


class SourceRecord(NamedTuple):
    """Where the story was published (the URL as a string)."""

    name: str
    url: str | None


class EvidenceRecord(NamedTuple):
    """The source sentence a quote or figure was taken from, and the span in it."""

    sentence: str
    start: int
    end: int

    @property
    def span(self) -> str:
        """Return the highlighted part of the sentence."""
        return self.sentence[self.start : self.end]


class PersonRecord(NamedTuple):
    """Someone (or an organisation) who speaks in the story."""

    id: str
    name: str
    role: str | None
    aliases: tuple[str, ...]
    kind: str


# Evidence is kept as a plain (sentence, start, end) tuple and wrapped on access, so that the
# cache can rebuild a quote or figure with one C-level call and no Python per nested object.
EvidenceTuple = tuple[str, int, int]


class QuoteRecord(NamedTuple):
    """Something a person said."""

    speaker: str | None
    text: str
    kind: str
    context: str | None
    said_on_ordinal: int | None
    evidence_at: EvidenceTuple | None

    @property
    def said_on(self) -> date | None:
        """Return the date of the statement when it differs from publication."""
        ordinal = self.said_on_ordinal
        return None if ordinal is None else date.fromordinal(ordinal)

    @property
    def evidence(self) -> EvidenceRecord | None:
        """Return the source sentence and the span of the quote in it."""
        at = self.evidence_at
        return None if at is None else EvidenceRecord._make(at)


class FigureRecord(NamedTuple):
    """A number that matters, with its unit and what it measures."""

    value: float
    high: float | None
    unit: str | None
    label: str
    qualifier: str | None
    per: str | None
    evidence_at: EvidenceTuple | None

    @property
    def evidence(self) -> EvidenceRecord | None:
        """Return the source sentence and the span of the figure in it."""
        at = self.evidence_at
        return None if at is None else EvidenceRecord._make(at)


class BriefingRecord(NamedTuple):
    """One validated briefing, plus what the index derives from it (computed once)."""

    id: str
    title: str
    published: date | datetime
    updated: datetime | None
    source: SourceRecord
    topics: tuple[str, ...]
    summary: str
    developments: tuple[str, ...]
    people: tuple[PersonRecord, ...]
    quotes: tuple[QuoteRecord, ...]
    figures: tuple[FigureRecord, ...]
    published_at: datetime
    changed_at: datetime
    # Folded search words of title, summary, quotes and topics, so an index build (and a
    # start from the cache) never runs the tokenizer again.
    words: tuple[str, ...]

    def person(self, person_id: str | None) -> PersonRecord | None:
        """Return the person with this id, if any."""
        return next((p for p in self.people if p.id == person_id), None)


AnyBriefing = Briefing | BriefingRecord
AnyFigure = Figure | FigureRecord
AnyPerson = Person | PersonRecord
AnyQuote = Quote | QuoteRecord


def _opt(text: str | None) -> str | None:
    return None if text is None else _intern(text)


def _evidence(evidence: Evidence | None, seen: dict[str, str]) -> EvidenceTuple | None:
    if evidence is None:
        return None
    return (seen.setdefault(evidence.sentence, evidence.sentence), evidence.start, evidence.end)


def published_at(published: date | datetime) -> datetime:
    """Return a publication date or time as an aware datetime (dates are midnight UTC)."""
    if isinstance(published, datetime):
        return published
    return datetime.combine(published, time(0, 0), tzinfo=UTC)


def search_words(
    title: str, summary: str, quotes: tuple[str, ...], topics: tuple[str, ...]
) -> tuple[str, ...]:
    """Return the distinct folded words a story is found by."""
    words: set[str] = set()
    for text in (title, summary, *quotes):
        words.update(tokens(text))
    words.update(fold(topic) for topic in topics)
    return tuple(_intern(word) for word in words)


def to_record(briefing: Briefing) -> BriefingRecord:
    """Return the compact record of a validated briefing."""
    sentences: dict[str, str] = {}
    people = tuple(
        PersonRecord(
            _intern(p.id),
            _intern(p.name),
            _opt(p.role),
            tuple(_intern(a) for a in p.aliases),
            _intern(p.kind),
        )
        for p in briefing.people
    )
    quotes = tuple(
        QuoteRecord(
            _opt(q.speaker),
            q.text,
            _intern(q.kind),
            q.context,
            None if q.said_on is None else q.said_on.toordinal(),
            _evidence(q.evidence, sentences),
        )
        for q in briefing.quotes
    )
    figures = tuple(
        FigureRecord(
            f.value,
            f.high,
            _opt(f.unit),
            _intern(f.label),
            _opt(f.qualifier),
            _opt(f.per),
            _evidence(f.evidence, sentences),
        )
        for f in briefing.figures
    )
    topics = tuple(_intern(t) for t in briefing.topics)
    when = published_at(briefing.published)
    changed = max(when, briefing.updated) if briefing.updated else when
    url = str(briefing.source.url) if briefing.source.url else None
    return BriefingRecord(
        _intern(briefing.id),
        briefing.title,
        briefing.published,
        briefing.updated,
        SourceRecord(_intern(briefing.source.name), url),
        topics,
        briefing.summary,
        tuple(briefing.developments),
        people,
        quotes,
        figures,
        when,
        changed,
        search_words(briefing.title, briefing.summary, tuple(q.text for q in quotes), topics),
    )


def as_record(briefing: AnyBriefing) -> BriefingRecord:
    """Return a record for either kind of briefing (records pass through unchanged)."""
    return briefing if isinstance(briefing, BriefingRecord) else to_record(briefing)
