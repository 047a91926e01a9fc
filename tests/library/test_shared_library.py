"""Replicas on one PostgreSQL share one library: what one ingests, the others serve."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from bot.ingest.sources import Article
from bot.library import follower as follower_module
from bot.library.database import DatabaseShelf, asyncpg_dsn
from tests.conftest import REPO
from tests.helpers import run_briefbot
from tests.library.conftest import Replica

pytestmark = pytest.mark.postgres

HARBOUR = (
    "The harbour authority of Port Avery approved a new ferry route on Monday. "
    '"We will carry 4,000 passengers a day by spring," said harbour master Ines Okoro. '
    "The route links the old town with the airport and costs 12 million euros."
)
MINES = (
    "Miners at the Kelda pit walked out on Tuesday over a pay offer. "
    '"This offer does not cover rent," said union steward Jonas Berg. '
    "About 600 miners joined the strike, the union said."
)
SEED = """\
id: hand-written
title: A hand-written briefing
published: 2026-12-01
source: {name: Desk}
summary: Written by an editor.
"""


def article(text: str, url: str) -> Article:
    """Return a pushed article."""
    return Article(
        text=text,
        origin=url,
        url=url,
        source_name="Avery Post",
        topics=("city",),
        published=date(2026, 12, 7),
    )


async def until(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Wait until ``check()`` holds (a deadline, not a speed assertion); return whether it did."""
    for _ in range(int(seconds / 0.02)):
        if check():
            return True
        await asyncio.sleep(0.02)
    return check()


async def two_started(replicas: Callable[[str], Replica]) -> tuple[Replica, Replica]:
    """Return replicas A and B, started."""
    a, b = replicas("a"), replicas("b")
    await a.start()
    await b.start()
    return a, b


@contextlib.asynccontextmanager
async def following(replica: Replica) -> AsyncIterator[None]:
    """Run the replica's follower (LISTEN and apply) for the body of the block."""
    stop = asyncio.Event()
    task = asyncio.create_task(replica.follower.run(stop))
    try:
        yield
    finally:
        stop.set()
        await task


def speakers(replica: Replica, name: str) -> list[str]:
    """Return the names of the speakers a replica finds for a query."""
    return [s.name for s in replica.library.index.find_speakers(name)]


async def test_a_story_ingested_on_one_replica_is_served_by_another(
    replicas: Callable[[str], Replica],
) -> None:
    """Ingest on A; B's index has the story and the quote's speaker, through LISTEN/NOTIFY."""
    a, b = await two_started(replicas)
    async with following(b):
        result = await a.ingest.ingest_article(article(HARBOUR, "https://post.example/ferry"))
        assert result.outcome == "created", result.reason
        assert result.path is None  # no file to point at
        assert not list(a.settings.briefings_dir.iterdir())  # in the database, not in files
        assert await until(lambda: "Ines Okoro" in speakers(b, "okoro"))
        assert b.library.index.find_story(result.briefing_id or "") is not None


async def test_a_replica_starting_late_reads_the_library_and_then_only_new_rows(
    replicas: Callable[[str], Replica],
) -> None:
    """A late replica loads what exists; later it reads only the rows written since."""
    a = replicas("a")
    await a.start()
    await a.ingest.ingest_article(article(HARBOUR, "https://post.example/ferry"))
    late = replicas("late")
    await late.start()
    assert speakers(late, "okoro") == ["Ines Okoro"]
    before = late.follower.applied
    await a.ingest.ingest_article(article(MINES, "https://post.example/mines"))
    assert await late.follower.catch_up() == 1  # one new row, not a rescan of the library
    assert late.follower.applied == before + 1
    assert speakers(late, "berg") == ["Jonas Berg"]


async def test_a_late_replica_reads_the_library_batch_by_batch_and_misses_nothing(
    replicas: Callable[[str], Replica], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows come in batches (the next fetched while one is decoded); every row is applied."""
    monkeypatch.setattr(follower_module, "BATCH", 1)
    a = replicas("a")
    await a.start()
    orchard = (
        "Frost destroyed half the apple harvest in the Vell valley this week. "
        '"We have never lost so many trees in one night," said grower Petra Lind.'
    )
    for n, text in enumerate((HARBOUR, MINES, orchard)):
        await a.ingest.ingest_article(article(text, f"https://post.example/{n}"))
    late = replicas("late")
    await late.start()
    assert late.follower.applied == 3
    assert len(late.library.index.stories) == 3
    assert [speakers(late, n) for n in ("okoro", "berg", "lind")] == [
        ["Ines Okoro"],
        ["Jonas Berg"],
        ["Petra Lind"],
    ]


async def test_a_replica_that_lost_its_connection_catches_up_after_reconnecting(
    replicas: Callable[[str], Replica], postgres_url: str
) -> None:
    """The listener's connection is killed; a write made meanwhile still reaches the replica."""
    a, b = await two_started(replicas)
    async with following(b):
        await asyncio.sleep(0.2)  # let it LISTEN
        admin = await asyncpg.connect(asyncpg_dsn(postgres_url))
        try:
            killed = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND query ILIKE 'LISTEN%'"
            )
        finally:
            await admin.close()
        assert killed == 1
        await a.ingest.ingest_article(article(MINES, "https://post.example/mines"))
        assert await until(lambda: speakers(b, "berg") == ["Jonas Berg"], seconds=10)


