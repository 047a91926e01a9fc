"""First-seen times of briefings (late-added old stories) and replica heartbeats.

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
    """Create the briefings_seen and replicas tables."""
    op.create_table(
        "briefings_seen",
        sa.Column("story_id", sa.String(255), primary_key=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "replicas",
        sa.Column("owner", sa.String(64), primary_key=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop the briefings_seen and replicas tables."""
    op.drop_table("replicas")
    op.drop_table("briefings_seen")
