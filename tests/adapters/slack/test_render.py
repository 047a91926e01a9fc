"""Block Kit rendering: escaping, Slack's limits, paging, and the manifest's command list."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.adapters.slack.commands import manifest, slash_commands
from bot.adapters.slack.render import (
    check_limits,
    escape,
    parse_page_value,
    render_error,
    render_reply,
)
from bot.core.catalog import COMMANDS
from bot.core.reply import Field, Link, Reply, Section, Span, plain
from tests.conftest import REPO
from tests.fakes.slack import check_message

# Mostly short odd text, sometimes text long enough to hit every limit (cheap to generate).
long_text = st.builds(
    lambda chunk, n: chunk * n,
    st.sampled_from(["a", "<&>", "é *", "<!here> "]),
    st.integers(0, 3500),
)
text = st.one_of(st.text(max_size=40), long_text)
spans = st.builds(
    Span,
    text,
    st.sampled_from(["plain", "bold", "italic", "code"]),
    st.one_of(st.none(), st.just("https://example.com/a?b=1&c=<2>|x")),
)
lines = st.lists(spans, min_size=0, max_size=3).map(tuple)
sections = st.builds(
    Section,
    heading=lines,
    quote=st.lists(lines, max_size=3).map(tuple),
    lines=st.lists(lines, max_size=3).map(tuple),
    fields=st.lists(st.builds(Field, text, lines), max_size=25).map(tuple),
    note=st.lists(lines, max_size=14).map(tuple),
)
replies = st.builds(
    Reply,
    title=text,
    sections=st.lists(sections, max_size=20).map(tuple),
    intro=st.lists(lines, max_size=3).map(tuple),
    links=st.lists(st.builds(Link, text, st.just("https://example.com/x")), max_size=3).map(tuple),
    footer=st.one_of(st.none(), text),
    command=st.one_of(st.none(), text.map(lambda t: "/search " + t)),
)


@settings(max_examples=30, deadline=None)
@given(replies, st.integers(min_value=1, max_value=30))
def test_any_reply_renders_within_every_slack_limit(reply: Reply, page: int) -> None:
    """Whatever a briefing holds, every page is a message Slack accepts, with no pings."""
    body = render_reply(reply, page)
    assert check_limits(body) == []
    assert check_message(body) == []


def test_mentions_from_briefing_text_cannot_ping() -> None:
    """<!channel>, <!here>, <!everyone> and <@U…> in data are shown, not delivered."""
    reply = Reply(
        "Alert <!here>",
        intro=(plain("<!channel> <!everyone> <@U123|bob> & co"),),
        sections=(Section(quote=(plain("<!subteam^S1> hi"),)),),
    )
    body = render_reply(reply)
    assert check_message(body) == []
    assert "&lt;!channel&gt; &lt;!everyone&gt; &lt;@U123|bob&gt; &amp; co" in str(body)
    assert "link_names" not in body


def test_links_cannot_break_out_of_their_markup() -> None:
    """A URL with '|' or '>' stays one link; a javascript: URL is not linked."""
    reply = Reply(
        "t",
        intro=(
            (Span("evil", url="https://x.test/a|b>c"),),
            (Span("js", url="javascript:alert(1)"),),
        ),
    )
    intro = render_reply(reply)["blocks"][1]["text"]["text"]
    assert "<https://x.test/a%7Cb%3Ec|evil>" in intro
    assert "javascript" not in intro


def test_page_buttons_carry_the_command_and_page() -> None:
    """Buttons re-run the reply's command line at another page, even after a restart."""
    reply = Reply(
        "Search: troops",
        sections=tuple(Section(lines=(plain(f"story {n}"),)) for n in range(30)),
        command="/search text:troops",
    )
    body = render_reply(reply, 2)
    (actions,) = [b for b in body["blocks"] if b["type"] == "actions"]
    values = {e["action_id"]: parse_page_value(e["value"]) for e in actions["elements"]}
    assert values == {
        "briefbot_page_prev": ("/search text:troops", 1),
        "briefbot_page_next": ("/search text:troops", 3),
    }


def test_error_message_shows_the_error_id() -> None:
    """Errors are one short line plus the id users can quote to the admin."""
    body = render_error("Something went wrong <@U1>.", "abcd1234")
    assert check_message(body) == []
    assert body["blocks"][-1]["elements"][0]["text"] == "Error id: abcd1234"


def test_escape_handles_ampersands_first() -> None:
    """'&lt;' in data stays visible as '&lt;' instead of becoming '<'."""
    assert escape("&lt; <b>") == "&amp;lt; &lt;b&gt;"


def test_manifest_file_matches_the_generated_manifest() -> None:
    """slack/manifest.yaml lists exactly the commands and scopes the code uses."""
    on_disk = yaml.safe_load((REPO / "slack" / "manifest.yaml").read_text(encoding="utf-8"))
    assert on_disk == manifest()
    assert on_disk["features"]["slash_commands"] == slash_commands()
    assert on_disk["settings"]["socket_mode_enabled"] is True


def test_every_catalogued_command_is_reachable_on_slack() -> None:
    """Each command has its own slash command, or /briefbot <command> (help)."""
    names = {c["command"].lstrip("/") for c in slash_commands()}
    assert "briefbot" in names
    assert {spec.name for spec in COMMANDS} - names == {"help"}


def test_http_mode_manifest_points_commands_at_our_endpoint() -> None:
    """With a public URL, commands, buttons and OAuth go to our HTTP server."""
    http = manifest("https://bot.example/")
    events = "https://bot.example/slack/events"
    assert {c["url"] for c in http["features"]["slash_commands"]} == {events}
    assert http["settings"]["interactivity"]["request_url"] == events
    assert http["oauth_config"]["redirect_urls"] == ["https://bot.example/slack/oauth_redirect"]
    assert http["settings"]["socket_mode_enabled"] is False
