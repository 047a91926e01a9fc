"""Load briefing files from a directory tree, reporting every bad file without stopping.

A bad file (broken YAML/JSON, schema violation, duplicate id, unknown speaker id, unreadable
or oversized) becomes a :class:`Problem` with its path, line where known, field path and a
plain message; every other file still loads. Reloads reuse unchanged files by their stat
signature, and a file whose new version is broken keeps serving its last good version.

Each good file is validated by the pydantic schema once and kept as a compact record
(:mod:`bot.core.records`). A start-up reads unchanged files from the stat-keyed cache
(:mod:`bot.core.cache`) instead of validating them again. Bulk loads run with the cyclic
garbage collector paused: the records hold no cycles, and a collection pass over millions of
young objects would otherwise run dozens of times during one load.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import ValidationError
from watchfiles import awatch

from bot.core.cache import BriefingCache, CachedEntry, shard_of
from bot.core.index import Index
from bot.core.models import Briefing
from bot.core.records import BriefingRecord, PersonRecord, to_record

log = logging.getLogger(__name__)

BRIEFING_SUFFIXES = (".yaml", ".yml", ".json")
# Files in the briefings directory that are not briefings.
IGNORED_NAMES = frozenset({"schema.json", "digests.yaml", "digests.yml"})
# Above this many briefings, a reload moves the new objects out of the collector's sight.
FREEZE_AT = 1000
# Shared-library changes layered over the last full index before one full build replaces it:
# at 100,000 briefings a change then costs at most ~0.1 s (it grows with the layers) and the
# replaced versions kept alive until the build are a few MiB.
COMPACT_AT = 2000


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one file, in words a person can act on."""

    path: Path
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class BriefingFileError(Exception):
    """A briefing file (or pushed payload) could not be loaded; carries its problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Signature:
    """What a file looked like when we read it; unchanged signature means no re-parse."""

    mtime_ns: int
    size: int

    @classmethod
    def of(cls, stat: os.stat_result) -> Signature:
        """Return the signature of a stat result."""
        return cls(stat.st_mtime_ns, stat.st_size)


@dataclass(slots=True)
class Entry:
    """A file's last good briefing, the signature it was read at, and its relative name."""

    briefing: BriefingRecord
    signature: Signature
    name: str = ""


@dataclass(slots=True)
class LoadResult:
    """The outcome of loading a directory: good briefings by path, and problems."""

    # Keyed by the path as a string: a Path object costs ~600 bytes (it keeps every part),
    # 60 MB at 100,000 files.
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Files read and validated by this load (not reused from memory or the cache).
    parsed: list[str] = field(default_factory=list)

    def briefings(self) -> list[BriefingRecord]:
        """Return the unique briefings (first path wins on duplicate ids)."""
        return list(_winners(self.entries).values())


