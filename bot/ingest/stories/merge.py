"""Story briefings: fold an article's briefing into its story, take one out, merge two.

A story is a briefing with ``articles``: every quote lists the articles that reported it,
every figure and timeline entry names its article. A briefing without articles is a story of
one and becomes a full story (:func:`as_story`) the moment a second article joins it. People
are one per name across the story; the same quote from several outlets is one quote with
several articles; a figure reported again with the same value is kept once, one with a new
value is kept beside the old one (``/figures`` shows the change); the headline and summary
are rebuilt from all the articles each time (:mod:`bot.ingest.stories.summary`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from bot.core.models import (
    Briefing,
    Development,
    Figure,
    Person,
    Quote,
    StoryArticle,
    fold,
)
from bot.core.records import published_at
from bot.ingest.stories.features import content_words
from bot.ingest.stories.summary import first_sentence, story_headline, story_summary

MAX_TOPICS = 8
MAX_DEVELOPMENTS = 6
_SAME_DEVELOPMENT = 0.6
_NON_WORD = re.compile(r"\W+")


def as_story(
    briefing: Briefing, added: datetime | None = None, article_id: str | None = None
) -> Briefing:
    """Return a briefing as a story whose one article is the briefing itself.

    The article's id is ``article_id``, by default the briefing's own.
    """
    if briefing.articles:
        return briefing
    own = article_id or briefing.id
    article = StoryArticle(
        id=own,
        title=briefing.title,
        source=briefing.source,
        published=briefing.published,
        added=added,
        summary=briefing.summary,
    )
    return briefing.model_copy(
        update={
            "articles": [article],
            "quotes": [q.model_copy(update={"articles": [own]}) for q in briefing.quotes],
            "figures": [f.model_copy(update={"article": own}) for f in briefing.figures],
            "timeline": [
                Development(on=briefing.published, text=d, article=own)
                for d in _developments(briefing)
            ],
        }
    )


def merge_article(story: Briefing, article: Briefing, added: datetime | None = None) -> Briefing:
    """Return the story with one article's briefing folded in (replacing an earlier version)."""
    story = as_story(story)
    previous = next((a for a in story.articles if a.id == article.id), None)
    if previous is not None:
        if _same_report(story, article):
            return story
        added = previous.added or added
        remaining = remove_article(story, article.id)
        if remaining is None:  # the article was the whole story: it is the story again
            alone = article.model_copy(update={"id": story.id})
            return as_story(alone, added, article.id)
        story = remaining
    people, ids = _merge_people(story.people, article.people)
    entry = StoryArticle(
        id=article.id,
        title=article.title,
        source=article.source,
        published=article.published,
        added=added,
        summary=article.summary,
    )
    articles = sorted([*story.articles, entry], key=lambda a: (a.published_at, a.id))
    quotes = list(story.quotes)
    for quote in article.quotes:
        speaker = ids.get(quote.speaker) if quote.speaker else None
        _add_quote(quotes, quote.model_copy(update={"speaker": speaker}), article.id)
    figures = list(story.figures)
    seen = {_figure_key(f) for f in figures}
    for figure in article.figures:
        if _figure_key(figure) not in seen:
            seen.add(_figure_key(figure))
            figures.append(figure.model_copy(update={"article": article.id}))
    timeline = list(story.timeline)
    for text in _developments(article):
        if not any(_same_development(text, d.text) for d in timeline):
            timeline.append(Development(on=article.published, text=text, article=article.id))
    topics = list(dict.fromkeys([*story.topics, *article.topics]))[:MAX_TOPICS]
    return _rebuilt(
        story,
        articles=articles,
        people=people,
        quotes=quotes,
        figures=figures,
        timeline=timeline,
        topics=topics,
    )


def remove_article(story: Briefing, article_id: str) -> Briefing | None:
    """Return the story without one article's contribution (None when nothing is left)."""
    articles = [a for a in story.articles if a.id != article_id]
    if not articles:
        return None
    quotes = []
    for quote in story.quotes:
        sources = [a for a in quote.articles if a != article_id]
        if sources:
            quotes.append(quote.model_copy(update={"articles": sources}))
    speakers = {q.speaker for q in quotes}
    return _rebuilt(
        story,
        articles=articles,
        people=[p for p in story.people if p.id in speakers],
        quotes=quotes,
        figures=[f for f in story.figures if f.article != article_id],
        timeline=[d for d in story.timeline if d.article != article_id],
        topics=list(story.topics),
    )


