"""Slack OAuth installations for several workspaces, kept in the bot's database (SQLAlchemy).

Implements slack_sdk's :class:`AsyncInstallationStore` over one table, ``slack_installations``:
each OAuth install adds an ``installation`` row and a ``bot`` row; lookups take the newest row.
The full record is stored as JSON so new slack_sdk fields survive without a migration.
"""

from __future__ import annotations

import json
import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.core.ports import Clock

log = logging.getLogger(__name__)


def _to_json(record: dict[str, Any]) -> str:
    def default(value: object) -> str:
        if isinstance(value, datetime):
            return value.isoformat()
        raise TypeError(f"cannot store {type(value).__name__}")

    return json.dumps(record, default=default)


class SqlInstallationStore(AsyncInstallationStore):
    """Installation store over the ``slack_installations`` table of the bot's database."""

    def __init__(self, engine: AsyncEngine, client_id: str, table: sa.Table) -> None:
        # The table comes from the database schema (bot.db.tables, with its migrations);
        # app.py passes it in so this adapter does not depend on the scheduler's package.
        self._engine = engine
        self._client_id = client_id
        self._table = table

    @property
    def logger(self) -> logging.Logger:
        """Return the logger slack_sdk expects every store to have."""
        return log

    async def async_save(self, installation: Installation) -> None:
        """Save an installation and its bot, in one transaction."""
        async with self._engine.begin() as conn:
            await conn.execute(self._row("installation", installation))
            if installation.bot_token:
                await conn.execute(self._row("bot", installation.to_bot()))

    async def async_save_bot(self, bot: Bot) -> None:
        """Save a bot installation."""
        async with self._engine.begin() as conn:
            await conn.execute(self._row("bot", bot))

    def _row(self, kind: str, record: Installation | Bot) -> sa.Insert:
        user_id = record.user_id if isinstance(record, Installation) else None
        return self._table.insert().values(
            client_id=self._client_id,
            kind=kind,
            enterprise_id=record.enterprise_id,
            team_id=None if record.is_enterprise_install else record.team_id,
            user_id=user_id,
            is_enterprise_install=bool(record.is_enterprise_install),
            installed_at=datetime.fromtimestamp(record.installed_at, tz=UTC),
            data=_to_json(record.to_dict_for_copying()),
        )

    def _latest(
        self,
        kind: str,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None,
        user_id: str | None = None,
    ) -> sa.Select[Any]:
        table = self._table
        query = sa.select(table.c.data).where(
            table.c.client_id == self._client_id, table.c.kind == kind
        )
        query = query.where(
            table.c.enterprise_id.is_(None)
            if enterprise_id is None
            else table.c.enterprise_id == enterprise_id
        )
        if not is_enterprise_install:
            query = query.where(
                table.c.team_id.is_(None) if team_id is None else table.c.team_id == team_id
            )
        if user_id is not None:
            query = query.where(table.c.user_id == user_id)
        return query.order_by(table.c.installed_at.desc(), table.c.id.desc()).limit(1)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """Return the newest bot installation of a workspace (or org), if any."""
        async with self._engine.connect() as conn:
            data = await conn.scalar(
                self._latest("bot", enterprise_id, team_id, is_enterprise_install)
            )
        return Bot(**json.loads(str(data))) if data else None

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """Return the newest installation of a workspace (and user, if given), if any."""
        async with self._engine.connect() as conn:
            data = await conn.scalar(
                self._latest("installation", enterprise_id, team_id, is_enterprise_install, user_id)
            )
        return Installation(**json.loads(str(data))) if data else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Delete a workspace's bot installations (app uninstalled, tokens revoked)."""
        await self._delete("bot", enterprise_id, team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Delete a workspace's installations (only one user's, if given)."""
        await self._delete("installation", enterprise_id, team_id, user_id)

    async def _delete(
        self,
        kind: str,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
    ) -> None:
        table = self._table
        query = sa.delete(table).where(
            table.c.client_id == self._client_id,
            table.c.kind == kind,
            table.c.enterprise_id.is_(None)
            if enterprise_id is None
            else table.c.enterprise_id == enterprise_id,
            table.c.team_id.is_(None) if team_id is None else table.c.team_id == team_id,
        )
        if user_id is not None:
            query = query.where(table.c.user_id == user_id)
        async with self._engine.begin() as conn:
            await conn.execute(query)


class MemoryOAuthStateStore(AsyncOAuthStateStore):
    """OAuth ``state`` values, kept in memory for a few minutes (an install takes seconds).

    A restart in the middle of an install only means the user clicks "Add to Slack" again.
    """

    def __init__(self, clock: Clock, ttl: timedelta = timedelta(minutes=10)) -> None:
        self._clock = clock
        self._ttl = ttl
        self._states: dict[str, datetime] = {}

    @property
    def logger(self) -> logging.Logger:
        """Return the logger slack_sdk expects every store to have."""
        return log

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        """Return a new single-use state value."""
        now = self._clock.now()
        self._states = {s: t for s, t in self._states.items() if now - t < self._ttl}
        state = secrets.token_urlsafe(24)
        self._states[state] = now
        return state

    async def async_consume(self, state: str) -> bool:
        """Return True (once) if the state was issued here and has not expired."""
        issued = self._states.pop(state, None)
        return issued is not None and self._clock.now() - issued < self._ttl
