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
from bot.core.text import stems, tokens

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


# Evidence is stored flat in its quote or figure (no nested object: 80 bytes saved on each of
# two million at 100,000 briefings) and wrapped on access. A quote's evidence sentence nearly
# always contains the quote itself, so it is kept as the text before and after the quote.


class QuoteRecord(NamedTuple):
    """Something a person said."""

    speaker: str | None
    text: str
    kind: str
    context: str | None
    said_on_ordinal: int | None
    # The evidence sentence, or only the part before the quote when ``ev_after`` is set.
    ev_sentence: str | None
    ev_start: int
    ev_end: int
    ev_after: str | None

    @property
    def said_on(self) -> date | None:
        """Return the date of the statement when it differs from publication."""
        ordinal = self.said_on_ordinal
        return None if ordinal is None else date.fromordinal(ordinal)

    @property
    def evidence(self) -> EvidenceRecord | None:
        """Return the source sentence and the span of the quote in it."""
        if self.ev_sentence is None:
            return None
        if self.ev_after is None:
            return EvidenceRecord(self.ev_sentence, self.ev_start, self.ev_end)
        sentence = f"{self.ev_sentence}{self.text}{self.ev_after}"
        return EvidenceRecord(sentence, self.ev_start, self.ev_end)


class FigureRecord(NamedTuple):
    """A number that matters, with its unit and what it measures."""

    value: float
    high: float | None
    unit: str | None
    label: str
    qualifier: str | None
    per: str | None
    ev_sentence: str | None
    ev_start: int
    ev_end: int

    @property
    def evidence(self) -> EvidenceRecord | None:
        """Return the source sentence and the span of the figure in it."""
        if self.ev_sentence is None:
            return None
        return EvidenceRecord(self.ev_sentence, self.ev_start, self.ev_end)


class ArticleRecord(NamedTuple):
    """One article of a story."""

    id: str
    title: str
    source: SourceRecord
    published: date | datetime
    added: datetime | None
    summary: str | None

    @property
    def published_at(self) -> datetime:
        """Return the publication time as an aware datetime (dates are midnight UTC)."""
        return published_at(self.published)

    @property
    def seen_at(self) -> datetime:
        """Return when the story learnt of the article (its ingest time, else publication)."""
        return self.added or self.published_at


class DevelopmentRecord(NamedTuple):
    """One dated entry of a story's timeline."""

    on: date | datetime
    text: str
    article: str | None


class StoryRecord(NamedTuple):
    """What a briefing of several articles adds: its articles, timeline and provenance.

    Kept apart from the quote and figure records (aligned with them by position) so that the
    hundreds of thousands of single-article briefings pay one ``None``, not a field per quote.
    """

    articles: tuple[ArticleRecord, ...]
    timeline: tuple[DevelopmentRecord, ...]
    quote_articles: tuple[tuple[str, ...], ...]
    figure_articles: tuple[str | None, ...]

    def article(self, article_id: str | None) -> ArticleRecord | None:
        """Return the article with this id, if any."""
        return next((a for a in self.articles if a.id == article_id), None)


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
    story: StoryRecord | None = None

    def person(self, person_id: str | None) -> PersonRecord | None:
        """Return the person with this id, if any."""
        return next((p for p in self.people if p.id == person_id), None)


AnyBriefing = Briefing | BriefingRecord
AnyFigure = Figure | FigureRecord
AnyPerson = Person | PersonRecord
AnyQuote = Quote | QuoteRecord


def _opt(text: str | None) -> str | None:
    return None if text is None else _intern(text)


def _figure_evidence(
    evidence: Evidence | None, seen: dict[str, str]
) -> tuple[str | None, int, int]:
    if evidence is None:
        return (None, 0, 0)
    # Several figures often come from one sentence: keep one copy of it.
    return (seen.setdefault(evidence.sentence, evidence.sentence), evidence.start, evidence.end)


