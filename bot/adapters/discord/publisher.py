"""Post replies to Discord channels with deterministic nonces, through discord.py's HTTP client.

Each page is a channel message carrying a ``nonce`` derived from the delivery key and
``enforce_nonce: true``: Discord answers a repeated POST with the same nonce (within a few
minutes) with the message it already created, so a retried post never duplicates. Discord does
not return the nonce when messages are read back, so each page also shows a short reference
derived from the key at the end of its embed footer (``briefbot digest · ref 3f9a1c2b4d5e``):
:meth:`DiscordPublisher.find_published` reads the channel's recent messages and matches bot
messages by that reference. Connection errors are never retried here; the caller asks
:meth:`DiscordPublisher.find_published` first.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import aiohttp
import discord
from discord.http import HTTPClient, Route

from bot.adapters.discord.render import render_post
from bot.core.ports import Platform, Target
from bot.core.reply import Reply
from bot.errors import ChannelUnavailable, PlatformError, RateLimited

log = logging.getLogger(__name__)

NONCE_PREFIX = "bb"
NONCE_HASH_CHARS = 19  # 2 + 19 + 4 = 25, Discord's nonce limit
SCAN_LIMIT = 50
REF_CHARS = 12
FOOTER_ROOM = 1900  # of Discord's 2048 footer characters, so the reference is never cut off
REF_PATTERN = re.compile(r"\bref ([0-9a-f]{12})(?:/(\d+))?\b")


def nonce_stem(key: str) -> str:
    """Return the part of every page's nonce that identifies the delivery key."""
    return NONCE_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:NONCE_HASH_CHARS]


def page_nonce(key: str, page: int) -> str:
    """Return the nonce of one page of a delivery (at most 25 characters)."""
    return f"{nonce_stem(key)}{page:04d}"


def delivery_ref(key: str) -> str:
    """Return the short reference shown in every page's footer (12 hex characters)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:REF_CHARS]


def with_ref(page: Reply, key: str, number: int) -> Reply:
    """Return the page with the delivery reference appended to its footer."""
    ref = f"ref {delivery_ref(key)}" + (f"/{number}" if page.pages > 1 else "")
    if not page.footer:
        return replace(page, footer=f"briefbot · {ref}")
    # Digest footers already name briefbot ("briefbot digest"); others get the name added.
    brand = "" if "briefbot" in page.footer else "briefbot · "
    return replace(page, footer=f"{page.footer[:FOOTER_ROOM]} · {brand}{ref}")


def page_number(page: Reply, position: int) -> int:
    """Return a page's number: its own when paginated (a resumed rest keeps it), else position."""
    return page.page if page.pages > 1 else position


def translate_error(exc: BaseException, what: str) -> PlatformError:
    """Return the briefbot error for a discord.py or connection failure."""
    if isinstance(exc, discord.RateLimited):
        return RateLimited(f"{what}: rate limited", exc.retry_after)
    if isinstance(exc, discord.HTTPException):
        if exc.status == 429:
            retry = exc.response.headers.get("Retry-After", "1")
            try:
                seconds = float(retry)
            except ValueError:
                seconds = 1.0
            return RateLimited(f"{what}: rate limited", seconds)
        if exc.status in (403, 404):
            return ChannelUnavailable(f"{what}: {exc.status} {exc.text}".strip())
        return PlatformError(f"{what}: HTTP {exc.status} {exc.text}".strip())
    return PlatformError(f"{what}: {type(exc).__name__}: {exc}")


class DiscordPublisher:
    """Implements :class:`bot.core.ports.Publisher` for Discord channels."""

    platform: Platform = "discord"

    def __init__(self, http: HTTPClient) -> None:
        self._http = http

    async def _request(self, route: Route, what: str, **kwargs: Any) -> Any:
        try:
            return await self._http.request(route, **kwargs)
        except (discord.HTTPException, discord.RateLimited) as exc:
            raise translate_error(exc, what) from exc
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            # Not retried: the message may have been created; find_published decides.
            raise translate_error(exc, what) from exc

    async def publish(self, target: Target, pages: Sequence[Reply], *, key: str) -> list[str]:
        """Post each page as a message tagged with a nonce from ``key``; return message ids."""
        ids: list[str] = []
        for position, page in enumerate(pages, start=1):
            number = page_number(page, position)
            body = render_post(with_ref(page, key, number), nonce=page_nonce(key, number))
            route = Route("POST", "/channels/{channel_id}/messages", channel_id=target.channel_id)
            data = await self._request(route, f"post to channel {target.channel_id}", json=body)
            ids.append(str(data["id"]))
        log.info("posted %d message(s) to discord channel %s", len(ids), target.channel_id)
        return ids

    async def find_published(self, target: Target, key: str) -> list[str] | None:
        """Return ids of recent bot messages showing this key's reference (page order), or None."""
        route = Route("GET", "/channels/{channel_id}/messages", channel_id=target.channel_id)
        messages = await self._request(
            route, f"read channel {target.channel_id}", params={"limit": SCAN_LIMIT}
        )
        ref = delivery_ref(key)
        found: dict[int, str] = {}
        for message in messages:
            if not (message.get("author") or {}).get("bot"):
                continue
            for embed in message.get("embeds") or []:
                match = REF_PATTERN.search((embed.get("footer") or {}).get("text") or "")
                if match and match.group(1) == ref:
                    # Newest first: keep the oldest message of a page (the one posted first).
                    found[int(match.group(2) or 1)] = str(message["id"])
        if not found:
            return None
        return [found[number] for number in sorted(found)]