def contribution(story: Briefing, article_id: str) -> Briefing:
    """Return one article of a story as a briefing of its own (for a split or a merge)."""
    story = as_story(story)
    entry = next(a for a in story.articles if a.id == article_id)
    quotes = [
        q.model_copy(update={"articles": []}) for q in story.quotes if article_id in q.articles
    ]
    speakers = {q.speaker for q in quotes}
    developments = [d.text for d in story.timeline if d.article == article_id]
    return Briefing(
        id=article_id,
        title=entry.title,
        published=entry.published,
        source=entry.source,
        topics=list(story.topics),
        summary=entry.summary or entry.title,
        developments=developments,
        people=[p for p in story.people if p.id in speakers],
        quotes=quotes,
        figures=[
            f.model_copy(update={"article": None}) for f in story.figures if f.article == article_id
        ],
    )


def merge_stories(into: Briefing, other: Briefing) -> Briefing:
    """Return ``into`` with every article of ``other`` folded in."""
    other = as_story(other)
    merged = into
    for entry in other.articles:
        merged = merge_article(merged, contribution(other, entry.id), entry.added)
    return merged.model_copy(update={"merge_into": None})


# --- helpers ---------------------------------------------------------------------------------


def _developments(briefing: Briefing) -> list[str]:
    """Return an article's developments; a short one without any gives its lead sentence."""
    if briefing.developments:
        return list(briefing.developments)
    lead = first_sentence(briefing.summary)
    return [lead] if lead else []


def _same_report(story: Briefing, article: Briefing) -> bool:
    """Return whether an article says what the story already has from it."""
    known = contribution(story, article.id)
    return (
        known.title == article.title
        and known.summary == article.summary
        and {q.text for q in known.quotes} == {q.text for q in article.quotes}
        # A figure another outlet reported first is kept once, under that outlet.
        and {_figure_key(f) for f in article.figures} <= {_figure_key(f) for f in story.figures}
    )


def _rebuilt(
    story: Briefing,
    *,
    articles: list[StoryArticle],
    people: list[Person],
    quotes: list[Quote],
    figures: list[Figure],
    timeline: list[Development],
    topics: list[str],
) -> Briefing:
    """Return the story with new parts and the headline, summary and dates made from them."""
    timeline = sorted(timeline, key=lambda d: published_at(d.on))
    first = articles[0]
    return story.model_copy(
        update={
            "articles": articles,
            "people": people,
            "quotes": quotes,
            "figures": figures,
            "timeline": timeline,
            "topics": topics,
            "title": story_headline(articles),
            "summary": story_summary(articles) or story.summary,
            "developments": [d.text for d in reversed(timeline)][:MAX_DEVELOPMENTS],
            "published": first.published,
            "source": first.source,
        }
    )


def _merge_people(
    people: Iterable[Person], incoming: Iterable[Person]
) -> tuple[list[Person], dict[str, str]]:
    """Return the story's people with the article's added, and article id -> story id."""
    merged = list(people)
    by_name = {fold(p.name): n for n, p in enumerate(merged)}
    taken = {p.id for p in merged}
    ids: dict[str, str] = {}
    for person in incoming:
        known = by_name.get(fold(person.name))
        if known is not None:
            current = merged[known]
            aliases = list(dict.fromkeys([*current.aliases, *person.aliases]))
            merged[known] = current.model_copy(
                update={"aliases": aliases, "role": current.role or person.role}
            )
            ids[person.id] = current.id
            continue
        new_id, n = person.id, 2
        while new_id in taken:
            new_id, n = f"{person.id[:120]}-{n}", n + 1
        taken.add(new_id)
        by_name[fold(person.name)] = len(merged)
        merged.append(person.model_copy(update={"id": new_id}))
        ids[person.id] = new_id
    return merged, ids


def _quote_key(text: str) -> str:
    return _NON_WORD.sub(" ", fold(text)).strip()


def _add_quote(quotes: list[Quote], quote: Quote, article_id: str) -> None:
    """Add a quote, or the article to the same quote already reported by another outlet."""
    key = _quote_key(quote.text)
    for n, known in enumerate(quotes):
        other = _quote_key(known.text)
        same = key == other or (min(len(key), len(other)) >= 40 and (key in other or other in key))
        speakers_agree = not quote.speaker or not known.speaker or quote.speaker == known.speaker
        if same and speakers_agree:
            update: dict[str, object] = {"articles": [*known.articles, article_id]}
            if known.speaker is None and quote.speaker is not None:
                update |= {"speaker": quote.speaker, "attribution": quote.attribution}
            quotes[n] = known.model_copy(update=update)
            return
    quotes.append(quote.model_copy(update={"articles": [article_id]}))


def _figure_key(figure: Figure) -> tuple[float, float | None, str | None, str | None]:
    return (figure.value, figure.high, figure.unit, figure.per)


def _same_development(a: str, b: str) -> bool:
    first, second = set(content_words(a)), set(content_words(b))
    if not first or not second:
        return fold(a) == fold(b)
    return len(first & second) / len(first | second) >= _SAME_DEVELOPMENT
