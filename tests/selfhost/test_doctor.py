"""`briefbot doctor`: one plain line per check, non-zero exit when something must be fixed."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.cli import main
from bot.doctor import (
    Finding,
    check_data_dir,
    check_database,
    check_discord_token,
    check_http_port,
    check_library,
    check_port_free,
    check_slack_tokens,
    check_time_zones,
    check_urls,
    diagnose,
    healthy,
)
from bot.health import HealthProbe
from bot.http.server import WebServer
from bot.metrics import Metrics
from bot.settings import Settings
from tests.conftest import SEED_BRIEFING

GOOD_DISCORD = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB"


def with_(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update=changes)


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        (GOOD_DISCORD, "OK"),
        (f"Bot {GOOD_DISCORD}", "FAIL"),
        (f'"{GOOD_DISCORD}"', "FAIL"),
        ("123456789012345678", "FAIL"),  # an application id, not a token
        ("not-a-token", "FAIL"),
    ],
)
def test_discord_token_shape(token: str, expected: str) -> None:
    """A Discord token must be three base64 parts with dots, without prefix or quotes."""
    finding = check_discord_token(SecretStr(token))
    assert finding.status == expected
    assert token not in finding.line()  # the value is never repeated back


def test_slack_tokens_need_their_prefixes(settings: Settings) -> None:
    """A user token in the bot-token slot and a bot token in the app-token slot both fail."""
    findings = check_slack_tokens(
        with_(
            settings,
            slack_bot_token=SecretStr("xoxp-1-user-token"),
            slack_app_token=SecretStr("xoxb-1-bot-token"),
        )
    )
    by_name = {f.name: f for f in findings}
    assert by_name["slack bot token"].status == "FAIL"
    assert "user token" in by_name["slack bot token"].detail
    assert by_name["slack app token"].status == "FAIL"
    assert "xapp-" in by_name["slack app token"].detail


def test_slack_bot_token_alone_cannot_connect(settings: Settings) -> None:
    """Without an app token or signing secret, doctor says how to pick a Slack mode."""
    findings = check_slack_tokens(with_(settings, slack_bot_token=SecretStr("xoxb-1-2-abc")))
    mode = next(f for f in findings if f.name == "slack mode")
    assert mode.status == "FAIL"
    assert "BRIEFBOT_SLACK_APP_TOKEN" in mode.fix


class ZonedSettings(Settings):
    """Settings with a time-zone field, as the scheduler adds."""

    default_timezone: str = "UTC"


def test_unknown_time_zone_fails(tmp_path: Path) -> None:
    """A time-zone setting that is not in the tz database is reported with an example fix."""
    bad = ZonedSettings(_env_file=None, default_timezone="Mars/Olympus")  # type: ignore[call-arg]
    good = ZonedSettings(_env_file=None, default_timezone="Europe/Berlin")  # type: ignore[call-arg]
    [finding] = check_time_zones(bad)
    assert finding.status == "FAIL"
    assert "Europe/Berlin" in finding.fix
    assert [f.status for f in check_time_zones(good)] == ["OK"]


def test_bad_urls_fail(settings: Settings) -> None:
    """Feed and API URLs must be http(s) URLs."""
    findings = check_urls(
        with_(settings, feeds=["https://example.org/feed", "example.org/rss"], llm_base_url="x")
    )
    assert {f.name for f in findings if f.status == "FAIL"} == {"feeds[1]", "llm_base_url"}


def test_data_dir_that_cannot_be_written(tmp_path: Path) -> None:
    """A data dir that is a file, or on a read-only file system, fails with a fix."""
    a_file = tmp_path / "file"
    a_file.write_text("x")
    assert check_data_dir(a_file).status == "FAIL"
    assert check_data_dir(a_file / "sub").status == "FAIL"
    # /proc refuses new files even for root, which ignores permission bits.
    finding = check_data_dir(Path("/proc"))
    assert finding.status == "FAIL"
    assert "writable" in finding.fix
    assert check_data_dir(tmp_path / "new").status == "OK"


def test_port_in_use_fails() -> None:
    """A port something already listens on is reported, with the setting to change."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        finding = check_port_free("127.0.0.1", port)
    assert finding.status == "FAIL"
    assert "BRIEFBOT_HTTP_PORT" in finding.fix


