"""Online story clustering: each new article joins the most similar open story or starts one.

An open story keeps a profile: the sum of its articles' word vectors (cut to the heaviest
words), the names they mention, and when its first and last articles were published. A new
article is compared only with open stories that share one of its heaviest words (an inverted
index), by the cosine of the word vectors plus a small bonus for shared names; it joins the
best story at or above the threshold, else it starts a story of its own. Ties go to the
story with the smaller id, so the same articles in the same order always give the same stories.

A story closes when the stream has moved on past its quiet period (measured in publication
time, not wall-clock time, so a re-run gives the same answer): its profile is dropped, which
keeps memory proportional to the open stories and stops a later event with the same names
(next month's council vote) from joining it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.ingest.stories.features import ArticleFeatures, Vocabulary, unit_vector

THRESHOLD = 0.25
# An outlet's own follow-up needs this much more: its articles share the outlet's wording.
SAME_OUTLET_MARGIN = 0.1
MIN_SHARED_TEXT_WORDS = 2
NAME_BONUS = 0.04
MAX_NAME_BONUS = 0.12
PROFILE_TERMS = 120
MAX_CANDIDATES = 24
QUIET = timedelta(days=4)
VOCABULARY_LIMIT = 200_000


@dataclass(slots=True)
class StoryProfile:
    """What the clusterer remembers of one open story."""

    id: str
    first: datetime
    last: datetime
    weights: dict[str, float]
    names: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    articles: int = 0
    unit: dict[str, float] = field(default_factory=dict)

    def add(self, article: ArticleFeatures, published: datetime) -> None:
        """Fold one article into the profile."""
        weights = self.weights
        for word, weight in article.terms.items():
            weights[word] = weights.get(word, 0.0) + weight
        if len(weights) > PROFILE_TERMS * 2:
            heaviest = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
            self.weights = dict(heaviest[:PROFILE_TERMS])
        self.unit = unit_vector(self.weights, PROFILE_TERMS)
        self.names |= article.names
        if article.source:
            self.sources.add(article.source)
        self.articles += 1
        self.first = min(self.first, published)
        self.last = max(self.last, published)


@dataclass(frozen=True, slots=True)
class Match:
    """The clusterer's decision for one article."""

    story_id: str
    score: float  # 0 when the article starts a new story


