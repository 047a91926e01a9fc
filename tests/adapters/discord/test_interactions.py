"""Slash commands, autocomplete and buttons, end to end through the real discord.py client."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from bot.adapters.discord.client import DiscordService
from bot.adapters.discord.render import LONG_COMMAND_NOTE, command_key, render_callback
from bot.core.commands import CommandEngine, Invocation
from bot.core.reply import Reply, Section, plain
from tests.adapters.discord.conftest import start_service
from tests.fakes.discord import FakeDiscord

GOLDEN = Path(__file__).parent / "golden" / "quote_blinken_callback.json"


async def test_quote_blinken_answers_with_who_said_what_when_and_where(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """Typing /quote blinken shows Blinken, his role, the quote, the date and the outlet."""
    body = await fake.callback(await fake.slash("quote", {"speaker": "blinken"}))
    assert body["type"] == 4
    embed = body["data"]["embeds"][0]
    assert embed["title"] == "Antony Blinken, U.S. Secretary of State"
    assert "meat grinder of his own making" in embed["description"]
    assert "31 Oct 2024" in embed["description"]
    assert "Fox News" in embed["description"]
    assert body["data"]["allowed_mentions"] == {"parse": []}
    assert "flags" not in body["data"]  # everyone in the channel sees it


async def test_quote_callback_matches_the_reviewed_golden_file(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """The exact /quote blinken callback body is the one reviewed in the golden file."""
    body = await fake.callback(await fake.slash("quote", {"speaker": "blinken"}))
    assert body == json.loads(GOLDEN.read_text(encoding="utf-8"))


async def test_speaker_autocomplete_offers_blinken_within_25_choices(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """Typing 'blin' in the speaker box suggests Antony Blinken (at most 25 choices)."""
    body = await fake.callback(await fake.autocomplete("quote", "speaker", "blin"))
    assert body["type"] == 8
    choices = body["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert choices[0]["value"] == "antony-blinken"
    assert "Antony Blinken" in choices[0]["name"]


async def test_story_autocomplete_offers_the_kursk_story(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """Typing 'kur' in /brief's story box suggests the Kursk briefing."""
    body = await fake.callback(await fake.autocomplete("brief", "story", "kur"))
    values = [c["value"] for c in body["data"]["choices"]]
    assert values == ["north-korean-troops-kursk"]


