"""The briefbot command line: clear output, exit statuses, never a traceback."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import BRIEFINGS, REPO
from tests.helpers import run_briefbot


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run the CLI with settings from this test only (no .env, the seed briefing, tmp data)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFBOT_BRIEFINGS_DIR", str(BRIEFINGS))
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(tmp_path / "data"))
    for name in ("BRIEFBOT_DISCORD_TOKEN", "BRIEFBOT_SLACK_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_ask_quote_prints_the_reply(capsys: pytest.CaptureFixture[str]) -> None:
    """`briefbot ask "/quote blinken"` prints Blinken's quotes and exits 0."""
    assert main(["ask", "/quote blinken"]) == 0
    out = capsys.readouterr().out
    assert "Antony Blinken, U.S. Secretary of State" in out
    assert "meat grinder" in out


def test_ask_unknown_speaker_exits_1_with_message(capsys: pytest.CaptureFixture[str]) -> None:
    """A speaker nobody quoted exits 1 and says so, without a traceback."""
    assert main(["ask", "/quote nobody"]) == 1
    captured = capsys.readouterr()
    assert "No one named “nobody”" in captured.out
    assert "Traceback" not in captured.err


def test_validate_reports_each_problem_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefbot validate DIR` lists problems with paths and exits 1."""
    (tmp_path / "bad.yaml").write_text("id: Bad Id\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "bad.yaml" in out
    assert "id:" in out
    assert "title: required field is missing" in out


def test_validate_seed_briefing_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """`briefbot validate` on a directory holding the seed briefing reports it valid."""
    assert main(["validate"]) == 0
    assert "1 briefing(s) valid" in capsys.readouterr().out


def test_digest_since_lists_new_stories(capsys: pytest.CaptureFixture[str]) -> None:
    """`briefbot digest --since` shows stories published after the date."""
    assert main(["digest", "--since", "2024-10-01"]) == 0
    out = capsys.readouterr().out
    assert "1 new story" in out
    assert "North Korean troops" in out
    assert main(["digest", "--since", "2025-01-01"]) == 0
    assert "Nothing new" in capsys.readouterr().out


def test_schema_file_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """briefings/schema.json equals the schema generated from the models."""
    assert main(["schema"]) == 0
    generated = json.loads(capsys.readouterr().out)
    shipped = json.loads((REPO / "briefings" / "schema.json").read_text(encoding="utf-8"))
    assert generated == shipped, "run: briefbot schema --write briefings/schema.json"


def test_bad_arguments_exit_2_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown option is a usage error from argparse."""
    with pytest.raises(SystemExit) as exited:
        main(["digest", "--since", "yesterday"])
    assert exited.value.code == 2
    assert "not an ISO date" in capsys.readouterr().err


def test_console_run_answers_piped_commands_and_exits_0(tmp_path: Path) -> None:
    """Piped command lines into `briefbot run` are all answered, then it exits 0."""
    env = {
        "PATH": "/usr/bin:/bin",
        "BRIEFBOT_DATA_DIR": str(tmp_path / "data"),
        "BRIEFBOT_BRIEFINGS_DIR": str(BRIEFINGS),
        "BRIEFBOT_WATCH": "false",
        "HOME": str(tmp_path),
    }
    done = run_briefbot("run", input="/quote blinken\n/figures\n", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "Antony Blinken, U.S. Secretary of State" in done.stdout
    assert "about 1,200 casualties per day" in done.stdout


def test_ask_discord_json_prints_the_callback_body(capsys: pytest.CaptureFixture[str]) -> None:
    """`ask --platform discord --json` prints an interaction callback that pings no one."""
    assert main(["ask", "/quote blinken", "--platform", "discord", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["type"] == 4
    assert body["data"]["allowed_mentions"] == {"parse": []}
    assert body["data"]["embeds"][0]["title"] == "Antony Blinken, U.S. Secretary of State"


def test_ask_slack_json_prints_block_kit(capsys: pytest.CaptureFixture[str]) -> None:
    """`ask --platform slack --json` prints a Block Kit message with a header."""
    assert main(["ask", "/figures", "--platform", "slack", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["blocks"][0]["type"] == "header"
    assert "8,000 troops" in json.dumps(body)


def test_commands_json_for_both_platforms(capsys: pytest.CaptureFixture[str]) -> None:
    """`commands --platform ... --json` lists every catalogued command on each platform."""
    assert main(["commands", "--platform", "discord", "--json"]) == 0
    discord_names = {c["name"] for c in json.loads(capsys.readouterr().out)}
    assert main(["commands", "--platform", "slack", "--json"]) == 0
    slack_names = {c["command"].lstrip("/") for c in json.loads(capsys.readouterr().out)}
    assert {"quote", "figures", "brief", "search", "digest", "subscribe"} <= discord_names
    assert {"quote", "figures", "brief", "search", "digest", "subscribe"} <= slack_names


def test_invalid_port_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """BRIEFBOT_HTTP_PORT=notaport names the variable and value, without pydantic's dump."""
    monkeypatch.setenv("BRIEFBOT_HTTP_PORT", "notaport")
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err == "briefbot: BRIEFBOT_HTTP_PORT: not a valid port: 'notaport'\n"


def test_each_invalid_setting_gets_its_own_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two bad variables give two lines, each naming its variable; no web links."""
    monkeypatch.setenv("BRIEFBOT_HTTP_PORT", "70000")
    monkeypatch.setenv("BRIEFBOT_WATCH", "maybe")
    assert main(["ask", "/help"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert sorted(lines) == [
        "briefbot: BRIEFBOT_HTTP_PORT: not a valid port: '70000'",
        "briefbot: BRIEFBOT_WATCH: not true or false: 'maybe'",
    ]


def test_unexpected_error_id_is_logged_with_its_cause(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An error shown only as an id is in the log (stderr) with that id and its traceback."""
    import bot.cli.core

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(bot.cli.core, "load_directory", broken)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    shown = re.search(r"briefbot: Something went wrong on our side\. The error id is (\w+)\.", err)
    assert shown is not None, err
    assert f"RuntimeError: disk on fire (error id {shown.group(1)})" in err
    assert "Traceback" in err


@pytest.mark.slow
def test_help_ask_and_validate_load_no_sdk_or_database(tmp_path: Path) -> None:
    """`--help`, `ask` and `validate` load neither discord.py, bolt, SQLAlchemy nor trafilatura."""
    heavy = ("discord", "slack_bolt", "slack_sdk", "sqlalchemy", "trafilatura", "alembic")
    for argv in (["--help"], ["ask", "/quote blinken"], ["validate"]):
        code = (
            "import sys, contextlib, io\n"
            "from bot.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            f"    main({argv!r})\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
        )
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
        env["BRIEFBOT_BRIEFINGS_DIR"] = str(BRIEFINGS)
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert done.stdout.strip() == "[]", (argv, done.stdout, done.stderr)


async def test_refused_slack_token_is_a_user_error_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bot token the fake Slack answers invalid_auth to says so, not 'went wrong on our side'."""
    from tests.fakes.slack import APP_TOKEN, FakeSlack

    slack = FakeSlack()
    await slack.start()
    try:
        monkeypatch.setenv("BRIEFBOT_SLACK_BOT_TOKEN", "xoxb-not-the-fakes-token")
        monkeypatch.setenv("BRIEFBOT_SLACK_APP_TOKEN", APP_TOKEN)
        monkeypatch.setenv("BRIEFBOT_SLACK_API_URL", slack.api_url)
        monkeypatch.setenv("BRIEFBOT_HTTP_ENABLED", "false")
        monkeypatch.setenv("BRIEFBOT_WATCH", "false")
        status = await asyncio.to_thread(main, ["run"])
    finally:
        await slack.close()
    err = capsys.readouterr().err
    assert status == 1
    assert (
        "briefbot: Slack refused the bot token (invalid_auth): check BRIEFBOT_SLACK_BOT_TOKEN\n"
        in err
    )
    assert "went wrong on our side" not in err
    assert "Unclosed client session" not in err


async def test_refused_discord_token_is_a_user_error_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 401 from the fake Discord at login names BRIEFBOT_DISCORD_TOKEN, with no error id."""
    from tests.fakes.discord import FakeDiscord

    discord = FakeDiscord()
    await discord.start()
    try:
        discord.fail_next("GET", "/users/@me", 401, code=0)
        monkeypatch.setenv("BRIEFBOT_DISCORD_TOKEN", "revoked-token")
        monkeypatch.setenv("BRIEFBOT_DISCORD_API_URL", discord.api_url)
        monkeypatch.setenv("BRIEFBOT_HTTP_ENABLED", "false")
        monkeypatch.setenv("BRIEFBOT_WATCH", "false")
        status = await asyncio.to_thread(main, ["run"])
    finally:
        await discord.stop()
    err = capsys.readouterr().err
    assert status == 1
    assert (
        "briefbot: Discord refused the bot token (401 Unauthorized): check BRIEFBOT_DISCORD_TOKEN\n"
        in err
    )
    assert "error id" not in err


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            {"BRIEFBOT_DISCORD_TOKEN": "some-token", "BRIEFBOT_DISCORD_API_URL": "{dead}/api/v10"},
            "cannot reach Discord",
        ),
        (
            {
                "BRIEFBOT_SLACK_BOT_TOKEN": "xoxb-1-some-token",
                "BRIEFBOT_SLACK_APP_TOKEN": "xapp-1-some-token",
                "BRIEFBOT_SLACK_API_URL": "{dead}/api/",
            },
            "cannot reach Slack",
        ),
    ],
)
def test_an_unreachable_platform_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    settings: dict[str, str],
    expected: str,
) -> None:
    """Nothing listening at the API URL: the reason and the setting to check, no error id."""
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    for name, value in settings.items():
        monkeypatch.setenv(name, value.format(dead=dead))
    monkeypatch.setenv("BRIEFBOT_HTTP_ENABLED", "false")
    monkeypatch.setenv("BRIEFBOT_WATCH", "false")
    status = main(["run"])
    err = capsys.readouterr().err
    assert status == 1
    assert expected in err
    assert "_API_URL" in err
    assert "error id" not in err