def _quote_evidence(quote: Quote) -> tuple[str | None, int, int, str | None]:
    evidence = quote.evidence
    if evidence is None:
        return (None, 0, 0, None)
    start, end, sentence = evidence.start, evidence.end, evidence.sentence
    if sentence[start:end] == quote.text:
        return (_intern(sentence[:start]), start, end, _intern(sentence[end:]))
    return (sentence, start, end, None)


def published_at(published: date | datetime) -> datetime:
    """Return a publication date or time as an aware datetime (dates are midnight UTC)."""
    if isinstance(published, datetime):
        return published
    return datetime.combine(published, time(0, 0), tzinfo=UTC)


def search_words(
    title: str, summary: str, quotes: tuple[str, ...], topics: tuple[str, ...]
) -> tuple[str, ...]:
    """Return the distinct folded words a story is found by, and their stems.

    Search looks words up by stem ("troop" finds "troops"); the words themselves stay for
    prefix search (autocomplete), which matches what the user is still typing.
    """
    words: set[str] = set()
    for text in (title, summary, *quotes):
        words.update(tokens(text))
    words.update(fold(topic) for topic in topics)
    words |= stems(list(words))
    return tuple(_intern(word) for word in words)


def _shared(value: float | None, floats: dict[float, float]) -> float | None:
    # 0.0 == -0.0 as dict keys: zeros keep their own object so the sign survives.
    if not value:
        return value
    return floats.setdefault(value, value)


def to_record(
    briefing: Briefing,
    people_seen: dict[PersonRecord, PersonRecord] | None = None,
    floats: dict[float, float] | None = None,
) -> BriefingRecord:
    """Return the compact record of a validated briefing.

    ``people_seen`` (shared over one load) lets stories that describe a person identically
    share one person record; ``floats`` likewise shares equal figure values (and ``marshal``
    then writes one object for them within a cache shard).
    """
    sentences: dict[str, str] = {}
    seen = {} if people_seen is None else people_seen
    numbers = {} if floats is None else floats
    people = tuple(
        seen.setdefault(record, record)
        for record in (
            PersonRecord(
                _intern(p.id),
                _intern(p.name),
                _opt(p.role),
                tuple(_intern(a) for a in p.aliases),
                _intern(p.kind),
            )
            for p in briefing.people
        )
    )
    quotes = tuple(
        QuoteRecord(
            _opt(q.speaker),
            q.text,
            _intern(q.kind),
            q.context,
            None if q.said_on is None else q.said_on.toordinal(),
            *_quote_evidence(q),
        )
        for q in briefing.quotes
    )
    figures = tuple(
        FigureRecord(
            _shared(f.value, numbers),  # type: ignore[arg-type]
            _shared(f.high, numbers),
            _opt(f.unit),
            _intern(f.label),
            _opt(f.qualifier),
            _opt(f.per),
            *_figure_evidence(f.evidence, sentences),
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
        story_record(briefing),
    )


def story_record(briefing: Briefing) -> StoryRecord | None:
    """Return the story part of a briefing, or None for a briefing without articles."""
    if not briefing.articles:
        return None
    articles = tuple(
        ArticleRecord(
            _intern(a.id),
            a.title,
            SourceRecord(_intern(a.source.name), str(a.source.url) if a.source.url else None),
            a.published,
            a.added,
            a.summary,
        )
        for a in briefing.articles
    )
    timeline = tuple(DevelopmentRecord(d.on, d.text, _opt(d.article)) for d in briefing.timeline)
    return StoryRecord(
        articles,
        timeline,
        tuple(tuple(_intern(a) for a in q.articles) for q in briefing.quotes),
        tuple(_opt(f.article) for f in briefing.figures),
    )


def as_record(briefing: AnyBriefing) -> BriefingRecord:
    """Return a record for either kind of briefing (records pass through unchanged)."""
    return briefing if isinstance(briefing, BriefingRecord) else to_record(briefing)
