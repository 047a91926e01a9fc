"""Ingest dedup by URL: tagged links are one briefing, and stories stored by older ids stay one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.ingest import pipeline
from bot.ingest.identity import legacy_id_from_url
from bot.ingest.pipeline import IngestService
from tests.helpers import FakeClock

STORY = "The harbour authority said on Monday that 40 new berths would open by spring.\n"
UPDATE = "Update: the harbour will open 45 berths, not 40.\n" + STORY
BASE = "https://gazette.example/harbour"


def write_md(path: Path, body: str, url: str) -> Path:
    """Write a Markdown article with a URL in its front matter."""
    path.write_text(f"---\ntitle: Harbour grows\nurl: {url}\n---\n{body}", encoding="utf-8")
    return path


def briefing_names(service: IngestService) -> list[str]:
    """Return the names of the briefing files written so far."""
    return sorted(p.name for p in service.briefings_dir.iterdir())


async def test_one_article_with_different_tags_is_one_briefing(
    service: IngestService, clock: FakeClock, tmp_path: Path
) -> None:
    """The same link shared with tracking tags, in any order, updates one briefing."""
    first = await service.ingest_file(write_md(tmp_path / "a.md", STORY, BASE))
    clock.advance(timedelta(hours=1))
    second = await service.ingest_file(
        write_md(tmp_path / "b.md", UPDATE, f"{BASE}?utm_source=x&fbclid=y")
    )
    assert first.outcome == "created"
    assert second.outcome == "updated"
    assert second.briefing_id == first.briefing_id == "gazette-example-harbour-b50e55df"
    assert briefing_names(service) == ["gazette-example-harbour-b50e55df.yaml"]


async def test_other_parameters_are_other_stories(service: IngestService, tmp_path: Path) -> None:
    """Different non-tracking parameters still make different briefings."""
    one = await service.ingest_file(write_md(tmp_path / "a.md", STORY, f"{BASE}?id=1"))
    other = "The ferry company said on Friday that its night crossings would stop in May.\n"
    two = await service.ingest_file(write_md(tmp_path / "b.md", other, f"{BASE}?id=2&gclid=q"))
    assert one.outcome == two.outcome == "created"
    assert one.briefing_id != two.briefing_id
    assert len(briefing_names(service)) == 2


@pytest.mark.parametrize(
    "again",
    [
        f"{BASE}?utm_source=newsletter&utm_medium=email",  # the very link it came from
        f"{BASE}?fbclid=abc",  # the same article with other tags
        BASE,  # the same article without tags
    ],
)
async def test_briefing_stored_under_an_old_style_id_is_still_a_duplicate(
    service: IngestService,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    again: str,
) -> None:
    """A story an older version stored under its tagged-URL id is updated, never duplicated."""
    tagged = f"{BASE}?utm_source=newsletter&utm_medium=email"
    # What the previous version did: the id hashed the query verbatim, tags and all.
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "id_from_url", legacy_id_from_url)
        old = await service.ingest_file(write_md(tmp_path / "old.md", STORY, tagged))
    assert old.briefing_id == "gazette-example-harbour-7b86727e"  # the id 919cfcc gave it
    clock.advance(timedelta(hours=1))
    # Changed text: the content hash no longer finds it, only the URL can.
    result = await service.ingest_file(write_md(tmp_path / "new.md", UPDATE, again))
    assert result.outcome == "updated"
    assert result.briefing_id == old.briefing_id
    assert briefing_names(service) == ["gazette-example-harbour-7b86727e.yaml"]


async def test_old_style_file_without_an_index_entry_is_found_by_its_legacy_id(
    service: IngestService, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the ingest index lost, the legacy id of the same link still finds the old file."""
    tagged = f"{BASE}?utm_source=newsletter&utm_medium=email"
    with monkeypatch.context() as patched:
        patched.setattr(pipeline, "id_from_url", legacy_id_from_url)
        old = await service.ingest_file(write_md(tmp_path / "old.md", STORY, tagged))
    service.index_path.unlink()
    clock.advance(timedelta(hours=1))
    result = await service.ingest_file(write_md(tmp_path / "new.md", UPDATE, tagged))
    assert result.outcome == "updated"
    assert result.briefing_id == old.briefing_id
    assert len(briefing_names(service)) == 1
