"""Who may change channel state from Slack: workspace admins/owners or the admin user group."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.ports import Clock

log = logging.getLogger(__name__)


class AdminCheck:
    """Answers "may this user manage briefbot here?", caching each answer briefly.

    Admin status comes from ``users.info`` (``is_admin``/``is_owner``/``is_primary_owner``);
    members of the configured user group (``settings.slack_admin_group``) also qualify.
    Lookups that fail deny access: a Slack outage must not open the door.
    """

    def __init__(
        self,
        clock: Clock,
        admin_group: str | None = None,
        ttl: timedelta = timedelta(seconds=60),
    ) -> None:
        self._clock = clock
        self._group = admin_group
        self._ttl = ttl
        self._cache: dict[tuple[str, str], tuple[datetime, bool]] = {}

    async def can_manage(self, client: AsyncWebClient, team_id: str, user_id: str) -> bool:
        """Return True if the user is a workspace admin or owner, or in the admin group."""
        key = (team_id, user_id)
        now = self._clock.now()
        cached = self._cache.get(key)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        allowed = await self._lookup(client, user_id)
        self._cache[key] = (now, allowed)
        return allowed

    async def _lookup(self, client: AsyncWebClient, user_id: str) -> bool:
        try:
            info = await client.users_info(user=user_id)
            user = info.get("user") or {}
            if user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"):
                return True
            if self._group:
                members = await client.usergroups_users_list(usergroup=self._group)
                return user_id in (members.get("users") or [])
        except SlackApiError as exc:
            log.warning("admin check for %s failed: %s", user_id, exc.response.get("error"))
        return False
