"""The SQL schema: one MetaData for every table, created by the Alembic scripts in migrations/.

Features (subscriptions, deliveries, rate budgets, the Slack installation store) import their
table from here instead of declaring their own; a test keeps this schema and the migrations equal.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every database (SQLite stores it naive, so we re-attach UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store aware datetimes as UTC; reject naive ones, which would be ambiguous."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes cannot be stored")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(16), nullable=False),
    Column("workspace_id", String(64), nullable=False, server_default=""),
    Column("channel_id", String(64), nullable=False),
    Column("times", JSON, nullable=False),
    Column("days", JSON, nullable=False),
    Column("cron", String(128), nullable=True),
    Column("tz", String(64), nullable=False),
    Column("topics", JSON, nullable=False),
    Column("when_empty", String(8), nullable=False, server_default="skip"),
    Column("source", String(8), nullable=False, server_default="command"),
    Column("file_key", String(255), nullable=True, unique=True),
    Column("created_by", String(64), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("checked_through", UTCDateTime, nullable=False),
    Column("paused_at", UTCDateTime, nullable=True),
    Column("pause_reason", Text, nullable=True),
    Column("unavailable_count", Integer, nullable=False, server_default="0"),
    Index("ix_subscriptions_channel", "platform", "channel_id"),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # The claim: one row per (subscription, slot), made unique by its deterministic key.
    Column("key", String(64), nullable=False, unique=True),
    Column("subscription_id", Integer, nullable=True),
    Column("slot_key", String(32), nullable=False),
    Column("platform", String(16), nullable=False),
    Column("workspace_id", String(64), nullable=False, server_default=""),
    Column("channel_id", String(64), nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("owner", String(64), nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("content_until", UTCDateTime, nullable=True),
    Column("message_ids", JSON, nullable=True),
    Column("reason", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_deliveries_status_due", "status", "due_at"),
    Index("ix_deliveries_channel", "platform", "channel_id"),
)

# Shared rate budgets (GCRA): `tat` is the theoretical arrival time, in epoch seconds, of
# the next request; every replica reserves its slots from the same row.
rate_budgets = Table(
    "rate_budgets",
    metadata,
    Column("bucket", String(128), primary_key=True),
    Column("tat", Float, nullable=False),
)

# When this deployment first saw each briefing (by id): a story added today with last year's
# publication date is new to the channels, so digests count it from the moment it appeared.
briefings_seen = Table(
    "briefings_seen",
    metadata,
    Column("story_id", String(255), primary_key=True),
    Column("first_seen", UTCDateTime, nullable=False),
)

# Live scheduler processes: each writes its heartbeat here, so every replica knows how many
# share the platform's global limit and takes its part of the per-second window.
replicas = Table(
    "replicas",
    metadata,
    Column("owner", String(64), primary_key=True),
    Column("seen_at", UTCDateTime, nullable=False),
)

# Slack OAuth installations (slack_sdk Installation and Bot records, one row each, newest wins),
# used by bot.adapters.slack.installations; the whole record is kept as JSON text in `data`.
slack_installations = Table(
    "slack_installations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # "installation" | "bot"
    Column("enterprise_id", String(32), nullable=True),
    Column("team_id", String(32), nullable=True),
    Column("user_id", String(32), nullable=True),
    Column("is_enterprise_install", Boolean, nullable=False, default=False, server_default=false()),
    Column("installed_at", DateTime(timezone=True), nullable=False),
    Column("data", Text, nullable=False),
    Index("ix_slack_installations_lookup", "client_id", "kind", "enterprise_id", "team_id"),
)


# The shared briefing library (PostgreSQL only; see bot.library): one row per briefing file by
# its name in the library ("<id>.yaml" for ingested stories, the relative path for imported
# hand-written files). ``data`` is the file exactly as it would be on disk (None: deleted, a
# tombstone that tells replicas to drop it). ``record`` is the compact encoding of the validated
# record (bot.core.cache) for ``record_format``; a replica of another format validates ``data``.
# ``revision`` grows with every write (writers hold one advisory lock, so revisions commit in
# order) and is how a replica catches up: everything above the last revision it applied.
library_files = Table(
    "library_files",
    metadata,
    Column("name", String(255), primary_key=True),
    Column("briefing_id", String(255), nullable=True),
    Column("data", LargeBinary, nullable=True),
    Column("record", LargeBinary, nullable=True),
    Column("record_format", String(64), nullable=True),
    Column("origin", String(16), nullable=False),  # "ingest" | "file"
    Column("revision", BigInteger, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Index("ix_library_files_revision", "revision", unique=True),
    Index("ix_library_files_updated", "updated_at"),
)

# The ingest service's own state documents in the shared library (the text-dedup index and the
# story clusterer's state), written in the same transaction as the briefing they describe.
ingest_documents = Table(
    "ingest_documents",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("data", LargeBinary, nullable=False),
    Column("version", BigInteger, nullable=False),
)

# Feed polling shared by replicas: each feed's state (validators, seen entries, back-off) as
# JSON, and the lease that lets exactly one replica poll a feed at a time.
feed_states = Table(
    "feed_states",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("state", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

feed_leases = Table(
    "feed_leases",
    metadata,
    Column("url", String(2048), primary_key=True),
    Column("owner", String(64), nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)
