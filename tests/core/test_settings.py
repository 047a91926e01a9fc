"""Settings: .env.example lists every setting, and secrets never show."""

from __future__ import annotations

import re

import pytest

from bot.settings import Settings
from tests.conftest import REPO


def example_names() -> set[str]:
    """Return the variable names set in .env.example."""
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_lists_exactly_the_settings() -> None:
    """Every setting has a line in .env.example, and every line is a setting."""
    expected = {f"BRIEFBOT_{name.upper()}" for name in Settings.model_fields}
    assert example_names() == expected


def test_env_example_lines_have_comments() -> None:
    """Each setting in .env.example is explained by a comment above it (or its group)."""
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if re.match(r"^[A-Z]", line):
            above = [x for x in lines[max(0, number - 3) : number] if x.startswith("#")]
            assert above, f"no comment near {line}"


def test_secrets_are_hidden_in_repr_and_dump(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tokens never appear when settings are printed or dumped."""
    monkeypatch.setenv("BRIEFBOT_DISCORD_TOKEN", "super-secret-discord-token")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert "super-secret-discord-token" not in repr(settings)
    assert "super-secret-discord-token" not in settings.model_dump_json()
    assert settings.platforms == ["discord"]


def test_lists_are_comma_separated_and_empty_values_are_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Guild ids split on commas; an empty shard count means 'not set'."""
    monkeypatch.setenv("BRIEFBOT_DISCORD_GUILD_IDS", "123, 456")
    monkeypatch.setenv("BRIEFBOT_DISCORD_SHARD_COUNT", "")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.discord_guild_ids == [123, 456]
    assert settings.discord_shard_count is None


def test_plain_database_url_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    """DATABASE_URL without prefix works, as hosting platforms set it."""
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://u@db/briefbot")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.resolved_database_url == "postgresql+asyncpg://u@db/briefbot"