def _winners(entries: dict[str, Entry]) -> dict[str, BriefingRecord]:
    # Sorting 100,000 Paths costs seconds; duplicates are rare, so only they are compared.
    winner: dict[str, tuple[str, BriefingRecord]] = {}
    for path, entry in entries.items():
        briefing_id = entry.briefing.id
        held = winner.get(briefing_id)
        if held is None or Path(path) < Path(held[0]):
            winner[briefing_id] = (path, entry.briefing)
    return {briefing_id: briefing for briefing_id, (_, briefing) in winner.items()}


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """YAML loader that keeps timestamps as strings so pydantic parses them uniformly."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_briefing(data: bytes, path: Path) -> Briefing:
    """Parse and validate one briefing from raw bytes; raise BriefingFileError if invalid."""
    if not data.strip():
        raise BriefingFileError([Problem(path, "file is empty")])
    if path.suffix == ".json":
        try:
            # pydantic-core parses and validates JSON in one pass, faster than orjson + dict.
            return Briefing.model_validate_json(data)
        except ValidationError:
            pass  # the slower path below words the problems (JSON line numbers, fields)
        return _parse_json(data, path)
    return _parse_yaml(data, path)


def _parse_json(data: bytes, path: Path) -> Briefing:
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise BriefingFileError(
            [Problem(path, f"invalid JSON: {exc.msg}", line=exc.lineno)]
        ) from None
    return _validate(raw, path, lambda loc: None)


def _parse_yaml(data: bytes, path: Path) -> Briefing:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BriefingFileError([Problem(path, f"not UTF-8 text (byte {exc.start})")]) from None
    try:
        raw = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        # Keep PyYAML's context: "while scanning a quoted scalar in line 2: found ...".
        where = f" in line {exc.context_mark.line + 1}" if exc.context_mark else ""
        context = f"{exc.context}{where}: " if exc.context else ""
        raise BriefingFileError(
            [Problem(path, f"invalid YAML: {context}{exc.problem or ''}".rstrip(": "), line=line)]
        ) from None
    except yaml.YAMLError as exc:
        raise BriefingFileError([Problem(path, f"invalid YAML: {exc}")]) from None
    return _validate(raw, path, lambda loc: _yaml_line(text, loc))


def _validate(raw: Any, path: Path, line_of: Any) -> Briefing:
    if not isinstance(raw, dict):
        raise BriefingFileError(
            [Problem(path, "a briefing file must hold one mapping (id, title, ...)")]
        )
    try:
        return Briefing.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            problems.append(
                Problem(path, _message(error), line=line_of(loc), field=_field_path(loc) or None)
            )
        raise BriefingFileError(problems) from None


def _message(error: Any) -> str:
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return "unknown field (check the spelling; see briefings/schema.json)"
    if error["type"] == "missing":
        return "required field is missing"
    return message.removeprefix("Value error, ")


def _field_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after[_int_is_a_number()]",) or not isinstance(part, str):
            continue
        elif "[" in part and "(" in part:
            continue  # validator wrapper names from pydantic, not fields
        else:
            out += f".{part}" if out else part
    return out


def _yaml_line(text: str, loc: tuple[Any, ...]) -> int | None:
    """Return the 1-based line of the YAML node at ``loc`` (only computed for bad files)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node else None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next((v for k, v in node.value if k.value == part), None)
            key = next((k for k, v in node.value if k.value == part), None)
            if match is None:
                return line
            line = (key.start_mark.line if key else match.start_mark.line) + 1
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            continue
    return line


