"""The ingest pipeline: created/updated/unchanged/failed, ids, duplicates, atomic files."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml

from bot.core.store import load_directory
from bot.ingest.pipeline import IngestService
from tests.helpers import FakeClock
from tests.ingest.conftest import Site, simple_extractor

STORY = (
    "The harbour authority said on Monday that 40 new berths would open by spring.\n"
    '"We are ready for the season," said Mara Lindqvist, the harbour master.\n'
)
PAGE = """<html><head><title>Harbour | Gazette</title>
<link rel="canonical" href="https://gazette.example/news/harbour-berths?ref=rss">
<meta property="og:site_name" content="Coast Gazette"></head><body><article>
<h1>Harbour to open 40 berths</h1>
<p>The harbour authority said on Monday that 40 new berths would open by spring, doubling
the space for visiting yachts after two years of building work on the old pier.</p>
<p>"We are ready for the season," said Mara Lindqvist, the harbour master, adding that
bookings were already up by a third compared with the same weeks last year.</p>
</article></body></html>"""


def write_md(path: Path, body: str, url: str = "https://gazette.example/harbour") -> Path:
    path.write_text(f"---\ntitle: Harbour grows\nurl: {url}\n---\n{body}", encoding="utf-8")
    return path


def briefing_files(service: IngestService) -> list[Path]:
    return sorted(service.briefings_dir.iterdir())


async def test_created_then_unchanged_then_updated(
    service: IngestService, clock: FakeClock, tmp_path: Path
) -> None:
    """Re-ingesting the same story is unchanged; a changed text updates it in place."""
    source = write_md(tmp_path / "story.md", STORY)
    first = await service.ingest_file(source)
    assert first.outcome == "created"
    assert first.path is not None
    assert first.path.name == f"{first.briefing_id}.yaml"
    assert (await service.ingest_file(source)).outcome == "unchanged"
    clock.advance(timedelta(hours=2))
    write_md(source, "Update: the harbour will open 45 berths, not 40.\n" + STORY)
    third = await service.ingest_file(source)
    assert third.outcome == "updated"
    assert third.briefing_id == first.briefing_id
    assert briefing_files(service) == [first.path]
    saved = yaml.safe_load(first.path.read_text(encoding="utf-8"))
    assert saved["updated"] == "2024-11-01T11:00:00Z"
    assert saved["summary"].startswith("Update: the harbour will open 45 berths")
    assert (await service.ingest_file(source)).outcome == "unchanged"


async def test_written_files_load_in_the_bot(service: IngestService, tmp_path: Path) -> None:
    """Every ingested file is a valid briefing and no temporary file is left behind."""
    await service.ingest_file(write_md(tmp_path / "a.md", STORY))
    await service.ingest_file(
        write_md(tmp_path / "b.md", "Another story entirely.\n", "https://x.example/b")
    )
    result = load_directory(service.briefings_dir)
    assert result.problems == []
    assert len(result.briefings()) == 2
    assert [p.name for p in service.briefings_dir.iterdir() if p.name.startswith(".")] == []


async def test_a_second_ingest_process_sees_what_the_first_wrote(
    service: IngestService, tmp_path: Path, clock: FakeClock
) -> None:
    """`briefbot ingest` beside the running bot: each sees the other's index entries."""
    other = IngestService(service.settings, clock=clock, extractor=simple_extractor)
    try:
        await other.ingest_file(
            write_md(tmp_path / "c.md", "A ferry story.\n", "https://c.example/f")
        )
        first = await service.ingest_file(write_md(tmp_path / "a.md", STORY, "https://a.example/s"))
        again = await other.ingest_file(
            write_md(tmp_path / "b.md", STORY.replace("\n", "\n\n"), "https://b.example/o")
        )
    finally:
        await other.close()
    assert again.outcome == "unchanged"
    assert again.briefing_id == first.briefing_id


async def test_same_text_from_two_sources_is_one_story(
    service: IngestService, tmp_path: Path
) -> None:
    """The same text under another URL is reported unchanged, pointing at the first story."""
    first = await service.ingest_file(write_md(tmp_path / "a.md", STORY, "https://a.example/s"))
    second = await service.ingest_file(
        write_md(tmp_path / "b.md", STORY.replace("\n", "\n\n"), "https://b.example/other")
    )
    assert second.outcome == "unchanged"
    assert second.briefing_id == first.briefing_id
    assert "same text as" in (second.reason or "")
    assert len(briefing_files(service)) == 1


async def test_files_without_url_get_a_content_id(service: IngestService, tmp_path: Path) -> None:
    """A plain text file gets an id from its title and content, stable across runs."""
    path = tmp_path / "note.txt"
    path.write_text("Harbour to open 40 berths\n\n" + STORY, encoding="utf-8")
    first = await service.ingest_file(path)
    assert first.briefing_id is not None
    assert first.briefing_id.startswith("harbour-to-open-40-berths-")
    assert (await service.ingest_file(path)).briefing_id == first.briefing_id


async def test_url_ingest_uses_the_canonical_url(service: IngestService, site: Site) -> None:
    """A page is identified by its canonical URL, whatever URL it was fetched from."""
    first = await service.ingest_url(site.page("/a", PAGE) + "?utm=1")
    second = await service.ingest_url(site.page("/mirror", PAGE))
    assert first.outcome == "created"
    assert first.briefing_id is not None
    assert first.briefing_id.startswith("gazette-example-news-harbour-berths-")
    assert second.outcome == "unchanged"
    assert second.briefing_id == first.briefing_id
    assert first.briefing is not None
    assert first.briefing.source.name == "Coast Gazette"
    assert str(first.briefing.source.url) == "https://gazette.example/news/harbour-berths?ref=rss"


async def test_failures_leave_no_file(service: IngestService, site: Site, tmp_path: Path) -> None:
    """Extraction errors, hostile pages and bad paths fail with a reason and write nothing."""
    bomb = tmp_path / "bad.txt"
    bomb.write_text(STORY + "It will EXPLODE.\n", encoding="utf-8")
    outcomes = [
        await service.ingest_file(bomb),
        await service.ingest_url(site.page("/huge", "<p>" + "x" * 300_000 + "</p>")),
        await service.ingest_url(site.redirect("/evil", "http://10.1.2.3/")),
        await service.ingest_source(str(tmp_path / "missing.md")),
        await service.ingest_source("ftp://example.com/story"),
    ]
    assert [r.outcome for r in outcomes] == ["failed"] * 5
    reasons = [r.reason or "" for r in outcomes]
    assert "cannot extract a briefing" in reasons[0]
    assert "limit" in reasons[1]
    assert "private" in reasons[2]
    assert "no such file" in reasons[3]
    assert "only http and https" in reasons[4]
    assert not service.briefings_dir.exists() or briefing_files(service) == []


async def test_stdout_mode_writes_nothing(service: IngestService, tmp_path: Path) -> None:
    """Building without writing returns the briefing and leaves the directory alone."""
    result = await service.ingest_file(write_md(tmp_path / "a.md", STORY), write=False)
    assert result.briefing is not None
    assert result.briefing.title == "Harbour grows"
    assert not service.briefings_dir.exists()
