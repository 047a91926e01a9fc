"""The ingest service: source -> article -> briefing -> atomic write, with one outcome per story.

Outcomes are ``created`` (new file), ``updated`` (same id, different content; ``updated`` is
stamped), ``unchanged`` (same content, or the same text already ingested from another source)
and ``failed`` (with a plain reason). Everything is written through a shelf
(:mod:`bot.library.shelf`): on disk, files land in the briefings directory through a temporary
file and ``os.replace``, so the running bot's watcher never sees half a briefing; with a shared
library (PostgreSQL), an article's briefing, index entry and clusterer state are one
transaction that every replica then applies.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal, Protocol

import orjson
import yaml
from pydantic import ValidationError

from bot.core.models import Briefing
from bot.core.ports import Clock, SystemClock
from bot.core.store import BriefingFileError, parse_briefing
from bot.errors import IngestError, new_error_id
from bot.ingest.fetch import Fetcher
from bot.ingest.identity import (
    briefing_fingerprint,
    canonical_key,
    content_hash,
    id_from_content,
    id_from_url,
    legacy_id_from_url,
)
from bot.ingest.sources import (
    Article,
    Feed,
    FeedEntry,
    entry_article,
    read_feed,
    read_file,
    read_url,
)
from bot.ingest.stories.desk import STATE_NAME, Decision, StoryDesk
from bot.ingest.stories.edits import MARKERS, split_articles, split_id
from bot.ingest.stories.merge import contribution, merge_article, merge_stories, remove_article
from bot.library.database import DatabaseShelf
from bot.library.shelf import FileShelf, Shelf
from bot.settings import Settings

log = logging.getLogger(__name__)

Outcome = Literal["created", "updated", "unchanged", "failed"]
OutputFormat = Literal["yaml", "json"]
INDEX_NAME = "ingest-index.json"
EDITS_EVERY_SECONDS = 60.0
RECENT_FILES = 32  # story files kept as loaded, so the next article skips a parse
# libyaml's emitter is about ten times faster than the pure-Python one on a large briefing.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class Extractor(Protocol):
    """Turns plain article text into a briefing (bot.ingest.extract.extract_briefing)."""

    def __call__(
        self,
        text: str,
        *,
        title: str | None = None,
        published: datetime | date | None = None,
        source_name: str | None = None,
        url: str | None = None,
        topics: list[str] | None = None,
        briefing_id: str | None = None,
    ) -> Briefing:
        """Return the briefing for the text."""
        ...


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What happened to one source: outcome, briefing id and file, or the reason it failed."""

    source: str
    outcome: Outcome
    briefing_id: str | None = None
    path: Path | None = None
    reason: str | None = None
    briefing: Briefing | None = None
    error_id: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """Return whether the source could not be ingested."""
        return self.outcome == "failed"


def article_warnings(article: Article, briefing: Briefing) -> tuple[str, ...]:
    """Return what the user should know about metadata the article did not give."""
    warnings = []
    if not article.source_name and not article.url:
        warnings.append(
            f"no source name: the briefing says {briefing.source.name!r}"
            " (give `source:` in the front matter or the push API's `source`)"
        )
    if not article.topics:
        if briefing.topics:
            warnings.append(f"no topics given: derived {', '.join(briefing.topics)} from the text")
        else:
            warnings.append("no topics given and none found in the text (give `topics:`)")
    return tuple(warnings)


def load_extractor() -> Extractor:
    """Return the rule-based extraction engine (imported late: it is a separate package)."""
    from bot.ingest.extract import extract_briefing

    extractor: Extractor = extract_briefing
    return extractor


def dump_briefing(briefing: Briefing, fmt: OutputFormat = "yaml") -> bytes:
    """Return the briefing serialised as a briefing file (defaults left out)."""
    data = briefing.model_dump(mode="json", exclude_defaults=True)
    if fmt == "json":
        return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")


@dataclass(frozen=True, slots=True)
class _IndexLookups:
    """The ingest index's entries by article id and by canonical URL."""

    by_article: dict[str, list[dict[str, str]]]
    by_url: dict[str, list[dict[str, str]]]

    @classmethod
    def of(cls, entries: Iterable[dict[str, str]]) -> _IndexLookups:
        """Return the lookups of these index entries."""
        lookups = cls({}, {})
        for entry in entries:
            lookups.replace(None, entry)
        return lookups

    def replace(self, old: dict[str, str] | None, new: dict[str, str]) -> None:
        """Swap one entry for another (``old`` None: add ``new``)."""
        for entry, change in ((old, self._drop), (new, self._add)):
            if entry is None:
                continue
            if "article" in entry:
                change(self.by_article, entry["article"], entry)
            if entry.get("url"):
                change(self.by_url, canonical_key(entry["url"]), entry)

    @staticmethod
    def _add(table: dict[str, list[dict[str, str]]], key: str, entry: dict[str, str]) -> None:
        table.setdefault(key, []).append(entry)

    @staticmethod
    def _drop(table: dict[str, list[dict[str, str]]], key: str, entry: dict[str, str]) -> None:
        table[key] = [e for e in table.get(key, ()) if e is not entry]


