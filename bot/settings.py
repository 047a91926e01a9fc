"""Settings: every knob briefbot has, read once from the environment and ``.env``.

Each field is an environment variable with the ``BRIEFBOT_`` prefix (``DATABASE_URL`` is also
accepted unprefixed, as hosting platforms set it). ``.env.example`` lists every one of them;
a test keeps the two equal. Secrets are ``SecretStr`` and never reach logs or output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import ConfigError

# What a user reads for pydantic's error types (the rest keep pydantic's own words).
_PLAIN_ERRORS = {
    "int_parsing": "not a whole number",
    "float_parsing": "not a number",
    "bool_parsing": "not true or false",
    "literal_error": "must be one of {expected}",
}


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


CsvInts = Annotated[list[int], NoDecode]
CsvStrs = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    """All settings; build once in ``cli.main`` and pass down."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
        env_ignore_empty=True,
    )

    # --- core -------------------------------------------------------------------------------
    briefings_dir: Path = Field(Path("briefings"), description="Directory of briefing files.")
    data_dir: Path = Field(Path("data"), description="Where the database and caches live.")
    watch: bool = Field(True, description="Reload briefings when files change.")
    max_file_bytes: int = Field(1_048_576, description="Largest briefing file accepted.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    console: bool = Field(False, description="Serve the console channel even with tokens set.")

    # --- database and scheduling -------------------------------------------------------------
    database_url: str = Field(
        "",
        repr=False,  # may hold a password
        validation_alias=AliasChoices("BRIEFBOT_DATABASE_URL", "DATABASE_URL"),
        description="SQLAlchemy async URL; empty means a SQLite file in data_dir.",
    )
    library_store: Literal["auto", "files", "database"] = Field(
        "auto",
        description="Where ingest writes briefings: auto means the database on PostgreSQL.",
    )
    library_poll_seconds: float = Field(
        30.0, gt=0, description="Catch-up look for library changes missed while disconnected."
    )
    digest_grace_minutes: int = Field(60, description="Send a missed slot if this late.")
    sweep_seconds: int = Field(60, description="Upper bound on digest lateness.")
    digests_file: Path = Field(Path("digests.yaml"), description="Declared digest schedules.")
    delivery_lease_seconds: int = Field(60, description="A stalled delivery is retaken after.")
    discord_requests_per_second: float = Field(
        48.5, description="Digest fan-out budget under Discord's 50/s global limit."
    )

    # --- discord -----------------------------------------------------------------------------
    discord_token: SecretStr | None = None
    discord_guild_ids: CsvInts = Field(default_factory=list)
    discord_shard_count: int | None = None
    discord_shard_ids: CsvInts = Field(default_factory=list)
    discord_auto_shard: bool = False
    discord_sync_commands: bool = Field(True, description="Only one process should sync.")
    discord_api_url: str = Field("", description="Override Discord's REST base (testing).")

    # --- slack -------------------------------------------------------------------------------
    slack_bot_token: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_admin_group: str | None = Field(None, description="User group that may post/manage.")
    slack_api_url: str = Field("", description="Override Slack's Web API base (testing).")

    # --- http server, push api ---------------------------------------------------------------
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    http_enabled: bool | None = Field(
        None, description="Serve /healthz and /metrics; unset: on for `run`, off for console."
    )
    shutdown_grace_seconds: float = Field(10.0, description="Bound on a graceful shutdown.")
    api_token: SecretStr | None = Field(None, description="Bearer token for the push API.")

    # --- ingest ------------------------------------------------------------------------------
    feeds: CsvStrs = Field(default_factory=list, description="Feed URLs to poll.")
    feed_interval_minutes: int = 15
    fetch_allow_private: bool = Field(False, description="Allow fetching private addresses.")
    fetch_timeout_seconds: float = 20.0
    fetch_max_bytes: int = 5_000_000
    fetch_allow_networks: CsvStrs = Field(
        default_factory=list, description="Networks always allowed, e.g. 10.0.0.0/8."
    )
    feed_initial_entries: int = Field(3, description="Entries ingested on a feed's first poll.")
    feed_max_backoff_minutes: int = Field(360, description="Longest wait after feed errors.")
    feed_lease_seconds: float = Field(
        20.0, gt=0, description="A replica that stops renewing its feed lease loses it after."
    )
    api_max_bytes: int = Field(2_000_000, description="Largest push API request body.")
    stories: bool = Field(True, description="Cluster ingested articles into stories.")
    story_quiet_hours: float = Field(
        96.0, gt=0, description="A story closes after this long without a new article."
    )
    story_threshold: float = Field(
        0.25, gt=0, le=1, description="Similarity an article needs to join a story."
    )

    # --- optional llm extraction -------------------------------------------------------------
    llm_base_url: str = Field("", description="OpenAI-compatible endpoint; empty disables.")
    llm_model: str = ""
    llm_api_key: SecretStr | None = None

    @field_validator(
        "discord_guild_ids", "discord_shard_ids", "feeds", "fetch_allow_networks", mode="before"
    )
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("http_port", mode="before")
    @classmethod
    def _port(cls, value: object) -> object:
        try:
            port = int(str(value).strip())
        except ValueError:
            port = -1
        if not 0 <= port <= 65535:
            raise ValueError(f"not a valid port: {value!r}")
        return port

    @property
    def resolved_database_url(self) -> str:
        """Return the database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'briefbot.db'}"

    @property
    def shared_library(self) -> bool:
        """Return whether briefings, ingest state and feeds are shared through PostgreSQL."""
        if self.library_store == "files":
            return False
        postgres = self.resolved_database_url.startswith("postgresql")
        if self.library_store == "database" and not postgres:
            raise ConfigError("BRIEFBOT_LIBRARY_STORE=database needs a PostgreSQL database URL")
        return postgres

    @property
    def platforms(self) -> list[str]:
        """Return the chat platforms that have credentials configured."""
        found = []
        if self.discord_token:
            found.append("discord")
        if self.slack_bot_token or self.slack_client_id:
            found.append("slack")
        return found


def load_settings() -> Settings:
    """Return the settings, or raise ConfigError with one line per invalid variable."""
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError("\n".join(settings_problems(exc))) from None


def settings_problems(exc: ValidationError) -> list[str]:
    """Return one ``VARIABLE: what is wrong: 'value'`` line per error, without pydantic's links."""
    lines = []
    for error in exc.errors(include_url=False):
        field, *position = error["loc"] or ("?",)
        variable = f"BRIEFBOT_{str(field).upper()}"
        if position:
            variable += f" (item {int(position[0]) + 1})" if isinstance(position[0], int) else ""
        if error["type"] == "value_error":
            text = str(error["msg"]).removeprefix("Value error, ")
        else:
            template = _PLAIN_ERRORS.get(error["type"], str(error["msg"]))
            text = template.format(**error.get("ctx", {}))
            if "input" in error:
                text += f": {error['input']!r}"
        lines.append(f"{variable}: {text}")
    return lines
