"""A start-up cache of loaded briefings, keyed by each file's path and stat signature.

Validating tens of thousands of files with pydantic takes seconds; reading back the records
we built last time takes a fraction of that. The cache is a directory of shard files (a file
belongs to shard ``crc32(path) % SHARDS``) so that editing one briefing rewrites one small
shard, not the whole cache. Each shard is ``MAGIC``, a header naming the cache format, the
Python version and the briefings root, a CRC-32 of the payload, and the payload: a ``marshal``
of plain tuples (marshal loads plain tuples several times faster than pickle loads objects).

The cache is never trusted over the files: an entry is used only when the file still exists
with the same size and nanosecond mtime; a shard from another version, another root or with a
bad checksum is ignored with a log line; files changed in the last few seconds are not cached
at all, because a second write within the same mtime tick would be invisible to the signature.
"""

from __future__ import annotations

import logging
import marshal
import struct
import sys
import time
import zlib
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from bot.core.files import atomic_write
from bot.core.records import (
    ArticleRecord,
    BriefingRecord,
    DevelopmentRecord,
    FigureRecord,
    PersonRecord,
    QuoteRecord,
    SourceRecord,
    StoryRecord,
    published_at,
)

log = logging.getLogger(__name__)

# Bump when the records or their encoding change: shards of another format are ignored.
# 4: search words gained stems, and fold spells out Ł, ø, Đ, Þ, Æ, Œ, ı ...
# 5: stories (articles, timeline, quote and figure provenance).
# 6: fold turns typographic apostrophes into "'" (search words of "O’Neill").
FORMAT = 6
SHARDS = 64
MAGIC = b"BRIEFBOT-CACHE\n"
_HEADER = struct.Struct("<II")  # payload length, CRC-32
# Files modified this recently may still change within the same mtime tick: not cached.
RACY_NS = 2_000_000_000

_new = tuple.__new__


class CachedEntry(NamedTuple):
    """A cached briefing and the stat signature of the file it was read from."""

    mtime_ns: int
    size: int
    briefing: BriefingRecord


def shard_of(name: str) -> int:
    """Return the shard a file (by its path relative to the root) is stored in."""
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % SHARDS


class BriefingCache:
    """Reads and writes the shard files of one briefings root below ``directory``."""

    def __init__(self, directory: Path, root: Path) -> None:
        self.directory = directory
        self.root = root
        self.bad_shards: set[int] = set()
        self._people: dict[tuple[Any, ...], PersonRecord] = {}
        self._floats: dict[float, float] = {}
        self._header = repr(
            ("briefbot", FORMAT, sys.version_info[:2], str(root.resolve()))
        ).encode()

    def _path(self, shard: int) -> Path:
        return self.directory / f"briefings-{shard:02d}.cache"

    def load(self) -> dict[str, CachedEntry]:
        """Return every readable cached entry by relative path (bad shards are skipped)."""
        found: dict[str, CachedEntry] = {}
        self.bad_shards.clear()
        self._people = {}
        self._floats = {}
        for shard in range(SHARDS):
            path = self._path(shard)
            try:
                data = path.read_bytes()
            except FileNotFoundError:
                continue
            except OSError as exc:
                log.warning("briefing cache %s unreadable (%s); ignoring it", path, exc.strerror)
                self.bad_shards.add(shard)
                continue
            try:
                found.update(self._decode(data))
            except Exception as exc:  # any damage means: read the files instead
                log.warning("briefing cache %s ignored: %s", path, exc)
                self.bad_shards.add(shard)
        return found

    def _decode(self, data: bytes) -> Iterable[tuple[str, CachedEntry]]:
        header = MAGIC + self._header + b"\n"
        if not data.startswith(header):
            raise ValueError("written by another version or for another directory")
        offset = len(header)
        length, crc = _HEADER.unpack_from(data, offset)
        payload = memoryview(data)[offset + _HEADER.size :]  # no copy of the shard
        if len(payload) != length or zlib.crc32(payload) != crc:
            raise ValueError("checksum mismatch (truncated or corrupt)")
        # The checksum rules out damage, and the file is our own, written in data_dir.
        rows = marshal.loads(payload)  # noqa: S302
        people, floats = self._people, self._floats
        return [
            (name, CachedEntry(mtime, size, decode(raw, people, floats)))
            for name, mtime, size, raw in rows
        ]

    def save(self, entries: Mapping[str, CachedEntry], shards: Iterable[int]) -> None:
        """Rewrite the given shards from ``entries`` (relative path -> entry), atomically."""
        wanted = set(shards)
        if not wanted:
            return
        horizon = time.time_ns() - RACY_NS
        names: dict[int, list[str]] = {s: [] for s in wanted}
        for name, entry in entries.items():
            shard = shard_of(name)
            if shard in wanted and entry.mtime_ns < horizon:
                names[shard].append(name)
        header = MAGIC + self._header + b"\n"
        for shard, shard_names in names.items():
            # Encode one shard at a time: the plain tuples of every shard at once would add
            # ~2.5 KB per briefing to the peak (250 MB at 100,000) on a first start.
            payload = marshal.dumps(
                [
                    (
                        name,
                        entries[name].mtime_ns,
                        entries[name].size,
                        encode(entries[name].briefing),
                    )
                    for name in shard_names
                ]
            )
            data = header + _HEADER.pack(len(payload), zlib.crc32(payload)) + payload
            try:
                atomic_write(self._path(shard), data)
            except OSError as exc:
                log.warning("cannot write briefing cache %s: %s", self._path(shard), exc)
                return


