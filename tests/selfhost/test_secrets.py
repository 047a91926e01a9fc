"""Secrets never reach logs or CLI output, whatever command runs and whatever fails."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.log import configure_logging, log_context
from bot.settings import Settings
from tests.conftest import REPO, SEED_BRIEFING

SECRETS = {
    "BRIEFBOT_DISCORD_TOKEN": "Bot SeCrEtDiScOrD.token.value-4242",
    "BRIEFBOT_SLACK_BOT_TOKEN": "xoxp-SeCrEtSlAcKbOt-4242",
    "BRIEFBOT_SLACK_APP_TOKEN": "xapp-SeCrEtSlAcKaPp-4242",
    "BRIEFBOT_SLACK_SIGNING_SECRET": "SeCrEtSiGnInG4242",
    "BRIEFBOT_SLACK_CLIENT_SECRET": "SeCrEtClIeNt4242",
    "BRIEFBOT_API_TOKEN": "SeCrEtApI4242",
    "BRIEFBOT_LLM_API_KEY": "sk-SeCrEtLlM4242",
}
DB_PASSWORD = "SeCrEtDbPaSs4242"


def run_cli(tmp_path: Path, *args: str, env: dict[str, str], stdin: str = "") -> tuple[str, str]:
    """Run briefbot in a subprocess; return its stdout and stderr."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    full_env.update(env, PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=full_env,
        input=stdin.encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    return result.stdout.decode(), result.stderr.decode()


@pytest.fixture
def base_env(tmp_path: Path) -> dict[str, str]:
    briefings = tmp_path / "briefings"
    briefings.mkdir()
    (briefings / SEED_BRIEFING.name).write_bytes(SEED_BRIEFING.read_bytes())
    (briefings / "broken.yaml").write_text("id: [oops\n", encoding="utf-8")
    return {
        "BRIEFBOT_BRIEFINGS_DIR": str(briefings),
        "BRIEFBOT_DATA_DIR": str(tmp_path / "data"),
        "BRIEFBOT_LOG_LEVEL": "DEBUG",
        "BRIEFBOT_HTTP_PORT": "1",  # nothing listens there: `health` fails and says why
        "BRIEFBOT_WATCH": "false",
    }


def assert_no_secret(output: str) -> None:
    for name, value in [*SECRETS.items(), ("database password", DB_PASSWORD)]:
        assert value not in output, f"{name} leaked:\n{output}"


@pytest.mark.slow
def test_doctor_and_health_never_show_secrets(tmp_path: Path, base_env: dict[str, str]) -> None:
    """Doctor describes bad tokens and a failing database without repeating any secret."""
    env = {
        **base_env,
        **SECRETS,
        "BRIEFBOT_DATABASE_URL": f"postgresql+asyncpg://bot:{DB_PASSWORD}@127.0.0.1:1/briefbot",
    }
    output = "".join(run_cli(tmp_path, "doctor", env=env))
    assert "FAIL discord token" in output  # the checks really looked at the tokens
    assert "FAIL database" in output
    assert_no_secret(output)
    output = "".join(run_cli(tmp_path, "health", env={**env, "BRIEFBOT_LOG_FORMAT": "json"}))
    assert "no answer" in output
    assert_no_secret(output)


@pytest.mark.slow
def test_console_run_never_shows_secrets(tmp_path: Path, base_env: dict[str, str]) -> None:
    """Replies and debug logs of a console run contain no secret; logs omit typed ones too."""
    # Platform tokens stay unset here so no real network connection is attempted.
    env = {
        **base_env,
        **{k: v for k, v in SECRETS.items() if "DISCORD" not in k and "SLACK_BOT" not in k},
    }
    for log_format in ("text", "json"):
        env["BRIEFBOT_LOG_FORMAT"] = log_format
        typed = SECRETS["BRIEFBOT_API_TOKEN"]
        stdout, stderr = run_cli(
            tmp_path,
            "run",
            "--console",
            env=env,
            stdin=f"/quote blinken\n/nonsense\n/quote {typed}\n",
        )
        assert "Antony Blinken" in stdout
        assert "command_id" in stderr
        assert_no_secret(stderr)
        # A user who pastes a secret as an argument sees it echoed, but the logs never hold it.
        assert_no_secret(stdout.replace(typed, ""))


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_secrets_in_messages_and_tracebacks_are_redacted(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
    log_format: str,
) -> None:
    """A secret inside a log message or an exception's traceback is replaced by stars."""
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BRIEFBOT_DATABASE_URL", f"postgresql+asyncpg://u:{DB_PASSWORD}@db/x")
    settings = Settings(_env_file=None, log_format=log_format)  # type: ignore[call-arg]
    configure_logging(settings)
    log = logging.getLogger("bot.test")
    token = SECRETS["BRIEFBOT_SLACK_BOT_TOKEN"]
    with log_context(command_id="c0ffee01"):
        log.error("calling with %s", token)
        try:
            raise ConnectionError(f"refused: {settings.resolved_database_url}")
        except ConnectionError:
            log.exception("connect failed")
    output = capsys.readouterr().err
    assert "**********" in output
    assert "c0ffee01" in output
    assert "ConnectionError" in output
    assert_no_secret(output)


def test_settings_repr_hides_every_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    """Printing the settings shows no token and no database password."""
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BRIEFBOT_DATABASE_URL", f"postgresql+asyncpg://u:{DB_PASSWORD}@db/x")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert_no_secret(repr(settings))
    assert_no_secret(str(settings))