async def test_hand_written_files_are_shared_and_win_for_their_id_where_they_live(
    replicas: Callable[[str], Replica],
) -> None:
    """A's file reaches B; B's own file of the same id is what B serves; deletions spread."""
    a, b = replicas("a"), replicas("b")
    (a.settings.briefings_dir / "hand.yaml").write_text(SEED, encoding="utf-8")
    await a.start()
    await b.start()
    story = b.library.index.find_story("hand-written")
    assert story is not None
    assert story.title == "A hand-written briefing"
    assert await a.follower.import_files() == 0  # unchanged files are not written again

    (b.settings.briefings_dir / "mine.yaml").write_text(
        SEED.replace("A hand-written", "B's own"), encoding="utf-8"
    )
    b.library.reload()
    await b.follower.import_files()
    mine = b.library.index.find_story("hand-written")
    assert mine is not None
    assert mine.title == "B's own briefing"

    (a.settings.briefings_dir / "hand.yaml").unlink()
    a.library.reload()
    assert await a.follower.import_files() == 1
    await b.follower.catch_up()
    assert "hand.yaml" not in b.library.shared


async def test_the_same_text_pushed_to_two_replicas_is_one_briefing(
    replicas: Callable[[str], Replica],
) -> None:
    """The text-dedup index is shared: B recognises what A already ingested."""
    a, b = await two_started(replicas)
    first = await a.ingest.ingest_article(article(HARBOUR, "https://post.example/ferry"))
    again = await b.ingest.ingest_article(article(HARBOUR, "https://mirror.example/ferry-copy"))
    assert first.outcome == "created"
    assert again.outcome == "unchanged"
    assert again.briefing_id == first.briefing_id
    await b.follower.catch_up()
    assert len(b.library.index.stories) == 1


def test_the_cli_answers_from_the_shared_library(tmp_path: Path, postgres_url: str) -> None:
    """`briefbot ask` on a machine with no briefing files answers from the database."""

    async def ingest() -> None:
        replica = Replica(tmp_path / "writer", postgres_url)
        result = await replica.ingest.ingest_article(article(HARBOUR, "https://post.example/f"))
        assert result.outcome == "created", result.reason
        await replica.ingest.close()

    asyncio.run(ingest())
    (tmp_path / "empty").mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(
        BRIEFBOT_DATABASE_URL=postgres_url,
        BRIEFBOT_BRIEFINGS_DIR=str(tmp_path / "empty"),
        BRIEFBOT_DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(REPO),
    )
    done = run_briefbot("ask", "/quote okoro", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "Ines Okoro" in done.stdout
    assert "4,000 passengers" in done.stdout


HARBOUR_FOLLOW_UP = (
    "Port Avery's new ferry route to the airport drew criticism on Tuesday. "
    '"The harbour authority never asked the ferry crews," said union steward Jonas Berg. '
    "Harbour master Ines Okoro said the ferry route would still open in spring."
)


async def test_a_follow_up_pushed_to_another_replica_joins_the_same_story(
    replicas: Callable[[str], Replica],
) -> None:
    """The story clusterer's state is shared: B's follow-up joins the story A started."""
    a, b = await two_started(replicas)
    first = await a.ingest.ingest_article(article(HARBOUR, "https://post.example/ferry"))
    second = await b.ingest.ingest_article(
        article(HARBOUR_FOLLOW_UP, "https://tribune.example/ferry-row")
    )
    assert second.outcome == "updated", second.reason
    assert second.briefing_id == first.briefing_id
    await a.follower.catch_up()
    story = a.library.index.find_story(first.briefing_id or "")
    assert story is not None
    assert story.story is not None
    assert len(story.story.articles) == 2


async def test_the_database_shelf_refuses_to_block_the_event_loop(postgres_url: str) -> None:
    """Called on the loop's own thread, the shelf says so instead of deadlocking."""
    shelf = DatabaseShelf(postgres_url, Path("briefings"))
    await shelf.open()
    try:
        with pytest.raises(RuntimeError, match="worker thread"):
            shelf.stamp(Path("briefings/x.yaml"))
        assert await asyncio.to_thread(shelf.stamp, Path("briefings/x.yaml")) is None
    finally:
        await shelf.close()


async def test_a_file_added_while_running_is_imported_after_the_reload(
    replicas: Callable[[str], Replica],
) -> None:
    """The watcher's reload imports the new file; the other replica then serves it."""
    a, b = await two_started(replicas)
    (a.settings.briefings_dir / "late.yaml").write_text(SEED, encoding="utf-8")
    a.library.reload()  # what the file watcher does on a change
    assert await until(lambda: "late.yaml" in a.library.shared)
    await b.follower.catch_up()
    assert b.library.index.find_story("hand-written") is not None