class IngestService:
    """Turns files, URLs, feed entries and pushed payloads into briefing files."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock | None = None,
        extractor: Extractor | None = None,
        fetcher: Fetcher | None = None,
        on_result: Callable[[IngestResult], None] | None = None,
        shelf: Shelf | None = None,
    ) -> None:
        self.settings = settings
        self.shelf = shelf or shelf_for(settings)
        self._on_result = on_result  # e.g. metrics: count every outcome
        self.briefings_dir = settings.briefings_dir
        self.index_path = settings.data_dir / INDEX_NAME
        self.clock = clock or SystemClock()
        self.fetcher = fetcher or Fetcher.from_settings(settings)
        self.desk = (
            StoryDesk(
                settings.data_dir / STATE_NAME,
                self.shelf,
                threshold=settings.story_threshold,
                quiet=timedelta(hours=settings.story_quiet_hours),
            )
            if settings.stories
            else None
        )
        self._extractor = extractor
        self._index: tuple[Hashable | None, dict[str, dict[str, str]]] | None = None
        # The story files written last, as loaded: the next article of a story skips a parse.
        self._recent: OrderedDict[Path, tuple[Hashable, Briefing]] = OrderedDict()
        self._lookups: _IndexLookups | None = None
        self._lock = asyncio.Lock()
        self._edits_seen_ns = 0  # operator edits in files changed after this were applied
        self._edits_due = 0.0  # monotonic time of the next look for operator edits

    @property
    def extractor(self) -> Extractor:
        """Return the extraction engine, loading the default one on first use."""
        if self._extractor is None:
            self._extractor = load_extractor()
        return self._extractor

    async def close(self) -> None:
        """Release the HTTP client and the shelf's connections."""
        await self.fetcher.close()
        await self.shelf.close()

    # --- entry points: each returns a result and never raises for a bad source ---------------

    async def ingest_source(self, source: str, *, write: bool = True) -> IngestResult:
        """Ingest a path or an http(s) URL."""
        if source.startswith(("http://", "https://")):
            return await self.ingest_url(source, write=write)
        if "://" in source:
            return _failed(source, f"{source}: only http and https URLs can be fetched")
        return await self.ingest_file(Path(source), write=write)

    async def ingest_file(self, path: Path, *, write: bool = True) -> IngestResult:
        """Ingest a text, Markdown or HTML file."""
        return await self._guard(
            str(path), self._ingest_article_source(lambda: _read_file_async(path, self), write)
        )

    async def ingest_url(self, url: str, *, write: bool = True) -> IngestResult:
        """Fetch and ingest one web page."""
        return await self._guard(
            url, self._ingest_article_source(lambda: read_url(self.fetcher, url), write)
        )

    async def ingest_article(self, article: Article, *, write: bool = True) -> IngestResult:
        """Ingest an article already in hand (push API)."""

        async def given() -> Article:
            return article

        return await self._guard(article.origin, self._ingest_article_source(given, write))

    async def ingest_briefing(self, briefing: Briefing, *, source: str = "push") -> IngestResult:
        """Store a ready-made (already validated) briefing."""
        return await self._guard(source, self._save(source, briefing, None, None))

    async def ingest_feed(self, url: str, *, write: bool = True) -> list[IngestResult]:
        """Fetch a feed once and ingest every entry in it."""
        try:
            feed = await read_feed(self.fetcher, url)
        except IngestError as exc:
            return [_failed(url, str(exc))]
        return await self.ingest_entries(feed, feed.entries, write=write)

    async def ingest_entries(
        self, feed: Feed, entries: Iterable[FeedEntry], *, write: bool = True
    ) -> list[IngestResult]:
        """Ingest the given entries of a fetched feed, one result each."""
        results = []
        for entry in entries:
            origin = entry.link or f"{feed.url}#{entry.key}"
            results.append(
                await self._guard(
                    origin,
                    self._ingest_article_source(
                        functools.partial(self._read_entry, feed, entry, origin), write
                    ),
                )
            )
        return results

    # --- the pipeline ------------------------------------------------------------------------

    def build_briefing(self, article: Article) -> tuple[Briefing, str]:
        """Return the briefing for an article and its content hash (no file is written)."""
        key = content_hash(article.text)
        briefing_id = article.briefing_id or self._known_id(key) or self._new_id(article, key)
        try:
            briefing = self.extractor(
                article.text,
                title=article.title,
                published=article.published,
                source_name=article.source_name,
                url=article.url,
                topics=list(article.topics) or None,
                briefing_id=briefing_id,
            )
        except ValidationError as exc:
            raise IngestError(
                f"{article.origin}: extraction gave an invalid briefing ({exc.error_count()}"
                " problem(s))"
            ) from None
        except ValueError as exc:
            raise IngestError(f"{article.origin}: cannot extract a briefing ({exc})") from None
        if briefing_id.startswith("story-") and not article.title and not article.url:
            # Nothing named the story before extraction; the headline it produced reads better.
            briefing_id = self._known_id(key) or id_from_content(briefing.title, key)
        if briefing.id != briefing_id:
            briefing = briefing.model_copy(update={"id": briefing_id})
        return briefing, key

    async def _ingest_article_source(self, read: Callable[[], Any], write: bool) -> IngestResult:
        article: Article = await read()
        key = content_hash(article.text)
        duplicate = await asyncio.to_thread(self._duplicate_of, key, article)
        if duplicate is not None and write:
            return duplicate
        briefing, key = await asyncio.to_thread(self.build_briefing, article)
        if self.settings.llm_base_url:
            # Optional: quotes and figures the LLM finds are checked against the text, and any
            # failure of the endpoint leaves the rule-based briefing as it is.
            from bot.ingest.extract.llm import refine_with_llm

            briefing = await refine_with_llm(briefing, article.text, self.settings)
        warnings = article_warnings(article, briefing)
        if not write:
            result = IngestResult(article.origin, "created", briefing.id, briefing=briefing)
        else:
            result = await self._save(article.origin, briefing, key, article.url, article.text)
        return replace(result, warnings=warnings)

    async def _read_entry(self, feed: Feed, entry: FeedEntry, origin: str) -> Article:
        if entry.link is None:
            return entry_article(entry, feed_title=feed.title, origin=origin)
        try:
            article = await read_url(self.fetcher, entry.link)
        except IngestError as exc:
            if not entry.content_html:
                raise
            log.info("using the feed's own text for %s: %s", entry.link, exc)
            return entry_article(entry, feed_title=feed.title, origin=origin)
        return replace(
            article,
            title=article.title or entry.title,
            published=article.published or entry.published,
            source_name=article.source_name or feed.title,
        )

    async def _save(
        self,
        origin: str,
        briefing: Briefing,
        key: str | None,
        url: str | None,
        text: str | None = None,
    ) -> IngestResult:
        async with self._lock:
            return await asyncio.to_thread(self._save_sync, origin, briefing, key, url, text)

    def _save_sync(
        self,
        origin: str,
        briefing: Briefing,
        key: str | None,
        url: str | None,
        text: str | None = None,
    ) -> IngestResult:
        """Write an article's briefing, its index entry and the clusterer's state together."""
        with self.shelf.transaction():
            return self._save_article(origin, briefing, key, url, text)

    def _save_article(
        self,
        origin: str,
        briefing: Briefing,
        key: str | None,
        url: str | None,
        text: str | None,
    ) -> IngestResult:
        """Write an article's briefing: as its own story, or folded into the story it joins."""
        if self.desk is not None and time.monotonic() >= self._edits_due:
            # A look stats every file: once a minute, not once per article of a feed poll.
            self.apply_story_edits()
            self._edits_due = time.monotonic() + EDITS_EVERY_SECONDS
        article_id = briefing.id
        story_id = self._story_of(article_id)
        decision: Decision | None = None
        if story_id is None and text is not None and self.desk is not None:
            decision = self.desk.decide(
                briefing, text, lambda sid: self._exists(self._path_for(sid))
            )
            story_id = decision.story_id
        story_id = story_id or article_id
        path = self._path_for(story_id)
        existing = self._read_story(path)
        if existing is None or key is None or not (story_id != article_id or existing.articles):
            result = self._write(origin, briefing, existing, path, key, url, article_id)
        else:
            try:
                merged = merge_article(existing, briefing, self.clock.now())
                result = self._write(origin, merged, existing, path, key, url, article_id)
            except _TooLarge:
                if decision is None or self.desk is None or decision.story_id == article_id:
                    raise
                # The story file reached the size limit: the article starts the story's next
                # part rather than being lost, and the full part takes no more articles.
                log.warning(
                    "story %s is full (BRIEFBOT_MAX_FILE_BYTES): %s starts a new story",
                    story_id,
                    article_id,
                )
                self.desk.close(story_id)
                decision = Decision(article_id, decision.features, 0.0)
                path = self._path_for(article_id)
                existing = self._read_story(path)
                result = self._write(origin, briefing, existing, path, key, url, article_id)
        if decision is not None and self.desk is not None:
            self.desk.commit(decision, briefing)  # the article's own date keeps its story open
        return result

    def _read_story(self, path: Path) -> Briefing | None:
        """Return the briefing in a file (from the cache when this service wrote it last)."""
        stamp = self.shelf.stamp(path)
        cached = self._recent.get(path)
        if cached is not None and stamp is not None and cached[0] == stamp:
            self._recent.move_to_end(path)
            return cached[1]
        return self._read_existing(path)

    def _keep(self, path: Path, briefing: Briefing) -> None:
        """Remember the briefing just written to a file (the last RECENT_FILES files)."""
        stamp = self.shelf.stamp(path)
        if stamp is None:
            return
        self._recent[path] = (stamp, briefing)
        self._recent.move_to_end(path)
        while len(self._recent) > RECENT_FILES:
            self._recent.popitem(last=False)

    def _write(
        self,
        origin: str,
        briefing: Briefing,
        existing: Briefing | None,
        path: Path,
        key: str | None,
        url: str | None,
        article_id: str,
    ) -> IngestResult:
        if existing is not None and key is not None and not existing.articles:
            # A story keeps its first publication time; feeds that re-date old items would
            # otherwise turn every poll into an "update". Changes show in ``updated``.
            briefing = briefing.model_copy(update={"published": existing.published})
        if existing is not None and briefing_fingerprint(existing) == briefing_fingerprint(
            briefing
        ):
            self._remember(key, briefing.id, url, origin, article_id)
            return IngestResult(origin, "unchanged", briefing.id, path, briefing=existing)
        outcome: Outcome = "created" if existing is None else "updated"
        if existing is not None:
            briefing = briefing.model_copy(update={"updated": self.clock.now()})
        data = dump_briefing(briefing, "json" if path.suffix == ".json" else "yaml")
        if len(data) > self.settings.max_file_bytes:
            # The store refuses such a file, so writing it would accept a briefing never served.
            raise _TooLarge(
                f"{origin}: the briefing file would be {len(data)} bytes, more than the limit of"
                f" {self.settings.max_file_bytes} bytes (BRIEFBOT_MAX_FILE_BYTES)"
            )
        try:
            # Prove the file loads exactly as the bot will load it before it replaces anything.
            loaded = parse_briefing(data, path)
        except BriefingFileError as exc:
            raise IngestError(f"{origin}: the briefing would not load ({exc})") from None
        self.shelf.write(path, data, loaded)
        self._keep(path, loaded)
        self._remember(key, briefing.id, url, origin, article_id)
        # Debug only: the CLI prints a table and the poller and API log their own results.
        log.debug("ingest %s: %s %s", origin, outcome, path)
        return IngestResult(origin, outcome, briefing.id, path, briefing=briefing)

    # --- an operator's merge and split ------------------------------------------------------

    def apply_story_edits(self) -> list[str]:
        """Apply ``merge_into`` and ``split`` edits in story files; return what was done."""
        started = time.time_ns()
        done: list[str] = []
        for path in self.shelf.edited(self.briefings_dir, self._edits_seen_ns, MARKERS):
            story = self._read_existing(path)
            if story is None:
                continue
            if story.merge_into:
                done.append(self._merge_story(story, path))
            for article_id in split_articles(story):
                done.append(self._split_article(story, article_id, path))
                story = self._read_existing(path) or story
        self._edits_seen_ns = started
        for line in done:
            log.info("stories: %s", line)
        return done

    def _merge_story(self, story: Briefing, path: Path) -> str:
        target_id = story.merge_into or ""
        target_path = self._path_for(target_id)
        target = self._read_existing(target_path)
        if target is None or target_id == story.id:
            return f"cannot merge {story.id} into {target_id}: no such story"
        merged = merge_stories(target, story.model_copy(update={"merge_into": None}))
        self._store(merged, target_path)
        self.shelf.unlink(path)
        self._repoint(lambda e: e["id"] == story.id, target_id)
        if self.desk is not None:
            self.desk.merged(story.id, target_id)
        return f"merged {story.id} into {target_id}"

    def _split_article(self, story: Briefing, article_id: str, path: Path) -> str:
        remaining = remove_article(story, article_id)
        if remaining is None:  # a story of one is already on its own
            entries = [a.model_copy(update={"split": False}) for a in story.articles]
            self._store(story.model_copy(update={"articles": entries}), path)
            return f"{story.id}: {article_id} is its only article; nothing to split"
        taken = self.shelf.stems(self.briefings_dir)
        new_id = split_id(story, article_id, taken)
        alone = contribution(story, article_id).model_copy(update={"id": new_id})
        self._store(alone, self._path_for(new_id))
        self._store(remaining.model_copy(update={"updated": self.clock.now()}), path)
        self._repoint(
            lambda e: e["id"] == story.id and e.get("article", story.id) == article_id, new_id
        )
        if self.desk is not None:
            self.desk.split(story.id, alone)
        return f"split {article_id} out of {story.id} into {new_id}"

    def _store(self, briefing: Briefing, path: Path) -> None:
        data = dump_briefing(briefing, "json" if path.suffix == ".json" else "yaml")
        loaded = parse_briefing(data, path)  # never write a file the bot would refuse
        self.shelf.write(path, data, loaded)

    def _repoint(self, chosen: Callable[[dict[str, str]], bool], story_id: str) -> None:
        """Point the ingest index's chosen entries at another story."""
        stories = self._load_index()
        for entry in stories.values():
            if chosen(entry):
                article = entry.get("article", entry["id"])
                entry["id"] = story_id
                entry.pop("article", None)
                if article != story_id:
                    entry["article"] = article
        self._write_index(stories)

    # --- identity ----------------------------------------------------------------------------

    def _path_for(self, briefing_id: str) -> Path:
        for suffix in (".yml", ".json"):
            candidate = self.briefings_dir / f"{briefing_id}{suffix}"
            if self._exists(candidate):
                return candidate
        return self.briefings_dir / f"{briefing_id}.yaml"

    def _load_index(self) -> dict[str, dict[str, str]]:
        """Return the ingest index, read again only when the file changed on disk.

        Another process (``briefbot ingest`` beside the bot) may write it, so the file's
        modification time and size decide; the lookups built from it are dropped with it.
        """
        stamp = self.shelf.stamp(self.index_path)
        if self._index is not None and stamp == self._index[0]:
            return self._index[1]
        self._lookups = None
        stories: dict[str, dict[str, str]] = {}
        try:
            raw = self.shelf.read(self.index_path)
            data = orjson.loads(raw) if raw is not None else None
            found = data.get("stories") if isinstance(data, dict) else None
            stories = found if isinstance(found, dict) else {}
        except (OSError, orjson.JSONDecodeError) as exc:
            log.warning("ignoring unreadable ingest index %s: %s", self.index_path, exc)
        self._index = (stamp, stories)
        return stories

    def _write_index(
        self,
        stories: dict[str, dict[str, str]],
        replaced: tuple[dict[str, str] | None, dict[str, str]] | None = None,
    ) -> None:
        """Write the ingest index and keep it as the cached copy.

        ``replaced`` (old entry or None, new entry) says the write changed one entry, so the
        lookups are updated instead of rebuilt from the whole index.
        """
        lookups, self._lookups, self._index = self._lookups, None, None
        payload = {"version": 1, "stories": stories}
        self.shelf.write(self.index_path, orjson.dumps(payload, option=orjson.OPT_INDENT_2))
        self._index = (self.shelf.stamp(self.index_path), stories)
        if lookups is not None and replaced is not None:
            lookups.replace(*replaced)
            self._lookups = lookups

    def _index_lookups(self) -> _IndexLookups:
        """Return the index by article id and by canonical URL (built once per index)."""
        stories = self._load_index()
        if self._lookups is None:
            self._lookups = _IndexLookups.of(stories.values())
        return self._lookups

    def _known_id(self, key: str) -> str | None:
        """Return the id of the article with this text, if its story is still on disk."""
        entry = self._load_index().get(key)
        if not entry or not self._exists(self._path_for(entry["id"])):
            return None
        return entry.get("article") or entry["id"]

    def _story_of(self, article_id: str) -> str | None:
        """Return the story an article already belongs to (its own file, or the one it joined)."""
        if self._exists(self._path_for(article_id)):
            return article_id
        for entry in self._index_lookups().by_article.get(article_id, ()):
            if self._exists(self._path_for(entry["id"])):
                return entry["id"]
        return None

    def _new_id(self, article: Article, key: str) -> str:
        if not article.url:
            return id_from_content(article.title, key)
        return self._url_id(article.url)

    def _url_id(self, url: str) -> str:
        """Return the id of the story at this URL: the one already on disk, else a new one.

        Earlier versions hashed the query verbatim (tracking tags and all), so a story stored
        then may sit under its legacy id, or under the id of the same URL with other tags;
        the ingest index remembers each story's URL, which finds the latter.
        """
        fresh = id_from_url(url)
        for candidate in (fresh, legacy_id_from_url(url)):
            if self._exists(self._path_for(candidate)):
                return candidate
        for entry in self._index_lookups().by_url.get(canonical_key(url), ()):
            if self._exists(self._path_for(entry["id"])):
                return entry.get("article") or entry["id"]
        return fresh

    def _duplicate_of(self, key: str, article: Article) -> IngestResult | None:
        """Return an ``unchanged`` result when this text was already ingested from elsewhere."""
        entry = self._load_index().get(key)
        if not entry or article.briefing_id or _same_source(entry, article):
            return None
        path = self._path_for(entry["id"])
        if not self._exists(path):
            return None
        other = entry.get("url") or entry.get("origin")
        return IngestResult(
            article.origin,
            "unchanged",
            entry["id"],
            path,
            reason=f"same text as {entry['id']}" + (f" from {other}" if other else ""),
        )

    def _remember(
        self, key: str | None, briefing_id: str, url: str | None, origin: str, article_id: str
    ) -> None:
        if key is None:
            return
        stories = self._load_index()
        record = {"id": briefing_id, "origin": origin, **({"url": url} if url else {})}
        if article_id != briefing_id:
            record["article"] = article_id
        if stories.get(key) == record:
            return
        old = stories.get(key)
        stories[key] = record
        self._write_index(stories, replaced=(old, record))

    def _exists(self, path: Path) -> bool:
        return self.shelf.stamp(path) is not None

    def _read_existing(self, path: Path) -> Briefing | None:
        """Return the briefing stored at ``path`` (None: missing, too large or broken)."""
        data = self.shelf.read(path)
        if data is None or len(data) > self.settings.max_file_bytes:
            return None
        try:
            return parse_briefing(data, path)
        except BriefingFileError:
            return None  # a broken file is replaced by a good one

    async def _guard(self, source: str, work: Any) -> IngestResult:
        result = await self._outcome(source, self._opened(work))
        if result.path is not None and not self.shelf.on_disk:
            result = replace(result, path=None)  # a row of the shared library, not a file
        if self._on_result is not None:
            self._on_result(result)
        return result

    async def _opened(self, work: Any) -> IngestResult:
        """Run ``work`` once the shelf is open (connected, for the shared library)."""
        try:
            await self.shelf.open()
        except BaseException:
            work.close()  # never started: close it so it is not reported as never awaited
            raise
        result: IngestResult = await work
        return result

    @staticmethod
    async def _outcome(source: str, work: Any) -> IngestResult:
        try:
            result: IngestResult = await work
        except IngestError as exc:
            return _failed(source, str(exc))
        except BriefingFileError as exc:
            return _failed(source, str(exc))
        except Exception:  # one broken source must never stop the others
            error_id = new_error_id()
            log.exception("ingesting %s failed (error id %s)", source, error_id)
            return replace(
                _failed(source, f"internal error (error id {error_id})"), error_id=error_id
            )
        return result


async def _read_file_async(path: Path, service: IngestService) -> Article:
    return await asyncio.to_thread(read_file, path, max_bytes=service.settings.fetch_max_bytes)


def _same_source(entry: dict[str, str], article: Article) -> bool:
    if entry.get("url") and article.url:
        return canonical_key(entry["url"]) == canonical_key(article.url)
    return entry.get("origin") == article.origin


def shelf_for(settings: Settings) -> Shelf:
    """Return where ingest writes: the shared library on PostgreSQL, else the files."""
    if settings.shared_library:
        return DatabaseShelf(settings.resolved_database_url, settings.briefings_dir)
    return FileShelf()


def _failed(source: str, reason: str) -> IngestResult:
    return IngestResult(source, "failed", reason=reason)


class _TooLarge(IngestError):
    """The briefing file would be larger than the store accepts."""