def _when(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_when(text: str | None) -> Any:
    if text is None:
        return None
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def encode(briefing: BriefingRecord) -> tuple[Any, ...]:
    """Return a briefing record as plain, marshal-able tuples."""
    return (
        briefing.id,
        briefing.title,
        _when(briefing.published),
        _when(briefing.updated),
        tuple(briefing.source),
        briefing.topics,
        briefing.summary,
        briefing.developments,
        tuple(tuple(p) for p in briefing.people),
        tuple(tuple(q) for q in briefing.quotes),
        tuple(tuple(f) for f in briefing.figures),
        briefing.words,
        _encode_story(briefing.story),
    )


def _encode_story(story: StoryRecord | None) -> tuple[Any, ...] | None:
    if story is None:
        return None
    articles = tuple(
        (a.id, a.title, tuple(a.source), _when(a.published), _when(a.added), a.summary)
        for a in story.articles
    )
    timeline = tuple((_when(d.on), d.text, d.article) for d in story.timeline)
    return (articles, timeline, story.quote_articles, story.figure_articles)


def _decode_story(raw: tuple[Any, ...] | None) -> StoryRecord | None:
    if raw is None:
        return None
    articles, timeline, quote_articles, figure_articles = raw
    return StoryRecord(
        tuple(
            ArticleRecord(
                ident,
                title,
                SourceRecord(*source),
                _parse_when(published),
                _parse_when(added),
                summary,
            )
            for ident, title, source, published, added, summary in articles
        ),
        tuple(DevelopmentRecord(_parse_when(on), text, ref) for on, text, ref in timeline),
        quote_articles,
        figure_articles,
    )


_person = partial(tuple.__new__, PersonRecord)
_quote = partial(tuple.__new__, QuoteRecord)
_figure = partial(tuple.__new__, FigureRecord)


def _share_value(raw: tuple[Any, ...], floats: dict[float, float]) -> tuple[Any, ...]:
    # Figure values repeat (a fifth are distinct in the synthetic corpus): one float object
    # per value saves ~20 MB at 100,000. Zeros keep their object (0.0 == -0.0 as a key).
    value = raw[0]
    if not value:
        return raw
    return (floats.setdefault(value, value), *raw[1:])


def decode(
    raw: tuple[Any, ...],
    people_seen: dict[tuple[Any, ...], PersonRecord] | None = None,
    floats: dict[float, float] | None = None,
) -> BriefingRecord:
    """Return the record encoded by :func:`encode` (raises on malformed input).

    Strings come back interned and shared by marshal itself (they were interned, and shared
    evidence sentences deduplicated, when the record was built), and nested records are
    rebuilt by C-level calls: nothing here runs Python code per quote or figure.
    ``people_seen`` shares one record among the stories that describe a person identically;
    ``floats`` shares equal figure values across shards (marshal shares them within one).
    """
    seen = {} if people_seen is None else people_seen
    (ident, title, published, updated, source, topics, summary, developments) = raw[:8]
    people, quotes, figures, words, story = raw[8:]
    when = _parse_when(published)
    changed_by = _parse_when(updated)
    first = published_at(when)
    return _new(
        BriefingRecord,
        (
            ident,
            title,
            when,
            changed_by,
            _new(SourceRecord, source),
            topics,
            summary,
            developments,
            tuple(map(seen.setdefault, people, map(_person, people))),
            tuple(map(_quote, quotes)),
            tuple(map(_figure, figures))
            if floats is None
            else tuple(_figure(_share_value(f, floats)) for f in figures),
            first,
            max(first, changed_by) if changed_by else first,
            words,
            _decode_story(story),
        ),
    )
