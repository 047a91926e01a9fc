"""Stories at ingest: articles about one event join one story file; other events stay apart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.models import Briefing
from bot.core.store import load_directory, parse_briefing
from bot.core.story import figure_changes
from bot.ingest.pipeline import IngestService
from bot.settings import Settings
from tests.helpers import FakeClock
from tests.ingest.stories.articles import (
    BRIDGE_NEXT_YEAR,
    LIBRARY_BUDGET,
    article,
    bridge_reports,
    day,
)


@pytest.fixture
async def real(settings: Settings, clock: FakeClock) -> AsyncIterator[IngestService]:
    """Return an ingest service with the real extraction engine."""
    service = IngestService(settings, clock=clock)
    yield service
    await service.close()


def stories(directory: Path) -> dict[str, Briefing]:
    """Return the briefings on disk by id (each must also load as the bot loads them)."""
    assert not load_directory(directory).problems
    found = (parse_briefing(p.read_bytes(), p) for p in sorted(directory.glob("*.yaml")))
    return {b.id: b for b in found}


async def test_three_outlets_make_one_story(real: IngestService) -> None:
    """Three outlets on the bridge closure give one story file listing all three articles."""
    results = [await real.ingest_article(a) for a in bridge_reports()]
    assert [r.outcome for r in results] == ["created", "updated", "updated"]
    assert len({r.briefing_id for r in results}) == 1
    (story,) = stories(real.briefings_dir).values()
    assert [a.source.name for a in story.articles] == [
        "Harbor Gazette",
        "Metro Daily",
        "Northern Wire",
    ]
    # The same quote from two outlets is one quote with both articles as its sources.
    girder = [q for q in story.quotes if q.text.startswith("We will not reopen")]
    assert len(girder) == 1
    assert len(girder[0].articles) == 2
    assert story.person(girder[0].speaker).name == "Ana Ruiz"  # type: ignore[union-attr]
    # A changed figure keeps both values, each with the article (and so the date) it came from.
    diverted = sorted((f.value, f.article) for f in story.figures if f.per == "day")
    assert [v for v, _ in diverted] == [1200, 1500]
    assert diverted[0][1] != diverted[1][1]
    # /figures reads it as one change although the second outlet wrote only "1,500 a day".
    assert "about 1,200 → 1,500 vehicles per day" in [c.text for c in figure_changes(story)]
    # The timeline is dated and ordered; every article's developments are in it.
    assert [d.on for d in story.timeline] == sorted(d.on for d in story.timeline)
    assert {d.article for d in story.timeline} == {a.id for a in story.articles}
    assert story.published == story.articles[0].published


async def test_same_mayor_other_event_is_another_story(real: IngestService) -> None:
    """The mayor's library budget, the day after the bridge closed, is not the bridge story."""
    first, second, _ = bridge_reports()
    await real.ingest_article(first)
    budget = article(
        LIBRARY_BUDGET, "Ruiz unveils library budget", "Metro Daily", "library", day(3)
    )
    await real.ingest_article(budget)
    await real.ingest_article(second)
    found = stories(real.briefings_dir)
    assert len(found) == 2
    sizes = sorted(len(b.articles) for b in found.values())
    assert sizes == [0, 2]  # the budget is a story of one; the bridge has two articles


async def test_a_quiet_story_closes(real: IngestService) -> None:
    """A new closure of the same bridge weeks later starts a new story."""
    await real.ingest_article(bridge_reports()[0])
    later = article(
        BRIDGE_NEXT_YEAR,
        "Kessling Bridge closed again",
        "Metro Daily",
        "again",
        day(2) + timedelta(days=40),
    )
    result = await real.ingest_article(later)
    assert result.outcome == "created"
    assert len(stories(real.briefings_dir)) == 2


async def test_an_outlets_follow_up_joins_its_story(real: IngestService) -> None:
    """The same outlet's next-day report on the repairs is part of the bridge story."""
    first, _, third = bridge_reports()
    follow_up = article(third.text, third.title or "", "Harbor Gazette", "repairs", day(3))
    await real.ingest_article(first)
    assert (await real.ingest_article(follow_up)).outcome == "updated"
    (story,) = stories(real.briefings_dir).values()
    assert [a.source.name for a in story.articles] == ["Harbor Gazette", "Harbor Gazette"]


async def test_an_outlets_other_event_with_the_same_mayor_stays_apart(
    real: IngestService,
) -> None:
    """The outlet that broke the bridge story also covers the mayor's budget: two stories."""
    await real.ingest_article(bridge_reports()[0])
    budget = article(LIBRARY_BUDGET, "Ruiz unveils library budget", "Harbor Gazette", "lib", day(3))
    assert (await real.ingest_article(budget)).outcome == "created"
    assert len(stories(real.briefings_dir)) == 2


