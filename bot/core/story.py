"""What a story of several articles adds to a reply: what is new since a moment, figure changes.

A story (a briefing whose record has ``story``) knows which article every quote, figure and
timeline entry came from. From that, :func:`new_since` tells a catch-up or a digest what the
articles seen after a moment brought, and :func:`figure_changes` finds the figures that the
articles report differently over time ("about 1,200 → 1,500 casualties per day"), each value
with the date and outlet of the article that gave it. A briefing without articles is a story
of one: :func:`story_of` gives it a one-article story so the same questions have answers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.models import fold
from bot.core.records import (
    AnyBriefing,
    ArticleRecord,
    BriefingRecord,
    DevelopmentRecord,
    FigureRecord,
    QuoteRecord,
    StoryRecord,
    as_record,
    published_at,
)
from bot.core.render import format_date, format_figure, format_number
from bot.core.text import STOPWORDS, stem, tokens
from bot.errors import UsageError

# The longest catch-up window /brief since: accepts (a year; more would only list everything).
MAX_WINDOW = timedelta(days=366)
SINCE_FORMS = "90m, 12h, 2d or 1w (minutes, hours, days, weeks)"
_SPAN = re.compile(r"^\s*(\d{1,6})\s*([a-z]+)\s*$")
_UNIT_WORDS: tuple[tuple[tuple[str, ...], str, timedelta], ...] = (
    (("m", "min", "mins", "minute", "minutes"), "minute", timedelta(minutes=1)),
    (("h", "hr", "hrs", "hour", "hours"), "hour", timedelta(hours=1)),
    (("d", "day", "days"), "day", timedelta(days=1)),
    (("w", "wk", "wks", "week", "weeks"), "week", timedelta(weeks=1)),
)
_UNITS: dict[str, tuple[str, timedelta]] = {
    word: (unit, size) for words, unit, size in _UNIT_WORDS for word in words
}


@dataclass(frozen=True, slots=True)
class Window:
    """A catch-up window such as ``2d``: its length and how to say it ("the last 2 days")."""

    length: timedelta
    phrase: str

    def start(self, now: datetime) -> datetime:
        """Return the moment the window opens, ``now`` minus its length."""
        return now - self.length


def parse_window(text: str) -> Window:
    """Return the window a ``since`` value means: ``90m``, ``12h``, ``2d``, ``1w``.

    Anything else (no number, an unknown unit, zero, more than a year) is a usage error that
    names the accepted forms.
    """
    match = _SPAN.match(text.lower())
    unit = _UNITS.get(match.group(2)) if match else None
    if match is None or unit is None:
        raise UsageError(f"“{text}” is not a time span. Use since: with {SINCE_FORMS}.")
    count = int(match.group(1))
    name, size = unit
    length = size * count
    if count < 1 or length > MAX_WINDOW:
        raise UsageError(
            f"since: must be between 1 minute and 52 weeks, e.g. {SINCE_FORMS}; got “{text}”."
        )
    phrase = name if count == 1 else f"{count} {name}s"
    return Window(length, phrase)


# --- a story's articles ----------------------------------------------------------------------


def story_of(briefing: AnyBriefing) -> StoryRecord:
    """Return a briefing's story; a briefing without articles is a story of one article.

    The one article is the briefing itself (seen when it was last updated, else published);
    its developments are its timeline, dated on publication, and every quote and figure is
    from it.
    """
    record = as_record(briefing)
    if record.story is not None:
        return record.story
    article = ArticleRecord(
        record.id, record.title, record.source, record.published, record.updated, record.summary
    )
    return StoryRecord(
        (article,),
        tuple(DevelopmentRecord(record.published, d, record.id) for d in record.developments),
        tuple((record.id,) for _ in record.quotes),
        tuple(record.id for _ in record.figures),
    )


def in_order(articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    """Return articles in publication order, oldest first (ties by id)."""
    return sorted(articles, key=lambda a: (a.published_at, a.id))


def source_names(articles: Sequence[ArticleRecord]) -> list[str]:
    """Return the distinct outlets of some articles, in the order they first appear."""
    names: dict[str, str] = {}
    for article in articles:
        names.setdefault(fold(article.source.name).strip(), article.source.name)
    return list(names.values())


def coverage(story: StoryRecord) -> str:
    """Return '3 articles from 2 sources' for a story."""
    articles = len(story.articles)
    sources = len(source_names(story.articles))
    return (
        f"{articles} {'article' if articles == 1 else 'articles'} from "
        f"{sources} {'source' if sources == 1 else 'sources'}"
    )


# --- figures that changed --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FigureValue:
    """One value of a changing figure and the article that reported it."""

    figure: FigureRecord
    article: ArticleRecord | None

    @property
    def amount(self) -> str:
        """Return the number as written, a range as '1,200–1,500' (no qualifier or unit)."""
        amount = format_number(self.figure.value)
        if self.figure.high is not None:
            amount = f"{amount}–{format_number(self.figure.high)}"
        return amount

    @property
    def source(self) -> str | None:
        """Return the outlet that reported this value, if known."""
        return self.article.source.name if self.article else None

    @property
    def on(self) -> date | datetime | None:
        """Return when the article that reported this value was published, if known."""
        return self.article.published if self.article else None

    def provenance(self) -> str:
        """Return '1,200: Harbor Gazette, 3 Mar 2026' (what is known of it)."""
        where = ", ".join(
            part
            for part in (self.source, format_date(self.on) if self.on else None)
            if part is not None
        )
        return f"{self.amount}: {where}" if where else self.amount


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A figure the articles of a story report with different values, oldest first.

    ``positions`` are the indexes in the briefing's ``figures`` of every figure of the group
    (the values shown and repeats of them).
    """

    values: tuple[FigureValue, ...]
    positions: tuple[int, ...]

    @property
    def latest(self) -> FigureValue:
        """Return the most recent value."""
        return self.values[-1]

    @property
    def shown(self) -> FigureRecord:
        """Return the value whose unit and label name the measure: the latest with a unit."""
        named = [v.figure for v in self.values if _unit(v.figure)]
        return named[-1] if named else self.latest.figure

    @property
    def label(self) -> str:
        """Return what the figure measures, as the latest article with a unit words it."""
        return self.shown.label

    @property
    def text(self) -> str:
        """Return the change as one phrase: 'about 1,200 → 1,500 casualties per day'."""
        latest = self.shown
        full = format_figure(latest)
        bare = _bare(latest)
        tail = full[len(bare) :] if full.startswith(bare) else ""
        sticky = "%" if tail.startswith("%") else ""  # '80% → 85%', not '80 → 85%'
        tail = tail[len(sticky) :]
        steps = [_bare(v.figure) + sticky for v in self.values]
        return " → ".join(steps) + tail

    @property
    def note(self) -> str:
        """Return where each value came from: '1,200: Harbor Gazette, 3 Mar 2026 · 1,500: …'."""
        return " · ".join(value.provenance() for value in self.values)


