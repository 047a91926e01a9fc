"""Rendering stays within Discord's limits, and the fake's validator catches bad payloads."""

from __future__ import annotations

import discord
import pytest
from discord.http import Route
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.discord.commands import application_commands
from bot.adapters.discord.render import (
    escape_text,
    page_custom_id,
    paginate_reply,
    parse_custom_id,
    render_callback,
    render_choices,
    render_post,
)
from bot.core.reply import Field, Reply, Section, Span, plain
from tests.fakes.discord import (
    FakeDiscord,
    SpecValidator,
    command_limit_errors,
    message_limit_errors,
)

VALIDATOR = SpecValidator()


def _problems(body: dict[str, object]) -> list[str]:
    data = body["data"]
    assert isinstance(data, dict)
    return VALIDATOR.errors("callback_message", body) + message_limit_errors(data)


def _huge_reply(text: str, count: int) -> Reply:
    sections = tuple(
        Section(
            heading=(Span(text[:300], "bold", "https://example.com/a(b)"),),
            quote=(plain(text * 3),),
            lines=(plain(text),),
            fields=tuple(Field(text * 2, plain(text * 20)) for _ in range(3)),
            note=((Span(text, "italic"),),),
        )
        for _ in range(count)
    )
    return Reply(
        text * 10,
        sections=sections,
        intro=(plain(text * 50),),
        footer=text * 100,
        command="/search text:" + text[:40],
    )


@settings(max_examples=25, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab *_`@<>#\\|~[]()-\n"), min_size=1, max_size=120),
    count=st.integers(min_value=1, max_value=30),
)
def test_every_page_of_any_reply_fits_discord_limits(text: str, count: int) -> None:
    """However long or odd the reply, each rendered page is a valid Discord callback."""
    for page in paginate_reply(_huge_reply(text, count)):
        assert _problems(render_callback(page, page.page)) == []


def test_paging_button_ids_carry_the_command_or_a_digest() -> None:
    """Short commands ride in the button id; long ones become a digest under 100 chars."""
    assert parse_custom_id(page_custom_id("/help", 2)) == (2, "/help", False)
    long_id = page_custom_id("/search text:" + "x" * 200, 3)
    assert len(long_id) <= 100
    page, _key, is_digest = parse_custom_id(long_id) or (0, "", False)
    assert (page, is_digest) == (3, True)


def test_markdown_and_mentions_in_data_are_escaped() -> None:
    """Formatting characters show literally and mentions cannot ping."""
    escaped = escape_text("**bold** <@123> @everyone # title")
    assert "**bold**" not in escaped
    assert "<@123>" not in escaped
    assert "@everyone" not in escaped


def test_autocomplete_answers_at_most_25_unique_choices() -> None:
    """More than 25 suggestions are cut to 25, without duplicates."""
    body = render_choices([(f"name {n}", f"v{n % 30}") for n in range(60)])
    assert len(body["data"]["choices"]) == 25
    assert VALIDATOR.errors("callback_autocomplete", body) == []


def test_channel_post_and_commands_are_valid() -> None:
    """Digest posts and the command definitions pass the spec and Discord's extra rules."""
    post = render_post(_huge_reply("word ", 12), nonce="bb" + "0" * 23)
    assert VALIDATOR.errors("message_create", post) + message_limit_errors(post) == []
    body = application_commands()
    assert VALIDATOR.errors("bulk_overwrite", body) + command_limit_errors(body) == []


async def test_fake_rejects_and_records_payloads_that_break_discord_rules() -> None:
    """The fake answers 400 and records a violation for each invalid body it receives."""
    fake = FakeDiscord()
    await fake.start()
    Route.BASE = fake.api_url
    http = discord.http.HTTPClient(loop=None)  # type: ignore[arg-type]
    try:
        await http.static_login("fake-token")
        bad_commands = [
            {
                "name": "Quote",
                "description": "x",
                "type": 1,
                "options": [
                    {
                        "type": 3,
                        "name": "who",
                        "description": "x",
                        "autocomplete": True,
                        "choices": [{"name": "a", "value": "a"}],
                    }
                ],
            }
        ]
        bad_callback = {
            "type": 4,
            "data": {"content": "x" * 2001, "embeds": [{"title": "t" * 300}]},
        }
        for route, body in (
            (Route("PUT", "/applications/{a}/commands", a=fake.application_id), bad_commands),
            (Route("POST", "/interactions/{i}/{t}/callback", i=1, t="x"), bad_callback),
        ):
            with pytest.raises(discord.HTTPException) as raised:
                await http.request(route, json=body)
            assert raised.value.status == 400
    finally:
        await http.close()
        await fake.stop()
    text = "\n".join(fake.violations)
    assert "lowercase" in text
    assert "autocomplete with choices" in text
    assert "2001" in text
    assert "title" in text
