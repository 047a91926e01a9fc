"""The /subscribe, /unsubscribe, /subscriptions and /digest commands, and digests.yaml."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.commands import CommandEngine, Invocation
from bot.core.reply import line_text
from bot.db.tables import metadata
from tests.helpers import FakeClock
from tests.scheduling.fakes import FakePublisher
from tests.scheduling.helpers import Library, make_service, make_settings, story, utc

ADMIN = Invocation(
    platform="discord", channel_id="c1", workspace_id="g1", user_id="u1", can_manage=True
)
MEMBER = Invocation(platform="discord", channel_id="c1", workspace_id="g1", user_id="u2")


async def wired(engine: AsyncEngine, tmp_path: Path | None = None):
    clock = FakeClock(utc("2025-03-03T06:00:00+00:00"))
    publisher = FakePublisher(clock=clock)
    library = Library(story("early-news", "2025-03-03T05:00:00+00:00"))
    settings = make_settings(tmp_path)
    service = await make_service(engine, clock, {"discord": publisher}, library, settings=settings)
    commands = CommandEngine(lambda: library.index, clock)
    service.register(commands)
    return clock, publisher, service, commands


def text_of(reply) -> str:  # type: ignore[no-untyped-def]
    lines = [*reply.intro, *(line for s in reply.sections for line in (s.heading, *s.lines))]
    return " ".join(line_text(line) for line in lines)


async def test_members_without_manage_rights_cannot_subscribe(engine: AsyncEngine) -> None:
    """/subscribe by a member is refused with a clear message and changes nothing."""
    _clock, _pub, service, commands = await wired(engine)
    reply = await commands.execute_line("/subscribe at:08:00 tz:Europe/Berlin", MEMBER)
    assert reply.status == "forbidden"
    assert "Manage Channels" in text_of(reply)
    assert await service.subscriptions.list() == []


async def test_subscribe_list_and_unsubscribe_in_a_channel(engine: AsyncEngine) -> None:
    """An admin subscribes, sees the schedule with its next time, and removes it."""
    _clock, _pub, service, commands = await wired(engine)
    reply = await commands.execute_line(
        "/subscribe at:08:00,17:30 tz:Europe/Berlin days:mon,fri topics:kursk when_empty:note",
        ADMIN,
    )
    assert reply.status == "ok", text_of(reply)
    assert "08:00, 17:30 on mon,fri (Europe/Berlin)" in text_of(reply)
    assert "Next: Mon 2025-03-03 08:00 CET" in text_of(reply)
    listing = await commands.execute_line("/subscriptions", MEMBER)
    assert "#1" in text_of(listing)
    assert "topics: kursk" in text_of(listing)
    removed = await commands.execute_line("/unsubscribe 1", ADMIN)
    assert "Removed #1" in text_of(removed)
    assert await service.subscriptions.list() == []


async def test_bad_subscription_is_explained(engine: AsyncEngine) -> None:
    """A typo in the time zone comes back as a usage message naming it."""
    _clock, _pub, _service, commands = await wired(engine)
    reply = await commands.execute_line("/subscribe at:08:00 tz:Europe/Berlni", ADMIN)
    assert reply.status == "usage"
    assert "Europe/Berlni" in text_of(reply)


async def test_digest_preview_and_post_now(engine: AsyncEngine) -> None:
    """/digest previews privately; /digest post:true posts once and is refused to members."""
    _clock, publisher, service, commands = await wired(engine)
    preview = await commands.execute_line("/digest", MEMBER)
    assert preview.ephemeral
    assert "Story early-news" in text_of(preview)
    assert publisher.posts == []
    refused = await commands.execute_line("/digest post:true", MEMBER)
    assert refused.status == "forbidden"
    posted = await commands.execute_line("/digest post:true", ADMIN)
    assert "Posted 1 message" in text_of(posted)
    assert len(publisher.posts) == 1
    # The manual post counts as delivered: the next preview has nothing new.
    again = await commands.execute_line("/digest", MEMBER)
    assert "Nothing new" in text_of(again)
    [delivery] = await service.deliveries.list(channel_id="c1")
    assert delivery.status == "sent"


async def test_digests_file_is_declared_state(engine: AsyncEngine, tmp_path: Path) -> None:
    """digests.yaml adds and updates its entries on start-up and removes the ones deleted."""
    _clock, _pub, service, _commands = await wired(engine, tmp_path)
    path = tmp_path / "digests.yaml"
    path.write_text(
        "digests:\n"
        "  - platform: discord\n    guild: 123\n    channel: 456\n    at: ['08:00']\n"
        "    tz: Europe/Berlin\n    topics: [kursk]\n"
        "  - platform: slack\n    team: T1\n    channel: C1\n    cron: '0 9 * * 1-5'\n"
        "    tz: America/New_York\n    when_empty: note\n"
    )
    await service.subscriptions.add(
        __import__("bot.scheduling.subscriptions", fromlist=["make_spec"]).make_spec(
            platform="discord", channel_id="manual", at="07:00"
        ),
        service.clock.now(),
    )
    await service.sync_file()
    subs = {s.channel_id: s for s in await service.subscriptions.list()}
    assert set(subs) == {"456", "C1", "manual"}
    assert subs["456"].workspace_id == "123"
    assert subs["456"].source == "file"
    path.write_text(
        "digests:\n"
        "  - platform: discord\n    guild: 123\n    channel: 456\n    at: ['09:15']\n"
        "    tz: Europe/Berlin\n"
    )
    await service.sync_file()
    subs = {s.channel_id: s for s in await service.subscriptions.list()}
    assert set(subs) == {"456", "manual"}
    assert subs["456"].times == ("09:15",)


async def test_migrations_match_the_declared_schema(engine: AsyncEngine) -> None:
    """The Alembic scripts create exactly the tables and columns db.py declares."""

    def diff(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection)
        return [
            d
            for d in compare_metadata(context, metadata)
            if not (
                isinstance(d, tuple) and d[0] == "remove_table" and d[1].name == "alembic_version"
            )
        ]

    async with engine.connect() as conn:
        problems = await conn.run_sync(diff)
    # Type-level differences between JSON/Text renderings are dialect noise; tables and
    # columns must match.
    structural = [
        p
        for p in problems
        if isinstance(p, tuple)
        and p[0] in ("add_table", "remove_table", "add_column", "remove_column")
    ]
    assert structural == []
