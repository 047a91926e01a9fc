"""Slash commands and buttons over Socket Mode, through real slack_bolt against the fake Slack."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from bot.adapters.slack.app import SlackService
from bot.core.reply import Reply, plain
from tests.fakes.slack import FakeSlack

GOLDEN = Path(__file__).parent / "golden"


def all_text(message: dict[str, Any]) -> str:
    """Return every text a user sees in a message body."""
    return json.dumps(message["blocks"], ensure_ascii=False)


async def type_command(fake: FakeSlack, command: str, text: str, **kw: Any) -> dict[str, Any]:
    """Type a slash command as a user; check the ack and return the one answer."""
    payload = fake.slash_payload(command, text, **kw)
    envelope = await fake.wait_ack(await fake.send_envelope("slash_commands", payload))
    assert envelope.ack is not None
    assert envelope.ack["envelope_id"] == envelope.envelope_id
    (answer,) = await fake.wait_responses(payload["response_url"])
    return answer


def check_golden(name: str, body: dict[str, Any]) -> None:
    """Compare a payload with its reviewed golden file (BRIEFBOT_UPDATE_GOLDEN=1 rewrites it)."""
    path = GOLDEN / f"{name}.json"
    text = json.dumps(body, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("BRIEFBOT_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text


async def test_quote_blinken_answers_with_speaker_role_quote_date_and_source(
    fake: FakeSlack, service: SlackService
) -> None:
    """Typing /quote blinken shows Blinken's role, his words, the date and Fox News."""
    answer = await type_command(fake, "/quote", "blinken")
    header = answer["blocks"][0]
    assert header == {
        "type": "header",
        "text": {
            "type": "plain_text",
            "text": "Antony Blinken, U.S. Secretary of State",
            "emoji": False,
        },
    }
    shown = all_text(answer)
    assert "meat grinder of his own making" in shown
    assert "31 Oct 2024" in shown
    assert "Fox News" in shown
    assert answer["response_type"] == "in_channel"
    check_golden("quote_blinken", answer)


async def test_envelope_is_acked_before_the_answer_is_posted(
    fake: FakeSlack, service: SlackService
) -> None:
    """The ack goes back first; the answer follows through the response URL."""
    payload = fake.slash_payload("/brief", "")
    envelope_id = await fake.send_envelope("slash_commands", payload)
    envelope = await fake.wait_ack(envelope_id)
    assert envelope.ack is not None
    assert "payload" not in envelope.ack or not envelope.ack["payload"]
    (answer,) = await fake.wait_responses(payload["response_url"])
    assert "Kursk" in answer["blocks"][0]["text"]["text"]


async def test_umbrella_command_runs_any_command_and_help(
    fake: FakeSlack, service: SlackService
) -> None:
    """/briefbot help lists the commands; /briefbot quote austin runs /quote."""
    help_answer = await type_command(fake, "/briefbot", "help")
    assert help_answer["response_type"] == "ephemeral"
    assert "/quote" in all_text(help_answer)
    quote = await type_command(fake, "/briefbot", "quote austin")
    assert quote["blocks"][0]["text"]["text"].startswith("Lloyd Austin")


async def test_unknown_speaker_gets_a_short_ephemeral_answer(
    fake: FakeSlack, service: SlackService
) -> None:
    """A name nobody said anything under is answered privately, not in the channel."""
    answer = await type_command(fake, "/quote", "nobody-at-all")
    assert answer["response_type"] == "ephemeral"
    assert "nobody-at-all" in all_text(answer)


async def test_pings_in_briefing_text_are_neutralised(
    fake: FakeSlack, service: SlackService
) -> None:
    """Search text echoed back never pings the channel or a user (the fake checks every body)."""
    answer = await type_command(fake, "/search", "<!channel> <@U123> & troops")
    shown = all_text(answer)
    assert "<!channel>" not in shown
    assert "<@U123>" not in shown
    assert "&lt;!channel&gt;" in shown


async def test_page_buttons_move_through_a_long_answer(
    fake: FakeSlack, service: SlackService
) -> None:
    """/briefbot help is long enough to page; Next replaces the message with page 2."""
    answer = await type_command(fake, "/briefbot", "help")
    actions = [b for b in answer["blocks"] if b["type"] == "actions"]
    assert actions, "help should be paged with buttons"
    (next_button,) = [e for e in actions[0]["elements"] if e["action_id"].endswith("_next")]
    response_url = fake.new_response_url()
    click = fake.button_payload(next_button, response_url)
    await fake.wait_ack(await fake.send_envelope("interactive", click))
    (page_two,) = await fake.wait_responses(response_url)
    assert page_two["replace_original"] is True
    assert "Page 2 of" in all_text(page_two)


async def test_digest_post_is_refused_for_non_admins(
    fake: FakeSlack, service: SlackService
) -> None:
    """A member who is not an admin cannot post the digest; they are told so privately."""
    answer = await type_command(fake, "/digest", "post:true")
    assert answer["response_type"] == "ephemeral"
    assert "admins" in all_text(answer)
    assert fake.channels["C1"].messages == []


def record_digest_posts(engine: Any) -> list[Any]:
    """Register a digest handler that records who asked to post (the scheduler's role)."""
    calls: list[Any] = []

    async def digest(args: Any, invocation: Any) -> Reply:
        calls.append((dict(args), invocation))
        return Reply("Digest posted", intro=(plain("Posted 1 message."),), ephemeral=True)

    engine.register("digest", digest)
    return calls


async def test_digest_post_by_workspace_admin_goes_to_the_channel(
    fake: FakeSlack, service: SlackService
) -> None:
    """An admin's /digest post:true reaches the digest service as a manager, confirmed privately."""
    calls = record_digest_posts(service.listeners._engine)
    fake.users["U1"]["is_admin"] = True
    posted = await type_command(fake, "/digest", "post:true")
    assert posted["response_type"] == "ephemeral"
    assert "Posted 1 message." in str(posted)
    (args, invocation) = calls[0]
    assert args["post"] == "true"
    assert invocation.can_manage is True
    assert invocation.channel_id is not None


async def test_admin_group_member_may_post_the_digest(fake: FakeSlack, engine: Any) -> None:
    """Members of settings.slack_admin_group count as admins."""
    from tests.adapters.slack.conftest import slack_settings

    calls = record_digest_posts(engine)
    fake.users["U2"] = {"id": "U2", "name": "bob", "is_admin": False, "is_owner": False}
    fake.usergroups["S1"] = ["U2"]
    service = SlackService(slack_settings(fake, slack_admin_group="S1"), engine)
    await service.start()
    try:
        await type_command(fake, "/digest", "post:true", user_id="U2")
        assert calls[0][1].can_manage is True
    finally:
        await service.close()


async def test_failure_reaches_the_user_with_an_error_id_that_is_logged(
    fake: FakeSlack, service: SlackService, caplog: Any
) -> None:
    """An internal error becomes a short ephemeral message whose error id is in the log."""

    async def broken(args: Any, invocation: Any) -> Any:
        raise RuntimeError("index exploded")

    service.listeners._engine.register("sources", broken)
    answer = await type_command(fake, "/sources", "")
    assert answer["response_type"] == "ephemeral"
    text = all_text(answer)
    assert "index exploded" not in text
    error_id = answer["blocks"][-1]["elements"][0]["text"].removeprefix("Error id: ")
    assert error_id in text
    assert any(error_id in record.getMessage() for record in caplog.records)
