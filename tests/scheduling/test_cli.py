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
