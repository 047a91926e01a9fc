"""Initial schema: subscriptions, deliveries, rate budgets, Slack installations.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("workspace_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("times", sa.JSON, nullable=False),
        sa.Column("days", sa.JSON, nullable=False),
        sa.Column("cron", sa.String(128), nullable=True),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("topics", sa.JSON, nullable=False),
        sa.Column("when_empty", sa.String(8), nullable=False, server_default="skip"),
        sa.Column("source", sa.String(8), nullable=False, server_default="command"),
        sa.Column("file_key", sa.String(255), nullable=True, unique=True),
        sa.Column("created_by", sa.String(64), nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("checked_through", TS, nullable=False),
        sa.Column("paused_at", TS, nullable=True),
        sa.Column("pause_reason", sa.Text, nullable=True),
        sa.Column("unavailable_count", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_subscriptions_channel", "subscriptions", ["platform", "channel_id"])
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("subscription_id", sa.Integer, nullable=True),
        sa.Column("slot_key", sa.String(32), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("workspace_id", sa.String(64), nullable=False, server_default=""),
        sa.Column("channel_id", sa.String(64), nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(64), nullable=True),
        sa.Column("lease_until", TS, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("content_until", TS, nullable=True),
        sa.Column("message_ids", sa.JSON, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_deliveries_status_due", "deliveries", ["status", "due_at"])
    op.create_index("ix_deliveries_channel", "deliveries", ["platform", "channel_id"])
    op.create_table(
        "rate_budgets",
        sa.Column("bucket", sa.String(128), primary_key=True),
        sa.Column("tat", sa.Float, nullable=False),
    )
    op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("enterprise_id", sa.String(32), nullable=True),
        sa.Column("team_id", sa.String(32), nullable=True),
        sa.Column("user_id", sa.String(32), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("installed_at", TS, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index(
        "ix_slack_installations_lookup",
        "slack_installations",
        ["client_id", "kind", "enterprise_id", "team_id"],
    )


def downgrade() -> None:
    """Drop the tables."""
    for table in ("slack_installations", "rate_budgets", "deliveries", "subscriptions"):
        op.drop_table(table)
