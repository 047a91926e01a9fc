"""An operator's merge and split: fields in the story files that the next ingest applies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import yaml

from bot.core.store import load_directory, parse_briefing
from bot.ingest.pipeline import IngestService
from bot.settings import Settings
from tests.helpers import FakeClock
from tests.ingest.stories.articles import LIBRARY_BUDGET, article, bridge_reports, day


@pytest.fixture
async def real(settings: Settings, clock: FakeClock) -> AsyncIterator[IngestService]:
    """Return an ingest service with the real extraction engine."""
    service = IngestService(settings, clock=clock)
    yield service
    await service.close()


def edit(path: Path, change: dict[str, object] | None = None, split: str | None = None) -> None:
    """Edit a story file by hand, as an operator would."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(change or {})
    for entry in data.get("articles", []):
        if entry["id"] == split:
            entry["split"] = True
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


async def test_operator_merges_two_stories(real: IngestService) -> None:
    """merge_into folds a story into another: one file, all articles, and re-ingest keeps it."""
    bridge = bridge_reports()
    budget = article(LIBRARY_BUDGET, "Ruiz unveils library budget", "Metro Daily", "lib", day(3))
    kept = await real.ingest_article(bridge[0])
    gone = await real.ingest_article(budget)
    assert kept.briefing_id != gone.briefing_id
    assert gone.path is not None
    assert kept.path is not None
    edit(gone.path, {"merge_into": kept.briefing_id})
    done = real.apply_story_edits()
    assert done == [f"merged {gone.briefing_id} into {kept.briefing_id}"]
    assert not gone.path.exists()
    story = parse_briefing(kept.path.read_bytes(), kept.path)
    assert {a.id for a in story.articles} == {kept.briefing_id, gone.briefing_id}
    assert story.merge_into is None
    # The merged article, ingested again, stays in the story the operator chose.
    again = await real.ingest_article(budget)
    assert again.briefing_id == kept.briefing_id
    assert again.outcome == "unchanged"
    assert len(list(real.briefings_dir.glob("*.yaml"))) == 1


async def test_operator_splits_an_article_out(real: IngestService) -> None:
    """split: true on one article moves it into a story of its own, and it stays there."""
    reports = bridge_reports()
    results = [await real.ingest_article(a) for a in reports]
    story_path = results[0].path
    assert story_path is not None
    story = parse_briefing(story_path.read_bytes(), story_path)
    wire = story.articles[-1].id
    edit(story_path, split=wire)
    assert real.apply_story_edits() == [f"split {wire} out of {story.id} into {wire}"]
    loaded = {b.id: b for b in load_directory(real.briefings_dir).briefings()}
    assert set(loaded) == {story.id, wire}
    remaining = parse_briefing(story_path.read_bytes(), story_path)
    assert wire not in {a.id for a in remaining.articles}
    assert all(wire not in q.articles for q in remaining.quotes)
    alone = loaded[wire]
    assert [q.text for q in alone.quotes] == ["The girders are being replaced one by one"]
    assert (await real.ingest_article(reports[2])).briefing_id == wire
    # The split-off story is open: another outlet's report of that article's news joins it.
    retold = article(
        "Tomas Eze, Marlow's city engineer, said on Thursday that the first two cracked"
        " girders had been replaced and tested by the steel inspectors.\n\n"
        '"The girders are being replaced one by one," Eze said.',
        "Girders replaced one by one",
        "Coastal Ledger",
        "girders",
        day(5),
    )
    assert (await real.ingest_article(retold)).briefing_id == wire


async def test_merge_into_an_unknown_story_is_reported(real: IngestService) -> None:
    """A merge_into naming no story leaves the file alone and says why."""
    result = await real.ingest_article(bridge_reports()[0])
    assert result.path is not None
    edit(result.path, {"merge_into": "no-such-story"})
    done = real.apply_story_edits()
    assert done == [f"cannot merge {result.briefing_id} into no-such-story: no such story"]
    assert result.path.exists()