def _bare(figure: FigureRecord) -> str:
    """Return a figure's qualifier and amount alone: 'about 1,200'."""
    return format_figure(figure._replace(unit=None, per=None))


# Two values of one measure rarely differ by more than this factor; beyond it they are
# taken for two measures that share a unit ("8,000 troops", "200 troops killed").
_MAX_CHANGE_FACTOR = 10.0


def _rate(figure: FigureRecord) -> str:
    return (figure.per or "").strip().lower()


def _unit(figure: FigureRecord) -> str:
    """Return the figure's unit as a stem ('' for none, or for a bare rate: '1,500 a day')."""
    unit = " ".join(stem(w) for w in tokens(figure.unit or ""))
    return "" if unit in {"", f"per {stem(_rate(figure))}"} else unit


def _label_words(figure: FigureRecord) -> set[str]:
    """Return the stems of what a label says beyond the unit and the rate."""
    left_out = set(_unit(figure).split()) | {"per", stem(_rate(figure))}
    return {stem(w) for w in tokens(figure.label) if w not in STOPWORDS} - left_out


@dataclass(frozen=True, slots=True)
class _Reported:
    """One figure of a story with the article that reported it."""

    position: int
    figure: FigureRecord
    article: ArticleRecord | None
    rank: int  # the article's place in publication order (-1: unknown)
    alone: bool  # the only figure of its article with this unit and rate
    alone_at_rate: bool  # the only figure of its article with this rate, whatever the unit
    rate: str
    unit: str
    words: frozenset[str]  # what the label says beyond unit and rate


def _same_measure(a: _Reported, b: _Reported) -> bool:
    """Return whether two reported figures are one measure at two moments (precision first).

    Two values from one article are one measure only under the very same label and unit.
    Across articles the rate must agree and the values be within a factor of 10; then the
    same unit with a shared label word, the same unit for the only such figure in both
    articles, or a bare rate ("1,500 a day") for the only figure with that rate in both
    articles. Different units are never one measure.
    """
    first, second = a.figure, b.figure
    if a.rate != b.rate:
        return False
    if a.article == b.article:
        return (first.unit or "").lower() == (second.unit or "").lower() and fold(
            first.label
        ).split() == fold(second.label).split()
    low, high = sorted((abs(first.value), abs(second.value)))
    if low == 0 or high / low > _MAX_CHANGE_FACTOR:
        return False
    if a.unit and b.unit:
        return a.unit == b.unit and (bool(a.words & b.words) or (a.alone and b.alone))
    if a.unit or b.unit:
        return bool(a.rate) and a.alone_at_rate and b.alone_at_rate
    return bool(a.words & b.words)