async def test_reingest_is_stable(real: IngestService) -> None:
    """Ingesting the same articles again changes nothing, and a fresh run gives the same stories."""
    for item in bridge_reports():
        await real.ingest_article(item)
    before = {p.name: p.read_bytes() for p in real.briefings_dir.iterdir()}
    again = [await real.ingest_article(a) for a in bridge_reports()]
    assert {r.outcome for r in again} == {"unchanged"}
    assert {p.name: p.read_bytes() for p in real.briefings_dir.iterdir()} == before


async def test_same_stories_in_a_fresh_directory(tmp_path: Path, clock: FakeClock) -> None:
    """Two independent runs over the same stream write the same story files."""
    outputs = []
    for run in ("one", "two"):
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            briefings_dir=tmp_path / run / "briefings",
            data_dir=tmp_path / run / "data",
        )
        service = IngestService(settings, clock=clock)
        for item in [
            *bridge_reports(),
            article(LIBRARY_BUDGET, "Library", "Metro Daily", "l", day(3)),
        ]:
            await service.ingest_article(item)
        await service.close()
        outputs.append({p.name: p.read_bytes() for p in settings.briefings_dir.iterdir()})
    assert outputs[0] == outputs[1]


async def test_a_restarted_service_remembers_open_stories(
    settings: Settings, clock: FakeClock
) -> None:
    """The clusterer's state survives a restart: the next outlet still joins the story."""
    first, second, third = bridge_reports()
    for batch in ([first, second], [third]):
        service = IngestService(settings, clock=clock)
        for item in batch:
            await service.ingest_article(item)
        await service.close()
    (story,) = stories(settings.briefings_dir).values()
    assert len(story.articles) == 3


async def test_stories_off_gives_one_briefing_per_article(
    settings: Settings, clock: FakeClock
) -> None:
    """BRIEFBOT_STORIES=false keeps the one-briefing-per-article behaviour."""
    service = IngestService(settings.model_copy(update={"stories": False}), clock=clock)
    for item in bridge_reports():
        assert (await service.ingest_article(item)).outcome == "created"
    await service.close()
    assert len(stories(settings.briefings_dir)) == 3


async def test_a_shared_headline_alone_makes_no_story(real: IngestService) -> None:
    """Two outlets' "Live updates" pages on unrelated events stay two stories."""
    ferry = "The ferry company said its night crossings would stop in May."
    await real.ingest_article(article(ferry, "Live updates", "Harbor Gazette", "a", day(2)))
    other = article("Rain is forecast all week.", "Live updates", "Metro Daily", "b", day(2, 11))
    assert (await real.ingest_article(other)).outcome == "created"
    assert len(stories(real.briefings_dir)) == 2


async def test_a_story_stays_open_while_articles_keep_coming(real: IngestService) -> None:
    """The quiet period counts from the story's latest article, not from its first."""
    first, second, third = bridge_reports()
    spaced = [
        article(first.text, first.title or "", "Harbor Gazette", "one", day(2)),
        article(second.text, second.title or "", "Metro Daily", "two", day(5)),
        article(third.text, third.title or "", "Northern Wire", "three", day(8)),
    ]
    results = [await real.ingest_article(item) for item in spaced]
    assert [r.outcome for r in results] == ["created", "updated", "updated"]
    (story,) = stories(real.briefings_dir).values()
    assert len(story.articles) == 3


async def test_a_full_story_file_continues_in_a_new_story(
    settings: Settings, clock: FakeClock
) -> None:
    """At the file size limit the next article starts the story's next part; nothing is lost."""
    first, second, third = bridge_reports()
    service = IngestService(settings, clock=clock)
    opened = await service.ingest_article(first)
    await service.ingest_article(second)
    await service.close()
    assert opened.path is not None
    size = opened.path.stat().st_size
    small = settings.model_copy(update={"max_file_bytes": size + 200})
    service = IngestService(small, clock=clock)
    try:
        overflow = await service.ingest_article(third)
        assert overflow.outcome == "created"
        assert overflow.briefing_id != opened.briefing_id
        # The full story takes no more articles: the next report joins the new part.
        retold = article(
            third.text + "\n\nTraffic is still diverted.", "Repairs", "Coastal", "r", day(4)
        )
        assert (await service.ingest_article(retold)).briefing_id == overflow.briefing_id
    finally:
        await service.close()
    assert len(stories(settings.briefings_dir)) == 2
