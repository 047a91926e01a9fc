"""The story desk: decides which story an ingested article belongs to and keeps that memory.

The ingest service asks :meth:`StoryDesk.decide` before it writes an article, and calls
:meth:`StoryDesk.commit` once the story file is on disk, so a failed write teaches the
clusterer nothing. The clusterer's state (open stories and word statistics) is a JSON file
beside the ingest index (or a document of the shared library), written after every change and
re-read when another process (``briefbot ingest`` beside the running bot, another replica)
changed it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import orjson

from bot.core.models import Briefing
from bot.core.records import published_at
from bot.ingest.stories.cluster import StoryClusterer
from bot.ingest.stories.features import (
    ArticleFeatures,
    article_names,
    article_source,
    features,
)
from bot.library.shelf import Shelf

log = logging.getLogger(__name__)

STATE_NAME = "stories-state.json"


@dataclass(frozen=True, slots=True)
class Decision:
    """Where an article goes: an existing story (``joined``) or a story of its own."""

    story_id: str
    features: ArticleFeatures
    score: float  # 0 when the article starts a story of its own


class StoryDesk:
    """Clusters articles into stories for one ingest service."""

    def __init__(
        self, state_path: Path, shelf: Shelf, *, threshold: float, quiet: timedelta
    ) -> None:
        self.state_path = state_path
        self.shelf = shelf
        self.threshold = threshold
        self.quiet = quiet
        self._clusterer: StoryClusterer | None = None
        self._stamp: Hashable | None = None

    @property
    def clusterer(self) -> StoryClusterer:
        """Return the clusterer, (re)loading its state when another writer changed it."""
        stamp = self.shelf.stamp(self.state_path)
        if self._clusterer is None or stamp != self._stamp:
            self._clusterer = self._load()
            self._stamp = stamp
        return self._clusterer

    def decide(self, briefing: Briefing, text: str, exists: Callable[[str], bool]) -> Decision:
        """Return the story a new article joins (one whose file ``exists``), or its own."""
        clusterer = self.clusterer
        found = features(
            briefing.title,
            text,
            article_names(briefing),
            clusterer.vocabulary,
            article_source(briefing),
        )
        match = clusterer.best(found, published_at(briefing.published))
        if match is None or match.story_id == briefing.id or not exists(match.story_id):
            return Decision(briefing.id, found, 0.0)
        return Decision(match.story_id, found, match.score)

    def commit(self, decision: Decision, briefing: Briefing) -> None:
        """Record the article in its story and save the state."""
        self.clusterer.add(decision.story_id, decision.features, published_at(briefing.published))
        self._save()

    def close(self, story_id: str) -> None:
        """Take a story out of clustering (its file is full): later articles start a new one."""
        self.clusterer.forget(story_id)
        self._save()

    def merged(self, source_id: str, target_id: str) -> None:
        """Record that an operator merged one story into another."""
        self.clusterer.merge(source_id, target_id)
        self._save()

    def split(self, story_id: str, alone: Briefing) -> None:
        """Record that an operator split an article (now the briefing ``alone``) out of a story.

        Its features come from what the briefing keeps of it: title, summary, developments and
        quotes (the article text itself is not stored).
        """
        clusterer = self.clusterer
        text = "\n\n".join([alone.summary, *alone.developments, *(q.text for q in alone.quotes)])
        found = features(
            alone.title,
            text,
            article_names(alone),
            clusterer.vocabulary,
            article_source(alone),
            learn=False,
        )
        clusterer.split(story_id, alone.id, found, published_at(alone.published))
        self._save()

    def _load(self) -> StoryClusterer:
        try:
            raw = self.shelf.read(self.state_path)
            if raw is not None:
                data = orjson.loads(raw)
                return StoryClusterer.from_json(data, threshold=self.threshold, quiet=self.quiet)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning(
                "starting story clustering afresh: cannot read %s: %s", self.state_path, exc
            )
        return StoryClusterer(threshold=self.threshold, quiet=self.quiet)

    def _save(self) -> None:
        clusterer = self._clusterer
        if clusterer is None:
            return
        self.shelf.write(self.state_path, orjson.dumps(clusterer.to_json()))
        self._stamp = self.shelf.stamp(self.state_path)
