"""The subscriptions, deliveries and digest --channel command lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import BRIEFINGS


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.setenv("BRIEFBOT_BRIEFINGS_DIR", str(BRIEFINGS))
    return tmp_path


def test_add_list_remove_subscriptions(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A subscription added from the CLI is listed (also as JSON) and can be removed."""
    assert (
        main(
            [
                "subscriptions",
                "add",
                "--platform",
                "discord",
                "--channel",
                "42",
                "--guild",
                "7",
                "--at",
                "08:00,17:30",
                "--days",
                "mon,tue",
                "--tz",
                "Europe/Berlin",
                "--topics",
                "kursk",
                "--when-empty",
                "note",
            ]
        )
        == 0
    )
    assert "#1 discord 42: 08:00, 17:30 on mon,tue (Europe/Berlin)" in capsys.readouterr().out
    assert main(["subscriptions", "list", "--json"]) == 0
    [sub] = json.loads(capsys.readouterr().out)
    assert (sub["channel_id"], sub["workspace_id"], sub["topics"]) == ("42", "7", ["kursk"])
    assert main(["subscriptions", "remove", "1"]) == 0
    assert main(["subscriptions", "list"]) == 0
    assert capsys.readouterr().out.endswith("no subscriptions\n")


def test_bad_zone_is_a_one_line_error(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown time zone exits 1 with a message naming it."""
    assert (
        main(
            [
                "subscriptions",
                "add",
                "--platform",
                "slack",
                "--channel",
                "C1",
                "--at",
                "08:00",
                "--tz",
                "Berlin",
            ]
        )
        == 1
    )
    assert "Unknown time zone “Berlin”" in capsys.readouterr().err


def test_digest_dry_run_for_a_channel(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`digest --channel ID --dry-run` prints what the channel would get, posting nothing."""
    assert (
        main(
            [
                "subscriptions",
                "add",
                "--platform",
                "slack",
                "--channel",
                "C1",
                "--at",
                "08:00",
                "--tz",
                "UTC",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["digest", "--channel", "C1", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# dry run: channel C1")
    assert main(["deliveries", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


ADD_SLACK = ["subscriptions", "add", "--platform", "slack", "--channel", "C1", "--tz", "UTC"]


def test_digest_dry_run_for_an_unsubscribed_channel_is_an_error(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A channel with no subscription exits 1 and says so, instead of printing a digest."""
    assert main([*ADD_SLACK, "--at", "08:00"]) == 0
    capsys.readouterr()
    assert main(["digest", "--channel", "nonexistent", "--dry-run"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no subscription for channel nonexistent" in captured.err


def test_identical_subscription_is_not_added_twice(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Adding the same schedule again names the existing one; another time is still allowed."""
    assert main([*ADD_SLACK, "--at", "08:00"]) == 0
    assert main([*ADD_SLACK, "--at", "08:00"]) == 1
    assert "already has this digest as #1" in capsys.readouterr().err
    assert main([*ADD_SLACK, "--at", "09:00"]) == 0
    capsys.readouterr()
    assert main(["subscriptions", "list", "--json"]) == 0
    subs = json.loads(capsys.readouterr().out)
    assert [s["times"] for s in subs] == [["08:00"], ["09:00"]]


def test_discord_channel_name_is_refused_with_what_to_pass(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--channel general` on Discord explains that a numeric channel id is needed."""
    argv = ["subscriptions", "add", "--platform", "discord", "--channel", "general"]
    assert main([*argv, "--at", "08:00", "--tz", "UTC"]) == 1
    err = capsys.readouterr().err
    assert "Discord channel ids are numbers" in err
    assert "--channel 1234567890123456789" in err
    assert main(["subscriptions", "list"]) == 0
    assert capsys.readouterr().out == "no subscriptions\n"
