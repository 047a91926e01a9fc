"""Alembic migration scripts for the briefbot database, shipped inside the package."""
