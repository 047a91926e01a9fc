"""The shared briefing library, the ingest state documents and shared feed polling.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the library_files, ingest_documents, feed_states and feed_leases tables."""
    op.create_table(
        "library_files",
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("briefing_id", sa.String(255), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=True),
        sa.Column("record", sa.LargeBinary(), nullable=True),
        sa.Column("record_format", sa.String(64), nullable=True),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_library_files_revision", "library_files", ["revision"], unique=True)
    op.create_index("ix_library_files_updated", "library_files", ["updated_at"])
    if op.get_bind().dialect.name == "postgresql":
        # The library's revisions (bot.library.database); the library is PostgreSQL-only.
        op.execute("CREATE SEQUENCE IF NOT EXISTS library_revision")
    op.create_table(
        "ingest_documents",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "feed_states",
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "feed_leases",
        sa.Column("url", sa.String(2048), primary_key=True),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop the shared library and feed tables."""
    op.drop_table("feed_leases")
    op.drop_table("feed_states")
    op.drop_table("ingest_documents")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE IF EXISTS library_revision")
    op.drop_index("ix_library_files_updated", table_name="library_files")
    op.drop_index("ix_library_files_revision", table_name="library_files")
    op.drop_table("library_files")
