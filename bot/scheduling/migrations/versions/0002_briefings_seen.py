"""When the bot first saw each briefing, so late-added old stories reach the next digest.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the briefings_seen table."""
    op.create_table(
        "briefings_seen",
        sa.Column("story_id", sa.String(255), primary_key=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop the briefings_seen table."""
    op.drop_table("briefings_seen")
