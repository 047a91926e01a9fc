"""Compose a digest: the stories new since a moment, filtered by topics, as one reply.

A story of several articles says what its articles seen since that moment brought (how many,
the new developments, the figures they changed) rather than repeating how it began.

The same function serves scheduled digests, ``/digest`` previews and ``briefbot digest``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.index import Index
from bot.core.models import fold
from bot.core.records import AnyBriefing, AnyQuote, BriefingRecord, as_record
from bot.core.render import first_sentence, format_date, format_figure, source_url
from bot.core.reply import Line, Reply, Section, Span, plain
from bot.core.story import (
    StoryNews,
    development_line,
    figure_changes,
    is_story,
    new_since,
    source_names,
)

MAX_DEVELOPMENTS = 3
MAX_FIGURES = 3


def select_stories(
    index: Index, since: datetime | None, topics: Sequence[str] = (), until: datetime | None = None
) -> list[BriefingRecord]:
    """Return stories changed after ``since`` (and not after ``until``) matching any topic."""
    wanted = {fold(t).strip() for t in topics if t.strip()}
    chosen = []
    for briefing in index.stories:
        changed = briefing.changed_at
        if since is not None and changed <= since:
            break  # stories are newest-changed first: every later one is older still
        if until is not None and changed > until:
            continue
        if wanted and not _matches(briefing, wanted):
            continue
        chosen.append(briefing)
    return chosen


def _matches(briefing: AnyBriefing, wanted: set[str]) -> bool:
    topics = {fold(t) for t in briefing.topics}
    if topics & wanted:
        return True
    haystack = fold(f"{briefing.title} {briefing.summary}")
    return any(word in haystack for word in wanted)


def strongest_quote(briefing: AnyBriefing) -> AnyQuote | None:
    """Return the quote that best represents a story: a long direct quote by a known speaker."""
    return strongest_quote_of(list(briefing.quotes))


def strongest_quote_of(quotes: Sequence[AnyQuote]) -> AnyQuote | None:
    """Return the strongest of some quotes (see :func:`strongest_quote`), if any has a speaker."""
    candidates = [(n, q) for n, q in enumerate(quotes) if q.kind == "direct" and q.speaker] or [
        (n, q) for n, q in enumerate(quotes) if q.speaker
    ]
    if not candidates:
        return None
    # Longest (up to 300 characters) wins; among equals, the earliest in the story.
    return max(candidates, key=lambda item: (min(len(item[1].text), 300), -item[0]))[1]


def story_section(briefing: AnyBriefing, since: datetime | None = None) -> Section:
    """Return a story as one digest section: title, one-liner, developments, quote, figures.

    With ``since``, a story of several articles says what is new since then instead (see
    :func:`news_section`); a briefing without articles is shown the same either way.
    """
    if since is not None and is_story(briefing):
        news = new_since(briefing, since)
        if not news.empty:
            return news_section(briefing, news)
    heading: Line = (Span(briefing.title, "bold", source_url(briefing)),)
    lines: list[Line] = [plain(first_sentence(briefing.summary))]
    lines.extend(plain(f"• {d}") for d in briefing.developments[:MAX_DEVELOPMENTS])
    if briefing.figures:
        figures = "; ".join(format_figure(f) for f in briefing.figures[:MAX_FIGURES])
        lines.append((Span("Figures: ", "bold"), Span(figures)))
    quote_lines: tuple[Line, ...] = ()
    quote = strongest_quote(briefing)
    if quote is not None:
        person = briefing.person(quote.speaker)
        who = person.name if person else "Unknown speaker"
        quote_lines = ((Span(f"“{first_sentence(quote.text, 300)}”"), Span(f" — {who}", "italic")),)
    note = plain(f"{briefing.source.name} · {format_date(briefing.published)}")
    return Section(heading=heading, lines=tuple(lines), quote=quote_lines, note=(note,))


def news_section(briefing: AnyBriefing, news: StoryNews) -> Section:
    """Return a story as what its new articles brought: counts, developments, changes.

    The heading links the newest new article; the bullets are the latest new developments,
    the figures start with the changes the new articles made, then the story's other figures.
    """
    latest = news.articles[-1]
    url = latest.source.url or source_url(briefing)
    heading: Line = (Span(briefing.title, "bold", url),)
    lines: list[Line] = [plain(first_sentence(briefing.summary)), plain(news.counts())]
    lines.extend(plain(f"• {development_line(d)}") for d in news.developments[-MAX_DEVELOPMENTS:])
    record = as_record(briefing)
    changed = {n for change in figure_changes(record) for n in change.positions}
    figures = [change.text for change in news.figure_changes]
    figures += [format_figure(f) for n, f in enumerate(record.figures) if n not in changed]
    if figures:
        lines.append((Span("Figures: ", "bold"), Span("; ".join(figures[:MAX_FIGURES]))))
    quote_lines: tuple[Line, ...] = ()
    # The strongest new direct quote; else the story's strongest (direct before reported).
    new_direct = [q for q in news.quotes if q.kind == "direct"]
    quote = strongest_quote_of(new_direct) or strongest_quote(briefing)
    if quote is not None:
        person = briefing.person(quote.speaker)
        who = person.name if person else "Unknown speaker"
        quote_lines = ((Span(f"“{first_sentence(quote.text, 300)}”"), Span(f" — {who}", "italic")),)
    outlets = ", ".join(source_names(news.articles))
    note = plain(f"{outlets} · {format_date(latest.published)}")
    return Section(heading=heading, lines=tuple(lines), quote=quote_lines, note=(note,))


def compose_digest(
    index: Index,
    *,
    since: datetime | None,
    now: datetime,
    topics: Sequence[str] = (),
    title: str | None = None,
) -> Reply:
    """Return the digest of stories new since ``since`` (all stories when None)."""
    stories = select_stories(index, since, topics, until=now)
    heading = title or f"Briefing digest — {format_date(now)}"
    scope = f" on {', '.join(topics)}" if topics else ""
    if not stories:
        when = f" since {format_date(since)}" if since else ""
        return Reply(heading, intro=(plain(f"Nothing new{scope}{when}."),), status="empty")
    count = f"{len(stories)} new {'story' if len(stories) == 1 else 'stories'}{scope}"
    return Reply(
        heading,
        intro=(plain(count),),
        sections=tuple(story_section(b, since) for b in stories),
        footer="briefbot digest",
    )
