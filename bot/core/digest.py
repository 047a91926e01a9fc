"""Compose a digest: the stories new since a moment, filtered by topics, as one reply.

The same function serves scheduled digests, ``/digest`` previews and ``briefbot digest``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.index import Index
from bot.core.models import fold
from bot.core.records import AnyBriefing, AnyQuote, BriefingRecord
from bot.core.render import first_sentence, format_date, format_figure, source_url
from bot.core.reply import Line, Reply, Section, Span, plain

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
    quotes: list[AnyQuote] = list(briefing.quotes)
    candidates = [(n, q) for n, q in enumerate(quotes) if q.kind == "direct" and q.speaker] or [
        (n, q) for n, q in enumerate(quotes) if q.speaker
    ]
    if not candidates:
        return None
    # Longest (up to 300 characters) wins; among equals, the earliest in the story.
    return max(candidates, key=lambda item: (min(len(item[1].text), 300), -item[0]))[1]


def story_section(briefing: AnyBriefing) -> Section:
    """Return a story as one digest section: title, one-liner, developments, quote, figures."""
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
        sections=tuple(story_section(b) for b in stories),
        footer="briefbot digest",
    )
