"""Load briefing files from a directory tree, reporting every bad file without stopping.

A bad file (broken YAML/JSON, schema violation, duplicate id, unknown speaker id, unreadable
or oversized) becomes a :class:`Problem` with its path, line where known, field path and a
plain message; every other file still loads. Reloads reuse unchanged files by their stat
signature, and a file whose new version is broken keeps serving its last good version.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import yaml
from pydantic import ValidationError
from watchfiles import awatch

from bot.core.index import Index
from bot.core.models import Briefing

log = logging.getLogger(__name__)

BRIEFING_SUFFIXES = (".yaml", ".yml", ".json")
# Files in the briefings directory that are not briefings.
IGNORED_NAMES = frozenset({"schema.json", "digests.yaml", "digests.yml"})


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
    """A file's last good briefing and the signature it was read at."""

    briefing: Briefing
    signature: Signature


@dataclass(slots=True)
class LoadResult:
    """The outcome of loading a directory: good briefings by path, and problems."""

    entries: dict[Path, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def briefings(self) -> list[Briefing]:
        """Return the unique briefings (first path wins on duplicate ids)."""
        seen: dict[str, Briefing] = {}
        for path in sorted(self.entries):
            briefing = self.entries[path].briefing
            seen.setdefault(briefing.id, briefing)
        return list(seen.values())


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
        raise BriefingFileError(
            [Problem(path, f"invalid YAML: {exc.problem or exc.context}", line=line)]
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


def iter_briefing_files(root: Path) -> Iterator[Path]:
    """Yield every briefing file below root, in a stable order, skipping hidden files."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        for name in sorted(filenames):
            if name.startswith((".", "_")) or name in IGNORED_NAMES:
                continue
            if name.endswith(BRIEFING_SUFFIXES):
                yield Path(dirpath) / name


def load_directory(
    root: Path, *, max_bytes: int = 1_048_576, previous: LoadResult | None = None
) -> LoadResult:
    """Load every briefing file below root; reuse unchanged files from ``previous``."""
    result = LoadResult()
    if not root.is_dir():
        result.problems.append(Problem(root, "briefings directory does not exist"))
        return result
    old = previous.entries if previous else {}
    for path in iter_briefing_files(root):
        entry, problems = _load_one(path, max_bytes, old.get(path))
        result.problems.extend(problems)
        if entry is not None:
            result.entries[path] = entry
    result.problems.extend(_duplicate_problems(result.entries))
    return result


def _load_one(path: Path, max_bytes: int, old: Entry | None) -> tuple[Entry | None, list[Problem]]:
    try:
        stat = path.stat()
    except OSError as exc:
        return old, [Problem(path, f"cannot read file: {exc.strerror}")]
    signature = Signature.of(stat)
    if old is not None and old.signature == signature:
        return old, []
    if stat.st_size > max_bytes:
        return old, [Problem(path, f"file is {stat.st_size} bytes; the limit is {max_bytes}")]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return old, [Problem(path, f"cannot read file: {exc.strerror}")]
    try:
        briefing = parse_briefing(data, path)
    except BriefingFileError as exc:
        kept = [Problem(path, "keeping the last good version")] if old else []
        return old, exc.problems + kept
    return Entry(briefing, signature), []


def _duplicate_problems(entries: dict[Path, Entry]) -> Iterable[Problem]:
    first: dict[str, Path] = {}
    for path in sorted(entries):
        briefing_id = entries[path].briefing.id
        if briefing_id in first:
            yield Problem(
                path,
                f"duplicate id {briefing_id!r}: already defined in {first[briefing_id]}; "
                "this file is ignored",
                field="id",
            )
        else:
            first[briefing_id] = path


class BriefingLibrary:
    """The loaded briefings and their index; reloads swap the index in one assignment."""

    def __init__(self, root: Path, *, max_bytes: int = 1_048_576) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._result = LoadResult()
        self._index = Index(())
        self.loaded = False
        self.reloads = 0

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
        result = load_directory(self.root, max_bytes=self.max_bytes, previous=self._result)
        index = Index(result.briefings())
        self._result, self._index = result, index
        self.loaded = True
        self.reloads += 1
        for problem in result.problems:
            log.warning("briefing problem: %s", problem)
        log.info(
            "loaded %d briefings from %s (%d problems)",
            len(index.stories),
            self.root,
            len(result.problems),
        )
        return result.problems

    async def watch(self, stop: asyncio.Event) -> None:
        """Reload whenever files below the root change, until ``stop`` is set."""
        async for _changes in awatch(self.root, stop_event=stop, debounce=200, recursive=True):
            try:
                self.reload()
            except Exception:  # a reload must never kill the watcher
                log.exception("reloading briefings failed; keeping the previous index")
