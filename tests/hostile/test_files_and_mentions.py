"""Hostile briefing files in briefings/, and mass mentions pushed in, then rendered for posting."""

from __future__ import annotations

import orjson
import pytest

from bot.adapters.discord.render import render_message
from bot.adapters.slack.render import render_reply
from bot.core.commands import CommandEngine, Invocation
from bot.core.index import Index
from bot.core.store import load_directory
from bot.settings import Settings
from tests.hostile.conftest import GOOD, Bot
from tests.hostile.test_push_api import anchor_bomb


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (anchor_bomb("topics"), "topics[0]: Input should be a valid string"),
        (b"id: !!python/object/apply:os.system ['true']\n", "could not determine a constructor"),
        (b"id: " + b"[" * 100_000 + b"\n", "invalid YAML"),
        (b'id: x\ntitle: "\xff"\n', "not UTF-8 text"),
    ],
    ids=["anchor-bomb", "python-tag", "deep-nesting", "bad-utf8"],
)
def test_hostile_briefing_file_is_refused_with_a_clear_message(
    settings: Settings, content: bytes, message: str
) -> None:
    """Each hostile file is one problem naming it; the good file beside it still serves."""
    root = settings.briefings_dir
    root.mkdir(parents=True)
    (root / "hostile.yaml").write_bytes(content)
    (root / "good.json").write_bytes(orjson.dumps(GOOD))
    result = load_directory(root, max_bytes=settings.max_file_bytes)
    assert [b.id for b in result.briefings()] == ["harbour-berths"]
    problems = [str(p) for p in result.problems]
    assert any("hostile.yaml" in p and message in p for p in problems), problems


MENTIONS = "@everyone @here <@&123456789012345678> <@123456789012345678> <!channel> <!here>"


async def test_mass_mentions_pushed_in_never_ping_when_posted(bot: Bot, settings: Settings) -> None:
    """Mentions in a pushed quote come out of both renderers unable to ping anyone."""
    briefing = {
        **GOOD,
        "summary": f"Summary {MENTIONS}",
        "quotes": [{"speaker": None, "text": f"Wake up {MENTIONS}"}],
    }
    status, _ = await bot.post("/api/briefings", orjson.dumps(briefing))
    assert status == 201
    index = Index(load_directory(settings.briefings_dir).briefings())
    reply = await CommandEngine(lambda: index).execute_line("/brief", Invocation())
    discord = render_message(reply)
    assert discord["allowed_mentions"] == {"parse": []}
    text = orjson.dumps(discord).decode()
    for raw in ("@everyone", "@here", "<@&123456789012345678>", "<@123456789012345678>"):
        assert raw not in text
    slack = orjson.dumps(render_reply(reply)).decode()
    assert "link_names" not in slack
    for raw in ("<!channel>", "<!here>", "<@123456789012345678>", "<@&"):
        assert raw not in slack