def _reported(record: BriefingRecord, story: StoryRecord) -> list[_Reported]:
    """Return the story's figures with their articles, each knowing if it is alone of its kind."""
    order = {a.id: n for n, a in enumerate(in_order(story.articles))}
    found: list[tuple[int, FigureRecord, ArticleRecord | None]] = []
    for n, figure in enumerate(record.figures):
        article_id = story.figure_articles[n] if n < len(story.figure_articles) else None
        found.append((n, figure, story.article(article_id)))
    kinds: Counter[tuple[str | None, str, str]] = Counter()
    rates: Counter[tuple[str | None, str]] = Counter()
    for _, figure, article in found:
        where = article.id if article else None
        kinds[(where, _unit(figure), _rate(figure))] += 1
        rates[(where, _rate(figure))] += 1
    reported = []
    for n, figure, article in found:
        where = article.id if article else None
        reported.append(
            _Reported(
                n,
                figure,
                article,
                order.get(where, -1) if where else -1,
                kinds[(where, _unit(figure), _rate(figure))] == 1,
                rates[(where, _rate(figure))] == 1,
                _rate(figure),
                _unit(figure),
                frozenset(_label_words(figure)),
            )
        )
    return reported


def figure_changes(briefing: AnyBriefing) -> list[FigureChange]:
    """Return the figures whose value changed from article to article, in story order.

    A figure joins the first group holding a figure of the same measure (see
    :func:`_same_measure`); groups are ordered by the publication of their articles, and a
    group with more than one distinct value is a change. A value repeated right after itself
    is shown once. A briefing without articles has none.
    """
    record = as_record(briefing)
    story = record.story
    if story is None:
        return []
    groups: list[list[_Reported]] = []
    by_rate: dict[str, list[list[_Reported]]] = {}  # only figures of one rate can be one measure
    for item in _reported(record, story):
        candidates = by_rate.setdefault(item.rate, [])
        group = next((g for g in candidates if any(_same_measure(item, m) for m in g)), None)
        if group is None:
            group = [item]
            groups.append(group)
            candidates.append(group)
        else:
            group.append(item)
    changes: list[FigureChange] = []
    for members in groups:
        if len({(m.figure.value, m.figure.high) for m in members}) < 2:
            continue
        values: list[FigureValue] = []
        for member in sorted(members, key=lambda m: (m.rank, m.position)):
            figure = member.figure
            if values and (values[-1].figure.value, values[-1].figure.high) == (
                figure.value,
                figure.high,
            ):
                continue
            values.append(FigureValue(figure, member.article))
        changes.append(FigureChange(tuple(values), tuple(m.position for m in members)))
    changes.sort(key=lambda c: min(c.positions))
    return changes


# --- what is new since a moment --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StoryNews:
    """What the articles a story learnt of after ``since`` brought to it."""

    since: datetime
    articles: tuple[ArticleRecord, ...]
    developments: tuple[DevelopmentRecord, ...]
    quotes: tuple[QuoteRecord, ...]
    figure_changes: tuple[FigureChange, ...]
    sources: int

    @property
    def empty(self) -> bool:
        """Return True when no article is new."""
        return not self.articles

    def counts(self) -> str:
        """Return '2 new articles · 3 sources in all'."""
        new = len(self.articles)
        return (
            f"{new} new {'article' if new == 1 else 'articles'} · "
            f"{self.sources} {'source' if self.sources == 1 else 'sources'} in all"
        )


def new_since(briefing: AnyBriefing, since: datetime) -> StoryNews:
    """Return what is new in a story since ``since``.

    New articles are those seen (added by ingest, else published) after ``since``; their
    timeline entries are the new developments (an entry of no known article is new when it is
    dated after ``since``); a quote is new when the earliest article that reported it is new;
    a figure change is news when one of its values comes from a new article.
    """
    record = as_record(briefing)
    story = story_of(record)
    articles = tuple(a for a in in_order(story.articles) if a.seen_at > since)
    new = {a.id for a in articles}
    developments = tuple(
        d
        for d in sorted(story.timeline, key=lambda d: published_at(d.on))
        if (d.article in new if d.article is not None else published_at(d.on) > since)
    )
    quotes = []
    for n, quote in enumerate(record.quotes):
        ids = story.quote_articles[n] if n < len(story.quote_articles) else ()
        reported = [a for a in (story.article(i) for i in ids) if a is not None]
        if reported and in_order(reported)[0].id in new:
            quotes.append(quote)
    changes = tuple(
        change
        for change in figure_changes(record)
        if any(v.article is not None and v.article.id in new for v in change.values)
    )
    return StoryNews(
        since,
        articles,
        developments,
        tuple(quotes),
        changes,
        len(source_names(story.articles)),
    )


def development_line(development: DevelopmentRecord) -> str:
    """Return a timeline entry as '3 Mar 2026 — text'."""
    return f"{format_date(development.on)} — {development.text}"


def latest_timeline(story: StoryRecord, limit: int) -> list[DevelopmentRecord]:
    """Return the ``limit`` latest timeline entries, oldest first."""
    ordered = sorted(story.timeline, key=lambda d: published_at(d.on))
    return ordered[-limit:] if limit > 0 else []


def is_story(briefing: AnyBriefing) -> bool:
    """Return True for a briefing of several articles (one whose record has ``story``)."""
    if isinstance(briefing, BriefingRecord):
        return briefing.story is not None
    return bool(briefing.articles)
