"""An operator's merge and split, written as fields in story files and applied by ingest.

``merge_into: <story id>`` in a story file folds that story into the named one (the file is
removed once the other is written); ``split: true`` on one of a story's ``articles`` moves
that article into a story of its own. Hand edits win: the ingest index is re-pointed, so a
re-ingested article stays where the operator put it, and the clusterer forgets the merged
story. Files are found by a byte search among those changed since the last look, so the scan
costs a ``stat`` per file, not a parse.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from bot.core.models import Briefing

_MARKERS = (b"merge_into", b"split: true", b'"split": true')
_SUFFIXES = (".yaml", ".yml", ".json")


def edited_files(directory: Path, since_ns: int) -> Iterator[Path]:
    """Yield briefing files changed after ``since_ns`` that carry an operator's edit."""
    try:
        entries = list(os.scandir(directory))
    except FileNotFoundError:
        return
    for entry in sorted(entries, key=lambda e: e.name):
        if not entry.name.endswith(_SUFFIXES) or entry.name.startswith("."):
            continue
        try:
            if entry.stat().st_mtime_ns <= since_ns:
                continue
            data = Path(entry.path).read_bytes()
        except OSError:
            continue
        if any(marker in data for marker in _MARKERS):
            yield Path(entry.path)


def split_articles(story: Briefing) -> list[str]:
    """Return the ids of the articles an operator marked to split off."""
    return [a.id for a in story.articles if a.split]


def split_id(story: Briefing, article_id: str, exists: set[str]) -> str:
    """Return the id of the story a split article gets: its own id, unless that is taken."""
    if article_id != story.id and article_id not in exists:
        return article_id
    n = 2
    while f"{article_id[:120]}-{n}" in exists:
        n += 1
    return f"{article_id[:120]}-{n}"