async def test_port_held_by_the_running_bot_is_fine(settings: Settings) -> None:
    """Run beside the bot (docker compose exec), doctor accepts the bot's own port."""
    server = WebServer(settings, HealthProbe(), Metrics())
    server.health.register("discord", lambda: (False, "not connected"))
    await server.start()
    try:
        beside = with_(settings, http_port=server.port)
        finding = await asyncio.to_thread(check_http_port, beside)
        assert finding.status == "WARN"
        assert "discord (not connected)" in finding.detail
        server.health.register("discord", lambda: (True, "connected"))
        finding = await asyncio.to_thread(check_http_port, beside)
        assert finding.status == "OK"
    finally:
        await server.stop()


async def test_database_url_with_a_sync_driver_fails(settings: Settings) -> None:
    """A plain postgresql:// URL is caught before the bot fails on it, password hidden."""
    findings = await check_database(
        with_(settings, database_url="postgresql://u:hunter22@127.0.0.1:1/x")
    )
    assert [f.status for f in findings] == ["FAIL"]
    assert "postgresql+asyncpg://" in findings[0].fix
    assert "hunter22" not in findings[0].line()


async def test_unreachable_database_fails_without_showing_the_password(settings: Settings) -> None:
    """A database nobody answers for fails, naming the host but not the password."""
    findings = await check_database(
        with_(settings, database_url="postgresql+asyncpg://u:hunter22@127.0.0.1:1/x")
    )
    assert findings[0].status == "FAIL"
    assert "127.0.0.1:1" in findings[0].detail
    assert "hunter22" not in findings[0].line()


async def test_existing_sqlite_database_connects(settings: Settings, tmp_path: Path) -> None:
    """An existing SQLite file is opened and its schema revision reported."""
    import sqlite3

    path = tmp_path / "data" / "briefbot.db"
    path.parent.mkdir()
    sqlite3.connect(path).close()
    findings = await check_database(settings)
    assert findings[0].status == "OK"
    assert healthy(findings)


@pytest.mark.postgres
async def test_postgres_database_connects(settings: Settings, postgres_url: str) -> None:
    """The real PostgreSQL server answers and doctor says so."""
    findings = await check_database(with_(settings, database_url=postgres_url))
    assert findings[0].status == "OK", findings[0].line()


@pytest.mark.parametrize(
    ("url", "store", "status", "words"),
    [
        ("", "auto", "OK", "files in"),
        ("postgresql+asyncpg://u@127.0.0.1:5432/b", "auto", "OK", "shared in PostgreSQL"),
        ("postgresql+asyncpg://u@127.0.0.1:5432/b", "files", "OK", "files in"),
        ("", "database", "FAIL", "needs a PostgreSQL database URL"),
    ],
)
def test_doctor_says_where_the_library_lives(
    settings: Settings, url: str, store: str, status: str, words: str
) -> None:
    """Files for one process, the database for replicas; `database` without PostgreSQL fails."""
    finding = check_library(with_(settings, database_url=url, library_store=store))
    assert finding.status == status
    assert words in finding.line()


async def test_everything_fine_passes(settings: Settings) -> None:
    """With the seed briefing, a writable data dir and a free port, nothing fails."""
    findings = await diagnose(settings)
    assert healthy(findings), "\n".join(f.line() for f in findings)


async def test_broken_briefing_is_listed(settings: Settings, briefings_dir: Path) -> None:
    """Each problem in the briefings directory gets its own line."""
    (briefings_dir / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    findings = await diagnose(settings)
    lines = [f.line() for f in findings]
    assert any(line.startswith("FAIL briefings:") for line in lines)
    assert any("broken.yaml" in line and "invalid YAML" in line for line in lines)


def test_cli_exits_non_zero_with_one_line_per_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`briefbot doctor` prints OK/FAIL lines with fixes and exits 1 when one fails."""
    briefings = tmp_path / "briefings"
    briefings.mkdir()
    (briefings / SEED_BRIEFING.name).write_bytes(SEED_BRIEFING.read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFBOT_BRIEFINGS_DIR", str(briefings))
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFBOT_HTTP_PORT", "0")
    monkeypatch.setenv("BRIEFBOT_DISCORD_TOKEN", "Bot nope")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("FAIL discord token") and "Fix:" in line for line in out)
    assert any(line.startswith("OK   briefings") for line in out)
    assert out[-1].startswith("1 check(s) failed")

    monkeypatch.delenv("BRIEFBOT_DISCORD_TOKEN")
    monkeypatch.setenv("BRIEFBOT_DISCORD_TOKEN", GOOD_DISCORD)
    assert main(["doctor"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "All checks passed."


def test_finding_line_shows_fix_only_when_not_ok() -> None:
    """OK lines stay short; FAIL lines carry the fix."""
    assert Finding("OK", "x", "fine", "do y").line() == "OK   x: fine"
    assert Finding("FAIL", "x", "bad", "do y").line() == "FAIL x: bad Fix: do y"