def _walk(root: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            if name.startswith((".", "_")) or name in IGNORED_NAMES:
                continue
            if name.endswith(BRIEFING_SUFFIXES):
                yield os.path.join(dirpath, name)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk load (reference counting still frees)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_directory(
    root: Path,
    *,
    max_bytes: int = 1_048_576,
    previous: LoadResult | None = None,
    cached: Mapping[str, CachedEntry] | None = None,
) -> LoadResult:
    """Load every briefing file below root; reuse unchanged files from ``previous``/``cached``.

    ``cached`` maps paths relative to root to what the start-up cache holds for them; an entry
    is used only when the file's size and mtime are exactly as cached.
    """
    result = LoadResult()
    if not root.is_dir():
        result.problems.append(Problem(root, "briefings directory does not exist"))
        return result
    old = previous.entries if previous else {}
    hints = cached or {}
    prefix = len(str(root)) + 1
    people: dict[PersonRecord, PersonRecord] = {}
    floats: dict[float, float] = {}
    with paused_gc():
        for path in _walk(root):
            name = path[prefix:]
            before, hint = old.get(path), hints.get(name)
            entry, problems = _load_one(path, name, max_bytes, before, hint, (people, floats))
            if problems:
                result.problems.extend(problems)
            if entry is not None:
                result.entries[path] = entry
                if entry is not before and (hint is None or entry.briefing is not hint.briefing):
                    result.parsed.append(path)
        result.problems.extend(_duplicate_problems(result.entries))
    return result


def _load_one(
    where: str,
    name: str,
    max_bytes: int,
    old: Entry | None,
    hint: CachedEntry | None,
    shared: tuple[dict[PersonRecord, PersonRecord], dict[float, float]],
) -> tuple[Entry | None, list[Problem]]:
    try:
        stat = os.stat(where)
    except OSError as exc:
        return old, [Problem(Path(where), f"cannot read file: {exc.strerror}")]
    signature = Signature(stat.st_mtime_ns, stat.st_size)
    if old is not None and old.signature == signature:
        return old, []
    if stat.st_size > max_bytes:
        message = f"file is {stat.st_size} bytes; the limit is {max_bytes}"
        return old, [Problem(Path(where), message)]
    if hint is not None and hint.mtime_ns == signature.mtime_ns and hint.size == signature.size:
        return Entry(hint.briefing, signature, name), []
    path = Path(where)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return old, [Problem(path, f"cannot read file: {exc.strerror}")]
    try:
        briefing = parse_briefing(data, path)
    except BriefingFileError as exc:
        kept = [Problem(path, "keeping the last good version")] if old else []
        return old, exc.problems + kept
    return Entry(to_record(briefing, *shared), signature, name), []


def _duplicate_problems(entries: dict[str, Entry]) -> Iterable[Problem]:
    by_id: dict[str, list[str]] = {}
    for where, entry in entries.items():
        by_id.setdefault(entry.briefing.id, []).append(where)
    for briefing_id, names in by_id.items():
        if len(names) < 2:
            continue
        first, *others = sorted(Path(name) for name in names)
        for other in others:
            yield Problem(
                other,
                f"duplicate id {briefing_id!r}: already defined in {first}; this file is ignored",
                field="id",
            )


class BriefingLibrary:
    """The loaded briefings and their index; reloads swap the index in one assignment.

    With ``cache_dir`` set, the first load reads unchanged files from the start-up cache and
    every reload rewrites the cache shards whose files changed.
    """

    def __init__(
        self, root: Path, *, max_bytes: int = 1_048_576, cache_dir: Path | None = None
    ) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._cache = BriefingCache(cache_dir, root) if cache_dir is not None else None
        self._result = LoadResult()
        self._index = Index(())
        self.loaded = False
        self.reloads = 0
        self.reload_failures = 0  # reloads that raised (exported as a metric)
        # Briefings of the shared library (bot.library) by their name there; files win by id.
        self._shared: dict[str, BriefingRecord] = {}
        self._listeners: list[Callable[[], None]] = []
        # Changes of the shared library build their index in a worker thread (seconds at
        # 100,000 briefings, which must not stall commands); one build and swap at a time.
        self._swapping = threading.Lock()

    @property
    def shared(self) -> Mapping[str, BriefingRecord]:
        """Return the shared library's briefings by name (empty without a shared library)."""
        return self._shared

    @property
    def entries(self) -> Mapping[str, Entry]:
        """Return the last good version of each file, by path."""
        return self._result.entries

    def on_reload(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every reload of the files (the shared library imports them)."""
        self._listeners.append(listener)

    def apply_shared(self, changes: Mapping[str, BriefingRecord | None]) -> None:
        """Apply changes of the shared library (None: removed) and swap in a new index.

        A few changes layer over the current index (:meth:`Index.updated`, tens of
        milliseconds at 100,000 briefings); many at once, or more than :data:`COMPACT_AT`
        layered since the last full build, build one full index. Safe to call from a worker
        thread while commands read the current index.
        """
        with self._swapping:
            # Changed in place (not copied: 100,000 entries): other threads only look names
            # up in it, and everything that iterates it holds this lock.
            shared = self._shared
            touched: set[str] = set()
            for name, record in changes.items():
                old = shared.get(name)
                if old is not None:
                    touched.add(old.id)
                if record is None:
                    shared.pop(name, None)
                else:
                    shared[name] = record
                    touched.add(record.id)
            with paused_gc():
                if len(touched) > COMPACT_AT:
                    self._swap_index(self._result)
                    return
                self._index = Index.updated(self._index, self._winners(touched))
                if self._index.layered > COMPACT_AT:
                    self._swap_index(self._result)

    def _winners(self, ids: set[str]) -> dict[str, BriefingRecord | None]:
        """Return what the index holds for these ids now, as :meth:`_merged` decides.

        One pass over the shared rows, keeping only these ids: no map of every id is built.
        """
        winners: dict[str, BriefingRecord | None] = dict.fromkeys(ids)
        for record in self._shared.values():
            if record.id in winners:
                winners[record.id] = record  # the last row of an id wins, as in _merged
        for record in self._result.briefings():
            if record.id in winners:
                winners[record.id] = record  # a file wins over any row of its id
        return winners

    def _merged(self, result: LoadResult) -> list[BriefingRecord]:
        """Return the shared briefings and the files' (a file wins over a row of its id)."""
        if not self._shared:
            return result.briefings()
        merged = {record.id: record for record in self._shared.values()}
        merged.update((record.id, record) for record in result.briefings())
        return list(merged.values())

    def _swap_index(self, result: LoadResult) -> Index:
        index = Index(self._merged(result))
        if len(index.stories) >= FREEZE_AT:
            # Millions of long-lived, acyclic objects: keep every later collection from
            # walking them (a full pass would stall a command for a second at 100,000).
            gc.freeze()
        self._result, self._index = result, index
        return index

    @property
    def index(self) -> Index:
        """Return the current index (a consistent snapshot)."""
        return self._index

    @property
    def problems(self) -> list[Problem]:
        """Return the problems found by the last load."""
        return self._result.problems

    def reload(self) -> list[Problem]:
        """Re-read changed files, rebuild the index and swap it in; return the problems."""
        cached: dict[str, CachedEntry] = {}
        previous = self._result
        with paused_gc():
            if self._cache is not None and not self.loaded:
                cached = self._cache.load()
            result = load_directory(
                self.root, max_bytes=self.max_bytes, previous=previous, cached=cached
            )
            # Only the cached names are needed from here on (to find deleted files): drop
            # the entries so the index build reuses their memory instead of adding to the peak.
            cached_names = set(cached)
            del cached
            with self._swapping:
                index = self._swap_index(result)
        self.loaded = True
        self.reloads += 1
        for problem in result.problems:
            log.warning("briefing problem: %s", problem)
        log.info(
            "loaded %d briefings from %s (%d problems, %d files parsed)",
            len(index.stories),
            self.root,
            len(result.problems),
            len(result.parsed),
        )
        if self._cache is not None:
            self._save_cache(result, previous, cached_names)
        for listener in self._listeners:
            listener()
        return result.problems

    def _save_cache(self, result: LoadResult, previous: LoadResult, cached: set[str]) -> None:
        assert self._cache is not None  # noqa: S101 - only called with a cache
        current = {
            entry.name: CachedEntry(entry.signature.mtime_ns, entry.signature.size, entry.briefing)
            for entry in result.entries.values()
        }
        gone = {entry.name for entry in previous.entries.values()} | cached
        gone.difference_update(current)
        dirty = {shard_of(result.entries[path].name) for path in result.parsed}
        dirty.update(shard_of(name) for name in gone)
        dirty.update(self._cache.bad_shards)
        try:
            self._cache.save(current, dirty)
        except Exception:  # the cache is an optimisation; serving briefings is not at stake
            log.exception("writing the briefing cache failed")

    async def watch(self, stop: asyncio.Event) -> None:
        """Reload whenever files below the root change, until ``stop`` is set."""
        async for _changes in awatch(self.root, stop_event=stop, debounce=200, recursive=True):
            try:
                self.reload()
            except Exception:  # a reload must never kill the watcher
                self.reload_failures += 1
                log.exception("reloading briefings failed; keeping the previous index")
