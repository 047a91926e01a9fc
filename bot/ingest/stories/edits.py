"""An operator's merge and split, written as fields in story files and applied by ingest.

``merge_into: <story id>`` in a story file folds that story into the named one (the file is
removed once the other is written); ``split: true`` on one of a story's ``articles`` moves
that article into a story of its own. Hand edits win: the ingest index is re-pointed, so a
re-ingested article stays where the operator put it, and the clusterer forgets the merged
story. Files are found by a byte search (:data:`MARKERS`) among those changed since the last
look (:meth:`bot.library.shelf.Shelf.edited`), so the scan costs a ``stat`` per file, not a parse.
"""

from __future__ import annotations

from bot.core.models import Briefing

# A story file holding one of these (bytes) may carry an edit; only those files are parsed.
MARKERS = (b"merge_into", b"split: true", b'"split": true')


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
