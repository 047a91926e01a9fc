"""Alembic environment: runs on the connection that :func:`bot.db.engine.migrate` passes in."""

from __future__ import annotations

from alembic import context

from bot.db.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through bot.db.engine.migrate()")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
