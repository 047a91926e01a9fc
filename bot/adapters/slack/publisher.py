"""The Slack publisher: posts digest pages with message metadata, finds them after a crash.

Each message carries ``metadata={"event_type": "briefbot_digest", "event_payload": {"key",
"page"}}`` (plus ``"part"`` when one page needs several messages), so
:meth:`SlackPublisher.find_published` can read ``conversations.history`` and tell whether a
delivery already went out. Slack errors become :mod:`bot.errors` exceptions here.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any, Literal

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.render import paginate_reply, render_page
from bot.core.ports import Target
from bot.core.reply import Reply
from bot.errors import ChannelUnavailable, PlatformError, PlatformUnreachable, RateLimited

log = logging.getLogger(__name__)

EVENT_TYPE = "briefbot_digest"
HISTORY_PAGES = 5  # up to 1,000 recent messages: a digest older than that is not a retry
HISTORY_LIMIT = 200
CHANNEL_ERRORS = frozenset(
    {"channel_not_found", "not_in_channel", "is_archived", "missing_scope", "restricted_action"}
)

ClientFor = Callable[[str | None], Awaitable[AsyncWebClient]]


@contextlib.asynccontextmanager
async def slack_errors(action: str) -> AsyncIterator[None]:
    """Translate Slack and connection errors raised inside the block into bot.errors."""
    try:
        yield
    except SlackApiError as exc:
        response = exc.response
        error = str(response.get("error", "unknown_error"))
        if response.status_code == 429:
            retry = response.headers.get("Retry-After") or response.headers.get("retry-after")
            raise RateLimited(f"{action}: rate limited", float(retry or 1)) from exc
        if error in CHANNEL_ERRORS:
            raise ChannelUnavailable(f"{action}: {error}") from exc
        raise PlatformError(f"{action}: {error}") from exc
    except aiohttp.ClientConnectorError as exc:
        raise PlatformUnreachable(
            f"{action}: cannot reach Slack: {exc}; check the network and BRIEFBOT_SLACK_API_URL"
        ) from exc
    except (aiohttp.ClientError, TimeoutError) as exc:
        # The request may or may not have reached Slack; the caller checks find_published.
        raise PlatformError(f"{action}: {type(exc).__name__}: {exc}") from exc


class SlackPublisher:
    """Posts replies to Slack channels; implements :class:`bot.core.ports.Publisher`."""

    platform: Literal["slack"] = "slack"

    def __init__(self, client_for: ClientFor) -> None:
        self._client_for = client_for

    async def publish(self, target: Target, pages: Sequence[Reply], *, key: str) -> list[str]:
        """Post every page as one message tagged with ``key``; return the message timestamps."""
        client = await self._client_for(target.workspace_id)
        # A neutral page may still be too big for Slack: split it again, never truncate.
        bodies: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for position, page in enumerate(pages, start=1):
            # A paginated page keeps its own number, so a resumed rest continues the sequence.
            number = page.page if page.pages > 1 else position
            parts = paginate_reply(replace(page, command=None, page=1, pages=1))
            for part_number, part in enumerate(parts, start=1):
                payload: dict[str, Any] = {"key": key, "page": number}
                if len(parts) > 1:
                    payload["part"] = part_number
                bodies.append((render_page(part), payload))
        ids: list[str] = []
        for count, (rendered, payload) in enumerate(bodies, start=1):
            body = _with_page_label(rendered, count, len(bodies))
            async with slack_errors("chat.postMessage"):
                response = await client.chat_postMessage(
                    channel=target.channel_id,
                    text=body["text"],
                    blocks=body["blocks"],
                    metadata={"event_type": EVENT_TYPE, "event_payload": payload},
                    unfurl_links=False,
                    unfurl_media=False,
                )
            ids.append(str(response["ts"]))
        log.info(
            "posted %d message(s) to slack channel %s (key %s)", len(ids), target.channel_id, key
        )
        return ids

    async def find_published(self, target: Target, key: str) -> list[str] | None:
        """Return the timestamps of messages posted with ``key`` (by page), or None."""
        client = await self._client_for(target.workspace_id)
        found: dict[tuple[int, int], str] = {}
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            async with slack_errors("conversations.history"):
                response = await client.conversations_history(
                    channel=target.channel_id,
                    include_all_metadata=True,
                    limit=HISTORY_LIMIT,
                    cursor=cursor,
                )
            for message in response.get("messages") or []:
                page = _digest_page(message, key)
                if page is not None:
                    found.setdefault(page, str(message["ts"]))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return [found[page] for page in sorted(found)] or None


def _digest_page(message: dict[str, Any], key: str) -> tuple[int, int] | None:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    if metadata.get("event_type") != EVENT_TYPE or payload.get("key") != key:
        return None
    page, part = payload.get("page"), payload.get("part", 1)
    return (page if isinstance(page, int) else 0, part if isinstance(part, int) else 0)


def _with_page_label(body: dict[str, Any], number: int, total: int) -> dict[str, Any]:
    if total <= 1:
        return body
    label = {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": f"Part {number} of {total}"}],
    }
    blocks = body["blocks"] if len(body["blocks"]) < 50 else body["blocks"][:49]
    return {**body, "blocks": [*blocks, label]}