async def test_unknown_speaker_is_told_privately(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """A name nobody said anything under gets a private not-found answer."""
    body = await fake.callback(await fake.slash("quote", {"speaker": "nobody-at-all"}))
    assert body["data"]["flags"] == 64
    assert "nobody-at-all" in body["data"]["embeds"][0]["description"]


async def test_figures_and_brief_and_sources_answer(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """/figures, /brief, /search and /sources all answer with an embed."""
    for name, options in (
        ("figures", {}),
        ("brief", {"story": "north-korean-troops-kursk"}),
        ("search", {"text": "kursk"}),
        ("sources", {}),
    ):
        body = await fake.callback(await fake.slash(name, options))
        assert body["type"] == 4, name
        assert body["data"]["embeds"][0]["title"], name


async def test_help_pages_with_buttons_that_work_after_a_restart(
    fake: FakeDiscord, engine: CommandEngine, tmp_path: Path
) -> None:
    """/help's Next button still turns the page when clicked after the bot restarted."""
    first = await start_service(fake, engine, tmp_path / "data")
    try:
        body = await fake.callback(await fake.slash("help"))
    finally:
        await first.close()
    row = body["data"]["components"][0]["components"]
    previous, following = row
    assert previous["disabled"] is True
    assert following["disabled"] is False
    assert "Page 1/2" in body["data"]["embeds"][0]["footer"]["text"]

    second = await start_service(fake, engine, tmp_path / "data")
    try:
        update = await fake.callback(await fake.click(following["custom_id"]))
    finally:
        await second.close()
    assert update["type"] == 7
    assert "Page 2/2" in update["data"]["embeds"][0]["footer"]["text"]
    assert update["data"]["components"][0]["components"][1]["disabled"] is True


async def test_long_command_buttons_say_they_expire_and_explain_after_restart(
    fake: FakeDiscord, service: DiscordService, engine: CommandEngine
) -> None:
    """A command too long for a button id pages until restart, then says to run it again."""

    async def many(args: Mapping[str, str], invocation: Invocation) -> Reply:
        sections = tuple(Section(lines=(plain(f"item {n}"),)) for n in range(20))
        return Reply("Results", sections=sections)

    engine.register("search", many)
    text = "x" * 120
    body = await fake.callback(await fake.slash("search", {"text": text}))
    assert LONG_COMMAND_NOTE in body["data"]["embeds"][0]["footer"]["text"]
    following = body["data"]["components"][0]["components"][1]
    assert len(following["custom_id"]) <= 100

    update = await fake.callback(await fake.click(following["custom_id"]))
    assert "Page 2/" in update["data"]["embeds"][0]["footer"]["text"]

    stale = f"pg:2:#{command_key('/search text:' + 'y' * 120)}"
    expired = await fake.callback(await fake.click(stale))
    assert expired["data"]["flags"] == 64
    assert "Run the command again" in expired["data"]["content"]


async def test_slow_command_is_deferred_then_edited(
    fake: FakeDiscord, engine: CommandEngine, tmp_path: Path
) -> None:
    """A command slower than the 3 s window is acknowledged at once and answered later."""
    release = asyncio.Event()

    async def slow(args: Mapping[str, str], invocation: Invocation) -> Reply:
        await release.wait()
        return Reply("Sources", sections=(Section(lines=(plain("Fox News"),)),))

    engine.register("sources", slow)
    bot = await start_service(fake, engine, tmp_path / "data", defer_after=0.01)
    try:
        interaction = await fake.slash("sources")
        ack = await fake.callback(interaction)
        assert ack == {"type": 5}
        release.set()
        token = fake.token_of(interaction)
        edits = await fake.wait_for(lambda: fake.webhook_edits.get(token))
        assert edits[0]["message"] == "@original"
        assert edits[0]["embeds"][0]["title"] == "Sources"
    finally:
        await bot.close()


async def test_slow_private_answer_replaces_public_thinking_with_private_message(
    fake: FakeDiscord, engine: CommandEngine, tmp_path: Path
) -> None:
    """A deferred public command whose answer is private is re-sent privately."""

    async def private(args: Mapping[str, str], invocation: Invocation) -> Reply:
        await asyncio.sleep(0.05)  # longer than defer_after, to force the deferral
        return Reply("Only you", intro=(plain("secret"),), ephemeral=True)

    engine.register("sources", private)
    bot = await start_service(fake, engine, tmp_path / "data", defer_after=0.001)
    try:
        interaction = await fake.slash("sources")
        token = fake.token_of(interaction)
        posts = await fake.wait_for(lambda: fake.webhook_posts.get(token))
        assert posts[0]["flags"] == 64
        assert fake.webhook_edits[token][0]["deleted"] is True
    finally:
        await bot.close()


async def test_crash_in_a_command_reaches_the_user_with_a_logged_error_id(
    fake: FakeDiscord,
    service: DiscordService,
    engine: CommandEngine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An unexpected error answers privately with an error id that is also in the log."""

    async def broken(args: Mapping[str, str], invocation: Invocation) -> Reply:
        raise RuntimeError("boom")

    engine.register("sources", broken)
    with caplog.at_level(logging.ERROR):
        body = await fake.callback(await fake.slash("sources"))
    content = body["data"]["content"]
    assert body["data"]["flags"] == 64
    error_id = re.findall(r"\b[0-9a-f]{8}\b", content)[-1]
    assert any(error_id in record.getMessage() for record in caplog.records)


async def test_expired_interaction_is_logged_and_the_next_command_works(
    fake: FakeDiscord, service: DiscordService, caplog: pytest.LogCaptureFixture
) -> None:
    """Discord's 10062 (too late) is logged, and the bot keeps answering."""
    payload = fake.interaction(
        2,
        {
            "id": "1",
            "name": "quote",
            "type": 1,
            "options": [{"name": "speaker", "type": 3, "value": "blinken"}],
        },
    )
    fake.expired.add(payload["id"])
    with caplog.at_level(logging.WARNING):
        await fake.dispatch_interaction(payload)
        await fake.wait_for(lambda: any("expired" in r.getMessage() for r in caplog.records))
    body = await fake.callback(await fake.slash("quote", {"speaker": "blinken"}))
    assert body["type"] == 4
    assert service.connected


async def test_rate_limited_callback_is_retried(fake: FakeDiscord, service: DiscordService) -> None:
    """A 429 on the interaction callback is waited out and the answer still arrives."""
    fake.fail_next("POST", "/callback", 429, retry_after=0.01)
    body = await fake.callback(await fake.slash("quote", {"speaker": "blinken"}))
    assert body["type"] == 4


async def test_gateway_disconnect_resumes_and_commands_keep_working(
    fake: FakeDiscord, service: DiscordService
) -> None:
    """After the gateway drops, the bot resumes its session and answers commands."""
    await fake.disconnect(4000)
    await fake.wait_for(lambda: fake.resumes >= 1 and fake.live_sessions)
    assert fake.identifies == 1
    body = await fake.callback(await fake.slash("quote", {"speaker": "blinken"}))
    assert body["type"] == 4


async def test_digest_is_told_whether_the_member_can_manage_the_channel(
    fake: FakeDiscord, service: DiscordService, engine: CommandEngine
) -> None:
    """Members with Manage Channels may post the digest; others only preview it."""
    seen: list[Invocation] = []

    async def digest(args: Mapping[str, str], invocation: Invocation) -> Reply:
        seen.append(invocation)
        return Reply("Digest", ephemeral=True, intro=(plain(args.get("post", "false")),))

    engine.register("digest", digest)
    await fake.callback(await fake.slash("digest", {"post": True}, permissions=1 << 4))
    await fake.callback(await fake.slash("digest", permissions=1 << 11))
    assert [i.can_manage for i in seen] == [True, False]
    assert seen[0].platform == "discord"
    assert seen[0].workspace_id == str(fake.guild_ids[0])
    assert seen[0].channel_id is not None
    assert seen[0].user_id is not None


async def test_mentions_in_data_never_ping(
    fake: FakeDiscord, service: DiscordService, engine: CommandEngine
) -> None:
    """@everyone, @here and <@id> coming from briefing text are shown but cannot ping."""

    async def rude(args: Mapping[str, str], invocation: Invocation) -> Reply:
        return Reply("@everyone look", intro=(plain("hi @here <@123> <@&456>"),))

    engine.register("sources", rude)
    body = await fake.callback(await fake.slash("sources"))
    text = json.dumps(body, ensure_ascii=False)
    for mention in ("@everyone", "@here", "<@123>", "<@&456>"):
        assert mention not in text
    assert body["data"]["allowed_mentions"] == {"parse": []}


def test_golden_file_is_what_the_renderer_produces_offline() -> None:
    """The golden file equals the renderer's output without Discord (briefbot ask --json)."""
    from bot.core.store import BriefingLibrary
    from tests.conftest import BRIEFINGS

    library = BriefingLibrary(BRIEFINGS)
    library.reload()
    engine = CommandEngine(lambda: library.index)
    reply = asyncio.run(engine.execute("quote", {"speaker": "blinken"}, Invocation()))
    assert render_callback(reply) == json.loads(GOLDEN.read_text(encoding="utf-8"))