class StoryClusterer:
    """Assigns articles to stories, one at a time, deterministically."""

    def __init__(
        self,
        *,
        threshold: float = THRESHOLD,
        quiet: timedelta = QUIET,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.threshold = threshold
        self.quiet = quiet
        self.vocabulary = vocabulary or Vocabulary()
        self.stories: dict[str, StoryProfile] = {}
        self._postings: dict[str, set[str]] = {}
        self.now: datetime | None = None  # the latest publication time seen
        self._next_sweep: datetime | None = None

    # --- deciding ----------------------------------------------------------------------------

    def best(self, article: ArticleFeatures, published: datetime) -> Match | None:
        """Return the best open story for an article, if one reaches the threshold."""
        best: tuple[float, str] | None = None
        for story_id in self._candidates(article):
            story = self.stories[story_id]
            if published > story.last + self.quiet or published < story.first - self.quiet:
                continue
            needed = self.threshold
            if article.source and article.source in story.sources:
                needed += SAME_OUTLET_MARGIN
            score = self.similarity(article, story)
            if score >= needed and (best is None or score > best[0]):
                best = (score, story_id)
        return None if best is None else Match(best[1], best[0])

    @staticmethod
    def similarity(article: ArticleFeatures, story: StoryProfile) -> float:
        """Return the cosine of the word vectors plus the bonus for shared names.

        An article whose text (its title left out) shares fewer than two words with the story
        scores 0: generic headlines ("Live updates", "What we know") alone make no match.
        """
        unit = story.unit
        if sum(1 for word in article.body if word in unit) < MIN_SHARED_TEXT_WORDS:
            return 0.0
        cosine = sum(w * unit.get(word, 0.0) for word, w in article.terms.items())
        shared = len(article.names & story.names)
        return cosine + min(MAX_NAME_BONUS, NAME_BONUS * shared) if cosine > 0 else 0.0

    def _candidates(self, article: ArticleFeatures) -> list[str]:
        """Return the open stories sharing the most weight of the article's words (at most 24).

        Every word of the article is looked up (its heaviest words are often the ones no
        story has used yet), and only the 24 stories sharing the most weight are compared, so
        an article is scored against a few stories however many are open.
        """
        hits: dict[str, float] = {}
        for word, weight in article.terms.items():
            for story_id in self._postings.get(word, ()):
                hits[story_id] = hits.get(story_id, 0.0) + weight
        ranked = sorted(hits.items(), key=lambda item: (-item[1], item[0]))
        return sorted(story_id for story_id, _ in ranked[:MAX_CANDIDATES])

    # --- recording ---------------------------------------------------------------------------

    def assign(self, article_id: str, article: ArticleFeatures, published: datetime) -> Match:
        """Decide an article's story and record it there."""
        match = self.best(article, published) or Match(article_id, 0.0)
        self.add(match.story_id, article, published)
        return match

    def add(self, story_id: str, article: ArticleFeatures, published: datetime) -> None:
        """Record an article in a story (opening it when new) and close stale stories."""
        story = self.stories.get(story_id)
        if story is None:
            story = self.stories[story_id] = StoryProfile(story_id, published, published, {})
        before = set(story.unit)
        story.add(article, published)
        after = set(story.unit)
        for word in after - before:
            self._postings.setdefault(word, set()).add(story_id)
        self._unpost(story_id, before - after)
        self.now = published if self.now is None else max(self.now, published)
        if self._next_sweep is None or self.now >= self._next_sweep:
            # Sweeping visits every open story: once per eighth of the quiet period is enough.
            self.close_stale()
            self._next_sweep = self.now + self.quiet / 8

    def merge(self, source_id: str, target_id: str) -> None:
        """Fold one open story's profile into another's (an operator merged them)."""
        source = self.stories.get(source_id)
        target = self.stories.get(target_id)
        self.forget(source_id)
        if source is None or target is None:
            return
        before = set(target.unit)
        for word, weight in source.weights.items():
            target.weights[word] = target.weights.get(word, 0.0) + weight
        target.add(ArticleFeatures({}, frozenset(source.names)), source.last)
        target.sources |= source.sources
        target.articles += source.articles - 1
        target.first = min(target.first, source.first)
        for word in set(target.unit) - before:
            self._postings.setdefault(word, set()).add(target_id)
        self._unpost(target_id, before - set(target.unit))

    def split(
        self, story_id: str, new_id: str, article: ArticleFeatures, published: datetime
    ) -> None:
        """Move an article's words out of a story into a story of its own (an operator split).

        The words are taken out as the article reads now, so what the story keeps of them is
        an approximation; the new story is open, and later articles on its event can join it.
        """
        story = self.stories.get(story_id)
        if story is not None:
            before = set(story.unit)
            for word, weight in article.terms.items():
                left = story.weights.get(word, 0.0) - weight
                if left > 1e-9:
                    story.weights[word] = left
                else:
                    story.weights.pop(word, None)
            story.unit = unit_vector(story.weights, PROFILE_TERMS)
            story.articles = max(1, story.articles - 1)
            after = set(story.unit)
            for word in after - before:
                self._postings.setdefault(word, set()).add(story_id)
            self._unpost(story_id, before - after)
        self.add(new_id, article, published)

    def forget(self, story_id: str) -> None:
        """Drop a story's profile (it was merged away or closed)."""
        story = self.stories.pop(story_id, None)
        if story is not None:
            self._unpost(story_id, story.unit)

    def _unpost(self, story_id: str, words: Iterable[str]) -> None:
        for word in words:
            ids = self._postings.get(word)
            if ids is not None:
                ids.discard(story_id)
                if not ids:
                    del self._postings[word]

    def close_stale(self) -> list[str]:
        """Close every story whose last article is older than the quiet period; return them."""
        if self.now is None:
            return []
        horizon = self.now - self.quiet
        stale = [sid for sid, story in self.stories.items() if story.last < horizon]
        for story_id in stale:
            self.forget(story_id)
        self.vocabulary.prune(VOCABULARY_LIMIT)
        return stale

    # --- persistence -------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """Return the state as JSON-able data."""
        return {
            "version": 1,
            "now": self.now.isoformat() if self.now else None,
            "documents": self.vocabulary.documents,
            "df": self.vocabulary.df,
            "stories": [
                {
                    "id": s.id,
                    "first": s.first.isoformat(),
                    "last": s.last.isoformat(),
                    "weights": s.weights,
                    "names": sorted(s.names),
                    "sources": sorted(s.sources),
                    "articles": s.articles,
                }
                for s in sorted(self.stories.values(), key=lambda s: s.id)
            ],
        }

    @classmethod
    def from_json(
        cls, data: dict[str, Any], *, threshold: float = THRESHOLD, quiet: timedelta = QUIET
    ) -> StoryClusterer:
        """Return a clusterer restored from :meth:`to_json` data (raises on malformed data)."""
        vocabulary = Vocabulary(int(data["documents"]), data["df"])
        clusterer = cls(threshold=threshold, quiet=quiet, vocabulary=vocabulary)
        clusterer.now = datetime.fromisoformat(data["now"]) if data.get("now") else None
        for raw in data["stories"]:
            story = StoryProfile(
                str(raw["id"]),
                datetime.fromisoformat(raw["first"]),
                datetime.fromisoformat(raw["last"]),
                {str(k): float(v) for k, v in raw["weights"].items()},
                set(raw["names"]),
                set(raw["sources"]),
                int(raw["articles"]),
            )
            story.unit = unit_vector(story.weights, PROFILE_TERMS)
            clusterer.stories[story.id] = story
            for word in story.unit:
                clusterer._postings.setdefault(word, set()).add(story.id)
        return clusterer
